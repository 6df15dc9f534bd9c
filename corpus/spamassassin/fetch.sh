#!/usr/bin/env bash
# Downloads the SpamAssassin public corpus (real mail, 2002–2005, published by the Apache
# SpamAssassin project for testing spam filters) and unpacks it as one folder per set.
#
# Usage: corpus/spamassassin/fetch.sh [DIR]      (default DIR: corpus/spamassassin/mail, ignored by git)
#
# Every message file is named NNNNN.<MD5 of its bytes>; build.sh checks each one.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here/mail}
base=https://spamassassin.apache.org/old/publiccorpus
# archive → folder it unpacks to
sets="20030228_easy_ham.tar.bz2:easy_ham 20030228_easy_ham_2.tar.bz2:easy_ham_2
20030228_hard_ham.tar.bz2:hard_ham 20030228_spam.tar.bz2:spam 20050311_spam_2.tar.bz2:spam_2"
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for entry in $sets; do
  archive=${entry%%:*}
  folder=${entry##*:}
  echo "downloading $base/$archive" >&2
  curl -fsSL -o "$tmp/$archive" "$base/$archive" || { echo "fetch: download failed: $base/$archive" >&2; exit 1; }
  tar -xjf "$tmp/$archive" -C "$tmp" || { echo "fetch: $archive is not a bzip2 tar archive" >&2; exit 1; }
  [ -d "$tmp/$folder" ] || { echo "fetch: $archive has no folder $folder" >&2; exit 1; }
  rm -rf "${dir:?}/$folder"
  mv "$tmp/$folder" "$dir/$folder"
  echo "$dir/$folder: $(find "$dir/$folder" -name '[0-9]*.*' | wc -l) messages" >&2
done

#!/usr/bin/env bash
# Download the UCI SMS Spam Collection and check it. Usage: corpus/fetch-uci.sh [DIR]
set -euo pipefail
dir=${1:-"$(dirname "$0")/uci"}
url=https://archive.ics.uci.edu/static/public/228/sms+spam+collection.zip
expected_md5=1949b64a224790d01335c2bf8a0e48b2
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "downloading $url" >&2
curl -fsSL -o "$tmp/sms.zip" "$url" || { echo "download failed: $url" >&2; exit 1; }
(cd "$tmp" && unzip -q sms.zip SMSSpamCollection) || { echo "the archive has no SMSSpamCollection" >&2; exit 1; }
actual=$(md5sum "$tmp/SMSSpamCollection" | cut -d' ' -f1)
if [ "$actual" != "$expected_md5" ]; then
  echo "MD5 mismatch: got $actual, expected $expected_md5" >&2
  exit 1
fi
mv "$tmp/SMSSpamCollection" "$dir/SMSSpamCollection"
echo "$dir/SMSSpamCollection: $(wc -l < "$dir/SMSSpamCollection") messages" >&2

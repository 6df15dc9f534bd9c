#!/usr/bin/env bash
# Downloads phishing_pot (real phishing mail caught by honeypots, 2022–2026; README.md here) for
# scripts/phishing-accuracy.sh and scripts/pass-through-check.py. Nothing of it is committed.
#
# Usage: corpus/phishing-pot/fetch.sh [DIR]      (default DIR: corpus/phishing-pot/mail, ignored by git)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here/mail}
url=https://github.com/rf-peixoto/phishing_pot
if [ -d "$dir/.git" ]; then
  git -C "$dir" pull --ff-only --quiet || { echo "fetch: could not update $dir from $url" >&2; exit 1; }
else
  git clone --depth 1 --quiet "$url" "$dir" || { echo "fetch: could not clone $url" >&2; exit 1; }
fi
echo "$dir/email: $(find "$dir/email" -type f | wc -l) files, commit $(git -C "$dir" rev-parse --short HEAD)" >&2

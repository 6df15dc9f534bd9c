#!/bin/sh
# Usage: assemble-man.sh GENERATED.1 SECTIONS.mdoc > smsfilter.1
# Keeps the generated page (NAME, SYNOPSIS, DESCRIPTION: every command and option, straight from
# the ArgumentParser definitions) up to its generic EXIT STATUS section, then appends the
# hand-written sections (configuration, logging, environment, files, exit status, examples).
set -eu
generated=$1
sections=$2
test -s "$generated" || { echo "assemble-man.sh: $generated is missing or empty" >&2; exit 1; }
awk '/^\.Sh "?EXIT STATUS"?$/ { exit } { print }' "$generated"
cat "$sections"

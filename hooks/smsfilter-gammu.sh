#!/bin/sh
# smsfilter for gammu-smsd: classify each received SMS.
#
# In /etc/gammu-smsdrc:
#
#   [smsd]
#   RunOnReceive = /usr/local/share/smsfilter/hooks/smsfilter-gammu.sh
#
# gammu-smsd starts this script with stdin, stdout and stderr closed and the SMS in environment
# variables (SMS_MESSAGES, SMS_1_NUMBER, SMS_1_TEXT, ..., DECODED_PARTS, DECODED_1_TEXT; see
# gammu-smsd-run(7)); the message identifiers (file names for the files backend) are the
# arguments. smsfilter reads the environment, appends `number<TAB>verdict<TAB>score` to the log
# and exits 0 spam, 1 ham, 2 unsure, 3 error.
#
# Settings (environment, or edit here):
#   SMSFILTER            the command (default: smsfilter)
#   SMSFILTER_LOG        verdict log (default: /var/log/smsfilter/sms.log; its directory is
#                        created when missing; if it cannot be written, the log goes to
#                        $TMPDIR/smsfilter-gammu-UID.log instead, noted in syslog)
#   SMSFILTER_INBOX      the files backend's inbox path (InboxPath in gammu-smsdrc)
#   SMSFILTER_SPAM_DIR   if set with SMSFILTER_INBOX, spam files are moved there

SMSFILTER=${SMSFILTER:-smsfilter}
SMSFILTER_LOG=${SMSFILTER_LOG:-/var/log/smsfilter/sms.log}

# The log's directory may not exist (a fresh install, a tmpfs /var/log): create it. If it
# cannot be created or written, fall back to a file in $TMPDIR (and say so in syslog when
# `logger` exists) rather than stop: a failed redirection of `exec` ends a POSIX shell, and
# gammu-smsd, which closed stderr and ignores the status, would leave the SMS unclassified
# without a trace.
log_dir=$(dirname -- "$SMSFILTER_LOG")
mkdir -p -- "$log_dir" 2>/dev/null
# (Tested in a subshell: a failed redirection of `:`, a special built-in, ends the shell too.)
if ! ( : >>"$SMSFILTER_LOG" && : >>"$SMSFILTER_LOG.errors" ) 2>/dev/null; then
    fallback=${TMPDIR:-/tmp}/smsfilter-gammu-$(id -u).log
    command -v logger >/dev/null 2>&1 \
        && logger -t smsfilter-gammu "cannot write $SMSFILTER_LOG; logging to $fallback"
    SMSFILTER_LOG=$fallback
fi

# Keep stderr somewhere useful: gammu-smsd closed it. (Tried in a subshell first: should even
# the fallback fail, the script carries on with stderr on /dev/null.)
if ( exec 2>>"$SMSFILTER_LOG.errors" ) 2>/dev/null; then
    exec 2>>"$SMSFILTER_LOG.errors"
else
    exec 2>/dev/null
fi

$SMSFILTER --input gammu-env --output "$SMSFILTER_LOG"
status=$?

case $status in
0)  # Spam: move the stored messages out of the inbox, if configured.
    if [ -n "$SMSFILTER_INBOX" ] && [ -n "$SMSFILTER_SPAM_DIR" ]; then
        for id in "$@"; do
            case $id in */*) continue ;; esac   # identifiers are plain file names
            [ -f "$SMSFILTER_INBOX/$id" ] && mv -- "$SMSFILTER_INBOX/$id" "$SMSFILTER_SPAM_DIR/"
        done
    fi
    ;;
1|2) ;;  # Ham or unsure: leave the message where gammu put it.
*)  echo "smsfilter failed with status $status for $*" >&2 ;;
esac

# gammu-smsd ignores the exit status; 0 keeps its log quiet.
exit 0

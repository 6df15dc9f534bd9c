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
#   SMSFILTER_LOG        verdict log (default: /var/log/smsfilter/sms.log)
#   SMSFILTER_INBOX      the files backend's inbox path (InboxPath in gammu-smsdrc)
#   SMSFILTER_SPAM_DIR   if set with SMSFILTER_INBOX, spam files are moved there

SMSFILTER=${SMSFILTER:-smsfilter}
SMSFILTER_LOG=${SMSFILTER_LOG:-/var/log/smsfilter/sms.log}

# Keep stderr somewhere useful: gammu-smsd closed it.
exec 2>>"$SMSFILTER_LOG.errors"

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

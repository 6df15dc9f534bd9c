# smsfilter for Dovecot (Pigeonhole Sieve with the extprograms plugin).
#
# Dovecot configuration (conf.d/90-sieve.conf and 90-sieve-extprograms.conf):
#
#   plugin {
#     sieve_plugins = sieve_extprograms
#     sieve_global_extensions = +vnd.dovecot.filter
#     sieve_filter_bin_dir = /usr/local/lib/dovecot/sieve-filter
#   }
#
# and make the program available there (Sieve may only run programs from that directory):
#
#   ln -s /usr/local/bin/smsfilter /usr/local/lib/dovecot/sieve-filter/smsfilter
#
# The filter command replaces the message by smsfilter's output: the original bytes with an
# X-SMSFilter header (and X-Spam-Flag: YES for spam) added. If the program fails, the filter
# action fails and the message is delivered unfiltered; -e keeps every verdict a success.

require ["vnd.dovecot.filter", "fileinto", "mailbox"];

filter "smsfilter" ["-p", "-e"];

if header :is "X-Spam-Flag" "YES" {
    fileinto :create "Spam";
    stop;
}

# Uncomment to review unsure messages in their own folder:
# if header :matches "X-SMSFilter" "Unsure,*" {
#     fileinto :create "Unsure";
#     stop;
# }

# smsfilter: teach the filter from Dovecot Sieve by bouncing a message to user+spam@ or
# user+ham@ (Pigeonhole with the extprograms plugin: vnd.dovecot.pipe).
#
# The test is on the envelope recipient's detail (the +spam / +ham after the delimiter), which
# the MTA hands to Dovecot (LMTP RCPT TO, or dovecot-lda -a): never on a header, since
# Delivered-To, X-Original-To and Resent-To are text a sender can write. Anyone who can send
# mail to user+ham@ can still teach: restrict those addresses at the MTA (hooks/README.md,
# "Who can teach"). Dovecot needs `recipient_delimiter = +` and:
#
#   plugin {
#     sieve_plugins = sieve_extprograms
#     sieve_global_extensions = +vnd.dovecot.pipe +vnd.dovecot.filter
#     sieve_pipe_bin_dir = /usr/local/lib/dovecot/sieve-pipe
#   }
#
# with smsfilter linked into sieve_pipe_bin_dir. Run this script before smsfilter.sieve (e.g. as
# a sieve_before script, or paste it at the top of your own).

require ["envelope", "subaddress", "vnd.dovecot.pipe", "copy", "fileinto", "mailbox"];

if envelope :detail "to" "spam" {
    # :copy: a failing learn never costs the message; it is filed either way.
    pipe :copy "smsfilter" ["learn", "--spam", "--quiet"];
    fileinto :create "Spam";
    stop;
}

if envelope :detail "to" "ham" {
    pipe :copy "smsfilter" ["learn", "--ham", "--quiet"];
    keep;
    stop;
}

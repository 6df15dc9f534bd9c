// SpamMail: see the folder's files.

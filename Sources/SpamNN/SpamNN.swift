// SpamNN: see the folder's files.

// SpamText: see the folder's files.

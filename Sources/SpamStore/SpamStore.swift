// SpamStore: see the folder's files.

// SpamModel: see the folder's files.

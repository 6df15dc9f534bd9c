// SpamForecast: see the folder's files.

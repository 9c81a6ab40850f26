"""The lowest layer: settings, typed domain errors and their HTTP status, Spanish validation messages, date filters."""

"""Japanese local-government facts: codes, businesses, calendar, yen."""

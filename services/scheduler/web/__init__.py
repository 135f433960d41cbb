"""The ops console (HTML) and the JSON API of the scheduler."""

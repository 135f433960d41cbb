"""The notifier service: sends the emails (new-referral alerts), idempotently."""
# Imports nothing: importing a module of this package must not load the web app.

"""The notifier service: sends the emails (alerts, resume links, confirmations), once each."""
# Imports nothing: importing a module of this package must not load the web app.

"""intake: the public referral forms. The app is built by ``services.intake.app.create_app``."""
# Imports nothing: importing a module of this package must not load the web app.

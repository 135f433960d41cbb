"""The documents service: fills Word templates, converts them to PDF through the unoserver
pool, stores both in S3. The app is built by ``services.documents.app.create_app``."""
# Imports nothing: importing a module of this package must not load the web app.

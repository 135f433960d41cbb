"""The builders of the built-in Word templates, one module per document, sharing the
page, styles and branding of ``common`` and ``branding``.

Run ``.venv/bin/python -m services.documents.templates.build`` after changing any of them
and commit the scripts and the templates together. The templates are generated rather
than edited in Word so that every Jinja tag sits inside one Word run (Word splits text into
runs unpredictably, and a tag split across runs is not seen by docxtpl) and their layout is
reviewable in a diff. Each template's fields are declared beside its context function
(``FIELDS``), and ``tests/unit/documents/test_catalogue.py`` holds the two together.
"""

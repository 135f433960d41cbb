"""Form definitions: one declaration per form drives pages, checks, storage, documents, API.

Plain Python (no Flask, SQLAlchemy or Redis). Import what you need from the submodules;
this package ``__init__`` imports nothing, so importing one module loads no framework.
"""

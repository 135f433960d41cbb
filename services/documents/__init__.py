"""The documents service: fills Word templates, converts them to PDF through the unoserver
pool, keeps both in S3 with SHA-256 checksums, and hands them to other services."""

from services.documents.app import create_app

__all__ = ["create_app"]

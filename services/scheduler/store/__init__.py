"""SQLAlchemy access to the scheduler's own tables (``services/scheduler/tables.py``)."""

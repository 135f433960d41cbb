"""The scheduler's rules: routes, case states, working-day clocks, staff roles.

Plain Python only: no Flask, SQLAlchemy or Redis import may appear in this package.
"""

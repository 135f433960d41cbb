"""The scheduler: case state, working-day clocks, the ops console and the ``cspr`` CLI."""
# Imports nothing: importing a module of this package must not load the web app.

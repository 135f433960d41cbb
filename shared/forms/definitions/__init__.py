"""The forms cspr serves, each declared once (seed 003's appendices)."""

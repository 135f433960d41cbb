"""Reading CLOCKS_FILE at start-up: the partnership's clock rules and closure days.

The file's format is ``domain/clocks_file.py``'s; this module only finds the file, reads
it and turns any problem into a ``ConfigError`` naming the file and every bad line, so the
scheduler does not start on rules it cannot read.
"""

from __future__ import annotations

from pathlib import Path

from services.scheduler.domain.clocks import ClockRules
from services.scheduler.domain.clocks_file import ClocksFileError, LocalClocks, parse_clocks_file
from shared.config import Config, ConfigError


def load_local_clocks(config: Config) -> LocalClocks:
    """The rules and closure days CLOCKS_FILE sets; the built-in rules when it is empty."""
    name = config["CLOCKS_FILE"].strip()
    if not name:
        return LocalClocks(ClockRules(), frozenset())
    path = Path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"CLOCKS_FILE {path} cannot be read: {error}") from None
    try:
        return parse_clocks_file(text, source=f"CLOCKS_FILE {path}")
    except ClocksFileError as error:
        raise ConfigError(str(error)) from None

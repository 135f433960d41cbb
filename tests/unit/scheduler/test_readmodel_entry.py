"""``services.scheduler.readmodel`` stays the one thing other services read the scheduler
through, although its readers live in private modules (``services.scheduler._readmodel``)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

from services.scheduler import _readmodel, readmodel

ROOT = Path(__file__).resolve().parents[3]
OTHERS = ("services/intake", "services/documents", "services/notifier", "shared")
PRIVATE = [m.name for m in pkgutil.iter_modules(_readmodel.__path__)]


def _imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("folder", OTHERS)
def test_other_services_never_import_the_private_readers(folder: str) -> None:
    wrong = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / folder).rglob("*.py")
        for name in _imported(path)
        if name.startswith("services.scheduler._readmodel")
    }
    assert not wrong


def _declared(path: Path) -> set[str]:
    """The public names a module declares itself (not those it imports)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize("module", PRIVATE)
def test_every_public_reader_is_importable_from_the_readmodel(module: str) -> None:
    found = importlib.import_module(f"services.scheduler._readmodel.{module}")
    public = _declared(Path(str(found.__file__)))
    assert public, f"{module} declares no reader"
    assert public <= set(readmodel.__all__)
    assert all(getattr(readmodel, name) is getattr(found, name) for name in public)

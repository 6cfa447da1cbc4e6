"""The architecture as a test: imports only point the allowed way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storyline"

# module folder -> package parts it must never import
FORBIDDEN = {
    "pipeline": {"store", "cli", "service", "ingest", "api"},
    "nlp": {"store", "cli", "service", "ingest", "pipeline", "api"},
    "ingest": {"store", "cli", "service", "pipeline", "nlp", "api"},
    "store": {"cli", "service", "pipeline", "nlp", "ingest", "api"},
    "api": {"cli"},  # a front end beside the CLI: both sit on service, neither on the other
    "web": {"cli", "api"},  # pages the API mounts; they use service, never the API routes
    "live": {"cli", "api", "web"},  # the poller: the API and the CLI both drive it
}
CORE = ("models.py", "errors.py", "ids.py")


def imported_parts(path: Path) -> set[str]:
    """First package part of every storyline import in a module (relative or absolute)."""
    parts: set[str] = set()
    depth_of_package = len(path.relative_to(PACKAGE).parts) - 1
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: climb to the package root, then read the path
                climb = node.level - 1
                if climb < depth_of_package:
                    parts.add(path.relative_to(PACKAGE).parts[0])
                elif node.module:
                    parts.add(node.module.split(".")[0])
                else:  # "from .. import a, b" names modules of the package itself
                    parts.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith("storyline."):
                parts.add(node.module.split(".")[1])
    return parts


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_layer_does_not_import_upward(folder: str) -> None:
    for module in (PACKAGE / folder).rglob("*.py"):
        bad = imported_parts(module) & FORBIDDEN[folder]
        assert not bad, f"{module.relative_to(PACKAGE)} imports {sorted(bad)}"


@pytest.mark.parametrize("name", CORE)
def test_core_modules_import_nothing_from_the_package_but_errors(name: str) -> None:
    assert imported_parts(PACKAGE / name) <= {"errors"}


def test_only_the_cli_prints() -> None:
    for module in PACKAGE.rglob("*.py"):
        if module.parent.name == "cli":
            continue
        calls = [
            n
            for n in ast.walk(ast.parse(module.read_text()))
            if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "print"
        ]
        assert not calls, f"{module.relative_to(PACKAGE)} prints"

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


# -- import cycles -------------------------------------------------------------
def module_name(path: Path) -> str:
    parts = ("storyline", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def top_level_imports(path: Path, modules: set[str]) -> set[str]:
    """Package modules a module imports at its top level, or for type checkers (not inside
    a function): the imports that tie two modules into a cycle."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    body = ast.parse(path.read_text()).body
    # Imports for type checkers only count too: they tie the modules just as tightly.
    checked = [n for n in body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)]
    for node in body + [inner for block in checked for inner in block.body]:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            subs = {f"{base}.{a.name}" for a in node.names} & modules
            found.update(subs or ({base} & modules))
    return found - {name}


def test_no_module_imports_one_that_imports_it_back() -> None:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {m: top_level_imports(p, set(paths)) for m, p in paths.items()}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            current = todo.pop()
            if current == goal:
                return True
            if current not in seen:
                seen.add(current)
                todo.extend(graph[current])
        return False

    cycles = sorted(f"{a} -> {b}" for a in graph for b in graph[a] if reaches(b, a))
    assert cycles == []


# -- the benchmarks sit beside the product -------------------------------------
def test_the_product_never_imports_the_benchmarks() -> None:
    for module in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            assert not any(n.split(".")[0] == "storyline_bench" for n in names), (
                f"{module.relative_to(PACKAGE)} imports the benchmarks"
            )


def test_the_product_carries_no_path_into_the_shared_data() -> None:
    for module in PACKAGE.rglob("*.py"):
        assert "../shared" not in module.read_text(), f"{module.relative_to(PACKAGE)}"

"""Who may import whom among the project's top-level folders, outside the site's own apps.

- bench/ uses the shared harness in devtools/, never the test suite: a benchmark must run from a
  checkout without tests/ on its path, and a change to a test helper must not break a benchmark.
- devtools/ stands on its own (no tests/, no bench/), so both can use it.
- The site (every other package, manage.py) never imports devtools/, tests/ or bench/: none of them
  is part of what runs in production.
"""

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
NOT_THE_SITE = {"tests", "bench", "devtools"}
SKIPPED_FOLDERS = {"node_modules", "migrations"}


def python_files(folder: Path) -> list[Path]:
    return [
        path
        for path in sorted(folder.rglob("*.py"))
        if not SKIPPED_FOLDERS & set(path.relative_to(PROJECT).parts)
        and not any(part.startswith(".") for part in path.relative_to(PROJECT).parts)
    ]


def site_files() -> list[Path]:
    folders = [
        path
        for path in sorted(PROJECT.iterdir())
        if path.is_dir() and not path.name.startswith(".") and path.name not in NOT_THE_SITE | SKIPPED_FOLDERS
    ]
    return [PROJECT / "manage.py", *(path for folder in folders for path in python_files(folder))]


def imported_modules(source: str) -> set[str]:
    """Every module `source` imports: import statements, and import_module("...") / __import__("...")."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in {"import_module", "__import__"} and isinstance(node.args[0].value, str):
                modules.add(node.args[0].value)
    return modules


def forbidden_imports(files: list[Path], forbidden: set[str]) -> list[str]:
    found = []
    for path in files:
        for module in sorted(imported_modules(path.read_text(encoding="utf-8"))):
            if module.split(".")[0] in forbidden:
                found.append(f"{path.relative_to(PROJECT)} imports {module}")
    return found


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from tests.browser.pages import PAGE_TYPES", "tests.browser.pages"),
        ("import tests.conftest as c", "tests.conftest"),
        ("def f():\n    import tests\n", "tests"),
        ("importlib.import_module('tests.browser')", "tests.browser"),
    ],
)
def test_every_way_of_importing_is_seen(source, module):
    assert module in imported_modules(source)


def test_bench_never_imports_the_test_suite():
    assert python_files(PROJECT / "bench"), "bench/ has no Python files: did it move?"
    assert forbidden_imports(python_files(PROJECT / "bench"), {"tests"}) == []


def test_the_harness_stands_on_its_own():
    assert forbidden_imports(python_files(PROJECT / "devtools"), {"tests", "bench"}) == []


def test_the_site_never_imports_tests_bench_or_the_harness():
    files = site_files()
    assert any(path.parts[-2:] == ("reader", "views.py") for path in files)
    assert forbidden_imports(files, NOT_THE_SITE) == []

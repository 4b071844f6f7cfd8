"""The import graph of the site's own files: no cycle, and every app imports only the apps below it.

    home      the base: page plumbing, visibility, caching, images, locales
    preview   uses home: the stored preview state and tokens of the headless preview
    themes    uses home
    cases     uses home, themes and preview (its pages offer the headless preview mode)
    reader    uses home, themes and cases (never api)
    sync      uses home, themes and cases: the change log (cases announces its refreshes by a signal)
    api       uses home, themes, cases, sync and preview (never reader)
    webhooks  uses home, themes and cases; listens to their signals (never reader or api)
    cdn       uses home, themes and cases: purges the CDN on publish (URLs of reader and API by name)
    vitrine_cms  settings and URLs: wires them all together

Imports inside functions count: hiding an import there hides a cycle, it does not remove it. A
lower app that needs something from a higher one gets it registered at start-up instead (the
reader registers each page type's context in ReaderConfig.ready(), see home/page_context.py).
"""

import ast
from pathlib import Path

from tests.test_layout import PROJECT, site_files

ALLOWED = {
    "home": set(),
    "preview": {"home"},
    "themes": {"home"},
    "cases": {"home", "themes", "preview"},
    "reader": {"home", "themes", "cases"},
    "sync": {"home", "themes", "cases"},
    "api": {"home", "themes", "cases", "sync", "preview"},
    "webhooks": {"home", "themes", "cases"},
    "cdn": {"home", "themes", "cases"},
    "intake": {"home", "themes", "cases"},
    "followups": {"home", "themes", "cases", "intake"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (`from x import y` points at x.y when y is a module)."""
    files = {module_name(path): path for path in site_files()}
    graph = {}
    for name, path in files.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
                for alias in node.names:
                    targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base)
        graph[name] = {target for target in targets if target in files and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each a cycle or several."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_is_read_from_every_site_file():
    graph = import_graph()
    assert {"cases.selectors", "reader.pages", "api.views", "home.visibility"} <= set(graph)
    assert "cases.selectors" in graph["reader.pages"]
    assert "home.visibility" in graph["cases.models.pages"]  # through `from home.visibility import …`


def test_a_cycle_is_found_even_through_an_import_inside_a_function():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_site_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_every_app_imports_only_the_apps_below_it():
    wrong = [
        f"{module} imports {target}"
        for module, targets in sorted(import_graph().items())
        for target in sorted(targets)
        if module.split(".")[0] in ALLOWED
        and target.split(".")[0] != module.split(".")[0]
        and target.split(".")[0] not in ALLOWED[module.split(".")[0]]
    ]
    assert wrong == []

"""The code keeps its shape: imports run one way, no circles, no oversized modules.

The layer contracts live in ``pyproject.toml`` (``[tool.importlinter]``); these tests run them
and add what import-linter does not check: a circle between any two modules, with imports
inside functions counted (grimp reads every import statement of a module).
"""

from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "project",
    "tasks_app",
    "workflows",
    "notifications_app",
    "audit",
    "reports",
    "office",
    "api",
    "home",
)
MAX_MODULE_LINES = 500


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, include_external_packages=False)


def _strongly_connected(adjacency: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that import each other (size > 1)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for other in adjacency[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in adjacency:
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_itself_back_through_others(graph):
    modules = {m for m in graph.modules if ".migrations" not in m}
    adjacency = {
        m: {other for other in graph.find_modules_directly_imported_by(m) if other in modules}
        for m in modules
    }
    assert _strongly_connected(adjacency) == []


def test_a_circle_would_be_found():
    """The check above is not vacuous: a two-module circle is reported."""
    assert _strongly_connected({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_the_layer_contracts_hold(capsys):
    exit_code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert exit_code == 0, capsys.readouterr().out


def test_audit_is_a_leaf(graph):
    """The append-only log is written by every app and imports none of them."""
    for module in (m for m in graph.modules if m.startswith("audit")):
        imported = graph.find_modules_directly_imported_by(module)
        assert not {
            m for m in imported if m.split(".")[0] in {"tasks_app", "workflows", "reports"}
        }, module


def test_no_module_is_over_500_lines():
    too_long = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_MODULE_LINES:
                too_long.append(f"{path.relative_to(ROOT)}: {lines}")
    for path in (ROOT / "tests").rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {lines}")
    assert too_long == []

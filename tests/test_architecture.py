"""The shape of the house, checked: no import cycles, only entry points import the
orchestrator, rooms hold what their names say, modules small enough to read in a sitting,
one atomic writer and one retry policy."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "renderer"
ENTRY_POINTS = {"renderer.cli", "renderer.batch", "renderer.__main__"}
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports(path: Path, known: set[str]) -> set[str]:
    """Every renderer module `path` imports, at the top or inside a function (imports
    under `if TYPE_CHECKING:` never run and are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if _type_checking_only(node, parents):
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in known:  # `from renderer.encode import aac`: the module aac
                    found.add(full)
                elif node.module in known:
                    found.add(node.module)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, set(known)) - {name} for name, path in known.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_graph_is_read_correctly() -> None:
    edges = graph()
    assert "renderer.plan" in edges["renderer.pipeline"]
    assert "renderer.encode.aac" in edges["renderer.pipeline"]  # `from renderer.encode import aac`
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles() -> None:
    assert find_cycle(graph()) is None


def test_only_entry_points_import_the_orchestrator() -> None:
    importers = {name for name, targets in graph().items() if "renderer.pipeline" in targets}
    assert importers <= ENTRY_POINTS, importers - ENTRY_POINTS


def test_rooms_hold_what_their_names_say() -> None:
    names = set(modules())
    for room, members in {
        "renderer.encode": ["planning", "gop", "video", "aac", "mux", "burn", "packets"],
        "renderer.outputs": ["captions", "chapters", "metadata", "thumbnail", "contact"],
        "renderer.article": ["model", "yaml_reader", "markdown_reader", "md_blocks",
                             "md_sections", "md_quiz", "md_inline", "mermaid", "yaml_writer",
                             "explain", "rules"],
    }.items():
        assert {f"{room}.{m}" for m in members} <= names, room
    # nothing outside encode/ talks to the H.264 or AAC encoders
    for name, path in modules().items():
        if not name.startswith("renderer.encode"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"CodecContext\.create\(\"(libx264|aac)\"", text), name


def test_modules_are_small_enough_to_read_in_one_sitting() -> None:
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_one_atomic_writer_and_one_retry_policy() -> None:
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if name != "renderer.atomic":
            assert "os.replace(" not in text and ".replace(path)" not in text, name
            assert "NamedTemporaryFile" not in text, name
        if name != "renderer.retry":
            assert "time.sleep(" not in text and "tenacity" not in text, name


def test_no_settings_through_the_environment_or_process_wide_switches() -> None:
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        assert "os.environ[" not in text, name  # reading a documented variable is fine
        assert "logging.disable(" not in text, name
        assert not re.search(r"^\s*global\s", text, re.M), name

"""The shape of the house, checked: rooms import only rooms below them (the order is
written once, in LAYERS), no import cycles, only entry points import the orchestrator,
nothing below the plan resolves a setting, rooms hold what their names say, modules small
enough to read in a sitting, one atomic writer and one retry policy, the environment read
in one place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "renderer"
ENTRY_POINTS = {
    "renderer.launch",
    "renderer.cli",
    "renderer.batch",
    "renderer.__main__",
    "renderer.commands",
}
MAX_LINES = 400

LAYERS: tuple[tuple[str, ...], ...] = (
    ("launch", "cli", "__main__", "commands"),  # the command line
    ("batch", "upload", "site", "studio"),  # what commands run besides a render
    ("pipeline",),  # the orchestrator
    ("batch_plan", "catalogue"),  # a batch's jobs, each with its options
    ("plan",),  # every decision, made once
    ("fingerprint", "validate", "check", "sync"),  # what the plan and the checks compute
    ("web",),  # the outputs, from the stages' results
    ("encode",),
    ("outputs",),
    ("clip_sound",),  # the stages, later ones first
    ("audio", "music", "loudness"),
    ("raster",),
    ("timeline",),
    ("narration",),  # voices, engines and the stage that speaks
    ("storyboard", "storyboard_model", "reveals", "media"),
    ("theme", "article"),  # what a render reads
    ("config", "presets"),
    (
        "store",
        "progress",
        "signals",
        "atomic",
        "retry",
        "workers",
        "errors",
        "graphemes",
        "wordsplit",
        "probe",
        "renderer",
    ),  # tools every room may use
)
"""The rooms from the top of the house down: a room imports only rooms in its own layer or
below it, so data flows one way (a new room gets its place here)."""

RESOLVERS = ("get_preset(", "load_theme(", "resolve_voice(", "load_profile(", "make_voice(")
"""Calls that turn a setting's name into what it names: made by the plan (and the commands
that list or check those things), never below it."""
MAY_RESOLVE = (
    "renderer.plan",
    "renderer.commands",
    "renderer.config",
    "renderer.presets",
    "renderer.theme",
    "renderer.narration.voices",
)


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
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def room(module: str) -> str:
    """The room a module belongs to: `renderer.encode.gop` -> encode, `renderer.plan` ->
    plan, `renderer` -> renderer."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_rooms_import_only_rooms_below_them() -> None:
    level = {name: depth for depth, names in enumerate(LAYERS) for name in names}
    edges = graph()
    unplaced = {room(name) for name in edges} - set(level)
    assert not unplaced, f"give these rooms a place in LAYERS: {sorted(unplaced)}"
    upward = sorted(
        f"{name} -> {target}"
        for name, targets in edges.items()
        for target in targets
        if level[room(target)] < level[room(name)]
    )
    assert not upward, upward


def test_nothing_below_the_plan_resolves_a_setting() -> None:
    for name, path in modules().items():
        if name.startswith(MAY_RESOLVE):
            continue
        text = path.read_text(encoding="utf-8")
        called = [
            call
            for call in RESOLVERS
            if re.search(
                rf"(?<![\w.]){re.escape(call)}|"
                rf"\.{re.escape(call)}",
                text,
            )
        ]
        assert not called, (name, called)


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
    outside = {name for name in importers if not name.startswith(tuple(ENTRY_POINTS))}
    assert not outside, outside


def test_rooms_hold_what_their_names_say() -> None:
    names = set(modules())
    for room, members in {
        "renderer.encode": ["planning", "gop", "frames", "video", "aac", "mux", "burn", "packets"],
        "renderer.outputs": ["captions", "chapters", "metadata", "thumbnail", "contact"],
        "renderer.article": [
            "model",
            "yaml_reader",
            "markdown_reader",
            "md_blocks",
            "md_units",
            "md_sections",
            "md_quiz",
            "md_inline",
            "mermaid",
            "yaml_writer",
            "explain",
            "rules",
        ],
        "renderer.narration": ["base", "engines", "voices", "model", "speak", "cache"],
        "renderer.commands": ["base", "options", "render", "batch", "checks", "tools"],
    }.items():
        assert {f"{room}.{m}" for m in members} <= names, room
    # nothing outside encode/ talks to the H.264 or AAC encoders
    for name, path in modules().items():
        if not name.startswith("renderer.encode"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"CodecContext\.create\(\"(libx264|aac)\"", text), name


def test_modules_are_small_enough_to_read_in_one_sitting() -> None:
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
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
        if name != "renderer.config":  # the documented variables and the one test hook
            assert "os.environ" not in text and "getenv(" not in text, name
        assert "logging.disable(" not in text, name
        assert not re.search(r"^\s*global\s", text, re.M), name

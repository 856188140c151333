"""The package's shape: stages as packages whose imports point one way, no cycles, no module
reading content or writing output but the one that owns it, and no module grown too long."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newsdigest"

# Lower layers first: a module may import from its own layer and any layer before it.
LAYERS = [
    {"errors", "text", "config"},
    {"content"},
    {"site"},
    {"render", "images"},
    {"build"},
    {"serve", "importers", "scaffold"},
    {"cli"},
]
RANK = {name: n for n, names in enumerate(LAYERS) for name in names}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("newsdigest",) + parts)] = path
    return found


def imports(path: Path) -> list[tuple[str, int]]:
    """Every newsdigest module a file imports, at any depth in it (functions included)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("newsdigest"):
                found.append((node.module, node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}:{node.lineno}: relative import; write it absolute")
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.startswith("newsdigest")]
    return found


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_module_belongs_to_a_known_stage():
    unknown = sorted({stage(m) for m in modules()} - set(RANK) - {None, "__main__"})
    assert unknown == []


def test_imports_point_from_later_stages_to_earlier_ones_only():
    wrong = []
    for module, path in modules().items():
        mine = stage(module)
        for target, line in imports(path):
            theirs = stage(target)
            if mine in RANK and theirs in RANK and RANK[theirs] > RANK[mine]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {module} imports {target}")
    assert wrong == []


def test_no_import_cycles():
    graph = {m: {t for t, _ in imports(p) if t in modules()} for m, p in modules().items()}
    cycles, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


@pytest.mark.parametrize("call, owner", [("os.replace", "newsdigest/build/output.py"),
                                         ("write_bytes", "newsdigest/build/output.py")])
def test_one_module_writes_the_output_folder(call, owner):
    writers = sorted(str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.rglob("*.py")
                     if call in p.read_text(encoding="utf-8"))
    allowed = {owner, "newsdigest/build/cache.py", "newsdigest/scaffold.py"}
    allowed |= {str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.glob("importers/*.py")}
    allowed |= {str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.glob("images/cache.py")}
    assert [w for w in writers if w not in allowed] == []


def test_no_module_is_much_over_400_lines():
    long = [f"{p.relative_to(PACKAGE.parent)}: {n} lines" for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450]
    assert long == []


def test_no_function_is_much_over_40_lines():
    long = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 50:
                    long.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.name} {length} lines")
    assert long == []

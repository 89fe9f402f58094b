"""Print the import graph of pytest_mlebench: modules, arrows, and the cycles among them.

    python scripts/import_graph.py            # module -> modules it imports (inside the package)
    python scripts/import_graph.py --packages # the same, folded to subpackages (plugin, runs, ...)

Imports inside functions count too: a cycle hidden in a function is still a cycle
for a reader. Maintainers use it to keep the layer rule of docs/architecture.md
(plugin -> runs -> sandbox/agents/data/grading -> records/errors) true.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

PACKAGE = "pytest_mlebench"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that `path` imports (resolving relative imports)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from pkg import mod` names the module; `from mod import name` names mod
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph(fold: bool) -> dict[str, set[str]]:
    paths = sorted(ROOT.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    edges: dict[str, set[str]] = {}
    for path in paths:
        source = module_name(path)
        targets = imports_of(path, modules)
        if fold:
            source, targets = _fold(source), {_fold(t) for t in targets}
            targets.discard(source)
        edges.setdefault(source, set()).update(targets)
    return edges


def _fold(name: str) -> str:
    """pytest_mlebench.sandbox.docker.options -> sandbox; a top-level module keeps its name."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(10000)

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", action="store_true", help="fold modules into their subpackage")
    args = parser.parse_args(argv)
    edges = graph(args.packages)
    strip = (lambda n: n.removeprefix(PACKAGE + ".")) if not args.packages else (lambda n: n)
    for source in sorted(edges):
        targets = ", ".join(sorted(strip(t) for t in edges[source])) or "-"
        print(f"{strip(source)} -> {targets}")
    found = cycles(edges)
    print(f"\n{len(edges)} modules, {sum(len(t) for t in edges.values())} arrows, {len(found)} cycle(s)")
    for component in found:
        print("  cycle: " + " <-> ".join(strip(m) for m in component))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

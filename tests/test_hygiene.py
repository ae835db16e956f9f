"""The test suite's own rules: declared dependencies are never skipped over."""

import ast
import importlib.metadata
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def declared():
    """Every distribution infoview declares, its test extra included, in canonical form."""
    names = set()
    for requirement in importlib.metadata.requires("infoview") or []:
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        names.add(re.sub(r"[-_.]+", "-", name).lower())
    return names


def skipped_imports(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "importorskip" and node.args \
                and isinstance(node.args[0], ast.Constant):
            yield node.lineno, node.args[0].value


def test_no_importorskip_of_a_declared_dependency():
    deps = declared()
    assert {"pytest", "hypothesis", "click"} <= deps  # read from the installed metadata, not guessed
    distributions = importlib.metadata.packages_distributions()
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        for line, module in skipped_imports(path):
            for dist in distributions.get(module.split(".")[0], [module]):
                if re.sub(r"[-_.]+", "-", dist).lower() in deps:
                    found.append(f"{path.name}:{line}: importorskip({module!r}): {dist} is declared; import it")
    assert not found, "\n".join(found)

"""Copies of the shipped rules, for tests that break or change them."""

import shutil
from pathlib import Path

from infoview_rules.goal_model import without_model_table
from infoview_rules.rules import shipped_rules_dir


def copy_rules(tmp_path: Path) -> Path:
    """A copy of the shipped rules folder in `tmp_path`."""
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), rules)
    return rules


def replace(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file with `new`; `old` must be there (a stale edit fails loudly)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """The line of `path` that holds `text` (the edit a test made), counted from 1."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def drop_goal_model(rules: Path) -> None:
    """Take the [model] table out of a copied rules folder's phrases.toml: the phrase rules alone read."""
    path = rules / "phrases.toml"
    text = path.read_text(encoding="utf-8")
    assert "\n[model]\n" in text, "the shipped phrases.toml has a [model] table"
    path.write_text(without_model_table(text), encoding="utf-8")

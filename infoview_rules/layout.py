"""Terminal layout: the width to wrap to, and whether to use colour."""

from __future__ import annotations

import os
import sys
import textwrap

MIN_WIDTH = 30  # below this, text wrapped any narrower stops being readable
MAX_WIDTH = 100  # lines longer than this are hard to read, however wide the terminal


def width(stream=None, default: int = 79) -> int:
    """The width to wrap text to: the terminal's columns (COLUMNS, else the real
    terminal's) less one, so a full line never makes the terminal wrap, kept
    within MIN_WIDTH-MAX_WIDTH. Not on a terminal: `default`."""
    columns = 0
    if os.environ.get("COLUMNS", "").isdigit():
        columns = int(os.environ["COLUMNS"])
    if not columns:
        try:
            columns = os.get_terminal_size((stream or sys.stdout).fileno()).columns
        except (OSError, ValueError, AttributeError):
            return default
    return max(MIN_WIDTH, min(MAX_WIDTH, columns - 1))


def no_color() -> bool:
    """The NO_COLOR convention (no-color.org): set to a non-empty value, it turns colour off."""
    return bool(os.environ.get("NO_COLOR"))


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    return not no_color() and stream.isatty()


# stands for a space that no line may break at, while text is wrapped (a character no text holds)
_JOINED = "\ue000"


def wrap(text: str, columns: int, indent: str = "", subsequent: str | None = None, whole: tuple[str, ...] = ()) -> str:
    """`text` wrapped to `columns`, words whole (a word longer than a line is the only one broken).
    `whole`: parts of `text` never broken at their spaces either, such as a file name quoted in a
    command (a line break inside its quotes would be copied with it)."""
    for part in whole:
        text = text.replace(part, part.replace(" ", _JOINED))
    wrapped = textwrap.fill(text, columns, initial_indent=indent,
                            subsequent_indent=indent if subsequent is None else subsequent,
                            break_on_hyphens=False, break_long_words=False)
    return wrapped.replace(_JOINED, " ") if whole else wrapped

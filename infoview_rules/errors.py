"""Domain errors. The core raises them; only the CLI turns them into `error:` lines."""

from collections.abc import Iterable
from os import PathLike


class InfoviewError(Exception):
    """Base of every error infoview reports to a person instead of a traceback."""


class InputError(InfoviewError):
    """Answers (or a scenario) that break the contract: unknown field, bad value..."""


class RulesError(InfoviewError):
    """A rule file that cannot be loaded: it names the file and the rule."""


class EngineError(InfoviewError):
    """The rule engine misbehaved (an action raised, a rule fired twice...)."""


def where(source: object, message: str) -> str:
    """Prefix a message with the file (or line) it is about, when there is one."""
    return f"{source}: {message}" if source else message


def read_error(
    path: "str | PathLike[str]", error: OSError, kind: type[InfoviewError] = InputError,
    missing: str = "no such file", not_a: str = "a file",
) -> InfoviewError:
    """The domain error for an OSError met while reading `path`: it names the file and the cause."""
    if isinstance(error, FileNotFoundError):
        return kind(f"{path}: {missing}")
    if isinstance(error, IsADirectoryError):
        return kind(f"{path}: is a directory, not {not_a}")
    return kind(f"{path}: cannot read: {error.strerror or error}")


def quoted(value: object, limit: int = 60) -> str:
    """Input echoed in an error: quoted, on one line, and not too long."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return f"'{text}'"


def did_you_mean(word: object, options: Iterable[object]) -> str:
    """'; did you mean 'x'?' for a near miss among `options`, else ''."""
    import difflib  # only when an error is being worded: it slows start-up
    import re

    names = [str(o) for o in options]
    # the same letters in another case first: "HR" is 'hr' (a trial), though too short for difflib's 0.6
    close = [name for name in names if name.lower() == str(word).lower()][:1]
    close = close or difflib.get_close_matches(str(word), names, n=1, cutoff=0.6)
    if not close:
        # a slip in one word of a longer id ('lern' for 'learn_about_company'): match the words
        words: dict[str, str] = {}
        for option in names:
            for part in re.split(r"[_\-\s.]+", option):
                words.setdefault(part, option)
        near = difflib.get_close_matches(str(word), list(words), n=1, cutoff=0.75)
        close = [words[near[0]]] if near else []
    return f"; did you mean '{close[0]}'?" if close else ""

"""The command a person runs infoview by, for the messages that tell them what to run next.

The README's first command installs into `.venv` and runs `.venv/bin/infoview`: such a person has no
`infoview` on PATH, and a message saying "To see this verdict again: infoview advise FILE" gives
them a command that is not found (a new user's trial). So a command is printed as `infoview` only
when that name on PATH is this same program, else by the path it was run by. `cli.main` says how
it was started; where it was not (the Python API, tests that call the command in-process), the
name is `infoview`, as the README writes it.
"""

from __future__ import annotations

import os
import shlex
import sys

NAME = "infoview"
MODULE = "infoview_rules"

# how this process was started, set by cli.main: (argv[0], run as `python -m`, the interpreter as typed)
_started: tuple[str, bool, str] | None = None
_program: str | None = None  # worked out from _started when first needed


def started(module: bool = False) -> None:
    """Called by the command line's entry point: remember how the person ran it."""
    global _started, _program
    orig = getattr(sys, "orig_argv", None) or [sys.executable]
    _started, _program = (sys.argv[0], module, orig[0]), None


def program() -> str:
    """`infoview`, or the command this process was run by where that name on PATH is not this program
    (".venv/bin/infoview", ".venv/bin/python -m infoview_rules"), quoted for a shell."""
    global _program
    if _started is None:
        return NAME
    if _program is None:
        import shutil

        argv0, module, python = _started
        _program = runnable(argv0, module, python, shutil.which(NAME), os.path.dirname(sys.executable))
    return _program


def runnable(argv0: str, module: bool, python: str, on_path: str | None, scripts: str) -> str:
    """How to run this program again, as typed in the same folder. `argv0`: the script run (not `module`)
    or, with `module`, `python -m infoview_rules` by the interpreter `python` as typed; `on_path`: what
    `infoview` finds on PATH; `scripts`: the folder of this environment's scripts."""
    this = os.path.join(scripts, NAME) if module else argv0
    if on_path is not None and _same_file(on_path, this):
        return NAME
    if module:
        return f"{shlex.quote(python)} -m {MODULE}"
    return shlex.quote(argv0)


def tool(name: str) -> str:
    """Another command of this environment (`pip`), as a person can run it: by its name when that
    name on PATH is this environment's, else beside the path infoview was run by (`.venv/bin/pip`),
    else through this interpreter (`... -m pip`). Not started by cli.main: by its name, as program() is."""
    import shutil

    if _started is None:
        return name
    here = os.path.join(os.path.dirname(sys.executable), name)
    found = shutil.which(name)
    if found is not None and _same_file(found, here):
        return name
    if _started is not None and not _started[1] and os.path.dirname(_started[0]):
        beside = os.path.join(os.path.dirname(_started[0]), name)
        if _same_file(beside, here):
            return shlex.quote(beside)
    return f"{shlex.quote(sys.executable)} -m {name}"


def command(*args: str) -> str:
    """A command to run, `args` after the program, each quoted as a shell needs it (a file name may
    hold spaces: "infoview advise 'analyst chat.toml'")."""
    return " ".join([program(), *(shlex.quote(arg) for arg in args)])


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either is not there (a script named without its .exe, say): not the same
        return False

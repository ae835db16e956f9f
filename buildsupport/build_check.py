"""Can durable-rules be compiled here? Used by infoview's build backend (infoview_build.py).

Kept apart from the backend so that it imports nothing from setuptools and the
tests can call it on any Python.
"""

import glob
import os
import shlex
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile

INSTALL_HINTS = """\
  Debian/Ubuntu:  sudo apt-get install build-essential python3-dev
  Fedora:         sudo dnf install gcc python3-devel
  macOS:          xcode-select --install
  (see "What you need" in infoview's README)"""

NEEDS_COMPILER = f"""\
infoview needs a C compiler and the Python headers to install: its engine,
durable-rules, ships only as source and is compiled during the install.
Here there is {{}}.
Install them, then run the same command again:
{INSTALL_HINTS}"""

NEEDS_PYEVAL_FIX = """\
On Python 3.13+ durable-rules 2.0.28 calls PyEval_CallObject, which Python removed,
and this compiler (GCC 14+ or clang) refuses calls to undeclared functions.
Run the same command with the call mapped to its replacement, for example:
  CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install -e .
(see "Python 3.13" in infoview's README)"""


def durable_rules_installed() -> bool:
    """Is durable-rules' C extension already in the environment pip installs into?"""
    places = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    if site.ENABLE_USER_SITE:
        places.add(site.getusersitepackages())
    return any(glob.glob(os.path.join(p, "durable_rules_engine*")) for p in places)


def compiler_command() -> list[str]:
    """The C compiler setuptools will call (CC wins, as in distutils), as argv."""
    return shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")


def problems(version: tuple[int, int] = sys.version_info[:2]) -> list[str]:
    """What stops durable-rules from compiling here, worded for the person installing; [] if nothing."""
    compiler = compiler_command()
    if shutil.which(compiler[0]) is None:
        return [NEEDS_COMPILER.format(f"no C compiler: '{compiler[0]}' is not on PATH")]
    headers = os.path.join(sysconfig.get_paths()["include"], "Python.h")
    if not os.path.exists(headers):
        return [NEEDS_COMPILER.format(f"no Python headers: {headers} is missing")]
    if version >= (3, 13) and "PyEval_CallObject" not in os.environ.get("CPPFLAGS", ""):
        if not accepts_undeclared_calls(compiler):
            return [NEEDS_PYEVAL_FIX]
    return []


def accepts_undeclared_calls(compiler: list[str]) -> bool:
    """Does `compiler -std=c99` (durable-rules' flags) compile a call to an undeclared function?"""
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "probe.c")
        with open(source, "w") as file:
            file.write("int probe(void) { return undeclared_function(); }\n")
        run = subprocess.run(
            [*compiler, "-std=c99", "-c", source, "-o", os.path.join(folder, "probe.o")],
            capture_output=True,
        )
    return run.returncode == 0


def check() -> None:
    if os.name == "nt" or os.environ.get("INFOVIEW_SKIP_BUILD_CHECK") or durable_rules_installed():
        return
    for problem in problems():
        print(problem, file=sys.stderr)
        raise SystemExit(1)

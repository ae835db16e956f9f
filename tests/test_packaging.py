"""What a user of a packaged CLI expects: `python -m`, `--version`, shell completion,
a clear word when the install cannot compile durable-rules, and Python 3.13.

The wheel itself (built, `twine check`ed, installed into a fresh venv and run
from another folder) is checked by .ci/run, where building it belongs.
"""

import ast
import importlib.metadata
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import pytest

import infoview_rules
from conftest import REPO

sys.path.insert(0, str(REPO / "buildsupport"))
import build_check  # noqa: E402

BIN = Path(sys.executable).parent
INFOVIEW = str(BIN / "infoview")
TEXTBOOK = str(REPO / "examples" / "textbook.json")


def run(*args, env=None, **kwargs):
    return subprocess.run(
        args, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300, **kwargs
    )


# --- python -m infoview_rules and --version -------------------------------------------

def test_python_m_gives_the_same_result_as_the_command():
    module = run(sys.executable, "-m", "infoview_rules", "advise", "--json", TEXTBOOK)
    script = run(INFOVIEW, "advise", "--json", TEXTBOOK)
    assert module.returncode == 0, module.stderr
    assert module.stdout == script.stdout
    assert '"classification": "informational"' in module.stdout


def test_python_m_reports_bad_usage_in_its_own_name():
    # as run (the interpreter as typed), where no `infoview` on PATH is this program; else as `infoview`
    elsewhere = os.pathsep.join(f for f in os.environ.get("PATH", "").split(os.pathsep) if f and Path(f) != BIN)
    result = run(sys.executable, "-m", "infoview_rules", "advise", env={"PATH": elsewhere})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: Missing argument 'FILE'. (see '{sys.executable} -m infoview_rules advise --help')"
    ]
    result = run(sys.executable, "-m", "infoview_rules", "advise", env={"PATH": os.pathsep.join([str(BIN), elsewhere])})
    assert result.stderr.splitlines() == ["error: Missing argument 'FILE'. (see 'infoview advise --help')"]


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_comes_from_one_place(flag):
    result = run(INFOVIEW, flag)
    assert result.returncode == 0
    assert result.stdout == f"infoview {infoview_rules.__version__} (Python {platform.python_version()})\n"
    # the installed metadata was read from infoview_rules.__version__ (setup.cfg: attr:)
    assert importlib.metadata.version("infoview") == infoview_rules.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", infoview_rules.__version__)


# --- shell completion ---------------------------------------------------------------

def bash_complete(words):
    """Complete the last of `words` in a real bash that loaded infoview's completion script."""
    script = (
        'eval "$(_INFOVIEW_COMPLETE=bash_source infoview)" && complete -p infoview && '
        f"COMP_WORDS=({words}) && COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)) && _infoview_completion infoview && "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    return run("bash", "--norc", "-c", script, env={"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"})


def test_bash_completes_commands():
    result = bash_complete("infoview adv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "complete -o nosort -F _infoview_completion infoview"
    assert lines[1:] == ["advise"]


def test_bash_completes_option_values():
    result = bash_complete("infoview verify --format ''")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == ["text", "json"]


@pytest.mark.parametrize(
    "shell, marker",
    [("zsh", "#compdef infoview"), ("fish", "complete --no-files --command infoview")],
)
def test_completion_scripts_for_zsh_and_fish(shell, marker):
    result = run(INFOVIEW, env={"_INFOVIEW_COMPLETE": f"{shell}_source"})
    assert result.returncode == 0
    assert marker in result.stdout
    assert "_INFOVIEW_COMPLETE" in result.stdout  # the script calls infoview back to complete


# --- Python 3.13: durable-rules' extension and PyEval_CallObject ----------------------

def engine_extension():
    import durable_rules_engine

    return durable_rules_engine.__file__


def unresolved_symbols(path):
    """Functions the extension needs that this very interpreter does not provide."""
    import ctypes

    listing = run("nm", "-D", "--undefined-only", path)
    assert listing.returncode == 0, listing.stderr
    process = ctypes.CDLL(None)
    needed = [line.split()[-1].split("@")[0] for line in listing.stdout.splitlines() if line.split()[0] == "U"]
    assert "PyArg_ParseTuple" in needed  # a real listing of what the extension calls
    return {name for name in needed if not hasattr(process, name)}


def test_the_engine_misses_nothing_but_the_call_python_313_removed():
    """Lazy binding defers every missing function, so only this one may be missing."""
    missing = unresolved_symbols(engine_extension())
    if sys.version_info >= (3, 13):
        assert missing <= {"PyEval_CallObject"}
    else:
        assert missing == set()


def test_infoview_never_registers_the_callbacks_that_call_it():
    """PyEval_CallObject is called only from callbacks set by set_*_callback; none is set."""
    importers, used = [], set()
    for path in sorted((REPO / "infoview_rules").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if any(n.split(".")[0] in ("durable", "durable_rules_engine") for n in names):
                    importers.append(path.name)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "_dre":
                used.add(node.attr)
    assert set(importers) == {"engine.py"}
    assert {"create_ruleset", "assert_fact", "delete_state"} <= used  # the scan sees the calls
    assert [name for name in used if "callback" in name] == []


def test_dlopen_flags_are_restored_after_the_import():
    import infoview_rules.engine  # noqa: F401

    assert sys.getdlopenflags() == os.RTLD_NOW  # CPython's default, untouched for other modules


needs_lazy_binding = pytest.mark.skipif(
    sys.version_info < (3, 13) or "PyEval_CallObject" not in unresolved_symbols(engine_extension()),
    reason="only where the extension leaves PyEval_CallObject to be bound lazily (CPython 3.13+)",
)


@needs_lazy_binding
def test_eager_binding_fails_with_one_line_that_says_how_to_rebuild():
    result = run(INFOVIEW, "advise", TEXTBOOK, env={"LD_BIND_NOW": "1"})
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: durable-rules' C extension cannot load: it calls PyEval_CallObject")
    assert "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject" in line
    assert f"{sys.executable} -m pip install --force-reinstall --no-deps --no-cache-dir durable-rules==2.0.28" in line


@needs_lazy_binding
def test_eager_binding_leaves_help_working_and_the_api_raising_engine_error():
    help_text = run(INFOVIEW, "--help", env={"LD_BIND_NOW": "1"})
    assert help_text.returncode == 0
    assert "Usage: " in help_text.stdout and "infoview [OPTIONS] COMMAND" in help_text.stdout
    api = run(
        sys.executable, "-c",
        "import json, sys, infoview_rules\n"
        "try:\n"
        f"    infoview_rules.advise(json.load(open({TEXTBOOK!r})))\n"
        "except infoview_rules.EngineError as error:\n"
        "    sys.exit(str(error))\n",
        env={"LD_BIND_NOW": "1"},
    )
    assert api.returncode == 1
    assert api.stderr.startswith("durable-rules' C extension cannot load")


# --- the build backend's check: a missing compiler is named, not buried --------------

def test_a_missing_compiler_is_named_with_the_command_that_installs_one(monkeypatch):
    monkeypatch.setenv("CC", "no-such-cc")
    [problem] = build_check.problems()
    assert "no C compiler: 'no-such-cc' is not on PATH" in problem
    assert "sudo apt-get install build-essential python3-dev" in problem
    assert "sudo dnf install gcc python3-devel" in problem
    assert "xcode-select --install" in problem


def test_missing_python_headers_are_named(monkeypatch, tmp_path):
    real = build_check.sysconfig.get_paths
    monkeypatch.setattr(build_check.sysconfig, "get_paths", lambda: {**real(), "include": str(tmp_path)})
    [problem] = build_check.problems()
    assert f"no Python headers: {tmp_path / 'Python.h'} is missing" in problem


STRICT_CC = "gcc -Werror=implicit-function-declaration"  # what GCC 14 does by default


@pytest.mark.parametrize(
    "cc, cppflags, version, expected",
    [
        ("gcc", "", (3, 13), []),
        (STRICT_CC, "", (3, 12), []),
        (STRICT_CC, "", (3, 13), [build_check.NEEDS_PYEVAL_FIX]),
        (STRICT_CC, "-DPyEval_CallObject=PyObject_CallObject", (3, 13), []),
    ],
    ids=["lenient-3.13", "strict-3.12", "strict-3.13", "strict-3.13-mapped"],
)
def test_a_compiler_that_refuses_undeclared_calls_is_caught_on_313(monkeypatch, cc, cppflags, version, expected):
    monkeypatch.setenv("CC", cc)
    monkeypatch.setenv("CPPFLAGS", cppflags)
    assert build_check.problems(version) == expected


def test_no_check_where_durable_rules_is_already_installed(monkeypatch):
    monkeypatch.setenv("CC", "no-such-cc")
    assert build_check.durable_rules_installed()  # this test environment has it
    build_check.check()  # does not exit


def test_pip_install_without_a_compiler_says_so(tmp_path):
    """The real thing: pip in a fresh venv, through infoview's build backend."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    result = run(  # this pip, run by the fresh venv's Python: nothing is installed there yet
        sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
        "install", "--dry-run", "--no-deps", str(REPO),
        env={"CC": "no-such-cc", "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "infoview needs a C compiler and the Python headers to install" in output
    assert "sudo apt-get install build-essential python3-dev" in output

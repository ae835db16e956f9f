import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

# compiled rules are cached; tests (and the commands they start) use their own cache
import tempfile  # noqa: E402

os.environ["INFOVIEW_CACHE_DIR"] = tempfile.mkdtemp(prefix="infoview-test-cache-")

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

REPO = Path(__file__).resolve().parent.parent


def _signals_at_their_defaults() -> None:
    """A signal ignored by whatever started the tests is ignored in every program they start
    (`cmd &` in a script ignores SIGINT and SIGQUIT, `nohup` SIGHUP): the tests of Ctrl-C and of
    hangups would then wait for an end that never comes (a CI run started in the background).
    Set back to its default here, a signal reaches the commands under test as it would a user's."""
    import signal

    for name in ("SIGINT", "SIGQUIT", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) == signal.SIG_IGN:
            signal.signal(signum, signal.default_int_handler if name == "SIGINT" else signal.SIG_DFL)


_signals_at_their_defaults()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from the current output.")


@pytest.fixture(scope="session")
def advisor():
    from infoview_rules import Advisor

    return Advisor()


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")

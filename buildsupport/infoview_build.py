"""infoview's build backend: setuptools, plus a check that the install can succeed.

infoview itself is pure Python, but its engine, durable-rules, ships only as
source: pip compiles it while installing infoview. Without a C compiler and the
Python headers that compile fails deep in pip's output ("Failed building wheel
for durable-rules"). This backend checks first, when pip asks what building
infoview needs, and stops with a message that names what to install.

It checks only where durable-rules will really be compiled: not when it is
already installed, never for an sdist, never on Windows (there setuptools
itself names the missing "Microsoft Visual C++"). INFOVIEW_SKIP_BUILD_CHECK=1
skips it (for a durable-rules wheel from elsewhere).
"""

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403  (every other hook unchanged)

from build_check import check  # buildsupport/, on the path as the backend-path


def get_requires_for_build_wheel(config_settings=None):
    check()
    return _setuptools.get_requires_for_build_wheel(config_settings)


def get_requires_for_build_editable(config_settings=None):
    check()
    return _setuptools.get_requires_for_build_editable(config_settings)

"""`infoview serve`: the questionnaire in a browser, and an HTTP API.

The web dependencies come with the `web` extra (`pip install -e '.[web]'` in the clone);
nothing here is imported by the other commands, so their start-up is unchanged.
"""

WEB_PACKAGES = ("starlette", "jinja2", "multipart", "uvicorn")
INSTALL_HINT = "infoview serve needs the web extra: in your clone of infoview, {pip} install -e '.[web]'"  # not on PyPI


def install_hint() -> str:
    """INSTALL_HINT with the pip of the Python infoview runs on, as the person can run it (`.venv/bin/pip`
    after the README's first command): another `pip` on PATH would install the extra elsewhere."""
    from ..program import tool

    return INSTALL_HINT.format(pip=tool("pip"))


def missing_packages() -> list[str]:
    """The web packages that cannot be imported here."""
    import importlib.util

    return [name for name in WEB_PACKAGES if importlib.util.find_spec(name) is None]

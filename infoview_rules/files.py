"""Writing a file whole or not at all."""

import os


def write_atomically(path, data):
    """Write `data` (str or bytes) to a temporary file beside `path`, then rename it
    into place: readers see the old file or the new one, never half of it.
    Raises OSError; the temporary file never stays behind."""
    import tempfile  # only when something is written

    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=".infoview-", suffix=".tmp")
    try:
        if isinstance(data, str):
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

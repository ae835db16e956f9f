"""Writing a file whole or not at all, without replacing what should be written through.

A regular file is written to a temporary file beside it and renamed into
place: readers see the old file or the new one, never half of it. But not
everything at a path is a file to replace:
- a character device (`/dev/null`, `/dev/stdout`) or a FIFO is written
  through, never replaced by a regular file;
- a symlink is followed: its target gets the new content, the link stays;
- an overwritten file keeps its permission bits (and, as root, its owner);
  a new file gets the usual 0666 less the umask, as `>` in a shell would;
- without `overwrite`, the file must not exist *when it is written* (a hard
  link from the temporary file, which fails if the name is taken), not only
  when the command started; a dangling symlink counts as existing.
"""

import errno
import os
import stat


def _through(path):
    """Whether `path` (symlinks followed) is something to write through: a device or FIFO."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def would_clobber(path):
    """Whether writing to `path` would replace existing content (needs --force)."""
    return os.path.lexists(path) and not _through(path)


def cannot_write(path: str) -> str:
    """Why a file cannot be written at `path`, in words that name the folder or file at fault
    ("there is no folder /home/anna/Desktop"), or "" when it can, as far as can be told before
    writing. Asked before a questionnaire starts and at every file name typed, so that answers are
    never lost to a file that fails only at the end."""
    if os.path.isdir(path):
        return f"{path} is a folder"
    if _through(path):
        return ""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        return f"{folder} is a file, not a folder" if os.path.exists(folder) else f"there is no folder {folder}"
    import tempfile

    # a file made and removed in the folder: os.access answers for the user's ids only, and is
    # wrong for root, read-only mounts and ACLs, where writing itself is refused
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".infoview-", suffix=".tmp")
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM):
            return f"you may not write in {folder}"
        return f"cannot write in {folder}: {(error.strerror or str(error)).lower()}"
    os.close(fd)
    os.unlink(probe)
    return ""


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path, data, overwrite=True):
    """Write `data` (str or bytes) to `path` whole or not at all (see the module).

    Raises FileExistsError when `overwrite` is false and `path` exists (or
    appears while writing); other OSErrors as they come. The temporary file
    never stays behind.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = os.fspath(path)
    if _through(path):
        with open(path, "wb") as handle:
            handle.write(data)
        return
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), path)
    target = os.path.realpath(path) if os.path.islink(path) else path  # a dangling link's target too
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    mode = stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask()

    import tempfile  # only when something is written

    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(target)), prefix=".infoview-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            if old is not None and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.fchown(handle.fileno(), old.st_uid, old.st_gid)
                except OSError:
                    pass  # not root: the file becomes ours, as any editor's save would
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_no_clobber(tmp, target, data, mode)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _link_no_clobber(tmp, target, data, mode):
    """Put tmp's content at target only if the name is still free."""
    try:
        os.link(tmp, target)  # atomic, and fails with EEXIST if the name was taken meanwhile
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV, errno.EMLINK):
            raise
        # a file system without hard links: exclusive create, then write
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)

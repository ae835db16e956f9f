"""The atomic writer: regular files replaced whole; devices, FIFOs and symlinks written through."""

import os
import stat
import threading

import pytest

from infoview_rules.cli import cli
from infoview_rules.files import cannot_write, write_atomically
from infoview_rules.questionnaire import Session

SESSION = ["company", "2", "", "2", ""]  # a short `infoview ask` session: company, not applied, no expectations, a manager, done


def ask(runner, *args):
    return runner.invoke(cli, ["ask", *args], input="".join(line + "\n" for line in SESSION))


def check_junit(runner, path):
    from infoview_rules.scenarios import shipped_scenarios_dir

    return runner.invoke(cli, ["check", str(shipped_scenarios_dir() / "unclear.toml"), "--junit-xml", str(path)])


class FifoReader(threading.Thread):
    def __init__(self, path):
        super().__init__(daemon=True)  # left blocked on a replaced FIFO: it must not hold up the run
        self.path, self.data = path, None
        self.start()

    def run(self):
        with open(self.path, "rb") as handle:
            self.data = handle.read()


def test_a_fifo_is_written_through(runner, tmp_path):
    fifo = tmp_path / "report.xml"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    result = check_junit(runner, fifo)
    assert result.exit_code == 0, result.output
    reader.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert reader.data is not None and reader.data.startswith(b"<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xml"]  # no temporary file left


def test_a_character_device_is_written_through(runner, tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("creating a device needs root")
    result = check_junit(runner, device)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert os.lstat(device).st_rdev == os.makedev(1, 3)
    result = ask(runner, "--save", str(device))  # no --force: writing to a device clobbers nothing
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_symlink_is_followed_and_stays_a_link(runner, tmp_path):
    target = tmp_path / "real.xml"
    target.write_text("old")
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    assert check_junit(runner, link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("<?xml")


def test_a_dangling_symlink_needs_force(runner, tmp_path):
    link = tmp_path / "saved.toml"
    target = tmp_path / "elsewhere.toml"
    link.symlink_to(target)
    result = ask(runner, "--save", str(link))
    assert result.exit_code == 2
    assert result.stderr == f"error: {link}: already exists (use --force to overwrite it)\n"
    assert link.is_symlink() and not target.exists()
    result = ask(runner, "--save", str(link), "--force")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and "[[scenario]]" in target.read_text()


def test_an_overwritten_file_keeps_its_mode_and_a_new_one_follows_the_umask(runner, tmp_path):
    kept = tmp_path / "kept.xml"
    kept.write_text("old")
    os.chmod(kept, 0o640)
    assert check_junit(runner, kept).exit_code == 0
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o640 and kept.read_text().startswith("<?xml")
    mask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.xml"
        assert check_junit(runner, fresh).exit_code == 0
        assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o644  # not mkstemp's 0600
    finally:
        os.umask(mask)


def test_no_clobber_is_checked_when_writing_not_only_at_the_start(runner, tmp_path, monkeypatch):
    target = tmp_path / "saved.toml"
    original = Session.run

    def someone_else_saves_meanwhile(self):
        target.write_text("written during the session")
        return original(self)

    monkeypatch.setattr(Session, "run", someone_else_saves_meanwhile)
    result = ask(runner, "--save", str(target))
    # said, and another file asked for (answers are never lost to a file that fails at the end); the
    # input ends there, so nothing was saved, and a script is told so
    assert result.exit_code == 1
    assert (f"Not saved to {target}: {target} exists now. Save to which file? (Enter to go on without saving)"
            in " ".join(result.stdout.split()))
    assert result.stderr == "End of input: nothing was saved.\n"
    assert target.read_text() == "written during the session"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["saved.toml"]


def test_cannot_write_says_why_before_anything_is_written(tmp_path, monkeypatch):
    import tempfile

    (tmp_path / "a-file").write_text("")
    (tmp_path / "locked").mkdir()
    make = tempfile.mkstemp

    def refused_in_locked(*args, dir=None, **kw):  # as for a user without write permission (tests may run as root)
        if dir == str(tmp_path / "locked"):
            raise PermissionError(13, "Permission denied", dir)
        return make(*args, dir=dir, **kw)

    monkeypatch.setattr(tempfile, "mkstemp", refused_in_locked)
    assert cannot_write(str(tmp_path)) == f"{tmp_path} is a folder"
    assert cannot_write(str(tmp_path / "nope" / "s.toml")) == f"there is no folder {tmp_path / 'nope'}"
    assert cannot_write(str(tmp_path / "a-file" / "s.toml")) == f"{tmp_path / 'a-file'} is a file, not a folder"
    assert cannot_write(str(tmp_path / "locked" / "s.toml")) == f"you may not write in {tmp_path / 'locked'}"
    assert cannot_write(str(tmp_path / "s.toml")) == ""
    assert cannot_write(str(tmp_path / "a-file")) == ""  # to be replaced: a question of --force, not of writing
    assert cannot_write(os.devnull) == ""  # written through
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "locked"]  # its test file is gone


def test_the_writer_itself(tmp_path):
    path = tmp_path / "f"
    write_atomically(path, "one", overwrite=False)
    with pytest.raises(FileExistsError):
        write_atomically(path, "two", overwrite=False)
    assert path.read_text() == "one"
    write_atomically(path, b"three")
    assert path.read_bytes() == b"three"
    with pytest.raises(IsADirectoryError):
        write_atomically(tmp_path, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]

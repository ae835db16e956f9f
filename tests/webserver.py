"""A real `infoview serve` (uvicorn) in a subprocess, for the tests that need one."""

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

INFOVIEW = str(Path(sys.executable).with_name("infoview"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, process, url, log_path):
        self.process = process
        self.url = url
        self.log_path = log_path

    def log(self) -> str:
        return Path(self.log_path).read_text()


@contextlib.contextmanager
def running_server(*args: str):
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="infoview-serve-", suffix=".log", delete=False)
    process = subprocess.Popen([INFOVIEW, "serve", "--port", str(port), *args],
                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"infoview serve did not start:\n{Path(log.name).read_text()}")
                time.sleep(0.1)
        yield Server(process, url, log.name)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()

"""Test helpers: run `newsdigest serve` as a real process and watch what it serves and sends."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
CLI = "import sys; from newsdigest.cli import main; sys.exit(main(sys.argv[1:]))"


def wait_until(check: Callable[[], object], timeout: float = 10, what: str = "condition"):
    """Poll check() until it is truthy (returns it) or fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def start_cli(args: list[str], tmpdir: Path) -> subprocess.Popen:
    """The CLI from this checkout, in its own process, output captured line by line."""
    env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-c", CLI, *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=as_from_a_terminal)


def as_from_a_terminal() -> None:
    """In the child before it starts: Ctrl-C as a terminal delivers it. A shell starts background
    jobs (such as a CI script run with &) with SIGINT ignored, the child would inherit that, and
    Python then never turns SIGINT into KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Serving:
    """A running `newsdigest serve` process: its output, its port and its event stream."""

    def __init__(self, root: Path, tmpdir: Path, *extra: str):
        self.root = root
        self.tmpdir = tmpdir
        self.proc = start_cli(["serve", "--root", str(root), "--port", "0", *extra], tmpdir)
        self.lines: list[str] = []
        self.events: list[tuple[str, object]] = []
        threading.Thread(target=self._read_output, daemon=True).start()
        found = wait_until(lambda: self._url(), 20, "serve to start")
        self.base = found
        self.port = int(re.search(r":(\d+)/", found).group(1))
        threading.Thread(target=self._listen, daemon=True).start()
        wait_until(lambda: self.events, 10, "the first event")

    def _url(self) -> str | None:
        for line in self.lines:
            found = re.search(r"serving (http://127\.0\.0\.1:\d+/\S*)", line)
            if found:
                return found.group(1)
        if self.proc.poll() is not None:
            raise AssertionError("serve exited:\n" + "\n".join(self.lines))
        return None

    def _read_output(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def _listen(self) -> None:
        """Collect (event, data) from the event stream, as a page's EventSource would."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__newsdigest/events",
                                        timeout=60) as stream:
                name = None
                for raw in stream:
                    line = raw.decode("utf-8").rstrip("\n")
                    if line.startswith("event: "):
                        name = line[7:]
                    elif line.startswith("data: ") and name:
                        self.events.append((name, json.loads(line[6:])))
                        name = None
        except OSError:
            pass  # serve stopped

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path.lstrip("/"), timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def wait_for_page(self, path: str, check: Callable[[int, str], bool], timeout: float = 10):
        """Poll path until check(status, text) holds; what was last served is in the error."""
        last: list = []

        def ok() -> bool:
            last[:] = self.get(path)
            return check(*last)
        try:
            wait_until(ok, timeout, f"{path} to change")
        except AssertionError:
            raise AssertionError(f"{path} still served {last[0]}: {last[1][:300]}") from None
        return last

    def reloads(self) -> list[int]:
        return [data["build"] for name, data in self.events if name == "reload"]

    def problems(self) -> list[list[dict]]:
        return [data for name, data in self.events if name == "problems"]

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def interrupt(self, timeout: float = 10) -> int:
        """Ctrl-C: SIGINT to the process, then its exit status."""
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def listening_address(port: int) -> str | None:
    """The local address a TCP socket listens on for this port, from /proc/net/tcp (Linux)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, port_hex = local.split(":")
            if int(port_hex, 16) == port and state == "0A":  # 0A: LISTEN
                if len(address) == 8:
                    return socket.inet_ntoa(bytes.fromhex(address)[::-1])
                return address
    return None

"""`newsdigest serve`: build with drafts shown, serve the output, rebuild on every save.

The pieces: watch.py decides which file events matter and waits for a burst to end;
livehttp.py serves the output folder and tells open pages to reload (or shows problems);
this module ties them together and owns the one place serve builds: `Preview.rebuild`.
"""

from __future__ import annotations

import errno
import gc
import shutil
import signal
import socket
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from newsdigest.build.engine import BuildOptions, inputs_now
from newsdigest.build.cache import BuildCache
from newsdigest.build.last_build import LastBuild, forget_folder
from newsdigest.config import load_config
from newsdigest.errors import BuildError, Problem
from newsdigest.serve.http import BuildStatus, PreviewServer, bind_error_hint
from newsdigest.serve.watch import ChangeHandler, Debouncer, Watcher


class ServeError(Exception):
    """serve cannot start (the port is taken, the host is unknown); message and hint for people."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class ServeOptions:
    root: Path
    out: Path | None = None  # default: a temporary folder, removed on exit (never ROOT/site)
    host: str = "127.0.0.1"
    port: int = 8000
    quiet: float = 0.15  # seconds without events before a rebuild


# log(message, problems): how serve talks to the terminal; the CLI decides where it goes.
Log = Callable[[str, Sequence[Problem]], None]


class Preview:
    """One serve session: its build options, the site it keeps in memory, and rebuilding."""

    def __init__(self, root: Path, out: Path, log: Log):
        # Drafts and future stories are shown, labelled as such, in a folder nobody deploys;
        # strict: an error is shown over the page at once rather than the file held back.
        self.options = BuildOptions(root, out, drafts=True, future=True, preview=True, strict=True)
        self.status = BuildStatus()
        self.log = log
        self.kept = None  # quick.KeptSite of the last good build, while saves can be applied to it
        self.last: LastBuild | None = None  # what the output folder holds, for the next build
        self.unfixed: set[str] = set()  # saved files that had errors: applied again with the next

    def rebuild(self, paths: Iterable[str] | None = None) -> bool:
        """Bring the site up to date after saves to `paths` (None: unknown, build it all); the
        only place serve builds. False when it failed."""
        from newsdigest.build.quick import (
            ContentErrors,  # the costly modules load once serve has started
        )
        paths = None if paths is None else set(paths) | self.unfixed
        try:
            report = self.kept.apply(paths) if self.kept is not None and paths else None
            whole = report is None
            if whole:
                report = self._build_whole()
        except ContentErrors as exc:  # nothing changed: the kept site can still take the fix
            self.unfixed = paths or set()
            self._failed(exc.problems)
            return False
        except BuildError as exc:
            self.kept = None
            self._failed(exc.problems)
            return False
        except Exception as exc:  # a bug in a build must not end the editor's session
            self.kept = None
            self._failed([Problem("(newsdigest)", None, None, f"the build crashed: {exc!r}",
                                  "this is a bug in newsdigest; please report it")])
            return False
        self.unfixed = set()
        self.last = self.kept.last
        self.status.built()
        what = "built" if whole else f"updated {report.rendered} files of"
        self.log(f"newsdigest: {what} {report.stories} stories and {report.videos} videos "
                 f"in {report.seconds:.2f} s", report.warnings)
        return True

    def missed_saves(self) -> bool:
        """True when a file changed while the watcher was not yet running (during the first
        build): compared with the files as that build found them."""
        return self.last is not None and self.last.inputs != inputs_now(self.options).signature

    def _build_whole(self):
        from newsdigest.build.engine import build_kept
        from newsdigest.build.quick import KeptSite
        gc.unfreeze()  # the last kept site may be garbage now
        self.kept = None
        report, built = build_kept(self.options, self.last)
        self.kept = KeptSite(built)
        # The kept site lives until the next whole build: keep Python's cycle collector from
        # walking it during every save (at 100,000 stories that is most of a save's time).
        gc.freeze()
        return report

    def _failed(self, problems: Sequence[Problem]) -> None:
        self.status.failed(problems)
        errors = sum(not p.warning for p in problems)
        self.log(f"newsdigest: {errors} error{'s' if errors != 1 else ''}; "
                 f"still serving the last good build", problems)


def serve(options: ServeOptions, log: Log, ready: Callable[[str], None] | None = None,
          stop: threading.Event | None = None) -> None:
    """Serve until Ctrl-C (or SIGTERM, or `stop` is set); always cleans up what it made."""
    root = options.root.absolute()
    base_path = _base_path(root)
    out, temporary = _output_folder(options.out)
    preview = Preview(root, out, log)
    debouncer = Debouncer(options.quiet)
    try:
        server = _bind(options.host, options.port, out, base_path, preview.status)
    except BaseException:
        _remove(root, out, temporary)
        raise
    watcher = Watcher(root, ChangeHandler(root, out, debouncer))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              name="newsdigest-http", daemon=True)
    try:
        with _sigterm_as_interrupt():
            preview.rebuild()
            watcher.start()
            if preview.missed_saves():
                debouncer.notify()  # saved during the first build: build again
            thread.start()
            url = f"http://{_url_host(options.host)}:{server.port}{base_path}"
            log(f"newsdigest: serving {url} with drafts and future stories shown; "
                f"watching {root}; press Ctrl-C to stop", ())
            if ready is not None:
                ready(url)

            def follow_base_url() -> None:  # site.toml may have moved the site below a path
                server.base_path = _base_path(root)
            _loop(preview, watcher, debouncer, stop, follow_base_url)
    finally:
        debouncer.stop()
        watcher.stop()
        preview.status.close()
        if thread.is_alive():
            server.shutdown()  # waits for serve_forever to return; event streams end on close
        server.server_close()
        _remove(root, out, temporary)


def _loop(preview: Preview, watcher: Watcher, debouncer: Debouncer,
          stop: threading.Event | None, after_good_build: Callable[[], None]) -> None:
    """Rebuild once per burst of changes, until stopped."""
    while stop is None or not stop.is_set():
        batch = debouncer.wait_for_batch(timeout=0.5)
        if batch is not None:
            if preview.rebuild(None if batch.folders else batch.paths):
                after_good_build()
            watcher.refresh()  # a folder created or replaced since needs its own watch


def _base_path(root: Path) -> str:
    """The path part of base_url: pages link to it, so the server serves the site below it."""
    try:
        return load_config(root).base_path
    except BuildError:
        return "/"  # the first build reports the problem; serve at the root until it is fixed


def _output_folder(out: Path | None) -> tuple[Path, bool]:
    if out is not None:
        return out.absolute(), False
    return Path(tempfile.mkdtemp(prefix="newsdigest-serve-")), True


def _remove(root: Path, out: Path, temporary: bool) -> None:
    """A temporary output folder goes, and with it what the build cache kept for it."""
    if temporary:
        forget_folder(BuildCache(root), out)
        shutil.rmtree(out, ignore_errors=True)


def _bind(host: str, port: int, out: Path, base_path: str, status: BuildStatus) -> PreviewServer:
    """The server on host:port, or a ServeError that says what to do instead."""
    try:
        return PreviewServer((host, port), out, base_path, status)
    except socket.gaierror:
        raise ServeError(f"cannot listen on {host!r}: no such host",
                         "use --host 127.0.0.1 (the default) or an address of this machine") from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {host} is already in use",
                             bind_error_hint(host, port)) from None
        if exc.errno == errno.EACCES:
            raise ServeError(f"not allowed to listen on port {port}",
                             "ports below 1024 need administrator rights; use --port 8000") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                         "check --host and --port") from None


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


class _sigterm_as_interrupt:
    """While serving, SIGTERM stops like Ctrl-C, so the temporary folder is removed either way."""

    def __enter__(self) -> None:
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, self._interrupt)

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)

    @staticmethod
    def _interrupt(signum, frame) -> None:
        raise KeyboardInterrupt

"""The watcher's event handling and debounce, driven directly: no real filesystem events.

Each editor's way of saving is replayed as the events watchdog reports for it; the handler must
notice every real change, ignore scratch files and our own output, and a burst must settle into
one rebuild.
"""

import threading
import time
from pathlib import Path

import pytest
from watchdog.events import (
    DirCreatedEvent,
    DirModifiedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
)

from newsdigest.serve.watch import ChangeHandler, Debouncer, is_editor_temp, is_relevant

ROOT = Path("/srv/site")
OUT = ROOT / "site"
STORY = str(ROOT / "content/stories/fire.md")


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def notices(*events) -> int:
    """How many change notices the handler gives for these events."""
    debouncer = Debouncer(quiet=0.15, clock=FakeClock())
    handler = ChangeHandler(ROOT, OUT, debouncer)
    for event in events:
        handler.dispatch(event)
    return debouncer.take()


def in_content(name: str) -> str:
    return str(ROOT / "content/stories" / name)


def test_plain_save_is_a_change():
    assert notices(FileModifiedEvent(STORY), FileClosedEvent(STORY)) == 2


def test_rename_save_over_the_story_is_a_change():
    # VS Code, gedit, many web forms: write a temp file, then rename it over the story.
    tmp = in_content(".fire.md.tmp")
    assert notices(FileCreatedEvent(tmp), FileModifiedEvent(tmp), FileMovedEvent(tmp, STORY)) == 1


def test_vim_save_with_backup_is_a_change():
    backup, probe = in_content("fire.md~"), in_content("4913")
    events = [FileCreatedEvent(probe), FileDeletedEvent(probe), FileMovedEvent(STORY, backup),
              FileCreatedEvent(STORY), FileModifiedEvent(STORY), FileDeletedEvent(backup)]
    assert notices(*events) >= 1


def test_delete_and_recreate_is_a_change():
    assert notices(FileDeletedEvent(STORY), FileCreatedEvent(STORY), FileModifiedEvent(STORY)) == 3


def test_created_moved_and_deleted_files_are_changes():
    other = in_content("fire-2.md")
    assert notices(FileCreatedEvent(other)) == 1
    assert notices(FileMovedEvent(STORY, other)) == 1
    assert notices(FileDeletedEvent(STORY)) == 1


def test_moving_a_story_out_of_content_is_a_change():
    assert notices(FileMovedEvent(STORY, str(ROOT.parent / "trash/fire.md"))) == 1


def test_scratch_files_alone_are_not_changes():
    events = [FileCreatedEvent(in_content(name)) for name in
              (".fire.md.swp", "fire.md~", ".#fire.md", "#fire.md#", "4913", "fire.md.tmp")]
    assert notices(*events) == 0


def test_reading_files_is_not_a_change():
    # The build opens every content file: reacting to that would rebuild forever.
    assert notices(FileOpenedEvent(STORY), FileClosedNoWriteEvent(STORY)) == 0


def test_folder_modified_is_not_a_change_but_a_new_folder_is():
    folder = str(ROOT / "content/stories")
    assert notices(DirModifiedEvent(folder)) == 0
    assert notices(DirCreatedEvent(str(ROOT / "templates"))) == 1


def test_our_own_output_is_not_a_change():
    assert notices(FileCreatedEvent(str(OUT / "index.html")),
                   FileMovedEvent(str(ROOT / ".site.newsdigest-tmp-1"), str(OUT))) == 0


@pytest.mark.parametrize("rel, relevant", [
    ("site.toml", True), ("content/videos/v.md", True), ("templates/base.html", True),
    ("static/images/a.jpg", True), ("README.md", False), (".git/index", False),
    ("site/index.html", False), ("content/stories/.fire.md.swp", False),
])
def test_which_paths_can_change_the_site(rel, relevant):
    assert is_relevant(str(ROOT / rel), ROOT, OUT) is relevant


def test_a_path_outside_the_root_is_not_relevant():
    assert is_relevant("/etc/passwd", ROOT, OUT) is False


@pytest.mark.parametrize("name", [".fire.md.swp", "fire.md~", ".#fire.md", "4913", "x.tmp"])
def test_editor_scratch_names(name):
    assert is_editor_temp(name)


def test_story_names_are_not_scratch():
    assert not is_editor_temp("fire.md") and not is_editor_temp("2026-swap-meet.md")


def test_a_burst_settles_only_after_it_has_been_quiet():
    clock = FakeClock()
    debouncer = Debouncer(quiet=0.15, clock=clock)
    assert not debouncer.due()
    for step in range(5):  # one save every 50 ms: still typing, never quiet
        debouncer.notify()
        clock.now += 0.05
        assert not debouncer.due()
    clock.now += 0.11
    assert debouncer.due()
    assert debouncer.take() == 5
    assert not debouncer.due() and debouncer.take() == 0


def test_changes_that_never_stop_still_rebuild_every_longest_seconds():
    clock = FakeClock()
    debouncer = Debouncer(quiet=0.15, clock=clock, longest=2.0)
    for notices in range(1, 30):  # a sync tool touching a file every 100 ms, never quiet
        debouncer.notify()
        clock.now += 0.1
        if debouncer.due():
            break
    assert 19 <= notices <= 21 and debouncer.take() == notices


def test_wait_for_changes_returns_once_per_burst():
    debouncer = Debouncer(quiet=0.1)

    def burst():
        for _ in range(4):
            debouncer.notify()
            time.sleep(0.02)
    thread = threading.Thread(target=burst)
    started = time.monotonic()
    thread.start()
    assert debouncer.wait_for_changes(timeout=5) == 4
    assert time.monotonic() - started >= 0.1 + 3 * 0.02 - 0.01
    thread.join(timeout=5)
    assert debouncer.wait_for_changes(timeout=0.3) == 0  # nothing more: times out


def test_stop_ends_a_waiting_loop():
    debouncer = Debouncer(quiet=0.1)
    threading.Timer(0.1, debouncer.stop).start()
    started = time.monotonic()
    assert debouncer.wait_for_changes(timeout=5) == 0
    assert time.monotonic() - started < 2


def test_a_complete_save_is_due_at_once_and_a_file_moved_away_waits():
    clock = FakeClock()
    debouncer = Debouncer(quiet=0.15, clock=clock)
    handler = ChangeHandler(ROOT, OUT, debouncer)
    handler.dispatch(FileModifiedEvent(STORY))
    assert not debouncer.due()  # still being written
    handler.dispatch(FileClosedEvent(STORY))
    assert debouncer.due()  # closed after writing: the save is whole
    batch = debouncer.take_batch()
    assert batch.paths == {STORY} and not batch.folders
    # vim: the story moved to a backup, then written anew; until then it may be coming back
    handler.dispatch(FileMovedEvent(STORY, in_content("fire.md~")))
    assert not debouncer.due()
    clock.now += 0.16
    assert debouncer.due()
    handler.dispatch(FileCreatedEvent(STORY))
    handler.dispatch(FileClosedEvent(STORY))
    assert debouncer.due() and debouncer.take_batch().paths == {STORY}


def test_a_new_folder_asks_for_a_whole_build():
    debouncer = Debouncer(quiet=0.15, clock=FakeClock())
    ChangeHandler(ROOT, OUT, debouncer).dispatch(DirCreatedEvent(str(ROOT / "content/stories/2026")))
    assert debouncer.take_batch().folders

"""Which files under content/ are stories and videos: names only, no reading (a build with
nothing to do checks them without loading the reader)."""

from __future__ import annotations

CONTENT_SUFFIXES = (".md", ".markdown", ".txt")
STORIES_DIR = "content/stories"
VIDEOS_DIR = "content/videos"
SKIPPED_FILE_PREFIXES = (".", "_", "~")  # hidden files, drafts kept aside, editors' backups
SKIPPED_FOLDER_PREFIXES = (".", "_")


def is_content_file(src_path: str) -> bool:
    """Whether the reader reads the file at src_path (its path below the site's root)."""
    folder, _, rest = src_path.partition("/")
    kind, _, rest = rest.partition("/")
    *folders, name = rest.split("/")
    return (f"{folder}/{kind}" in (STORIES_DIR, VIDEOS_DIR) and name.lower().endswith(CONTENT_SUFFIXES)
            and not name.startswith(SKIPPED_FILE_PREFIXES)
            and not any(f.startswith(SKIPPED_FOLDER_PREFIXES) for f in folders))

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
    folder, _, name = src_path.rpartition("/")
    return in_content_folder(folder) and is_content_name(name)


def in_content_folder(folder: str) -> bool:
    """Whether the files right in folder (below the site's root) can be stories or videos."""
    parts = folder.split("/")
    return ("/".join(parts[:2]) in (STORIES_DIR, VIDEOS_DIR)
            and not any(f.startswith(SKIPPED_FOLDER_PREFIXES) for f in parts[2:]))


def is_content_name(name: str) -> bool:
    """Whether a file of this name, in a content folder, is a story or a video."""
    return name.lower().endswith(CONTENT_SUFFIXES) and not name.startswith(SKIPPED_FILE_PREFIXES)

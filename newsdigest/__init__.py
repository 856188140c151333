"""newsdigest: a static site generator for local-news digests."""

from pathlib import Path

__version__ = "0.1.0"
THEME_DIR = Path(__file__).parent / "theme"  # the default theme: templates/ and static/

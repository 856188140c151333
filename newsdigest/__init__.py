"""newsdigest: a static site generator for local-news digests."""

__version__ = "0.1.0"

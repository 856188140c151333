"""Build this repository's own sample site into site/ (the same as `newsdigest build`)."""

import sys
from pathlib import Path

from newsdigest.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", "--root", str(Path(__file__).parent), *sys.argv[1:]]))

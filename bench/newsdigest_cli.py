"""Run newsdigest's CLI as the installed `newsdigest` script does: import the module, call main().

(`python -m newsdigest.cli` would run the module as __main__ before it is fully defined if a
function is ever added below its `if __name__ == "__main__"` guard.)
"""

import sys

from newsdigest.cli import main

if __name__ == "__main__":
    sys.exit(main())

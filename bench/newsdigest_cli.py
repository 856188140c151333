"""Run newsdigest's CLI as the installed `newsdigest` script does: import the module, call run().

(`python -m newsdigest.cli` would run the module as __main__ before it is fully defined if a
function is ever added below its `if __name__ == "__main__"` guard.)
"""

from newsdigest.cli import run

if __name__ == "__main__":
    run()

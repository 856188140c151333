"""Stage 4, build: the engine that turns a site root into an output folder, fast.

Options and reports (engine.py), what the last build left and what changed (signature.py,
cache.py, fingerprint.py, last_build.py, generation.py), the work of a build on every core
(rebuild.py, parallel.py), where bodies come from (bodies.py), serve's quick save (quick.py),
and output.py, the only writer of the output folder.
"""

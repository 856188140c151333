"""The benchmark harness: python bench/run.py (see README, "Benchmarks")."""

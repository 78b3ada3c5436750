"""Benchmarks and the fault-tolerance harness, run on demand (see BENCHMARKS.md)."""

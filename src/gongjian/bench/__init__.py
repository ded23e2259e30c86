"""Benchmarks: each scenario is timed beside a baseline measured in the same run, and reported as a ratio."""

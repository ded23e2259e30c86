"""Timing and reporting: they live in ``core.benchmarking`` so the modules' own scenarios can use them without
importing the benchmark suite; this module keeps the old import path."""

from gongjian.core.benchmarking import *  # noqa: F403
from gongjian.core.benchmarking import __all__  # noqa: F401

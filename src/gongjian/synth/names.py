"""Synthetic names: they live in ``core.synthetic_names`` so the modules' generator parts can use them without
importing the generator; this module keeps the old import path."""

from gongjian.core.synthetic_names import *  # noqa: F403
from gongjian.core.synthetic_names import __all__  # noqa: F401

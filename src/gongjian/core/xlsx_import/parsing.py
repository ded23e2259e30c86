"""The pure cell parsing of the import layer lives in :mod:`gongjian.core.cells` (importable without Django, e.g.
by the land-use command's column-wise reader); this name keeps the import layer's own path."""

from __future__ import annotations

from ..cells import *  # noqa: F403
from ..cells import UNITS, __all__, header_keys  # noqa: F401

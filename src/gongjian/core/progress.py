"""Progress of long work, reported from deep inside it (the rows of an import) to whoever listens (a job).

Pure: no Django. The reader calls ``report(done, total)`` as it goes; outside a job nobody listens and the call
costs a context-variable lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["in_background", "listening", "report"]

_listener: ContextVar[Callable[[int, int | None], None] | None] = ContextVar("gongjian_progress", default=None)


def in_background() -> bool:
    """True inside a background job (someone listens): the work holds no request, so it may take longer."""
    return _listener.get() is not None


def report(done: int, total: int | None = None) -> None:
    """``done`` units of ``total`` (None: unchanged or unknown) are finished."""
    listener = _listener.get()
    if listener is not None:
        listener(done, total)


@contextmanager
def listening(listener: Callable[[int, int | None], None]) -> Iterator[None]:
    """Within the block, every ``report`` goes to ``listener``."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)

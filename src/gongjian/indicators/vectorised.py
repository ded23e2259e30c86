"""The vectorised item colours: every name of ``gongjian.campaigns.vectorised``, re-exported.

The campaign pages colour their items with these rules and campaigns sits below indicators, so the module lives
in campaigns. The indicators, supervision and building modules import it under this name: its namespace is the
campaigns module's, the very same objects (pure: no Django imports here either).
"""

from gongjian.campaigns import vectorised as _impl

globals().update({name: value for name, value in vars(_impl).items() if not name.startswith("__")})
__all__ = getattr(_impl, "__all__", [])

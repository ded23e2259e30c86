"""The sentences of the 红黄绿灯 reasons: the same module as ``gongjian.campaigns.texts``.

The campaign pages colour their items with these rules and campaigns sits below indicators, so the module lives
in campaigns; this name, which the indicators, supervision and building modules use, is an alias of it (one
module object: what one name changes, the other sees).
"""

import sys

from gongjian.campaigns import texts

sys.modules[__name__] = texts

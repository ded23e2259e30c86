"""The 红黄绿灯 rules live in campaigns: pure modules, and the same objects under their indicators names."""

import ast
from pathlib import Path

import pytest

from gongjian.campaigns import rules, texts, vectorised
from gongjian.indicators import rules as indicator_rules
from gongjian.indicators import texts as indicator_texts
from gongjian.indicators import vectorised as indicator_vectorised


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


@pytest.mark.parametrize("module", [rules, vectorised])
def test_the_rules_import_nothing_from_django(module):
    assert not [n for n in _imports(Path(module.__file__)) if n.startswith("django")]


@pytest.mark.parametrize(
    ("impl", "alias"), [(rules, indicator_rules), (texts, indicator_texts), (vectorised, indicator_vectorised)]
)
def test_the_indicators_names_are_the_same_objects(impl, alias):
    public = [n for n in vars(impl) if not n.startswith("__")]
    assert public
    assert all(getattr(alias, n) is getattr(impl, n) for n in public)

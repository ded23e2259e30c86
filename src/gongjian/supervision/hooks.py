"""Extension points of supervision that upper modules fill in their AppConfig.ready().

Ranking annotators: each callable takes ``(user, table, campaign, today)`` (a queries.RankingTable) and may add
notes to its rows without changing the scores the table computed: it appends ``(text, url)`` pairs to
``row.marks`` and may set ``row.adjusted_score`` (e.g. the 容错免责 module marks exempted red lights and shows
the score without their penalty). What an annotator shows is its own business, including who may see it.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["annotate_rankings", "ranking_annotators", "register_ranking_annotator"]

ranking_annotators: list[Callable] = []


def register_ranking_annotator(annotator: Callable) -> Callable:
    if annotator not in ranking_annotators:
        ranking_annotators.append(annotator)
    return annotator


def annotate_rankings(user, table, campaign, today) -> None:
    for row in table.rows:
        row.marks = []
        row.adjusted_score = None
    for annotator in ranking_annotators:
        annotator(user, table, campaign, today)

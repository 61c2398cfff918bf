"""Extraction rules: projects, investments, campaigns, goals and indicators, clause by clause.

The rules read the NLP marks (money, quantities, dates, quotes) and tables of the genre's language —
head nouns, status verbs, filler words — never the names of particular projects or campaigns: the same
rules have to work on reports they have never seen.

One module per fact type (`projects`, `investments`, `campaigns`, `goals`, `indicators`), each with
its own tables; `common` holds what they share, and `driver` reads a report sentence by sentence.

Each rule has a name (the `rule` of the Evidence it writes) and a confidence that says how often a
rule of that shape is right in this genre.
"""
from .driver import extract_relations
from .projects import TOKEN_TRIGGERS


__all__ = ["extract_relations", "TOKEN_TRIGGERS"]

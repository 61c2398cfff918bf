"""Extraction rules for projects, investments, campaigns, goals and indicators (filled below)."""


def extract_relations(ctx, facts) -> None:
    return None

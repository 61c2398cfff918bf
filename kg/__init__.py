"""govkg: Chinese local-government reports → an RDF knowledge graph of regions, projects,
investments, campaigns, goals and indicators, every fact with its evidence.

    >>> import kg
    >>> report = kg.build(["seeds"], out="output")
    >>> kg.query("regions", data="output").rows[:1]

The heavy parts (spaCy, jieba) load on first use, so `kg query` starts quickly.
"""
from .build import BuildReport, build, process
from .errors import BuildError, ExtractionError, IngestError, KGError, QueryError
from .query import run as query

__all__ = ["build", "process", "query", "BuildReport", "KGError", "IngestError", "ExtractionError",
           "BuildError", "QueryError"]
__version__ = "0.1.0"

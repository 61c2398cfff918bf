"""The errors govkg raises. Every message says what is wrong, with which file or name.

    KGError                 base class; the CLI prints its message on one line and exits 2
    ├── IngestError         a report cannot be read or decoded (names the file)
    ├── ExtractionError     the NLP pipeline failed on a document (names the file)
    ├── BuildError          nothing could be built, or the output folder cannot be written
    └── QueryError          a SPARQL syntax error, an unknown bundled query, a missing data folder
"""


class KGError(Exception):
    """Base class of all govkg errors."""


class IngestError(KGError):
    """A report cannot be read, decoded or is empty."""


class ExtractionError(KGError):
    """The extraction pipeline failed on one document."""


class BuildError(KGError):
    """A build produced nothing, or could not write its output."""


class QueryError(KGError):
    """A query cannot be run: bad SPARQL, unknown name, missing data."""

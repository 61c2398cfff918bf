"""Plain fact records: the contract between extraction and the RDF graph.

Extraction emits these and nothing else; the graph stage reads these and nothing else. Names are in
simplified Chinese; every fact carries the Evidence that states it, with character offsets into the
ORIGINAL file (before decoding clean-up and traditional→simplified conversion).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Evidence:
    doc: str  # the source file's name, e.g. 000_6867b8d2076cfad4.txt
    text: str  # the sentence (or clause) as written in the original file
    start: int  # character offset of the span in the original (decoded) file
    end: int
    rule: str = ""  # the rule or component that produced the fact
    confidence: float = 1.0


@dataclass
class Document:
    name: str
    title: Optional[str]
    date: Optional[str]  # YYYY-MM-DD
    year: Optional[int]
    source: Optional[str]
    main_region: Optional[str] = None  # admin key of the region the report is about
    encoding: str = "utf-8"
    script: str = "simplified"  # or "traditional"
    sha256: str = ""


@dataclass
class Region:
    """A canonical administrative division (one node per admin key)."""

    key: str  # the admin code (530681) or, for towns without a code, parent code + name
    name: str  # full current official name
    level: str  # country | province | prefecture | county | town
    code: Optional[str]
    parent: Optional[str] = None  # key of the containing division
    aliases: tuple = ()


@dataclass
class RegionMention:
    doc: str
    region: str  # region key
    surface: str  # as written (simplified)
    evidence: Evidence


@dataclass
class Project:
    doc: str
    name: str
    region: Optional[str]  # region key
    company: Optional[str] = None
    capacity: Optional[str] = None
    status: Optional[str] = None  # planned | signed | under_construction | completed | operating
    year: Optional[int] = None
    evidence: Optional[Evidence] = None


@dataclass
class Investment:
    doc: str
    amount: float
    currency: str
    region: Optional[str]
    project: Optional[str] = None  # project name as in its Project record
    year: Optional[int] = None
    year_end: Optional[int] = None
    kind: str = "total"  # total | completed | planned | raised | spent
    hedge: Optional[str] = None
    evidence: Optional[Evidence] = None


@dataclass
class Campaign:
    doc: str
    name: str
    region: Optional[str]
    year: Optional[int] = None
    evidence: Optional[Evidence] = None


@dataclass
class Goal:
    doc: str
    text: str
    region: Optional[str]
    campaign: Optional[str] = None  # campaign name as in its Campaign record
    year: Optional[int] = None
    evidence: Optional[Evidence] = None


@dataclass
class Indicator:
    doc: str
    name: str
    value: float
    unit: str
    region: Optional[str]
    measure: str = "level"  # level | growth
    year: Optional[int] = None
    target: bool = False
    hedge: Optional[str] = None  # 左右 | 以上 | 以内 | 余 …
    evidence: Optional[Evidence] = None
    high: Optional[float] = None  # the high end of a range (6.5%－7%): value holds the low end


@dataclass
class DocumentFacts:
    """Everything extracted from one report."""

    document: Document
    mentions: list = field(default_factory=list)  # RegionMention
    projects: list = field(default_factory=list)
    investments: list = field(default_factory=list)
    campaigns: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    new_regions: dict = field(default_factory=dict)  # key -> Region, divisions the gazetteer lacks

    def counts(self) -> dict:
        return {
            "regions": len({m.region for m in self.mentions}),
            "projects": len(self.projects),
            "investments": len(self.investments),
            "campaigns": len(self.campaigns),
            "goals": len(self.goals),
            "indicators": len(self.indicators),
        }

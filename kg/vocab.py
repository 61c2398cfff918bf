"""The govkg vocabulary as a DefinedNamespace: the one place that names every ontology IRI.

Generated from ontology/govkg.ttl (tests/test_vocab.py checks the two agree); each term's comment
is its rdfs:comment there.
"""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class GOV(DefinedNamespace):
    _fail = True
    _NS = Namespace("https://w3id.org/govkg/ontology#")

    # Class
    Campaign: URIRef  # A named government initiative: campaign, action, programme, battle, named system or strategy.
    Document: URIRef  # A published report: a work report, news piece, review or plan.
    Evidence: URIRef  # The sentence of a report that states a fact, with character offsets into the original file.
    Goal: URIRef  # What a campaign or a government aims for: a target, objective, positioning or requirement.
    Indicator: URIRef  # A statistic or numeric target that measures a region.
    Investment: URIRef  # An amount invested, planned, spent or raised, tied to a region and possibly a project.
    Organization: URIRef  # An enterprise or body behind a project.
    Project: URIRef  # A concrete thing built, run, attracted or upgraded: a plant, park, port, road or public facility.
    Region: URIRef  # A Chinese administrative division (country, province, prefecture, county or town), one node per admin code.
    TargetOutcome: URIRef  # One row of the target–outcome panel: a region's statistic in one year, its target and its outcome.
    # ObjectProperty
    campaign: URIRef  # The campaign a goal belongs to.
    company: URIRef  # The enterprise behind a project.
    evidence: URIRef  # The evidence that states a fact.
    mainRegion: URIRef  # The region the report is about.
    mentions: URIRef  # A region named in the report's body.
    partOf: URIRef  # The containing administrative division.
    project: URIRef  # The project an investment is for.
    region: URIRef  # The region a fact belongs to: where a project lies, who invests, runs a campaign or is measured.
    outcome: URIRef  # The Indicator that reports the year's outcome: from a target Indicator, or from a panel row.
    statistic: URIRef  # The headline statistic (a skos:Concept of ontology/indicators.ttl) a panel row is about.
    target: URIRef  # The Indicator that sets the year's target.
    # DatatypeProperty
    adminCode: URIRef  # The six-digit administrative division code.
    adminLevel: URIRef  # country, province, prefecture, county or town.
    alias: URIRef  # Another name the thing goes by (short name, former name, traditional form).
    amount: URIRef  # An amount in units of its currency.
    capacity: URIRef  # The capacity phrase as written (年产4万吨, 5GW).
    ceiling: URIRef  # True for a statistic whose target is an upper bound (a price rise, an unemployment rate).
    confidence: URIRef  # How sure the producing rule is, in [0, 1].
    contentHash: URIRef  # SHA-256 of the file's bytes.
    currency: URIRef  # ISO 4217 currency code (CNY, USD).
    encoding: URIRef  # The character encoding the file was decoded from.
    endOffset: URIRef  # Character offset just past the span's end in the original file.
    extractedBy: URIRef  # The rule or component that produced the fact.
    fileName: URIRef  # The source file's name.
    gap: URIRef  # Outcome minus target, for rates (percentage points).
    goalText: URIRef  # The goal's wording.
    hedge: URIRef  # The hedge word of a number (左右, 以上, 以内, 余).
    investmentKind: URIRef  # total, completed, planned, raised or spent.
    isTarget: URIRef  # True for a planned or expected figure, false for a reported one.
    measure: URIRef  # level or growth.
    met: URIRef  # Whether the outcome meets the target (at or above it, or at or below an upper bound).
    modifier: URIRef  # The word the text attaches to the target (左右, 以上, 以内, 以下, 不低于, 力争, 确保, 突破).
    name: URIRef  # The canonical name in simplified Chinese.
    publicationDate: URIRef  # The date the report was published.
    script: URIRef  # simplified or traditional.
    sentence: URIRef  # The sentence as written in the original file.
    source: URIRef  # The publishing outlet as printed.
    startOffset: URIRef  # Character offset of the span's start in the original file.
    status: URIRef  # planned, signed, under_construction, completed or operating.
    title: URIRef  # The report's title.
    unit: URIRef  # The value's unit (CNY, USD, %, 吨, 人 …).
    value: URIRef  # An indicator's value as a number.
    valueHigh: URIRef  # The high end of a range (6.5%－7%); the low end is the Indicator's value or the row's target.
    year: URIRef  # The year a report speaks of as now, or the year a statement applies to.
    yearEnd: URIRef  # The last year of a year range.


# instance IRIs
ID = Namespace("https://w3id.org/govkg/id/")

"""The `kg` command: a thin click layer over the library (`kg.build`, `kg.query`)."""
from __future__ import annotations

import sys

import click

from . import __version__
from .errors import KGError


def _fail(e: Exception, code: int = 2):
    click.echo(f"kg: {e}", err=True)
    sys.exit(code)


@click.group()
@click.version_option(__version__, prog_name="kg")
def cli():
    """govkg: turn Chinese local-government reports into a knowledge graph."""


def _exit_on_sigterm():
    """SIGTERM ends the command as Ctrl-C does: its working files are removed, and no traceback is shown."""
    import signal

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


# every command that reads a built output
DATA = click.option("--data", default="output", show_default=True, type=click.Path(), help="A built output folder.")


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path())
@click.option("--out", default="output", show_default=True, type=click.Path(), help="Output folder.")
@click.option("--jobs", "-j", default=None, type=int, help="Processes to use (default: all cores).")
@click.option("--engine", default="local", show_default=True, type=click.Choice(["local", "dask"]),
              help="Where reports are processed: this machine, or a Dask cluster.")
@click.option("--scheduler", default=None, help="The Dask scheduler's address, with --engine dask.")
@click.option("--no-cache", is_flag=True, help="Process every report again, ignoring the cache in OUT/.cache.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(inputs, out, jobs, engine, scheduler, no_cache, quiet):
    """Build the graph of report files or folders (default: seeds) into OUT.

    Writes graph.ttl (Turtle) and graph.html (an offline graph view)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .build import build as run_build

    console = Console(stderr=True)
    inputs = inputs or ("seeds",)
    _exit_on_sigterm()
    if engine == "dask" and not scheduler:
        _fail("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    options = dict(jobs=jobs, engine=engine, scheduler=scheduler, cache=not no_cache)
    try:
        if quiet:
            report = run_build(inputs, out, **options)
        else:
            with Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          TextColumn("{task.description}"), console=console, transient=True) as bar:
                task = bar.add_task("", total=None)

                def progress(done, total, name):
                    bar.update(task, completed=done, total=total, description=name)

                report = run_build(inputs, out, progress=progress, **options)
    except KGError as e:
        _fail(e)
    except KeyboardInterrupt:
        _fail(f"interrupted; {out}/ is as it was before this build", 130)
    other_types = [f for f, reason in report.skipped if "not a type govkg reads" in reason]
    for f, reason in report.skipped:
        if "not a type govkg reads" not in reason or len(other_types) <= 10:
            click.echo(f"skipped: {reason}", err=True)
    if len(other_types) > 10:  # a folder of other things: one line, not one per file
        from collections import Counter
        from pathlib import Path

        kinds = Counter(Path(f).suffix.lower() or "(no suffix)" for f in other_types)
        click.echo(f"skipped: {len(other_types)} files of types govkg does not read ("
                   + ", ".join(f"{k} {n}" for k, n in kinds.most_common()) + ")", err=True)
    cached = len(report.documents) - len(report.reprocessed)
    if cached:
        names = ", ".join(report.reprocessed[:5]) + (" …" if len(report.reprocessed) > 5 else "")
        click.echo(f"reprocessed {len(report.reprocessed)} of {len(report.documents)} reports"
                   f"{': ' + names if report.reprocessed else ''} ({cached} unchanged, from the cache)", err=True)
    c = report.counts
    click.echo(f"built {len(report.documents)} documents into {report.out}/ ({report.triples} triples): "
               f"{c['regions']} regions, {c['projects']} projects, {c['investments']} investments, "
               f"{c['campaigns']} campaigns, {c['goals']} goals, {c['indicators']} indicators; "
               f"{len(report.skipped)} skipped, {len(report.warnings)} warnings")
    for w in report.warnings:
        click.echo(f"warning: {w}", err=True)


@cli.command()
@click.argument("query", required=False)
@DATA
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json"]), help="Results format.")
@click.option("--engine", default="oxigraph", show_default=True, type=click.Choice(["oxigraph", "rdflib"]),
              help="SPARQL engine: pyoxigraph (fast, cached store) or rdflib.")
@click.option("--list", "list_", is_flag=True, help="List the bundled queries.")
@click.option("--timeout", default=300.0, show_default=True, type=click.FloatRange(min=0),
              help="Stop a query running longer than this many seconds (0: no limit).")
@click.option("--allow-service", is_flag=True, help="Let SERVICE fetch the other endpoints the query names.")
def query(query, data, fmt, engine, list_, timeout, allow_service):
    """Run SPARQL over a built graph.

    QUERY is a bundled query's name, a path to a .rq file, or SPARQL text. Rows are printed as they come
    (the table once they are all in); Ctrl-C stops the query."""
    from .query import bundled, format_stream, stream

    if list_:
        for b in bundled().values():
            click.echo(f"{b.name:<22}{b.purpose}")
        return
    if not query:
        _fail("no QUERY given (a bundled name, a .rq file or SPARQL; `kg query --list` lists the names)")

    def loading():  # on a terminal: the first query after a build loads the store, seconds on a large graph
        if sys.stderr.isatty():
            click.echo(f"loading {data} into the query store (once per build) …", err=True)

    _exit_on_sigterm()
    events = None
    try:
        events = stream(query, data, engine=engine, timeout=timeout or None, allow_service=allow_service,
                        on_load=loading)
        for text in format_stream(events, fmt):
            click.echo(text, nl=False)
    except KGError as e:
        _fail(e)
    except KeyboardInterrupt:
        _fail("interrupted; the query was stopped", 130)
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
        sys.stderr.close()
        sys.exit(0)
    finally:
        if events is not None:
            events.close()


@cli.command()
@click.option("--region", default=None, help="Focus on one region (its sub-regions, their facts and reports).")
@DATA
@click.option("--no-open", is_flag=True, help="Only write the page and print its path.")
def view(region, data, no_open):
    """Write an HTML view of the graph (or of one region) and open it in a browser."""
    from .view import write_view

    try:
        path = write_view(data, region)
    except KGError as e:
        _fail(e)
    click.echo(str(path))
    if not no_open:
        import webbrowser

        try:
            opened = webbrowser.open(path.resolve().as_uri())
        except Exception:  # no browser here: the path above is the answer
            opened = False
        if not opened:
            click.echo("no browser found: open the file above", err=True)


@cli.command()
@DATA
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--timeout", default=30.0, show_default=True, type=float, help="Query time limit in seconds (503 after).")
@click.option("--workers", default=2, show_default=True, type=int, help="Queries run at once.")
@click.option("--in-memory", is_flag=True,
              help="Each worker holds the graph in memory: faster queries, more memory, slower start.")
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE make the server fetch the other endpoints a query names (refused by default).")
def serve(data, host, port, timeout, workers, in_memory, allow_service):
    """Serve a read-only SPARQL endpoint (/sparql) and the HTML view (/)."""
    from .serve import serve as run_server

    try:
        run_server(data, host, port, timeout, workers, in_memory, allow_service,
                   on_start=lambda: click.echo(f"serving {data} at http://{host}:{port}/sparql (read-only; "
                                               f"view at http://{host}:{port}/)", err=True))
    except KGError as e:
        _fail(e)
    except KeyboardInterrupt:  # Ctrl-C: the server has stopped, and that is all there is to say
        sys.exit(130)


@cli.command()
@click.option("--endpoint", required=True, help="The store's Graph Store Protocol URL (e.g. http://localhost:7878/store).")
@DATA
@click.option("--graph-per-document", is_flag=True, help="One named graph per report instead of the default graph.")
@click.option("--sync", is_flag=True,
              help="With --graph-per-document: also drop the store's graphs of reports this build no longer has.")
@click.option("--sparql", default=None,
              help="The store's SPARQL query endpoint, which --sync asks for its graphs (default: beside --endpoint).")
def push(endpoint, data, graph_per_document, sync, sparql):
    """Load the output into any SPARQL 1.1 store through the Graph Store HTTP Protocol."""
    from .push import push as run_push

    try:
        done = run_push(endpoint, data, graph_per_document, sync=sync, sparql=sparql)
    except KGError as e:
        _fail(e)
    for target, triples in done:
        click.echo(f"{target}: dropped (no longer built)" if triples is None else f"{target}: {triples} triples")


@cli.command()
@click.option("--format", "fmt", required=True, type=click.Choice(["graphml", "gexf", "jsonld", "csv"]),
              help="GraphML or GEXF (Gephi, Cytoscape, networkx), JSON-LD, or CSV tables per class.")
@DATA
@click.option("--out", default=None, type=click.Path(),
              help="The file to write (a folder for csv; default: graph.FORMAT or csv/ in DATA).")
@click.option("--no-evidence", is_flag=True,
              help="GraphML/GEXF: leave out the evidence nodes and link each fact to the reports that state it.")
def export(fmt, data, out, no_evidence):
    """Export the graph for network tools and spreadsheets."""
    from .export import export as run_export

    try:
        path, summary = run_export(fmt, data, out, evidence=not no_evidence)
    except KGError as e:
        _fail(e)
    click.echo(f"{path}: {summary}")


@cli.command()
@click.argument("tables", nargs=-1)
@DATA
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json"]), help="Results format.")
@click.option("--top", default=20, show_default=True, type=int, help="Rows per table (0: all).")
def stats(tables, data, fmt, top):
    """Network analytics: TABLES among regions, shared, campaigns, pairs (default: all)."""
    from .analytics import TABLES, format_stats
    from .analytics import stats as run_stats

    try:
        click.echo(format_stats(run_stats(data, tables or TABLES, top or None), fmt), nl=False)
    except KGError as e:
        _fail(e)


@cli.command()
@DATA
def atlas(data):
    """Write the atlas: a page per region in DATA/regions/, and regions/index.html to start from."""
    from .atlas import atlas as run_atlas

    try:
        entry, counts = run_atlas(data)
    except KGError as e:
        _fail(e)
    click.echo(f"{entry}: {counts['pages']} pages ({counts['written']} written, {counts['unchanged']} unchanged, "
               f"{counts['removed']} removed)")


@cli.command()
@DATA
@click.option("--format", "fmt", default="csv", show_default=True, type=click.Choice(["csv", "tsv", "json"]),
              help="Rows format.")
@click.option("--out", default=None, type=click.Path(), help="Write the rows to this file instead of printing them.")
@click.option("--plot", default=None, type=click.Path(),
              help="Draw targets against outcomes by year into FILE.png, FILE.svg or FILE.html.")
@click.option("--region", "regions", multiple=True, help="Only this region's rows (repeatable).")
def panel(data, fmt, out, plot, regions):
    """The target–outcome panel: each region's statistic by year, its target beside the outcome reported afterwards."""
    from pathlib import Path

    from .panel import format_rows
    from .panel import panel as read_panel
    from .panel import plot as draw

    try:
        if plot and Path(plot).suffix.lower() not in (".png", ".svg", ".html"):
            raise KGError(f"cannot draw {plot}: use a .png, .svg or .html file")
        rows = read_panel(data)
        if not rows:
            click.echo(f"no panel rows in {data}: no report states a target or a later outcome "
                       "(or the output predates kg panel: run kg build again)", err=True)
        if regions:
            from .ingest import to_simplified

            wanted = set(regions) | {to_simplified(r) for r in regions}
            rows = [r for r in rows if r.region in wanted]
        if plot:
            click.echo(f"{draw(rows, plot)}: {len(rows)} rows drawn", err=True)
        if out:
            Path(out).write_text(format_rows(rows, fmt), encoding="utf-8")
            click.echo(f"{out}: {len(rows)} rows", err=True)
        elif not plot:
            click.echo(format_rows(rows, fmt), nl=False)
    except KGError as e:
        _fail(e)


def main():
    cli()


if __name__ == "__main__":
    main()

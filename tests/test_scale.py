"""Throughput features: parallel jobs, the incremental cache, a Dask cluster — all byte-identical."""
import shutil

import pytest

import kg

FILES = ("graph.ttl", "graph.nq", "graph.html")


def same_output(a, b):
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.fixture(scope="module")
def clean(tmp_path_factory, seeds_dir):
    """A clean, single-process, cache-less build of a copy of the seeds."""
    root = tmp_path_factory.mktemp("scale")
    src = root / "reports"
    shutil.copytree(seeds_dir, src)
    out = root / "clean" / "output"
    kg.build([src], out=out, jobs=1, cache=False)
    return src, out


def test_parallel_build_is_identical(clean, tmp_path):
    src, ref = clean
    out = tmp_path / "output"
    report = kg.build([src], out=out, jobs=2)
    assert len(report.reprocessed) == 5
    same_output(out, ref)


def test_incremental_rebuild_reprocesses_exactly_the_changed_report(clean, tmp_path):
    src, _ = clean
    reports = tmp_path / "reports"
    shutil.copytree(src, reports)
    out = tmp_path / "output"
    first = kg.build([reports], out=out, jobs=1)
    assert sorted(first.reprocessed) == sorted(first.documents)
    again = kg.build([reports], out=out, jobs=1)
    assert again.reprocessed == []
    changed = reports / "002_7bedf75ac75c1b6a.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("确保下半年再完成投资300亿元",
                                                                   "确保下半年再完成投资400亿元"), encoding="utf-8")
    third = kg.build([reports], out=out, jobs=1)
    assert third.reprocessed == ["002_7bedf75ac75c1b6a.txt"]
    clean_out = tmp_path / "clean" / "output"
    kg.build([reports], out=clean_out, jobs=1, cache=False)
    same_output(out, clean_out)
    amounts = [float(r["amount"]) for r in kg.query("investments", data=out).rows if "002" in str(r["doc"])]
    assert amounts == [40000000000.0]


def test_a_removed_report_leaves_the_cache(clean, tmp_path):
    src, _ = clean
    reports = tmp_path / "reports"
    shutil.copytree(src, reports)
    out = tmp_path / "output"
    kg.build([reports], out=out, jobs=1)
    (reports / "004_dc01158ab21fdc48.txt").unlink()
    kg.build([reports], out=out, jobs=1)
    (entries,) = [list(d.iterdir()) for d in (out / ".cache").iterdir()]
    assert len(entries) == 4


def test_progress_is_reported_per_report(clean, tmp_path):
    src, _ = clean
    seen = []
    kg.build([src], out=tmp_path / "output", jobs=1, cache=False, progress=lambda d, t, n: seen.append((d, t)))
    assert seen == [(i, 5) for i in range(1, 6)]


def test_dask_local_cluster_build_is_identical(clean, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    src, ref = clean
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        out = tmp_path / "output"
        report = kg.build([src], out=out, engine="dask", scheduler=client, cache=False)
        assert len(report.documents) == 5
        assert len(client.scheduler_info()["workers"]) == 2
    same_output(out, ref)


def test_dask_without_a_scheduler_is_a_clear_error(clean, tmp_path):
    from kg.errors import BuildError

    src, _ = clean
    with pytest.raises(BuildError, match="cannot reach the Dask scheduler"):
        kg.build([src], out=tmp_path / "output", engine="dask", scheduler="tcp://127.0.0.1:1", cache=False)


def test_the_page_holds_whole_reports_up_to_its_budget_and_says_so(clean, tmp_path, monkeypatch):
    """The graph files hold every report; the overview page only as many whole reports as fit."""
    import importlib

    from kg.query import load

    src, ref = clean
    monkeypatch.setattr(importlib.import_module("kg.build"), "PAGE_NODES", 300)
    out = tmp_path / "output"
    kg.build([src], out=out, jobs=1, cache=False)
    assert (out / "graph.ttl").read_bytes() == (ref / "graph.ttl").read_bytes()
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "This page shows the first" in page and "of 5 reports" in page
    assert 1 <= page.count('"group": "Document"') < 5
    g = load(out)
    assert len(g) == len(load(ref))


def test_a_damaged_cache_entry_is_only_a_cache_miss(clean, tmp_path):
    src, ref = clean
    out = tmp_path / "output"
    kg.build([src], out=out, jobs=1)
    (entry, *_) = sorted((out / ".cache").glob("*/*.pickle"))
    entry.write_bytes(b"not a cache entry")
    report = kg.build([src], out=out, jobs=1)
    assert len(report.reprocessed) == 1
    same_output(out, ref)

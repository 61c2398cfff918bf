"""The `kg` command, driven through click's runner, as a user types it."""
import json

from click.testing import CliRunner

from kg.cli import cli


def test_build_then_query(tmp_path, seeds_dir):
    runner = CliRunner()
    out = tmp_path / "out"
    r = runner.invoke(cli, ["build", str(seeds_dir), "--out", str(out), "-q"])
    assert r.exit_code == 0, r.output
    assert "built 5 documents" in r.output
    assert (out / "graph.ttl").exists() and (out / "graph.html").exists()
    r = runner.invoke(cli, ["query", "regions", "--data", str(out)])
    assert r.exit_code == 0 and "水富市" in r.output and "530681" in r.output
    r = runner.invoke(cli, ["query", "documents", "--data", str(out), "--format", "json"])
    assert json.loads(r.output)["head"]["vars"] == ["doc", "title", "date", "year", "source"]


def test_query_list_names_every_bundled_query():
    r = CliRunner().invoke(cli, ["query", "--list"])
    assert r.exit_code == 0
    for name in ("documents", "regions", "projects", "investments", "campaigns", "goals", "indicators",
                 "investment_by_region", "largest_projects", "campaign_goals", "targets"):
        assert name in r.output


def test_errors_are_one_line_with_exit_code_2(built):
    runner = CliRunner()
    for args in (["query", "SELECT ?x WHERE {", "--data", str(built[0])],
                 ["query", "nonsense", "--data", str(built[0])],
                 ["query", "documents", "--data", "/nonexistent/output"]):
        r = runner.invoke(cli, args)
        assert r.exit_code == 2, args
        assert r.output.startswith("kg: ") and r.output.count("\n") == 1 and "Traceback" not in r.output


def test_build_of_nothing_fails_cleanly(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = CliRunner().invoke(cli, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 2 and "nothing could be built" in r.output and "empty.txt: empty file" in r.output


def test_view_writes_a_page_for_one_region(built, tmp_path):
    import shutil

    data = tmp_path / "output"
    shutil.copytree(built[0], data)
    shutil.rmtree(data / "regions")  # without the build's region pages (tests/test_atlas.py opens those)
    r = CliRunner().invoke(cli, ["view", "--region", "海陵区", "--data", str(data), "--no-open"])
    assert r.exit_code == 0, r.output
    page = data / "view-海陵区.html"
    assert r.output.strip() == str(page)
    html = page.read_text(encoding="utf-8")
    assert "海陵区" in html and "水富市" not in html  # another county's facts are not on this page


def test_view_of_an_unknown_region_names_the_regions_there_are(built):
    r = CliRunner().invoke(cli, ["view", "--region", "朝阳区", "--data", str(built[0]), "--no-open"])
    assert r.exit_code == 2 and "no region named '朝阳区'" in r.output and "海陵区" in r.output


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_deeply_nested_query_is_an_error_not_a_crash(built):
    r = CliRunner().invoke(cli, ["query", "SELECT * WHERE " + "{" * 3000 + "}" * 3000, "--data", str(built[0])])
    assert r.exit_code == 2 and "nested more than" in r.output


def test_query_refuses_service_unless_allowed(built):
    r = CliRunner().invoke(cli, ["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                                 "--data", str(built[0])])
    assert r.exit_code == 2 and "SERVICE is refused" in r.output


def test_query_stops_at_its_time_limit(built):
    r = CliRunner().invoke(cli, ["query", RUNAWAY, "--data", str(built[0]), "--timeout", "1"])
    assert r.exit_code == 2 and "time limit of 1 s" in r.output


def test_ctrl_c_stops_a_running_query(built):
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "query", RUNAWAY, "--data", str(built[0]),
                             "--timeout", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.time() + 60
    while not (children.exists() and children.read_text().strip()) and time.time() < deadline:
        time.sleep(0.1)  # until the query's process is running
    time.sleep(1)
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError("Ctrl-C did not stop the query")
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err


def test_a_query_s_process_ends_with_kg_query(built):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "query", RUNAWAY, "--data", str(built[0]),
                             "--timeout", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.time() + 60
    while not (children.exists() and children.read_text().strip()) and time.time() < deadline:
        time.sleep(0.1)
    running = [int(c) for c in children.read_text().split()]
    proc.kill()  # not even a chance to clean up
    proc.communicate()
    deadline = time.time() + 30
    while any(Path(f"/proc/{c}").exists() and "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]
              for c in running) and time.time() < deadline:
        time.sleep(0.1)
    alive = []
    for c in running:
        try:
            if "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]:
                alive.append(c)
                os.kill(c, signal.SIGKILL)
        except (FileNotFoundError, ProcessLookupError):
            pass
    assert not alive


def test_view_of_the_whole_graph_opens_the_build_s_page_without_rewriting_it(built, tmp_path):
    import shutil

    data = tmp_path / "output"
    shutil.copytree(built[0], data)
    page = data / "graph.html"
    before = page.stat().st_mtime_ns, page.read_bytes()
    r = CliRunner().invoke(cli, ["view", "--data", str(data), "--no-open"])
    assert r.exit_code == 0 and r.output.strip() == str(page)
    assert (page.stat().st_mtime_ns, page.read_bytes()) == before


def test_view_takes_an_unambiguous_short_name(built, tmp_path):
    import shutil

    data = tmp_path / "output"
    shutil.copytree(built[0], data)
    r = CliRunner().invoke(cli, ["view", "--region", "泰州", "--data", str(data), "--no-open"])
    assert r.exit_code == 0, r.output
    assert "泰州市" in pathlib_text(r.output.strip())


def test_an_unknown_region_lists_near_matches_not_every_region(built):
    r = CliRunner().invoke(cli, ["view", "--region", "泰山市", "--data", str(built[0]), "--no-open"])
    assert r.exit_code == 2 and "the nearest: 泰州市" in r.output and "罗平县" not in r.output


def pathlib_text(path):
    from pathlib import Path

    return Path(path).read_text(encoding="utf-8")


def test_many_files_of_other_types_are_one_line(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("2021年6月3日\n云南省曲靖市加快建设德方纳米二期项目,总投资13亿元。", encoding="utf-8")
    for i in range(30):
        (d / f"code{i}.py").write_text("x = 1")
    (d / "scan.pdf").write_bytes(b"%PDF")
    r = CliRunner().invoke(cli, ["build", str(d), "--out", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 0, r.output
    lines = [line for line in r.output.splitlines() if line.startswith("skipped:")]
    assert lines == ["skipped: 31 files of types govkg does not read (.py 30, .pdf 1)"]

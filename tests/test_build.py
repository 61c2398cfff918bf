"""Building a folder: bad files are skipped with their reason, output appears whole or not at all."""
import importlib
import pathlib

import pytest

import kg
from kg.errors import BuildError

GOOD = "2021年6月3日\n曲靖市委常委会研究部署。云南省曲靖市加快建设德方纳米二期项目,总投资13亿元。"


def bad_folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (d / "gbk.txt").write_bytes(GOOD.encode("gbk"))
    (d / "big5.txt").write_bytes("2021年6月3日\n曲靖市委常委會研究部署。雲南省曲靖市加快建設項目,總投資13億元。".encode("big5"))
    (d / "unreadable.txt").write_text(GOOD, encoding="utf-8")
    return d


def test_bad_input_folder_builds_what_it_can(tmp_path, monkeypatch):
    d = bad_folder(tmp_path)
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if self.name == "unreadable.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    report = kg.build([d], out=tmp_path / "out")
    assert sorted(report.documents) == ["big5.txt", "gbk.txt"]
    reasons = dict((pathlib.Path(f).name, r) for f, r in report.skipped)
    assert reasons["empty.txt"] == "empty.txt: empty file"
    assert reasons["binary.txt"].startswith("binary.txt: binary file")
    assert reasons["unreadable.txt"] == "unreadable.txt: cannot read file (Permission denied)"
    rows = kg.query("investments", data=tmp_path / "out").rows
    assert sorted(float(r["amount"]) for r in rows) == [1300000000.0, 1300000000.0]


@pytest.fixture()
def previous(tmp_path):
    """A folder with one good report, already built once: (source folder, output folder, graph.ttl bytes)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    kg.build([src], out=out)
    return src, out, (out / "graph.ttl").read_bytes()


def test_a_failed_build_leaves_the_previous_output_intact(previous):
    src, out, before = previous
    (src / "good.txt").write_text("", encoding="utf-8")
    with pytest.raises(BuildError, match="nothing could be built"):
        kg.build([src], out=out)
    assert (out / "graph.ttl").read_bytes() == before


def test_an_interrupted_write_leaves_the_previous_output_intact(previous, tmp_path, monkeypatch):
    src, out, before = previous

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib.import_module("kg.build"), "write_html", boom)
    with pytest.raises(KeyboardInterrupt):
        kg.build([src], out=out)
    assert (out / "graph.ttl").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kg-")]


def test_refuses_to_overwrite_a_folder_that_is_not_a_govkg_output(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    with pytest.raises(BuildError, match="not a govkg output folder"):
        kg.build([src], out=precious)
    assert (precious / "thesis.docx").exists()


def test_two_builds_give_identical_bytes(tmp_path, seeds_dir):
    a, b = tmp_path / "a" / "output", tmp_path / "b" / "output"
    kg.build([seeds_dir], out=a)
    kg.build([seeds_dir], out=b)
    for name in ("graph.ttl", "graph.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_committed_output_matches_the_code(built):
    """output/ in the repository is what `kg build` makes of seeds/ with this code."""
    committed = pathlib.Path(__file__).resolve().parent.parent / "output" / "graph.ttl"
    assert committed.read_bytes() == (built[0] / "graph.ttl").read_bytes()


# --- builds that survive what users do ---

def test_two_reports_with_the_same_file_name_stay_two_documents(tmp_path):
    for folder, text in (("a", GOOD), ("b", GOOD.replace("13亿元", "7亿元"))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text, encoding="utf-8")
    report = kg.build([tmp_path / "a", tmp_path / "b"], out=tmp_path / "out")
    assert sorted(report.documents) == ["b_report.txt", "report.txt"]
    assert any("another report is named report.txt" in w for w in report.warnings)
    rows = kg.query("documents", data=tmp_path / "out").rows
    assert sorted(str(r["doc"]) for r in rows) == ["b_report.txt", "report.txt"]
    amounts = sorted(float(r["amount"]) for r in kg.query("investments", data=tmp_path / "out").rows)
    assert amounts == [700000000.0, 1300000000.0]


def test_the_output_folder_is_never_read_as_input(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        report = kg.build(["."], out="output")
        assert report.documents == ["good.txt"] and not report.skipped
    other = kg.build(["."], out="elsewhere")  # nor is another govkg output folder
    assert other.documents == ["good.txt"]


def test_files_a_user_put_in_the_output_folder_are_kept(previous):
    src, out, _ = previous
    (out / "notes.md").write_text("my notes", encoding="utf-8")
    (out / "mine").mkdir()
    (out / "mine" / "table.csv").write_text("a,b", encoding="utf-8")
    (out / "view-海陵区.html").write_text("an old page", encoding="utf-8")
    kg.build([src], out=out)
    assert (out / "notes.md").read_text(encoding="utf-8") == "my notes"
    assert (out / "mine" / "table.csv").read_text(encoding="utf-8") == "a,b"
    assert not (out / "view-海陵区.html").exists()  # made from the old graph


def test_a_second_build_into_the_same_folder_stops_with_a_message(previous):
    from kg.build import _lock, _unlock

    src, out, before = previous
    held = _lock(out.resolve())
    try:
        with pytest.raises(BuildError, match="another build is writing this folder"):
            kg.build([src], out=out)
    finally:
        _unlock(held)
    assert (out / "graph.ttl").read_bytes() == before
    kg.build([src], out=out)  # and once the first is done, the next one runs
    assert not list(out.parent.glob(".*.lock"))


def test_a_killed_build_s_working_folder_is_swept_by_the_next(previous, tmp_path):
    import subprocess
    import sys

    src, out, _ = previous
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / ".kg-tmp-killed"
    (left / ".cache").mkdir(parents=True)
    (left / ".owner").write_text(dead.stdout.strip())
    kg.build([src], out=out)
    assert not left.exists() and not (out / ".owner").exists()


def test_sigterm_stops_a_build_cleanly(tmp_path, seeds_dir):
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(seeds_dir), "--out", str(out), "-q",
                             "--no-cache", "--jobs", "2"], stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not list(tmp_path.glob(".kg-tmp-*")) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(1)  # into the build
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM and "Traceback" not in err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")] and not out.exists()


def test_the_output_folder_follows_the_umask(previous):
    import os
    import stat

    src, out, _ = previous
    old = os.umask(0o022)
    try:
        kg.build([src], out=out)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755


def test_a_report_too_big_to_process_is_refused_up_front(tmp_path, monkeypatch):
    from kg import ingest
    from kg.build import MAX_REPORT_BYTES

    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "huge.txt").write_text("水富市新建项目。" * (MAX_REPORT_BYTES // 20), encoding="utf-8")
    real = ingest.read
    monkeypatch.setattr(ingest, "read", lambda f: real(f) if f.name != "huge.txt" else pytest.fail("read it"))
    report = kg.build([d], out=tmp_path / "out")
    assert report.documents == ["good.txt"]
    (f, reason), = report.skipped
    assert reason.startswith("huge.txt: ") and "more than one report may be (3 MB" in reason


def test_a_dangling_symlink_is_skipped_with_its_reason(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    report = kg.build([tmp_path / "good.txt", tmp_path / "gone.txt"], out=tmp_path / "out")
    assert report.documents == ["good.txt"]
    assert report.skipped == [(str(tmp_path / "gone.txt"),
                               f"gone.txt: a symbolic link to {tmp_path / 'nowhere.txt'}, which does not exist")]


def test_files_of_other_types_are_named_as_skipped(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "scan.pdf").write_bytes(b"%PDF-1.4")
    (d / "plan.docx").write_bytes(b"PK")
    report = kg.build([d], out=tmp_path / "out")
    assert report.documents == ["good.txt"]
    assert sorted(r.split(":")[0] for _, r in report.skipped) == ["plan.docx", "scan.pdf"]


def test_a_scheduler_address_that_is_no_address_is_one_error(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    with pytest.raises(BuildError, match="'nonsense' is not a Dask scheduler's address"):
        kg.build([tmp_path / "good.txt"], out=tmp_path / "out", engine="dask", scheduler="nonsense")


def test_something_that_is_not_a_dask_scheduler_does_not_hang_the_build(tmp_path, monkeypatch):
    import socket

    monkeypatch.setattr(importlib.import_module("kg.build"), "DASK_CONNECT", 1.0)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = "tcp://127.0.0.1:%d" % silent.getsockname()[1]
        with pytest.raises(BuildError, match="no Dask scheduler answered"):
            kg.build([tmp_path / "good.txt"], out=tmp_path / "out", engine="dask", scheduler=address)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_as_text(tmp_path, encoding):
    d = tmp_path / "in"
    d.mkdir()
    (d / "u16.txt").write_bytes(GOOD.encode(encoding))
    (d / "binary.txt").write_bytes(bytes(range(256)) * 20)
    report = kg.build([d], out=tmp_path / "out")
    assert report.documents == ["u16.txt"]
    assert [r.split(":")[0] for _, r in report.skipped] == ["binary.txt"]
    rows = kg.query("investments", data=tmp_path / "out").rows
    assert [float(r["amount"]) for r in rows] == [1300000000.0]


@pytest.mark.parametrize("front, warning", [
    ("---\ntitle: 曲靖市报告\ndate: 2021-06-03\n", "never closed"),
    ("---\ntitle: 曲靖市报告\n日期 2021年6月3日\n---\n", "not `key: value` are left out: 日期 2021年6月3日"),
])
def test_malformed_front_matter_is_a_warning_and_the_body_is_still_read(tmp_path, front, warning):
    (tmp_path / "report.md").write_text(front + GOOD, encoding="utf-8")
    report = kg.build([tmp_path / "report.md"], out=tmp_path / "out")
    assert report.documents == ["report.md"]
    assert any(w.startswith("report.md: ") and warning in w for w in report.warnings), report.warnings
    rows = kg.query("investments", data=tmp_path / "out").rows
    assert [float(r["amount"]) for r in rows] == [1300000000.0]


def test_good_front_matter_gives_no_warning(tmp_path):
    (tmp_path / "report.md").write_text("---\ntitle: 曲靖市报告\ndate: 2021-06-03\n---\n" + GOOD, encoding="utf-8")
    report = kg.build([tmp_path / "report.md"], out=tmp_path / "out")
    assert not [w for w in report.warnings if "front matter" in w]

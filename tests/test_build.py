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

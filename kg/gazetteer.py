"""China's administrative divisions, from the data that ships inside jionlp.

`china_location.txt` gives provinces, prefectures and counties with their admin codes and short names,
and the towns/townships/subdistricts under each county (without codes); `china_location_change.txt`
gives historical renames (水富县 → 水富市, 2018). Every division becomes a `Region` keyed by its admin
code (towns: county code + "/" + name). Names index the divisions by full name, short name and
former name; an Aho-Corasick automaton finds them all in a text in one pass.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .records import Region

COUNTRY = Region(key="CN", name="中国", level="country", code=None, parent=None, aliases=("全国",))
LEVELS = ("country", "province", "prefecture", "county", "town")
TOWN_SUFFIXES = ("街道", "镇", "乡")
# Entries in the source data that are development zones, not divisions (SCHEMA: a zone is a project/park).
NOT_DIVISIONS = ("工业园", "开发区", "高新区", "经济区", "管理区", "示范区", "园区")


@dataclass(frozen=True)
class Name:
    """One way of writing a division: its full name, short name, or a former name."""

    key: str
    kind: str  # full | short | former
    since: Optional[str] = None  # for former names: the date the name stopped being official


def _jionlp_dictionary() -> str:
    """jionlp's data folder, found without importing jionlp (whose import prints a banner)."""
    import importlib.util

    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("govkg needs jionlp's admin-division data: pip install jionlp")
    return os.path.join(list(spec.submodule_search_locations)[0], "dictionary")


def _dictionary_lines(name: str):
    """The lines of one of jionlp's data files. jionlp ships some of them zipped and unzips them into its
    own folder on first use; govkg reads the zip in memory instead and writes nothing there."""
    import io
    import zipfile

    folder = _jionlp_dictionary()
    txt = os.path.join(folder, name)
    if os.path.isfile(txt):
        with open(txt, encoding="utf-8") as f:
            return f.read().splitlines()
    archive = os.path.join(folder, name.rsplit(".", 1)[0] + ".zip")
    if not os.path.isfile(archive):
        raise FileNotFoundError(f"jionlp's {name} is missing from {folder}: reinstall jionlp")
    with zipfile.ZipFile(archive) as z:
        return io.TextIOWrapper(z.open(name), encoding="utf-8").read().splitlines()


class Gazetteer:
    def __init__(self):
        self.regions: dict = {"CN": COUNTRY}
        self.names: dict = {}  # surface -> [Name]
        self.towns: dict = {}  # county key -> {town name: key}
        self._load()
        self._automaton = None

    # ------------------------------------------------------------------------------------- load
    def _add_name(self, surface: str, name: Name):
        if len(surface) < 2:
            return
        lst = self.names.setdefault(surface, [])
        if name not in lst:
            lst.append(name)

    def _add(self, region: Region, shorts=()) -> bool:
        if any(z in region.name for z in NOT_DIVISIONS):
            return False
        self.regions[region.key] = region
        self._add_name(region.name, Name(region.key, "full"))
        for s in shorts:
            if s and s != region.name:
                self._add_name(s, Name(region.key, "short"))
        return True

    def _load(self):
        province = city = county = None
        for line in _dictionary_lines("china_location.txt"):
            depth = len(line) - len(line.lstrip("\t"))
            parts = line.strip().split("\t")
            if depth == 0 and len(parts) == 3:
                name, code, alias = parts
                province = Region(code, name, "province", code, "CN", (alias,))
                self._add(province, [alias])
                city = county = None
            elif depth == 1 and len(parts) == 3:
                name, code, alias = parts
                if code == province.code:  # municipality: its "city" is the province itself
                    city = province
                    continue
                shorts = alias.split("/")
                city = Region(code, name, "prefecture", code, province.key, tuple(shorts))
                self._add(city, shorts)
            elif depth == 2 and len(parts) == 3:
                name, code, alias = parts
                if code in self.regions:
                    county = self.regions[code]
                    continue
                county = Region(code, name, "county", code, city.key, (alias,))
                if not self._add(county, [alias]):
                    county = None  # a development zone listed among the counties; its towns too
            elif depth == 3 and county is not None:
                name = parts[0]
                if name.endswith(TOWN_SUFFIXES):
                    key = f"{county.key}/{name}"
                    self.towns.setdefault(county.key, {})[name] = key
                    self.regions[key] = Region(key, name, "town", None, county.key, ())
        self._load_changes()

    def _load_changes(self):
        for line in _dictionary_lines("china_location_change.txt"):
            line = line.strip()
            if "=>" not in line:
                continue
            old, new = line.split("=>")
            old = old.split("\t")
            date, old_path = old[0], old[2:]
            new_path = new.split("\t")
            key = self.find_path(new_path)
            if key is None:
                continue
            old_full, old_short = old_path[-2], old_path[-1]
            if any(z in old_full for z in NOT_DIVISIONS):
                continue
            if old_full != self.regions[key].name:
                self._add_name(old_full, Name(key, "former", date))
                if old_short != self.regions[key].name:
                    self._add_name(old_short, Name(key, "former", date))

    # ---------------------------------------------------------------------------------- lookups
    def find_path(self, path) -> Optional[str]:
        """The key of the division at the end of a path of full names (province, city, county)."""
        parent = "CN"
        key = None
        for name in path:
            cands = [n.key for n in self.names.get(name, []) if n.kind == "full"
                     and self.regions[n.key].parent == parent]
            if not cands:
                # municipalities skip the city level
                if self.regions.get(parent) and self.regions[parent].level == "province" and name == self.regions[parent].name:
                    continue
                return None
            key = parent = cands[0]
        return key

    def ancestors(self, key: str) -> list:
        out = []
        r = self.regions.get(key)
        while r is not None and r.parent:
            out.append(r.parent)
            r = self.regions.get(r.parent)
        return out

    def chain(self, key: str) -> list:
        """The region and its ancestors up to the province (country excluded)."""
        return [k for k in [key] + self.ancestors(key) if k != "CN"]

    def automaton(self):
        if self._automaton is None:
            import ahocorasick

            a = ahocorasick.Automaton()
            for surface in self.names:
                a.add_word(surface, surface)
            a.make_automaton()
            self._automaton = a
        return self._automaton

    def hits(self, text: str) -> list:
        """Every name in the text, overlapping ones included: [(start, end, surface)]."""
        return [(end - len(s) + 1, end + 1, s) for end, s in self.automaton().iter(text)]

    def find_all(self, text: str, keep=None, hits=None) -> list:
        """Longest non-overlapping name matches [(start, end, surface)], left to right, among those
        that `keep(start, end, surface)` accepts (all by default). `hits` are the text's `hits()`,
        when they are known already."""
        hits = self.hits(text) if hits is None else hits
        if keep is not None:
            hits = [h for h in hits if keep(*h)]
        hits = sorted(hits, key=lambda h: (h[0], -(h[1] - h[0])))
        out, last = [], 0
        for s, e, surface in hits:
            if s >= last:
                out.append((s, e, surface))
                last = e
        return out

    def surfaces(self):
        return self.names.keys()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()

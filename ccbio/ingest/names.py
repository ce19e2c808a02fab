"""Parks and sectors as people write them: ids, names, the plan's wording and common variants.

The variants live in data/reference/aliases.csv, each with its source; the template's 选项 sheet
lists them. Names are compared after `schema.normalise` (NFKC, spaces, quotes and invisible
characters dropped), so 中韩（长春）国际合作示范区 and 中韩(长春)国际合作示范区 are one name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ccbio.ingest.schema import normalise


class AliasError(ValueError):
    """The alias file names one variant for two parks (or sectors)."""


@dataclass(frozen=True)
class Names:
    """Normalised name -> id for parks and sectors, and the alias rows for the template."""

    parks: dict[str, str]
    sectors: dict[str, str]
    aliases: pd.DataFrame  # kind, id, alias, source_zh, source_en
    stages: dict[str, tuple[str, str]]  # stage id -> (zh, en), from stages.csv
    labels: dict[str, tuple[str, str]]  # park or sector id -> (zh, en) name, for messages

    def cell(self, park: str, sector: str, lang: str) -> str:
        """Return 'park × sector' by name in the language (never the ids)."""
        i = 0 if lang == "zh" else 1
        park_name = self.labels.get(park, (park, park))[i]
        sector_name = self.labels.get(sector, (sector, sector))[i]
        return f"{park_name} × {sector_name}"


def _lookup(table: pd.DataFrame, id_column: str, name_columns: tuple[str, ...]) -> dict[str, str]:
    """Return normalised id / name -> id; a name with a bracketed part also matches its outer part."""
    lookup: dict[str, str] = {}
    for row in table.to_dict("records"):
        ident = row[id_column]
        for col in (id_column, *name_columns):
            name = row.get(col)
            if not isinstance(name, str) or not name.strip():
                continue
            key = normalise(name)
            lookup.setdefault(key, ident)
            outer = re.match(r"^(.+?)\((.+)\)(.*)$", key)
            if outer and col != id_column:
                lookup.setdefault(outer.group(1) + outer.group(3), ident)
                lookup.setdefault(outer.group(2), ident)
    return lookup


def _add_aliases(lookup: dict[str, str], aliases: pd.DataFrame, kind: str) -> None:
    for row in aliases[aliases["kind"] == kind].itertuples():
        key = normalise(row.alias)
        if lookup.get(key, row.id) != row.id:
            raise AliasError(f"{kind} alias {row.alias!r}: {lookup[key]} and {row.id}")
        lookup[key] = row.id


def load_names(data_dir: Path) -> Names:
    """Return the name lookups of the reference data in `data_dir`."""
    ref = data_dir / "reference"
    parks = pd.read_csv(ref / "parks.csv", dtype=str)
    sectors = pd.read_csv(ref / "sectors.csv", dtype=str)
    path = ref / "aliases.csv"
    aliases = (
        pd.read_csv(path, dtype=str)
        if path.is_file()
        else pd.DataFrame(columns=["kind", "id", "alias", "source_zh", "source_en"])
    )
    park_lookup = _lookup(parks, "park_id", ("name_zh", "name_en"))
    sector_lookup = _lookup(sectors, "sector_id", ("name_zh", "name_en", "project_zh"))
    _add_aliases(park_lookup, aliases, "park")
    _add_aliases(sector_lookup, aliases, "sector")
    stages = pd.read_csv(ref / "stages.csv", dtype=str)
    stage_names = {r.stage_id: (r.name_zh, r.name_en.lower()) for r in stages.itertuples()}
    labels = {
        **{r.park_id: (r.name_zh, r.name_en) for r in parks.itertuples()},
        **{r.sector_id: (r.name_zh, r.name_en) for r in sectors.itertuples()},
    }
    return Names(park_lookup, sector_lookup, aliases, stage_names, labels)

"""An in-memory view of the indexed records, for fast lookups while answering."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from index.checks import CheckResult
from index.identity import Agency, canonical_agencies
from index.report import PROSE_ONLY
from index.store import ReportInfo, StoredFact, Store

CellKey = tuple[str, str, str]  # table, row, column


@dataclass
class Catalog:
    reports: list[ReportInfo]
    facts: dict[int, dict[CellKey, StoredFact]]  # report id → cell → fact
    failed: dict[int, list[CheckResult]]

    @classmethod
    def load(cls, store: Store, same: dict[str, str] | None = None, apart: tuple[str, ...] = ()) -> Catalog:
        """The records as stored, each report under the one agency its name is (index.identity.canonical_agencies:
        洪泽区人民政府 and 淮安市洪泽区人民政府 are one agency with two years; `same`/`apart`: the agencies file)."""
        reports = store.reports()
        by_file = {(r.agency.name, r.year, r.file): r.id for r in reports}
        facts: dict[int, dict[CellKey, StoredFact]] = defaultdict(dict)
        for stored in store.facts():
            report_id = by_file[(stored.agency, stored.year, stored.file)]
            f = stored.fact
            facts[report_id][(f.table, f.row, f.column)] = stored
        failed = store.failed_checks()
        one = canonical_agencies(list({r.agency.name: r.agency for r in reports}.values()), same, apart)
        return cls([replace(r, agency=one[r.agency.name]) for r in reports], dict(facts), failed)

    @property
    def agencies(self) -> list[Agency]:
        """Agencies with table records (documents kept as prose only are for the text route)."""
        return list({r.agency.name: r.agency for r in self.reports if r.format != PROSE_ONLY}.values())

    def agency(self, name: str) -> Agency:
        """The agency of a name as stored (a chunk keeps the name its report printed: one of the agency's names)."""
        return next((r.agency for r in self.reports if r.agency.name == name), None) or next(
            r.agency for r in self.reports if name in r.agency.names())

    def reports_of(self, agency: str, year: int | None = None) -> list[ReportInfo]:
        return sorted((r for r in self.reports if r.agency.name == agency and (year is None or r.year == year)),
                      key=lambda r: (r.year, r.id))

    def years_of(self, agency: str) -> list[int]:
        return sorted({r.year for r in self.reports_of(agency)})

    @property
    def newest_year(self) -> int | None:
        return max((r.year for r in self.reports), default=None)

    def cell(self, report_id: int, key: CellKey) -> StoredFact | None:
        return self.facts.get(report_id, {}).get(key)

    def failed_checks_touching(self, report_id: int, keys: list[CellKey]) -> list[CheckResult]:
        """Failed rules whose evidence includes one of these cells (of this report's year: rule 5 cites two)."""
        wanted = set(keys)
        year = next((r.year for r in self.reports if r.id == report_id), None)
        return [c for c in self.failed.get(report_id, [])
                if any((e.get("table"), e.get("row"), e.get("column")) in wanted and e.get("year", year) == year
                       for e in c.evidence)]

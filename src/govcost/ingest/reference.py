"""Importers of reference tables (account map, FX rates): validated rows upserted in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from govcost.ingest.base import Importer, ImportReport, Progress
from govcost.ingest.tabular import Rows, read_rows
from govcost.ledger.store import new_record

if TYPE_CHECKING:
    from govcost.engine import Engine
    from govcost.ingest.source import SourceFile


class ReferenceImporter(Importer):
    table: ClassVar[str]
    key_columns: ClassVar[tuple[str, ...]]
    columns: ClassVar[tuple[str, ...]]
    priority = 10

    def parse(self, rows: Rows) -> list[tuple[Any, ...]]:
        """Validated rows, in the order of :attr:`columns`."""
        raise NotImplementedError

    def run(self, engine: Engine, src: SourceFile, progress: Progress) -> ImportReport:
        progress("read")
        rows = read_rows(src)
        records = self.parse(rows)
        ledger = engine.ledger
        cols = ", ".join(self.columns)
        con = ledger.con
        con.execute(f"CREATE OR REPLACE TEMP TABLE _incoming AS SELECT {cols} FROM {self.table} LIMIT 0")
        con.executemany(f"INSERT INTO _incoming VALUES ({', '.join('?' for _ in self.columns)})", records)
        on = " AND ".join(f"t.{k} = i.{k}" for k in self.key_columns)
        same = " AND ".join(f"t.{c} IS NOT DISTINCT FROM i.{c}" for c in self.columns)
        changed = con.execute(
            f"SELECT count(*) FROM _incoming i WHERE NOT EXISTS "
            f"(SELECT 1 FROM {self.table} t WHERE {on} AND {same})"
        ).fetchall()
        if changed[0][0] == 0:
            con.execute("DROP TABLE _incoming")
            return ImportReport(src.name, self.key, "unchanged", "", len(records), len(records))
        progress("write")
        replaced = con.execute(f"SELECT count(*) FROM {self.table} t JOIN _incoming i ON {on}").fetchall()
        new_rows = len(records) - int(replaced[0][0])
        record = new_record(
            src.path,
            src.sha256,
            self.key,
            len(records),
            len(records),
            "loaded",
            engine.batch_id,
            notes={"new_rows": new_rows, "replaced_rows": int(replaced[0][0])},
        )
        with ledger.transaction() as tx:
            tx.execute(f"DELETE FROM {self.table} t WHERE EXISTS (SELECT 1 FROM _incoming i WHERE {on})")
            tx.execute(
                f"INSERT INTO {self.table} ({cols}, import_id) SELECT {cols}, ? FROM _incoming",
                [record.import_id],
            )
            ledger.log_import(tx, record, "", None, [])
        con.execute("DROP TABLE _incoming")
        return ImportReport(
            src.name, self.key, "loaded", record.import_id, len(records), len(records), notes=record.notes
        )

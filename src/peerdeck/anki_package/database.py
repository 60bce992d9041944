"""The collection's SQLite database, opened so that nothing in it can run.

A package's database is someone else's file. Opened read-only and
immutable, nothing is written and no journal is looked for. Only tables
are read, never views (a view is a query its author chose: a recursive
one runs for ever, ``zeroblob`` makes gigabytes from nothing), virtual
tables or computed columns, which run code on every read; triggers never
fire on reads. SQLite's own limits cap the size of any one value, and a
progress handler stops a query past a budget of steps.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .. import codes, limits
from ..errors import PackageError

PROGRESS_INTERVAL = 100_000  # SQLite steps between calls to the progress handler


# Python can set SQLite's limit on a value's size from 3.11 on.
_VALUE_LIMIT_SET = sys.version_info >= (3, 11)


class Database:
    """A read-only connection that reports every failure as ``PackageError``."""

    def __init__(self, path: Path, name: str) -> None:
        self.name = name  # the zip entry it came from, for messages
        self._steps = 0
        self._stopped = False
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        try:
            self.connection = sqlite3.connect(uri, uri=True)
        except sqlite3.Error as exc:
            raise PackageError(codes.INPUT_UNREADABLE, f"{name} cannot be opened ({exc})") from None
        try:
            with self.errors():
                self._limit()
                self.connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except PackageError as exc:
            self.close()
            if exc.code != codes.PACKAGE_COLLECTION_DAMAGED:
                raise
            raise PackageError(
                codes.INPUT_UNREADABLE, f"{name} is not an Anki collection ({exc.reason})"
            ) from None

    def _limit(self) -> None:
        connection = self.connection
        if _VALUE_LIMIT_SET:
            connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, limits.COLLECTION_VALUE_BYTES)
        for pragma in ("query_only = 1", "trusted_schema = 0", "mmap_size = 0"):
            connection.execute(f"PRAGMA {pragma}")
        self._interval = min(PROGRESS_INTERVAL, limits.COLLECTION_QUERY_STEPS)
        connection.set_progress_handler(self._progress, self._interval)

    def _progress(self) -> int:
        self._steps += self._interval
        self._stopped = self._steps > limits.COLLECTION_QUERY_STEPS
        return int(self._stopped)

    def close(self) -> None:
        self.connection.close()

    def rows(self, sql: str, *parameters: object) -> Iterator[tuple[Any, ...]]:
        # A loop: a generator dropped after the connection
        # closed must not close its cursor (an error nobody can catch).
        with self.errors():
            for row in self.connection.execute(sql, parameters):
                yield self._sized(row)

    def one(self, sql: str) -> tuple[Any, ...] | None:
        with self.errors():
            row: tuple[Any, ...] | None = self.connection.execute(sql).fetchone()
            return None if row is None else self._sized(row)

    def _sized(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """``row``, refused when a value is over the limit. SQLite refuses
        such values itself where Python can set its limit (3.11 on); before,
        a value is measured once read, which the collection's own size bounds."""
        if _VALUE_LIMIT_SET:
            return row
        limit = limits.COLLECTION_VALUE_BYTES
        if any(isinstance(value, (str, bytes)) and len(value) > limit for value in row):
            raise self._too_big()
        return row

    def _too_big(self) -> PackageError:
        size = f"{limits.COLLECTION_VALUE_BYTES:,}"
        return PackageError(
            codes.PACKAGE_OVER_LIMIT, f"{self.name} holds a value over {size} bytes, the limit"
        )

    @contextmanager
    def errors(self) -> Iterator[None]:
        """SQLite's errors as the problem they are for a reader."""
        try:
            yield
        except sqlite3.Error as exc:
            if self._stopped:
                steps = f"{limits.COLLECTION_QUERY_STEPS:,}"
                raise PackageError(
                    codes.PACKAGE_OVER_LIMIT,
                    f"reading {self.name} took over {steps} SQLite steps, the limit",
                ) from None
            if "too big" in str(exc):
                raise self._too_big() from None
            raise PackageError(
                codes.PACKAGE_COLLECTION_DAMAGED, f"{self.name} is damaged ({exc})", str(exc)
            ) from None

    def require_tables(self, *names: str) -> None:
        """Each of ``names`` a plain table, as Anki creates it."""
        kinds = {
            str(name): (str(kind), str(sql or ""))
            for kind, name, sql in self.rows("SELECT type, name, sql FROM sqlite_master")
        }
        for name in names:
            kind, sql = kinds.get(name, ("", ""))
            if not kind:
                raise self.unlike_anki(f"it has no {name} table")
            if kind != "table":
                raise self.unlike_anki(f"{name} is a {kind}, not a table")
            if sql.upper().startswith("CREATE VIRTUAL"):
                raise self.unlike_anki(f"{name} is a virtual table")
            # table_xinfo's "hidden" is 2 or 3 for a generated (computed) column.
            for column in self.rows("SELECT name, hidden FROM pragma_table_xinfo(?)", name):
                if column[1] in (2, 3):
                    raise self.unlike_anki(f"{name}.{column[0]} is a computed column")

    def unlike_anki(self, reason: str) -> PackageError:
        return PackageError(
            codes.PACKAGE_COLLECTION_DAMAGED,
            f"{self.name} is not a collection as Anki writes it: {reason}",
        )

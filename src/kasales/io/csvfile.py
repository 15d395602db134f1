"""Read a CRM export (CSV in UTF-8, UTF-8 with BOM, or GBK/GB18030) into rows with their line numbers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from kasales.core.errors import KasalesError, Msg, Problem, os_reason

MAX_CSV_BYTES = 64 * 1_048_576  # a CRM export of a whole sales team is a few MiB
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Row:
    """One record: the 1-based line it starts on, and its cells by column name."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class CsvTable:
    """A CSV file's header, rows and the encoding it was read in."""

    path: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    encoding: str


def decode_csv(data: bytes, path: str) -> tuple[str, str]:
    """The text of a CSV file and its encoding's name: UTF-8 (a BOM is dropped), else GB18030 (a GBK superset)."""
    if data.startswith(_BOM):
        return data[len(_BOM):].decode("utf-8", errors="strict"), "UTF-8 BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as err:
        try:
            return data.decode("gb18030"), "GBK"
        except UnicodeDecodeError:
            line = data.count(b"\n", 0, err.start) + 1
            raise KasalesError([Problem(path, line, 1, Msg("csv_encoding"))]) from None


def read_csv(path: str | Path) -> CsvTable:
    """Read a CSV export; raise KasalesError for an unreadable, oversized, undecodable or header-less file."""
    shown = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_CSV_BYTES + 1)
    except OSError as err:
        raise KasalesError([Problem(shown, 1, 1, Msg("unreadable", reason=os_reason(err)))]) from None
    if len(data) > MAX_CSV_BYTES:
        raise KasalesError([Problem(shown, 1, 1, Msg("csv_too_large", size=len(data), limit=MAX_CSV_BYTES))])
    text, encoding = decode_csv(data, shown)
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = tuple(cell.strip() for cell in next(reader))
    except StopIteration:
        raise KasalesError([Problem(shown, 1, 1, Msg("csv_empty"))]) from None
    except csv.Error as err:
        raise KasalesError([Problem(shown, 1, 1, Msg("csv_syntax", problem=str(err)))]) from None
    rows = []
    start = reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):  # blank lines at the end of an export are no rows
                rows.append(Row(start, dict(zip(headers, record, strict=False))))
            start = reader.line_num + 1
    except csv.Error as err:
        raise KasalesError([Problem(shown, start, 1, Msg("csv_syntax", problem=str(err)))]) from None
    return CsvTable(shown, headers, tuple(rows), encoding)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma-separated, unless the header line is clearly separated by semicolons or tabs (Excel in some locales)."""
    first = text.split("\n", 1)[0]
    count, delimiter = max((first.count(d), d) for d in (",", ";", "\t"))
    if delimiter == "," or count == 0:
        return csv.excel

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect

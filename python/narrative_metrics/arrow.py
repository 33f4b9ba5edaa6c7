"""Records as Arrow record batches, the batch tool's JSON fields as columns.

This is what ``python/examples/spark_extract.py`` runs on Spark's workers
through ``mapInArrow``; it works the same on any stream of Arrow batches
(a Parquet file read with pyarrow, say). It needs ``pyarrow``.

The columns are the batch tool's record fields, in its order, plus
``meta``: ``value`` is the exact decimal string (as in the JSON, never a
float), ``span`` the list of byte offsets, ``change`` a struct of strings,
and ``meta`` the document's other fields as compact JSON text (or null).
They are read off a record the library makes, so a field the library adds
becomes a column with no change here: a string column, or the type its
Python value has.

Each worker process builds one ``Extractor`` per language, on first use, and
keeps it for every batch and task it runs after.
"""

import json
from decimal import Decimal
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple

from ._native import Extractor, extract

# A document whose one record has every field, a change among them.
_PROBE = "Sales rose from 10 wells in 2022 to 12 wells in 2023."
_CHANGE_KEYS = ("direction", "from", "to", "from_period", "to_period")
# The extractors of this process, by language (see the module's doc).
_EXTRACTORS: Dict[Optional[str], Extractor] = {}


def _extractor(lang: Optional[str]) -> Extractor:
    ex = _EXTRACTORS.get(lang)
    if ex is None:
        ex = _EXTRACTORS[lang] = Extractor(lang=lang)
    return ex


def schema(lang: Optional[str] = None) -> Any:
    """The ``pyarrow.Schema`` of the record batches, for rule set ``lang``.

    Raises ``ValueError`` for a language this build has no rule set for.

    >>> [f.name for f in schema()][:4]
    ['doc', 'section', 'kind', 'value']
    """
    import pyarrow as pa

    probe = extract(_PROBE, doc="probe", lang=lang)[0]
    fields = []
    for key, value in probe.items():
        if key == "char_span":
            continue
        if key == "span":
            kind = pa.list_(pa.int64())
        elif key == "change":
            kind = pa.struct([(k, pa.string()) for k in _CHANGE_KEYS])
        elif isinstance(value, bool):
            kind = pa.bool_()
        elif isinstance(value, int):
            kind = pa.int64()
        else:
            kind = pa.string()
        fields.append(pa.field(key, kind))
    fields.append(pa.field("meta", pa.string()))
    return pa.schema(fields)


def spark_ddl(arrow_schema: Any) -> str:
    """``arrow_schema`` as a Spark DDL string, for ``mapInArrow``.

    >>> import pyarrow as pa
    >>> spark_ddl(pa.schema([("value", pa.string()), ("span", pa.list_(pa.int64()))]))
    '`value` STRING, `span` ARRAY<BIGINT>'
    """
    import pyarrow as pa

    def ddl(t: Any) -> str:
        if pa.types.is_string(t):
            return "STRING"
        if pa.types.is_int64(t):
            return "BIGINT"
        if pa.types.is_boolean(t):
            return "BOOLEAN"
        if pa.types.is_list(t):
            return f"ARRAY<{ddl(t.value_type)}>"
        if pa.types.is_struct(t):
            inner = ", ".join(f"`{t.field(i).name}`: {ddl(t.field(i).type)}" for i in range(t.num_fields))
            return f"STRUCT<{inner}>"
        raise TypeError(f"no Spark type for {t}")

    return ", ".join(f"`{f.name}` {ddl(f.type)}" for f in arrow_schema)


def _plain(value: Any) -> Any:
    """A record's value in its JSON form: decimal strings, lists."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _doc_id(value: Any) -> Optional[str]:
    """A document id as the batch tool writes it: a string as it is, a
    number as JSON writes it; no id is None."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)


class Documents:
    """The documents of one Arrow batch: ids, texts, ``meta`` JSON texts,
    and the problems of the rows that were skipped."""

    def __init__(self) -> None:
        self.ids: List[Optional[str]] = []
        self.texts: List[str] = []
        self.metas: List[Optional[str]] = []
        self.problems: List[str] = []

    def add(self, fields: Dict[str, Any], where: str) -> None:
        """Adds one document from its fields (``id``, ``text``, others)."""
        text = fields.get("text")
        if "text" not in fields:
            self.problems.append(f"{where}: missing field \"text\"")
            return
        if not isinstance(text, str):
            self.problems.append(f"{where}: field \"text\" must be a string")
            return
        doc_id = fields.get("id")
        if doc_id is not None and not isinstance(doc_id, (str, int, float)):
            self.problems.append(f"{where}: field \"id\" must be a string or a number")
            return
        meta = {k: v for k, v in fields.items() if k not in ("id", "text")}
        self.ids.append(_doc_id(doc_id))
        self.texts.append(text)
        self.metas.append(
            json.dumps(meta, ensure_ascii=False, separators=(",", ":"), default=str) if meta else None
        )


def jsonl_documents(batch: Any, text_column: str = "value", source_column: Optional[str] = "source") -> Documents:
    """The documents of a batch of JSONL lines (Spark's ``read.text``), with
    the name of the file each came from when ``source_column`` is there."""
    docs = Documents()
    lines = batch.column(text_column).to_pylist()
    names = batch.schema.names
    sources = batch.column(source_column).to_pylist() if source_column in names else [None] * len(lines)
    for line, source in zip(lines, sources):
        if line is None:
            continue
        line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        where = source or "<input>"
        try:
            fields = json.loads(line)
        except ValueError as err:
            docs.problems.append(f"{where}: invalid JSON: {err}")
            continue
        if not isinstance(fields, dict):
            docs.problems.append(f"{where}: a line must be a JSON object")
            continue
        docs.add(fields, where)
    return docs


def table_documents(batch: Any) -> Documents:
    """The documents of a batch of rows with ``id`` and ``text`` columns
    (Parquet); the other columns become ``meta``."""
    docs = Documents()
    for row in batch.to_pylist():
        docs.add(row, "<input>")
    return docs


def _column(records: List[Dict[str, Any]], name: str) -> List[Any]:
    """One field of every record, in its JSON form, a column at a time
    (a comprehension per field costs less than a loop over the fields)."""
    values = [r.get(name) for r in records]
    first = next((v for v in values if v is not None), None)
    if isinstance(first, Decimal):
        return [None if v is None else format(v, "f") for v in values]
    if isinstance(first, dict):
        return [None if v is None else _plain(v) for v in values]
    return values


def records_batch(records: List[Dict[str, Any]], docs: Documents, arrow_schema: Any) -> Any:
    """The record batch of ``records`` made by ``extract_many`` over
    ``docs.texts`` with the texts' positions as ids."""
    import pyarrow as pa

    at = [r["doc"] for r in records]
    columns: Dict[str, List[Any]] = {}
    for f in arrow_schema:
        if f.name == "doc":
            columns[f.name] = [docs.ids[i] for i in at]
        elif f.name == "meta":
            columns[f.name] = [docs.metas[i] for i in at]
        else:
            columns[f.name] = _column(records, f.name)
    return pa.RecordBatch.from_pydict(columns, schema=arrow_schema)


def extract_batches(
    batches: Iterable[Any],
    *,
    lang: Optional[str] = None,
    source: str = "jsonl",
    counters: Optional[Tuple[Any, Any, Any]] = None,
    report: Optional[Callable[[str], None]] = None,
) -> Iterator[Any]:
    """Records of every document of ``batches``, one batch out per batch in.

    ``source`` is ``"jsonl"`` (batches of JSONL lines in a ``value``
    column, and the file's name in ``source``) or ``"table"`` (``id``,
    ``text`` and other columns). ``counters``, if given, are three objects
    with ``add`` (Spark accumulators) counting documents read, records
    written and documents skipped; ``report`` receives a message for each
    skipped document.
    """
    import pyarrow as pa

    arrow_schema = schema(lang)
    ex = _extractor(lang)
    for batch in batches:
        if source == "jsonl":
            docs = jsonl_documents(batch)
        else:
            docs = table_documents(batch)
        # One thread: Spark runs a task per core already.
        records = ex.extract_many(docs.texts, ids=range(len(docs.texts)), threads=1)
        for problem in docs.problems:
            if report is not None:
                report(problem)
        if counters is not None:
            read, written, skipped = counters
            read.add(len(docs.texts))
            written.add(len(records))
            skipped.add(len(docs.problems))
        if records:
            yield records_batch(records, docs, arrow_schema)
        else:
            yield pa.RecordBatch.from_pylist([], schema=arrow_schema)

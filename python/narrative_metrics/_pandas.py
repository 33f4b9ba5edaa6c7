"""``to_pandas``: records (or quantities) to a typed pandas DataFrame.

The columns follow the records' own keys, so a field the library adds
becomes a column with no change here. Nested values are flattened the way
the batch tool's CSV flattens them: a span ``(a, b)`` becomes
``span_start`` and ``span_end`` (``char_span`` likewise), and ``change``
becomes ``change_direction``, ``change_from``, ``change_to``,
``change_from_period`` and ``change_to_period``.
"""

from decimal import Decimal
from typing import Any, Dict, Iterable, List, Mapping, Optional

# A change's keys in the order SPEC lists them; others follow as met.
_CHANGE_ORDER = ("direction", "from", "to", "from_period", "to_period")
# The columns of an empty frame: SPEC's record fields, flattened.
_EMPTY_COLUMNS = (
    ["doc", "section", "kind", "value", "unit", "qualifier", "subject"]
    + ["change_" + k for k in _CHANGE_ORDER]
    + ["period", "status", "lang", "span_start", "span_end", "char_span_start"]
    + ["char_span_end", "text", "rule"]
)


def to_pandas(records: Iterable[Mapping[str, Any]], *, values: str = "decimal") -> Any:
    """A pandas DataFrame of ``records``, one row per record.

    ``records`` are dicts as ``extract``, ``Extractor.extract_many`` or
    ``quantities`` return them. Decimal columns (``value``, ``range_end``,
    ``change_from``, ``change_to``) hold exact ``decimal.Decimal`` objects
    (``values="decimal"``, the default: they sum exactly with
    ``df.value.sum()``) or their plain decimal strings, as in the batch
    tool's output (``values="string"``); never floats. Text columns
    (periods too: ``"2015-2019"`` is not a number) have pandas' ``string``
    dtype, integer columns ``Int64``, and a missing value is ``pd.NA``.

    >>> import narrative_metrics as nm
    >>> df = nm.to_pandas(nm.extract("We trained 40 midwives and 12 nurses."))
    >>> df["value"].sum(), str(df["subject"].dtype)
    (Decimal('52'), 'string')
    """
    import pandas as pd

    if values not in ("decimal", "string"):
        raise ValueError(f'values must be "decimal" or "string", not {values!r}')
    rows = list(records)
    n = len(rows)
    columns: Dict[str, List[Any]] = {}
    # Column names under each top-level key, in first-seen order.
    groups: Dict[str, List[str]] = {}

    def put(group: str, name: str, i: int, v: Any) -> None:
        col = columns.get(name)
        if col is None:
            col = columns[name] = [None] * n
            groups.setdefault(group, []).append(name)
        col[i] = v

    for i, row in enumerate(rows):
        for key, v in row.items():
            groups.setdefault(key, [])
            if isinstance(v, Mapping):
                for sub, subv in v.items():
                    put(key, f"{key}_{sub}", i, subv)
            elif isinstance(v, (tuple, list)) and len(v) == 2 and key.endswith("span"):
                put(key, f"{key}_start", i, v[0])
                put(key, f"{key}_end", i, v[1])
            else:
                put(key, key, i, v)

    if n == 0:
        return pd.DataFrame({c: pd.Series([], dtype="string") for c in _EMPTY_COLUMNS})

    order: List[str] = []
    for key, names in groups.items():
        if key == "change":
            rank = {f"change_{k}": j for j, k in enumerate(_CHANGE_ORDER)}
            names = sorted(names, key=lambda c: rank.get(c, len(rank)))
        elif not names:
            # A nested key whose values were all None: one column of nulls.
            names = [key]
            columns[key] = [None] * n
        order.extend(names)
    return pd.DataFrame({c: _series(pd, columns[c], values) for c in order})


def _series(pd: Any, col: List[Any], values: str) -> Any:
    """One column, typed from the values it holds."""
    kinds = {type(v) for v in col if v is not None}
    if kinds == {Decimal}:
        if values == "string":
            return pd.Series([None if v is None else format(v, "f") for v in col], dtype="string")
        return pd.Series([pd.NA if v is None else v for v in col], dtype=object)
    dtype: Optional[str] = None
    if not kinds or kinds == {str}:
        dtype = "string"
    elif kinds == {bool}:
        dtype = "boolean"
    elif kinds == {int}:
        dtype = "Int64"
    elif kinds <= {int, float}:
        dtype = "Float64"
    if dtype is None:
        return pd.Series([pd.NA if v is None else v for v in col], dtype=object)
    return pd.Series(col, dtype=dtype)

"""Exact, traceable quantified results from narrative progress reports.

Turns the figures buried in prose ("trained 1,800 community health workers",
"worth 640,000 euros", "a drop of 28%") into records with exact values
(``decimal.Decimal``, never floats), what they count, and where they are in
the text. A thin layer over the Rust library ``narrative-metrics``.

- ``extract(text, doc=None, lang=None)``: indicator records of one text.
- ``quantities(text)``: every number, money amount and percentage.
- ``Extractor(rules=None)``: a reusable extractor, with ``extract``,
  ``extract_many`` (many texts on every core) and ``quantities``.
- ``to_pandas(records)``: a DataFrame with exact values.
- ``RuleError``: a broken rule file, with file, line and column.

>>> import narrative_metrics as nm
>>> r = nm.extract("We trained 40 midwives in 2023.", doc="note-1")[0]
>>> r["kind"], r["value"], r["subject"], r["period"]
('beneficiaries', Decimal('40'), 'midwives', '2023')
"""

from ._native import LANGS, Extractor, RuleError, __version__, extract, quantities
from ._pandas import to_pandas

__all__ = [
    "LANGS",
    "Extractor",
    "RuleError",
    "__version__",
    "extract",
    "quantities",
    "to_pandas",
]

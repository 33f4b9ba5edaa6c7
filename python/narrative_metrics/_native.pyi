"""Type stubs of the native module; import ``narrative_metrics`` instead."""

import os
from decimal import Decimal
from typing import Any, Iterable, List, Optional, Tuple, TypedDict, Union

__version__: str
LANGS: List[str]
"""The languages whose rule sets this build embeds (``"en"``)."""

# A stated change a figure takes part in ("from" is a Python keyword, hence
# the functional form); the periods are there when the text gives them.
Change = TypedDict(
    "Change",
    {
        "direction": str,
        "from": Decimal,
        "to": Decimal,
        "from_period": str,
        "to_period": str,
    },
    total=False,
)

class Record(TypedDict):
    """An indicator record: SPEC's fields, plus ``char_span``.

    ``change`` holds the keys ``direction``, ``from``, ``to`` and, when the
    text gives them, ``from_period`` and ``to_period``.
    """

    doc: Any
    section: Optional[str]
    kind: str
    value: Decimal
    unit: str
    qualifier: str
    subject: Optional[str]
    change: Optional[Change]
    period: Optional[str]
    status: str
    """``achieved``, ``target``, ``baseline`` or ``context`` (SPEC; from
    the library version that sets it)."""
    lang: str
    """The language of the rule set that read the text (``en``)."""
    span: Tuple[int, int]
    """Byte offsets into the UTF-8 encoded text."""
    char_span: Tuple[int, int]
    """The same bounds as Python string indices."""
    text: str
    rule: str

class Quantity(TypedDict):
    """A layer-1 quantity."""

    value: Decimal
    unit: str
    qualifier: str
    range_end: Optional[Decimal]
    span: Tuple[int, int]
    char_span: Tuple[int, int]
    text: str

class RuleError(ValueError):
    """A rule file or folder could not be loaded.

    ``str(err)`` lists every problem as ``file:line:column: message`` with
    the source line.
    """

    diagnostics: List[dict]
    """Every problem: dicts with ``file``, ``line``, ``column`` (1-based, or
    None), ``message`` and ``rule`` (or None)."""
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    message: Optional[str]

class Extractor:
    """Extracts indicator records and quantities from text.

    ``rules`` is a rule file (extending or overriding the English set) or
    a folder (a complete rule set); ``lang`` picks an embedded rule set.
    Raises ``RuleError`` for broken rules, ``ValueError`` for an unknown
    language.
    """

    def __init__(
        self,
        rules: Union[str, "os.PathLike[str]", None] = None,
        lang: Optional[str] = None,
    ) -> None: ...
    def extract(self, text: str, doc: Any = None) -> List[Record]:
        """The indicator records of one text, in text order."""
    def extract_many(
        self,
        texts: Iterable[str],
        ids: Optional[Iterable[Any]] = None,
        threads: Optional[int] = None,
    ) -> List[Record]:
        """The records of many texts in input order, extracted on
        ``threads`` threads (default: every core) without the GIL; ``doc``
        is ``ids[i]``, or ``i`` without ids."""
    def quantities(self, text: str) -> List[Quantity]:
        """Every number, money amount and percentage of ``text``."""
    @property
    def kinds(self) -> List[str]:
        """The kind ids of the rule set."""

def extract(text: str, doc: Any = None, lang: Optional[str] = None) -> List[Record]:
    """The indicator records of ``text`` with an embedded rule set."""

def quantities(text: str) -> List[Quantity]:
    """Every number, money amount and percentage of ``text``."""

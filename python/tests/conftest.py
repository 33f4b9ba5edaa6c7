"""Shared fixtures: the repository's paths, the bundled sample read the way
the batch tool reads it, and the batch tool's own records for comparison."""

import json
import os
import pathlib
import subprocess
from decimal import Decimal
from typing import Any, Dict, List, Tuple

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = REPO / "examples" / "sample"


def sample_docs() -> List[Dict[str, Any]]:
    """The sample's documents in the batch tool's order (files in path
    order; a .txt file's id is its name without extension, a leading BOM
    dropped; a .jsonl file gives one document a non-blank line)."""
    docs = []
    for path in sorted(SAMPLE.rglob("*")):
        if path.suffix == ".txt":
            docs.append({"id": path.stem, "text": path.read_text(encoding="utf-8-sig")})
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    docs.append(json.loads(line))
    return docs


def batch_tool() -> pathlib.Path:
    """The batch tool's binary: $NM_EXTRACT_BIN, else the release build
    under target/, built first if missing."""
    given = os.environ.get("NM_EXTRACT_BIN")
    if given:
        return pathlib.Path(given)
    binary = REPO / "target" / "release" / "examples" / "extract"
    if not binary.exists():
        subprocess.run(
            ["cargo", "build", "--release", "--example", "extract"], cwd=REPO, check=True
        )
    return binary


def run_batch(*args: str) -> List[Dict[str, Any]]:
    """The batch tool's JSONL records for `args` (inputs and options)."""
    out = subprocess.run(
        [str(batch_tool()), *args], cwd=REPO, check=True, capture_output=True, text=True
    )
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def as_json(record: Dict[str, Any]) -> Dict[str, Any]:
    """A Python record in the batch tool's JSON form: exact decimal strings,
    spans as lists, no char_span."""

    def plain(v: Any) -> Any:
        if isinstance(v, Decimal):
            return format(v, "f")
        if isinstance(v, tuple):
            return list(v)
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        return v

    return {k: plain(v) for k, v in record.items() if k != "char_span"}


def as_batch_json(row: Dict[str, Any]) -> Dict[str, Any]:
    """An Arrow or Parquet row in the batch tool's JSON form: a change
    without its absent years (its null `from`/`to` stay: a change amount
    has neither), `meta` parsed, and left out when the document had none."""
    if row["change"] is not None:
        row["change"] = {
            k: v
            for k, v in row["change"].items()
            if v is not None or k in ("from", "to")
        }
    meta = row.pop("meta")
    if meta is not None:
        row["meta"] = json.loads(meta)
    return row


def by_doc(records: List[Dict[str, Any]]) -> Dict[Any, List[Tuple]]:
    """Records grouped by doc, each doc's in order, as sorted-key tuples."""
    out: Dict[Any, List[Tuple]] = {}
    for r in records:
        out.setdefault(r["doc"], []).append(json.dumps(r, sort_keys=True))
    return out


@pytest.fixture(scope="session")
def sample() -> List[Dict[str, Any]]:
    return sample_docs()


@pytest.fixture(scope="session")
def batch_sample() -> List[Dict[str, Any]]:
    return run_batch("examples/sample")

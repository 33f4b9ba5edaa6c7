"""The Spark job on local[2]: its Parquet rows equal the batch tool's
records for the same input, read from JSONL and from Parquet."""

import json
import pathlib
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import narrative_metrics as nm

from conftest import REPO, as_batch_json, by_doc, run_batch, sample_docs

JOB = REPO / "python" / "examples" / "spark_extract.py"


def spark_job(*args):
    """Runs the job as a user would: this interpreter, no variables set."""
    return subprocess.run(
        [sys.executable, str(JOB), "--master", "local[2]", *args],
        capture_output=True,
        text=True,
        timeout=900,
    )


def parquet_records(folder):
    """The job's rows in the batch tool's JSON form: a change without its
    absent periods, no meta when the document had no other field."""
    return [as_batch_json(row) for row in pq.read_table(folder).to_pylist()]


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """The sample as one folder of JSONL files (two files, so Spark reads
    more than one), and the same documents as Parquet."""
    root = tmp_path_factory.mktemp("docs")
    docs = sample_docs()
    jsonl = root / "jsonl"
    jsonl.mkdir()
    half = len(docs) // 2
    for name, part in (("a.jsonl", docs[:half]), ("b.jsonl", docs[half:])):
        with open(jsonl / name, "w", encoding="utf-8") as f:
            for d in part:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
    # Parquet: id and text, and one more column, kept as meta.
    table = pa.table(
        {
            "id": [d["id"] for d in docs],
            "text": [d["text"] for d in docs],
            "country": [d.get("country") for d in docs],
        }
    )
    parquet = root / "docs.parquet"
    pq.write_table(table, parquet)
    return root, docs


def test_spark_records_equal_the_batch_tool_from_jsonl(documents, tmp_path):
    root, docs = documents
    out = tmp_path / "records"
    job = spark_job("--input", str(root / "jsonl"), "--output", str(out))
    assert job.returncode == 0, job.stderr[-3000:]
    assert f"{len(docs)} documents read" in job.stderr
    expected = run_batch(str(root / "jsonl"))
    got = parquet_records(out)
    assert len(got) == len(expected) > 100
    assert f"{len(expected)} records written, 0 documents skipped" in job.stderr
    assert by_doc(got) == by_doc(expected)
    # Every field of the batch tool's records is a column, in its order.
    columns = pq.read_schema(next(out.glob("*.parquet"))).names
    assert columns == [k for k in expected[0] if k != "meta"] + ["meta"]


def test_spark_records_equal_the_batch_tool_from_parquet(documents, tmp_path):
    root, docs = documents
    out = tmp_path / "records"
    job = spark_job("--input", str(root / "docs.parquet"), "--output", str(out), "--lang", "en")
    assert job.returncode == 0, job.stderr[-3000:]
    # The batch tool on the same documents: id, text and country.
    same = tmp_path / "same.jsonl"
    with open(same, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "text": d["text"], "country": d.get("country")}) + "\n")
    expected = run_batch(str(same))
    assert by_doc(parquet_records(out)) == by_doc(expected)


def test_spark_job_skips_bad_lines_and_fails(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "ok", "text": "We trained 40 midwives."}\nnot json\n{"id": "x"}\n\n',
        encoding="utf-8",
    )
    out = tmp_path / "records"
    job = spark_job("--input", str(src), "--output", str(out))
    assert job.returncode == 1, job.stderr[-3000:]
    assert "1 documents read, 1 records written, 2 documents skipped" in job.stderr
    assert "invalid JSON" in job.stderr and 'missing field "text"' in job.stderr
    assert [r["doc"] for r in parquet_records(out)] == ["ok"]
    # A language without a rule set in this build stops the job before
    # Spark starts; one with a rule set runs.
    clean = tmp_path / "clean.jsonl"
    clean.write_text('{"id": "ok", "text": "Nous avons formé 40 sages-femmes."}\n', encoding="utf-8")
    fr = spark_job("--input", str(clean), "--output", str(tmp_path / "fr"), "--lang", "fr")
    if "fr" in nm.LANGS:
        assert fr.returncode == 0, fr.stderr[-3000:]
    else:
        assert fr.returncode == 2 and "no rule set for language" in fr.stderr

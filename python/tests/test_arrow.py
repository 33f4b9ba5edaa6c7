"""narrative_metrics.arrow without Spark: schema, documents, batches."""

import json

import pyarrow as pa

from narrative_metrics import arrow
from conftest import as_batch_json, by_doc, sample_docs


def test_schema_has_the_batch_tools_fields_in_order(batch_sample):
    names = arrow.schema().names
    assert names == [k for k in batch_sample[0] if k != "meta"] + ["meta"]
    ddl = arrow.spark_ddl(arrow.schema())
    assert "`span` ARRAY<BIGINT>" in ddl and "`from`: STRING" in ddl


def test_batches_equal_the_batch_tool_on_the_sample(batch_sample):
    lines = [json.dumps(d, ensure_ascii=False) for d in sample_docs()]
    batch = pa.RecordBatch.from_pydict({"value": lines + ["", "\ufeff"]})
    out = list(arrow.extract_batches([batch, batch.slice(0, 0)]))
    assert len(out) == 2 and out[1].num_rows == 0
    rows = out[0].to_pylist()
    assert by_doc([as_batch_json(row) for row in rows]) == by_doc(batch_sample)


def test_bad_lines_are_reported_and_counted():
    class Counter:
        value = 0

        def add(self, n):
            self.value += n

    lines = ['{"id": 7, "text": "We held 3 workshops."}', "[1]", "{", '{"text": 5}', '{"id": [1], "text": "x"}']
    batch = pa.RecordBatch.from_pydict({"value": lines, "source": ["f.jsonl"] * len(lines)})
    counters = (Counter(), Counter(), Counter())
    problems = []
    (out,) = arrow.extract_batches([batch], counters=counters, report=problems.append)
    assert [c.value for c in counters] == [1, 1, 4]
    assert out.to_pylist()[0]["doc"] == "7"
    assert len(problems) == 4 and all(p.startswith("f.jsonl: ") for p in problems)

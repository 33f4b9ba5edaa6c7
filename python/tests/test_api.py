"""The Python API: records, spans, exact values, rule errors, extract_many."""

import gc
import pathlib
import threading
import time
from decimal import Decimal

import pytest

import narrative_metrics as nm
from conftest import REPO, as_json, by_doc

SPEC_FIELDS = [
    "doc", "section", "kind", "value", "unit", "qualifier", "subject",
    "change", "period", "span", "text", "rule",
]


def test_record_fields_types_and_values():
    text = "The grant, worth 640,000 euros, reached over 2,000 women in 2023."
    records = nm.extract(text, doc="note-1")
    assert [r["text"] for r in records] == ["640,000 euros", "over 2,000"]
    money, women = records
    for field in SPEC_FIELDS + ["char_span"]:
        assert field in money
    assert money["doc"] == "note-1"
    assert money["value"] == Decimal("640000") and type(money["value"]) is Decimal
    assert (money["unit"], money["kind"], money["subject"]) == ("EUR", "funding", None)
    assert (women["qualifier"], women["subject"], women["period"]) == ("more_than", "women", "2023")
    assert women["kind"] == "beneficiaries"
    assert women["change"] is None and women["section"] is None


def test_doc_is_the_given_object_or_none():
    assert nm.extract("We held 3 workshops.")[0]["doc"] is None
    assert nm.extract("We held 3 workshops.", doc=42)[0]["doc"] == 42


def test_values_are_exact_decimals_with_scale_and_sign():
    records = nm.extract(
        "A $1.95m grant. Income fell from 7.318.450 USD in 2022 to "
        "5.489.002 in 2023 (-25% decrease). We reached 0.5 million people."
    )
    values = {r["text"]: r["value"] for r in records}
    assert values["$1.95m"] == Decimal("1950000")
    assert str(values["$1.95m"]) == "1950000"
    assert values["-25%"] == Decimal("-25")
    assert values["0.5 million"] == Decimal("500000")
    change = next(r["change"] for r in records if r["text"] == "7.318.450 USD")
    assert change["direction"] == "decrease"
    assert change["from"] == Decimal("7318450") and type(change["from"]) is Decimal
    assert change["to"] == Decimal("5489002")
    assert all(type(r["value"]) is Decimal for r in records)


def test_char_span_slices_python_strings_over_non_ascii_text():
    text = (
        "Déjà vu: the café coöperative (北京 office 🎉) paid €5 million and "
        "reached 2 500 “women” and over 1,200 naïve élèves—plus 45% of ‘staff’."
    )
    records = nm.extract(text)
    quantities = nm.quantities(text)
    assert len(records) >= 3 and len(quantities) >= 3
    data = text.encode("utf-8")
    for r in records + quantities:
        a, b = r["char_span"]
        assert text[a:b] == r["text"]
        assert data[r["span"][0]:r["span"][1]].decode("utf-8") == r["text"]
    # The text is not ASCII before its figures: bytes and indices differ.
    assert all(r["span"] != r["char_span"] for r in records)


def test_char_spans_on_the_sample(sample):
    ex = nm.Extractor()
    moved = 0
    for doc in sample:
        text = doc["text"]
        for r in ex.extract(text, doc=doc["id"]):
            assert text[slice(*r["char_span"])] == r["text"]
            assert text.encode()[slice(*r["span"])].decode() == r["text"]
            moved += r["span"] != r["char_span"]
    # The sample's texts are not all ASCII: the two spans do differ.
    assert moved > 0


def test_records_equal_the_batch_tool_on_the_sample(sample, batch_sample):
    ex = nm.Extractor()
    ours = [as_json(r) for d in sample for r in ex.extract(d["text"], doc=d["id"])]
    theirs = [{k: v for k, v in r.items() if k != "meta"} for r in batch_sample]
    assert len(ours) == len(theirs) > 0
    assert by_doc(ours) == by_doc(theirs)


def test_quantities():
    found = nm.quantities("about 1.6 billion views, between 10 and 20 wells, 45%")
    assert [q["text"] for q in found] == ["about 1.6 billion", "between 10 and 20", "45%"]
    assert found[0]["value"] == Decimal("1600000000") and found[0]["qualifier"] == "approx"
    assert found[1]["range_end"] == Decimal("20") and type(found[1]["range_end"]) is Decimal
    assert found[2]["unit"] == "%" and found[2]["range_end"] is None
    assert nm.Extractor().quantities("45%") == [found[2] | {"span": (0, 3), "char_span": (0, 3)}]


def test_lang():
    text = "We trained 40 midwives."
    assert nm.extract(text, lang="en") == nm.extract(text)
    assert "en" in nm.LANGS
    with pytest.raises(ValueError, match="no rule set for language"):
        nm.extract(text, lang="xx")
    with pytest.raises(ValueError, match="no rule set for language"):
        nm.Extractor(lang="xx")
    with pytest.raises(ValueError, match="not both"):
        nm.Extractor(rules=REPO / "rules" / "en", lang="en")


def test_rule_file_extends_the_english_set(tmp_path):
    rules = tmp_path / "water.toml"
    rules.write_text('[[kind]]\nid = "water"\nnouns = ["boreholes"]\n', encoding="utf-8")
    ex = nm.Extractor(rules=rules)
    assert "water" in ex.kinds and "funding" in ex.kinds
    assert ex.extract("We drilled 12 boreholes.")[0]["kind"] == "water"
    assert nm.extract("We drilled 12 boreholes.")[0]["kind"] != "water"
    assert repr(ex).startswith("Extractor(rules=")
    # A folder is a complete rule set: the repository's English one.
    folder = nm.Extractor(rules=str(REPO / "rules" / "en"))
    assert folder.kinds == nm.Extractor().kinds


def test_bad_rule_file_raises_with_file_line_column(tmp_path):
    rules = tmp_path / "bad.toml"
    rules.write_text('[[kind]]\nid = "x"\nnouns = ["wells"]\n\n[[kind]]\nid = 3\n', encoding="utf-8")
    with pytest.raises(nm.RuleError) as caught:
        nm.Extractor(rules=rules)
    err = caught.value
    assert isinstance(err, ValueError)
    assert err.file == str(rules)
    assert (err.line, err.column) == (6, 6)
    assert err.message and err.diagnostics[0]["message"] == err.message
    assert str(err).startswith(f"{rules}:6:6: ")


def test_missing_rules_raise_without_a_position(tmp_path):
    with pytest.raises(nm.RuleError) as caught:
        nm.Extractor(rules=tmp_path / "nowhere")
    assert caught.value.line is None and caught.value.column is None
    assert "nowhere" in str(caught.value)


def test_bad_rule_messages_equal_the_librarys_golden_files(tmp_path, monkeypatch):
    # The library's golden files hold the message for each bad file read
    # alone, named by its path from the repository. A folder is read alone
    # (a file would extend the English set), so each file goes into a
    # folder of the same relative path, with nothing else in it.
    monkeypatch.chdir(tmp_path)
    bad = sorted((REPO / "tests" / "data" / "bad-rules").glob("*.toml"))
    assert bad
    for path in bad:
        folder = tmp_path / path.stem / "tests" / "data" / "bad-rules"
        folder.mkdir(parents=True)
        (folder / path.name).write_bytes(path.read_bytes())
        monkeypatch.chdir(tmp_path / path.stem)
        with pytest.raises(nm.RuleError) as caught:
            nm.Extractor(rules="tests/data/bad-rules")
        expected = path.with_suffix(".err").read_text(encoding="utf-8")
        assert str(caught.value).rstrip("\n") == expected.rstrip("\n"), path.name
        first = caught.value.diagnostics[0]
        assert expected.startswith(f"{first['file']}:{first['line']}:{first['column']}: ")
        assert (caught.value.line, caught.value.column) == (first["line"], first["column"])


def corpus(sample, copies):
    """`copies` copies of the sample, as (texts, ids)."""
    texts = [d["text"] for _ in range(copies) for d in sample]
    ids = [f"{d['id']}#{k}" for k in range(copies) for d in sample]
    return texts, ids


def test_extract_many_equals_extract_in_order_for_any_thread_count(sample):
    # 60 copies of the sample (~0.9 MB) make a dozen chunks of work.
    texts, ids = corpus(sample, 60)
    ex = nm.Extractor()
    expected = [r for t, i in zip(texts, ids) for r in ex.extract(t, doc=i)]
    assert len(expected) > 10_000
    for threads in (1, 2, 3, 8, None):
        assert ex.extract_many(texts, ids=ids, threads=threads) == expected, threads


def test_extract_many_without_ids_uses_positions(sample):
    texts = [d["text"] for d in sample]
    ex = nm.Extractor()
    expected = [r for i, t in enumerate(texts) for r in ex.extract(t, doc=i)]
    assert ex.extract_many(texts, threads=2) == expected
    # Any iterable of str: a generator, a tuple.
    assert ex.extract_many(iter(texts), ids=tuple(range(len(texts)))) == expected


def test_extract_many_edge_cases():
    ex = nm.Extractor()
    assert ex.extract_many([]) == []
    assert ex.extract_many(["", "no figures here"], threads=4) == []
    with pytest.raises(ValueError, match="at least 1"):
        ex.extract_many(["7 wells"], threads=0)
    with pytest.raises(ValueError, match="2 ids for 1 texts"):
        ex.extract_many(["7 wells"], ids=["a", "b"])
    with pytest.raises(TypeError, match=r"texts\[1\] is NoneType"):
        ex.extract_many(["7 wells", None])
    with pytest.raises(ValueError, match="not one str"):
        ex.extract_many("7 wells")


def test_extract_many_lets_other_threads_run(sample):
    texts, ids = corpus(sample, 400)  # ~6 MB: about a hundred chunks
    ex = nm.Extractor()
    ticks = []
    running = threading.Event()
    done = threading.Event()

    def ticker():
        running.set()
        while not done.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    running.wait()
    start = time.monotonic()
    ex.extract_many(texts, ids=ids, threads=2)
    end = time.monotonic()
    done.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    # Holding the GIL for the whole call would allow a tick or two at its
    # edges; letting it go while waiting for each chunk allows many.
    assert len(during) >= 10, (len(during), end - start)


def test_extract_many_shares_equal_values_and_ascii_spans(sample):
    # Equal decimals and subjects are one object within a call, and an
    # ASCII prefix makes char_span the span tuple itself: all immutable,
    # so sharing saves memory without changing what a record reads as.
    texts, ids = corpus(sample, 2)
    records = nm.Extractor().extract_many(texts, ids=ids)
    half = len(records) // 2
    for a, b in zip(records[:half], records[half:]):
        assert a["value"] is b["value"] and a["subject"] is b["subject"]
    for r in records:
        if r["span"] == r["char_span"]:
            assert r["char_span"] is r["span"]
    plain = nm.extract("We trained 40 midwives.")[0]
    assert plain["char_span"] is plain["span"] == (11, 13)
    accented = nm.extract("Déjà 40 midwives.")[0]
    assert accented["span"] == (7, 9) and accented["char_span"] == (5, 7)


def test_extract_many_past_the_shared_tables_limit():
    # More distinct values and subjects than a call keeps for sharing
    # (2**16): those past the limit are made one by one, still exact.
    n = 70_000
    texts = [f"We trained {100_000 + k} nurses{k}." for k in range(n)]
    records = nm.Extractor().extract_many(texts, threads=2)
    assert [r["value"] for r in records] == [Decimal(100_000 + k) for k in range(n)]
    assert all(type(r["value"]) is Decimal for r in records[-10:])
    assert [r["doc"] for r in records[-3:]] == [n - 3, n - 2, n - 1]
    assert records[-1]["subject"] == f"nurses{n - 1}", records[-1]


def test_records_without_a_change_are_not_tracked_by_the_gc():
    records = nm.extract("We trained 40 midwives. Sales rose from 10 to 12 wells.")
    plain = [r for r in records if r["change"] is None]
    assert plain and not any(gc.is_tracked(r) for r in plain)
    assert not gc.is_tracked(plain[0]["span"]) and not gc.is_tracked(plain[0]["char_span"])


def test_public_api_has_docstrings():
    for obj in (nm, nm.extract, nm.quantities, nm.to_pandas, nm.Extractor,
                nm.Extractor.extract, nm.Extractor.extract_many,
                nm.Extractor.quantities, nm.RuleError):
        assert obj.__doc__ and len(obj.__doc__) > 40, obj
    stubs = pathlib.Path(nm.__file__).with_name("_native.pyi")
    assert stubs.exists() and pathlib.Path(nm.__file__).with_name("py.typed").exists()


def test_readme_python_lines_run_and_say_what_they_show():
    # The block for the root README: each line runs, and a line ending in
    # `# (…)` shows what its expression gives.
    readme = (REPO / "python" / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- root-readme:start -->")[1].split("<!-- root-readme:end -->")[0]
    code = block.split("```python\n")[1].split("```")[0]
    scope = {}
    shown = 0
    for line in code.splitlines():
        expr, _, comment = line.partition("  # ")
        exec(expr, scope)
        if comment.startswith("("):
            assert eval(expr, scope) == eval(comment, {"Decimal": Decimal}), line
            shown += 1
    assert shown == 1 and len(code.splitlines()) == 5
    assert list(scope["frame"]["doc"]) == ["a", "b"]

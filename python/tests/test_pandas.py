"""to_pandas: exact values, typed columns, nulls as NA."""

from decimal import Decimal

import pandas as pd
import pytest

import narrative_metrics as nm

TEXT = (
    "The grant, worth 640,000 euros, reached over 2,000 women in 2015-2019. "
    "Income fell from 7.318.450 USD in 2022 to 5.489.002 in 2023. "
    "We held 3 workshops."
)


def test_values_stay_exact_decimals():
    records = nm.extract(TEXT, doc="d")
    df = nm.to_pandas(records)
    assert len(df) == len(records)
    assert df["value"].dtype == object
    assert all(type(v) is Decimal for v in df["value"])
    assert list(df["value"]) == [r["value"] for r in records]
    assert df["value"].sum() == sum(r["value"] for r in records)


def test_values_as_strings():
    df = nm.to_pandas(nm.extract(TEXT), values="string")
    assert str(df["value"].dtype) == "string"
    assert "7318450" in list(df["value"])
    with pytest.raises(ValueError):
        nm.to_pandas([], values="float")


def test_columns_are_typed_and_flattened():
    df = nm.to_pandas(nm.extract(TEXT, doc="d"))
    assert list(df.columns[:3]) == ["doc", "section", "kind"]
    for col in ("doc", "section", "kind", "unit", "qualifier", "subject", "period", "text", "rule"):
        assert str(df[col].dtype) == "string", col
    for col in ("span_start", "span_end", "char_span_start", "char_span_end"):
        assert str(df[col].dtype) == "Int64", col
    assert "2015-2019" in list(df["period"])
    assert df["section"].isna().all()
    assert df["subject"].isna().any() and (df["subject"] == "women").any()
    changed = df[df["change_direction"].notna()]
    assert len(changed) >= 2
    assert set(changed["change_direction"]) == {"decrease"}
    assert all(type(v) is Decimal for v in changed["change_from"])
    assert df.loc[df["change_direction"].isna(), "change_from"].isna().all()
    assert list(df.columns).index("change_direction") < list(df.columns).index("change_from_period")


def test_integer_ids_keep_an_integer_column():
    df = nm.to_pandas(nm.Extractor().extract_many(["7 wells", "We held 3 workshops."]))
    assert str(df["doc"].dtype) == "Int64"
    assert list(df["doc"]) == [0, 1]


def test_quantities_and_empty():
    df = nm.to_pandas(nm.quantities("between 10 and 20 wells, 45%"))
    assert list(df["range_end"]) == [Decimal("20"), pd.NA]
    empty = nm.to_pandas([])
    assert len(empty) == 0 and "value" in empty.columns and "change_direction" in empty.columns

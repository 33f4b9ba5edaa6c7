//! Helpers of the unit tests of layer 2: figures placed by hand in a text
//! and read into records, and a deterministic generator of inputs.

use crate::quantity::Quantity;
use crate::record::{Currency, Qualifier, Span, Unit};
use crate::rules::RuleSet;

use super::parts::index_document;
use super::records::records;
use super::Scratch;

/// A hand-built quantity: `figure` (its `nth` occurrence) in `text`.
pub(super) struct Q {
    pub(super) figure: &'static str,
    pub(super) nth: usize,
    pub(super) value: &'static str,
    pub(super) unit: Unit,
    pub(super) qualifier: Qualifier,
    pub(super) signed: bool,
    pub(super) range_end: Option<&'static str>,
}

pub(super) fn n(figure: &'static str, value: &'static str) -> Q {
    Q {
        figure,
        nth: 0,
        value,
        unit: Unit::Number,
        qualifier: Qualifier::Exact,
        signed: false,
        range_end: None,
    }
}

pub(super) fn money(
    figure: &'static str,
    value: &'static str,
    code: &str,
) -> Q {
    Q {
        unit: Unit::Currency(Currency::new(code).unwrap()),
        ..n(figure, value)
    }
}

pub(super) fn pct(figure: &'static str, value: &'static str) -> Q {
    Q {
        unit: Unit::Percent,
        signed: figure.starts_with(['+', '-']),
        ..n(figure, value)
    }
}

pub(super) fn run(text: &str, qs: Vec<Q>) -> Vec<crate::record::OwnedRecord> {
    let mut built = Vec::new();
    let mut from = 0;
    for q in qs {
        let mut at = 0;
        for _ in 0..=q.nth {
            at = from + text[from..].find(q.figure).expect("figure in text");
            from = at + q.figure.len();
        }
        let span = Span { start: at, end: at + q.figure.len() };
        built.push(Quantity {
            value: q.value.parse().unwrap(),
            unit: q.unit,
            qualifier: q.qualifier,
            range_end: q.range_end.map(|v| v.parse().unwrap()),
            span,
            text: &text[span.start..span.end],
            signed: q.signed,
            core: span,
            scale: None,
        });
    }
    let rules = RuleSet::english();
    let mut s = Scratch::new();
    let mut out = Vec::new();
    index_document(rules.compiled(), &mut s, text);
    records(rules.compiled(), &mut s, "d", text, &built, &mut out);
    out.iter().map(crate::record::OwnedRecord::from).collect()
}

/// A deterministic xorshift generator: `next(n)` is below `n`.
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

/*!
Exact, traceable quantified results from narrative progress reports.

Monitoring-and-evaluation notes bury their results in prose: "trained 1,800
community health workers", "a grant worth 640,000 euros", "income fell from
7.318.450 USD in 2022 to 5.489.002 in 2023 (-25% decrease)", "three thousand
four hundred and twelve smallholder farmers". This crate turns them
into typed records with exact values (`rust_decimal::Decimal`, never a float)
and the byte span of the text each figure came from.

# Contents

- [Overview](#overview): the two layers
- [Quick start](#quick-start)
- [Rule files](#rule-files)
- [Records](#records)
- [Performance](#performance)
- [Robustness](#robustness)
- [Crate features](#crate-features)

# Overview

1. **Quantities** (layer 1): every number, money amount and percentage in a
   text, with its exact value, unit (an ISO 4217 code, `%`, `pp` or a plain
   number), qualifier ("over", "about"…), range end and span. Years, dates,
   ages, durations, ordinals, identifiers (`XM-DAC-41146-MLI_O_2`, `CSW67`),
   phone and list numbers are never quantities. See [`quantities`] and
   [`Quantity`].
2. **Indicators** (layer 2): a [`RuleSet`] turns quantities into
   [`Record`]s: what was counted (kind and subject), direction of change,
   period and section. See [`Extractor`].

Both layers are driven by data: the English rule set under `rules/en/` is
embedded in the library, and the same files can be loaded at run time. The
algorithm, and the hard cases it gets right, are described in `DESIGN.md`
at the root of the crate's source (it ships in the package).

# Quick start

```
use narrative_metrics::{quantities, Extractor, Unit};

// Layer 1: every figure, typed and exact.
let text = "The grant, worth 640,000 euros, reached over 2,000 women in 2023.";
let found: Vec<_> = quantities(text).collect();
assert_eq!(found.len(), 2);
assert_eq!(found[0].text(), "640,000 euros");
assert_eq!(found[0].value().to_string(), "640000");
assert_eq!(found[0].unit().as_str(), "EUR");
assert_eq!(found[1].text(), "over 2,000");

// Layer 2: indicator records with kind, subject and period.
let extractor = Extractor::new();
let records = extractor.extract("note-1", text);
assert_eq!(records[1].kind, "beneficiaries");
assert_eq!(records[1].subject, Some("women"));
assert_eq!(records[1].period.map(|p| p.to_string()).as_deref(), Some("2023"));
assert_eq!(records[1].unit, Unit::Count);
Ok::<(), Box<dyn std::error::Error>>(())
```

For many documents, reuse one [`Scratch`] per thread with
[`Extractor::extract_with`]; an [`Extractor`] is cheap to clone and is
`Send + Sync`.

# Rule files

Rule files are TOML. A file whose name starts with `lexicon` holds layer 1's
language data (number words, scale words, currencies, percent words,
qualifiers, exclusion words); every other file holds layer 2's rules (kinds
and their nouns, exclusions, changes, periods, sections). Adding a currency,
a counted noun, a kind or an exclusion is an edit to a rule file, not to
Rust code. [`RuleSet::load`] reads a file or a folder; a broken file gives a
[`RuleError`] listing every problem with file, line and column.

# Records

A [`Record`] serializes (with serde) to exactly the JSON object of the
project's SPEC: `doc`, `section`, `kind`, `value` (an exact decimal string),
`unit`, `qualifier`, `subject`, `change`, `period`, `status`, `lang`,
`span`, `text`, `rule`. It borrows only the document id and text, so it
outlives the [`Extractor`] that made it; [`OwnedRecord`] owns its strings
and also reads that JSON back. Values are [`Decimal`]s, re-exported here.
A [`Quantity`] serializes to the quantity record (without `doc`, which the
caller adds).

# Performance

The scanner reads each byte once; only digits and words that can start a
numeral are candidates, and each candidate is confirmed by a cursor parser
that looks a bounded distance around it. Rules run only on a bounded window
around each quantity, never once per rule over the document. Nothing is
allocated per byte or per candidate. The README gives measured throughput.

# Robustness

The text path cannot fail and never panics, whatever the input: any
`&str`, of any size, gives quantities and records in time linear in its
length. Values beyond `Decimal`'s exact range are dropped, never rounded.
Only rule loading returns errors. The crate has no `unsafe` code.

# Crate features

None: the crate has no optional features.
*/

#![forbid(unsafe_code)]
#![deny(missing_docs, rustdoc::broken_intra_doc_links)]
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::panic))]
#![warn(missing_debug_implementations)]

mod error;
mod extract;
mod intern;
mod quantity;
mod record;
mod rules;
mod segment;
mod word;

pub use crate::error::{Diagnostic, FieldError, Position, RuleError};
pub use crate::extract::{Document, Extractor, ExtractorBuilder, Scratch};
pub use crate::quantity::{Lexicon, Quantities, Quantity};
pub use crate::record::{
    Change, Currency, Direction, OwnedRecord, Period, Qualifier, Record, Span,
    Status, Unit,
};
pub use crate::rules::{RuleSet, RuleSetBuilder};
/// The exact decimal type of every value, re-exported so that summing or
/// comparing values needs no direct dependency on `rust_decimal`.
pub use rust_decimal::Decimal;

/// Layer 1 with the embedded English lexicon: every quantity of `text`.
///
/// # Example
///
/// ```
/// use narrative_metrics::quantities;
///
/// let q: Vec<_> = quantities("two thousand five hundred and sixty-eight firms").collect();
/// assert_eq!(q[0].value().to_string(), "2568");
/// ```
pub fn quantities(text: &str) -> Quantities<'_> {
    Quantities::new(Lexicon::english(), text)
}

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/*!
Exact, traceable quantified results from narrative progress reports.

(Crate docs are completed with the layers; see README.md.)
*/

#![forbid(unsafe_code)]
#![deny(missing_docs, rustdoc::broken_intra_doc_links)]
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![warn(missing_debug_implementations)]

mod error;
mod extract;
mod quantity;
mod record;
mod rules;
mod segment;

pub use crate::error::{Diagnostic, Position, RuleError};
pub use crate::extract::{Extractor, ExtractorBuilder, Scratch};
pub use crate::quantity::{Lexicon, Quantities, Quantity};
pub use crate::record::{
    Change, Currency, Direction, OwnedChange, OwnedRecord, Qualifier, Record,
    Span, Unit,
};
pub use crate::rules::RuleSet;

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

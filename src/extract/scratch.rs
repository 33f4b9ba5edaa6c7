//! [`Scratch`]: the working buffers of layer 2, reused from document to
//! document, and the per-thread one behind [`Extractor::extract`].

use std::cell::RefCell;

use crate::quantity::Quantity;
use crate::record::Span;
use crate::rules::HintScratch;
use crate::segment;

use super::figure_subject::HeadingWalk;
use super::label_unit::LabelUnitCache;
use super::period::{HeadingCache, Year};
use super::records::Plan;
use super::status::StatusScratch;
use super::subject::Subject;
#[cfg(doc)]
use super::Extractor;

/// Reusable buffers for [`Extractor::extract_with`]: the quantity list,
/// sentence bounds, section index and per-figure working state. One per
/// thread; reusing it makes extraction allocation-free once warm.
///
/// # Example
///
/// ```
/// use narrative_metrics::Scratch;
///
/// let scratch = Scratch::new();
/// # let _ = scratch;
/// ```
#[derive(Debug, Default)]
pub struct Scratch {
    pub(crate) quantities: Vec<Quantity<'static>>,
    pub(super) sentences: Vec<usize>,
    pub(super) sections: Vec<Span>,
    pub(super) years: Vec<Year>,
    /// Where the heading of a list was last looked for.
    pub(super) heading: HeadingCache,
    pub(super) excluded_in_sentence: Vec<Span>,
    pub(super) excluded_in_line: Vec<Span>,
    /// Where the exclusion hint and the period hint may match in the
    /// part, and their working memory.
    pub(super) hints: HintScratch,
    pub(super) period_hints: HintScratch,
    /// Whether the period hint was searched in this document (see
    /// [`SHORT_SENTENCE`](super::exclusion::SHORT_SENTENCE)).
    pub(super) period_hinted: bool,
    /// The regions of the figures' sentences and of their lines, each in
    /// text order: where the hint is searched.
    pub(super) sentence_regions: Vec<Span>,
    pub(super) line_regions: Vec<Span>,
    /// The place in `sections` of the last record written.
    pub(super) section: segment::SectionCursor,
    pub(super) plans: Vec<Plan>,
    /// The status cues of the last window and the label of the last line.
    pub(super) status: StatusScratch,
    /// The units of the last table labels read (see `label_unit`).
    pub(super) label_units: LabelUnitCache,
    /// What the last table row's label or list heading named, by the
    /// label's start (or the line's, with no label) and whether there was
    /// a label: the figures of one row or line share it.
    pub(super) row_subject: Option<(usize, bool, Option<Subject>)>,
    /// The last line whose list heading was looked for, and its answer.
    pub(super) heading_walk: Option<HeadingWalk>,
    pub(super) key: String,
}

thread_local! {
    /// The buffers [`Extractor::extract`] reuses on this thread.
    pub(super) static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

/// The most entries (figures of a part, hint matches, sentences) whose
/// working buffers the per-thread scratch of [`Extractor::extract`]
/// keeps after a document (at most about 6 MB): larger buffers are
/// released, so one huge text does not pin its memory to the thread.
const SCRATCH_KEEP: usize = 1 << 15;

impl Scratch {
    /// Releases the buffers if a document grew them past
    /// [`SCRATCH_KEEP`] figures, hint matches or sentences.
    pub(super) fn trim(&mut self) {
        if self.quantities.capacity() > SCRATCH_KEEP
            || self.plans.capacity() > SCRATCH_KEEP
            || self.sentences.capacity() > SCRATCH_KEEP
            || self.sections.capacity() > SCRATCH_KEEP
            || self.hints.capacity() > SCRATCH_KEEP
            || self.period_hints.capacity() > SCRATCH_KEEP
        {
            *self = Scratch::new();
        }
    }

    /// Empty buffers.
    ///
    /// # Example
    ///
    /// ```
    /// let scratch = narrative_metrics::Scratch::new();
    /// # let _ = scratch;
    /// ```
    pub fn new() -> Scratch {
        Scratch::default()
    }
}

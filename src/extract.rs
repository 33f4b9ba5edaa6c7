//! The pipeline: quantities, then a bounded context window, then rules,
//! then records.
//!
//! (Skeleton: the rule engine lands with issue 3.)

use crate::quantity::{Quantities, Quantity};
use crate::record::Record;
use crate::rules::RuleSet;

/// Extracts indicator records (layer 2) and quantities (layer 1) from text.
///
/// Cheap to clone; `Send + Sync`, so one extractor serves every thread.
///
/// # Example
///
/// ```
/// use narrative_metrics::Extractor;
///
/// let extractor = Extractor::new();
/// let records = extractor.extract("note-1", "We trained 40 midwives in 2023.");
/// assert_eq!(records[0].value.to_string(), "40");
/// ```
#[derive(Clone, Debug)]
pub struct Extractor {
    rules: RuleSet,
}

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new()
    }
}

impl Extractor {
    /// An extractor with the embedded English rule set.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// let extractor = Extractor::new();
    /// assert_eq!(extractor.quantities("5 wells").count(), 1);
    /// ```
    pub fn new() -> Extractor {
        Extractor { rules: RuleSet::english() }
    }

    /// A builder to choose the rule set.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, RuleSet};
    ///
    /// let extractor = Extractor::builder().rules(RuleSet::english()).build();
    /// assert_eq!(extractor.quantities("5 wells").count(), 1);
    /// ```
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder { rules: None }
    }

    /// The rule set in use.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// assert!(Extractor::new().rules().kinds().count() > 0);
    /// ```
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Layer 1: every quantity of `text`, in text order.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// let q: Vec<_> = Extractor::new().quantities("about 1.6 billion views").collect();
    /// assert_eq!(q[0].value().to_string(), "1600000000");
    /// ```
    pub fn quantities<'t>(&self, text: &'t str) -> Quantities<'t> {
        Quantities::new(self.rules.lexicon(), text)
    }

    /// Layer 2: the indicator records of one document.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// let records = Extractor::new().extract("d", "We held 3 workshops.");
    /// assert_eq!(records[0].kind, "events");
    /// ```
    pub fn extract<'a>(
        &'a self,
        doc: &'a str,
        text: &'a str,
    ) -> Vec<Record<'a>> {
        let mut scratch = Scratch::new();
        let mut out = Vec::new();
        self.extract_with(&mut scratch, doc, text, &mut out);
        out
    }

    /// Layer 2 with caller-owned buffers: appends the records of one
    /// document to `out`, reusing `scratch` between calls.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, Scratch};
    ///
    /// let extractor = Extractor::new();
    /// let mut scratch = Scratch::new();
    /// let mut out = Vec::new();
    /// for (id, text) in [("a", "3 wells"), ("b", "4 wells")] {
    ///     out.clear();
    ///     extractor.extract_with(&mut scratch, id, text, &mut out);
    ///     assert_eq!(out.len(), 1);
    /// }
    /// ```
    pub fn extract_with<'a>(
        &'a self,
        scratch: &mut Scratch,
        doc: &'a str,
        text: &'a str,
        out: &mut Vec<Record<'a>>,
    ) {
        let _ = (scratch, doc, text, out);
    }
}

/// Builds an [`Extractor`].
///
/// # Example
///
/// ```
/// use narrative_metrics::{Extractor, RuleSet};
///
/// let e = Extractor::builder().rules(RuleSet::english()).build();
/// assert!(e.rules().kinds().count() > 0);
/// ```
#[derive(Clone, Debug)]
pub struct ExtractorBuilder {
    rules: Option<RuleSet>,
}

impl ExtractorBuilder {
    /// Uses `rules` instead of the embedded English set.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, RuleSet};
    ///
    /// let e = Extractor::builder().rules(RuleSet::english()).build();
    /// assert!(e.rules().kinds().any(|k| k == "funding"));
    /// ```
    pub fn rules(&mut self, rules: RuleSet) -> &mut ExtractorBuilder {
        self.rules = Some(rules);
        self
    }

    /// The extractor.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// let e = Extractor::builder().build();
    /// assert_eq!(e.quantities("7 schools").count(), 1);
    /// ```
    pub fn build(&self) -> Extractor {
        Extractor {
            rules: self.rules.clone().unwrap_or_else(RuleSet::english),
        }
    }
}

/// Reusable buffers for [`Extractor::extract_with`]: candidate list,
/// sentence bounds, section index. One per thread.
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
}

impl Scratch {
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

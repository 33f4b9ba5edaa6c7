//! [`Status`]: whether a figure is a result, a plan, a starting point or a
//! statistic about the world.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a figure is, so that an analyst who totals results adds no target,
/// baseline or national statistic to them (SPEC, "What happened to the
/// figure").
///
/// # Example
///
/// ```
/// use narrative_metrics::{Extractor, Status};
///
/// let extractor = Extractor::new();
/// let records = extractor.extract("d", "We trained 40 midwives.");
/// assert_eq!(records[0].status, Status::Achieved);
/// assert_eq!(Status::Target.as_str(), "target");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// An actual figure about the programme, the organisation or its
    /// partners: results, outputs, money received or spent, present facts.
    Achieved,
    /// Planned, targeted, expected, required (appeals) or budgeted.
    Target,
    /// The earlier value of a stated change or comparison, or a value
    /// labelled baseline.
    Baseline,
    /// A statistic about the world rather than the programme: needs,
    /// prevalence, national or global figures.
    Context,
}

impl Status {
    /// The status as SPEC writes it.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Status;
    ///
    /// assert_eq!(Status::Context.as_str(), "context");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::Target => "target",
            Status::Baseline => "baseline",
            Status::Context => "context",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

//! [`Change`] and [`Direction`]: what happened to a figure.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{decimal, Period};

/// The direction of a stated change.
///
/// # Example
///
/// ```
/// use narrative_metrics::Direction;
///
/// assert_eq!(Direction::Decrease.as_str(), "decrease");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The figure went up.
    Increase,
    /// The figure went down.
    Decrease,
}

impl Direction {
    /// The direction as SPEC writes it.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Direction;
    ///
    /// assert_eq!(Direction::Increase.as_str(), "increase");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A change the text states, on every figure that takes part in it.
///
/// Three shapes share this one type (SPEC, "What happened to the figure"):
/// - both sides of "from X to Y" carry `from: Some(X)`, `to: Some(Y)`,
///   with the years where the text states them;
/// - the amount of a change ("increased by 40 per cent", "a reduction of
///   £120 million") carries neither value: the record's own value is the
///   amount, signed for percentages, positive for money and counts;
/// - a level reached by a change ("grew by 3.4% to £5,210 million")
///   carries `to: Some(level)` only.
///
/// # Example
///
/// ```
/// use narrative_metrics::{Change, Decimal, Direction};
///
/// let change = Change {
///     direction: Direction::Increase,
///     from: Some(Decimal::from(12)),
///     to: Some(Decimal::from(25)),
///     from_period: None,
///     to_period: None,
/// };
/// let json = serde_json::to_string(&change)?;
/// assert_eq!(json, r#"{"direction":"increase","from":"12","to":"25"}"#);
///
/// let amount = Change { from: None, to: None, ..change };
/// let json = serde_json::to_string(&amount)?;
/// assert_eq!(json, r#"{"direction":"increase","from":null,"to":null}"#);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Change {
    /// Up or down.
    pub direction: Direction,
    /// The earlier figure, when the text states it.
    #[serde(default, with = "decimal::option")]
    pub from: Option<Decimal>,
    /// The later figure (the level reached), when the text states it.
    #[serde(default, with = "decimal::option")]
    pub to: Option<Decimal>,
    /// The period of the earlier figure, when the text gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_period: Option<Period>,
    /// The period of the later figure, when the text gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_period: Option<Period>,
}

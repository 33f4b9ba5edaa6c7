//! [`Qualifier`]: how the text bounds a figure.

use std::borrow::Cow;
use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How the text bounds a figure ("over 25", "about 1.6 billion").
///
/// # Example
///
/// ```
/// use narrative_metrics::Qualifier;
///
/// assert_eq!(Qualifier::MoreThan.as_str(), "more_than");
/// assert_eq!(Qualifier::default(), Qualifier::Exact);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// No qualifier: the figure is stated as exact.
    #[default]
    Exact,
    /// "about", "around", "nearly", "an estimated"…
    Approx,
    /// "at least", or the lower bound of a range.
    AtLeast,
    /// "over", "more than", "above".
    MoreThan,
    /// "up to", "at most", or the upper bound of a range.
    AtMost,
    /// "less than", "fewer than", "under", "below".
    LessThan,
}

impl Qualifier {
    /// The qualifier as SPEC writes it.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Qualifier;
    ///
    /// assert_eq!(Qualifier::AtMost.as_str(), "at_most");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtMost => "at_most",
            Qualifier::LessThan => "less_than",
        }
    }

    /// The qualifier named `name` as SPEC writes it, if any.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Qualifier;
    ///
    /// assert_eq!(Qualifier::from_name("approx"), Some(Qualifier::Approx));
    /// assert_eq!(Qualifier::from_name("roughly"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Qualifier> {
        Some(match name {
            "exact" => Qualifier::Exact,
            "approx" => Qualifier::Approx,
            "at_least" => Qualifier::AtLeast,
            "more_than" => Qualifier::MoreThan,
            "at_most" => Qualifier::AtMost,
            "less_than" => Qualifier::LessThan,
            _ => return None,
        })
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Qualifier {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Qualifier {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = <Cow<'de, str>>::deserialize(d)?;
        Qualifier::from_name(&name).ok_or_else(|| {
            D::Error::custom(format_args!("unknown qualifier {name:?}"))
        })
    }
}

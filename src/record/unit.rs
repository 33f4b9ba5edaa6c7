//! [`Unit`] and [`Currency`]: what a figure measures.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::FieldError;

/// An ISO 4217 currency code, three upper-case ASCII letters.
///
/// It is `Copy`: a code is three bytes, not a `String`.
///
/// # Example
///
/// ```
/// use narrative_metrics::Currency;
///
/// let eur = Currency::new("eur").unwrap();
/// assert_eq!(eur.as_str(), "EUR");
/// assert!(Currency::new("EURO").is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// The code for `code` (any case), or `None` unless it is exactly
    /// three ASCII letters. Whether the code is assigned by ISO 4217 is a
    /// question for the rule data, not for this type.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Currency;
    ///
    /// assert_eq!(Currency::new("XOF").unwrap().as_str(), "XOF");
    /// assert!(Currency::new("X0F").is_none());
    /// ```
    pub fn new(code: &str) -> Option<Currency> {
        match *code.as_bytes() {
            [a, b, c]
                if a.is_ascii_alphabetic()
                    && b.is_ascii_alphabetic()
                    && c.is_ascii_alphabetic() =>
            {
                Some(Currency([
                    a.to_ascii_uppercase(),
                    b.to_ascii_uppercase(),
                    c.to_ascii_uppercase(),
                ]))
            }
            _ => None,
        }
    }

    /// The code as a string slice, e.g. `"USD"`.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Currency;
    ///
    /// assert_eq!(Currency::new("usd").unwrap().as_str(), "USD");
    /// ```
    pub fn as_str(&self) -> &str {
        // The constructor admits only ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a figure measures.
///
/// Serialized as SPEC writes it: the ISO 4217 code for money, `%`, `pp`,
/// `count` for counted things (indicator records) and `number` for a
/// plain number (quantity records).
///
/// # Example
///
/// ```
/// use narrative_metrics::{Currency, Unit};
///
/// assert_eq!(Unit::Percent.as_str(), "%");
/// let usd = Unit::Currency(Currency::new("USD").unwrap());
/// assert_eq!(usd.as_str(), "USD");
/// assert!(usd.is_money());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Unit {
    /// A plain number (layer 1).
    Number,
    /// A counted thing (layer 2).
    Count,
    /// A percentage, `%`.
    Percent,
    /// Percentage points, `pp`.
    PercentagePoints,
    /// Money in the given currency.
    Currency(Currency),
}

impl Unit {
    /// The unit as SPEC writes it.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Unit;
    ///
    /// assert_eq!(Unit::PercentagePoints.as_str(), "pp");
    /// assert_eq!(Unit::Count.as_str(), "count");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Unit::Number => "number",
            Unit::Count => "count",
            Unit::Percent => "%",
            Unit::PercentagePoints => "pp",
            Unit::Currency(c) => c.as_str(),
        }
    }

    /// Whether this is a money amount.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Unit;
    ///
    /// assert!(!Unit::Percent.is_money());
    /// ```
    pub fn is_money(&self) -> bool {
        matches!(self, Unit::Currency(_))
    }

    /// Whether this is a percentage or percentage points.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Unit;
    ///
    /// assert!(Unit::PercentagePoints.is_percent());
    /// assert!(!Unit::Number.is_percent());
    /// ```
    pub fn is_percent(&self) -> bool {
        matches!(self, Unit::Percent | Unit::PercentagePoints)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl FromStr for Unit {
    type Err = FieldError;

    /// Reads a unit as SPEC writes it: `number`, `count`, `%`, `pp` or a
    /// three-letter currency code.
    fn from_str(name: &str) -> Result<Unit, FieldError> {
        Ok(match name {
            "number" => Unit::Number,
            "count" => Unit::Count,
            "%" => Unit::Percent,
            "pp" => Unit::PercentagePoints,
            code => Unit::Currency(Currency::new(code).ok_or(FieldError)?),
        })
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Unit, D::Error> {
        let name = <Cow<'de, str>>::deserialize(d)?;
        name.parse().map_err(|_| {
            D::Error::custom(format_args!("unknown unit {name:?}"))
        })
    }
}

//! [`Span`]: where a figure's text lies in its document, in bytes.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A byte range `[start, end)` into the document a figure came from.
///
/// Offsets are bytes, not characters, and always lie on `char`
/// boundaries, so `&text[span.start..span.end]` never panics.
///
/// # Example
///
/// ```
/// use narrative_metrics::Span;
///
/// let text = "worth 640,000 euros";
/// let span = Span { start: 6, end: 19 };
/// assert_eq!(span.slice(text), "640,000 euros");
/// assert_eq!(span.len(), 13);
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The text this span covers, or `""` if it does not fit `text`.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Span;
    ///
    /// assert_eq!(Span { start: 0, end: 2 }.slice("22 reports"), "22");
    /// assert_eq!(Span { start: 5, end: 99 }.slice("22 reports"), "");
    /// ```
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Length in bytes.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Span;
    ///
    /// assert_eq!(Span { start: 3, end: 8 }.len(), 5);
    /// ```
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Span;
    ///
    /// assert!(Span { start: 3, end: 3 }.is_empty());
    /// ```
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Whether `other` lies wholly inside this span.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Span;
    ///
    /// let outer = Span { start: 0, end: 10 };
    /// assert!(outer.contains(Span { start: 2, end: 5 }));
    /// assert!(!outer.contains(Span { start: 8, end: 12 }));
    /// ```
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(d)?;
        if end < start {
            return Err(D::Error::custom(format_args!(
                "span [{start}, {end}] ends before it starts"
            )));
        }
        Ok(Span { start, end })
    }
}

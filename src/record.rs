//! The output types fixed by SPEC: indicator records and their parts.
//!
//! Everything here is plain data with `serde::Serialize` implementations
//! that write exactly the JSON forms SPEC fixes: values as decimal
//! strings, spans as `[start, end]`, units as ISO 4217 codes, `%`, `pp`,
//! `count` or `number`.

use std::fmt;

use rust_decimal::Decimal;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

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
/// let text = "worth 985,000 euros";
/// let span = Span { start: 6, end: 19 };
/// assert_eq!(span.slice(text), "985,000 euros");
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
        let mut seq = s.serialize_seq(Some(2))?;
        seq.serialize_element(&self.start)?;
        seq.serialize_element(&self.end)?;
        seq.end()
    }
}

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

/// The direction of a stated change.
///
/// # Example
///
/// ```
/// use narrative_metrics::Direction;
///
/// assert_eq!(Direction::Decrease.as_str(), "decrease");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

impl Serialize for Direction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A change the text states between two figures ("from 12 to over 25").
///
/// Both records of the pair carry the same `Change`.
///
/// # Example
///
/// ```
/// use narrative_metrics::{Change, Direction};
/// use rust_decimal::Decimal;
///
/// let change = Change {
///     direction: Direction::Increase,
///     from: Decimal::from(12),
///     to: Decimal::from(25),
///     from_period: None,
///     to_period: None,
/// };
/// let json = serde_json::to_string(&change)?;
/// assert_eq!(json, r#"{"direction":"increase","from":"12","to":"25"}"#);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change<'a> {
    /// Up or down.
    pub direction: Direction,
    /// The earlier figure.
    pub from: Decimal,
    /// The later figure.
    pub to: Decimal,
    /// The period of the earlier figure, when the text gives one.
    pub from_period: Option<&'a str>,
    /// The period of the later figure, when the text gives one.
    pub to_period: Option<&'a str>,
}

impl Serialize for Change<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = 3
            + usize::from(self.from_period.is_some())
            + usize::from(self.to_period.is_some());
        let mut st = s.serialize_struct("Change", n)?;
        st.serialize_field("direction", &self.direction)?;
        st.serialize_field("from", &DecimalStr(self.from))?;
        st.serialize_field("to", &DecimalStr(self.to))?;
        if let Some(p) = self.from_period {
            st.serialize_field("from_period", p)?;
        }
        if let Some(p) = self.to_period {
            st.serialize_field("to_period", p)?;
        }
        st.end()
    }
}

/// Serializes a `Decimal` as SPEC's exact decimal string: normalized, no
/// exponent, no separators.
pub(crate) struct DecimalStr(pub(crate) Decimal);

impl Serialize for DecimalStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.normalize())
    }
}

/// One indicator record: one extracted figure with what it counts.
///
/// It borrows the document id, the text and the rule set's ids; call
/// [`Record::into_owned`] to keep it past them. Serializing it with serde
/// gives exactly the JSON object SPEC fixes.
///
/// # Example
///
/// ```
/// use narrative_metrics::Extractor;
///
/// let extractor = Extractor::new();
/// let text = "The project reached 2,000 direct beneficiaries in 2023.";
/// let records = extractor.extract("doc-1", text);
/// assert_eq!(records.len(), 1);
/// let r = &records[0];
/// assert_eq!(r.kind, "beneficiaries");
/// assert_eq!(r.value.to_string(), "2000");
/// assert_eq!(r.subject, Some("direct beneficiaries"));
/// assert_eq!(r.period, Some("2023"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Record<'a> {
    /// The input document's id.
    pub doc: &'a str,
    /// The nearest preceding result or outcome code, if any.
    pub section: Option<&'a str>,
    /// The indicator kind id from the rule set.
    pub kind: &'a str,
    /// The exact value, scale words applied.
    pub value: Decimal,
    /// The unit.
    pub unit: Unit,
    /// How the text bounds the value.
    pub qualifier: Qualifier,
    /// The counted noun phrase as written, for counts.
    pub subject: Option<&'a str>,
    /// The stated change this figure takes part in, if any.
    pub change: Option<Change<'a>>,
    /// The year or year range the sentence ties the figure to.
    pub period: Option<&'a str>,
    /// Byte offsets of the figure's text in the document.
    pub span: Span,
    /// The figure's text as written.
    pub text: &'a str,
    /// The id of the rule that produced the record.
    pub rule: &'a str,
}

impl Record<'_> {
    /// A copy that owns its strings, for callers who keep records past the
    /// input text or the rule set.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, OwnedRecord};
    ///
    /// let extractor = Extractor::new();
    /// let owned: Vec<OwnedRecord> = {
    ///     let text = String::from("We trained 40 midwives.");
    ///     let records = extractor.extract("d", &text);
    ///     records.iter().map(|r| r.into_owned()).collect()
    /// };
    /// assert_eq!(owned[0].subject.as_deref(), Some("midwives"));
    /// ```
    pub fn into_owned(&self) -> OwnedRecord {
        OwnedRecord {
            doc: self.doc.to_owned(),
            section: self.section.map(str::to_owned),
            kind: self.kind.to_owned(),
            value: self.value,
            unit: self.unit,
            qualifier: self.qualifier,
            subject: self.subject.map(str::to_owned),
            change: self.change.map(|c| OwnedChange {
                direction: c.direction,
                from: c.from,
                to: c.to,
                from_period: c.from_period.map(str::to_owned),
                to_period: c.to_period.map(str::to_owned),
            }),
            period: self.period.map(str::to_owned),
            span: self.span,
            text: self.text.to_owned(),
            rule: self.rule.to_owned(),
        }
    }

    /// The same record as its owned twin borrowed back: the one place the
    /// JSON shape is written.
    fn fields(&self) -> RecordFields<'_> {
        RecordFields {
            doc: self.doc,
            section: self.section,
            kind: self.kind,
            value: DecimalStr(self.value),
            unit: self.unit,
            qualifier: self.qualifier,
            subject: self.subject,
            change: self.change,
            period: self.period,
            span: self.span,
            text: self.text,
            rule: self.rule,
        }
    }
}

#[derive(Serialize)]
struct RecordFields<'a> {
    doc: &'a str,
    section: Option<&'a str>,
    kind: &'a str,
    value: DecimalStr,
    unit: Unit,
    qualifier: Qualifier,
    subject: Option<&'a str>,
    change: Option<Change<'a>>,
    period: Option<&'a str>,
    span: Span,
    text: &'a str,
    rule: &'a str,
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.fields().serialize(s)
    }
}

/// A [`Record`] that owns its strings; see [`Record::into_owned`].
///
/// # Example
///
/// ```
/// use narrative_metrics::Extractor;
///
/// let extractor = Extractor::new();
/// let owned = extractor.extract("d", "We trained 40 midwives.")[0].into_owned();
/// assert_eq!(owned.as_record().kind, "beneficiaries");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedRecord {
    /// See [`Record::doc`].
    pub doc: String,
    /// See [`Record::section`].
    pub section: Option<String>,
    /// See [`Record::kind`].
    pub kind: String,
    /// See [`Record::value`].
    pub value: Decimal,
    /// See [`Record::unit`].
    pub unit: Unit,
    /// See [`Record::qualifier`].
    pub qualifier: Qualifier,
    /// See [`Record::subject`].
    pub subject: Option<String>,
    /// See [`Record::change`].
    pub change: Option<OwnedChange>,
    /// See [`Record::period`].
    pub period: Option<String>,
    /// See [`Record::span`].
    pub span: Span,
    /// See [`Record::text`].
    pub text: String,
    /// See [`Record::rule`].
    pub rule: String,
}

/// A [`Change`] that owns its strings.
///
/// # Example
///
/// ```
/// use narrative_metrics::{Direction, OwnedChange};
/// use rust_decimal::Decimal;
///
/// let c = OwnedChange {
///     direction: Direction::Decrease,
///     from: Decimal::from(10),
///     to: Decimal::from(8),
///     from_period: Some("2022".into()),
///     to_period: Some("2023".into()),
/// };
/// assert_eq!(c.as_change().to_period, Some("2023"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedChange {
    /// See [`Change::direction`].
    pub direction: Direction,
    /// See [`Change::from`].
    pub from: Decimal,
    /// See [`Change::to`].
    pub to: Decimal,
    /// See [`Change::from_period`].
    pub from_period: Option<String>,
    /// See [`Change::to_period`].
    pub to_period: Option<String>,
}

impl OwnedChange {
    /// Borrows this change as a [`Change`].
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Direction, OwnedChange};
    /// use rust_decimal::Decimal;
    ///
    /// let c = OwnedChange {
    ///     direction: Direction::Increase,
    ///     from: Decimal::from(1),
    ///     to: Decimal::from(2),
    ///     from_period: None,
    ///     to_period: None,
    /// };
    /// assert_eq!(c.as_change().direction, Direction::Increase);
    /// ```
    pub fn as_change(&self) -> Change<'_> {
        Change {
            direction: self.direction,
            from: self.from,
            to: self.to,
            from_period: self.from_period.as_deref(),
            to_period: self.to_period.as_deref(),
        }
    }
}

impl OwnedRecord {
    /// Borrows this record as a [`Record`].
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// let extractor = Extractor::new();
    /// let owned = extractor.extract("d", "We held 3 workshops.")[0].into_owned();
    /// assert_eq!(owned.as_record().text, "3");
    /// ```
    pub fn as_record(&self) -> Record<'_> {
        Record {
            doc: &self.doc,
            section: self.section.as_deref(),
            kind: &self.kind,
            value: self.value,
            unit: self.unit,
            qualifier: self.qualifier,
            subject: self.subject.as_deref(),
            change: self.change.as_ref().map(OwnedChange::as_change),
            period: self.period.as_deref(),
            span: self.span,
            text: &self.text,
            rule: &self.rule,
        }
    }
}

impl Serialize for OwnedRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_record().fields().serialize(s)
    }
}

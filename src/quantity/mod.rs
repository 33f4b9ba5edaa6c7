//! Layer 1: every number, money amount and percentage in a text.
//!
//! A [`Quantity`] is one figure as written: its exact value
//! (`rust_decimal::Decimal`, scale words applied), unit, qualifier,
//! upper bound when it is a range, and the byte span of its text. Years,
//! dates, ordinals, ages, durations, identifiers, phone and list numbers
//! are never quantities.
//!
//! The language knowledge (number words, scale words, separators,
//! currencies, qualifiers, exclusion words) is data: a [`Lexicon`] compiled
//! from `rules/<lang>/lexicon.toml`. The algorithm is described in
//! `DESIGN.md`: one forward pass over the bytes finds candidates (a digit,
//! or an ASCII word that can start a numeral: its first letter, length
//! and last letter tested against bit tables, then its packed key looked
//! up in a hash map of the number words), and a cursor parser confirms
//! each one, matching currencies, qualifiers and other phrases around it
//! from phrase lists bucketed by their edge bytes.

mod digits;
mod lexicon;
mod scan;
mod text;
mod words;

use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::record::{Currency, DecimalStr, Qualifier, Span, Unit};

pub use self::lexicon::Lexicon;
pub(crate) use self::text::{
    denominator_end, is_alphanumeric, space_len_before,
};

/// One figure found in a text: a number, a money amount or a percentage.
///
/// # Example
///
/// ```
/// use narrative_metrics::{quantities, Qualifier, Unit};
///
/// let text = "over 25 partners and a budget of EUR 2bn";
/// let found: Vec<_> = quantities(text).collect();
/// assert_eq!(found.len(), 2);
/// assert_eq!(found[0].value().to_string(), "25");
/// assert_eq!(found[0].qualifier(), Qualifier::MoreThan);
/// assert_eq!(found[1].value().to_string(), "2000000000");
/// assert_eq!(found[1].unit().as_str(), "EUR");
/// assert_eq!(found[1].text(), "EUR 2bn");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity<'t> {
    pub(crate) value: Decimal,
    pub(crate) unit: Unit,
    pub(crate) qualifier: Qualifier,
    pub(crate) range_end: Option<Decimal>,
    pub(crate) span: Span,
    pub(crate) text: &'t str,
    /// An explicit `+` or `-` sign was written ("+8%", "(-25%)").
    pub(crate) signed: bool,
    /// Span of the numeral itself, without qualifier words, currency or
    /// percent sign: where layer 2 looks for what is counted.
    pub(crate) core: Span,
    /// The factor of the scale word written with it ("25 million": one
    /// million), if any: the other level of a change may share it.
    pub(crate) scale: Option<Decimal>,
}

impl<'t> Quantity<'t> {
    /// The exact value, scale words applied ("$1.95m" is 1950000).
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::quantities;
    ///
    /// let q = quantities("$1.95m").next().unwrap();
    /// assert_eq!(q.value().to_string(), "1950000");
    /// ```
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// The unit: a currency, `%`, `pp`, or [`Unit::Number`].
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{quantities, Unit};
    ///
    /// let q = quantities("a 5 percentage point drop").next().unwrap();
    /// assert_eq!(q.unit(), Unit::PercentagePoints);
    /// ```
    pub fn unit(&self) -> Unit {
        self.unit
    }

    /// How the text bounds the value ("nearly 50" is approximate).
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{quantities, Qualifier};
    ///
    /// let q = quantities("nearly 50 villages").next().unwrap();
    /// assert_eq!(q.qualifier(), Qualifier::Approx);
    /// ```
    pub fn qualifier(&self) -> Qualifier {
        self.qualifier
    }

    /// The upper value of a range ("between 10 and 20", "10-20"), else
    /// `None`; [`Quantity::value`] is then the lower value.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::quantities;
    ///
    /// let q = quantities("$40-50 million").next().unwrap();
    /// assert_eq!(q.value().to_string(), "40000000");
    /// assert_eq!(q.range_end().unwrap().to_string(), "50000000");
    /// ```
    pub fn range_end(&self) -> Option<Decimal> {
        self.range_end
    }

    /// Byte offsets of the figure's text in the input.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::quantities;
    ///
    /// let text = "We trained 40 midwives";
    /// let q = quantities(text).next().unwrap();
    /// assert_eq!(&text[q.span().start..q.span().end], "40");
    /// ```
    pub fn span(&self) -> Span {
        self.span
    }

    /// The figure's text as written, qualifier, currency and scale words
    /// included.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::quantities;
    ///
    /// let q = quantities("worth 640,000 euros").next().unwrap();
    /// assert_eq!(q.text(), "640,000 euros");
    /// ```
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Whether the text wrote an explicit sign ("+8%", "-25%").
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::quantities;
    ///
    /// let q = quantities("(+48%)").next().unwrap();
    /// assert!(q.is_signed());
    /// assert_eq!(q.value().to_string(), "48");
    /// ```
    pub fn is_signed(&self) -> bool {
        self.signed
    }
}

/// SPEC's quantity record without `doc`, which the caller adds.
impl Serialize for Quantity<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Quantity", 6)?;
        st.serialize_field("value", &DecimalStr(self.value))?;
        st.serialize_field("unit", &self.unit)?;
        st.serialize_field("qualifier", &self.qualifier)?;
        st.serialize_field("range_end", &self.range_end.map(DecimalStr))?;
        st.serialize_field("span", &self.span)?;
        st.serialize_field("text", self.text)?;
        st.end()
    }
}

/// An iterator over the quantities of a text, in text order.
///
/// Made by [`quantities`](crate::quantities) or
/// [`Extractor::quantities`](crate::Extractor::quantities). It is lazy:
/// each call to `next` scans on to the following quantity, and nothing is
/// allocated however long the text.
///
/// # Example
///
/// ```
/// use narrative_metrics::quantities;
///
/// let values: Vec<String> = quantities("3 wells, 12 latrines and 45%")
///     .map(|q| q.value().to_string())
///     .collect();
/// assert_eq!(values, ["3", "12", "45"]);
/// ```
#[derive(Debug)]
pub struct Quantities<'t> {
    lexicon: Lexicon,
    scanner: scan::Scanner<'t>,
}

impl<'t> Quantities<'t> {
    pub(crate) fn new(lexicon: &Lexicon, text: &'t str) -> Quantities<'t> {
        Quantities::with_currency(lexicon, text, None)
    }

    /// The quantities of `text`, where a dollar that names no country
    /// ("$", "dollars") is in `currency` when one is given.
    pub(crate) fn with_currency(
        lexicon: &Lexicon,
        text: &'t str,
        currency: Option<Currency>,
    ) -> Quantities<'t> {
        Quantities {
            lexicon: lexicon.clone(),
            scanner: scan::Scanner::new(text, currency),
        }
    }
}

impl<'t> Iterator for Quantities<'t> {
    type Item = Quantity<'t>;

    fn next(&mut self) -> Option<Quantity<'t>> {
        self.scanner.next(&self.lexicon.inner)
    }
}

impl std::iter::FusedIterator for Quantities<'_> {}

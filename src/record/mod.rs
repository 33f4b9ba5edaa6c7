//! The output types fixed by SPEC: indicator records and their parts.
//!
//! Everything here is plain data whose serde forms are exactly the JSON SPEC
//! fixes: values as decimal strings, spans as `[start, end]`, units as ISO
//! 4217 codes, `%`, `pp`, `count` or `number`, periods as `"2023"` or
//! `"2015-2019"`. [`OwnedRecord`] also reads that JSON back.
//!
//! A [`Record`] borrows only its input (the document id and text); the ids
//! it takes from the rule set (kind, rule, language) are `&'static str`,
//! interned when the rule set is built, so records outlive the
//! [`Extractor`](crate::Extractor) that made them.

mod change;
mod period;
mod qualifier;
mod span;
mod status;
mod unit;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};

pub use self::change::{Change, Direction};
pub use self::period::Period;
pub use self::qualifier::Qualifier;
pub use self::span::Span;
pub use self::status::Status;
pub use self::unit::{Currency, Unit};

/// One indicator record: one extracted figure with what it counts and what
/// happened to it.
///
/// It borrows the document id and the text; call [`Record::into_owned`] to
/// keep it past them. Serializing it with serde gives exactly the JSON
/// object SPEC fixes.
///
/// # Example
///
/// ```
/// use narrative_metrics::{Extractor, Status};
///
/// let extractor = Extractor::new();
/// let text = "The project reached 2,000 direct beneficiaries in 2023.";
/// let records = extractor.extract("doc-1", text);
/// assert_eq!(records.len(), 1);
/// let r = &records[0];
/// assert_eq!(r.kind, "beneficiaries");
/// assert_eq!(r.value.to_string(), "2000");
/// assert_eq!(r.subject, Some("direct beneficiaries"));
/// assert_eq!(r.period.map(|p| p.to_string()).as_deref(), Some("2023"));
/// assert_eq!(r.status, Status::Achieved);
/// assert_eq!(r.lang, "en");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Record<'a> {
    /// The input document's id.
    pub doc: &'a str,
    /// The nearest preceding result or outcome code, if any.
    pub section: Option<&'a str>,
    /// The indicator kind id from the rule set.
    pub kind: &'static str,
    /// The exact value, scale words applied.
    pub value: Decimal,
    /// The unit.
    pub unit: Unit,
    /// How the text bounds the value.
    pub qualifier: Qualifier,
    /// The counted noun phrase as written, for counts.
    pub subject: Option<&'a str>,
    /// The stated change this figure takes part in, if any.
    pub change: Option<Change>,
    /// The year or year range the figure's sentence ties it to.
    pub period: Option<Period>,
    /// Whether it is a result, a target, a baseline or context.
    pub status: Status,
    /// The language of the rule set that read the document (`"en"`).
    pub lang: &'static str,
    /// Byte offsets of the figure's text in the document.
    pub span: Span,
    /// The figure's text as written.
    pub text: &'a str,
    /// The id of the rule that produced the record.
    pub rule: &'static str,
}

impl Record<'_> {
    /// This record with its borrowed strings copied, for callers who keep
    /// records past the input text (to store, send or return them).
    ///
    /// `OwnedRecord::from(&record)` does the same without consuming it.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, OwnedRecord};
    ///
    /// fn midwives() -> Vec<OwnedRecord> {
    ///     let extractor = Extractor::new();
    ///     let text = String::from("We trained 40 midwives.");
    ///     extractor.extract("d", &text).into_iter().map(|r| r.into_owned()).collect()
    /// }
    /// assert_eq!(midwives()[0].subject.as_deref(), Some("midwives"));
    /// ```
    pub fn into_owned(self) -> OwnedRecord {
        OwnedRecord::from(&self)
    }

    /// The one place the JSON shape is written, for both record types.
    fn fields(&self) -> RecordFields<'_> {
        RecordFields {
            doc: self.doc,
            section: self.section,
            kind: self.kind,
            value: self.value,
            unit: self.unit,
            qualifier: self.qualifier,
            subject: self.subject,
            change: self.change,
            period: self.period,
            status: self.status,
            lang: self.lang,
            span: self.span,
            text: self.text,
            rule: self.rule,
        }
    }
}

/// SPEC's field order; shared by [`Record`] and [`OwnedRecord`].
#[derive(Serialize)]
struct RecordFields<'a> {
    doc: &'a str,
    section: Option<&'a str>,
    kind: &'a str,
    #[serde(with = "decimal")]
    value: Decimal,
    unit: Unit,
    qualifier: Qualifier,
    subject: Option<&'a str>,
    change: Option<Change>,
    period: Option<Period>,
    status: Status,
    lang: &'a str,
    span: Span,
    text: &'a str,
    rule: &'a str,
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.fields().serialize(s)
    }
}

/// A [`Record`] that owns its strings: to keep, send, store, and read back
/// from SPEC's JSON (other fields, such as the batch tool's `meta`, are
/// ignored).
///
/// # Example
///
/// ```
/// use narrative_metrics::{Decimal, Extractor, OwnedRecord};
///
/// let extractor = Extractor::new();
/// let owned = extractor.extract("d", "We trained 40 midwives.")[0].clone().into_owned();
/// let json = serde_json::to_string(&owned)?;
/// let back: OwnedRecord = serde_json::from_str(&json)?;
/// assert_eq!(back, owned);
/// assert_eq!(back.value, Decimal::from(40));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct OwnedRecord {
    /// See [`Record::doc`].
    pub doc: String,
    /// See [`Record::section`].
    pub section: Option<String>,
    /// See [`Record::kind`].
    pub kind: String,
    /// See [`Record::value`].
    #[serde(with = "decimal")]
    pub value: Decimal,
    /// See [`Record::unit`].
    pub unit: Unit,
    /// See [`Record::qualifier`].
    pub qualifier: Qualifier,
    /// See [`Record::subject`].
    pub subject: Option<String>,
    /// See [`Record::change`].
    pub change: Option<Change>,
    /// See [`Record::period`].
    pub period: Option<Period>,
    /// See [`Record::status`].
    pub status: Status,
    /// See [`Record::lang`].
    pub lang: String,
    /// See [`Record::span`].
    pub span: Span,
    /// See [`Record::text`].
    pub text: String,
    /// See [`Record::rule`].
    pub rule: String,
}

impl From<&Record<'_>> for OwnedRecord {
    fn from(r: &Record<'_>) -> OwnedRecord {
        OwnedRecord {
            doc: r.doc.to_owned(),
            section: r.section.map(str::to_owned),
            kind: r.kind.to_owned(),
            value: r.value,
            unit: r.unit,
            qualifier: r.qualifier,
            subject: r.subject.map(str::to_owned),
            change: r.change,
            period: r.period,
            status: r.status,
            lang: r.lang.to_owned(),
            span: r.span,
            text: r.text.to_owned(),
            rule: r.rule.to_owned(),
        }
    }
}

impl Serialize for OwnedRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RecordFields {
            doc: &self.doc,
            section: self.section.as_deref(),
            kind: &self.kind,
            value: self.value,
            unit: self.unit,
            qualifier: self.qualifier,
            subject: self.subject.as_deref(),
            change: self.change,
            period: self.period,
            status: self.status,
            lang: &self.lang,
            span: self.span,
            text: &self.text,
            rule: &self.rule,
        }
        .serialize(s)
    }
}

/// A `Decimal` serialized as SPEC's exact decimal string (quantity
/// records write their fields one by one).
pub(crate) struct DecimalStr(pub(crate) Decimal);

impl Serialize for DecimalStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        decimal::serialize(&self.0, s)
    }
}

/// SPEC's exact decimal strings: normalized, no exponent, no separators;
/// read back exactly (a JSON number would have passed through a float).
pub(crate) mod decimal {
    use std::borrow::Cow;

    use rust_decimal::Decimal;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `d` normalized ("1950000", not "1950000.00").
    pub(crate) fn serialize<S: Serializer>(
        d: &Decimal,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.normalize())
    }

    /// Reads a decimal string exactly.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Decimal, D::Error> {
        let s = <Cow<'de, str>>::deserialize(d)?;
        Decimal::from_str_exact(&s)
            .map_err(|e| D::Error::custom(format_args!("value {s:?}: {e}")))
    }

    /// The same for an optional value, `null` for `None`.
    pub(crate) mod option {
        use rust_decimal::Decimal;
        use serde::{Deserialize, Deserializer, Serializer};

        pub(crate) fn serialize<S: Serializer>(
            d: &Option<Decimal>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => super::serialize(d, s),
                None => s.serialize_none(),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<Decimal>, D::Error> {
            #[derive(Deserialize)]
            struct Exact(#[serde(with = "super")] Decimal);
            Ok(Option::<Exact>::deserialize(d)?.map(|Exact(v)| v))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> OwnedRecord {
        OwnedRecord {
            doc: "d".into(),
            section: None,
            kind: "funding".into(),
            value: Decimal::new(1_250_000, 0),
            unit: "USD".parse().expect("a currency code"),
            qualifier: Qualifier::Exact,
            subject: None,
            change: Some(Change {
                direction: Direction::Decrease,
                from: Some(Decimal::new(125, 1)),
                to: None,
                from_period: Some(Period::year(2022)),
                to_period: None,
            }),
            period: Period::range(2022, 2023),
            status: Status::Baseline,
            lang: "en".into(),
            span: Span { start: 3, end: 12 },
            text: "1,250,000".into(),
            rule: "funding.amount".into(),
        }
    }

    #[test]
    fn owned_records_round_trip_through_spec_json() {
        let r = sample();
        let json = serde_json::to_string(&r).expect("serializes");
        assert_eq!(
            json,
            r#"{"doc":"d","section":null,"kind":"funding","value":"1250000","unit":"USD","qualifier":"exact","subject":null,"change":{"direction":"decrease","from":"12.5","to":null,"from_period":"2022"},"period":"2022-2023","status":"baseline","lang":"en","span":[3,12],"text":"1,250,000","rule":"funding.amount"}"#
        );
        let back: OwnedRecord = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, r);
    }

    #[test]
    fn reading_back_rejects_what_spec_does_not_write() {
        let json = serde_json::to_string(&sample()).expect("serializes");
        for (good, bad) in [
            (r#""value":"1250000""#, r#""value":1250000.5"#),
            (r#""unit":"USD""#, r#""unit":"dollars""#),
            (r#""status":"baseline""#, r#""status":"planned""#),
            (r#""period":"2022-2023""#, r#""period":"FY23""#),
            (r#""span":[3,12]"#, r#""span":[12,3]"#),
        ] {
            let broken = json.replace(good, bad);
            assert_ne!(broken, json, "{good} is in the JSON");
            assert!(
                serde_json::from_str::<OwnedRecord>(&broken).is_err(),
                "{bad} was accepted"
            );
        }
    }
}

//! One input document with what its producer knows about it, and the
//! choice of the rule set that reads it.
//!
//! An [`Extractor`](super::Extractor) holds one compiled rule set per
//! language, the first being its default. A document is read by the set
//! whose language its `lang` names ("fr", or a tag such as "fr-CA" or
//! "fr_FR"); with no `lang`, or one no set has, by the set whose lexicon
//! scores highest on its first 4 KB
//! ([`Lexicon::language_score`](crate::Lexicon::language_score): marker
//! words and number words, all rule data). Ties go to the earlier set,
//! so an extractor of one language never detects anything, and a text
//! with no word of any language is read by the default set.

use crate::record::Currency;
use crate::rules::RuleSet;

/// A document to extract from: its id and text, and optionally its
/// language and default currency.
///
/// `lang` picks the rule set (see [`Extractor::extract_document`]); the
/// currency is what a dollar that names no country ("$", "dollars") is
/// in, as the JSONL `currency` field or an IATI activity's
/// `default-currency` states it.
///
/// [`Extractor::extract_document`]: super::Extractor::extract_document
///
/// # Example
///
/// ```
/// use narrative_metrics::{Currency, Document, Extractor};
///
/// let ex = Extractor::new();
/// let doc = Document::new("ca-1", "We raised $40,000.")
///     .with_currency(Currency::new("CAD"));
/// let records = ex.extract_document(&doc);
/// assert_eq!(records[0].unit.to_string(), "CAD");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Document<'a> {
    /// The document's id, copied to each record's `doc`.
    pub id: &'a str,
    /// The document's text.
    pub text: &'a str,
    /// The language of the text (`"en"`, `"fr"`, `"fr-CA"`), if known.
    pub lang: Option<&'a str>,
    /// The currency bare dollars are in, if the producer states one.
    pub currency: Option<Currency>,
}

impl<'a> Document<'a> {
    /// A document with no stated language or currency.
    ///
    /// # Example
    ///
    /// ```
    /// let doc = narrative_metrics::Document::new("d1", "40 women");
    /// assert_eq!(doc.lang, None);
    /// ```
    pub fn new(id: &'a str, text: &'a str) -> Document<'a> {
        Document { id, text, lang: None, currency: None }
    }

    /// The same document with its language stated.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Document, Extractor, RuleSet};
    ///
    /// let ex = Extractor::builder()
    ///     .languages([RuleSet::english(), RuleSet::french()])
    ///     .build();
    /// let doc = Document::new("d1", "2 000 femmes").with_lang(Some("fr"));
    /// assert_eq!(ex.extract_document(&doc)[0].lang, "fr");
    /// ```
    pub fn with_lang(mut self, lang: Option<&'a str>) -> Document<'a> {
        self.lang = lang;
        self
    }

    /// The same document with the currency of its bare dollars.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Currency, Document};
    ///
    /// let doc = Document::new("d1", "$5").with_currency(Currency::new("AUD"));
    /// assert_eq!(doc.currency, Currency::new("AUD"));
    /// ```
    pub fn with_currency(
        mut self,
        currency: Option<Currency>,
    ) -> Document<'a> {
        self.currency = currency;
        self
    }
}

/// Whether the language tag `tag` names `lang`: equal, or `lang`
/// followed by a region (`fr-CA`, `fr_FR`), in any case.
fn names(tag: &str, lang: &str) -> bool {
    let tag = tag.trim();
    let base = tag.split(['-', '_']).next().unwrap_or(tag);
    base.eq_ignore_ascii_case(lang)
}

/// The index in `sets` (never empty) of the rule set that reads `text`
/// when its stated language is `lang`.
pub(crate) fn choose(
    sets: &[RuleSet],
    text: &str,
    lang: Option<&str>,
) -> usize {
    if sets.len() <= 1 {
        return 0;
    }
    if let Some(tag) = lang {
        if let Some(i) = sets.iter().position(|r| names(tag, r.language())) {
            return i;
        }
    }
    let mut best = (0, 0);
    for (i, r) in sets.iter().enumerate() {
        let score = r.lexicon().language_score(text);
        if score > best.1 {
            best = (i, score);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both() -> Vec<RuleSet> {
        vec![RuleSet::english(), RuleSet::french()]
    }

    #[test]
    fn short_inputs_detect_their_language() {
        let sets = both();
        assert_eq!(choose(&sets, "deux mille", None), 1);
        assert_eq!(choose(&sets, "two thousand", None), 0);
        assert_eq!(choose(&sets, "450.000 euros pour les femmes", None), 1);
        assert_eq!(choose(&sets, "40 women were trained", None), 0);
    }

    #[test]
    fn ties_and_empty_text_go_to_the_first_set() {
        assert_eq!(choose(&both(), "12 345", None), 0);
        assert_eq!(choose(&both(), "", None), 0);
    }

    #[test]
    fn a_stated_language_wins_and_tags_match_their_base() {
        let sets = both();
        assert_eq!(choose(&sets, "two thousand", Some("fr")), 1);
        assert_eq!(choose(&sets, "two thousand", Some("FR-ca")), 1);
        assert_eq!(choose(&sets, "deux mille", Some("en_GB")), 0);
        // A language no set reads is detected instead.
        assert_eq!(choose(&sets, "deux mille", Some("es")), 1);
    }
}

//! Language data for layer 1: its serde schema and its compiled form.
//!
//! A lexicon is read from one or more TOML texts (`rules/en/lexicon.toml`
//! for English) and compiled once into lookup structures the scanner uses
//! without allocating: a hash map from packed lower-case words to number
//! word meanings, and phrase lists bucketed by their first or last byte so
//! that a candidate checks only the few phrases that can match there.
//!
//! Layer 1 owns this schema; the rule loader of layer 2 only hands it
//! `(name, text)` pairs, so layer 1 never depends on layer 2.
//!
//! This file holds the compiled form ([`Lexicon`] and the tables the
//! scanner reads); `schema` mirrors the file, `phrase` matches phrases
//! and filters their edges, and `build` turns the schema into the
//! compiled form with all its checks. Words are keyed and hashed as in
//! `src/word.rs`, which layer 2 shares.

mod build;
mod context;
mod phrase;
mod schema;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use once_cell::sync::Lazy;
use rust_decimal::Decimal;

use crate::error::{toml_message, Diagnostic, RuleError};
use crate::record::{Currency, Qualifier};
use crate::word::{word_key, WordHasher};

use self::build::Builder;
pub(crate) use self::context::DollarContext;
pub(crate) use self::phrase::{EdgeFilter, PhraseSet};
pub(crate) use self::schema::Alone;
use self::schema::LexiconFile;

/// The embedded English lexicon text.
pub(crate) const ENGLISH_LEXICON: &str =
    include_str!("../../../rules/en/lexicon.toml");

/// What a number word does in the numeral grammar (DESIGN.md, "Number
/// words").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WordClass {
    /// Adds its value; no smaller additive word may follow.
    Unit,
    /// Adds its value; a smaller additive word may follow.
    Tens,
    /// Multiplies a smaller running value ("five hundred").
    Multiplier,
    /// Closes a group ("two thousand").
    Scale,
    /// Stands for 1 before a multiplier or scale word.
    Article,
    /// A fraction before an article and a multiplier or scale word; also
    /// a singular part after "a" or "one" ("a half").
    Fraction,
    /// A singular part after "a", "an" or "one" ("a fifth").
    Part,
    /// A plural part after a number above one ("three fifths").
    Parts,
    /// Joins parts of one numeral ("hundred and twenty").
    Connector,
}

impl WordClass {
    /// Whether a word of this class can be a numeral's first word or
    /// call for a look behind it: articles, connectors and plural parts
    /// are reached from the words around them.
    pub(crate) fn starts_numeral(self) -> bool {
        !matches!(
            self,
            WordClass::Article | WordClass::Connector | WordClass::Parts
        )
    }

    /// Whether a word of this class is a part of a fraction after a
    /// numerator ("a half", "a fifth", "three fifths").
    pub(crate) fn is_part(self) -> bool {
        matches!(
            self,
            WordClass::Fraction | WordClass::Part | WordClass::Parts
        )
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct WordInfo {
    pub(crate) class: WordClass,
    pub(crate) value: Decimal,
    /// A lone pronoun-like word ("one").
    pub(crate) pronoun: bool,
    /// A multiplier or scale word that may start a numeral alone
    /// ("cent", "mille").
    pub(crate) bare: bool,
    /// A unit that is no number alone ("un").
    pub(crate) not_alone: bool,
    /// A connector that joins a tens word and a unit ("et").
    pub(crate) joins_tens: bool,
    /// A tens word that multiplies the unit before it ("vingts").
    pub(crate) tens_multiplier: bool,
    /// A multiplier that multiplies only a lone unit ("cinq cents").
    pub(crate) unit_multiplier: bool,
    /// A scale that makes its numeral approximate ("quinzaine").
    pub(crate) approximate: bool,
}

impl WordInfo {
    /// A word of `class` worth `value`, with no flag set.
    pub(crate) fn new(class: WordClass, value: Decimal) -> WordInfo {
        WordInfo {
            class,
            value,
            pronoun: false,
            bare: false,
            not_alone: false,
            joins_tens: false,
            tens_multiplier: false,
            unit_multiplier: false,
            approximate: false,
        }
    }
}

/// Places a document may name, as written: a list of a lexicon entry that
/// changes what a currency is where one of them is named.
#[derive(Clone, Debug, Default)]
pub(crate) struct Places(pub(crate) Vec<Box<[u8]>>);

impl Places {
    /// Whether `text` names one of the places, as written.
    pub(crate) fn named_in(&self, text: &[u8]) -> bool {
        self.0.iter().any(|w| memchr::memmem::find(text, w).is_some())
    }
}

/// A currency that a place named in the document changes: `code` becomes
/// `becomes` in a document that names one of `places` ("francs CFA" are
/// XAF where the text names Cameroon or Chad), for the figures written
/// with one of `written`, or all when it is empty (a bare "francs" is
/// Swiss in a Swiss report, "francs CFA" never are).
#[derive(Clone, Debug)]
pub(crate) struct CurrencyContext {
    pub(crate) code: Currency,
    pub(crate) becomes: Currency,
    pub(crate) places: Places,
    /// The names the figure must end with for the places to change its
    /// currency; any name when empty.
    pub(crate) written: Vec<Box<str>>,
}

impl CurrencyContext {
    /// Whether this context may change the currency of a figure written
    /// `text`: any figure, or one that ends with a name of `written`.
    pub(crate) fn applies_to(&self, text: &str) -> bool {
        self.written.is_empty()
            || self.written.iter().any(|w| {
                text.strip_suffix(&**w).is_some_and(|head| {
                    !head
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                })
            })
    }
}

/// How separators that two readings fit are read (`[separators]` of a
/// lexicon file; DESIGN.md, "Separators").
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Separators {
    /// "12,5" is always a decimal comma (French), not only before a unit
    /// or in a document that groups thousands with dots (English).
    pub(crate) decimal_comma_always: bool,
    /// "1.250" is always thousands (French), not only in a document that
    /// groups thousands with dots elsewhere (English).
    pub(crate) dot_thousands_always: bool,
    /// "02 ateliers" is a count of two (West-African French reports pad
    /// small counts), not a code like "Question 01".
    pub(crate) zero_padded_counts: bool,
}

/// What a label word of `[exclude] before` says of the number after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Label {
    /// It names the number ("page 12", "Resolution 1325").
    Name,
    /// It names the number, but before a colon it names the value after
    /// it ("Objectif : 1 300 jeunes").
    Value,
    /// It numbers a step of time ("year 2", "day 3"); a number written in
    /// thousands groups after it counts ("Last year 1,593 people").
    Index,
}

/// What a phrase before a first figure says of "X to Y" after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RangeBefore {
    /// A change from X to Y, not a range ("from 12 to 25").
    Change,
    /// A range after all: the phrase states a spread ("ranged from").
    Spread,
    /// A change verb and its "by": a first figure written with its own
    /// unit is the amount and Y the level reached ("rose by 2% to 60%"),
    /// while a bare one still opens a range ("rose by 2 to 3 per cent").
    Amount,
}

/// A scale word after a digit numeral.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScaleInfo {
    pub(crate) value: Decimal,
    pub(crate) glued: bool,
    pub(crate) spaced: bool,
    pub(crate) money_only: bool,
    /// Where a glued money-only word applies with no currency.
    pub(crate) alone: Alone,
}

/// A currency with the factor that turns the written amount into units
/// of it (0.01 for cents).
#[derive(Clone, Copy, Debug)]
pub(crate) struct CurrencyInfo {
    pub(crate) code: Currency,
    pub(crate) factor: Decimal,
    /// A dollar naming no country: the dollar the document states
    /// replaces `code`.
    pub(crate) default_dollar: bool,
    /// The index in `Inner::currency_not_before` of the words after which
    /// this currency's names are a unit of measure, if it lists any.
    pub(crate) not_before: Option<u16>,
    /// The index in `Inner::currency_places` of the places one of which a
    /// document must name for this currency's symbols to be money, if
    /// its entry lists any (`only_where`).
    pub(crate) only_where: Option<u16>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    /// The language id from the lexicon files (`language = "en"`).
    pub(crate) language: &'static str,
    pub(crate) words: HashMap<u128, WordInfo, BuildHasherDefault<WordHasher>>,
    /// Bit `n` of `word_filter[b]` is set when a number word starts with
    /// lower-case byte `b` and is `n` bytes long: most words of prose are
    /// rejected by this one lookup, before any hashing.
    pub(crate) word_filter: [u32; 256],
    /// The shapes of the number words that start a numeral: the
    /// survivors of `word_filter` ("the", "from") are mostly refused here.
    pub(crate) word_edges: WordShapes,
    /// Words and bytes that may start a phrase of any set, and that may
    /// end one.
    pub(crate) starts: EdgeFilter,
    pub(crate) ends: EdgeFilter,
    pub(crate) scales: PhraseSet<ScaleInfo>,
    pub(crate) currency_before: PhraseSet<CurrencyInfo>,
    pub(crate) currency_after: PhraseSet<CurrencyInfo>,
    /// Each `[[currency]]` entry's `not_before` words, by index.
    pub(crate) currency_not_before: Vec<PhraseSet<()>>,
    /// The place lists of `only_where` currencies.
    pub(crate) currency_places: Vec<Places>,
    pub(crate) percent: PhraseSet<bool>,
    pub(crate) qualifiers: PhraseSet<Qualifier>,
    pub(crate) qualifiers_after: PhraseSet<Qualifier>,
    /// Label words before a number ("page 12"), and what kind of label.
    pub(crate) exclude_before: PhraseSet<Label>,
    /// Words after which an `exclude_before` word is a verb ("a produit").
    pub(crate) label_not_after: PhraseSet<()>,
    pub(crate) exclude_after: PhraseSet<()>,
    pub(crate) months: PhraseSet<()>,
    /// Words after which a glued scale letter is a unit of measure
    /// ("1.5m high").
    pub(crate) measures: PhraseSet<()>,
    /// Words before which a glued scale with `alone = "decimals"` applies
    /// on a whole numeral ("10m people").
    pub(crate) scale_alone_before: PhraseSet<()>,
    /// Words between two figures that offer the second as an alternative
    /// ("deux ou trois mois"): the first is excluded with the second.
    pub(crate) alternatives: PhraseSet<()>,
    pub(crate) pronoun_not_before: PhraseSet<()>,
    pub(crate) pronoun_not_after: PhraseSet<()>,
    pub(crate) range_open: PhraseSet<()>,
    pub(crate) range_join: PhraseSet<()>,
    pub(crate) range_dash: PhraseSet<()>,
    /// Words before a first figure that make "X to Y" a change ("from"),
    /// keep it a range after all ("ranged from"), or make it an amount
    /// and a level ("rose by").
    pub(crate) range_not_after: PhraseSet<RangeBefore>,
    /// Verbs of change whose object, then a `range_object_end` word,
    /// stand before a first figure: "X à Y" is then a change. `true`
    /// marks the `object_pronouns`, which stand for a gapped change's
    /// subject and ask for a comma before the levels ("celle du
    /// pentavalent, de 49 % à 64 %").
    pub(crate) range_object_verbs: PhraseSet<bool>,
    pub(crate) range_object_end: PhraseSet<()>,
    pub(crate) negative: PhraseSet<()>,
    pub(crate) years: (u32, u32),
    pub(crate) separators: Separators,
    /// Currencies that a place named in the document changes.
    pub(crate) currency_context: Vec<CurrencyContext>,
    /// The word keys of the language's marker words (`[detect]`), for
    /// language detection.
    pub(crate) markers:
        std::collections::HashSet<u128, BuildHasherDefault<WordHasher>>,
    /// The words a singular part may stand before ("a fifth of"), as
    /// word keys.
    pub(crate) part_followers: Vec<u128>,
    /// The phrases that say which dollar a bare "$" means.
    pub(crate) dollar_context: DollarContext,
}

/// The compiled language data of layer 1: number words, scale words,
/// currencies, percent words, qualifiers and exclusion words.
///
/// Built from one or more TOML texts (see `rules/en/lexicon.toml`); cheap
/// to clone and shared across threads.
///
/// # Example
///
/// ```
/// use narrative_metrics::Lexicon;
///
/// let extra = r#"
/// [[currency]]
/// code = "XOF"
/// names = ["francs"]
/// "#;
/// let lexicon = Lexicon::from_toml_sources(&[
///     ("lexicon.toml", Lexicon::ENGLISH_TOML),
///     ("extra.toml", extra),
/// ])?;
/// let q: Vec<_> = lexicon.quantities("a grant of 5 million francs").collect();
/// assert_eq!(q[0].unit().as_str(), "XOF");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Lexicon {
    pub(crate) inner: Arc<Inner>,
}

static ENGLISH: Lazy<Lexicon> = Lazy::new(|| {
    Lexicon::from_toml("rules/en/lexicon.toml", ENGLISH_LEXICON).expect(
        "invariant: the embedded English lexicon compiles (unit-tested)",
    )
});

impl Lexicon {
    /// The text of the embedded English lexicon, `rules/en/lexicon.toml`.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(narrative_metrics::Lexicon::ENGLISH_TOML.contains("[numbers]"));
    /// ```
    pub const ENGLISH_TOML: &'static str = ENGLISH_LEXICON;

    /// The embedded English lexicon, compiled once.
    ///
    /// # Example
    ///
    /// ```
    /// let q = narrative_metrics::Lexicon::english().quantities("fifty-four").next();
    /// assert_eq!(q.unwrap().value().to_string(), "54");
    /// ```
    pub fn english() -> &'static Lexicon {
        &ENGLISH
    }

    /// The language id its files name (`language = "en"`), the `lang`
    /// of the records read with it; `"und"` when no file names one.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(narrative_metrics::Lexicon::english().language(), "en");
    /// ```
    pub fn language(&self) -> &'static str {
        self.inner.language
    }

    /// Compiles a lexicon from one TOML text named `name`.
    ///
    /// # Errors
    ///
    /// Every problem of the text (syntax, unknown fields, bad values, one
    /// word with two meanings), each with line and column.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Lexicon;
    ///
    /// let err = Lexicon::from_toml("l.toml", "[numbers]\nunits = { one = \"x\" }\n")
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("l.toml:2:"));
    /// ```
    pub fn from_toml(name: &str, text: &str) -> Result<Lexicon, RuleError> {
        Lexicon::from_toml_sources(&[(name, text)])
    }

    /// Compiles a lexicon from several TOML texts, merged in order (a
    /// second file adds currencies, words or exclusions to the first).
    ///
    /// # Errors
    ///
    /// Every problem of every text, each with its source and position.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Lexicon;
    ///
    /// let extra = "[exclude]\nbefore = [\"lot\"]\n";
    /// let lex = Lexicon::from_toml_sources(&[
    ///     ("lexicon.toml", Lexicon::ENGLISH_TOML),
    ///     ("extra.toml", extra),
    /// ])?;
    /// assert_eq!(lex.quantities("lot 7").count(), 0);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml_sources(
        sources: &[(&str, &str)],
    ) -> Result<Lexicon, RuleError> {
        let mut b = Builder::new();
        for &(name, text) in sources {
            match toml::from_str::<LexiconFile>(text) {
                Ok(file) => b.add(name, text, file),
                Err(e) => b.diags.push(Diagnostic::new(
                    name,
                    text,
                    Some(e.span().map_or(0, |r| r.start)),
                    toml_message(&e),
                )),
            }
        }
        b.finish()
    }

    /// Layer 1 with this lexicon: every quantity of `text`.
    ///
    /// # Example
    ///
    /// ```
    /// let lex = narrative_metrics::Lexicon::english();
    /// assert_eq!(lex.quantities("7.318.450 USD").next().unwrap().value().to_string(), "7318450");
    /// ```
    pub fn quantities<'t>(&self, text: &'t str) -> super::Quantities<'t> {
        super::Quantities::new(self, text)
    }

    /// How much of `text` is evidence of this language, over its first
    /// 4 KB: two points a number word, one a marker word (`[detect]
    /// words` and the words of the lexicon's phrases), one a decimal comma
    /// for a language that writes one. The score language detection
    /// compares.
    ///
    /// # Example
    ///
    /// ```
    /// let en = narrative_metrics::Lexicon::english();
    /// assert!(en.language_score("two thousand of the women") >= 4);
    /// ```
    pub fn language_score(&self, text: &str) -> usize {
        let s = text.as_bytes();
        let s = &s[..s.len().min(DETECT_PREFIX)];
        let inner = &self.inner;
        let mut score = 0;
        let mut i = 0;
        // Words are runs of ASCII letters and non-ASCII bytes (accented
        // letters); an apostrophe ends one ("d'euros" is "d", "euros").
        // PERF: one pass over a bounded prefix, one hash lookup a word, no
        // allocation.
        let decimal_comma = inner.separators.decimal_comma_always;
        while i < s.len() {
            if !is_detect_byte(s[i]) {
                // "0,08", "12,5", ",08": a decimal comma (any number of
                // digits but the three of a thousands group) is evidence
                // for a language that writes one.
                if decimal_comma
                    && s[i] == b','
                    && (i == 0
                        || s[i - 1].is_ascii_digit()
                        || s[i - 1].is_ascii_whitespace())
                {
                    let digits = s[i + 1..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                    score += usize::from(digits > 0 && digits != 3);
                }
                i += 1;
                continue;
            }
            let start = i;
            while i < s.len() && is_detect_byte(s[i]) {
                i += 1;
            }
            // A number word weighs more than a marker: the vocabularies
            // of two languages share many markers ("cent" is an English
            // currency word and a French number).
            if let Some(k) = word_key(&s[start..i]) {
                // Articles and connectors are short function words that
                // other languages write too (English "a", French "a").
                let number = inner.words.get(&k).is_some_and(|w| {
                    !matches!(
                        w.class,
                        WordClass::Article | WordClass::Connector
                    )
                });
                if number {
                    score += 2;
                } else if inner.markers.contains(&k) {
                    score += 1;
                }
            }
        }
        score
    }
}

/// The bytes of a text that language detection reads: enough for a few
/// paragraphs, so the cost of detection does not grow with the document.
pub(crate) const DETECT_PREFIX: usize = 4096;

/// A byte of a word for language detection.
#[inline]
fn is_detect_byte(b: u8) -> bool {
    b.is_ascii_alphabetic() || b >= 0x80
}

/// The shapes of a set of ASCII words: their first and last bytes and
/// length. A word of a shape the set lacks is not in it, known with one
/// load before any key is packed or hashed.
#[derive(Clone, Debug)]
pub(crate) struct WordShapes {
    /// Bit `n` of `bits[index(first, last)]` is set when a word of the
    /// set is `n` bytes long and starts with `first` and ends with `last`.
    bits: Box<[u32; 1024]>,
}

impl Default for WordShapes {
    fn default() -> WordShapes {
        WordShapes { bits: Box::new([0; 1024]) }
    }
}

impl WordShapes {
    /// The index of a word's first and last bytes: their low five bits,
    /// which fold ASCII case.
    #[inline]
    fn index(first: u8, last: u8) -> usize {
        usize::from(first & 0x1f) << 5 | usize::from(last & 0x1f)
    }

    /// Adds the shape of a word of `len` bytes (below 32) from `first` to
    /// `last`.
    fn add(&mut self, first: u8, last: u8, len: usize) {
        self.bits[WordShapes::index(first, last)] |= 1 << len;
    }

    /// Whether a word of `len` bytes from `first` to `last` may be in the
    /// set (always, from 32 bytes on).
    #[inline]
    pub(crate) fn may_hold(&self, first: u8, last: u8, len: usize) -> bool {
        len >= 32
            || self.bits[WordShapes::index(first, last)] & (1 << len) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_decimal_comma_is_evidence_for_a_decimal_comma_language() {
        let fr = Lexicon::from_toml(
            "rules/fr/lexicon.toml",
            include_str!("../../../rules/fr/lexicon.toml"),
        )
        .expect("the French lexicon compiles");
        assert_eq!(fr.language_score(",08"), 1);
        assert_eq!(fr.language_score("de ,5"), 2);
        assert_eq!(fr.language_score(",250"), 0);
        assert_eq!(Lexicon::english().language_score(",08"), 0);
    }

    #[test]
    fn embedded_english_lexicon_compiles() {
        let lex = Lexicon::from_toml("rules/en/lexicon.toml", ENGLISH_LEXICON);
        assert!(
            lex.is_ok(),
            "{}",
            lex.err().map(|e| e.to_string()).unwrap_or_default()
        );
    }
}

//! The serde schema of a lexicon file: it mirrors the file, nothing
//! else. `build` checks and compiles what it reads.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LexiconFile {
    /// The language id records carry (`lang`), e.g. "en".
    pub(super) language: Option<String>,
    pub(super) numbers: Option<NumbersFile>,
    #[serde(default)]
    pub(super) scale: Vec<ScaleFile>,
    #[serde(default)]
    pub(super) currency: Vec<CurrencyFile>,
    pub(super) currencies: Option<CurrenciesFile>,
    pub(super) percent: Option<PercentFile>,
    pub(super) qualifiers: Option<QualifiersFile>,
    pub(super) exclude: Option<ExcludeFile>,
    pub(super) ranges: Option<RangesFile>,
    pub(super) signs: Option<SignsFile>,
    #[serde(default)]
    pub(super) dollar_context: Vec<DollarContextFile>,
    pub(super) separators: Option<SeparatorsFile>,
    #[serde(default)]
    pub(super) currency_context: Vec<CurrencyContextFile>,
    pub(super) detect: Option<DetectFile>,
}

/// How a separator that two readings fit is read (DESIGN.md,
/// "Separators").
#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SeparatorPolicy {
    /// By context: what follows and how the document groups elsewhere.
    Context,
    /// Always the reading the field names.
    Always,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SeparatorsFile {
    /// A `,` before one or two digits ("12,5"): a decimal comma always,
    /// or only where a unit follows or the document groups with dots.
    pub(super) decimal_comma: Option<SeparatorPolicy>,
    /// A lone `.` group ("1.250"): thousands always, or only where the
    /// document writes its thousands with dots elsewhere.
    pub(super) dot_thousands: Option<SeparatorPolicy>,
    /// A count written with two digits, the first a zero, before a
    /// lower-case word ("02 ateliers", "07 forages"): a count (`true`),
    /// or a code like any numeral with a leading zero (the default).
    pub(super) zero_padded_counts: Option<bool>,
}

/// A currency that a document's place changes ("francs CFA" are XAF in
/// Central Africa).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CurrencyContextFile {
    /// The code the lexicon gives.
    pub(super) code: Spanned<String>,
    /// The code it becomes in a document that names one of `words`.
    pub(super) becomes: Spanned<String>,
    /// Place names, matched as written anywhere in the document.
    pub(super) words: Vec<Spanned<String>>,
    /// The names of the currency, as the figure ends with them, that the
    /// places change; any when empty ("francs", not "francs CFA").
    #[serde(default)]
    pub(super) written: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DetectFile {
    /// Frequent words of the language that tell it from the others
    /// (function words, articles, prepositions).
    #[serde(default)]
    pub(super) words: Vec<Spanned<String>>,
}

/// Phrases by which a text says which dollar its bare "$" means.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DollarContextFile {
    pub(super) code: Spanned<String>,
    /// Phrases that state the document's currency outright.
    #[serde(default)]
    pub(super) states: Vec<Spanned<String>>,
    /// Phrases that name the dollar; they decide when no other is named.
    #[serde(default)]
    pub(super) mentions: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SignsFile {
    #[serde(default)]
    pub(super) negative: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RangesFile {
    #[serde(default)]
    pub(super) open: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) join: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) dashes: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) not_after: Vec<Spanned<String>>,
    /// Longer phrases ending in a `not_after` word that state a spread,
    /// so "X to Y" stays a range ("ranged from 52% to 95%").
    #[serde(default)]
    pub(super) spread: Vec<Spanned<String>>,
    /// Change verbs and their "by" before a first figure: with its own
    /// unit, "X to Y" is the amount and the level reached ("rose by 2% to
    /// 60%").
    #[serde(default)]
    pub(super) amount_by: Vec<Spanned<String>>,
    /// Verbs of change whose object stands between them and an
    /// `object_end` word before the first figure: "porter la couverture
    /// vaccinale de 75 % à 95 %" is a change, not a range.
    #[serde(default)]
    pub(super) object_verbs: Vec<Spanned<String>>,
    /// Pronouns that stand for the subject of a change whose verb the
    /// sentence has already given, read as `object_verbs` only when a
    /// comma closes their complement before the levels ("celle du
    /// pentavalent, de 49 % à 64 %": the gapped clause repeats the change).
    #[serde(default)]
    pub(super) object_pronouns: Vec<Spanned<String>>,
    /// The words that end such an object right before the first figure
    /// ("de").
    #[serde(default)]
    pub(super) object_end: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum NumValue {
    Int(u64),
    Text(String),
}

pub(super) type NumMap = BTreeMap<String, Spanned<NumValue>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NumbersFile {
    #[serde(default)]
    pub(super) units: NumMap,
    #[serde(default)]
    pub(super) tens: NumMap,
    #[serde(default)]
    pub(super) multipliers: NumMap,
    #[serde(default)]
    pub(super) scales: NumMap,
    #[serde(default)]
    pub(super) articles: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) fractions: NumMap,
    #[serde(default)]
    pub(super) parts: NumMap,
    #[serde(default)]
    pub(super) plural_parts: NumMap,
    #[serde(default)]
    pub(super) part_followers: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) connectors: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) pronouns: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) pronoun_not_before: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) pronoun_not_after: Vec<Spanned<String>>,
    /// Multipliers and scale words that stand for their own value at a
    /// numeral's start ("cent vingt", "mille").
    #[serde(default)]
    pub(super) bare: Vec<Spanned<String>>,
    /// Units that are a number only inside a longer numeral ("un
    /// million", "vingt et un"), never alone (the article "un").
    #[serde(default)]
    pub(super) not_alone: Vec<Spanned<String>>,
    /// Connectors that join a tens word and a unit ("vingt et un").
    #[serde(default)]
    pub(super) tens_connectors: Vec<Spanned<String>>,
    /// Tens words that multiply the unit right before them
    /// ("quatre-vingts").
    #[serde(default)]
    pub(super) tens_multipliers: Vec<Spanned<String>>,
    /// Multipliers that multiply only a lone unit word before them
    /// ("cinq cents"): after any other numeral they end it ("quarante-cinq
    /// cents" is 45 cents, not 4,500).
    #[serde(default)]
    pub(super) unit_multipliers: Vec<Spanned<String>>,
    /// Scale words that give their numeral an approximate value ("une
    /// quinzaine" is about fifteen): the numeral's qualifier is `approx`.
    #[serde(default)]
    pub(super) approximate: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScaleFile {
    pub(super) words: Vec<Spanned<String>>,
    pub(super) value: Spanned<String>,
    #[serde(default)]
    pub(super) glued: bool,
    #[serde(default = "yes")]
    pub(super) spaced: bool,
    #[serde(default)]
    pub(super) money_only: bool,
    /// Where a `money_only` word glued to the digits applies with no
    /// currency: nowhere (the default), always ("10M"), or when the
    /// numeral has decimals or ends its line ("4.2m people").
    #[serde(default)]
    pub(super) alone: Alone,
    /// Words before which a word of `alone = "decimals"` applies on a
    /// whole numeral too ("10m people": millions; "10m road": metres).
    #[serde(default)]
    pub(super) alone_before: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) case_sensitive: bool,
}

/// Where a money-only scale glued to the digits applies alone.
#[derive(Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Alone {
    /// Only next to a currency.
    #[default]
    Never,
    /// Everywhere.
    Always,
    /// When the numeral has decimals or ends its line.
    Decimals,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CurrencyFile {
    pub(super) code: Spanned<String>,
    #[serde(default)]
    pub(super) symbols: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) names: Vec<Spanned<String>>,
    /// Names that may also stand before the figure ("ringgit 42").
    #[serde(default)]
    pub(super) names_before: Vec<Spanned<String>>,
    /// Words after a name that make it a unit of measure instead ("1.6
    /// million pounds of food" weighs).
    #[serde(default)]
    pub(super) not_before: Vec<Spanned<String>>,
    pub(super) factor: Option<Spanned<String>>,
    /// A dollar that names no country ("$", "dollars"): the dollar the
    /// document states (`[[dollar_context]]`) replaces `code`.
    #[serde(default)]
    pub(super) default_dollar: bool,
    /// Places one of which the document must name for the symbols to be
    /// money ("N10 billion" in a Nigerian text; "P4" elsewhere is a code).
    #[serde(default)]
    pub(super) only_where: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CurrenciesFile {
    #[serde(default)]
    pub(super) iso: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) any_case: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PercentFile {
    #[serde(default)]
    pub(super) percent: Vec<Spanned<String>>,
    /// Percent words read only as written, in lower case ("pc", not
    /// "PC", a computer).
    #[serde(default)]
    pub(super) percent_lowercase: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) points: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QualifiersFile {
    #[serde(default)]
    pub(super) approx: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) more_than: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) at_least: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) at_most: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) less_than: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) approx_after: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) at_least_after: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) at_most_after: Vec<Spanned<String>>,
    /// Phrases that end in a qualifier's words but leave the figure
    /// exact: "ne représente plus que 12 %" is "only 12 %", no more-than.
    #[serde(default)]
    pub(super) exact: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExcludeFile {
    #[serde(default)]
    pub(super) before: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) after: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) months: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) measures: Vec<Spanned<String>>,
    /// Words that offer a second figure as an alternative to the first
    /// ("deux ou trois mois"): the first is excluded with the second.
    #[serde(default)]
    pub(super) alternatives: Vec<Spanned<String>>,
    /// Words after which a `before` word is a verb, not a label ("a
    /// produit 14 300 tonnes"): the figure after it is counted.
    #[serde(default)]
    pub(super) label_not_after: Vec<Spanned<String>>,
    /// Labels excluded before a number ("objectif 2") that, before a
    /// colon, name the value after it ("Objectif : 1 300 jeunes").
    #[serde(default)]
    pub(super) value_labels: Vec<Spanned<String>>,
    /// Labels excluded before a number that number a step of time ("year
    /// 2", "day 3"): a number in thousands groups after them counts
    /// ("Last year 1,593 people").
    #[serde(default)]
    pub(super) index_labels: Vec<Spanned<String>>,
    pub(super) years: Option<Spanned<[u32; 2]>>,
}

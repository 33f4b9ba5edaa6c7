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
    pub(super) factor: Option<Spanned<String>>,
    /// A dollar that names no country ("$", "dollars"): the dollar the
    /// document states (`[[dollar_context]]`) replaces `code`.
    #[serde(default)]
    pub(super) default_dollar: bool,
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
    pub(super) at_least_after: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) at_most_after: Vec<Spanned<String>>,
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
    pub(super) years: Option<Spanned<[u32; 2]>>,
}

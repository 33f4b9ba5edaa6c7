//! The dollar a document means by a bare "$" or "dollars": the phrases of
//! `[[dollar_context]]` that state one ("all amounts in Canadian dollars",
//! "(in CAD)", "A$"), compiled into one regex whose patterns are the
//! phrases (each match names its phrase) and searched once per document,
//! on its first bare dollar.
//!
//! A statement (`states`) decides outright: the first one in the text
//! wins. Mentions (`mentions`) decide only together: when every mention in
//! the text names the same dollar, a bare dollar is that one; when the
//! text names two (a Canadian page that converts to US$ once), none is
//! chosen and the bare dollar keeps its own code.

use regex_automata::meta::Regex;

use crate::record::Currency;

/// One phrase's meaning: the dollar it names and whether it states the
/// document's currency outright.
#[derive(Clone, Copy, Debug)]
struct Meaning {
    code: Currency,
    states: bool,
}

/// The compiled context phrases of a lexicon.
#[derive(Clone, Debug, Default)]
pub(crate) struct DollarContext {
    /// All phrases, longest first, pattern `i` the phrase of
    /// `meanings[i]`.
    regex: Option<Regex>,
    meanings: Vec<Meaning>,
}

/// Context phrases as the lexicon files list them, before compiling.
#[derive(Debug, Default)]
pub(super) struct ContextPhrases {
    phrases: Vec<(String, Meaning)>,
}

impl ContextPhrases {
    /// Adds `phrase` naming `code`, a statement if `states`.
    pub(super) fn push(&mut self, phrase: &str, code: Currency, states: bool) {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        if !words.is_empty() {
            self.phrases.push((words.join(" "), Meaning { code, states }));
        }
    }

    /// The compiled form: one regex of every phrase. A phrase with no
    /// lower-case letter ("CAD", "A$") matches as written, any other in
    /// any case; a phrase edge that is a letter must be a word edge; the
    /// words of a phrase may be apart by any horizontal or line space.
    pub(super) fn compile(
        mut self,
    ) -> Result<DollarContext, Box<regex_automata::meta::BuildError>> {
        if self.phrases.is_empty() {
            return Ok(DollarContext::default());
        }
        self.phrases.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        let patterns: Vec<String> =
            self.phrases.iter().map(|(p, _)| phrase_pattern(p)).collect();
        let regex = Regex::new_many(&patterns).map_err(Box::new)?;
        let meanings = self.phrases.into_iter().map(|(_, m)| m).collect();
        Ok(DollarContext { regex: Some(regex), meanings })
    }
}

/// The pattern of one phrase: see [`ContextPhrases::compile`].
fn phrase_pattern(p: &str) -> String {
    let sensitive = !p.bytes().any(|b| b.is_ascii_lowercase());
    let mut pattern = String::from(if sensitive { "(?-i:" } else { "(?i:" });
    if p.starts_with(|c: char| c.is_alphanumeric()) {
        pattern.push_str(r"(?-u:\b)");
    }
    let words: Vec<String> = p.split(' ').map(regex::escape).collect();
    pattern.push_str(&words.join(r"\s+"));
    if p.ends_with(|c: char| c.is_alphanumeric()) {
        pattern.push_str(r"(?-u:\b)");
    }
    pattern.push(')');
    pattern
}

impl DollarContext {
    /// The dollar `text` states for its bare dollars, if it states one.
    /// One search over the text; the caller asks once per document.
    pub(crate) fn find(&self, text: &str) -> Option<Currency> {
        let regex = self.regex.as_ref()?;
        let mut mentioned: Option<Currency> = None;
        let mut mixed = false;
        // PERF: each match names its phrase: no capture groups, which
        // cost more per match than the search between matches (callgrind,
        // report 1 MB: 17M -> 9M instructions).
        for found in regex.find_iter(text) {
            let Some(m) = self.meanings.get(found.pattern().as_usize()) else {
                continue;
            };
            if m.states {
                return Some(m.code);
            }
            match mentioned {
                None => mentioned = Some(m.code),
                Some(c) if c != m.code => mixed = true,
                Some(_) => {}
            }
        }
        if mixed {
            None
        } else {
            mentioned
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> DollarContext {
        let mut p = ContextPhrases::default();
        let cad = Currency::new("CAD").unwrap();
        let usd = Currency::new("USD").unwrap();
        p.push("in Canadian dollars", cad, true);
        p.push("C$", cad, false);
        p.push("CAD", cad, false);
        p.push("US$", usd, false);
        p.compile().unwrap()
    }

    #[test]
    fn a_statement_decides_outright() {
        let text = "US$ 5 and C$ 3; all amounts in Canadian\ndollars.";
        assert_eq!(context().find(text).unwrap().as_str(), "CAD");
    }

    #[test]
    fn mentions_of_one_dollar_decide_and_of_two_do_not() {
        assert_eq!(context().find("a C$ 3 grant").unwrap().as_str(), "CAD");
        assert!(context().find("C$ 3, or US$ 2.2").is_none());
        assert!(context().find("a cad and a decade").is_none());
        assert!(context().find("no dollar named here").is_none());
    }
}

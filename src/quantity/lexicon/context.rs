//! The dollar a document means by a bare "$" or "dollars": the phrases of
//! `[[dollar_context]]` that state one ("all amounts in Canadian dollars",
//! "(in CAD)", "A$"), searched once per document, on its first bare dollar.
//!
//! A statement (`states`) decides outright: the first one in the text
//! wins. Mentions (`mentions`) decide only together: when every mention in
//! the text names the same dollar, a bare dollar is that one; when the
//! text names two (a Canadian page that converts to US$ once), none is
//! chosen and the bare dollar keeps its own code.
//!
//! The phrases written without a lower-case letter ("US$", "CAD") are one
//! regex over the text. The others match in any case, which leaves their
//! regex no literal to search for and made it most of layer 1's time on a
//! report; each holds an anchor word, its dollar's code or else its longest
//! word ("(in CAD)": `CAD`; "in Canadian dollars": `Canadian`), whose lower,
//! upper and title forms are searched instead, and these phrases only
//! around what that finds. Matches of both are then taken as one
//! leftmost-first search would.

use regex_automata::meta::Regex;
use regex_automata::Input;

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
    /// The phrases matched as written, pattern `i` the phrase of
    /// `exact_meanings[i]`.
    exact: Option<Regex>,
    exact_meanings: Vec<Meaning>,
    /// The phrases matched in any case, likewise.
    blind: Option<Regex>,
    blind_meanings: Vec<Meaning>,
    /// The forms of the blind phrases' anchor words.
    anchors: Option<Regex>,
    /// How far from its anchor a blind phrase may reach, in bytes.
    reach: usize,
    /// The rank of each pattern among all phrases, longest first: `exact`'s
    /// then `blind`'s, as one search would prefer them at one place.
    exact_rank: Vec<usize>,
    blind_rank: Vec<usize>,
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

    /// The compiled form. A phrase with no lower-case letter ("CAD",
    /// "A$") matches as written, any other in any case; a phrase edge
    /// that is a letter must be a word edge; the words of a phrase may be
    /// apart by any horizontal or line space.
    pub(super) fn compile(
        mut self,
    ) -> Result<DollarContext, Box<regex_automata::meta::BuildError>> {
        if self.phrases.is_empty() {
            return Ok(DollarContext::default());
        }
        self.phrases.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        let mut c = DollarContext::default();
        let (mut exact, mut blind, mut forms) =
            (Vec::new(), Vec::new(), Vec::new());
        for (rank, (p, m)) in self.phrases.iter().enumerate() {
            if p.bytes().any(|b| b.is_ascii_lowercase()) {
                blind.push(phrase_pattern(p));
                c.blind_meanings.push(*m);
                c.blind_rank.push(rank);
                for form in anchor_forms(p, m.code.as_str()) {
                    if !forms.contains(&form) {
                        forms.push(form);
                    }
                }
            } else {
                exact.push(phrase_pattern(p));
                c.exact_meanings.push(*m);
                c.exact_rank.push(rank);
            }
        }
        let build = |patterns: &[String]| {
            (!patterns.is_empty())
                .then(|| Regex::new_many(patterns).map_err(Box::new))
                .transpose()
        };
        c.exact = build(&exact)?;
        c.blind = build(&blind)?;
        let forms: Vec<String> =
            forms.iter().map(|f| regex::escape(f)).collect();
        c.anchors = build(&forms)?;
        // Words apart by line breaks and indents: several times a phrase.
        let longest = self.phrases.iter().map(|p| p.0.len()).max();
        c.reach = 4 * longest.unwrap_or(0) + 16;
        Ok(c)
    }
}

/// The forms of the anchor word of the case-blind phrase `p` of the
/// dollar `code`: the code where `p` holds it as a word, else `p`'s
/// longest word; in lower, upper and title case.
fn anchor_forms(p: &str, code: &str) -> Vec<String> {
    let words = p.split(' ');
    let word = words
        .clone()
        .find(|w| {
            w.split(|c: char| !c.is_alphanumeric())
                .any(|part| part.eq_ignore_ascii_case(code))
        })
        .map(|_| code)
        .or_else(|| words.max_by_key(|w| w.len()))
        .unwrap_or(p);
    let mut chars = word.chars();
    let title: String = chars
        .next()
        .map(|first| {
            first
                .to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect()
        })
        .unwrap_or_default();
    vec![word.to_lowercase(), word.to_uppercase(), title]
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
    /// The caller asks once per document.
    pub(crate) fn find(&self, text: &str) -> Option<Currency> {
        // Every phrase match, as (start, rank, end, meaning).
        let mut found: Vec<(usize, usize, usize, Meaning)> = Vec::new();
        if let Some(exact) = &self.exact {
            for m in exact.find_iter(text) {
                let i = m.pattern().as_usize();
                found.push((
                    m.start(),
                    self.exact_rank[i],
                    m.end(),
                    self.exact_meanings[i],
                ));
            }
        }
        if let (Some(blind), Some(anchors)) = (&self.blind, &self.anchors) {
            // The stretches around the anchors, joined where they touch.
            let mut stretches: Vec<(usize, usize)> = Vec::new();
            for a in anchors.find_iter(text) {
                let from = a.start().saturating_sub(self.reach);
                let to = text.len().min(a.end().saturating_add(self.reach));
                match stretches.last_mut() {
                    Some(last) if from <= last.1 => last.1 = last.1.max(to),
                    _ => stretches.push((from, to)),
                }
            }
            for (from, to) in stretches {
                for m in blind.find_iter(Input::new(text).range(from..to)) {
                    let i = m.pattern().as_usize();
                    found.push((
                        m.start(),
                        self.blind_rank[i],
                        m.end(),
                        self.blind_meanings[i],
                    ));
                }
            }
        }
        // As one leftmost-first search of all the phrases: at one place the
        // first-ranked phrase, and none that overlaps one taken before it.
        found.sort_unstable_by_key(|&(start, rank, _, _)| (start, rank));
        let mut mentioned: Option<Currency> = None;
        let mut mixed = false;
        let mut taken = 0;
        for (start, _, end, m) in found {
            if start < taken {
                continue;
            }
            taken = end.max(start + 1);
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

    #[test]
    fn a_case_blind_phrase_is_found_in_any_usual_case_and_across_lines() {
        let cad = "CAD";
        for text in [
            "ALL AMOUNTS IN CANADIAN DOLLARS. $ 5",
            "Figures are in canadian dollars; $5",
            "$5 (all amounts in Canadian\n      dollars)",
        ] {
            assert_eq!(context().find(text).unwrap().as_str(), cad, "{text}");
        }
    }

    #[test]
    fn a_statement_holding_a_mention_is_read_as_the_statement() {
        let mut p = ContextPhrases::default();
        let cad = Currency::new("CAD").unwrap();
        let usd = Currency::new("USD").unwrap();
        p.push("(in CAD)", cad, true);
        p.push("CAD", cad, false);
        p.push("USD", usd, false);
        let c = p.compile().unwrap();
        // "(in CAD)" is a statement: the USD mention before it does not
        // make the text mixed.
        assert_eq!(
            c.find("USD 3 ... Budget (in cad): $5").unwrap().as_str(),
            "CAD"
        );
        // "CAD" alone is a mention, and with a USD one the text is mixed.
        assert!(c.find("USD 3 and CAD 4: $5").is_none());
    }
}

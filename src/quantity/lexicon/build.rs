//! Lexicon files to the compiled [`Lexicon`]: every word, scale,
//! currency and phrase is checked (duplicates, two meanings, bad values
//! and codes) and every problem of every source reported at once.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use rust_decimal::Decimal;
use toml::Spanned;

use super::super::text;
use super::context::ContextPhrases;
use super::phrase::{EdgeFilter, Phrase, PhraseSet};
use super::schema::{LexiconFile, NumValue, SeparatorPolicy};
use super::{
    CurrencyContext, CurrencyInfo, Inner, Label, Lexicon, Places, RangeBefore,
    ScaleInfo, Separators, WordClass, WordInfo, WordShapes,
};
use crate::error::{Diagnostic, RuleError};
use crate::intern::intern;
use crate::record::{Currency, Qualifier};
use crate::word::{unpack, word_key, WordHasher};

pub(super) struct Builder {
    pub(super) diags: Vec<Diagnostic>,
    words: HashMap<u128, (WordInfo, String, String, usize)>,
    scales: PhraseSet<ScaleInfo>,
    currency_before: PhraseSet<CurrencyInfo>,
    currency_after: PhraseSet<CurrencyInfo>,
    currency_not_before: Vec<PhraseSet<()>>,
    currency_places: Vec<Places>,
    percent: PhraseSet<bool>,
    qualifiers: PhraseSet<Qualifier>,
    qualifiers_after: PhraseSet<Qualifier>,
    exclude_before: PhraseSet<Label>,
    label_not_after: PhraseSet<()>,
    exclude_after: PhraseSet<()>,
    months: PhraseSet<()>,
    measures: PhraseSet<()>,
    scale_alone_before: PhraseSet<()>,
    alternatives: PhraseSet<()>,
    pronoun_not_before: PhraseSet<()>,
    pronoun_not_after: PhraseSet<()>,
    range_open: PhraseSet<()>,
    range_join: PhraseSet<()>,
    range_dash: PhraseSet<()>,
    range_not_after: PhraseSet<RangeBefore>,
    range_object_verbs: PhraseSet<bool>,
    range_object_end: PhraseSet<()>,
    negative: PhraseSet<()>,
    pronouns: Vec<u128>,
    part_followers: Vec<u128>,
    context: ContextPhrases,
    years: (u32, u32),
    separators: Separators,
    currency_context: Vec<CurrencyContext>,
    markers: Vec<u128>,
    /// Word keys of the flag lists of `[numbers]`: bare, not alone,
    /// tens connectors, tens multipliers, unit multipliers, approximate.
    flags: [Vec<u128>; 6],
    /// The last `language` a file named.
    language: Option<String>,
}

impl Builder {
    pub(super) fn new() -> Builder {
        Builder {
            diags: Vec::new(),
            words: HashMap::new(),
            scales: PhraseSet::new(),
            currency_before: PhraseSet::new(),
            currency_after: PhraseSet::new(),
            currency_not_before: Vec::new(),
            currency_places: Vec::new(),
            percent: PhraseSet::new(),
            qualifiers: PhraseSet::new(),
            qualifiers_after: PhraseSet::new(),
            exclude_before: PhraseSet::new(),
            label_not_after: PhraseSet::new(),
            exclude_after: PhraseSet::new(),
            months: PhraseSet::new(),
            measures: PhraseSet::new(),
            scale_alone_before: PhraseSet::new(),
            alternatives: PhraseSet::new(),
            pronoun_not_before: PhraseSet::new(),
            pronoun_not_after: PhraseSet::new(),
            range_open: PhraseSet::new(),
            range_join: PhraseSet::new(),
            range_dash: PhraseSet::new(),
            range_not_after: PhraseSet::new(),
            range_object_verbs: PhraseSet::new(),
            range_object_end: PhraseSet::new(),
            negative: PhraseSet::new(),
            pronouns: Vec::new(),
            part_followers: Vec::new(),
            context: ContextPhrases::default(),
            years: (1900, 2100),
            separators: Separators::default(),
            currency_context: Vec::new(),
            markers: Vec::new(),
            flags: Default::default(),
            language: None,
        }
    }

    fn err(&mut self, name: &str, text: &str, at: usize, msg: String) {
        self.diags.push(Diagnostic::new(name, text, Some(at), msg));
    }

    fn phrase(
        &mut self,
        name: &str,
        text: &str,
        s: &Spanned<String>,
        case_sensitive: bool,
    ) -> Option<Phrase> {
        let p = Phrase::new(s.get_ref(), case_sensitive);
        // The words of every phrase are evidence of the language too
        // ("roupies", "pourcent"): language detection counts them.
        // Codes and symbols written in capitals ("CHF", "FCFA") are
        // shared by languages and are left out.
        for w in s.get_ref().split(|c: char| !c.is_alphabetic()) {
            if w.len() >= 2 && w.chars().any(char::is_lowercase) {
                self.markers.extend(word_key(w.as_bytes()));
            }
        }
        if p.is_none() {
            self.err(
                name,
                text,
                s.span().start,
                "expected a word or phrase, found an empty string".into(),
            );
        }
        p
    }

    /// The phrase of `s` and, when it holds an ASCII apostrophe, its
    /// twin with the typographic one (`d'euros`, `d’euros`): a rule file
    /// lists one spelling and the text may use either.
    fn phrase_variants(
        &mut self,
        name: &str,
        text: &str,
        s: &Spanned<String>,
        case_sensitive: bool,
    ) -> Vec<Phrase> {
        let mut out: Vec<Phrase> =
            self.phrase(name, text, s, case_sensitive).into_iter().collect();
        if s.get_ref().contains('\'') {
            let curly = s.get_ref().replace('\'', "\u{2019}");
            out.extend(Phrase::new(&curly, case_sensitive));
        }
        out
    }

    fn phrases<T: Copy>(
        &mut self,
        name: &str,
        text: &str,
        list: &[Spanned<String>],
        value: T,
        pick: fn(&mut Builder) -> &mut PhraseSet<T>,
    ) {
        for s in list {
            for p in self.phrase_variants(name, text, s, false) {
                pick(self).push(p, value);
            }
        }
    }

    /// The word keys of `list`, or an error per word that is no word.
    fn keys(
        &mut self,
        name: &str,
        text: &str,
        list: &[Spanned<String>],
    ) -> Vec<u128> {
        let mut out = Vec::new();
        for w in list {
            match word_key(w.get_ref().as_bytes()) {
                Some(k) => out.push(k),
                None => self.err(
                    name,
                    text,
                    w.span().start,
                    format!(
                        "expected a word of 1 to 15 bytes, found {:?}",
                        w.get_ref()
                    ),
                ),
            }
        }
        out
    }

    fn decimal(
        &mut self,
        name: &str,
        text: &str,
        v: &Spanned<NumValue>,
    ) -> Option<Decimal> {
        let parsed = match v.get_ref() {
            NumValue::Int(n) => Some(Decimal::from(*n)),
            NumValue::Text(t) => t.parse::<Decimal>().ok(),
        };
        if parsed.is_none() {
            let found = match v.get_ref() {
                NumValue::Text(t) => format!("{:?}", t),
                NumValue::Int(n) => n.to_string(),
            };
            self.err(
                name,
                text,
                v.span().start,
                format!("expected a decimal number, found {}", found),
            );
        }
        parsed
    }

    fn word(
        &mut self,
        name: &str,
        text: &str,
        word: &str,
        at: usize,
        info: WordInfo,
    ) {
        let Some(key) = word_key(word.as_bytes()) else {
            self.err(
                name,
                text,
                at,
                format!(
                    "expected a number word of 1 to 15 bytes, found {:?}",
                    word
                ),
            );
            return;
        };
        // Letters of any script: French parts hold accents ("cinquième").
        if !word.chars().all(text::is_alphabetic) {
            self.err(
                name,
                text,
                at,
                format!(
                    "expected a number word made of letters, found {:?}",
                    word
                ),
            );
            return;
        }
        if let Some((old, old_name, old_text, old_at)) = self.words.get(&key) {
            if old.class != info.class || old.value != info.value {
                let d = Diagnostic::new(
                    name,
                    text,
                    Some(at),
                    format!("number word {:?} has two meanings", word),
                );
                let d = if old_name == name {
                    d.with_related(old_text, *old_at, "first defined here")
                } else {
                    d
                };
                self.diags.push(d);
            }
            return;
        }
        self.words.insert(key, (info, name.to_owned(), text.to_owned(), at));
    }

    pub(super) fn add(&mut self, name: &str, text: &str, file: LexiconFile) {
        if let Some(language) = file.language {
            self.language = Some(language);
        }
        if let Some(n) = file.numbers {
            let classes = [
                (&n.units, WordClass::Unit),
                (&n.tens, WordClass::Tens),
                (&n.multipliers, WordClass::Multiplier),
                (&n.scales, WordClass::Scale),
                (&n.fractions, WordClass::Fraction),
                (&n.parts, WordClass::Part),
                (&n.plural_parts, WordClass::Parts),
            ];
            for (map, class) in classes {
                for (w, v) in map {
                    if let Some(value) = self.decimal(name, text, v) {
                        let info = WordInfo::new(class, value);
                        self.word(name, text, w, v.span().start, info);
                    }
                }
            }
            for (list, class) in [
                (&n.articles, WordClass::Article),
                (&n.connectors, WordClass::Connector),
            ] {
                for w in list {
                    let info = WordInfo::new(class, Decimal::ONE);
                    self.word(name, text, w.get_ref(), w.span().start, info);
                }
            }
            for w in &n.part_followers {
                match word_key(w.get_ref().as_bytes()) {
                    Some(k) => self.part_followers.push(k),
                    None => self.err(
                        name,
                        text,
                        w.span().start,
                        format!("expected a word, found {:?}", w.get_ref()),
                    ),
                }
            }
            for w in &n.pronouns {
                match word_key(w.get_ref().as_bytes()) {
                    Some(k) => self.pronouns.push(k),
                    None => self.err(
                        name,
                        text,
                        w.span().start,
                        format!("expected a word, found {:?}", w.get_ref()),
                    ),
                }
            }
            self.phrases(name, text, &n.pronoun_not_before, (), |b| {
                &mut b.pronoun_not_before
            });
            self.phrases(name, text, &n.pronoun_not_after, (), |b| {
                &mut b.pronoun_not_after
            });
            for (i, list) in [
                &n.bare,
                &n.not_alone,
                &n.tens_connectors,
                &n.tens_multipliers,
                &n.unit_multipliers,
                &n.approximate,
            ]
            .into_iter()
            .enumerate()
            {
                let keys = self.keys(name, text, list);
                self.flags[i].extend(keys);
            }
            for w in &n.tens_connectors {
                let info = WordInfo::new(WordClass::Connector, Decimal::ONE);
                self.word(name, text, w.get_ref(), w.span().start, info);
            }
        }
        if let Some(sep) = &file.separators {
            let always = |p: Option<SeparatorPolicy>, old: bool| {
                p.map_or(old, |p| p == SeparatorPolicy::Always)
            };
            self.separators = Separators {
                decimal_comma_always: always(
                    sep.decimal_comma,
                    self.separators.decimal_comma_always,
                ),
                dot_thousands_always: always(
                    sep.dot_thousands,
                    self.separators.dot_thousands_always,
                ),
                zero_padded_counts: sep
                    .zero_padded_counts
                    .unwrap_or(self.separators.zero_padded_counts),
            };
        }
        for cc in &file.currency_context {
            let code = |b: &mut Builder, c: &Spanned<String>| {
                let parsed = Currency::new(c.get_ref());
                if parsed.is_none() {
                    b.err(
                        name,
                        text,
                        c.span().start,
                        format!(
                            "expected a three-letter ISO 4217 code, found {:?}",
                            c.get_ref()
                        ),
                    );
                }
                parsed
            };
            let (from, to) = (code(self, &cc.code), code(self, &cc.becomes));
            if let (Some(code), Some(becomes)) = (from, to) {
                self.currency_context.push(CurrencyContext {
                    code,
                    becomes,
                    places: places(&cc.words),
                    written: cc
                        .written
                        .iter()
                        .map(|w| w.get_ref().as_str().into())
                        .collect(),
                });
            }
        }
        if let Some(d) = &file.detect {
            let keys = self.keys(name, text, &d.words);
            self.markers.extend(keys);
        }
        for s in &file.scale {
            self.phrases(name, text, &s.alone_before, (), |b| {
                &mut b.scale_alone_before
            });
            let Some(value) = self.decimal(
                name,
                text,
                &Spanned::new(
                    s.value.span(),
                    NumValue::Text(s.value.get_ref().clone()),
                ),
            ) else {
                continue;
            };
            let info = ScaleInfo {
                value,
                glued: s.glued,
                spaced: s.spaced,
                money_only: s.money_only,
                alone: s.alone,
            };
            for w in &s.words {
                for p in self.phrase_variants(name, text, w, s.case_sensitive)
                {
                    self.scales.push(p, info);
                }
            }
        }
        for c in &file.currency {
            let Some(code) = Currency::new(c.code.get_ref()) else {
                self.err(
                    name,
                    text,
                    c.code.span().start,
                    format!(
                        "expected a three-letter ISO 4217 code, found {:?}",
                        c.code.get_ref()
                    ),
                );
                continue;
            };
            let factor = match &c.factor {
                None => Decimal::ONE,
                Some(f) => match self.decimal(
                    name,
                    text,
                    &Spanned::new(
                        f.span(),
                        NumValue::Text(f.get_ref().clone()),
                    ),
                ) {
                    Some(v) => v,
                    None => continue,
                },
            };
            let mut not_before = PhraseSet::new();
            for w in &c.not_before {
                if let Some(p) = self.phrase(name, text, w, false) {
                    not_before.push(p, ());
                }
            }
            let not_before = if c.not_before.is_empty() {
                None
            } else {
                self.currency_not_before.push(not_before);
                u16::try_from(self.currency_not_before.len() - 1).ok()
            };
            let only_where = if c.only_where.is_empty() {
                None
            } else {
                self.currency_places.push(places(&c.only_where));
                u16::try_from(self.currency_places.len() - 1).ok()
            };
            let info = CurrencyInfo {
                code,
                factor,
                default_dollar: c.default_dollar,
                not_before,
                only_where,
            };
            for s in &c.symbols {
                // A symbol of letters only ("RMB", "Rs") is matched as
                // written; "us$" and "c $" are the same symbols as "US$".
                let letters = s.get_ref().len() <= 2
                    && s.get_ref()
                        .bytes()
                        .all(|b| b.is_ascii_alphabetic() || b == b'.');
                for p in self.phrase_variants(name, text, s, letters) {
                    // A symbol kept to some places stands before its
                    // figure only ("N10 billion"): after one, a letter is
                    // a word or a code ("Ward N 3").
                    if only_where.is_none() {
                        self.currency_after.push(p.clone(), info);
                    }
                    self.currency_before.push(p, info);
                }
            }
            for s in &c.names {
                for p in self.phrase_variants(name, text, s, false) {
                    self.currency_after.push(p, info);
                }
            }
            for s in &c.names_before {
                if let Some(p) = self.phrase(name, text, s, false) {
                    self.currency_before.push(p, info);
                }
            }
        }
        if let Some(c) = &file.currencies {
            let any_case: Vec<String> = c
                .any_case
                .iter()
                .map(|s| s.get_ref().to_ascii_uppercase())
                .collect();
            for s in &c.iso {
                let Some(code) = Currency::new(s.get_ref()) else {
                    self.err(name, text, s.span().start, format!("expected a three-letter ISO 4217 code, found {:?}", s.get_ref()));
                    continue;
                };
                let case_sensitive =
                    !any_case.iter().any(|a| a == code.as_str());
                let info = CurrencyInfo {
                    code,
                    factor: Decimal::ONE,
                    default_dollar: false,
                    not_before: None,
                    only_where: None,
                };
                if let Some(p) = Phrase::new(code.as_str(), case_sensitive) {
                    self.currency_before.push(p.clone(), info);
                    self.currency_after.push(p, info);
                }
            }
        }
        for d in &file.dollar_context {
            let Some(code) = Currency::new(d.code.get_ref()) else {
                self.err(
                    name,
                    text,
                    d.code.span().start,
                    format!(
                        "expected a three-letter ISO 4217 code, found {:?}",
                        d.code.get_ref()
                    ),
                );
                continue;
            };
            for (list, states) in [(&d.states, true), (&d.mentions, false)] {
                for p in list {
                    if p.get_ref().trim().is_empty() {
                        self.err(
                            name,
                            text,
                            p.span().start,
                            "expected a word or phrase, found an empty string"
                                .into(),
                        );
                    }
                    self.context.push(p.get_ref(), code, states);
                }
            }
        }
        if let Some(p) = &file.percent {
            self.phrases(name, text, &p.percent, false, |b| &mut b.percent);
            for w in &p.percent_lowercase {
                for ph in self.phrase_variants(name, text, w, true) {
                    self.percent.push(ph, false);
                }
            }
            self.phrases(name, text, &p.points, true, |b| &mut b.percent);
        }
        if let Some(q) = &file.qualifiers {
            self.phrases(name, text, &q.approx, Qualifier::Approx, |b| {
                &mut b.qualifiers
            });
            self.phrases(name, text, &q.more_than, Qualifier::MoreThan, |b| {
                &mut b.qualifiers
            });
            self.phrases(name, text, &q.at_least, Qualifier::AtLeast, |b| {
                &mut b.qualifiers
            });
            self.phrases(name, text, &q.at_most, Qualifier::AtMost, |b| {
                &mut b.qualifiers
            });
            self.phrases(name, text, &q.less_than, Qualifier::LessThan, |b| {
                &mut b.qualifiers
            });
            self.phrases(name, text, &q.exact, Qualifier::Exact, |b| {
                &mut b.qualifiers
            });
            self.phrases(
                name,
                text,
                &q.approx_after,
                Qualifier::Approx,
                |b| &mut b.qualifiers_after,
            );
            self.phrases(
                name,
                text,
                &q.at_least_after,
                Qualifier::AtLeast,
                |b| &mut b.qualifiers_after,
            );
            self.phrases(
                name,
                text,
                &q.at_most_after,
                Qualifier::AtMost,
                |b| &mut b.qualifiers_after,
            );
        }
        if let Some(r) = &file.ranges {
            self.phrases(name, text, &r.open, (), |b| &mut b.range_open);
            self.phrases(name, text, &r.join, (), |b| &mut b.range_join);
            self.phrases(name, text, &r.dashes, (), |b| &mut b.range_dash);
            self.phrases(name, text, &r.not_after, RangeBefore::Change, |b| {
                &mut b.range_not_after
            });
            self.phrases(name, text, &r.spread, RangeBefore::Spread, |b| {
                &mut b.range_not_after
            });
            self.phrases(name, text, &r.amount_by, RangeBefore::Amount, |b| {
                &mut b.range_not_after
            });
            self.phrases(name, text, &r.object_verbs, false, |b| {
                &mut b.range_object_verbs
            });
            self.phrases(name, text, &r.object_pronouns, true, |b| {
                &mut b.range_object_verbs
            });
            self.phrases(name, text, &r.object_end, (), |b| {
                &mut b.range_object_end
            });
        }
        if let Some(sg) = &file.signs {
            self.phrases(name, text, &sg.negative, (), |b| &mut b.negative);
        }
        if let Some(x) = &file.exclude {
            self.phrases(name, text, &x.before, Label::Name, |b| {
                &mut b.exclude_before
            });
            self.phrases(name, text, &x.value_labels, Label::Value, |b| {
                &mut b.exclude_before
            });
            self.phrases(name, text, &x.index_labels, Label::Index, |b| {
                &mut b.exclude_before
            });
            self.phrases(name, text, &x.label_not_after, (), |b| {
                &mut b.label_not_after
            });
            self.phrases(name, text, &x.after, (), |b| &mut b.exclude_after);
            self.phrases(name, text, &x.measures, (), |b| &mut b.measures);
            self.phrases(name, text, &x.alternatives, (), |b| {
                &mut b.alternatives
            });
            for m in &x.months {
                if let Some(p) = self.phrase(name, text, m, true) {
                    self.months.push(p, ());
                }
            }
            if let Some(y) = &x.years {
                let [lo, hi] = *y.get_ref();
                if lo > hi || hi > 9999 {
                    self.err(name, text, y.span().start, format!("expected [first, last] years with first <= last <= 9999, found [{}, {}]", lo, hi));
                } else {
                    self.years = (lo, hi);
                }
            }
        }
    }

    pub(super) fn finish(mut self) -> Result<Lexicon, RuleError> {
        if !self.diags.is_empty() {
            return Err(RuleError::new(self.diags));
        }
        // Every phrase is escaped: the regex cannot fail but by size.
        let dollar_context = match std::mem::take(&mut self.context).compile()
        {
            Ok(c) => c,
            Err(e) => {
                return Err(RuleError::new(vec![Diagnostic::new(
                    "lexicon",
                    "",
                    None,
                    format!("dollar_context phrases do not compile: {e}"),
                )]))
            }
        };
        let mut words: HashMap<
            u128,
            WordInfo,
            BuildHasherDefault<WordHasher>,
        > = HashMap::default();
        let mut word_filter = [0u32; 256];
        let mut word_edges = WordShapes::default();
        for (k, (mut info, ..)) in self.words {
            info.pronoun = self.pronouns.contains(&k);
            info.bare = self.flags[0].contains(&k);
            info.not_alone = self.flags[1].contains(&k);
            info.joins_tens = self.flags[2].contains(&k);
            info.tens_multiplier = self.flags[3].contains(&k);
            info.unit_multiplier = self.flags[4].contains(&k);
            info.approximate = self.flags[5].contains(&k);
            // Only words that can start a numeral trigger a parse.
            if info.class.starts_numeral() {
                let (bytes, len) = unpack(k);
                let first = bytes[0];
                word_filter[usize::from(first)] |= 1 << len;
                word_filter[usize::from(first.to_ascii_uppercase())] |=
                    1 << len;
                let last = bytes[len - 1];
                word_edges.add(first, last, len);
            }
            words.insert(k, info);
        }
        let (mut starts, mut ends) =
            (EdgeFilter::default(), EdgeFilter::default());
        self.scales.edges(1 << 0, &mut starts, &mut ends);
        self.currency_before.edges(1 << 1, &mut starts, &mut ends);
        self.currency_after.edges(1 << 2, &mut starts, &mut ends);
        self.percent.edges(1 << 3, &mut starts, &mut ends);
        self.qualifiers.edges(1 << 4, &mut starts, &mut ends);
        self.qualifiers_after.edges(1 << 5, &mut starts, &mut ends);
        self.exclude_before.edges(1 << 6, &mut starts, &mut ends);
        self.exclude_after.edges(1 << 7, &mut starts, &mut ends);
        self.months.edges(1 << 8, &mut starts, &mut ends);
        self.pronoun_not_before.edges(1 << 9, &mut starts, &mut ends);
        self.pronoun_not_after.edges(1 << 10, &mut starts, &mut ends);
        self.range_open.edges(1 << 11, &mut starts, &mut ends);
        self.range_join.edges(1 << 12, &mut starts, &mut ends);
        self.range_dash.edges(1 << 13, &mut starts, &mut ends);
        self.range_not_after.edges(1 << 14, &mut starts, &mut ends);
        self.negative.edges(1 << 15, &mut starts, &mut ends);
        self.measures.edges(1 << 16, &mut starts, &mut ends);
        self.alternatives.edges(1 << 17, &mut starts, &mut ends);
        self.label_not_after.edges(1 << 18, &mut starts, &mut ends);
        self.scale_alone_before.edges(1 << 19, &mut starts, &mut ends);
        self.range_object_verbs.edges(1 << 20, &mut starts, &mut ends);
        self.range_object_end.edges(1 << 21, &mut starts, &mut ends);
        Ok(Lexicon {
            inner: Arc::new(Inner {
                // "und", BCP 47's undetermined language, when no file says.
                language: intern(self.language.as_deref().unwrap_or("und")),
                words,
                word_filter,
                word_edges,
                starts,
                ends,
                scales: self.scales,
                currency_before: self.currency_before,
                currency_after: self.currency_after,
                currency_not_before: self.currency_not_before,
                currency_places: self.currency_places,
                percent: self.percent,
                qualifiers: self.qualifiers,
                qualifiers_after: self.qualifiers_after,
                exclude_before: self.exclude_before,
                label_not_after: self.label_not_after,
                exclude_after: self.exclude_after,
                months: self.months,
                measures: self.measures,
                scale_alone_before: self.scale_alone_before,
                alternatives: self.alternatives,
                pronoun_not_before: self.pronoun_not_before,
                pronoun_not_after: self.pronoun_not_after,
                range_open: self.range_open,
                range_join: self.range_join,
                range_dash: self.range_dash,
                range_not_after: self.range_not_after,
                range_object_verbs: self.range_object_verbs,
                range_object_end: self.range_object_end,
                negative: self.negative,
                years: self.years,
                separators: self.separators,
                currency_context: self.currency_context,
                markers: self.markers.into_iter().collect(),
                part_followers: self.part_followers,
                dollar_context,
            }),
        })
    }
}

/// A place list of the lexicon, its empty entries left out.
fn places(words: &[Spanned<String>]) -> Places {
    Places(
        words
            .iter()
            .filter(|w| !w.get_ref().is_empty())
            .map(|w| w.get_ref().as_bytes().into())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use crate::quantity::lexicon::Lexicon;

    #[test]
    fn one_word_with_two_meanings_is_an_error_at_both_places() {
        let text = "[numbers]\nunits = { one = 1 }\ntens = { one = 10 }\n";
        let err = Lexicon::from_toml("l.toml", text).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("two meanings"), "{}", shown);
        assert!(shown.contains("first defined here"), "{}", shown);
    }

    #[test]
    fn bad_currency_code_names_its_line() {
        let text = "[[currency]]\ncode = \"DOLLAR\"\n";
        let err = Lexicon::from_toml("l.toml", text).unwrap_err();
        assert!(
            err.to_string().starts_with("l.toml:2:8: expected a three-letter"),
            "{}",
            err
        );
    }
}

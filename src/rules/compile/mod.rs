//! Rule files to matchers: parsing, merging of layers, and all
//! validation.
//!
//! A build is a list of layers, each a list of `(name, text)` sources.
//! Within one layer an id may be defined once per table; a later layer
//! replaces the entry of the same id of an earlier one (its position in
//! the table is kept) or adds a new one. Every problem of every source is
//! collected into one [`RuleError`]: a user fixing rule files sees them
//! all at once. Nothing here panics on any input.
//!
//! This file holds the build itself: the merge of the tables, the errors,
//! and the compiling of each regex; `compiled` is what a build gives (the
//! [`Compiled`] rule set and the word tables), and `table` compiles each
//! table of the rule files to its matchers.

mod compiled;
mod table;

use std::collections::HashMap;

use regex::{Regex, RegexBuilder, RegexSetBuilder};
use toml::Spanned;

use crate::error::{toml_message, Diagnostic, RuleError};
use crate::quantity::Lexicon;

use super::gate::Pattern;
use super::hint::hint;
use super::schema::{
    AmountDef, BareMoneyDef, ChangeDef, ClauseDef, ExclusionDef, GrammarDef,
    IndicatorDef, KindDef, LevelDef, LookbackDef, PeriodDef, RuleFile,
    SectionDef, StatusDef, WordsDef,
};

use self::compiled::{packed_roles, roles};
pub(crate) use self::compiled::{
    AmountRule, AmountRules, BareMoneyRule, ChangeRule, Compiled, Exclusion,
    Governs, Indicator, Kind, KindChoice, LevelRule, ListedItem, Lookback,
    PeriodRule, Roles, Scope, StatusCue, SubjectMode, Units, WordMap, WordSet,
    Words,
};
use self::table::{
    compile_amounts, compile_bare_money, compile_changes, compile_clauses,
    compile_exclusions, compile_grammar, compile_indicators, compile_kinds,
    compile_levels, compile_lookbacks, compile_periods, compile_sections,
    compile_status, compile_words,
};

/// The longest pattern a rule file may hold, in bytes. Rule patterns look
/// at one sentence; a longer one is almost certainly a mistake, and the
/// bound keeps compile time and memory small.
pub(crate) const MAX_PATTERN_LEN: usize = 4096;

/// The compiled size limit of one rule regex (regex's `size_limit`).
pub(crate) const REGEX_SIZE_LIMIT: usize = 1 << 21;

/// The nesting limit of one rule regex (regex's `nest_limit`).
pub(crate) const REGEX_NEST_LIMIT: u32 = 32;

/// The longest multi-word noun a kind may list, in words.
pub(crate) const MAX_NOUN_WORDS: usize = 4;

/// One rule source: a file path or a name given to `from_toml`.
#[derive(Debug)]
pub(crate) struct Source {
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) layer: usize,
}

/// One table entry and the source it came from.
struct Entry<T> {
    src: usize,
    def: T,
}

/// Entries of one table, merged across layers by id.
struct Table<T> {
    what: &'static str,
    entries: Vec<Entry<T>>,
    by_id: HashMap<String, usize>,
}

impl<T> Table<T> {
    fn new(what: &'static str) -> Table<T> {
        Table { what, entries: Vec::new(), by_id: HashMap::new() }
    }
}

/// Something with an `id` field.
trait HasId {
    fn id(&self) -> &Spanned<String>;
}

macro_rules! has_id {
    ($($t:ty),*) => {
        $(impl HasId for $t {
            fn id(&self) -> &Spanned<String> {
                &self.id
            }
        })*
    };
}
has_id!(
    KindDef,
    IndicatorDef,
    ExclusionDef,
    WordsDef,
    GrammarDef,
    LookbackDef,
    ChangeDef,
    PeriodDef,
    SectionDef,
    StatusDef,
    ClauseDef,
    AmountDef,
    LevelDef,
    BareMoneyDef
);

/// The state of one build: sources, diagnostics found so far.
struct Compiler<'s> {
    sources: &'s [Source],
    diagnostics: Vec<(usize, usize, Diagnostic)>,
    cause: Option<regex::Error>,
}

impl Compiler<'_> {
    #[cold]
    #[inline(never)]
    fn error(
        &mut self,
        src: usize,
        offset: Option<usize>,
        rule: Option<&str>,
        message: String,
    ) -> Diagnostic {
        let s = &self.sources[src];
        let mut d = Diagnostic::new(&s.name, &s.text, offset, message);
        if let Some(rule) = rule {
            d = d.with_rule(rule);
        }
        d
    }

    fn push(&mut self, src: usize, offset: usize, d: Diagnostic) {
        self.diagnostics.push((src, offset, d));
    }

    #[cold]
    #[inline(never)]
    fn report<T>(
        &mut self,
        src: usize,
        at: &Spanned<T>,
        rule: Option<&str>,
        message: String,
    ) {
        let offset = at.span().start;
        let d = self.error(src, Some(offset), rule, message);
        self.push(src, offset, d);
    }

    fn insert<T: HasId>(&mut self, table: &mut Table<T>, src: usize, def: T) {
        let id = def.id().get_ref().clone();
        if id.is_empty() {
            self.report(
                src,
                def.id(),
                None,
                format!("empty {} id", table.what),
            );
            return;
        }
        match table.by_id.get(&id) {
            Some(&i) => {
                let first = &table.entries[i];
                let (fsrc, fdef) = (first.src, &first.def);
                if self.sources[fsrc].layer == self.sources[src].layer {
                    let offset = def.id().span().start;
                    let fs = &self.sources[fsrc];
                    let d = self
                        .error(
                            src,
                            Some(offset),
                            None,
                            format!("duplicate {} id {:?}", table.what, id),
                        )
                        .with_related_in(
                            &fs.name,
                            &fs.text,
                            fdef.id().span().start,
                            "first defined here",
                        );
                    self.push(src, offset, d);
                } else {
                    table.entries[i] = Entry { src, def };
                }
            }
            None => {
                table.by_id.insert(id, table.entries.len());
                table.entries.push(Entry { src, def });
            }
        }
    }

    /// Compiles one rule pattern, reporting every problem at its position.
    fn regex(
        &mut self,
        src: usize,
        rule: &str,
        pattern: &Spanned<String>,
    ) -> Option<Regex> {
        let p = pattern.get_ref();
        if p.len() > MAX_PATTERN_LEN {
            let msg = format!(
                "pattern too long: {} bytes, the limit is {}",
                p.len(),
                MAX_PATTERN_LEN
            );
            self.report(src, pattern, Some(rule), msg);
            return None;
        }
        let built = RegexBuilder::new(p)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .nest_limit(REGEX_NEST_LIMIT)
            .build();
        match built {
            Ok(re) if re.is_match("") => {
                let msg = "pattern matches the empty string, so it would \
                           match everywhere"
                    .to_owned();
                self.report(src, pattern, Some(rule), msg);
                None
            }
            Ok(re) => Some(re),
            Err(e) => {
                let msg = match &e {
                    regex::Error::CompiledTooBig(limit) => format!(
                        "pattern too big: its compiled form exceeds the \
                         limit of {} bytes (a large repetition?)",
                        limit
                    ),
                    regex::Error::Syntax(s) => {
                        let last = s
                            .lines()
                            .rev()
                            .find(|l| !l.trim().is_empty())
                            .unwrap_or("")
                            .trim();
                        let last =
                            last.strip_prefix("error: ").unwrap_or(last);
                        format!("invalid regex: {}", last)
                    }
                    other => format!("invalid regex: {}", other),
                };
                self.report(src, pattern, Some(rule), msg);
                if self.cause.is_none() {
                    self.cause = Some(e);
                }
                None
            }
        }
    }

    /// Compiles one pattern that is matched against the text on one side
    /// of a figure, with the byte gates of its anchored ends.
    fn pattern(
        &mut self,
        src: usize,
        rule: &str,
        pattern: &Spanned<String>,
    ) -> Option<Pattern> {
        let regex = self.regex(src, rule, pattern)?;
        Some(Pattern::new(regex, REGEX_NEST_LIMIT))
    }

    fn opt_pattern(
        &mut self,
        src: usize,
        rule: &str,
        pattern: &Option<Spanned<String>>,
    ) -> Option<Option<Pattern>> {
        match pattern {
            None => Some(None),
            Some(p) => self.pattern(src, rule, p).map(Some),
        }
    }
}

/// Lower-cases `word` and joins its whitespace-separated parts with one
/// space: the key form of nouns and words.
pub(crate) fn normalize_words(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (i, part) in word.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.extend(part.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Whether a source holds layer-1 language data rather than layer-2 rules.
pub(crate) fn is_lexicon(name: &str) -> bool {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    file.starts_with("lexicon")
}

/// Compiles the sources of one build (layers in increasing order). The
/// lexicon is the merge, in order, of the embedded English one (when
/// `english_lexicon`) and every `lexicon*` source; with none of them, the
/// embedded English lexicon.
pub(crate) fn compile(
    sources: &[Source],
    english_lexicon: bool,
) -> Result<Compiled, RuleError> {
    let mut c = Compiler { sources, diagnostics: Vec::new(), cause: None };
    let mut kinds = Table::new("kind");
    let mut indicators = Table::new("indicator");
    let mut exclusions = Table::new("exclusion");
    let mut words = Table::new("words");
    let mut lookbacks = Table::new("lookback");
    let mut grammars = Table::new("grammar");
    let mut changes = Table::new("change");
    let mut periods = Table::new("period");
    let mut sections = Table::new("section");
    let mut statuses = Table::new("status");
    let mut clauses = Table::new("clause");
    let mut amounts = Table::new("amount");
    let mut bare_money = Table::new("bare_money");
    let mut levels = Table::new("level");
    let mut lexicon_sources: Vec<(&str, &str)> = Vec::new();
    if english_lexicon {
        lexicon_sources.push(("rules/en/lexicon.toml", Lexicon::ENGLISH_TOML));
    }
    let mut lexicon_first = Vec::new();
    let mut extensions = Vec::new();

    for (src, source) in sources.iter().enumerate() {
        if is_lexicon(&source.name) {
            lexicon_sources.push((&source.name, &source.text));
            lexicon_first.push(src);
            continue;
        }
        let file: RuleFile = match toml::from_str(&source.text) {
            Ok(f) => f,
            Err(e) => {
                let offset = e.span().map(|r| r.start);
                let msg = toml_message(&e);
                let d = c.error(src, offset, None, msg);
                c.push(src, offset.unwrap_or(0), d);
                continue;
            }
        };
        for d in file.kind {
            if d.extend {
                extensions.push(Entry { src, def: d });
            } else {
                c.insert(&mut kinds, src, d);
            }
        }
        for d in file.indicator {
            c.insert(&mut indicators, src, d);
        }
        for d in file.exclusion {
            c.insert(&mut exclusions, src, d);
        }
        for d in file.words {
            c.insert(&mut words, src, d);
        }
        for d in file.lookback {
            c.insert(&mut lookbacks, src, d);
        }
        for d in file.grammar {
            c.insert(&mut grammars, src, d);
        }
        for d in file.change {
            c.insert(&mut changes, src, d);
        }
        for d in file.period {
            c.insert(&mut periods, src, d);
        }
        for d in file.section {
            c.insert(&mut sections, src, d);
        }
        for d in file.status {
            c.insert(&mut statuses, src, d);
        }
        for d in file.clause {
            c.insert(&mut clauses, src, d);
        }
        for d in file.amount {
            c.insert(&mut amounts, src, d);
        }
        for d in file.bare_money {
            c.insert(&mut bare_money, src, d);
        }
        for d in file.level {
            c.insert(&mut levels, src, d);
        }
    }

    // Layer 1 merges its own files in order; with no lexicon file beyond
    // the embedded one, the compiled embedded lexicon is shared as is.
    let lexicon = if lexicon_first.is_empty() {
        Some(Lexicon::english().clone())
    } else {
        match Lexicon::from_toml_sources(&lexicon_sources) {
            Ok(lex) => Some(lex),
            Err(e) => {
                for d in e.diagnostics() {
                    let src = sources
                        .iter()
                        .position(|s| s.name == d.source_name())
                        .unwrap_or(lexicon_first[0]);
                    let offset = d.position().map_or(0, |p| p.offset);
                    c.push(src, offset, d.clone());
                }
                None
            }
        }
    };
    let (kinds, kind_index, nouns) =
        compile_kinds(&mut c, &kinds, &extensions);
    let indicators = compile_indicators(&mut c, &indicators, &kind_index);
    let exclusions = compile_exclusions(&mut c, &exclusions);
    let line_scoped = exclusions.iter().any(|x| x.scope == Scope::Line);
    let exclusion_hint = hint(exclusions.iter().map(|x| x.regex.as_str()));
    let words = compile_words(&mut c, &words);
    let roles = roles(&nouns, &words);
    let packed_roles = packed_roles(&roles);
    let [lookbacks, part_lookbacks, part_afters, implied, line_before, heading_lookbacks, bare_parts, referents, label_lookbacks] =
        compile_lookbacks(&mut c, &lookbacks);
    let head_first = compile_grammar(&mut c, &grammars);
    let (changes, change_starts) = compile_changes(&mut c, &changes);
    let change_gaps =
        RegexSetBuilder::new(changes.iter().map(|r| r.gap.regex().as_str()))
            .size_limit(REGEX_SIZE_LIMIT * 4)
            .dfa_size_limit(REGEX_SIZE_LIMIT * 4)
            .nest_limit(REGEX_NEST_LIMIT)
            .build()
            .ok();
    let periods = compile_periods(&mut c, &periods);
    let period_hint = hint(periods.iter().map(|p| p.pattern.as_str()));
    let change_periods = periods
        .iter()
        .any(|p| p.amount_spans_change || p.same_period.is_some());
    let sections = compile_sections(&mut c, &sections);
    let status_cues = compile_status(&mut c, &statuses);
    let clauses = compile_clauses(&mut c, &clauses);
    // A break that is one of a few bytes (";", "|", a line break) is found
    // by a byte search: in a table, a regex match per cell costs more than
    // the cell's bytes.
    let mut clause_bytes = Vec::new();
    let (clauses, clause_last_word_opens): (Vec<Regex>, Vec<bool>) = clauses
        .into_iter()
        .filter(|(re, opens)| {
            match few_bytes(re.as_str(), 3 - clause_bytes.len()) {
                Some(bytes) if !opens => {
                    clause_bytes.extend(bytes);
                    false
                }
                _ => true,
            }
        })
        .unzip();
    let status_index = if status_cues.is_empty() {
        None
    } else {
        let patterns: Vec<&str> = clauses
            .iter()
            .chain(status_cues.iter().map(|s| &s.regex))
            .map(Regex::as_str)
            .collect();
        multi_pattern(&patterns)
    };
    let amounts = compile_amounts(&mut c, &amounts);
    let bare_money = compile_bare_money(&mut c, &bare_money);
    let levels = compile_levels(&mut c, &levels);

    if !c.diagnostics.is_empty() {
        let mut ds = std::mem::take(&mut c.diagnostics);
        ds.sort_by_key(|(src, offset, _)| (*src, *offset));
        let ds = ds.into_iter().map(|(_, _, d)| d).collect();
        return Err(RuleError::with_causes(ds, c.cause.take()));
    }
    let Some(lexicon) = lexicon else {
        return Err(RuleError::new(Vec::new()));
    };
    Ok(Compiled {
        lexicon,
        kinds,
        nouns,
        roles,
        packed_roles,
        indicators,
        exclusions,
        line_scoped,
        exclusion_hint,
        lookbacks,
        part_lookbacks,
        part_afters,
        bare_parts,
        referents,
        implied,
        line_before,
        heading_lookbacks,
        label_lookbacks,
        head_first,
        changes,
        change_gaps,
        change_starts,
        periods,
        change_periods,
        period_hint,
        sections,
        words,
        status_cues,
        status_index,
        clause_breaks: clauses.len(),
        clause_last_word_opens,
        clause_bytes,
        amounts,
        bare_money,
        levels,
    })
}

/// The bytes `pattern` matches, when it is a class of at most `most`
/// ASCII bytes and nothing else.
fn few_bytes(pattern: &str, most: usize) -> Option<Vec<u8>> {
    use regex_syntax::hir::{Class, HirKind};
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let HirKind::Class(class) = hir.kind() else { return None };
    let mut bytes = Vec::new();
    match class {
        Class::Unicode(c) => {
            for r in c.iter() {
                for ch in r.start()..=r.end() {
                    bytes.push(
                        u8::try_from(u32::from(ch))
                            .ok()
                            .filter(u8::is_ascii)?,
                    );
                    if bytes.len() > most {
                        return None;
                    }
                }
            }
        }
        Class::Bytes(c) => {
            for r in c.iter() {
                for b in r.start()..=r.end() {
                    bytes.push(Some(b).filter(u8::is_ascii)?);
                    if bytes.len() > most {
                        return None;
                    }
                }
            }
        }
    }
    Some(bytes)
}

/// One regex whose patterns are `patterns`, each match naming the one it
/// is; `None` when it exceeds the size limits.
fn multi_pattern(patterns: &[&str]) -> Option<regex_automata::meta::Regex> {
    use regex_automata::{meta, util::syntax};
    meta::Regex::builder()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT * 4))
                .hybrid_cache_capacity(REGEX_SIZE_LIMIT * 4),
        )
        .syntax(syntax::Config::new().nest_limit(REGEX_NEST_LIMIT))
        .build_many(patterns)
        .ok()
}

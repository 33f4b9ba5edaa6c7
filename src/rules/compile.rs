//! Rule files to matchers: parsing, merging of layers, and all
//! validation.
//!
//! A build is a list of layers, each a list of `(name, text)` sources.
//! Within one layer an id may be defined once per table; a later layer
//! replaces the entry of the same id of an earlier one (its position in
//! the table is kept) or adds a new one. Every problem of every source is
//! collected into one [`RuleError`]: a user fixing rule files sees them
//! all at once. Nothing here panics on any input.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use toml::Spanned;

use crate::error::{toml_message, Diagnostic, RuleError};
use crate::quantity::{is_alphanumeric, Lexicon, WordHasher};
use crate::record::Unit;

use super::gate::Pattern;
use super::hint::Hint;
use super::schema::{
    ChangeDef, ExclusionDef, IndicatorDef, KindDef, LookbackDef, PeriodDef,
    RuleFile, SectionDef, WordsDef,
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

/// A compiled rule set: every matcher built once, read-only afterwards.
#[derive(Clone)]
pub(crate) struct Compiled {
    pub(crate) lexicon: Lexicon,
    pub(crate) kinds: Vec<Kind>,
    /// Lower-case noun (words joined by one space) to kind index.
    pub(crate) nouns: WordMap<usize>,
    /// Every word of `nouns` and of the stop, continuation and
    /// determiner lists, with all its roles: one lookup per word.
    pub(crate) roles: WordMap<Roles>,
    /// The entries of `roles` whose key is ASCII and short enough to
    /// pack (see [`pack`]): the table an ASCII word of the text is looked
    /// up in.
    pub(crate) packed_roles: PackedMap<Roles>,
    pub(crate) indicators: Vec<Indicator>,
    pub(crate) exclusions: Vec<Exclusion>,
    /// Whether some exclusion is matched against a figure's line.
    pub(crate) line_scoped: bool,
    /// A pattern that matches, in any text, wherever one of the
    /// exclusions can match some part of that text: see [`relaxed`].
    /// `None` when one cannot be built (every exclusion is then run).
    pub(crate) exclusion_hint: Option<Hint>,
    pub(crate) lookbacks: Vec<Lookback>,
    pub(crate) changes: Vec<ChangeRule>,
    /// The `gap` patterns of `changes`, as one set; `None` when the set
    /// exceeds the size limits.
    pub(crate) change_gaps: Option<RegexSet>,
    pub(crate) periods: Vec<PeriodRule>,
    /// The same for the `pattern`s of `periods` as `exclusion_hint` is
    /// for the exclusions.
    pub(crate) period_hint: Option<Hint>,
    pub(crate) sections: Vec<Regex>,
    pub(crate) words: Words,
}

/// A summary: the full tables would bury a `{:?}` of an `Extractor`.
impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kinds: Vec<&str> = self.kinds.iter().map(|k| &*k.id).collect();
        f.debug_struct("RuleSet")
            .field("kinds", &kinds)
            .field("nouns", &self.nouns.len())
            .field("indicators", &self.indicators.len())
            .field("exclusions", &self.exclusions.len())
            .field("lookbacks", &self.lookbacks.len())
            .field("changes", &self.changes.len())
            .field("periods", &self.periods.len())
            .field("sections", &self.sections.len())
            .finish_non_exhaustive()
    }
}

/// An indicator kind.
#[derive(Clone, Debug)]
pub(crate) struct Kind {
    pub(crate) id: Box<str>,
    /// Rule id of records whose kind one of its nouns decided.
    pub(crate) rule: Box<str>,
}

/// Which units an indicator applies to (bit set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Units(u8);

impl Units {
    pub(crate) const MONEY: Units = Units(1);
    pub(crate) const PERCENT: Units = Units(2);
    pub(crate) const POINTS: Units = Units(4);
    pub(crate) const NUMBER: Units = Units(8);
    const ALL: Units = Units(15);

    fn from_name(name: &str) -> Option<Units> {
        Some(match name {
            "money" => Units::MONEY,
            "%" | "percent" => Units::PERCENT,
            "pp" => Units::POINTS,
            "number" | "count" => Units::NUMBER,
            _ => return None,
        })
    }

    pub(crate) fn contains(self, other: Units) -> bool {
        self.0 & other.0 != 0
    }
}

/// How an indicator decides the kind.
#[derive(Clone, Copy, Debug)]
pub(crate) enum KindChoice {
    /// Always this kind.
    Fixed(usize),
    /// From the subject's nouns, else `fallback`.
    Subject { fallback: usize },
}

/// How an indicator reads the subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SubjectMode {
    /// The noun phrase right after the figure, else a look-back pattern.
    After,
    /// The noun phrase after `of` right after the figure.
    Of,
    /// No subject.
    None,
}

/// An `[[indicator]]` rule.
#[derive(Clone, Debug)]
pub(crate) struct Indicator {
    pub(crate) id: Box<str>,
    pub(crate) units: Units,
    pub(crate) signed: Option<bool>,
    /// An unsigned value takes the sign of the nearest change word.
    pub(crate) direction: bool,
    pub(crate) before: Option<Pattern>,
    pub(crate) after: Option<Pattern>,
    pub(crate) kind: KindChoice,
    pub(crate) subject: SubjectMode,
    /// The unit of its records, when it overrides layer 1's.
    pub(crate) unit: Option<Unit>,
}

/// The window an exclusion looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    Sentence,
    Line,
}

/// An `[[exclusion]]` rule.
#[derive(Clone, Debug)]
pub(crate) struct Exclusion {
    pub(crate) regex: Regex,
    pub(crate) scope: Scope,
}

/// A `[[lookback]]` rule: matched against the text before a figure;
/// `group` is the index of its `subject` group, if it has one.
#[derive(Clone, Debug)]
pub(crate) struct Lookback {
    pub(crate) pattern: Pattern,
    pub(crate) group: Option<usize>,
}

/// A `[[change]]` rule.
#[derive(Clone, Debug)]
pub(crate) struct ChangeRule {
    pub(crate) before: Option<Pattern>,
    pub(crate) gap: Pattern,
    /// The first figure is the later one.
    pub(crate) reversed: bool,
}

/// A `[[period]]` rule.
#[derive(Clone, Debug)]
pub(crate) struct PeriodRule {
    pub(crate) pattern: Regex,
    pub(crate) link: Pattern,
}

/// A set of lower-case words, hashed with [`WordHasher`].
pub(crate) type WordSet = HashSet<Box<str>, BuildHasherDefault<WordHasher>>;

/// A map from lower-case words, hashed with [`WordHasher`].
pub(crate) type WordMap<V> =
    HashMap<Box<str>, V, BuildHasherDefault<WordHasher>>;

/// A map from packed lower-case ASCII words (see [`pack`]).
pub(crate) type PackedMap<V> =
    HashMap<u128, V, BuildHasherDefault<WordHasher>>;

/// The longest word (or words joined by one space) that [`pack`] and
/// [`pack_parts`] pack, in bytes.
pub(crate) const PACK_MAX: usize = 15;

/// The key of an ASCII word of at most [`PACK_MAX`] bytes, lower-cased,
/// packed into one integer: its bytes from the lowest byte up, then its
/// length in the top byte. Two words have the same key exactly when
/// their ASCII lower-case forms are equal; `None` for a longer or a
/// non-ASCII word.
// PERF: a word of the text is looked up by this key, built straight from
// its bytes, instead of being lower-cased into a `String` and hashed
// byte by byte: see `roles_of` in extract.rs for the measurement.
pub(crate) fn pack(word: &[u8]) -> Option<u128> {
    pack_parts(&[word])
}

/// The key (see [`pack`]) of `parts` joined by one space.
pub(crate) fn pack_parts(parts: &[&[u8]]) -> Option<u128> {
    let mut buf = [0u8; 16];
    let mut len = 0;
    for (j, part) in parts.iter().enumerate() {
        let at = len + usize::from(j > 0);
        let to = at + part.len();
        if to > PACK_MAX {
            return None;
        }
        if j > 0 {
            buf[len] = b' ';
        }
        buf[at..to].copy_from_slice(part);
        len = to;
    }
    // `len` is at most 15: it is no letter and no high byte.
    buf[PACK_MAX] = len as u8;
    lower_packed(u128::from_le_bytes(buf))
}

/// [`pack`] of `text[start..end]`, read as one 16-byte load where the
/// text holds 16 bytes from `start`.
// PERF: the copy of a word of unknown length into the key's buffer was a
// call to `memcpy`, and `pack` about 3% of full extraction's time on the
// bench `report` fixture (`perf record` over `examples/passes report l2`).
// Reading in place, full extraction of `report` (`examples/passes report
// l2 1 80` against the build of the commit before, three interleaved
// rounds): 80-83 -> 85-87 MB/s, `dense-utf8` within noise; criterion run
// side by side (two interleaved runs): `extract/report/1MB` 79 -> 83
// MiB/s, `report/100KB` 89 -> 90-93, `mixed` +2%, the rest unchanged.
// Instructions hardly moved (report 147.6M -> 146.2-146.8M per MB): the
// call and its branches on the length were the cost.
#[inline]
pub(crate) fn pack_in(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end.checked_sub(start)?;
    if len > PACK_MAX {
        return None;
    }
    let Some(bytes) = text.get(start..start + 16) else {
        return pack(text.get(start..end)?);
    };
    let mut buf = [0u8; 16];
    buf.copy_from_slice(bytes);
    let word = u128::from_le_bytes(buf) & ((1u128 << (8 * len)) - 1);
    lower_packed(word | (len as u128) << (8 * PACK_MAX))
}

/// The key of `x`, a word's bytes with its length in the top byte:
/// `None` if a byte is past ASCII, else the word lower-cased.
#[inline]
fn lower_packed(x: u128) -> Option<u128> {
    const LOW: u128 = u128::from_le_bytes([0x01; 16]);
    const HIGH: u128 = LOW * 0x80;
    if x & HIGH != 0 {
        return None;
    }
    // Every byte is below 0x80, so no sum carries into the next byte:
    // the top bit of a byte of `ge_a` is set when it is at least 'A', of
    // `gt_z` when it is above 'Z'.
    let ge_a = x + LOW * u128::from(0x80 - b'A');
    let gt_z = x + LOW * u128::from(0x80 - b'Z' - 1);
    let upper = (ge_a ^ gt_z) & HIGH;
    Some(x | (upper >> 2))
}

/// The roles of one word in the subject grammar and the change words.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Roles {
    pub(crate) stop: bool,
    pub(crate) continuation: bool,
    pub(crate) determiner: bool,
    pub(crate) increase: bool,
    pub(crate) decrease: bool,
    /// The kind it names, if it is a noun.
    pub(crate) noun: Option<usize>,
    /// The most words of a noun of two words or more that ends with it
    /// (0 if none does).
    pub(crate) last_of: u8,
}

// PERF: `np_forward` asked up to four tables about each word (hashing it
// each time); `hashbrown::contains_key` was ~3.5% of a dense run in
// `perf report`. Interleaved A/B, `extract --threads 1`, best of 5-7:
// dense 453 -> 443-447 ms, prose 365 -> 358 ms (20 MB each).
fn roles(nouns: &WordMap<usize>, words: &Words) -> WordMap<Roles> {
    let mut out: WordMap<Roles> = WordMap::default();
    for (noun, &k) in nouns {
        out.entry(noun.clone()).or_default().noun = Some(k);
        let words = noun.split(' ').count();
        if let Some((_, last)) = noun.rsplit_once(' ') {
            let r = out.entry(last.into()).or_default();
            // At most MAX_NOUN_WORDS: see `add_nouns`.
            r.last_of = r.last_of.max(words.min(usize::from(u8::MAX)) as u8);
        }
    }
    for w in &words.stop {
        out.entry(w.clone()).or_default().stop = true;
    }
    for w in &words.continuation {
        out.entry(w.clone()).or_default().continuation = true;
    }
    for w in &words.determiner {
        out.entry(w.clone()).or_default().determiner = true;
    }
    for w in &words.increase {
        out.entry(w.clone()).or_default().increase = true;
    }
    for w in &words.decrease {
        out.entry(w.clone()).or_default().decrease = true;
    }
    out
}

/// The entries of `roles` whose key packs (see [`pack`]).
fn packed_roles(roles: &WordMap<Roles>) -> PackedMap<Roles> {
    roles
        .iter()
        .filter_map(|(k, &r)| pack(k.as_bytes()).map(|k| (k, r)))
        .collect()
}

/// The `[[words]]` lists, by role, lower case.
#[derive(Clone, Debug, Default)]
pub(crate) struct Words {
    pub(crate) stop: WordSet,
    pub(crate) continuation: WordSet,
    pub(crate) determiner: WordSet,
    pub(crate) increase: WordSet,
    pub(crate) decrease: WordSet,
    pub(crate) participle_suffix: Vec<Box<str>>,
    pub(crate) verb_suffix: Vec<Box<str>>,
    pub(crate) plural_suffix: Vec<Box<str>>,
    pub(crate) abbreviation: WordSet,
}

const ROLES: &[&str] = &[
    "stop",
    "continuation",
    "determiner",
    "increase",
    "decrease",
    "participle_suffix",
    "verb_suffix",
    "plural_suffix",
    "abbreviation",
];

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
    LookbackDef,
    ChangeDef,
    PeriodDef,
    SectionDef
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
    let mut changes = Table::new("change");
    let mut periods = Table::new("period");
    let mut sections = Table::new("section");
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
        for d in file.change {
            c.insert(&mut changes, src, d);
        }
        for d in file.period {
            c.insert(&mut periods, src, d);
        }
        for d in file.section {
            c.insert(&mut sections, src, d);
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
    let lookbacks = compile_lookbacks(&mut c, &lookbacks);
    let changes = compile_changes(&mut c, &changes);
    let change_gaps =
        RegexSetBuilder::new(changes.iter().map(|r| r.gap.regex().as_str()))
            .size_limit(REGEX_SIZE_LIMIT * 4)
            .dfa_size_limit(REGEX_SIZE_LIMIT * 4)
            .nest_limit(REGEX_NEST_LIMIT)
            .build()
            .ok();
    let periods = compile_periods(&mut c, &periods);
    let period_hint = hint(periods.iter().map(|p| p.pattern.as_str()));
    let sections = compile_sections(&mut c, &sections);

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
        changes,
        change_gaps,
        periods,
        period_hint,
        sections,
        words,
    })
}

type Kinds = (Vec<Kind>, HashMap<String, usize>, WordMap<usize>);

/// Noun -> (kind index, source, offset) of its first listing.
type Seen = HashMap<String, (usize, usize, usize)>;

fn compile_kinds(
    c: &mut Compiler<'_>,
    table: &Table<KindDef>,
    extensions: &[Entry<KindDef>],
) -> Kinds {
    let mut kinds = Vec::with_capacity(table.entries.len());
    let mut index = HashMap::new();
    let mut seen: Seen = HashMap::new();
    for (k, Entry { src, def }) in table.entries.iter().enumerate() {
        let id = def.id.get_ref();
        index.insert(id.clone(), k);
        let rule = match &def.rule {
            Some(r) if r.get_ref().is_empty() => {
                c.report(*src, r, Some(id), "empty rule id".to_owned());
                format!("{}.noun", id)
            }
            Some(r) => r.get_ref().clone(),
            None => format!("{}.noun", id),
        };
        kinds.push(Kind { id: id.as_str().into(), rule: rule.into() });
        add_nouns(c, &mut seen, &kinds, k, *src, def);
    }
    for Entry { src, def } in extensions {
        let id = def.id.get_ref();
        match index.get(id) {
            Some(&k) => {
                if let Some(r) = &def.rule {
                    let msg = "an extension (extend = true) adds nouns only; \
                               set the rule id where the kind is defined"
                        .to_owned();
                    c.report(*src, r, Some(id), msg);
                }
                add_nouns(c, &mut seen, &kinds, k, *src, def);
            }
            None => {
                let msg = format!(
                    "cannot extend unknown kind {:?}: no rule file defines it",
                    id
                );
                c.report(*src, &def.id, None, msg);
            }
        }
    }
    let nouns = seen.into_iter().map(|(k, (i, _, _))| (k.into(), i)).collect();
    (kinds, index, nouns)
}

/// Registers the nouns of `def` under kind `k`, reporting bad nouns and
/// nouns already listed under another kind.
fn add_nouns(
    c: &mut Compiler<'_>,
    seen: &mut Seen,
    kinds: &[Kind],
    k: usize,
    src: usize,
    def: &KindDef,
) {
    let id = def.id.get_ref().as_str();
    for noun in &def.nouns {
        let key = normalize_words(noun.get_ref());
        let n = key.split(' ').count();
        if key.is_empty() {
            c.report(src, noun, Some(id), "empty noun".to_owned());
            continue;
        }
        if n > MAX_NOUN_WORDS {
            let msg = format!(
                "noun {:?} has {} words, the limit is {}",
                noun.get_ref(),
                n,
                MAX_NOUN_WORDS
            );
            c.report(src, noun, Some(id), msg);
            continue;
        }
        if key.split(' ').any(|w| w.chars().any(|ch| !is_word_char(ch))) {
            let msg = format!(
                "noun {:?} holds a character that cannot be part of a word \
                 (expected letters, digits, '-', '/', '&' or an apostrophe)",
                noun.get_ref()
            );
            c.report(src, noun, Some(id), msg);
            continue;
        }
        match seen.get(&key) {
            Some(&(other, _, _)) if other == k => {}
            Some(&(other, fsrc, foffset)) => {
                let offset = noun.span().start;
                let fs = &c.sources[fsrc];
                let (fname, ftext) = (fs.name.clone(), fs.text.clone());
                let d = c
                    .error(
                        src,
                        Some(offset),
                        Some(id),
                        format!(
                            "noun {:?} is listed under two kinds, {:?} and {:?}",
                            noun.get_ref(),
                            kinds[other].id,
                            id
                        ),
                    )
                    .with_related_in(&fname, &ftext, foffset, "first listed here");
                c.push(src, offset, d);
            }
            None => {
                seen.insert(key, (k, src, noun.span().start));
            }
        }
    }
}

/// Characters that the subject reader keeps inside one word.
pub(crate) fn is_word_char(ch: char) -> bool {
    is_alphanumeric(ch) || matches!(ch, '-' | '/' | '\'' | '’' | '&')
}

fn kind_ref(
    c: &mut Compiler<'_>,
    src: usize,
    rule: &str,
    at: &Spanned<String>,
    index: &HashMap<String, usize>,
) -> Option<usize> {
    match index.get(at.get_ref()) {
        Some(&k) => Some(k),
        None => {
            let mut known: Vec<&str> =
                index.keys().map(String::as_str).collect();
            known.sort_unstable();
            let msg = format!(
                "unknown kind {:?}: expected one of {}",
                at.get_ref(),
                if known.is_empty() {
                    "the kinds of a [[kind]] table (none is defined)"
                        .to_owned()
                } else {
                    known.join(", ")
                }
            );
            c.report(src, at, Some(rule), msg);
            None
        }
    }
}

fn compile_indicators(
    c: &mut Compiler<'_>,
    table: &Table<IndicatorDef>,
    kinds: &HashMap<String, usize>,
) -> Vec<Indicator> {
    let mut out: Vec<(i32, usize, usize, Indicator)> = Vec::new();
    for (order, Entry { src, def }) in table.entries.iter().enumerate() {
        let src = *src;
        let id = def.id.get_ref().as_str();
        let mut ok = true;
        let mut units = Units::default();
        for u in &def.units {
            match Units::from_name(u.get_ref()) {
                Some(x) => units = Units(units.0 | x.0),
                None => {
                    let msg = format!(
                        "unknown unit {:?}: expected \"money\", \"%\", \"pp\" \
                         or \"number\"",
                        u.get_ref()
                    );
                    c.report(src, u, Some(id), msg);
                    ok = false;
                }
            }
        }
        if def.units.is_empty() {
            units = Units::ALL;
        }
        let kind = if def.kind.get_ref() == "@subject" {
            let fallback = match &def.fallback {
                Some(f) => kind_ref(c, src, id, f, kinds),
                None => {
                    let msg = "kind \"@subject\" needs a fallback kind \
                               (fallback = \"count\")"
                        .to_owned();
                    c.report(src, &def.kind, Some(id), msg);
                    None
                }
            };
            fallback.map(|fallback| KindChoice::Subject { fallback })
        } else {
            if let Some(f) = &def.fallback {
                let msg = "fallback is only used with kind = \"@subject\""
                    .to_owned();
                c.report(src, f, Some(id), msg);
                ok = false;
            }
            kind_ref(c, src, id, &def.kind, kinds).map(KindChoice::Fixed)
        };
        let subject = match def.subject.as_ref().map(|s| s.get_ref().as_str())
        {
            None | Some("after") => SubjectMode::After,
            Some("of") => SubjectMode::Of,
            Some("none") => SubjectMode::None,
            Some(other) => {
                let msg = format!(
                    "unknown subject mode {:?}: expected \"after\", \"of\" \
                     or \"none\"",
                    other
                );
                if let Some(s) = &def.subject {
                    c.report(src, s, Some(id), msg);
                }
                ok = false;
                SubjectMode::None
            }
        };
        let unit = match def.unit.as_ref().map(|u| u.get_ref().as_str()) {
            None => None,
            Some("%") => Some(Unit::Percent),
            Some("pp") => Some(Unit::PercentagePoints),
            Some(other) => {
                let msg = format!(
                    "unknown record unit {:?}: expected \"%\" or \"pp\"",
                    other
                );
                if let Some(u) = &def.unit {
                    c.report(src, u, Some(id), msg);
                }
                ok = false;
                None
            }
        };
        let before = c.opt_pattern(src, id, &def.before);
        let after = c.opt_pattern(src, id, &def.after);
        if let (true, Some(kind), Some(before), Some(after)) =
            (ok, kind, before, after)
        {
            let layer = c.sources[src].layer;
            out.push((
                def.priority,
                layer,
                order,
                Indicator {
                    id: id.into(),
                    units,
                    signed: def.signed,
                    direction: def.direction,
                    before,
                    after,
                    kind,
                    subject,
                    unit,
                },
            ));
        }
    }
    // Highest priority first; at equal priority a later layer first, then
    // file order.
    out.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    out.into_iter().map(|(_, _, _, i)| i).collect()
}

fn compile_exclusions(
    c: &mut Compiler<'_>,
    table: &Table<ExclusionDef>,
) -> Vec<Exclusion> {
    let mut out = Vec::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        let scope = match def.scope.as_ref().map(|s| s.get_ref().as_str()) {
            None | Some("sentence") => Some(Scope::Sentence),
            Some("line") => Some(Scope::Line),
            Some(other) => {
                let msg = format!(
                    "unknown scope {:?}: expected \"sentence\" or \"line\"",
                    other
                );
                if let Some(s) = &def.scope {
                    c.report(*src, s, Some(id), msg);
                }
                None
            }
        };
        let regex = c.regex(*src, id, &def.pattern);
        if let (Some(regex), Some(scope)) = (regex, scope) {
            out.push(Exclusion { regex, scope });
        }
    }
    out
}

/// `pattern` without its zero-width assertions (`^`, `$`, `\b`, `\B`,
/// `\A`, `\z`, `\<`, `\>`) and with its named groups (`(?P<name>...)`,
/// `(?<name>...)`) made non-capturing, or `None` when it cannot be
/// rewritten safely (verbose mode, `\b{...}`). An assertion stands for
/// the empty string, which always matches, so the result matches at
/// least wherever `pattern` does, in any haystack, and needs no context
/// outside its match: any match of `pattern` in a substring of a text is
/// a match of the result in the text. Without names, patterns that name
/// the same group can be joined in one hint.
fn relaxed(pattern: &str) -> Option<String> {
    // Verbose mode would let `[` or `\` inside comments confuse the walk.
    if verbose(pattern) {
        return None;
    }
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.char_indices().peekable();
    // Nesting depth of character classes.
    let mut class = 0usize;
    while let Some((i, ch)) = chars.next() {
        match ch {
            '\\' => {
                let next = chars.next()?.1;
                if class == 0
                    && matches!(next, 'b' | 'B' | 'A' | 'z' | '<' | '>')
                {
                    if chars.peek().is_some_and(|&(_, c)| c == '{') {
                        return None;
                    }
                    continue;
                }
                out.push('\\');
                out.push(next);
            }
            '[' => {
                class += 1;
                out.push('[');
                if let Some(&(_, c @ '^')) = chars.peek() {
                    out.push(c);
                    chars.next();
                }
                // A `]` right after the opening is a literal.
                if let Some(&(_, c @ ']')) = chars.peek() {
                    out.push(c);
                    chars.next();
                }
            }
            ']' if class > 0 => {
                class -= 1;
                out.push(']');
            }
            '^' | '$' if class == 0 => {}
            '(' if class == 0 => {
                let after = &pattern[i + 1..];
                let name = after
                    .strip_prefix("?P<")
                    .or_else(|| after.strip_prefix("?<"))
                    .filter(|n| !n.starts_with(['=', '!']));
                match name.and_then(|n| n.find('>').map(|e| (n, e))) {
                    Some((n, e)) => {
                        // Past the `>` that closes the name.
                        let to = pattern.len() - n.len() + e + 1;
                        while chars.next_if(|&(j, _)| j < to).is_some() {}
                        out.push_str("(?:");
                    }
                    None => out.push('('),
                }
            }
            _ => out.push(ch),
        }
    }
    Some(out)
}

/// Whether `pattern` may turn on verbose mode (`x`), where `#` starts a
/// comment that runs to the end of the line.
fn verbose(pattern: &str) -> bool {
    pattern.match_indices("(?").any(|(i, _)| {
        let flags = pattern[i + 2..].split([':', ')']).next().unwrap_or("");
        flags.contains('x')
    })
}

/// One pattern, the alternation of the [`relaxed`] forms of `patterns`,
/// that matches, in any text, some span overlapping every span of it
/// where one of `patterns` matches when run on any substring: a
/// leftmost-first search finds a match starting at or before any place
/// where one of the alternatives matches. `None` if it cannot be built
/// or matches the empty string (every match must hold a byte).
fn hint<'p>(patterns: impl Iterator<Item = &'p str>) -> Option<Hint> {
    let mut all = String::new();
    for p in patterns {
        if !all.is_empty() {
            all.push('|');
        }
        all.push_str("(?:");
        all.push_str(&relaxed(p)?);
        all.push(')');
    }
    if all.is_empty() {
        return None;
    }
    let re = RegexBuilder::new(&all)
        .size_limit(REGEX_SIZE_LIMIT * 8)
        .dfa_size_limit(REGEX_SIZE_LIMIT * 8)
        .nest_limit(REGEX_NEST_LIMIT + 1)
        .build()
        .ok()?;
    (!re.is_match(""))
        .then(|| Hint::new(re, REGEX_NEST_LIMIT + 1, REGEX_SIZE_LIMIT * 8))
}

fn compile_words(c: &mut Compiler<'_>, table: &Table<WordsDef>) -> Words {
    let mut w = Words::default();
    // Direction words: word -> (role, source, offset), to find a word
    // listed as both an increase and a decrease.
    let mut direction: HashMap<String, (&str, usize, usize)> = HashMap::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        let role = def.role.get_ref().as_str();
        let Some(role) = ROLES.iter().find(|&&r| r == role) else {
            let msg = format!(
                "unknown role {:?}: expected one of {}",
                role,
                ROLES.join(", ")
            );
            c.report(*src, &def.role, Some(id), msg);
            continue;
        };
        for word in &def.words {
            let key = normalize_words(word.get_ref());
            if key.is_empty() {
                c.report(*src, word, Some(id), "empty word".to_owned());
                continue;
            }
            if key.contains(' ') {
                let msg = format!(
                    "{:?} is not one word: a {} list holds single words",
                    word.get_ref(),
                    role
                );
                c.report(*src, word, Some(id), msg);
                continue;
            }
            if matches!(*role, "increase" | "decrease") {
                match direction.get(&key) {
                    Some(&(other, fsrc, foffset)) if other != *role => {
                        let offset = word.span().start;
                        let fs = &c.sources[fsrc];
                        let (fname, ftext) =
                            (fs.name.clone(), fs.text.clone());
                        let d = c
                            .error(
                                *src,
                                Some(offset),
                                Some(id),
                                format!(
                                    "word {:?} is listed as both an increase \
                                     and a decrease",
                                    word.get_ref()
                                ),
                            )
                            .with_related_in(
                                &fname,
                                &ftext,
                                foffset,
                                "first listed here",
                            );
                        c.push(*src, offset, d);
                        continue;
                    }
                    Some(_) => {}
                    None => {
                        direction.insert(
                            key.clone(),
                            (role, *src, word.span().start),
                        );
                    }
                }
            }
            let key: Box<str> = key.into();
            match *role {
                "stop" => w.stop.insert(key),
                "continuation" => w.continuation.insert(key),
                "determiner" => w.determiner.insert(key),
                "increase" => w.increase.insert(key),
                "decrease" => w.decrease.insert(key),
                "participle_suffix" => {
                    w.participle_suffix.push(key);
                    true
                }
                "verb_suffix" => {
                    w.verb_suffix.push(key);
                    true
                }
                "abbreviation" => w.abbreviation.insert(key),
                _ => {
                    w.plural_suffix.push(key);
                    true
                }
            };
        }
    }
    w
}

fn compile_lookbacks(
    c: &mut Compiler<'_>,
    table: &Table<LookbackDef>,
) -> Vec<Lookback> {
    let mut out = Vec::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        if let Some(pattern) = c.pattern(*src, id, &def.pattern) {
            let group = pattern
                .regex()
                .capture_names()
                .position(|n| n == Some("subject"));
            out.push(Lookback { pattern, group });
        }
    }
    out
}

fn compile_changes(
    c: &mut Compiler<'_>,
    table: &Table<ChangeDef>,
) -> Vec<ChangeRule> {
    let mut out = Vec::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        let before = c.opt_pattern(*src, id, &def.before);
        let gap = c.pattern(*src, id, &def.gap);
        if let (Some(before), Some(gap)) = (before, gap) {
            out.push(ChangeRule { before, gap, reversed: def.reversed });
        }
    }
    out
}

fn compile_periods(
    c: &mut Compiler<'_>,
    table: &Table<PeriodDef>,
) -> Vec<PeriodRule> {
    let mut out = Vec::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        let pattern = c.regex(*src, id, &def.pattern);
        let link = c.pattern(*src, id, &def.link);
        if let (Some(pattern), Some(link)) = (pattern, link) {
            out.push(PeriodRule { pattern, link });
        }
    }
    out
}

fn compile_sections(
    c: &mut Compiler<'_>,
    table: &Table<SectionDef>,
) -> Vec<Regex> {
    let mut out = Vec::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        if let Some(re) = c.regex(*src, id, &def.pattern) {
            out.push(re);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_read_in_place_is_the_key_of_the_copy() {
        let text = "Women-led CSOs: 12 x\u{e9}y, THE   programme\u{2019}s \
                    abcdefghijklmnopq end";
        let b = text.as_bytes();
        for start in 0..=b.len() {
            for end in start..=b.len() {
                assert_eq!(
                    pack_in(b, start, end),
                    pack(&b[start..end]),
                    "{start}..{end}"
                );
            }
        }
        assert_eq!(pack_in(b, 5, 2), None);
    }

    #[test]
    fn packed_keys_fold_ascii_case_only() {
        assert_eq!(pack(b"Women"), pack(b"wOMEN"));
        assert_ne!(pack(b"women"), pack(b"women "));
        assert_ne!(pack(b"a"), pack(b"a\0"));
        assert_eq!(pack_parts(&[b"Knowledge", b"Products"]), None);
        assert_eq!(pack_parts(&[b"Field", b"VISITS"]), pack(b"field visits"));
        assert_eq!(pack(b"@[`{"), pack(b"@[`{"));
        assert_ne!(pack(b"@"), pack(b"`"));
        assert_ne!(pack(b"["), pack(b"{"));
        assert_eq!(pack(&[b'a'; 15]).map(|_| ()), Some(()));
        assert_eq!(pack(&[b'a'; 16]), None);
        assert_eq!(pack("café".as_bytes()), None);
        // Every pair of ASCII bytes: equal keys exactly for equal
        // lower-case forms.
        for a in 0..0x80u8 {
            for b in 0..0x80u8 {
                let same = a.eq_ignore_ascii_case(&b);
                assert_eq!(pack(&[a, b'x', a]) == pack(&[b, b'x', b]), same);
            }
        }
    }

    #[test]
    fn relaxing_drops_assertions_outside_classes_only() {
        let p = r"(?i)^\bab[\^$\]b]c$\d\B\z";
        assert_eq!(relaxed(p).as_deref(), Some(r"(?i)ab[\^$\]b]c\d"));
        assert_eq!(relaxed(r"[]^$]x$").as_deref(), Some(r"[]^$]x"));
        assert_eq!(
            relaxed(r"[^]$][[:alpha:]$]^").as_deref(),
            Some(r"[^]$][[:alpha:]$]")
        );
        assert_eq!(relaxed(r"\\b").as_deref(), Some(r"\\b"));
        assert_eq!(relaxed(r"(?x) a # \b"), None);
        assert_eq!(relaxed(r"\b{start}a"), None);
    }

    #[test]
    fn named_groups_are_unnamed_so_hints_can_join_them() {
        assert_eq!(
            relaxed(r"(?P<a>q)[(?P<b>](?<c>y)\(?<d>(?:z)$"),
            Some(r"(?:q)[(?P<b>](?:y)\(?<d>(?:z)".to_owned())
        );
        assert_eq!(relaxed("(?x)a # (?P<n>b)"), None);
        // Two patterns may name the same group.
        assert!(hint([r"(?P<n>a)b", r"(?P<n>c)d"].into_iter()).is_some());
        // The English set gets its exclusion and period hints.
        let english = crate::RuleSet::english();
        assert!(english.compiled().exclusion_hint.is_some());
        assert!(english.compiled().period_hint.is_some());
    }

    #[test]
    fn a_hint_overlaps_every_match_in_every_substring() {
        let patterns = [
            r"(?i)\b(?:population|women)\s*:\s*[0-9][0-9,. ]*[0-9]",
            r"(?i)\btop\s+[0-9]+\b",
            r"^[0-9]+ days$",
            r"[#@][A-Za-z0-9_]+",
            r"(?i)(?-u:\b)agenda\s+[0-9]{4}(?-u:\b)",
        ];
        let hint = hint(patterns.iter().copied()).expect("a hint");
        // Three times (381 bytes, past the hint's `SPLIT_MIN`), so that
        // the search walks it in four parts.
        let text = "Women: 1,200 and population:5 9. 16 days\nTop 10 \
                    #16Days stop 5 days, atop 3, xpopulation: 12 women:4 \
                    Agenda 2030, éagenda 2063"
            .repeat(3);
        let text = text.as_str();
        let mut found = crate::rules::HintScratch::default();
        hint.search(
            &mut found,
            text,
            crate::record::Span { start: 0, end: text.len() },
        );
        let hints: Vec<(usize, usize)> = hint
            .regex()
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let res: Vec<Regex> =
            patterns.iter().map(|p| Regex::new(p).expect("pattern")).collect();
        let mut checked = 0;
        let bounds = || (0..=text.len()).filter(|&i| text.is_char_boundary(i));
        for a in bounds() {
            for b in bounds().filter(|&b| b > a) {
                for re in &res {
                    for m in re.find_iter(&text[a..b]) {
                        let (s, e) = (a + m.start(), a + m.end());
                        assert!(
                            hints.iter().any(|&(hs, he)| hs < e && s < he),
                            "{re} at {s}..{e} of {a}..{b}"
                        );
                        let m = crate::record::Span { start: s, end: e };
                        assert!(
                            crate::rules::may_match(&found.runs, m),
                            "{re} at {s}..{e} of {a}..{b}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100);
    }
}

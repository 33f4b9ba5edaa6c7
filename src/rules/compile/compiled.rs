//! What a build of rule files gives: the [`Compiled`] rule set, the
//! matchers of each table, and the word tables with their packed keys,
//! read by layer 2 for every figure.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use regex::{Regex, RegexSet};

use crate::quantity::Lexicon;
use crate::record::{Direction, Status, Unit};
use crate::word::{pack, WordHasher};

use super::super::gate::{Ends, Pattern};
use super::super::hint::Hint;

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
    /// exclusions can match some part of that text: see `relaxed` in
    /// `rules/hint.rs`. `None` when one cannot be built (every exclusion is then run).
    pub(crate) exclusion_hint: Option<Hint>,
    pub(crate) lookbacks: Vec<Lookback>,
    /// The `[[lookback]]` rules with `part = true`: the part a share
    /// counts, named before it.
    pub(crate) part_lookbacks: Vec<Lookback>,
    /// The `[[lookback]]` rules with `part` and `after = true`: the part
    /// a share counts, named after its whole.
    pub(crate) part_afters: Vec<Lookback>,
    /// The `[[lookback]]` rules with `part` and `bare = true`: the count
    /// before a share that names no whole ("… filles et garçons (65 %)").
    pub(crate) bare_parts: Vec<Lookback>,
    /// The `[[lookback]]` rules with `referent = true`: before a count that
    /// names nothing, words that make it go on with the figure before it.
    pub(crate) referents: Vec<Lookback>,
    /// The `[[lookback]]` rules with only `after = true`: after a count
    /// that names nothing, the count takes the subject of the figure
    /// before it.
    pub(crate) implied: Vec<Lookback>,
    /// The `[[lookback]]` rules with `line_before = true`: read on the
    /// line above a figure whose own subject names a state or a label.
    pub(crate) line_before: Vec<Lookback>,
    /// The `[[lookback]]` rules with `heading = true`: read on the heading
    /// of a count's list when nothing else names what it counts.
    pub(crate) heading_lookbacks: Vec<Lookback>,
    /// The `[[lookback]]` rules with `label = true`: read on a table row's
    /// label when a bare share in the row names no whole.
    pub(crate) label_lookbacks: Vec<Lookback>,
    /// Whether a noun phrase's head noun is its first noun (French
    /// "ménages bénéficiaires"), not its last (English "beneficiary
    /// households"): the kind is read from the first noun.
    pub(crate) head_first: bool,
    pub(crate) changes: Vec<ChangeRule>,
    /// The `gap` patterns of `changes`, as one set; `None` when the set
    /// exceeds the size limits.
    pub(crate) change_gaps: Option<RegexSet>,
    /// The `[[change]]` rules with `starts_amount = true`: a figure, its
    /// gap, then the percentage amount of a change that reached a level.
    pub(crate) change_starts: Vec<ChangeRule>,
    pub(crate) periods: Vec<PeriodRule>,
    /// Some period rule dates the figures of stated changes itself
    /// (`same_period`, `amount_spans_change`): rule sets without pay
    /// nothing for it.
    pub(crate) change_periods: bool,
    /// The same for the `pattern`s of `periods` as `exclusion_hint` is
    /// for the exclusions.
    pub(crate) period_hint: Option<Hint>,
    pub(crate) sections: Vec<Regex>,
    pub(crate) words: Words,
    /// The `[[status]]` cues, in file order.
    pub(crate) status_cues: Vec<StatusCue>,
    /// The `[[clause]]` patterns, then those of `status_cues`, as the
    /// patterns of one regex: one pass over a stretch finds every break
    /// and cue, each match naming its pattern. `None` with no cue or when
    /// it exceeds the size limits.
    pub(crate) status_index: Option<regex_automata::meta::Regex>,
    /// How many of `status_index`'s patterns are clause breaks (the
    /// first ones); pattern `clause_breaks + i` is cue `i`.
    pub(crate) clause_breaks: usize,
    /// For each clause break pattern, whether its match's last word opens
    /// the next clause (the break ends before it and cues may start there).
    pub(crate) clause_last_word_opens: Vec<bool>,
    /// The clause breaks that are single bytes (at most three), found by a
    /// byte search rather than by `status_index`.
    pub(crate) clause_bytes: Vec<u8>,
    pub(crate) amounts: AmountRules,
    /// `[[bare_money]]`: the words that make a bare scaled amount money.
    pub(crate) bare_money: Vec<BareMoneyRule>,
    pub(crate) levels: Vec<LevelRule>,
}

/// A summary: the full tables would bury a `{:?}` of an `Extractor`.
impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kinds: Vec<&str> = self.kinds.iter().map(|k| k.id).collect();
        f.debug_struct("RuleSet")
            .field("kinds", &kinds)
            .field("nouns", &self.nouns.len())
            .field("indicators", &self.indicators.len())
            .field("exclusions", &self.exclusions.len())
            .field("lookbacks", &self.lookbacks.len())
            .field("part_lookbacks", &self.part_lookbacks.len())
            .field("part_afters", &self.part_afters.len())
            .field("bare_parts", &self.bare_parts.len())
            .field("referents", &self.referents.len())
            .field("implied", &self.implied.len())
            .field("line_before", &self.line_before.len())
            .field("heading_lookbacks", &self.heading_lookbacks.len())
            .field("label_lookbacks", &self.label_lookbacks.len())
            .field("changes", &self.changes.len())
            .field("periods", &self.periods.len())
            .field("sections", &self.sections.len())
            .field("status_cues", &self.status_cues.len())
            .finish_non_exhaustive()
    }
}

/// An indicator kind.
#[derive(Clone, Debug)]
pub(crate) struct Kind {
    /// Interned: records carry it past the rule set (see `crate::intern`).
    pub(crate) id: &'static str,
    /// Rule id of records whose kind one of its nouns decided (interned).
    pub(crate) rule: &'static str,
}

/// Which units an indicator applies to (bit set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Units(pub(super) u8);

impl Units {
    pub(crate) const MONEY: Units = Units(1);
    pub(crate) const PERCENT: Units = Units(2);
    pub(crate) const POINTS: Units = Units(4);
    pub(crate) const NUMBER: Units = Units(8);
    pub(crate) const ALL: Units = Units(15);

    pub(super) fn from_name(name: &str) -> Option<Units> {
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

    /// The class of a figure's `unit`, as rules name it.
    pub(crate) fn of(unit: Unit) -> Units {
        match unit {
            Unit::Currency(_) => Units::MONEY,
            Unit::Percent => Units::PERCENT,
            Unit::PercentagePoints => Units::POINTS,
            _ => Units::NUMBER,
        }
    }
}

impl Compiled {
    /// The first indicator rule for a figure of `units`, `signed` or not,
    /// whose `before` and `after` patterns match the text on each side of
    /// it in its window.
    // PERF: both byte gates before either regex: a rare `after` rules a rule
    // out unrun (cachegrind, full extraction, report: -1%).
    pub(crate) fn indicator(
        &self,
        units: Units,
        signed: bool,
        before: &str,
        after: &str,
    ) -> Option<usize> {
        self.indicators.iter().position(|ind| {
            ind.units.contains(units)
                && ind.signed.is_none_or(|x| x == signed)
                && ind.before.as_ref().is_none_or(|p| p.may_match(before))
                && ind.after.as_ref().is_none_or(|p| p.may_match(after))
                && ind.before.as_ref().is_none_or(|p| p.regex_matches(before))
                && ind.after.as_ref().is_none_or(|p| p.regex_matches(after))
        })
    }

    /// The first change rule that links two figures with `gap` between
    /// them, `before` being the text of the window before the first one.
    /// Only `chain` rules join a figure that ends a change (`chained`) to
    /// the next one, and only they do.
    // PERF: the gap patterns' byte gates, then one pass of their set, rule out
    // most pairs (batch tool, 20 MB: dense -3.6%, prose -1% time).
    pub(crate) fn change_rule(
        &self,
        gap: &str,
        before: &str,
        after: &str,
        chained: bool,
    ) -> Option<&ChangeRule> {
        let ends = Ends::of(gap);
        if gap.is_empty()
            || !self.changes.iter().any(|r| r.gap.admits(ends))
            || self.change_gaps.as_ref().is_some_and(|set| !set.is_match(gap))
        {
            return None;
        }
        self.changes.iter().find(|r| {
            r.chain == chained
                && r.gap.admits(ends)
                && r.gap.regex_matches(gap)
                && r.before.as_ref().is_none_or(|p| p.is_match(before))
                && r.after.as_ref().is_none_or(|p| p.is_match(after))
        })
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
    /// Interned: records carry it past the rule set (see `crate::intern`).
    pub(crate) id: &'static str,
    pub(crate) units: Units,
    pub(crate) signed: Option<bool>,
    /// An unsigned value takes the sign of the nearest change word.
    pub(crate) direction: bool,
    /// The change word its `before` words hold decides, however far.
    pub(crate) direction_from_before: bool,
    /// The change word its `after` words hold decides first.
    pub(crate) direction_from_after: bool,
    pub(crate) before: Option<Pattern>,
    pub(crate) after: Option<Pattern>,
    pub(crate) kind: KindChoice,
    pub(crate) subject: SubjectMode,
    /// The unit of its records, when it overrides layer 1's.
    pub(crate) unit: Option<Unit>,
    /// Its records' text runs over what `after` matched.
    pub(crate) spans_after: bool,
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
    /// On the text after the second figure.
    pub(crate) after: Option<Pattern>,
    /// The first figure is the later one.
    pub(crate) reversed: bool,
    /// The comparison states no change: it links nothing.
    pub(crate) none: bool,
    /// It continues a chain of changes.
    pub(crate) chain: bool,
    /// A year range dating both figures is split between them.
    pub(crate) split_range: bool,
    /// A year the earlier figure only shares with the later one is not
    /// the earlier figure's.
    pub(crate) undated_base: bool,
    /// The figure a chain goes on to shares the subject of the one it
    /// continues.
    pub(crate) chain_subject: bool,
    /// An excluded figure between the two levels is passed over.
    pub(crate) skip_excluded: bool,
    /// The later figure takes the status of the earlier one's clause
    /// when its own gives none.
    pub(crate) shares_status: bool,
}

/// Which figures of its clause a status cue governs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Governs {
    /// Figures after the cue ("will reach 40 schools").
    After,
    /// Figures before the cue ("2 million people need help").
    Before,
    /// Both.
    Both,
}

/// A `[[status]]` cue.
#[derive(Clone, Debug)]
pub(crate) struct StatusCue {
    pub(crate) regex: Regex,
    pub(crate) status: Status,
    pub(crate) governs: Governs,
    pub(crate) priority: i32,
    /// The most bytes between the cue and a figure it governs.
    pub(crate) reach: usize,
    /// It also labels a table row from the row's label cell.
    pub(crate) row_label: bool,
    /// The units of the figures it governs.
    pub(crate) units: Units,
}

/// The `[[amount]]` rules, in order, with the union of their `before`
/// patterns and of their `after` patterns: most figures match no rule,
/// and one union call per side says so for all of them.
#[derive(Clone, Debug, Default)]
pub(crate) struct AmountRules {
    pub(crate) rules: Vec<AmountRule>,
    pub(crate) any_before: Option<Pattern>,
    pub(crate) any_after: Option<Pattern>,
}

impl AmountRules {
    /// The first rule whose `before` matches the text before a figure and
    /// whose `after` the text after it (a rule without one side takes any);
    /// a `signed` rule only for a figure written with its sign.
    pub(crate) fn first_match(
        &self,
        before: &str,
        after: &str,
        signed: bool,
    ) -> Option<&AmountRule> {
        // PERF: the ends of the two texts found once for every rule
        // (callgrind, dense: the gates were most of this loop's cost).
        let (ends_before, ends_after) = (Ends::of(before), Ends::of(after));
        // Each side's union is asked at most once, and only when a rule
        // needs that side: its miss answers for every rule's pattern.
        let (mut any_before, mut any_after) = (None, None);
        let side = |union: &Option<Pattern>,
                    known: &mut Option<bool>,
                    own: &Pattern,
                    hay: &str,
                    ends: Ends| {
            let any = *known.get_or_insert_with(|| {
                union.as_ref().is_none_or(|u| u.is_match_with(hay, ends))
            });
            any && own.is_match_with(hay, ends)
        };
        self.rules.iter().find(|r| {
            (signed || !r.signed)
                && r.before.as_ref().is_none_or(|p| {
                    side(
                        &self.any_before,
                        &mut any_before,
                        p,
                        before,
                        ends_before,
                    )
                })
                && r.after.as_ref().is_none_or(|p| {
                    side(&self.any_after, &mut any_after, p, after, ends_after)
                })
        })
    }
}

/// A `[[bare_money]]` rule: each side given must match.
#[derive(Clone, Debug)]
pub(crate) struct BareMoneyRule {
    pub(crate) before: Option<Pattern>,
    pub(crate) after: Option<Pattern>,
    /// Matched on the figure's own text.
    pub(crate) figure: Option<Pattern>,
    /// Reads figures with no scale word too.
    pub(crate) any_scale: bool,
    /// Reads the next item of a list of amounts, by these patterns on
    /// its words.
    pub(crate) listed: Option<ListedItem>,
}

/// What a `listed` `[[bare_money]]` rule asks of a list item's words
/// between its separator and its amount, when there are any.
#[derive(Clone, Debug)]
pub(crate) struct ListedItem {
    pub(crate) item: Option<Pattern>,
    pub(crate) item_not: Option<Pattern>,
}

impl ListedItem {
    /// Whether `words` (trimmed, not empty) may name a list item.
    pub(crate) fn admits(&self, words: &str) -> bool {
        self.item.as_ref().is_none_or(|p| p.is_match(words))
            && !self.item_not.as_ref().is_some_and(|p| p.is_match(words))
    }
}

impl BareMoneyRule {
    /// Whether the text before and after a figure, and its own text,
    /// match the patterns given.
    pub(crate) fn matches(
        &self,
        before: &str,
        after: &str,
        own: &str,
    ) -> bool {
        self.before.as_ref().is_none_or(|p| p.is_match(before))
            && self.figure.as_ref().is_none_or(|p| p.is_match(own))
            && self.after_matches(after)
    }

    /// Whether the text after a figure matches the `after` side, if given.
    pub(crate) fn after_matches(&self, after: &str) -> bool {
        self.after.as_ref().is_none_or(|p| p.is_match(after))
    }
}

/// An `[[amount]]` rule.
#[derive(Clone, Debug)]
pub(crate) struct AmountRule {
    pub(crate) before: Option<Pattern>,
    pub(crate) after: Option<Pattern>,
    pub(crate) direction: Option<Direction>,
    pub(crate) level: bool,
    /// Reads only figures written with a sign.
    pub(crate) signed: bool,
}

/// A `[[level]]` rule.
#[derive(Clone, Debug)]
pub(crate) struct LevelRule {
    pub(crate) gap: Pattern,
    pub(crate) level_first: bool,
    pub(crate) direction: Option<Direction>,
}

/// A `[[period]]` rule.
#[derive(Clone, Debug)]
pub(crate) struct PeriodRule {
    pub(crate) pattern: Regex,
    pub(crate) link: Pattern,
    /// Before a year: the year is no period.
    pub(crate) skip: Option<Pattern>,
    /// After a year: the year is no period (it names a plan).
    pub(crate) skip_after: Option<Pattern>,
    /// Before a year: the year dates another event, and is the period
    /// only of a figure whose gap to it matches `event_link`.
    pub(crate) event: Option<Pattern>,
    pub(crate) event_link: Option<Pattern>,
    /// Between another event's year and a later figure: the figure
    /// belongs to that event, whose year dates it.
    pub(crate) event_with: Option<Pattern>,
    /// Between a figure and a later year: the year is in another clause.
    pub(crate) clause: Option<Pattern>,
    /// Between a year and a later figure: the year is in another clause.
    pub(crate) clause_before: Option<Pattern>,
    /// A whole line: it is a list's or a table's item.
    pub(crate) item: Option<Pattern>,
    /// Before a single year: it ends a financial year begun the year
    /// before, and the period is both years.
    pub(crate) fiscal_end: Option<Pattern>,
    /// Before a figure between an earlier one and its year: the figure
    /// is a comparison base, and the year is its own only.
    pub(crate) base_before: Option<Pattern>,
    /// After the later figure of a change: the change is dated by a
    /// back-reference, and neither figure takes a year of its sentence.
    pub(crate) same_period: Option<Pattern>,
    /// The amount of a change right after a pair dated by two years
    /// takes both.
    pub(crate) amount_spans_change: bool,
}

/// A set of lower-case words, hashed with [`WordHasher`].
pub(crate) type WordSet = HashSet<Box<str>, BuildHasherDefault<WordHasher>>;

/// A map from lower-case words, hashed with [`WordHasher`].
pub(crate) type WordMap<V> =
    HashMap<Box<str>, V, BuildHasherDefault<WordHasher>>;

/// A map from packed lower-case ASCII words (see [`pack`]).
pub(crate) type PackedMap<V> =
    HashMap<u128, V, BuildHasherDefault<WordHasher>>;

/// The roles of one word in the subject grammar and the change words.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Roles {
    pub(crate) stop: bool,
    pub(crate) continuation: bool,
    pub(crate) determiner: bool,
    /// A word that joins a figure to its subject and is left out of it
    /// (French "2 millions de personnes").
    pub(crate) link: bool,
    pub(crate) increase: bool,
    pub(crate) decrease: bool,
    /// "of": a figure followed by it counts what comes after ("300 of
    /// these women", "79 of the poorest countries").
    pub(crate) partitive: bool,
    /// "them", "whom", "these": after a partitive word, the figure counts
    /// a part of something named before.
    pub(crate) back_reference: bool,
    /// "were", "to": words skipped between a back-reference and the noun
    /// it names ("52 percent of whom are girls").
    pub(crate) linking: bool,
    /// Evaluative or descriptive words left out of a subject ("new",
    /// "innovative"): skipped before its first word, and ending it after.
    pub(crate) evaluative: bool,
    /// A word that joins a noun complement to the noun before it and
    /// stays in the subject when a content word follows it (French
    /// "zones de santé"); elided forms ("d'") join the word they are
    /// glued to ("emplois d'urgence").
    pub(crate) complement: bool,
    /// A noun of measure or occurrence whose complement says what is
    /// measured, not what kind of thing is counted: the complement is
    /// left out of the subject (French "635 tonnes de riz" -> "tonnes",
    /// "cas de choléra" -> "cas").
    pub(crate) measure: bool,
    /// A word that, first in a figure's subject, names a state or a label
    /// rather than a counted thing (French "dont 5 989 confirmés", "sur
    /// 134 prévues"): the figure counts what the figure before it counted.
    pub(crate) state: bool,
    /// An adjective that comes before the noun it modifies where heads
    /// come first (French "petits exploitants", "petites entreprises"):
    /// kept in the subject, never read as its head.
    pub(crate) modifier: bool,
    /// A word that, as a figure's whole subject, labels a status ("Target:
    /// 300") and names no counted thing; in a longer subject it stays
    /// ("target households").
    pub(crate) label_alone: bool,
    /// The kind it names, if it is a noun.
    pub(crate) noun: Option<usize>,
    /// The most words of a noun of two words or more that ends with it
    /// (0 if none does).
    pub(crate) last_of: u8,
}

// PERF: one table of every role, where `np_forward` hashed each word into up
// to four (batch tool, 20 MB: dense and prose -2% time).
pub(super) fn roles(nouns: &WordMap<usize>, words: &Words) -> WordMap<Roles> {
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
    for w in &words.link {
        out.entry(w.clone()).or_default().link = true;
    }
    for w in &words.increase {
        out.entry(w.clone()).or_default().increase = true;
    }
    for w in &words.decrease {
        out.entry(w.clone()).or_default().decrease = true;
    }
    for w in &words.partitive {
        out.entry(w.clone()).or_default().partitive = true;
    }
    for w in &words.back_reference {
        out.entry(w.clone()).or_default().back_reference = true;
    }
    for w in &words.linking {
        out.entry(w.clone()).or_default().linking = true;
    }
    for w in &words.evaluative {
        out.entry(w.clone()).or_default().evaluative = true;
    }
    for w in &words.complement {
        out.entry(w.clone()).or_default().complement = true;
    }
    for w in &words.measure {
        out.entry(w.clone()).or_default().measure = true;
    }
    for w in &words.state {
        out.entry(w.clone()).or_default().state = true;
    }
    for w in &words.modifier {
        out.entry(w.clone()).or_default().modifier = true;
    }
    for w in &words.label_alone {
        out.entry(w.clone()).or_default().label_alone = true;
    }
    out
}

/// The entries of `roles` whose key packs (see [`pack`]).
pub(super) fn packed_roles(roles: &WordMap<Roles>) -> PackedMap<Roles> {
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
    pub(crate) link: WordSet,
    pub(crate) increase: WordSet,
    pub(crate) decrease: WordSet,
    pub(crate) participle_suffix: Vec<Box<str>>,
    /// Endings of finite verbs, which no adjective has ("venaient").
    pub(crate) finite_suffix: Vec<Box<str>>,
    pub(crate) verb_suffix: Vec<Box<str>>,
    pub(crate) plural_suffix: Vec<Box<str>>,
    pub(crate) abbreviation: WordSet,
    pub(crate) partitive: WordSet,
    pub(crate) back_reference: WordSet,
    pub(crate) linking: WordSet,
    pub(crate) evaluative: WordSet,
    pub(crate) complement: WordSet,
    pub(crate) measure: WordSet,
    pub(crate) state: WordSet,
    pub(crate) modifier: WordSet,
    pub(crate) label_alone: WordSet,
    /// Nouns of a whole that is not counted (money: "donations",
    /// "investments"): a share of one has no subject.
    pub(crate) uncounted: WordSet,
    /// Nouns of what a table's rows are split by ("Area", "Region",
    /// "Funding source"): heading the row labels' column, they make the
    /// counts of a row count what their column's header names.
    pub(crate) dimension: WordSet,
    /// Words that join a figure to its restatement ("families or 192,842
    /// persons"); a rule set that lists any also reads bracketed and
    /// comma asides ("(591,762 persons)", ", 348 of them children,") as
    /// leaving the first figure's clause open.
    pub(crate) restatement: WordSet,
    /// Words that join a share naming no whole to the share before it
    /// ("22% of people in towns and 8% in rural areas"): the second
    /// counts what the first did (README decision 34); a rule set that
    /// lists none reads no such ellipsis.
    pub(crate) elliptical: WordSet,
    /// Words that, after a comma, open a new item of a list with figures
    /// of its own ("69% funded against $950 million, and JRP 2017 64%
    /// against $434 million"): no apposition across them.
    pub(crate) coordinator: WordSet,
    /// Nouns of who acts, not of what is counted ("project", "programme"):
    /// a subject read back before a verb that is only such a noun ("the
    /// project had reached 8,450") names no counted thing.
    pub(crate) agent: WordSet,
}

//! Each table of the rule files to its matchers: kinds and their nouns,
//! indicators, exclusions, words, look-backs, changes, periods and
//! section codes, with the checks that each one needs.

use std::collections::HashMap;

use regex::Regex;
use toml::Spanned;

use crate::intern::intern;
use crate::record::{Direction, Status, Unit};
use crate::word::is_word_char;

use super::super::schema::{
    AmountDef, BareMoneyDef, ChangeDef, ClauseDef, ExclusionDef, GrammarDef,
    IndicatorDef, KindDef, LevelDef, LookbackDef, PeriodDef, SectionDef,
    StatusDef, WordsDef,
};
use super::{
    normalize_words, AmountRule, AmountRules, BareMoneyRule, ChangeRule,
    Compiler, Entry, Exclusion, Governs, Indicator, Kind, KindChoice,
    LevelRule, ListedItem, Lookback, Pattern, PeriodRule, Scope, StatusCue,
    SubjectMode, Table, Units, WordMap, Words, MAX_NOUN_WORDS,
    REGEX_NEST_LIMIT, REGEX_SIZE_LIMIT,
};

const ROLES: &[&str] = &[
    "stop",
    "continuation",
    "determiner",
    "link",
    "increase",
    "decrease",
    "participle_suffix",
    "finite_suffix",
    "verb_suffix",
    "plural_suffix",
    "abbreviation",
    "partitive",
    "back_reference",
    "linking",
    "evaluative",
    "complement",
    "measure",
    "state",
    "uncounted",
    "dimension",
    "restatement",
    "elliptical",
    "coordinator",
    "agent",
    "modifier",
    "label_alone",
];

type Kinds = (Vec<Kind>, HashMap<String, usize>, WordMap<usize>);

/// Noun -> (kind index, source, offset) of its first listing.
type Seen = HashMap<String, (usize, usize, usize)>;

pub(super) fn compile_kinds(
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
        kinds.push(Kind { id: intern(id), rule: intern(&rule) });
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

pub(super) fn compile_indicators(
    c: &mut Compiler<'_>,
    table: &Table<IndicatorDef>,
    kinds: &HashMap<String, usize>,
) -> Vec<Indicator> {
    let mut out: Vec<(i32, usize, usize, Indicator)> = Vec::new();
    for (order, Entry { src, def }) in table.entries.iter().enumerate() {
        let src = *src;
        let id = def.id.get_ref().as_str();
        let mut ok = true;
        let units = units_named(c, src, id, &def.units);
        ok &= units.is_some();
        let units = units.unwrap_or(Units::ALL);
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
                    id: intern(id),
                    units,
                    signed: def.signed,
                    direction: def.direction,
                    direction_from_before: def.direction_from_before,
                    direction_from_after: def.direction_from_after,
                    before,
                    after,
                    kind,
                    subject,
                    unit,
                    spans_after: def.spans_after,
                },
            ));
        }
    }
    // Highest priority first; at equal priority a later layer first, then
    // file order.
    out.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    out.into_iter().map(|(_, _, _, i)| i).collect()
}

pub(super) fn compile_exclusions(
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

pub(super) fn compile_words(
    c: &mut Compiler<'_>,
    table: &Table<WordsDef>,
) -> Words {
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
                "link" => w.link.insert(key),
                "increase" => w.increase.insert(key),
                "decrease" => w.decrease.insert(key),
                "participle_suffix" => {
                    w.participle_suffix.push(key);
                    true
                }
                "finite_suffix" => {
                    w.finite_suffix.push(key);
                    true
                }
                "verb_suffix" => {
                    w.verb_suffix.push(key);
                    true
                }
                "abbreviation" => w.abbreviation.insert(key),
                "partitive" => w.partitive.insert(key),
                "back_reference" => w.back_reference.insert(key),
                "linking" => w.linking.insert(key),
                "evaluative" => w.evaluative.insert(key),
                "complement" => w.complement.insert(key),
                "measure" => w.measure.insert(key),
                "state" => w.state.insert(key),
                "uncounted" => w.uncounted.insert(key),
                "dimension" => w.dimension.insert(key),
                "restatement" => w.restatement.insert(key),
                "elliptical" => w.elliptical.insert(key),
                "coordinator" => w.coordinator.insert(key),
                "agent" => w.agent.insert(key),
                "modifier" => w.modifier.insert(key),
                "label_alone" => w.label_alone.insert(key),
                _ => {
                    w.plural_suffix.push(key);
                    true
                }
            };
        }
    }
    w
}

/// Whether a phrase's head noun comes first, by the `[[grammar]]` tables
/// (the last one read decides; none: the head comes last).
pub(super) fn compile_grammar(
    c: &mut Compiler<'_>,
    table: &Table<GrammarDef>,
) -> bool {
    let mut first = false;
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        match def.head.get_ref().as_str() {
            "first" => first = true,
            "last" => first = false,
            other => {
                let msg = format!(
                    "unknown head {:?}: expected \"first\" or \"last\"",
                    other
                );
                c.report(*src, &def.head, Some(id), msg);
            }
        }
    }
    first
}

/// The look-back rules: those that find a figure's subject, and those
/// (`part = true`) that name the part a share counts, before it or
/// (`after = true`) after its whole, and those (`after` alone) after which
/// a count that names nothing takes the subject before it, and those
/// (`line_before`) read on the line above an indicator table's values,
/// and those (`heading`) read on the heading of a figure's list, and
/// those (`label`) read on a table row's label.
pub(super) fn compile_lookbacks(
    c: &mut Compiler<'_>,
    table: &Table<LookbackDef>,
) -> [Vec<Lookback>; 9] {
    let [mut out, mut parts, mut afters, mut implied, mut line_before, mut heading, mut bare, mut referents, mut label] = [
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    ];
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        if let Some(pattern) = c.pattern(*src, id, &def.pattern) {
            let group = pattern
                .regex()
                .capture_names()
                .position(|n| n == Some("subject"));
            let to = match (def.part, def.after) {
                _ if def.line_before => &mut line_before,
                _ if def.heading => &mut heading,
                _ if def.label => &mut label,
                (true, false) if def.bare => &mut bare,
                (false, false) if def.referent => &mut referents,
                (true, true) => &mut afters,
                (true, false) => &mut parts,
                (false, true) => &mut implied,
                (false, false) => &mut out,
            };
            to.push(Lookback { pattern, group });
        }
    }
    [out, parts, afters, implied, line_before, heading, bare, referents, label]
}

/// The units a rule names (`units = ["money", "%"]`), every unit when it
/// names none; `None` when one is unknown (reported).
fn units_named(
    c: &mut Compiler<'_>,
    src: usize,
    id: &str,
    names: &[Spanned<String>],
) -> Option<Units> {
    if names.is_empty() {
        return Some(Units::ALL);
    }
    let (mut units, mut ok) = (Units::default(), true);
    for u in names {
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
    ok.then_some(units)
}

/// The `[[change]]` rules: those that link two successive figures, and
/// those that start a change before its amount (`starts_amount`).
pub(super) fn compile_changes(
    c: &mut Compiler<'_>,
    table: &Table<ChangeDef>,
) -> (Vec<ChangeRule>, Vec<ChangeRule>) {
    let mut out = Vec::new();
    let mut starts = Vec::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        let before = c.opt_pattern(*src, id, &def.before);
        let gap = c.pattern(*src, id, &def.gap);
        let after = c.opt_pattern(*src, id, &def.after);
        if let (Some(before), Some(gap), Some(after)) = (before, gap, after) {
            let to = if def.starts_amount { &mut starts } else { &mut out };
            to.push(ChangeRule {
                before,
                gap,
                after,
                reversed: def.reversed,
                none: def.none,
                chain: def.chain,
                split_range: def.split_range,
                undated_base: def.undated_base,
                chain_subject: def.chain && def.chain_subject,
                skip_excluded: def.skip_excluded
                    && !def.reversed
                    && !def.none
                    && !def.chain,
                shares_status: def.shares_status,
            });
        }
    }
    (out, starts)
}

pub(super) fn compile_periods(
    c: &mut Compiler<'_>,
    table: &Table<PeriodDef>,
) -> Vec<PeriodRule> {
    let mut out = Vec::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        let pattern = c.regex(*src, id, &def.pattern);
        let link = c.pattern(*src, id, &def.link);
        // Every optional pattern is compiled (each error reported), and
        // the rule is kept only when all of them compiled.
        let optional = [
            &def.skip,
            &def.skip_after,
            &def.event,
            &def.event_link,
            &def.event_with,
            &def.clause,
            &def.clause_before,
            &def.item,
            &def.fiscal_end,
            &def.base_before,
            &def.same_period,
        ]
        .map(|p| c.opt_pattern(*src, id, p));
        let (Some(pattern), Some(link)) = (pattern, link) else { continue };
        if optional.iter().any(Option::is_none) {
            continue;
        }
        let [skip, skip_after, event, event_link, event_with, clause, clause_before, item, fiscal_end, base_before, same_period] =
            optional.map(Option::flatten);
        out.push(PeriodRule {
            pattern,
            link,
            skip,
            skip_after,
            event,
            event_link,
            event_with,
            clause,
            clause_before,
            item,
            fiscal_end,
            base_before,
            same_period,
            amount_spans_change: def.amount_spans_change,
        });
    }
    out
}

pub(super) fn compile_sections(
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

pub(super) fn compile_status(
    c: &mut Compiler<'_>,
    table: &Table<StatusDef>,
) -> Vec<StatusCue> {
    let mut out = Vec::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        let status = match def.status.get_ref().as_str() {
            "achieved" => Some(Status::Achieved),
            "target" => Some(Status::Target),
            "baseline" => Some(Status::Baseline),
            "context" => Some(Status::Context),
            other => {
                let msg = format!(
                    "unknown status {:?}: expected \"achieved\", \"target\", \
                     \"baseline\" or \"context\"",
                    other
                );
                c.report(*src, &def.status, Some(id), msg);
                None
            }
        };
        let governs = match def.governs.as_ref().map(|g| g.get_ref().as_str())
        {
            None | Some("after") => Some(Governs::After),
            Some("before") => Some(Governs::Before),
            Some("both") => Some(Governs::Both),
            Some(other) => {
                let msg = format!(
                    "unknown governs {:?}: expected \"after\", \"before\" \
                     or \"both\"",
                    other
                );
                if let Some(g) = &def.governs {
                    c.report(*src, g, Some(id), msg);
                }
                None
            }
        };
        let units = units_named(c, *src, id, &def.units);
        let regex = c.regex(*src, id, &def.pattern);
        if let (Some(regex), Some(status), Some(governs), Some(units)) =
            (regex, status, governs, units)
        {
            out.push(StatusCue {
                regex,
                status,
                governs,
                priority: def.priority,
                reach: def.reach.unwrap_or(usize::MAX),
                row_label: def.row_label,
                units,
            });
        }
    }
    out
}

/// The `[[clause]]` patterns, each checked.
pub(super) fn compile_clauses(
    c: &mut Compiler<'_>,
    table: &Table<ClauseDef>,
) -> Vec<(Regex, bool)> {
    table
        .entries
        .iter()
        .filter_map(|Entry { src, def }| {
            c.regex(*src, def.id.get_ref().as_str(), &def.pattern)
                .map(|re| (re, def.last_word_opens))
        })
        .collect()
}

/// A rule's `direction`: `Some(None)` when absent, `None` when invalid
/// (reported).
fn direction(
    c: &mut Compiler<'_>,
    src: usize,
    id: &str,
    d: &Option<Spanned<String>>,
) -> Option<Option<Direction>> {
    let Some(d) = d else { return Some(None) };
    match d.get_ref().as_str() {
        "increase" => Some(Some(Direction::Increase)),
        "decrease" => Some(Some(Direction::Decrease)),
        other => {
            let msg = format!(
                "unknown direction {:?}: expected \"increase\" or \"decrease\"",
                other
            );
            c.report(src, d, Some(id), msg);
            None
        }
    }
}

pub(super) fn compile_amounts(
    c: &mut Compiler<'_>,
    table: &Table<AmountDef>,
) -> AmountRules {
    let mut out = Vec::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        let before = c.opt_pattern(*src, id, &def.before);
        let after = c.opt_pattern(*src, id, &def.after);
        let dir = direction(c, *src, id, &def.direction);
        if def.before.is_none() && def.after.is_none() {
            let msg = "an amount rule needs a `before` or an `after` pattern"
                .to_owned();
            c.report(*src, &def.id, Some(id), msg);
            continue;
        }
        if let (Some(before), Some(after), Some(direction)) =
            (before, after, dir)
        {
            out.push(AmountRule {
                before,
                after,
                direction,
                level: def.level,
                signed: def.signed,
            });
        }
    }
    let any_before = union(out.iter().filter_map(|r| r.before.as_ref()));
    let any_after = union(out.iter().filter_map(|r| r.after.as_ref()));
    AmountRules { rules: out, any_before, any_after }
}

pub(super) fn compile_bare_money(
    c: &mut Compiler<'_>,
    table: &Table<BareMoneyDef>,
) -> Vec<BareMoneyRule> {
    let mut out = Vec::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        let before = c.opt_pattern(*src, id, &def.before);
        let after = c.opt_pattern(*src, id, &def.after);
        let figure = c.opt_pattern(*src, id, &def.figure);
        let item = c.opt_pattern(*src, id, &def.item);
        let item_not = c.opt_pattern(*src, id, &def.item_not);
        if !def.listed {
            if let Some(p) = def.item.as_ref().or(def.item_not.as_ref()) {
                let msg = "`item` and `item_not` read a listed rule's item: \
                           set `listed = true`"
                    .to_owned();
                c.report(*src, p, Some(id), msg);
                continue;
            }
        }
        if def.before.is_none() && def.after.is_none() && def.figure.is_none()
        {
            let msg = "a bare_money rule needs a `before`, an `after` or a \
                       `figure` pattern"
                .to_owned();
            c.report(*src, &def.id, Some(id), msg);
            continue;
        }
        if let (
            Some(before),
            Some(after),
            Some(figure),
            Some(item),
            Some(item_not),
        ) = (before, after, figure, item, item_not)
        {
            out.push(BareMoneyRule {
                before,
                after,
                figure,
                any_scale: def.any_scale,
                listed: def.listed.then_some(ListedItem { item, item_not }),
            });
        }
    }
    out
}

/// [`Pattern::any_of`] with the limits every rule pattern has; a union of
/// the patterns of several rules may be as big as they are together.
fn union<'p>(patterns: impl Iterator<Item = &'p Pattern>) -> Option<Pattern> {
    Pattern::any_of(patterns, REGEX_NEST_LIMIT, REGEX_SIZE_LIMIT * 4)
}

pub(super) fn compile_levels(
    c: &mut Compiler<'_>,
    table: &Table<LevelDef>,
) -> Vec<LevelRule> {
    let mut out = Vec::new();
    for Entry { src, def } in &table.entries {
        let id = def.id.get_ref().as_str();
        let gap = c.pattern(*src, id, &def.gap);
        let dir = direction(c, *src, id, &def.direction);
        if let (Some(gap), Some(direction)) = (gap, dir) {
            out.push(LevelRule {
                gap,
                level_first: def.level_first,
                direction,
            });
        }
    }
    out
}

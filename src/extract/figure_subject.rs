//! Where a figure's subject comes from when it is not simply the noun
//! phrase right after it: past a footnote call, a look-back pattern, an
//! implied noun ("584 were returnees"), the figure before it ("49 of
//! them"), a table row's label, a list's heading ("Households reached:"),
//! or the whole a share is part of; and whether a subject names counted
//! things at all.

use crate::quantity::{denominator_end, Quantity};
use crate::record::{Span, Unit};
use crate::rules::{Compiled, Lookback, WordSet};
use crate::segment;

use super::lookback::lookback;
use super::subject::{names_state, np_forward, Subject};
use super::table_label;
use super::token::key_of;
use super::Scratch;

/// Whether the subject `sub` names counted things: a kind's noun, or a
/// last word that is a plural ("seats", "complaints"), not a mass noun
/// ("investment").
fn counted(c: &Compiled, text: &str, sub: &Subject) -> bool {
    let phrase = &text[sub.span.start..sub.span.end];
    let last = phrase.rsplit(' ').next().unwrap_or(phrase);
    // "88.9 per cent of donations": a whole of money is not counted; its
    // head noun says so, the first word where heads come first ("26 % des
    // dépenses opérationnelles").
    if !c.words.uncounted.is_empty() {
        let head = if c.head_first {
            phrase.split(' ').next().unwrap_or(phrase)
        } else {
            last
        };
        let lower;
        let word = if head.bytes().any(|b| b.is_ascii_uppercase())
            || !head.is_ascii()
        {
            lower = head.to_lowercase();
            lower.as_str()
        } else {
            head
        };
        if c.words.uncounted.contains(word) {
            return false;
        }
    }
    if sub.kind.is_some() {
        return true;
    }
    c.words.plural_suffix.iter().any(|x| {
        last.len() > x.len() + 1
            && last.as_bytes()[last.len() - x.len()..]
                .eq_ignore_ascii_case(x.as_bytes())
    })
}

/// How far back the line above a figure is looked for, in bytes.
const LINE_BEFORE_REACH: usize = 512;

/// The subject a `line_before` rule reads on the line above the one at
/// `at` ("Indicateur : nombre de personnes …" above "Valeur de
/// référence : 0 | Cible : 18000").
#[inline(never)]
fn line_before(
    c: &Compiled,
    text: &str,
    at: usize,
    s: &mut Scratch,
) -> Option<Subject> {
    if c.line_before.is_empty() {
        return None;
    }
    let b = text.as_bytes();
    let floor = at.saturating_sub(LINE_BEFORE_REACH);
    let start = floor + memchr::memrchr(b'\n', &b[floor..at])?;
    let prev = memchr::memrchr(b'\n', &b[floor..start])
        .map_or(floor, |i| floor + i + 1);
    let line = text.get(prev..start)?;
    c.line_before.iter().find_map(|lb| {
        let m = lb.pattern.captures(line)?.get(lb.group?)?;
        np_forward(c, text, prev + m.start(), prev + m.end(), true, &mut s.key)
    })
}

/// The part a share counts, named before it by one of `rules`, the
/// `[[lookback]]` rules with `part` ("les femmes représentent 45 %" ->
/// "femmes"), or those with `part` and `bare`, asked only for a share that
/// names no whole of its own ("470 000 filles et garçons (65 %)" ->
/// "filles et garçons").
// Out of line: rule sets without such rules never call it, and the loop
// over figures stays as it was (cachegrind).
#[inline(never)]
pub(super) fn part_before(
    c: &Compiled,
    rules: &[Lookback],
    text: &str,
    lo: usize,
    at: usize,
    s: &mut Scratch,
) -> Option<Subject> {
    lookback(c, rules, text, lo, at, &mut s.key)
        .filter(|sub| counted(c, text, sub))
}

/// The people or things a bare share in a table row is a part of, as its
/// row's label names them ("Jeunes sortis du système scolaire | 16,5"):
/// only a label whose noun has a kind, so a rate's label ("Taux
/// d'achèvement | 61,5") names none.
#[inline(never)]
pub(super) fn row_part(
    c: &Compiled,
    text: &str,
    at: Span,
    s: &mut Scratch,
) -> Option<Subject> {
    // Rule sets with label look-backs read an indicator's name, figures
    // and all ("Share of mothers who had at least 3 … (%) | 55"), and
    // past its measure word (rule sets without them pay nothing).
    let label = if c.label_lookbacks.is_empty() {
        table_label::row_label(&mut s.label_units, text, at)?
    } else {
        table_label::indicator_label(&mut s.label_units, text, at)?
    };
    // What a share of is said to divide is counted, whatever its kind.
    lookback(c, &c.label_lookbacks, text, label.start, label.end, &mut s.key)
        .or_else(|| {
            np_forward(c, text, label.start, label.end, true, &mut s.key)
                .filter(|sub| sub.kind.is_some())
        })
}

/// Where the noun phrase after a figure ending at `end` may start: past a
/// footnote call of one or two digits glued to a scale word ("up to 1.6
/// million1 girls"), else at `end`.
fn past_footnote(text: &str, end: usize) -> usize {
    let b = text.as_bytes();
    if end == 0 || !b[end - 1].is_ascii_alphabetic() {
        return end;
    }
    let digits =
        b[end..].iter().take(3).take_while(|c| c.is_ascii_digit()).count();
    if (1..=2).contains(&digits) && b.get(end + digits) == Some(&b' ') {
        end + digits
    } else {
        end
    }
}

/// The end of a bracketed share written right after count `i` ("445
/// (59%) severe cases"): the count's noun comes after the bracket.
pub(super) fn past_bracketed_share(
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<usize> {
    let (q, share) = (&qs[i], qs.get(i + 1)?);
    if !matches!(q.unit, Unit::Number | Unit::Count)
        || share.unit != Unit::Percent
    {
        return None;
    }
    let gap = text.get(q.span.end..share.span.start)?;
    if gap.trim_start() != "(" {
        return None;
    }
    let rest = text.get(share.span.end..)?;
    let close = rest.len() - rest.trim_start().len();
    rest[close..].starts_with(')').then_some(share.span.end + close + 1)
}

/// Whether `text[from..to]`, between a figure and the next, holds a
/// partitive word and determiners only ("of its", "of the"): the next
/// figure counts the whole the first one is a part of.
pub(super) fn of_phrase(
    c: &Compiled,
    text: &str,
    from: usize,
    to: usize,
    key: &mut String,
) -> bool {
    let Some(gap) = text.get(from..to) else { return false };
    if gap.len() > OF_PHRASE_GAP || c.words.partitive.is_empty() {
        return false;
    }
    let mut partitive = false;
    for w in gap.split_whitespace() {
        let word = key_of(key, w);
        if c.words.partitive.contains(word) {
            partitive = true;
        } else if !c.words.determiner.contains(word) {
            return false;
        }
    }
    partitive
}

/// The longest gap read by [`of_phrase`], in bytes ("of their").
const OF_PHRASE_GAP: usize = 24;

/// Whether the text after a figure (from `from` to `end`) matches an
/// implied-noun rule (`[[lookback]]` with `after` alone): a count that
/// names nothing there counts what the figure before it counted.
#[inline(never)]
fn implied(c: &Compiled, text: &str, from: usize, end: usize) -> bool {
    text.get(from..end).is_some_and(|after| {
        c.implied
            .iter()
            .any(|lb| lb.group.is_none() && lb.pattern.is_match(after))
    })
}

/// The counted noun the `subject` group of one of `rules` names in
/// `text[from..end]`: an implied-noun rule after a count that names
/// nothing right after it ("584 were returnees"), or a `part` and `after`
/// rule after a share's whole ("60 % des chômeurs sont des jeunes" ->
/// "jeunes").
fn named_by(
    c: &Compiled,
    rules: &[Lookback],
    text: &str,
    from: usize,
    end: usize,
    s: &mut Scratch,
) -> Option<Subject> {
    let hay = text.get(from..end)?;
    rules.iter().find_map(|lb| {
        let m = lb.pattern.captures(hay)?.get(lb.group?)?;
        np_forward(c, text, from + m.start(), from + m.end(), true, &mut s.key)
            .filter(|sub| counted(c, text, sub))
    })
}

/// What a share that follows a back-reference is said to be ("…, of whom
/// 52% were women" -> "women", "of those serving, 51 percent were women"):
/// the counted noun an implied rule names
/// after it (rule sets without such rules or words pay nothing).
pub(super) fn named_after_back_reference(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    lo: usize,
    at: Span,
    end: usize,
) -> Option<Subject> {
    if c.implied.is_empty() || c.words.back_reference.is_empty() {
        return None;
    }
    let before = text.get(lo..at.start)?;
    if !before.ends_with(char::is_whitespace) {
        return None;
    }
    let mut words = before.split_whitespace().rev();
    let (back, partitive) = (words.next()?, words.next()?);
    let key = &mut s.key;
    let refers = |key: &mut String, partitive: &str, back: &str| {
        c.words.back_reference.contains(key_of(key, back))
            && c.words.partitive.contains(key_of(key, partitive))
    };
    if !refers(key, partitive, back) {
        // "of those serving, 51 percent were women": the back-reference
        // opens a short phrase that a comma ends right before the share.
        let phrase = before.trim_end().strip_suffix(',')?;
        let opening = phrase.rsplit([',', ';', ':', '\n']).next()?;
        // Past a list's bullet ("- of those serving, …").
        let mut words = opening
            .split_whitespace()
            .skip_while(|w| !w.chars().any(char::is_alphanumeric));
        let (partitive, back) = (words.next()?, words.next()?);
        if words.count() > 2 || !refers(key, partitive, back) {
            return None;
        }
    }
    named_by(c, &c.implied, text, at.end, end, s)
}

/// The subject after a partitive word when it names counted people or
/// things, or the part a `part` and `after` rule names after it.
pub(super) fn counted_whole(
    c: &Compiled,
    text: &str,
    own: Option<Subject>,
    end: usize,
    s: &mut Scratch,
) -> Option<Subject> {
    let whole = own.filter(|sub| counted(c, text, sub))?;
    // PERF: a rule set with no such rule (English) makes no call.
    if c.part_afters.is_empty() {
        return Some(whole);
    }
    let part = named_by(c, &c.part_afters, text, whole.span.end, end, s);
    Some(part.unwrap_or(whole))
}

/// The subject of figure `i`, whose indicator reads it after the figure,
/// when no partitive word follows: the noun phrase after it (past a glued
/// footnote call), else the counted noun an implied rule names ("584
/// were returnees"), else a look-back, else what the figure before it
/// counted where an implied rule says so, else its table row's label (or,
/// in a row named by a year, its column's header).
pub(super) fn subject_after(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    end: usize,
) -> Option<Subject> {
    let (q, lo) = (&qs[i], s.plans[i].window.start);
    // "509/100,000 live births", "34:1": the numerator of a rate or a
    // ratio counts no noun.
    if denominator_end(text.as_bytes(), q.span.end).is_some() {
        return None;
    }
    let from = past_footnote(text, q.span.end);
    // "445 (59%) severe cases": the noun after the share, up to the
    // figure after it.
    let (from, end) = match past_bracketed_share(text, qs, i) {
        Some(at) => {
            let next = qs.get(i + 2).map_or(usize::MAX, |n| n.span.start);
            (at, s.plans[i].window.end.min(next))
        }
        None => (from, end),
    };
    let found = np_forward(c, text, from, end, false, &mut s.key)
        // "1,700,658 were women": the noun the count is said to be.
        .or_else(|| named_by(c, &c.implied, text, from, end, s))
        // "5.9 million children reached … Target: 2.4 million": a count
        // named as the target of the one before counts what that one
        // counted, before any look-back reads the label's words as a noun.
        .or_else(|| referent_before(c, s, text, qs, i))
        .or_else(|| {
            lookback(c, &c.lookbacks, text, lo, q.span.start, &mut s.key)
        })
        // "860 à Agadez et 1 135 à Zinder": a count that names nothing.
        .or_else(|| implied_referent(c, s, text, qs, i, end))
        // "about 3 million and 2 million people": what the next names.
        .or_else(|| shared_noun(c, s, text, qs, i))
        // "… 640 forest projects … . Of these, 314 have been completed":
        // a sentence that opens on a back-reference counts what the last
        // figure before it counted.
        .or_else(|| {
            opens_on_back_reference(c, text, lo, q.span.start, &mut s.key)
                .then(|| {
                    referent(s, qs, i, lo.saturating_sub(BACK_REFERENCE_REACH))
                })
                .flatten()
        })
        // "Of the 830 recommendations they made, only 282 were
        // implemented": a sentence that opens on a partitive and the figure
        // before counts, after its clause, what that figure counted.
        .or_else(|| {
            opens_on_partitive_figure(c, text, lo, qs, i, &mut s.key)
                .then(|| referent(s, qs, i, lo))
                .flatten()
        })
        .or_else(|| {
            // A table whose rows are places or sources ("Area | Cases at
            // baseline"): its figures count what their column names.
            let dims = &c.words.dimension;
            let key = &mut s.key;
            let column = (!dims.is_empty())
                .then(|| {
                    table_label::dimension_label(
                        &mut s.label_units,
                        text,
                        q.span,
                        |w| dims.contains(key_of(key, w)),
                    )
                })
                .flatten()
                .and_then(|l| {
                    np_forward(c, text, l.start, l.end, true, &mut s.key)
                })
                .filter(|sub| counted(c, text, sub));
            if column.is_some() {
                return column;
            }
            // A column header that names in brackets what its cells
            // count ("Target (people)"): what the bracket names.
            let bracket =
                table_label::header_bracket(&mut s.label_units, text, q.span)
                    .and_then(|l| {
                        np_forward(c, text, l.start, l.end, true, &mut s.key)
                    })
                    .filter(|sub| sub.kind.is_some());
            if bracket.is_some() {
                return bracket;
            }
            // A table figure counts what its row's label names
            // ("Integrated Experts | 767"), read as the clause before a
            // figure is ("Number of projects | 282" -> "projects").
            // A row named by a year ("2014/15 | 7 014 | 10 746"): what its
            // column's header names.
            let label =
                table_label::row_label(&mut s.label_units, text, q.span)
                    .or_else(|| {
                        table_label::column_label(
                            &mut s.label_units,
                            text,
                            q.span,
                        )
                    })
                    // A key-figure line ("18 million | people in need"):
                    // what its label cell names.
                    .or_else(|| table_label::value_label(text, q.span));
            // The figures of one row or one list line share the answer.
            let key = match label {
                Some(l) => (l.start, true),
                None => (line_start(text, q.span.start), false),
            };
            if let Some((at, labelled, sub)) = s.row_subject {
                if (at, labelled) == key {
                    return sub;
                }
            }
            let row = label.and_then(|label| {
                lookback(
                    c,
                    &c.lookbacks,
                    text,
                    label.start,
                    label.end,
                    &mut s.key,
                )
                .or_else(|| {
                    np_forward(
                        c,
                        text,
                        label.start,
                        label.end,
                        true,
                        &mut s.key,
                    )
                })
            });
            // A row label that names no counted thing ("U.S. and Canada |
            // 29,332") gives way to the list's heading ("Individuals
            // served …:"), as a bullet with no noun does.
            let sub = match row {
                Some(sub) if counted(c, text, &sub) => Some(sub),
                _ => heading_subject(c, text, q.span.start, s).or(row),
            };
            s.row_subject = Some((key.0, key.1, sub));
            sub
        })?;
    // "dont 5 989 confirmés", "sur 134 prévues": a state or a label read
    // as the subject names no counted thing; the figure counts what the
    // figure before it counted (rule sets without such words pay nothing).
    let label = found.span.end <= q.span.start;
    if !c.words.state.is_empty()
        && names_state(c, text, found, label, &mut s.key)
    {
        return referent(s, qs, i, lo)
            .or_else(|| line_before(c, text, q.span.start, s));
    }
    // "57 founding Members (37 regional and 20 nonregional)": inside the
    // brackets of a breakdown, a word that names no counted thing (an
    // adjective) leaves the count the total's noun.
    if in_brackets(text, lo, q.span.start) && !counted(c, text, &found) {
        if let Some(total) = referent(s, qs, i, lo) {
            return Some(total);
        }
    }
    Some(found)
}

/// Whether `pos` lies inside a bracket opened after `lo` and not yet
/// closed.
fn in_brackets(text: &str, lo: usize, pos: usize) -> bool {
    let b = &text.as_bytes()[lo..pos];
    memchr::memrchr2(b'(', b')', b).is_some_and(|k| b[k] == b'(')
}

/// What the figure before figure `i` counted, where the text after `i`
/// (to `end`) matches an implied-noun rule (`[[lookback]]` with `after`
/// alone): a count that names nothing there counts the same thing.
pub(super) fn implied_referent(
    c: &Compiled,
    s: &Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    end: usize,
) -> Option<Subject> {
    if c.implied.is_empty() || !implied(c, text, qs[i].span.end, end) {
        return None;
    }
    referent(s, qs, i, s.plans[i].window.start)
}

/// The longest text between two shares that [`elliptical_share`] reads
/// as one ellipsis, in bytes.
const ELLIPSIS_GAP: usize = 160;

/// What the share before figure `i` counted, where figure `i` is a share
/// that names no whole and the text after it matches an implied-noun rule
/// ("only 38% of people have water …, and in rural Chikhwawa 42% have
/// safe drinking water"; "22% of people in towns and 8% in rural areas"):
/// an elliptical share counts what the share before it did (README
/// decision 34), or the noun it is said to be ("…, and 43% are
/// refugees"), and takes its status where no cue of its own gave one. The
/// figure right before must be that share, joined to it by an
/// `elliptical` word or a comma right before it (rule sets that list no
/// such word pay nothing).
pub(super) fn elliptical_share(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    end: usize,
) -> Option<Subject> {
    if c.words.elliptical.is_empty() {
        return None;
    }
    let lo = s.plans[i].window.start;
    let j = (0..i)
        .rev()
        .take_while(|&j| qs[j].span.start >= lo)
        .find(|&j| !s.plans[j].excluded)
        .filter(|&j| qs[j].unit == Unit::Percent)?;
    let gap = text.get(qs[j].span.end..qs[i].span.start)?;
    if gap.len() > ELLIPSIS_GAP {
        return None;
    }
    let key = &mut s.key;
    // A comma right before it joins a list of shares as a joining word
    // does ("only 61 percent are enrolled in primary school, 23% in
    // secondary school and just one percent in tertiary education").
    // PERF: the joining words are short; longer words are not looked up.
    let joined = gap.trim_end().ends_with(',')
        || gap
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| (2..=8).contains(&w.len()))
            .any(|w| c.words.elliptical.contains(key_of(key, w)));
    if !joined {
        return None;
    }
    let from = qs[i].span.end;
    // "51% of them are girls, and 43% are refugees": the noun it is said
    // to be; else, before an implied-noun rule's words, the share's whole.
    let sub = named_by(c, &c.implied, text, from, end, s).or_else(|| {
        implied(c, text, from, end).then_some(s.plans[j].subject).flatten()
    })?;
    if !s.plans[i].status_cued {
        s.plans[i].status = s.plans[j].status;
    }
    Some(sub)
}

/// What the next figure counts when figure `i`, naming nothing, is joined
/// to it by a continuation word alone, both plain counts ("affect about 3
/// million and 2 million people respectively", "150 or 200 households").
fn shared_noun(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<Subject> {
    let (q, n) = (&qs[i], qs.get(i + 1)?);
    if q.unit != Unit::Number || n.unit != Unit::Number {
        return None;
    }
    // One sentence and one line: "Page 2 of 7\n and 54 nurses" is no
    // pair.
    if n.span.end > s.plans[i].window.end {
        return None;
    }
    let gap = text.get(q.span.end..n.span.start)?;
    let word = gap.trim_matches(' ');
    if word.is_empty() || word.len() > 8 || word.contains(char::is_whitespace)
    {
        return None;
    }
    if !c.words.continuation.contains(key_of(&mut s.key, word)) {
        return None;
    }
    let end = s.plans[i + 1].window.end;
    np_forward(c, text, n.span.end, end, false, &mut s.key)
}

/// What the figure before figure `i` counted, when a `referent` look-back
/// matches the words before `i` in its clause ("Le Nigeria en compte 4
/// millions", "…, le Niger 1,5 million"); figure `i` then takes that
/// figure's status too, where no cue or label of its own gave one.
#[inline(never)]
fn referent_before(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<Subject> {
    if c.referents.is_empty() {
        return None;
    }
    let (lo, at) = (s.plans[i].window.start, qs[i].span.start);
    let before = text.get(lo..at)?;
    let from = memchr::memrchr(b';', before.as_bytes()).map_or(0, |k| k + 1);
    let hay = &before[from..];
    if !c.referents.iter().any(|lb| lb.pattern.is_match(hay)) {
        return None;
    }
    // A referent rule that captures a `subject` names the group itself, the
    // subject of a verb of belonging ("Ces ménages comptaient parmi les
    // 155 000 les plus vulnérables" -> "ménages"), not the noun of the
    // figure before ("une quinzaine de communes"); the figure keeps the
    // status of its own clause.
    let at_hay = lo + from;
    for lb in c.referents.iter() {
        let Some(m) = lb.group.and_then(|g| lb.pattern.captures(hay)?.get(g))
        else {
            continue;
        };
        let (start, end) = (at_hay + m.start(), at_hay + m.end());
        if let Some(sub) = np_forward(c, text, start, end, true, &mut s.key) {
            return Some(sub);
        }
    }
    let floor = lo.saturating_sub(BACK_REFERENCE_REACH);
    let counted =
        |j: &usize| !s.plans[*j].excluded && s.plans[*j].subject.is_some();
    // A count in brackets breaks down the one before it ("147 129
    // sinistrés (21 627 ménages), devant le Sila avec 77 357"): the
    // figure named again is the one it breaks down.
    let bracketed =
        |j: &usize| text[..qs[*j].span.start].trim_end().ends_with('(');
    let before = || (0..i).rev().take_while(|&j| qs[j].span.start >= floor);
    let j = before()
        .filter(counted)
        .find(|j| !bracketed(j))
        .or_else(|| before().find(counted))?;
    if !s.plans[i].status_cued {
        s.plans[i].status = s.plans[j].status;
    }
    s.plans[j].subject
}

/// The start of the line holding `pos`, looked for within
/// [`HEADING_REACH`] bytes (else that far back).
fn line_start(text: &str, pos: usize) -> usize {
    let floor = pos.saturating_sub(HEADING_REACH);
    memchr::memrchr(b'\n', &text.as_bytes()[floor..pos])
        .map_or(floor, |k| floor + k + 1)
}

/// How far above a figure the heading of its list is looked for, in bytes.
const HEADING_REACH: usize = 2048;

/// The most lines walked up to a list's heading.
const HEADING_LINES: usize = 24;

/// What the heading of the list holding the figure at `pos` names, by the
/// `heading` look-back rules: the nearest line above, with no blank line
/// and no line of prose between, that ends in a colon ("Households
/// reached:" above "- 1,200 in Kayes"). The phrase must name a kind's
/// noun that is no state word ("Results in 2023:" names none).
#[inline(never)]
fn heading_subject(
    c: &Compiled,
    text: &str,
    pos: usize,
    s: &mut Scratch,
) -> Option<Subject> {
    if c.heading_lookbacks.is_empty() {
        return None;
    }
    let floor = pos.saturating_sub(HEADING_REACH);
    let line_start = |to: usize| segment::line_start_within(text, floor, to);
    let first = line_start(pos)?;
    // PERF: the walk for a line right below the last one walked starts
    // from that one's answer: a list is walked once, not once a line.
    if let Some(w) = s.heading_walk {
        if w.line == first {
            return w.found.map(|f| f.1);
        }
    }
    let mut start = first;
    let mut found = None;
    for steps in 0..HEADING_LINES {
        if start == 0 || start <= floor {
            break;
        }
        let end = start - 1;
        let Some(prev) = line_start(end) else { break };
        let line = text[prev..end].trim_end();
        if line.trim_start().is_empty() {
            break;
        }
        if let Some(head) = line.strip_suffix(':') {
            // Only the heading's last sentence names the list.
            let from = prev + head.rfind(". ").map_or(0, |i| i + 2);
            let hay = &text[from..prev + head.len()];
            let sub = c.heading_lookbacks.iter().find_map(|lb| {
                let m = lb.pattern.captures(hay)?.get(lb.group?)?;
                let at = from + m.start();
                np_forward(c, text, at, from + m.end(), true, &mut s.key)
                    .filter(|sub| {
                        sub.kind.is_some()
                            && !names_state(c, text, *sub, true, &mut s.key)
                    })
            });
            found = sub.map(|sub| (HeadingFound { at: prev, steps }, sub));
            break;
        }
        let item = line.trim_start().starts_with(['-', '*', '•', '·', '–'])
            || line.contains('|');
        if line.ends_with(['.', '!', '?']) && !item {
            break;
        }
        // The line above was walked last: its answer, one line further.
        if let Some(w) = s.heading_walk {
            if w.line == prev {
                found = w.found.and_then(|(h, sub)| {
                    let steps = h.steps + steps + 1;
                    (steps < HEADING_LINES && (h.at > floor || floor == 0))
                        .then_some((HeadingFound { at: h.at, steps }, sub))
                });
                break;
            }
        }
        start = prev;
    }
    s.heading_walk = Some(HeadingWalk { line: first, found });
    found.map(|f| f.1)
}

/// Where a list's heading was found, and how many lines above the line
/// walked from.
#[derive(Clone, Copy, Debug)]
pub(super) struct HeadingFound {
    at: usize,
    steps: usize,
}

/// The last line whose list heading [`heading_subject`] looked for, and
/// what it found.
#[derive(Clone, Copy, Debug)]
pub(super) struct HeadingWalk {
    line: usize,
    found: Option<(HeadingFound, Subject)>,
}

/// How far back before its sentence the figure a back-reference names is
/// looked for, in bytes.
const BACK_REFERENCE_REACH: usize = 400;

/// Whether `text[lo..at]` is a partitive word and a back-reference word
/// only, with commas ("Of these,", "Of them,"): the clause opens on what
/// the sentence before counted.
fn opens_on_back_reference(
    c: &Compiled,
    text: &str,
    lo: usize,
    at: usize,
    key: &mut String,
) -> bool {
    let Some(gap) = text.get(lo..at) else { return false };
    if gap.len() > 24 || c.words.back_reference.is_empty() {
        return false;
    }
    let words = gap
        .split(|ch: char| ch.is_whitespace() || ch == ',')
        .filter(|w| !w.is_empty());
    two_words(words, &c.words.partitive, &c.words.back_reference, key)
}

/// Whether the figure before figure `i` opens its window (from `lo`)
/// after a partitive word, a determiner and at most one word more ("Of
/// the 830 recommendations", "Of the planned 50 boreholes"), and a comma
/// ends that figure's clause before figure `i`: the later figure is a
/// part of the earlier one's whole.
fn opens_on_partitive_figure(
    c: &Compiled,
    text: &str,
    lo: usize,
    qs: &[Quantity<'_>],
    i: usize,
    key: &mut String,
) -> bool {
    let Some(prev) = i.checked_sub(1).map(|j| &qs[j]) else {
        return false;
    };
    if prev.span.start < lo || c.words.partitive.is_empty() {
        return false;
    }
    let Some(gap) = text.get(lo..prev.span.start) else { return false };
    if gap.len() > PARTITIVE_OPENING
        || !text[prev.span.end..qs[i].span.start].contains(',')
    {
        return false;
    }
    let mut words = gap.split_whitespace();
    let opening = words.by_ref().take(2);
    two_words(opening, &c.words.partitive, &c.words.determiner, key)
        // The word a whole is qualified by is a word, never a figure.
        && words.next().is_none_or(|w| w.chars().all(|ch| ch.is_alphabetic() || ch == '-'))
        && words.next().is_none()
}

/// The longest opening read by [`opens_on_partitive_figure`], in bytes
/// ("Of the estimated ", "Sur les financements ").
const PARTITIVE_OPENING: usize = 28;

/// Whether `words` are exactly two: a word of `first`, then one of
/// `second` ("Of these", "Of the").
fn two_words<'w>(
    mut words: impl Iterator<Item = &'w str>,
    first: &WordSet,
    second: &WordSet,
    key: &mut String,
) -> bool {
    let mut role = |w: Option<&str>, set: &WordSet| {
        w.is_some_and(|w| set.contains(key_of(key, w)))
    };
    role(words.next(), first)
        && role(words.next(), second)
        && words.next().is_none()
}

/// What the figure before figure `i` in its window (from `lo`) counted:
/// the subject a back-reference with no noun of its own names ("68
/// member countries, 49 of them in the region").
pub(super) fn referent(
    s: &Scratch,
    qs: &[Quantity<'_>],
    i: usize,
    lo: usize,
) -> Option<Subject> {
    (0..i)
        .rev()
        .take_while(|&j| qs[j].span.start >= lo)
        .find_map(|j| s.plans[j].subject.filter(|_| !s.plans[j].excluded))
}

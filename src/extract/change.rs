//! How a figure takes part in a stated change: "from X to Y" pairs
//! (successive figures of one sentence joined by a change rule's gap
//! pattern), and the change word nearest to a figure, which gives a
//! change or a percentage its direction (`direction`'s). Amounts of a
//! change and the levels they reached are `level`'s; which figure before a
//! reversed comparison's cue is its later value, `later_value`'s; two
//! parallel changes across one cue, `parallel`'s.

use rust_decimal::Decimal;

use crate::quantity::{denominator_end, Quantity};
use crate::record::{Direction, Qualifier, Span, Status, Unit};
use crate::rules::{Compiled, Units};

use super::direction::nearest_direction;
use super::later_value::{bare_count, later_value};
use super::parallel::parallel_pairs;
use super::records::{range_years, years_in};
use super::status::label_cue;
use super::table_label;
use super::Scratch;

/// Links successive figures of one sentence that state a change, sets the
/// direction, and gives a bare figure its partner's currency. A figure
/// that ends a change may start the next one of a chain ("to 25 in 2019
/// and 12 in 2022"), through a `chain` rule only; it keeps the change
/// that ends at it, and the next figure takes the new one.
pub(super) fn link_changes(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
) {
    if c.changes.is_empty() {
        return;
    }
    let skips = c.changes.iter().any(|r| r.skip_excluded);
    let mut i = 0;
    while i + 1 < qs.len() {
        // A rate's denominator between two levels ("de 18 décès pour 1000
        // cas à 13 décès"): the figure after it may be the later level,
        // through a rule that passes over an excluded figure.
        let skipped = skips
            && i + 2 < qs.len()
            && s.plans[i + 1].excluded
            && !s.plans[i].excluded;
        let j = if skipped { i + 2 } else { i + 1 };
        let (a, b) = (&qs[i], &qs[j]);
        let (pa, pb) = (s.plans[i], s.plans[j]);
        let same =
            pa.window.start <= b.span.start && b.span.end <= pa.window.end;
        // Cells of one table row are sentences of their own.
        let row = if !skipped && !same && b.span.start >= a.span.end {
            year_columns(s, text, qs, i)
                .or_else(|| baseline_columns(c, s, text, qs, i))
        } else {
            None
        };
        if b.span.start < a.span.end
            || pa.excluded
            || pb.excluded
            || !(same || row.is_some())
            || a.range_end.is_some()
            || b.range_end.is_some()
        {
            i += 1;
            continue;
        }
        // "from 34:1 in 2003/04 to 36:1": a rate's or ratio's denominator
        // is part of the level, not of the words between the levels.
        let gap_start = denominator_end(text.as_bytes(), a.span.end)
            .filter(|&e| e <= b.span.start)
            .unwrap_or(a.span.end);
        let gap = &text[gap_start..b.span.start];
        let before = &text[pa.window.start..a.span.start];
        // A figure of a change continues it only through a chain: a
        // forward one from the change's later figure ("to 25 in 2019 and
        // 12 in 2022"), a reversed one from its earlier figure, each new
        // value older still ("(previous year: 8.8; 2013: 6.7)").
        let chained = pa.pair.is_some();
        let after = &text[b.span.end..pb.window.end.max(b.span.end)];
        // A comparison between places or groups at one date matches
        // first and links nothing ("X en milieu rural contre Y en zone
        // urbaine").
        let linked = c
            .change_rule(gap, before, after, chained)
            .filter(|rule| !rule.none);
        if skipped && !linked.is_some_and(|r| r.skip_excluded && !chained) {
            i += 1;
            continue;
        }
        if chained
            && linked.is_none_or(|rule| {
                rule.reversed != matches!(pa.pair, Some((_, true)))
            })
        {
            i += 1;
            continue;
        }
        let restated = match linked {
            Some(rule) if rule.reversed && !chained => {
                later_value(c, s, text, qs, i, pb.unit)
            }
            _ => None,
        };
        let x = restated.unwrap_or(i);
        let (a, pa) = (&qs[x], s.plans[x]);
        let bare_later = bare_count(pa.unit, pb.unit);
        let reversed = match linked {
            Some(rule)
                if fits(pa.unit, pb.unit)
                    && !(rule.reversed && bare_later) =>
            {
                rule.reversed
            }
            Some(rule)
                if !rule.reversed && !chained && bare_percent_level(a, b) =>
            {
                false
            }
            None if !chained => {
                match row
                    .or_else(|| year_columns(s, text, qs, i))
                    .or_else(|| baseline_columns(c, s, text, qs, i))
                {
                    Some(later_first) => later_first,
                    None => {
                        i += 1;
                        continue;
                    }
                }
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // "46.6% in 2016 versus 40.9% in 2018": a comparison that puts the
        // later figure first runs forward when each figure states its own
        // year and the first year is the earlier one (a change never runs
        // back in time).
        let reversed = reversed
            && !(linked.is_some()
                && !chained
                && restated.is_none()
                && earlier_year_first(
                    text,
                    s.plans[x].period,
                    s.plans[j].period,
                ));
        // "1,250 ..., up from 830": the first figure is the later one.
        let (from, to) = if reversed { (b, a) } else { (a, b) };
        let unit = if pa.unit == Unit::Number { pb.unit } else { pa.unit };
        // The direction: a change word between the two figures ("77%, up
        // from 63%"), else the values, else the nearest change word
        // around them.
        let between = Span { start: a.span.end, end: a.span.end };
        let gap_span = Span { start: a.span.end, end: b.span.start };
        let outer = Span { start: pa.window.start, end: pb.window.end };
        // A bare level compares at the scale it shares with its partner:
        // "from 350 to 200 million" falls.
        let level = |q: &Quantity<'_>, other: &Quantity<'_>| {
            shared_scale(q, other)
                .and_then(|f| q.value.checked_mul(f))
                .unwrap_or(q.value)
        };
        let (from_level, to_level) = (level(from, to), level(to, from));
        let direction =
            nearest_direction(c, text, gap_span, between, &mut s.key)
                .or(match from_level.cmp(&to_level) {
                    std::cmp::Ordering::Less => Some(Direction::Increase),
                    std::cmp::Ordering::Greater => Some(Direction::Decrease),
                    std::cmp::Ordering::Equal => None,
                })
                .or_else(|| {
                    nearest_direction(
                        c,
                        text,
                        outer,
                        Span { start: a.span.start, end: b.span.end },
                        &mut s.key,
                    )
                });
        if reversed && !chained && restated.is_none() {
            if let Some(d) = parallel_pairs(c, s, text, qs, i, direction) {
                i += d;
                continue;
            }
        }
        for (k, other, is_from) in [(x, j, !reversed), (j, x, reversed)] {
            if chained && !reversed && k == x {
                // It keeps the change that ends at it; in a reversed chain
                // it takes the older pair, which ends at it.
                continue;
            }
            let p = &mut s.plans[k];
            p.unit = unit;
            p.pair = Some((other, is_from));
            p.direction = direction;
            p.split_range = linked.is_some_and(|r| r.split_range);
            p.chain_subject =
                chained && linked.is_some_and(|r| r.chain_subject);
            // "from 18 to 25 million" (a reversed pair, "8.4m from
            // five", is too often no change to share a scale; nor does a
            // pair that states no direction at that scale, "from 1 to 1m").
            p.shared_scale = if reversed || direction.is_none() {
                None
            } else {
                shared_scale(&qs[k], &qs[other])
            };
        }
        // "… nouveaux cas dans le monde ; ce nombre est aujourd'hui tombé
        // à 200 000": a later figure whose clause says nothing of its
        // status takes the status of the statistic it continues (a
        // statistic's only: "At the start only 6% of boys could do
        // division; by endline this had risen to 41%" leaves the 41% its
        // own, whatever cue the start level's clause holds).
        if linked.is_some_and(|r| r.shares_status) {
            let (later, earlier) = if reversed { (x, j) } else { (j, x) };
            if !s.plans[later].status_cued
                && s.plans[earlier].status_cued
                && s.plans[earlier].status == Status::Context
            {
                s.plans[later].status = s.plans[earlier].status;
                s.plans[later].status_cued = true;
            }
        }
        // "In 2021, 640 midwives ..., compared with 410 the year before",
        // "SEK 410 million in 2022 (previous year: SEK 380 million)": a
        // year before the earlier value's cue (its bracket, or the last
        // comma or semicolon before it) dates the later value only; the
        // earlier one keeps a year after it or its own label ("(2019: EUR
        // 10.6 billion)", "; 2013: EUR 6.7 billion") (rule sets that ask).
        if reversed && linked.is_some_and(|r| r.undated_base) {
            let b = &qs[j];
            let cue = text[a.span.end..b.span.start]
                .rfind(['(', ';', ','])
                .map_or(b.span.start, |o| a.span.end + o);
            if s.plans[j].period.is_some_and(|y| y.end <= cue) {
                s.plans[j].period = None;
            }
        } else if !reversed && linked.is_some_and(|r| r.undated_base) {
            // "In 2015, enrolment rose from 40% to 55%": a year both
            // figures share, stated for neither, dates the later one; a
            // range of two years written in words ("fell from 154.5 to
            // 104.7 between 2011 and 2021") dates each with its end, also
            // when the range is right after the later level's phrase.
            let (p, q) = (s.plans[x], s.plans[j]);
            let shared = p.period == q.period || q.period_linked;
            let ends = q
                .period
                .filter(|_| shared && !p.period_linked)
                .and_then(|sp| word_range_ends(text, sp))
                .or_else(|| {
                    // The later level's own year, right after its phrase,
                    // ends the range that dates the earlier one ("between
                    // 2015 and 2017, falling from 14.4 per cent to 7.3 per
                    // cent …, according to the 2017 … Survey").
                    let (pp, qp) = (p.period?, q.period?);
                    if !q.period_linked || p.period_linked {
                        return None;
                    }
                    let (first, last) = word_range_ends(text, pp)?;
                    (text.get(last.start..last.end)
                        == text.get(qp.start..qp.end))
                    .then_some((first, qp))
                });
            if let Some((first, last)) = ends {
                s.plans[x].period = Some(first);
                s.plans[j].period = Some(last);
            } else if p.period.is_some()
                && p.period == q.period
                && !p.period_linked
            {
                s.plans[x].period = None;
            }
        }
        i += 1;
    }
}

/// The two years of a range written with one word between them ("2011
/// and 2021", "2015 to 2017"; the period rules decided it is a range),
/// each as a span of its own; `None` for any other year expression (a
/// dash or a slash, financial years, "2014 and into early 2015").
fn word_range_ends(text: &str, sp: Span) -> Option<(Span, Span)> {
    let (first, last) = range_years(text, sp)?;
    let mid = text.get(first.end..last.start)?;
    let word = mid.trim();
    let spaced = mid.starts_with(char::is_whitespace)
        && mid.ends_with(char::is_whitespace);
    let whole = first.start == sp.start && last.end == sp.end;
    (whole
        && spaced
        && !word.is_empty()
        && word.chars().all(char::is_alphabetic))
    .then_some((first, last))
}

/// The scale word's factor that the bare level `q` of a change shares with
/// its partner `other`: "from 18 to 25 million" is 18 million. Only a
/// figure in digits with no scale, qualifier or range of its own, below 1,000 and
/// within a hundredfold of the partner's numeral, shares it: "from 500 to
/// 2 million people" keeps its 500.
fn shared_scale(q: &Quantity<'_>, other: &Quantity<'_>) -> Option<Decimal> {
    let factor = other.scale.filter(|f| *f >= Decimal::ONE_THOUSAND)?;
    let numeral = other.value.checked_div(factor)?;
    let hundred = Decimal::ONE_HUNDRED;
    let bare = q.scale.is_none()
        && q.text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && q.range_end.is_none()
        && q.qualifier == Qualifier::Exact
        && q.value > Decimal::ZERO
        && q.value < Decimal::ONE_THOUSAND;
    (bare
        && q.value.checked_mul(hundred)? >= numeral
        && q.value <= numeral.checked_mul(hundred)?)
    .then_some(factor)
}

/// Whether figures `i` and `i + 1` are successive cells of one table row
/// under two year columns, in a row that goes on to a signed cell
/// ("Turnover | 1,224.0 | 1,447.0 | + 18.2" under "| 2008 | 2009 | Change
/// in %"): the row states the change between them. `Some(true)` when the
/// later year comes first ("| 2014 | 2013 | Change", the layout of annual
/// reports that print the current year first).
fn year_columns(
    s: &Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<bool> {
    let (a, b) = (&qs[i], &qs[i + 1]);
    // Both figures dated by a header above them: checked first, as most
    // pairs have no such dates.
    let header_year = |k: usize| {
        let p = s.plans[k].period?;
        (p.end <= a.span.start).then(|| &text[p.start..p.end])
    };
    let (ya, yb) = (header_year(i)?, header_year(i + 1)?);
    if ya.len() != 4 || yb.len() != 4 || ya == yb {
        return None;
    }
    let gap = &text.as_bytes()[a.span.end..b.span.start];
    // Two neighbouring cells: a rule and some spaces between them.
    let cell_rule = gap.len() <= 16
        && gap.iter().filter(|&&c| c == b'|').count() == 1
        && gap.iter().all(|&c| matches!(c, b'|' | b' ' | b'\t'));
    if !cell_rule || !fits(s.plans[i].unit, s.plans[i + 1].unit) {
        return None;
    }
    let line = crate::segment::line_of(text, a.span.start);
    // The years are the column headers', on lines above the row.
    let above =
        |k: usize| s.plans[k].period.is_some_and(|p| p.end <= line.start);
    if !above(i) || !above(i + 1) {
        return None;
    }
    // The cells after the second figure: one starts with a sign.
    let end = line.end.max(b.span.end);
    text[b.span.end..end]
        .split('|')
        .skip(1)
        .any(|cell| cell.trim_start().starts_with(['+', '-', '−', '–']))
        .then_some(ya > yb)
}

/// Whether figures `i` and `i + 1` are neighbouring cells of a table row
/// whose first cell sits under a baseline column and whose next one under
/// a later column, in a table with a change column ("Cases at baseline |
/// Cases during implementation | … | Change from baseline": a change per
/// row, README decision 36): `Some(false)`, the earlier figure first. The
/// change column is a later header cell that reads as a baseline itself
/// ("Change from baseline"), or a later cell of the row written with a
/// sign. A results table with no change column states no change
/// ("Baseline | 2023 | Target", decision 37).
fn baseline_columns(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<bool> {
    let (pa, pb) = (s.plans[i], s.plans[i + 1]);
    // Checked first: most pairs are not under a baseline header.
    if pa.status != Status::Baseline
        || !pa.status_cued
        || matches!(pb.status, Status::Baseline | Status::Target)
        || pa.unit != pb.unit
    {
        return None;
    }
    let (a, b) = (&qs[i], &qs[i + 1]);
    let gap = &text.as_bytes()[a.span.end..b.span.start];
    let cell_rule = gap.len() <= 16
        && gap.iter().filter(|&&c| c == b'|').count() == 1
        && gap.iter().all(|&c| matches!(c, b'|' | b' ' | b'\t'));
    if !cell_rule {
        return None;
    }
    let (header, column) =
        table_label::header_of(&mut s.label_units, text, b.span)?;
    let line = crate::segment::line_of(text, b.span.start);
    let signed = text[b.span.end..line.end.max(b.span.end)]
        .split('|')
        .skip(1)
        .any(|cell| cell.trim_start().starts_with(['+', '-', '−', '–']));
    // The header cells after the later figure's that read as a baseline
    // themselves: the change column ("Change from baseline").
    let change_columns = text[header.start..header.end]
        .split('|')
        .enumerate()
        .skip(column + 1)
        .filter(|(_, cell)| {
            label_cue(c, cell, Units::ALL) == Some(Status::Baseline)
        })
        .map(|(k, _)| k);
    let mut found = false;
    for k in change_columns {
        found = true;
        // The row's figure in that column: the amount of its change, of
        // the status of the row's later value.
        let Some(j) = (i + 2..qs.len())
            .take_while(|&j| qs[j].span.start < line.end)
            .find(|&j| {
                column
                    + memchr::memchr_iter(
                        b'|',
                        &text.as_bytes()[b.span.end..qs[j].span.start],
                    )
                    .count()
                    == k
            })
        else {
            continue;
        };
        let p = &mut s.plans[j];
        p.change_cell = true;
        p.status = pb.status;
        p.status_cued = true;
    }
    (signed || found).then_some(false)
}

/// Whether two figures' units can be the two sides of one change (a bare
/// number takes its partner's currency; for a percent sign see
/// [`bare_percent_level`]).
pub(super) fn fits(x: Unit, y: Unit) -> bool {
    x == y
        || matches!(
            (x, y),
            (Unit::Currency(_), Unit::Number)
                | (Unit::Number, Unit::Currency(_))
        )
}

/// Whether the bare figure `a` is the earlier level of a change to the
/// percentage `b` written with its sign ("from 18 to 25 percent"): in
/// text order, at most 100 and written plain. A count before a share in
/// any other shape is a count ("2,565 … 16.2%", "44 factories … 146%").
fn bare_percent_level(a: &Quantity<'_>, b: &Quantity<'_>) -> bool {
    a.unit == Unit::Number
        && b.unit == Unit::Percent
        && a.scale.is_none()
        && a.range_end.is_none()
        && a.value <= Decimal::ONE_HUNDRED
        && a.text.bytes().all(|x| x.is_ascii_digit() || x == b'.')
}

/// Whether the periods of two figures both state a year and the first
/// figure's year is the earlier ("… in 2016 versus … in 2018").
fn earlier_year_first(
    text: &str,
    first: Option<Span>,
    second: Option<Span>,
) -> bool {
    let year = |p: Option<Span>| -> Option<u32> {
        let at = years_in(text, p?).next()?;
        text[at..at + 4].parse().ok()
    };
    matches!((year(first), year(second)), (Some(a), Some(b)) if a < b)
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::{money, n, pct, run, Q};
    use crate::record::{Direction, Qualifier, Unit};

    #[test]
    fn a_money_change_links_both_figures() {
        let text = "Income fell from 7.318.450 USD in 2022 to 5.489.002 \
                    in 2023 (-25% decrease).";
        let r = run(
            text,
            vec![
                money("7.318.450 USD", "7318450", "USD"),
                n("5.489.002", "5489002"),
                pct("-25%", "-25"),
            ],
        );
        assert_eq!(r.len(), 3);
        for x in &r[..2] {
            assert_eq!(x.kind, "funding");
            assert_eq!(x.unit.as_str(), "USD");
            let c = x.change.as_ref().unwrap();
            assert_eq!(c.direction, Direction::Decrease);
            assert_eq!(c.from.unwrap_or_default().to_string(), "7318450");
            assert_eq!(c.to.unwrap_or_default().to_string(), "5489002");
            assert_eq!(
                c.from_period.map(|p| p.to_string()).as_deref(),
                Some("2022")
            );
            assert_eq!(
                c.to_period.map(|p| p.to_string()).as_deref(),
                Some("2023")
            );
        }
        assert_eq!(
            r[0].period.map(|p| p.to_string()).as_deref(),
            Some("2022")
        );
        assert_eq!(
            r[1].period.map(|p| p.to_string()).as_deref(),
            Some("2023")
        );
        assert_eq!(r[0].subject, None);
        assert_eq!(r[2].kind, "percent_change");
        assert_eq!(r[2].value.to_string(), "-25");
        // SPEC: a signed percent is the amount of a change.
        let amount = r[2].change.as_ref().unwrap();
        assert_eq!(amount.direction, Direction::Decrease);
        assert_eq!((amount.from, amount.to), (None, None));
    }

    #[test]
    fn a_count_change_shares_its_subject() {
        let text =
            "The bureau grew its partnerships from 9 to over 20 in two years.";
        let r = run(
            text,
            vec![
                n("9", "9"),
                Q { qualifier: Qualifier::MoreThan, ..n("over 20", "20") },
            ],
        );
        assert_eq!(r.len(), 2);
        for x in &r {
            assert_eq!(x.subject.as_deref(), Some("partnerships"));
            assert_eq!(x.kind, "agreements");
            assert_eq!(
                x.change.as_ref().unwrap().direction,
                Direction::Increase
            );
        }
        assert_eq!(r[1].qualifier, Qualifier::MoreThan);
    }

    #[test]
    fn a_later_figure_first_is_a_reversed_change() {
        let text =
            "By 2023, 1,250 survivors used shelters, up from 830 in 2022.";
        let r = run(text, vec![n("1,250", "1250"), n("830", "830")]);
        for x in &r {
            let c = x.change.as_ref().unwrap();
            assert_eq!(c.direction, Direction::Increase);
            assert_eq!(
                (
                    c.from.unwrap_or_default().to_string(),
                    c.to.unwrap_or_default().to_string()
                ),
                ("830".into(), "1250".into())
            );
            assert_eq!(
                c.from_period.map(|p| p.to_string()).as_deref(),
                Some("2022")
            );
            assert_eq!(
                c.to_period.map(|p| p.to_string()).as_deref(),
                Some("2023")
            );
            assert_eq!(x.subject.as_deref(), Some("survivors"));
        }
    }

    #[test]
    fn a_partner_year_is_not_shared_and_set_up_is_no_change() {
        let text =
            "Gifts totalled $2.4 million, compared with $1.9 million in 2022.";
        let r = run(
            text,
            vec![
                money("$2.4 million", "2400000", "USD"),
                money("$1.9 million", "1900000", "USD"),
            ],
        );
        assert_eq!(
            r[0].change.as_ref().unwrap().direction,
            Direction::Increase
        );
        assert_eq!(r[0].period, None);
        assert_eq!(
            r[1].period.map(|p| p.to_string()).as_deref(),
            Some("2022")
        );
        let text = "We gave 18,000 kits to women and set up 36 safe spaces.";
        let r = run(text, vec![n("18,000", "18000"), n("36", "36")]);
        assert!(r.iter().all(|x| x.change.is_none()), "{:?}", r);
    }

    #[test]
    fn points_after_a_change_word_are_percentage_points() {
        let r = run("Turnout was down 5 points from 2021.", vec![n("5", "5")]);
        assert_eq!(r[0].kind, "percent_change");
        assert_eq!(r[0].unit, Unit::PercentagePoints);
        assert_eq!(r[0].value.to_string(), "-5");
    }

    #[test]
    fn worded_percentages_are_changes_with_sign() {
        let r =
            run("Enrolment increased by 28% in 2023.", vec![pct("28%", "28")]);
        assert_eq!(r[0].kind, "percent_change");
        assert_eq!(r[0].value.to_string(), "28");
        assert_eq!(r[0].subject, None);
        let r = run(
            "Turnout saw a drop of 3 percentage points.",
            vec![Q {
                unit: Unit::PercentagePoints,
                ..n("3 percentage points", "3")
            }],
        );
        assert_eq!(r[0].kind, "percent_change");
        assert_eq!(r[0].value.to_string(), "-3");
        assert_eq!(r[0].unit, Unit::PercentagePoints);
        let r = run("They posted a 12% rise.", vec![pct("12%", "12")]);
        assert_eq!(
            (r[0].kind.as_str(), r[0].value.to_string()),
            ("percent_change", "12".into())
        );
    }
}

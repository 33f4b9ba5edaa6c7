//! The period of a figure: the year or year range of its sentence that
//! the figure is tied to.

use crate::quantity::Quantity;
use crate::record::Span;
use crate::rules::Compiled;

use super::Scratch;

/// The year or year range of the sentence tied to figure `i`.
pub(super) fn period(
    c: &Compiled,
    s: &Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    window: Span,
) -> (Option<Span>, bool) {
    let q = &qs[i];
    // The years of the figure's window, from the sentence cache.
    let lo = s.years.partition_point(|y| y.start < window.start);
    let hi = s.years.partition_point(|y| y.end <= window.end);
    let Some(years) = s.years.get(lo..hi.max(lo)) else {
        return (None, false);
    };
    let next_q = qs.get(i + 1).map_or(usize::MAX, |n| n.span.start);
    let after = years.iter().copied().find(|y| y.start >= q.span.end);
    if let Some(y) = after {
        if y.start <= next_q {
            let gap = &text[q.span.end..y.start];
            if c.periods.iter().any(|r| r.link.is_match(gap)) {
                return (Some(y), true);
            }
        }
    }
    // A year in brackets belongs to what it follows ("1 annual report
    // (2022), 19 donor reports": 2022 is not the year of the 19).
    let bracketed = |y: &Span| {
        text[..y.start].trim_end().ends_with('(')
            && text[y.end..].trim_start().starts_with(')')
    };
    let before = years
        .iter()
        .copied()
        .rev()
        .find(|y| y.end <= q.span.start && !bracketed(y));
    (before.or(after), false)
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::{n, run};

    #[test]
    fn period_prefers_the_year_after_the_phrase() {
        let r = run(
            "In the first semester of 2023, 22 reports were produced for 2024.",
            vec![n("22", "22")],
        );
        assert_eq!(
            r[0].period.map(|p| p.to_string()).as_deref(),
            Some("2024")
        );
        assert_eq!(r[0].kind, "reports");
        let r = run(
            "In 2022-2023, 17 reports were produced.",
            vec![n("17", "17")],
        );
        assert_eq!(
            r[0].period.map(|p| p.to_string()).as_deref(),
            Some("2022-2023")
        );
        let r = run(
            "We trained 40 midwives. In 2023 we did more.",
            vec![n("40", "40")],
        );
        assert_eq!(r[0].period, None);
    }

    #[test]
    fn rules_look_only_at_a_bounded_window() {
        // One endless "sentence": the year is more than the window's cap
        // before the figure, so it is not the figure's period.
        let filler = "and then some more words ".repeat(20);
        let text = format!("In 2023 we worked {}with 40 midwives", filler);
        let r = run(&text, vec![n("40", "40")]);
        assert_eq!(r[0].period, None);
        let text = format!("In 2023 we worked with 40 midwives {}", filler);
        let r = run(&text, vec![n("40", "40")]);
        assert_eq!(
            r[0].period.map(|p| p.to_string()).as_deref(),
            Some("2023")
        );
    }
}

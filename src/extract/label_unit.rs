//! The currency and scale a table's label states for the bare numbers of
//! its rows ("Turnover (EUR million) | 1,224.0", "TURNOVER (€ million) |
//! 2014" over "Direct cooperation | 226.5", "Project costs (US$M)",
//! "Indicator (millions)", "Compact Amount (in millions)"): the row's
//! first cell, else the first cell of the table's header line, else the
//! header cell of the figure's column, in brackets. The bracketed words are read by
//! layer 1 itself, a figure 1 put into them, so whatever currency and
//! scale words the document's lexicon knows are understood, and nothing
//! here is English.

use rust_decimal::Decimal;

use crate::quantity::{Lexicon, Quantity};
use crate::record::{Span, Unit};

/// How far back the start of a figure's line is looked for, in bytes: a
/// table row is short, and a longer line is prose.
const ROW_REACH: usize = 1024;

/// The most lines walked back to a table's header line.
const HEADER_LINES: usize = 32;

/// The longest bracketed unit read ("(million USD)", "(€ million)").
const SPEC_LEN: usize = 24;

/// The unit of the last label read, by the label's start.
#[derive(Debug, Default)]
pub(super) struct LabelUnitCache {
    row: Option<(usize, Option<(Decimal, Unit)>)>,
    header: Option<(usize, Option<(Decimal, Unit)>)>,
}

/// Gives each figure of `qs` written without a scale word that sits in a
/// table row the scale its row label or table header states, and a bare
/// number its currency too.
pub(super) fn apply(
    lexicon: &Lexicon,
    cache: &mut LabelUnitCache,
    text: &str,
    qs: &mut [Quantity<'_>],
) {
    for q in qs.iter_mut() {
        let Some(number) = bare(q) else { continue };
        let Some((scale, unit)) = row_unit(lexicon, cache, text, q.span)
        else {
            continue;
        };
        if !number && !matches!(unit, Unit::Number) {
            // "$109.8" under "(€ million)": not this label's figure.
            continue;
        }
        q.value *= scale;
        q.range_end = q.range_end.map(|end| end * scale);
        if number {
            q.unit = unit;
        }
    }
}

/// Whether a figure is written without a scale word: `Some(true)` for
/// digits alone, `Some(false)` for digits with only a currency symbol or
/// a three-letter code ("$109.8", "EUR 12"), which take a label's scale
/// but keep their currency; else `None`.
fn bare(q: &Quantity<'_>) -> Option<bool> {
    let digit = |ch: char| {
        ch.is_ascii_digit() || matches!(ch, ',' | '.' | ' ' | '\u{a0}')
    };
    match q.unit {
        Unit::Number => q.text.chars().all(digit).then_some(true),
        Unit::Currency(_) => {
            let rest: String =
                q.text.chars().filter(|&ch| !digit(ch)).collect();
            let symbol =
                !rest.is_empty() && rest.chars().all(|ch| !ch.is_alphabetic());
            let code = rest.len() == 3
                && rest.bytes().all(|b| b.is_ascii_uppercase());
            (symbol || code).then_some(false)
        }
        _ => None,
    }
}

/// The unit the label of the table row holding `span` states.
fn row_unit(
    lexicon: &Lexicon,
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
) -> Option<(Decimal, Unit)> {
    let b = text.as_bytes();
    let lo = span.start.saturating_sub(ROW_REACH);
    let start = match memchr::memrchr(b'\n', &b[lo..span.start]) {
        Some(i) => lo + i + 1,
        None if lo == 0 => 0,
        None => return None,
    };
    // The figure is in a cell after the first: its row label is the first.
    let bar = start + memchr::memchr(b'|', &b[start..span.start])?;
    let row = match cache.row {
        Some((at, unit)) if at == start => unit,
        _ => {
            let unit = spec_unit(lexicon, &text[start..bar]);
            cache.row = Some((start, unit));
            unit
        }
    };
    if row.is_some() {
        return row;
    }
    // The header: the first line of the block of rows.
    let mut header = start;
    for _ in 0..HEADER_LINES {
        if header == 0 {
            break;
        }
        let end = header - 1;
        let lo = end.saturating_sub(ROW_REACH);
        let prev = match memchr::memrchr(b'\n', &b[lo..end]) {
            Some(i) => lo + i + 1,
            None if lo == 0 => 0,
            None => break,
        };
        if memchr::memchr(b'|', &b[prev..end]).is_none() {
            break;
        }
        header = prev;
    }
    if header == start {
        return None;
    }
    let header_line = &text[header..start.saturating_sub(1).max(header)];
    // The table's first header cell, for every column.
    let first = match cache.header {
        Some((at, unit)) if at == header => unit,
        _ => {
            let cell = header_line.split('|').next().unwrap_or("");
            let unit = spec_unit(lexicon, cell);
            cache.header = Some((header, unit));
            unit
        }
    };
    // Else the header cell of the figure's own column.
    first.or_else(|| {
        let column =
            b[start..span.start].iter().filter(|&&c| c == b'|').count();
        let cell = header_line.split('|').nth(column)?;
        spec_unit(lexicon, cell)
    })
}

/// The currency and scale a label's last bracket states, read by layer 1
/// with a figure 1 put in front of it or after its leading symbol or word
/// ("(€ million)" as "€ 1 million", "(US$M)" as "US$1M", "(in millions)"
/// as "in 1 millions"); `None` when no reading is one figure, from the 1
/// or a symbol before it to the end, with a currency or a scale.
fn spec_unit(lexicon: &Lexicon, label: &str) -> Option<(Decimal, Unit)> {
    let open = label.rfind('(')?;
    let close = open + label[open..].find(')')?;
    let spec = label[open + 1..close].trim();
    if spec.is_empty()
        || spec.len() > SPEC_LEN
        || spec.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut cuts = vec![0];
    for (i, ch) in spec.char_indices() {
        let next = i + ch.len_utf8();
        if ch == ' ' || (!ch.is_alphanumeric() && next < spec.len()) {
            cuts.push(next);
        }
    }
    let mut buf = String::with_capacity(spec.len() + 4);
    for cut in cuts {
        buf.clear();
        buf.push_str(&spec[..cut]);
        buf.push_str(if cut == 0 || spec[..cut].ends_with(' ') {
            "1 "
        } else {
            "1"
        });
        buf.push_str(&spec[cut..]);
        let mut found = lexicon.quantities(buf.trim_end());
        let Some(q) = found.next() else { continue };
        // The figure reads from the 1 (or a symbol before it) to the end;
        // words before it are the label's ("in millions").
        let whole = q.span.start <= cut && q.span.end == buf.trim_end().len();
        if !whole || found.next().is_some() || q.value <= Decimal::ZERO {
            continue;
        }
        let scaled = q.value != Decimal::ONE;
        if matches!(q.unit, Unit::Currency(_)) || scaled {
            return Some((q.value, q.unit));
        }
    }
    None
}

/// The year the header cell of a table figure's column states ("| 2014 |
/// 2015", "Coverage (2018)"): the nearest line above it in its block of
/// rows whose cell in that column holds one year and no other figure.
pub(super) fn column_year(text: &str, span: Span) -> Option<Span> {
    let b = text.as_bytes();
    let lo = span.start.saturating_sub(ROW_REACH);
    let start = match memchr::memrchr(b'\n', &b[lo..span.start]) {
        Some(i) => lo + i + 1,
        None if lo == 0 => 0,
        None => return None,
    };
    let column = b[start..span.start].iter().filter(|&&c| c == b'|').count();
    if column == 0 {
        return None;
    }
    let mut line = start;
    for _ in 0..HEADER_LINES {
        if line == 0 {
            return None;
        }
        let end = line - 1;
        let lo = end.saturating_sub(ROW_REACH);
        let prev = match memchr::memrchr(b'\n', &b[lo..end]) {
            Some(i) => lo + i + 1,
            None if lo == 0 => 0,
            None => return None,
        };
        memchr::memchr(b'|', &b[prev..end])?;
        if let Some(year) = cell_year(text, Span { start: prev, end }, column)
        {
            return Some(year);
        }
        line = prev;
    }
    None
}

/// The one year the cell `column` of `line` holds, if it holds no other
/// digits.
fn cell_year(text: &str, line: Span, column: usize) -> Option<Span> {
    let mut at = line.start;
    for (i, cell) in text[line.start..line.end].split('|').enumerate() {
        if i == column {
            let b = cell.as_bytes();
            let first = b.iter().position(u8::is_ascii_digit)?;
            let year = &b[first..(first + 4).min(b.len())];
            let rest = &b[(first + 4).min(b.len())..];
            let is_year = year.len() == 4
                && year.iter().all(u8::is_ascii_digit)
                && matches!(&year[..2], b"19" | b"20")
                && !rest.iter().any(u8::is_ascii_digit);
            return is_year
                .then_some(Span { start: at + first, end: at + first + 4 });
        }
        at += cell.len() + 1;
    }
    None
}

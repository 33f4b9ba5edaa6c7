//! Digit numerals and their separators: `2,000`, `7.318.450`,
//! `745 977.48`, `1'250`, `1 234,5` with no-break or thin spaces, `0.575`.
//!
//! A separator is read by context, as a person reads it (DESIGN.md,
//! "Separators"):
//! - a group separator is followed by exactly three digits and then a
//!   non-digit, and the first group has one to three digits;
//! - `,` groups are thousands (English); a `.` decimal part may follow;
//! - two or more `.` groups are European thousands (`7.318.450`); a lone
//!   one (`1.600`) is ambiguous: read as a decimal unless the document
//!   writes its thousands with dots elsewhere (the scanner decides);
//! - `'`, `’`, no-break and thin spaces group thousands wherever valid;
//! - a plain ASCII space groups thousands when there are two or more
//!   groups or a `000` group; a single other group ("2 415") is flagged
//!   for the caller, which refuses it after a label ("group 3 100 women"
//!   stays two numbers).
//!
//! Digit counts are bounded: a numeral of more than 28 significant digits
//! does not fit `Decimal` and is skipped, never rounded.

use rust_decimal::Decimal;

use super::text::{is_digit_at, space_len_at};

/// Most digits a numeral may have: `Decimal` holds 28 to 29.
pub(crate) const MAX_DIGITS: usize = 28;

/// A digit numeral as read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Numeral {
    /// One past its last byte.
    pub(crate) end: usize,
    /// Its value.
    pub(crate) value: Decimal,
    /// The value if a lone `.` group is read as thousands (`1.600`).
    pub(crate) dot_thousands: Option<Decimal>,
    /// Written with one plain ASCII space group that alone does not prove
    /// grouping ("3 100"): the caller accepts it only in context.
    pub(crate) space_grouped: bool,
    /// Digits only, no separator, no decimal part: the one form a year
    /// can take.
    pub(crate) plain: bool,
    /// Number of digits before any separator.
    pub(crate) lead_digits: usize,
}

/// Why no numeral was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rejected {
    /// Too many digits for an exact value.
    Overflow,
    /// A dotted chain that is no number (`1.2.3`, `192.168.1.1`).
    Chain,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sep {
    Comma,
    Dot,
    Space,
    Apostrophe,
    NoBreak,
}

/// The separator at `pos` and its length, if a three-digit group follows
/// it and no fourth digit.
fn group_at(s: &[u8], pos: usize) -> Option<(Sep, usize)> {
    // "15, 000 victims", "21. 000 people": a separator broken by a stray
    // space before a "000" group can only group thousands (no list item
    // or decimal part is written "000"), as an apostrophe does.
    if matches!(s.get(pos), Some(b',' | b'.'))
        && s.get(pos + 1) == Some(&b' ')
        && s.get(pos + 2..pos + 5) == Some(b"000".as_slice())
        && !is_digit_at(s, pos + 5)
    {
        return Some((Sep::Apostrophe, 2));
    }
    let (sep, len) = match s.get(pos)? {
        b',' => (Sep::Comma, 1),
        b'.' => (Sep::Dot, 1),
        b'\'' => (Sep::Apostrophe, 1),
        b' ' => (Sep::Space, 1),
        // U+2019 RIGHT SINGLE QUOTATION MARK, the typographic apostrophe.
        0xE2 if s.get(pos + 1) == Some(&0x80)
            && s.get(pos + 2) == Some(&0x99) =>
        {
            (Sep::Apostrophe, 3)
        }
        _ => match space_len_at(s, pos) {
            0 | 1 => return None,
            n => (Sep::NoBreak, n),
        },
    };
    let g = pos + len;
    let three = (g..g + 3).all(|i| is_digit_at(s, i));
    (three && !is_digit_at(s, g + 3)).then_some((sep, len))
}

/// The end of Indian (lakh) grouping after a lead of one or two digits at
/// `pos`: one or more `,dd` groups, then a final `,ddd` group.
fn indian_groups_end(s: &[u8], mut pos: usize, lead: usize) -> Option<usize> {
    if !(1..=2).contains(&lead) {
        return None;
    }
    let mut pairs = 0;
    loop {
        let digits = |from: usize, n: usize| {
            (from..from + n).all(|i| is_digit_at(s, i))
        };
        if s.get(pos) != Some(&b',') {
            return None;
        }
        if digits(pos + 1, 2) && s.get(pos + 3) == Some(&b',') {
            pairs += 1;
            pos += 3;
            continue;
        }
        let last = digits(pos + 1, 3) && !is_digit_at(s, pos + 4);
        return (last && pairs > 0).then_some(pos + 4);
    }
}

/// Accumulates digits `s[from..to]` into `m`; `None` past the bound.
fn push_digits(
    m: &mut u128,
    n: &mut usize,
    s: &[u8],
    from: usize,
    to: usize,
) -> Option<()> {
    for &b in &s[from..to] {
        if *n == 0 && b == b'0' {
            continue;
        }
        *n += 1;
        if *n > MAX_DIGITS {
            return None;
        }
        *m = *m * 10 + u128::from(b - b'0');
    }
    Some(())
}

fn digit_run_end(s: &[u8], mut pos: usize) -> usize {
    while is_digit_at(s, pos) {
        pos += 1;
    }
    pos
}

/// Reads the digit numeral starting at `at` (an ASCII digit).
pub(crate) fn read(
    s: &[u8],
    at: usize,
    allow_space: bool,
) -> Result<Numeral, Rejected> {
    // The lead digit run, and the value of its first 19 digits as a
    // `u64` (used only for runs of up to 18, which always fit); a longer
    // run is only measured.
    // PERF: one loop finds the run and reads its value (cachegrind, layer 1:
    // 100 KB digit run -5%, dense -0.6%).
    let mut lead_end = at;
    let mut fast = 0u64;
    for &b in s.get(at..).unwrap_or_default().iter().take(19) {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        fast = fast * 10 + u64::from(d);
        lead_end += 1;
    }
    if lead_end - at == 19 {
        lead_end = digit_run_end(s, lead_end);
    }
    let lead = lead_end - at;
    // PERF: most numerals are one digit run that nothing continues, tested
    // first (cachegrind, layer 1: dense -3.5%, report -2.5%).
    let continued = match s.get(lead_end) {
        None => false,
        Some(b',' | b'.' | b'\'') => true,
        Some(b' ') => is_digit_at(s, lead_end + 1),
        // A no-break or thin space, or a typographic apostrophe.
        Some(&b) => b >= 0x80,
    };
    if lead <= 18 && !continued {
        return Ok(Numeral {
            end: lead_end,
            value: Decimal::from(fast),
            dot_thousands: None,
            space_grouped: false,
            plain: true,
            lead_digits: lead,
        });
    }
    let mut mant: u128 = 0;
    let mut sig = 0usize;
    push_digits(&mut mant, &mut sig, s, at, lead_end)
        .ok_or(Rejected::Overflow)?;
    let mut pos = lead_end;
    let mut groups = 0usize;
    let mut sep = None;
    if let Some(end) = indian_groups_end(s, pos, lead) {
        // "12,34,567": lakh grouping, two-digit groups then three.
        let mut i = pos;
        while i < end {
            if s[i] != b',' {
                push_digits(&mut mant, &mut sig, s, i, i + 1)
                    .ok_or(Rejected::Overflow)?;
            }
            i += 1;
        }
        pos = end;
        sep = Some(Sep::Comma);
        groups = 1;
    } else if lead <= 3 {
        if let Some((kind, _)) = group_at(s, pos) {
            if kind != Sep::Space || allow_space {
                sep = Some(kind);
                while let Some((k, l)) = group_at(s, pos) {
                    if k != kind {
                        break;
                    }
                    push_digits(&mut mant, &mut sig, s, pos + l, pos + l + 3)
                        .ok_or(Rejected::Overflow)?;
                    pos += l + 3;
                    groups += 1;
                }
            }
        }
    }
    // The decimal mark: `.` after `,` or space groups or none; `,` after
    // `.` groups (European) or after no-break/space groups (French).
    let decimal_mark = match sep {
        Some(Sep::Dot) => b',',
        Some(Sep::NoBreak | Sep::Space) if s.get(pos) == Some(&b',') => b',',
        _ => b'.',
    };
    // A plain ASCII space groups two or more groups ("1 234 567") or a
    // "000" group ("40 000") on its own; a single other group ("3 100")
    // needs the caller's context (money, a decimal tail).
    let ambiguous_space = sep == Some(Sep::Space)
        && groups == 1
        && s.get(pos - 3..pos) != Some(b"000".as_slice());
    let mut scale = 0u32;
    if s.get(pos) == Some(&decimal_mark) && is_digit_at(s, pos + 1) {
        let frac_end = digit_run_end(s, pos + 1);
        // A decimal comma takes one or two digits ("1.600,50"); three
        // would be another group, read as a list instead.
        let ok = decimal_mark == b'.' || frac_end - (pos + 1) <= 2;
        if ok {
            for &d in &s[pos + 1..frac_end] {
                // Leading zeros of a fraction count for scale, not for
                // significant digits.
                if sig > 0 || d != b'0' {
                    sig += 1;
                    if sig > MAX_DIGITS {
                        return Err(Rejected::Overflow);
                    }
                }
                mant = mant * 10 + u128::from(d - b'0');
                scale += 1;
                if scale > MAX_DIGITS as u32 {
                    return Err(Rejected::Overflow);
                }
            }
            pos = frac_end;
        }
    } else if sep == Some(Sep::Dot) && groups == 1 {
        // "1.600": a decimal unless the document says otherwise. Keep both.
        let thousands = to_decimal(mant, 0)?;
        let decimal = to_decimal(mant, 3)?;
        // A second `.` right after is a version or an address.
        if s.get(pos) == Some(&b'.') && is_digit_at(s, pos + 1) {
            return Err(Rejected::Chain);
        }
        return Ok(Numeral {
            end: pos,
            value: decimal,
            dot_thousands: Some(thousands),
            space_grouped: false,
            plain: false,
            lead_digits: lead,
        });
    }
    if s.get(pos) == Some(&b'.') && is_digit_at(s, pos + 1) {
        return Err(Rejected::Chain);
    }
    Ok(Numeral {
        end: pos,
        value: to_decimal(mant, scale)?,
        dot_thousands: None,
        space_grouped: ambiguous_space,
        plain: sep.is_none() && scale == 0,
        lead_digits: lead,
    })
}

/// A decimal comma after the plain numeral `n` that starts at `start`:
/// one to three integer digits, `,`, one or two digits, no more ("3,75",
/// "2,5"), or, when `long` (a language whose comma is always decimal),
/// any number of integer digits ("20000,15") and also four or more
/// decimals ("9,2321312"; three would be a thousands group). Whether the
/// context allows reading it is the caller's call.
pub(crate) fn decimal_comma(
    s: &[u8],
    start: usize,
    n: &Numeral,
    long: bool,
) -> Option<(Decimal, usize)> {
    if !n.plain || (n.end - start > 3 && !long) || s.get(n.end) != Some(&b',')
    {
        return None;
    }
    let frac_end = digit_run_end(s, n.end + 1);
    let frac = frac_end - n.end - 1;
    let fits = (1..=2).contains(&frac) || (long && frac >= 4);
    if !fits || frac > MAX_DIGITS {
        return None;
    }
    let mut mant = u128::try_from(n.value.mantissa()).ok()?;
    for &d in &s[n.end + 1..frac_end] {
        // A long integer part and long decimals can pass u128: no figure.
        mant = mant.checked_mul(10)?.checked_add(u128::from(d - b'0'))?;
    }
    Some((to_decimal(mant, frac as u32).ok()?, frac_end))
}

/// The integer numeral `n` that starts at `start` reread with its last
/// `,ddd` group as three decimals, and its new end: "1,433" (one `,` and
/// no `.`) and "2 199,908" (space groups, which the `,ddd` tail does not
/// continue); `None` for any other form. The form a decimal-comma
/// language writes three decimals in; the caller decides from what
/// follows.
pub(crate) fn three_decimals(
    s: &[u8],
    start: usize,
    n: &Numeral,
) -> Option<(Decimal, usize)> {
    if n.value.scale() != 0 {
        return None;
    }
    let written = &s[start..n.end];
    let marks = written.iter().filter(|&&b| b == b',' || b == b'.').count();
    let tail = n.end + 4;
    let (digits, end) = if marks == 1
        && written.len() > 4
        && written[written.len() - 4] == b','
    {
        (n.value.mantissa(), n.end)
    } else if marks == 0
        && !n.plain
        && s.get(n.end) == Some(&b',')
        && (n.end + 1..tail).all(|i| is_digit_at(s, i))
        && !is_digit_at(s, tail)
    {
        let frac = s[n.end + 1..tail]
            .iter()
            .fold(0i128, |m, &d| m * 10 + i128::from(d - b'0'));
        (n.value.mantissa().checked_mul(1000)?.checked_add(frac)?, tail)
    } else {
        return None;
    };
    Some((Decimal::try_from_i128_with_scale(digits, 3).ok()?, end))
}

fn to_decimal(mant: u128, scale: u32) -> Result<Decimal, Rejected> {
    let m = i128::try_from(mant).map_err(|_| Rejected::Overflow)?;
    Decimal::try_from_i128_with_scale(m, scale).map_err(|_| Rejected::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn val(s: &str, allow_space: bool) -> (String, usize) {
        let n = read(s.as_bytes(), 0, allow_space).unwrap();
        (n.value.normalize().to_string(), n.end)
    }

    #[test]
    fn a_last_comma_group_read_as_three_decimals() {
        let three = |t: &str| {
            let n = read(t.as_bytes(), 0, true).unwrap();
            three_decimals(t.as_bytes(), 0, &n)
                .map(|(v, end)| (v.normalize().to_string(), end))
        };
        assert_eq!(three("1,433 million"), Some(("1.433".into(), 5)));
        assert_eq!(three("2 199,908 milliards"), Some(("2199.908".into(), 9)));
        // Two commas, a dot group or no comma: no such reading.
        assert_eq!(three("3,275,410 usd"), None);
        assert_eq!(three("1.234,567 x"), None);
        assert_eq!(three("2 415 membres"), None);
    }

    #[test]
    fn comma_thousands_with_decimal_point() {
        assert_eq!(val("3,275,410 usd", false), ("3275410".into(), 9));
        assert_eq!(val("1,234.56", false), ("1234.56".into(), 8));
    }

    #[test]
    fn european_thousands_dots_are_integer() {
        assert_eq!(val("7.318.450 USD", false), ("7318450".into(), 9));
        assert_eq!(val("1.234.567,89", false), ("1234567.89".into(), 12));
    }

    #[test]
    fn lone_dot_group_is_decimal_with_thousands_alternative() {
        let n = read(b"1.600 women", 0, false).unwrap();
        assert_eq!(n.value.normalize().to_string(), "1.6");
        assert_eq!(
            n.dot_thousands.map(|d| d.to_string()),
            Some("1600".into())
        );
        assert_eq!(val("1.600,50", false), ("1600.5".into(), 8));
    }

    #[test]
    fn plain_spaces_group_only_when_allowed() {
        assert_eq!(val("745 977.48 USD", true), ("745977.48".into(), 10));
        assert_eq!(val("3 100 women", false), ("3".into(), 1));
    }

    #[test]
    fn typographic_groups_always_join() {
        assert_eq!(val("1\u{a0}000\u{a0}000", false).0, "1000000");
        assert_eq!(val("1\u{202f}250", false).0, "1250");
        assert_eq!(val("1'250", false).0, "1250");
        assert_eq!(val("1\u{2019}250", false).0, "1250");
    }

    #[test]
    fn indian_lakh_grouping() {
        assert_eq!(val("12,34,567.89", false), ("1234567.89".into(), 12));
        assert_eq!(val("1,00,000 rupees", false), ("100000".into(), 8));
        assert_eq!(val("12,34", false).0, "12");
    }

    #[test]
    fn decimals_and_leading_zeros() {
        assert_eq!(val("0.575", false).0, "0.575");
        assert_eq!(val("007", false).0, "7");
        assert_eq!(val("0.0001", false).0, "0.0001");
    }

    #[test]
    fn versions_and_addresses_are_chains() {
        assert_eq!(read(b"1.2.3", 0, false), Err(Rejected::Chain));
        assert_eq!(read(b"192.168.1.1", 0, false), Err(Rejected::Chain));
    }

    #[test]
    fn too_many_digits_overflow_instead_of_rounding() {
        let long = "9".repeat(40);
        assert_eq!(read(long.as_bytes(), 0, false), Err(Rejected::Overflow));
        let tiny = format!("0.{}1", "0".repeat(40));
        assert_eq!(read(tiny.as_bytes(), 0, false), Err(Rejected::Overflow));
    }
}

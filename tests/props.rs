//! Property tests: round trips against naive renderers (digits in every
//! supported style, English number words), robustness on arbitrary and
//! adversarial text, span invariants, and shift invariance.
//!
//! The renderers here are the oracle, as memchr checks itself against
//! naive searchers: they write a value the way a report would, and layer 1
//! must read exactly that value back.

#[path = "../fuzz/src/carry.rs"]
mod carry;

use narrative_metrics::{
    quantities, Currency, Extractor, Quantity, Record, Span, Unit,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Where a rendered figure is embedded: prose with no other figure.
fn sentence(figure: &str) -> String {
    format!("The programme reported {figure} in the final review.")
}

// ---------------------------------------------------------------------
// Renderers
// ---------------------------------------------------------------------

/// How digits are grouped.
#[derive(Clone, Copy, Debug)]
enum Style {
    /// `1234567.5`
    Plain,
    /// `1,234,567.5`
    Comma,
    /// `7.318.450` or `1.234,50` (European: dots group, comma decimals).
    Dot,
    /// `1 234 567.5` with U+00A0.
    NoBreak,
    /// `1 234 567.5` with U+202F.
    NarrowNoBreak,
}

/// What surrounds the numeral.
#[derive(Clone, Copy, Debug)]
enum Wrap {
    Bare,
    /// `$5`
    Dollar,
    /// `EUR 5`
    EurCode,
    /// `5 USD`
    UsdAfter,
    /// `5 euros`
    Euros,
    /// `5%`
    Percent,
}

impl Wrap {
    fn apply(self, numeral: &str) -> String {
        match self {
            Wrap::Bare => numeral.to_string(),
            Wrap::Dollar => format!("${numeral}"),
            Wrap::EurCode => format!("EUR {numeral}"),
            Wrap::UsdAfter => format!("{numeral} USD"),
            Wrap::Euros => format!("{numeral} euros"),
            Wrap::Percent => format!("{numeral}%"),
        }
    }

    fn unit(self) -> Unit {
        let code = |c| Unit::Currency(Currency::new(c).expect("ISO code"));
        match self {
            Wrap::Bare => Unit::Number,
            Wrap::Dollar | Wrap::UsdAfter => code("USD"),
            Wrap::EurCode | Wrap::Euros => code("EUR"),
            Wrap::Percent => Unit::Percent,
        }
    }
}

/// `int` grouped by threes with `sep`.
fn grouped(int: u64, sep: &str) -> String {
    let digits = int.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

/// The numeral for `int` and decimal digits `frac` (0 to 2 of them) in
/// `style`, falling back to comma thousands where the style would be
/// ambiguous to a reader: a European `1.234` (one dot group, no decimals)
/// reads as a decimal, and a bare four-digit integer in 1900..=2100 is a
/// year (SPEC: years are never quantities).
fn numeral(int: u64, frac: &str, style: Style, wrap: Wrap) -> String {
    let point = |sep: &str| {
        let g = grouped(int, sep);
        if frac.is_empty() {
            g
        } else {
            format!("{g}.{frac}")
        }
    };
    match style {
        Style::Plain => {
            let plain = point("");
            let year = frac.is_empty()
                && matches!(wrap, Wrap::Bare)
                && (1900..=2100).contains(&int);
            if year {
                point(",")
            } else {
                plain
            }
        }
        Style::Comma => point(","),
        Style::Dot => {
            if !frac.is_empty() && int >= 1_000 {
                format!("{},{:0<2}", grouped(int, "."), frac)
            } else if frac.is_empty() && int >= 1_000_000 {
                grouped(int, ".")
            } else {
                point(",")
            }
        }
        Style::NoBreak => point("\u{a0}"),
        Style::NarrowNoBreak => point("\u{202f}"),
    }
}

/// A figure as written and what layer 1 must read from it.
#[derive(Clone, Debug)]
struct Case {
    figure: String,
    value: Decimal,
    unit: Unit,
}

fn style() -> impl Strategy<Value = Style> {
    prop_oneof![
        Just(Style::Plain),
        Just(Style::Comma),
        Just(Style::Dot),
        Just(Style::NoBreak),
        Just(Style::NarrowNoBreak),
    ]
}

fn wrap() -> impl Strategy<Value = Wrap> {
    prop_oneof![
        Just(Wrap::Bare),
        Just(Wrap::Dollar),
        Just(Wrap::EurCode),
        Just(Wrap::UsdAfter),
        Just(Wrap::Euros),
        Just(Wrap::Percent),
    ]
}

/// Up to two decimal digits, as written (`""`, `"5"`, `"05"`, `"50"`).
fn frac() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[0-9]", "[0-9]{2}"]
}

/// An amount from 0 to 10^15 with up to two decimals, as an integer part
/// and decimal digits: drawn digit count by digit count, or from
/// rust_decimal's own `any::<Decimal>()` brought into range.
fn amount() -> impl Strategy<Value = (u64, String)> {
    let by_digits =
        (0u32..=15, any::<u64>(), frac()).prop_map(|(digits, r, frac)| {
            let hi = 10u64.pow(digits);
            if digits == 15 && r % 16 == 0 {
                (hi, String::new())
            } else {
                (r % hi, frac)
            }
        });
    let from_decimal = any::<Decimal>().prop_map(|d| {
        let limit = Decimal::from(10u64.pow(15));
        let d = (d.abs() % limit).round_dp(2);
        let text = d.to_string();
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        (int.parse().expect("below 10^15"), frac.to_string())
    });
    prop_oneof![3 => by_digits, 1 => from_decimal]
}

fn value_of(int: u64, frac: &str) -> Decimal {
    let scale = frac.len() as u32;
    let f: u64 =
        if frac.is_empty() { 0 } else { frac.parse().expect("digits") };
    let mantissa = i128::from(int) * 10i128.pow(scale) + i128::from(f);
    Decimal::from_i128_with_scale(mantissa, scale)
}

/// Digits in any grouping style, with any currency or a percent sign.
fn digit_case() -> impl Strategy<Value = Case> {
    (amount(), style(), wrap()).prop_map(|((int, mut frac), style, wrap)| {
        // "2019.3" is a year and its footnote call as often as a decimal
        // ("in 2019.3 and …"): one more digit makes the figure a decimal.
        // Only the ungrouped style writes the year's shape ("1.900,105",
        // a third decimal after dot groups, is refused as ambiguous).
        if matches!(style, Style::Plain)
            && (1900..=2100).contains(&int)
            && (1..=2).contains(&frac.len())
            && !frac.starts_with('0')
        {
            while frac.len() < 3 {
                frac.push('5');
            }
        }
        let figure = wrap.apply(&numeral(int, &frac, style, wrap));
        Case { figure, value: value_of(int, &frac), unit: wrap.unit() }
    })
}

/// A scale word or suffix applied exactly: `1.6 billion`, `18.3million`,
/// `$1.95m`, `5k`, `EUR 2bn`.
fn scale_case() -> impl Strategy<Value = Case> {
    const SCALES: &[(&str, u64, bool)] = &[
        (" thousand", 1_000, false),
        ("k", 1_000, false),
        (" million", 1_000_000, false),
        ("million", 1_000_000, false),
        (" millions", 1_000_000, false),
        ("m", 1_000_000, true),
        (" billion", 1_000_000_000, false),
        ("billion", 1_000_000_000, false),
        ("bn", 1_000_000_000, false),
        (" trillion", 1_000_000_000_000, false),
    ];
    let money = prop_oneof![
        Just(Wrap::Dollar),
        Just(Wrap::EurCode),
        Just(Wrap::UsdAfter),
        Just(Wrap::Euros),
    ];
    let wrap = prop_oneof![1 => Just(Wrap::Bare), 3 => money];
    (1u64..1_000, frac(), 0..SCALES.len(), wrap).prop_map(
        |(int, frac, i, wrap)| {
            let (word, scale, money_only) = SCALES[i];
            // "m" alone is metres: only next to a currency symbol or code
            // written before the figure ("$1.95m").
            let wrap = if money_only
                && !matches!(wrap, Wrap::Dollar | Wrap::EurCode)
            {
                Wrap::Dollar
            } else {
                wrap
            };
            let num = if frac.is_empty() {
                int.to_string()
            } else {
                format!("{int}.{frac}")
            };
            let figure = wrap.apply(&format!("{num}{word}"));
            let value = value_of(int, &frac) * Decimal::from(scale);
            Case { figure, value, unit: wrap.unit() }
        },
    )
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety",
];

/// 1 to 999 in words, British style ("five hundred and sixty-eight").
fn words_below_1000(n: u64) -> String {
    let (h, rest) = (n / 100, n % 100);
    let mut out = String::new();
    if h > 0 {
        out.push_str(UNITS[h as usize]);
        out.push_str(" hundred");
        if rest > 0 {
            out.push_str(" and ");
        }
    }
    if rest >= 20 {
        out.push_str(TENS[(rest / 10) as usize]);
        if rest % 10 > 0 {
            out.push('-');
            out.push_str(UNITS[(rest % 10) as usize]);
        }
    } else if rest > 0 || h == 0 {
        out.push_str(UNITS[rest as usize]);
    }
    out
}

/// `n` (below 10^12) in English words: "two thousand five hundred and
/// sixty-eight", "one million and five".
fn words(n: u64) -> String {
    if n == 0 {
        return "zero".to_string();
    }
    let groups = [
        (1_000_000_000, " billion"),
        (1_000_000, " million"),
        (1_000, " thousand"),
        (1, ""),
    ];
    let mut parts: Vec<String> = Vec::new();
    let mut rest = n;
    for (size, name) in groups {
        let g = rest / size;
        rest %= size;
        if g == 0 {
            continue;
        }
        let mut part = words_below_1000(g);
        part.push_str(name);
        // A last group below 100 after a larger one takes "and".
        if size == 1 && g < 100 && !parts.is_empty() {
            part = format!("and {part}");
        }
        parts.push(part);
    }
    parts.join(" ")
}

fn word_case() -> impl Strategy<Value = Case> {
    let n = prop_oneof![
        2 => 0u64..1_000,
        2 => 1_000u64..1_000_000,
        1 => 1_000_000u64..1_000_000_000_000,
    ];
    n.prop_map(|n| Case {
        figure: words(n),
        value: Decimal::from(n),
        unit: Unit::Number,
    })
}

/// Asserts that `case`, in neutral prose, comes back exactly once, whole,
/// with its value and unit.
fn check_round_trip(case: &Case) -> Result<(), TestCaseError> {
    let text = sentence(&case.figure);
    let found: Vec<Quantity<'_>> = quantities(&text).collect();
    prop_assert_eq!(found.len(), 1, "in {:?}: {:?}", text, found);
    let q = &found[0];
    prop_assert_eq!(q.text(), case.figure.as_str(), "in {:?}", text);
    prop_assert_eq!(q.value(), case.value, "in {:?}", text);
    prop_assert_eq!(q.unit(), case.unit, "in {:?}", text);
    prop_assert_eq!(q.range_end(), None);
    Ok(())
}

#[test]
fn renderer_writes_report_styles() {
    let n = |int, frac: &str, style, wrap: Wrap| {
        wrap.apply(&numeral(int, frac, style, wrap))
    };
    assert_eq!(n(7_318_450, "", Style::Dot, Wrap::Bare), "7.318.450");
    assert_eq!(n(1_234, "5", Style::Dot, Wrap::Euros), "1.234,50 euros");
    assert_eq!(n(1_234, "", Style::Dot, Wrap::Bare), "1,234");
    assert_eq!(
        n(745_977, "48", Style::NoBreak, Wrap::UsdAfter),
        "745\u{a0}977.48 USD"
    );
    assert_eq!(n(2023, "", Style::Plain, Wrap::Bare), "2,023");
    assert_eq!(n(2023, "", Style::Plain, Wrap::Dollar), "$2023");
    assert_eq!(words(2_568), "two thousand five hundred and sixty-eight");
    assert_eq!(words(1_000_005), "one million and five");
    assert_eq!(words(120), "one hundred and twenty");
    assert_eq!(
        words(999_999_999_999),
        "nine hundred and ninety-nine billion nine hundred and ninety-nine \
         million nine hundred and ninety-nine thousand nine hundred and \
         ninety-nine"
    );
}

// ---------------------------------------------------------------------
// Arbitrary and adversarial text
// ---------------------------------------------------------------------

/// Pieces that stress the scanner: digit runs, separators, signs,
/// currencies, number and qualifier words, multi-byte characters.
fn token() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        " ",
        " ",
        " ",
        ",",
        ".",
        "'",
        "\u{2019}",
        "\u{a0}",
        "\u{202f}",
        "-",
        "\u{2013}",
        "/",
        ":",
        "(",
        ")",
        "+",
        "%",
        "$",
        "US$",
        "\u{20ac}",
        "\u{a3}",
        "EUR",
        "USD",
        "euros",
        "dollars",
        "per cent",
        "percent",
        "percentage points",
        "one",
        "a",
        "hundred",
        "and",
        "thousand",
        "million",
        "billion",
        "k",
        "m",
        "bn",
        "twenty-one",
        "half",
        "dozen",
        "fifty-four",
        "over",
        "about",
        "more than",
        "at least",
        "up to",
        "between",
        "from",
        "to",
        "increased",
        "decreased",
        "in",
        "year",
        "women",
        "reports",
        "XM-DAC-",
        "_O_",
        "CSW",
        "\n",
        "\n\n",
        "é",
        "\u{4e2d}",
        "\u{1f642}",
        "\u{301}",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        6 => fixed,
        3 => "[0-9]{1,6}",
        1 => "[0-9]{20,40}",
        1 => ("[0-9,. ]", 1usize..300).prop_map(|(s, n)| s.repeat(n)),
        1 => ("[0-9]{1,3}[,.\u{a0}]", 1usize..200).prop_map(|(s, n)| s.repeat(n)),
        1 => (prop::sample::select(vec!["$", "one ", "and hundred ", "1,", "1."]), 1usize..500)
            .prop_map(|(s, n)| s.repeat(n)),
    ]
}

fn adversarial() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..60).prop_map(|t| t.concat())
}

/// Report-like text: fixture paragraphs cut and glued at random chars.
fn report_like() -> impl Strategy<Value = String> {
    const REPORT: &str = include_str!("../benches/inputs/report.txt");
    const DENSE: &str = include_str!("../benches/inputs/dense.txt");
    let corpus = REPORT.to_string() + DENSE;
    let chars: Vec<char> = corpus.chars().collect();
    (0..chars.len(), 1usize..600, adversarial()).prop_map(
        move |(start, len, noise)| {
            let end = (start + len).min(chars.len());
            let mut s: String = chars[start..end].iter().collect();
            let mid = s.char_indices().nth(s.chars().count() / 2);
            if let Some((i, _)) = mid {
                s.insert_str(i, &noise);
            }
            s
        },
    )
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => any::<String>(),
        1 => prop::collection::vec(any::<char>(), 0..200)
            .prop_map(|c| c.into_iter().collect()),
        3 => adversarial(),
        3 => report_like(),
    ]
}

fn check_span(
    text: &str,
    span: Span,
    written: &str,
) -> Result<(), TestCaseError> {
    prop_assert!(span.start < span.end, "empty span {:?}", span);
    prop_assert!(span.end <= text.len(), "{:?} past {}", span, text.len());
    prop_assert!(text.is_char_boundary(span.start), "{:?}", span);
    prop_assert!(text.is_char_boundary(span.end), "{:?}", span);
    prop_assert_eq!(&text[span.start..span.end], written);
    Ok(())
}

/// Layer-1 invariants: spans in bounds, on char boundaries, matching the
/// text, in order and disjoint.
fn check_quantities(text: &str) -> Result<Vec<Quantity<'_>>, TestCaseError> {
    let found: Vec<Quantity<'_>> = quantities(text).collect();
    for q in &found {
        check_span(text, q.span(), q.text())?;
    }
    for w in found.windows(2) {
        prop_assert!(
            w[0].span().end <= w[1].span().start,
            "out of order or overlapping: {:?} then {:?}",
            w[0],
            w[1]
        );
    }
    Ok(found)
}

/// Layer-2 invariants: spans as for layer 1 (two records may share the
/// span of a range), each inside a quantity's span and carrying its value
/// as the fuzz targets define it (`fuzz/src/carry.rs`).
fn check_records<'a>(
    text: &str,
    found: &[Quantity<'_>],
    records: &[Record<'a>],
) -> Result<(), TestCaseError> {
    for r in records {
        check_span(text, r.span, r.text)?;
        let q = carry::quantity_of(text, found, r);
        prop_assert!(q.is_some(), "record {:?} outside every quantity", r);
        let q = q.expect("checked");
        prop_assert!(
            carry::carries(text, q, r),
            "record {:?} does not carry quantity {:?}",
            r,
            q
        );
    }
    for w in records.windows(2) {
        prop_assert!(
            w[0].span.start <= w[1].span.start,
            "records out of order: {:?} then {:?}",
            w[0],
            w[1]
        );
    }
    Ok(())
}

/// Paragraphs with no figure and no code, ending a sentence.
const NEUTRAL: &[&str] = &[
    "The review team met partners in the capital and in the regions.",
    "Women's groups described the support as timely, practical and \
     respectful; several asked for more follow-up visits.",
    "Coordination improved once the committee agreed on clear roles.\n\
     Field staff adapted activities when security conditions changed.",
];

fn shifted<'a>(r: &Record<'a>, by: usize) -> Record<'a> {
    let mut r = r.clone();
    r.span = Span { start: r.span.start + by, end: r.span.end + by };
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn digits_round_trip(case in digit_case()) {
        check_round_trip(&case)?;
    }

    #[test]
    fn scale_words_round_trip(case in scale_case()) {
        check_round_trip(&case)?;
    }

    #[test]
    fn number_words_round_trip(case in word_case()) {
        check_round_trip(&case)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn any_text_keeps_span_invariants(text in any_text()) {
        let found = check_quantities(&text)?;
        let extractor = Extractor::new();
        let records = extractor.extract("prop", &text);
        check_records(&text, &found, &records)?;
        // Deterministic: a second run, and the reusable path, agree.
        prop_assert_eq!(&records, &extractor.extract("prop", &text));
        let mut scratch = narrative_metrics::Scratch::new();
        let mut out = Vec::new();
        extractor.extract_with(&mut scratch, "prop", "12 wells", &mut out);
        out.clear();
        extractor.extract_with(&mut scratch, "prop", &text, &mut out);
        prop_assert_eq!(&records, &out);
    }

    #[test]
    fn neutral_prefix_only_shifts_spans(
        text in any_text(),
        which in 0..NEUTRAL.len(),
    ) {
        let prefix = format!("{}\n\n", NEUTRAL[which]);
        let by = prefix.len();
        let joined = format!("{prefix}{text}");
        prop_assert_eq!(quantities(&prefix).count(), 0);

        let alone: Vec<Quantity<'_>> = quantities(&text).collect();
        let after: Vec<Quantity<'_>> = quantities(&joined).collect();
        prop_assert_eq!(alone.len(), after.len(), "{:?}", after);
        for (a, b) in alone.iter().zip(&after) {
            prop_assert_eq!(a.span().start + by, b.span().start);
            prop_assert_eq!(a.span().end + by, b.span().end);
            prop_assert_eq!(a.text(), b.text());
            prop_assert_eq!(a.value(), b.value());
            prop_assert_eq!(a.unit(), b.unit());
            prop_assert_eq!(a.qualifier(), b.qualifier());
            prop_assert_eq!(a.range_end(), b.range_end());
            prop_assert_eq!(a.is_signed(), b.is_signed());
        }

        let extractor = Extractor::new();
        let alone = extractor.extract("prop", &text);
        let after = extractor.extract("prop", &joined);
        let expected: Vec<Record<'_>> =
            alone.iter().map(|r| shifted(r, by)).collect();
        prop_assert_eq!(expected, after);
    }
}

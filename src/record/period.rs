//! [`Period`]: the year or year range a figure belongs to.

use std::fmt;
use std::str::FromStr;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::FieldError;

/// The first and last year a figure's sentence ties it to.
///
/// Written as SPEC fixes it, whatever the text said: `"2023"` for one year
/// ("in 2023", "FY23"), `"2023-2024"` for a range ("2023-24", "FY23-24",
/// "between 2023 and 2024"). It is `Copy`: two years, no string.
///
/// # Example
///
/// ```
/// use narrative_metrics::Period;
///
/// let p = Period::range(2022, 2024).unwrap();
/// assert_eq!(p.to_string(), "2022-2024");
/// assert_eq!(Period::year(2023).to_string(), "2023");
/// assert_eq!("2015-2019".parse::<Period>()?, Period::range(2015, 2019).unwrap());
/// assert!(Period::range(2024, 2022).is_none());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    first: u16,
    last: u16,
}

impl Period {
    /// One year.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Period;
    ///
    /// assert_eq!(Period::year(2019).first(), 2019);
    /// assert_eq!(Period::year(2019).last(), 2019);
    /// ```
    pub fn year(year: u16) -> Period {
        Period { first: year, last: year }
    }

    /// The years `first` to `last`, or `None` when `last` comes before
    /// `first`. Equal years give one year.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Period;
    ///
    /// assert_eq!(Period::range(2020, 2020), Some(Period::year(2020)));
    /// ```
    pub fn range(first: u16, last: u16) -> Option<Period> {
        (first <= last).then_some(Period { first, last })
    }

    /// The first year.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Period;
    ///
    /// assert_eq!(Period::range(2015, 2019).unwrap().first(), 2015);
    /// ```
    pub fn first(self) -> u16 {
        self.first
    }

    /// The last year (the first one for a single year).
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Period;
    ///
    /// assert_eq!(Period::range(2015, 2019).unwrap().last(), 2019);
    /// ```
    pub fn last(self) -> u16 {
        self.last
    }

    /// Reads the years out of a year expression as a rule found it in the
    /// text: "2023", "FY23", "2022/23", "FY23-24", "2015 to 2019",
    /// "July 1, 2023-June 30, 2024".
    ///
    /// The rule has already decided that `written` is a year expression, so
    /// this only collects its years, without any word of a language: the
    /// first four-digit year (else a leading two-digit one, as in "FY23"),
    /// and the last year after it: a four-digit one, or two digits joined
    /// by one separator to the year before them ("2022/23", "FY23-24",
    /// "2016/17 to 2020/21"), or, after a leading two-digit one, the next
    /// two digits however joined ("FY19 and FY23").
    pub(crate) fn from_written(written: &str) -> Option<Period> {
        let is_full =
            |r: &Run| r.digits == 4 && (1900..=2099).contains(&r.value);
        let mut runs = DigitRuns { text: written, at: 0, prev_end: None };
        let mut short = false;
        let first = match runs.by_ref().find(is_full) {
            Some(r) => r.value,
            None => {
                // No full year: only a leading two-digit one ("FY23").
                let mut again =
                    DigitRuns { text: written, at: 0, prev_end: None };
                let r = again.next().filter(|r| r.digits == 2)?;
                runs = again;
                short = true;
                two_digit_year(r.value, None)
            }
        };
        // The last year: a full one, or two digits joined to the full one
        // before them ("2016/17 to 2020/21" ends in 2021).
        let mut last = None;
        let mut prev: Option<Run> = None;
        for r in runs.by_ref() {
            if is_full(&r) {
                last = Some(r.value);
            } else if r.digits == 2 && r.after_one_separator {
                match prev {
                    Some(p) if is_full(&p) => {
                        last = Some(two_digit_year(r.value, Some(p.value)));
                    }
                    // "2022/23", "FY23-24": right after the first year.
                    None if last.is_none() => {
                        last = Some(two_digit_year(r.value, Some(first)));
                    }
                    _ => {}
                }
            } else if r.digits == 2 && short && prev.is_none() {
                // A range of two-digit years written with words between
                // them ("FY19-FY23", "FY19 and FY23").
                last = Some(two_digit_year(r.value, Some(first)));
            }
            prev = Some(r);
        }
        let last = last.unwrap_or(first);
        Some(Period::range(first, last).unwrap_or(Period::year(first)))
    }
}

/// A run of ASCII digits in a year expression.
#[derive(Clone, Copy)]
struct Run {
    value: u16,
    digits: usize,
    /// Whether one separator character ("/", "-", "–") joins it to the run
    /// before, as in "2022/23".
    after_one_separator: bool,
}

/// The runs of at most four ASCII digits in a text, left to right (longer
/// runs are no year); an iterator, so reading a period allocates nothing.
struct DigitRuns<'t> {
    text: &'t str,
    at: usize,
    prev_end: Option<usize>,
}

impl Iterator for DigitRuns<'_> {
    type Item = Run;

    fn next(&mut self) -> Option<Run> {
        let b = self.text.as_bytes();
        loop {
            while self.at < b.len() && !b[self.at].is_ascii_digit() {
                self.at += 1;
            }
            if self.at >= b.len() {
                return None;
            }
            let start = self.at;
            while self.at < b.len() && b[self.at].is_ascii_digit() {
                self.at += 1;
            }
            let gap = self.prev_end.and_then(|e| self.text.get(e..start));
            self.prev_end = Some(self.at);
            if self.at - start > 4 {
                continue;
            }
            let after_one_separator = gap.is_some_and(|g| {
                let mut cs = g.chars();
                matches!(
                    (cs.next(), cs.next()),
                    (Some(c), None) if !c.is_whitespace()
                )
            });
            let value = self.text[start..self.at].parse().unwrap_or(0);
            return Some(Run {
                value,
                digits: self.at - start,
                after_one_separator,
            });
        }
    }
}

/// A two-digit year, in the century of `after` when it follows a full year
/// ("2022/23", "1999/00"), else in 1900 for 80-99 and 2000 for 00-79.
fn two_digit_year(yy: u16, after: Option<u16>) -> u16 {
    match after {
        Some(y) => {
            let century = y - y % 100;
            if century + yy < y {
                century + 100 + yy
            } else {
                century + yy
            }
        }
        None if yy >= 80 => 1900 + yy,
        None => 2000 + yy,
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}-{}", self.first, self.last)
        }
    }
}

impl FromStr for Period {
    type Err = FieldError;

    /// Reads SPEC's form: `"2023"` or `"2023-2024"`.
    fn from_str(s: &str) -> Result<Period, FieldError> {
        let year = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<u16>().ok())
                .flatten()
                .ok_or(FieldError)
        };
        match s.split_once('-') {
            None => Ok(Period::year(year(s)?)),
            Some((a, b)) => {
                Period::range(year(a)?, year(b)?).ok_or(FieldError)
            }
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(|_| {
            D::Error::custom(format_args!(
                "expected a year or a year range like \"2015-2019\", found {s:?}"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Period;

    fn read(s: &str) -> Option<String> {
        Period::from_written(s).map(|p| p.to_string())
    }

    #[test]
    fn single_years_and_fiscal_years() {
        assert_eq!(read("2023").as_deref(), Some("2023"));
        assert_eq!(read("FY2018").as_deref(), Some("2018"));
        assert_eq!(read("FY18").as_deref(), Some("2018"));
        assert_eq!(read("FY 99").as_deref(), Some("1999"));
    }

    #[test]
    fn ranges_written_every_way() {
        assert_eq!(read("2022-2024").as_deref(), Some("2022-2024"));
        assert_eq!(read("2022–24").as_deref(), Some("2022-2024"));
        assert_eq!(read("2022/23").as_deref(), Some("2022-2023"));
        assert_eq!(read("1999/00").as_deref(), Some("1999-2000"));
        assert_eq!(read("FY23-24").as_deref(), Some("2023-2024"));
        assert_eq!(read("FY19-FY23").as_deref(), Some("2019-2023"));
        assert_eq!(read("FY19 and FY23").as_deref(), Some("2019-2023"));
        assert_eq!(read("2015 to 2019").as_deref(), Some("2015-2019"));
        assert_eq!(read("2016/17 to 2020/21").as_deref(), Some("2016-2021"));
        assert_eq!(
            read("2015/2016 to 2019/2020").as_deref(),
            Some("2015-2020")
        );
        assert_eq!(
            read("July 1, 2023-June 30, 2024").as_deref(),
            Some("2023-2024")
        );
    }

    #[test]
    fn a_backward_range_is_its_first_year() {
        assert_eq!(read("2024-2022").as_deref(), Some("2024"));
    }

    #[test]
    fn no_year_no_period() {
        assert_eq!(read("FY"), None);
        assert_eq!(read("12345"), None);
    }

    #[test]
    fn spec_form_round_trips() {
        for s in ["2023", "2015-2019"] {
            assert_eq!(
                s.parse::<Period>().map(|p| p.to_string()),
                Ok(s.into())
            );
        }
        assert!("23".parse::<Period>().is_err());
        assert!("2019-2015".parse::<Period>().is_err());
    }
}

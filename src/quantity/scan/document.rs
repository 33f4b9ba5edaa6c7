//! What a document says as a whole, each looked up at most once per
//! document and only when a figure needs it: the dollar it states for a
//! bare "$", whether it writes thousands with dots, and the places that
//! make a currency another (`[[currency_context]]`).

use super::super::digits;
use super::super::lexicon::Inner;
use super::super::text::is_digit_at;
use super::{Cx, Scanner};
use crate::record::Currency;

impl Scanner<'_> {
    /// `code`, in a figure written `written`, as the places the document
    /// names make it (`[[currency_context]]`), each place list searched at
    /// most once per document.
    pub(super) fn placed(
        &mut self,
        lx: &Inner,
        code: Currency,
        written: &str,
    ) -> Currency {
        let text = self.text.as_bytes();
        for (i, cc) in lx.currency_context.iter().enumerate() {
            if cc.code == code
                && cc.applies_to(written)
                && self.contexts.named(i, || cc.places.named_in(text))
            {
                return cc.becomes;
            }
        }
        code
    }
}

impl Cx<'_> {
    /// The dollar the document states for its bare dollars ("all amounts
    /// in Canadian dollars"), if any. One search of the whole text, made
    /// at most once per document and only when a bare dollar occurs.
    pub(super) fn stated_dollar(&self) -> Option<Currency> {
        if let Some(d) = self.dollar.get() {
            return d;
        }
        let d = self.lx.dollar_context.find(self.text);
        self.dollar.set(Some(d));
        d
    }

    /// Whether the document writes thousands with dots somewhere (see
    /// [`writes_dot_thousands`]). One pass, done at most once per document.
    pub(super) fn dot_thousands(&self) -> bool {
        if let Some(d) = self.dots.get() {
            return d;
        }
        let s = self.s;
        // PERF: skipped without a dotted numeral, which most texts with a
        // decimal-comma candidate lack (quantities/adv-commas: 2.4x).
        let dotted = memchr::memchr_iter(b'.', s)
            .any(|i| i > 0 && is_digit_at(s, i - 1) && is_digit_at(s, i + 1));
        let mut found = false;
        let mut i = if dotted { 0 } else { s.len() };
        while i < s.len() && !found {
            if s[i].is_ascii_digit()
                && !is_digit_at(s, i.wrapping_sub(1).min(s.len()))
            {
                let n = digits::read(s, i, false);
                if let Ok(n) = n {
                    found = writes_dot_thousands(&s[i..n.end]);
                    i = n.end.max(i + 1);
                    continue;
                }
            }
            i += 1;
        }
        self.dots.set(Some(found));
        found
    }
}

/// Whether a numeral as written groups its thousands with dots: two or more
/// dot groups (`7.318.450`), a dot group before a decimal comma
/// (`1.600,50`, not `1,234.50`), or one group of three zeros after a
/// number that does not start with 0 (`61.000`: no one writes a decimal
/// with three trailing zeros in a narrative).
fn writes_dot_thousands(written: &[u8]) -> bool {
    let dots = written.iter().filter(|&&b| b == b'.').count();
    let dot = written.iter().position(|&b| b == b'.');
    let comma = written.iter().position(|&b| b == b',');
    match (dots, dot, comma) {
        (2.., _, _) => true,
        (1, Some(d), Some(c)) => d < c,
        (1, Some(_), None) => {
            written.ends_with(b".000") && written.first() != Some(&b'0')
        }
        _ => false,
    }
}

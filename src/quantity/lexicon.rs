//! Language data for layer 1 (placeholder until the lexicon lands).

use once_cell::sync::Lazy;

use crate::error::RuleError;

/// The compiled language data of layer 1.
///
/// # Example
///
/// ```
/// use narrative_metrics::Lexicon;
///
/// let _english = Lexicon::english();
/// ```
#[derive(Clone, Debug)]
pub struct Lexicon {}

static ENGLISH: Lazy<Lexicon> = Lazy::new(|| Lexicon {});

impl Lexicon {
    /// The embedded English lexicon.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = narrative_metrics::Lexicon::english();
    /// ```
    pub fn english() -> &'static Lexicon {
        &ENGLISH
    }

    /// Compiles a lexicon from TOML.
    ///
    /// # Errors
    ///
    /// Every problem of the text.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = narrative_metrics::Lexicon::from_toml("x", "");
    /// ```
    pub fn from_toml(name: &str, text: &str) -> Result<Lexicon, RuleError> {
        let _ = (name, text);
        Ok(Lexicon {})
    }
}

//! Layer 2: rule sets that turn quantities into indicator records.
//!
//! (Skeleton: the rule engine lands with issue 3.)

use std::path::Path;
use std::sync::Arc;

use crate::error::RuleError;
use crate::quantity::Lexicon;

/// A compiled, immutable rule set: the lexicon of layer 1 plus the
/// indicator rules of layer 2. Cheap to clone and shared across threads.
///
/// # Example
///
/// ```
/// use narrative_metrics::RuleSet;
///
/// let rules = RuleSet::english();
/// assert!(rules.kinds().any(|k| k == "beneficiaries"));
/// ```
#[derive(Clone, Debug)]
pub struct RuleSet {
    inner: Arc<Compiled>,
}

#[derive(Debug)]
struct Compiled {
    lexicon: Lexicon,
}

impl RuleSet {
    /// The embedded default English rule set.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let rules = RuleSet::english();
    /// assert!(rules.kinds().count() >= 10);
    /// ```
    pub fn english() -> RuleSet {
        RuleSet {
            inner: Arc::new(Compiled { lexicon: Lexicon::english().clone() }),
        }
    }

    /// Compiles a rule set from one TOML text named `name`.
    ///
    /// # Errors
    ///
    /// Every problem of the text, with line and column.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// assert!(RuleSet::from_toml("bad.toml", "[[kind]]\nid = 3\n").is_err());
    /// ```
    pub fn from_toml(name: &str, text: &str) -> Result<RuleSet, RuleError> {
        let _ = (name, text);
        Err(RuleError::new(vec![crate::error::Diagnostic::new(
            name,
            text,
            Some(0),
            "rule files are not supported yet",
        )]))
    }

    /// Loads a rule file or a folder of rule files.
    ///
    /// # Errors
    ///
    /// An unreadable file, or any problem of the rules.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// assert!(RuleSet::load("no/such/folder").is_err());
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<RuleSet, RuleError> {
        let p = path.as_ref().display().to_string();
        Err(RuleError::new(vec![crate::error::Diagnostic::new(
            &p,
            "",
            None,
            "cannot read",
        )]))
    }

    /// The kind ids of this rule set.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// assert!(RuleSet::english().kinds().any(|k| k == "funding"));
    /// ```
    pub fn kinds(&self) -> impl Iterator<Item = &str> + '_ {
        [
            "beneficiaries",
            "organizations",
            "funding",
            "percentage",
            "percent_change",
            "reports",
            "reach",
            "events",
            "agreements",
            "count",
        ]
        .into_iter()
    }

    pub(crate) fn lexicon(&self) -> &Lexicon {
        &self.inner.lexicon
    }
}

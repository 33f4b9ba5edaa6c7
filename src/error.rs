//! Errors of rule loading: the only fallible part of the library.
//!
//! A [`RuleError`] holds every [`Diagnostic`] of one load, not only the
//! first, so that a user fixing a rule file sees all its problems at once.
//! Each diagnostic names its source (file path or name given to
//! `RuleSet::from_toml`), a 1-based line and column, and a message.
//! Positions are computed only when an error is built: errors are cold.

use std::fmt;

/// A position in a rule file: byte offset, 1-based line and column
/// (column counted in characters).
///
/// # Example
///
/// ```
/// use narrative_metrics::Position;
///
/// let p = Position::locate("a = 1\nb = ?\n", 10);
/// assert_eq!((p.line, p.column), (2, 5));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Byte offset into the source text.
    pub offset: usize,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `source` (clamped to its length and
    /// to a char boundary).
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Position;
    ///
    /// let p = Position::locate("x", 0);
    /// assert_eq!((p.offset, p.line, p.column), (0, 1, 1));
    /// ```
    #[cold]
    #[inline(never)]
    pub fn locate(source: &str, offset: usize) -> Position {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..offset].chars().count() + 1;
        Position { offset, line, column }
    }
}

/// One problem found while loading rules.
///
/// # Example
///
/// ```
/// use narrative_metrics::RuleSet;
///
/// let err = RuleSet::from_toml("bad.toml", "[[kind]]\nid = 3\n").unwrap_err();
/// let d = &err.diagnostics()[0];
/// assert_eq!(d.source_name(), "bad.toml");
/// assert_eq!(d.position().map(|p| p.line), Some(2));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    source_name: String,
    position: Option<Position>,
    line_text: Option<String>,
    rule: Option<String>,
    message: String,
    related: Option<Related>,
}

/// A second position of a diagnostic, possibly in another source.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Related {
    source_name: String,
    position: Position,
    note: String,
}

impl Diagnostic {
    /// Builds a diagnostic at `offset` in `source`, or with no position.
    #[cold]
    #[inline(never)]
    pub(crate) fn new(
        source_name: &str,
        source: &str,
        offset: Option<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let position = offset.map(|o| Position::locate(source, o));
        let line_text = position.map(|p| {
            let start = source[..p.offset].rfind('\n').map_or(0, |i| i + 1);
            let end =
                source[start..].find('\n').map_or(source.len(), |i| start + i);
            source[start..end].trim_end_matches('\r').to_owned()
        });
        Diagnostic {
            source_name: source_name.to_owned(),
            position,
            line_text,
            rule: None,
            message: message.into(),
            related: None,
        }
    }

    /// Names the rule the problem belongs to.
    pub(crate) fn with_rule(mut self, rule: impl Into<String>) -> Diagnostic {
        self.rule = Some(rule.into());
        self
    }

    /// Adds a second position, such as the first definition of a
    /// duplicate id.
    pub(crate) fn with_related(
        self,
        source: &str,
        offset: usize,
        note: impl Into<String>,
    ) -> Diagnostic {
        let name = self.source_name.clone();
        self.with_related_in(&name, source, offset, note)
    }

    /// Adds a second position in the source named `source_name` (a
    /// duplicate id may be first defined in another file).
    #[cold]
    #[inline(never)]
    pub(crate) fn with_related_in(
        mut self,
        source_name: &str,
        source: &str,
        offset: usize,
        note: impl Into<String>,
    ) -> Diagnostic {
        self.related = Some(Related {
            source_name: source_name.to_owned(),
            position: Position::locate(source, offset),
            note: note.into(),
        });
        self
    }

    /// The second position of the problem, when there is one (such as
    /// the first definition of a duplicate id): its source name, position
    /// and note.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let text = "[[kind]]\nid = \"a\"\n[[kind]]\nid = \"a\"\n";
    /// let err = RuleSet::from_toml("k.toml", text).unwrap_err();
    /// let (name, pos, _note) = err.diagnostics()[0].related().unwrap();
    /// assert_eq!((name, pos.line), ("k.toml", 2));
    /// ```
    pub fn related(&self) -> Option<(&str, Position, &str)> {
        self.related
            .as_ref()
            .map(|r| (r.source_name.as_str(), r.position, r.note.as_str()))
    }

    /// The file path or name the rules were loaded from.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let err = RuleSet::from_toml("x.toml", "nonsense").unwrap_err();
    /// assert_eq!(err.diagnostics()[0].source_name(), "x.toml");
    /// ```
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// Where in the source the problem is, when known.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let err = RuleSet::from_toml("x.toml", "nonsense").unwrap_err();
    /// assert_eq!(err.diagnostics()[0].position().unwrap().line, 1);
    /// ```
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// The id of the rule concerned, when known.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let err = RuleSet::from_toml("x.toml", "nonsense").unwrap_err();
    /// assert_eq!(err.diagnostics()[0].rule(), None);
    /// ```
    pub fn rule(&self) -> Option<&str> {
        self.rule.as_deref()
    }

    /// What is wrong, in lower case with no trailing period.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let err = RuleSet::from_toml("x.toml", "[[kind]]\nid = 3\n").unwrap_err();
    /// assert!(err.diagnostics()[0].message().contains("string"));
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source_name)?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        f.write_str(": ")?;
        if let Some(rule) = &self.rule {
            write!(f, "rule {:?}: ", rule)?;
        }
        f.write_str(&self.message)?;
        if let (Some(p), Some(line)) = (self.position, &self.line_text) {
            // Tabs are kept as tabs under the line so the caret lines up.
            let pad: String = line
                .chars()
                .take(p.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n  | {}\n  | {}^", line, pad)?;
        }
        if let Some(r) = &self.related {
            write!(
                f,
                "\n{}:{}:{}: note: {}",
                r.source_name, r.position.line, r.position.column, r.note
            )?;
        }
        Ok(())
    }
}

/// The error of loading or compiling a rule set: every problem found.
///
/// Its `Display` writes one `path:line:column: message` block per problem,
/// each followed by the offending source line with a caret under the
/// column.
///
/// # Example
///
/// ```
/// use narrative_metrics::RuleSet;
///
/// let err = RuleSet::from_toml("rules.toml", "[[kind]]\nid = 3\n").unwrap_err();
/// assert!(err.to_string().starts_with("rules.toml:2:"));
/// ```
#[derive(Clone, Debug)]
pub struct RuleError {
    diagnostics: Vec<Diagnostic>,
    source: Option<Cause>,
}

/// What may stand behind a [`RuleError`]. Both are `Clone`, `Send`,
/// `Sync` and unwind safe, so `RuleError` is too (a test pins it).
#[derive(Clone, Debug)]
enum Cause {
    Io(IoCause),
    Regex(regex::Error),
}

/// An `io::Error` as the cause of a [`RuleError`]: its message.
/// `io::Error` itself may box an arbitrary error that is not unwind safe.
#[derive(Clone, Debug)]
pub(crate) struct IoCause {
    message: String,
}

impl IoCause {
    pub(crate) fn new(err: &std::io::Error) -> IoCause {
        IoCause { message: err.to_string() }
    }
}

impl fmt::Display for IoCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IoCause {}

impl RuleError {
    /// An error made of these diagnostics (at least one).
    #[cold]
    #[inline(never)]
    pub(crate) fn new(diagnostics: Vec<Diagnostic>) -> RuleError {
        RuleError { diagnostics, source: None }
    }

    /// An error made of these diagnostics, with the lower-level error
    /// behind the first one that has one.
    #[cold]
    #[inline(never)]
    pub(crate) fn with_causes(
        diagnostics: Vec<Diagnostic>,
        source: Option<regex::Error>,
    ) -> RuleError {
        RuleError { diagnostics, source: source.map(Cause::Regex) }
    }

    /// An error with one diagnostic and the lower-level error behind it.
    #[cold]
    #[inline(never)]
    pub(crate) fn with_source(
        diagnostic: Diagnostic,
        source: IoCause,
    ) -> RuleError {
        RuleError {
            diagnostics: vec![diagnostic],
            source: Some(Cause::Io(source)),
        }
    }

    /// This error followed by the problems of `other` (a build that met
    /// several unreadable paths reports them all).
    #[cold]
    #[inline(never)]
    pub(crate) fn merge(mut self, other: RuleError) -> RuleError {
        self.diagnostics.extend(other.diagnostics);
        if self.source.is_none() {
            self.source = other.source;
        }
        self
    }

    /// Every problem of the load, in source order.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let err = RuleSet::from_toml("r.toml", "= nonsense").unwrap_err();
    /// assert_eq!(err.diagnostics().len(), 1);
    /// ```
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{}", d)?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.source {
            Some(Cause::Io(e)) => Some(e),
            Some(Cause::Regex(e)) => Some(e),
            None => None,
        }
    }
}

/// The message of a TOML error, lower case and on one line, as every
/// diagnostic is written (layer 1's lexicon and layer 2's rule files).
#[cold]
pub(crate) fn toml_message(e: &toml::de::Error) -> String {
    let m = e.message().trim().trim_end_matches('.');
    let mut out = String::with_capacity(m.len());
    for (i, line) in m.lines().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(line.trim());
    }
    if let Some(first) = out.get(..1) {
        if first.chars().all(|c| c.is_ascii_uppercase()) {
            let lower = first.to_ascii_lowercase();
            out.replace_range(..1, &lower);
        }
    }
    out
}

/// A record field written in a form SPEC does not define, from
/// `str::parse` on [`Unit`](crate::Unit) or [`Period`](crate::Period).
///
/// # Example
///
/// ```
/// use narrative_metrics::{Period, Unit};
///
/// assert!("EURO".parse::<Unit>().is_err());
/// let err = "FY23".parse::<Period>().unwrap_err();
/// assert_eq!(err.to_string(), "not a field value as SPEC writes it");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldError;

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a field value as SPEC writes it")
    }
}

impl std::error::Error for FieldError {}

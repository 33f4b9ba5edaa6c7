//! Layer 2: rule sets that turn quantities into indicator records.
//!
//! A [`RuleSet`] is the lexicon of layer 1 plus the compiled layer-2
//! rules: kinds and their nouns, indicator rules, exclusions, the words of
//! the subject grammar, look-back subject patterns, change patterns,
//! period patterns and section-code patterns. All of it is data, read
//! from TOML rule files (`rules/en/*.toml` for the embedded English set);
//! this module compiles it once into matchers and never touches it again.
//!
//! Rule files are routed by name: a file whose name starts with `lexicon`
//! is layer 1's language data, compiled by
//! [`Lexicon::from_toml`](crate::Lexicon::from_toml); every other `.toml`
//! file is a layer-2 rule file.
//!
//! A lexicon's `[[currency]]` entry may carry `only_where`, a list of
//! places as written: its symbols are then money only before a figure they
//! touch, in a document that names one of the places, and only where the
//! digits read as an amount (three digits or more, a decimal or thousands
//! group, or a scale word; never a bare run of five digits or more). It
//! serves the one-letter symbols of a country's own press ("N10 billion"
//! naira, "P750" pesos, "K23.5 million" kwacha), which are codes elsewhere
//! ("P4", "P082725").
//!
//! A build stacks layers (the embedded set, a file, a folder, a text). An
//! entry of a later layer replaces the entry of the same table and id of
//! an earlier one; an id defined twice in one layer is an error that
//! points at both definitions.

mod compile;
mod embedded;
mod gate;
mod hint;
mod load;
mod schema;

use std::path::Path;
use std::sync::Arc;

use crate::error::RuleError;
use crate::quantity::Lexicon;

use self::compile::Source;
pub(crate) use self::compile::{
    Compiled, Governs, KindChoice, ListedItem, Lookback, PeriodRule, Roles,
    Scope, SubjectMode, Units, WordSet,
};
pub(crate) use self::hint::{may_match, Hint, HintScratch};

/// A compiled, immutable rule set: the lexicon of layer 1 plus the
/// indicator rules of layer 2. Cheap to clone and shared across threads.
///
/// # Rule files
///
/// Rules are TOML files. A file whose name starts with `lexicon` holds
/// layer 1's language data (see [`Lexicon`]); every other file may hold
/// any of these arrays of tables, each entry with a unique `id` and an
/// optional `description` (unknown fields are errors):
///
/// - `[[kind]]`: `id`, `nouns` (matched case-insensitively on the
///   subject's words, head noun first; multi-word nouns of up to four
///   words win over single words), `rule` (the rule id of records whose
///   kind a noun decided, default `<id>.noun`), `extend = true` to add
///   nouns to a kind of an earlier layer instead of replacing it. A noun
///   listed under two kinds is an error.
/// - `[[indicator]]`: `kind` (a kind id, or `"@subject"` with a
///   `fallback` kind: decided by the subject's nouns), `units` (any of
///   `"money"`, `"%"`, `"pp"`, `"number"`; default all), `signed`,
///   `before` / `after` (regexes matched on the sentence before and after
///   the figure; anchor them with `$` / `^`: an anchored pattern is not
///   run where the text's last or first non-space byte rules it out),
///   `subject` (`"after"`, `"of"` or `"none"`), `direction = true` (a
///   decrease word makes an unsigned value negative; with
///   `direction_from_before = true` the change word that the `before`
///   words hold decides, however far back they start; with
///   `direction_from_after = true` the change word that the `after` words
///   hold decides first, before any change word in front of the figure),
///   `unit` (`"%"` or
///   `"pp"`: override layer 1's unit), `priority` (higher first). The
///   first indicator that applies decides.
/// - `[[exclusion]]`: `pattern`, `scope` (`"sentence"` or `"line"`): a
///   figure inside a match gives no record.
/// - `[[words]]`: `role` (`stop`, `continuation`, `determiner`,
///   `increase`, `decrease`, `abbreviation`, `participle_suffix`,
///   `finite_suffix` (endings of finite verbs), `verb_suffix`,
///   `plural_suffix`, `uncounted`, `dimension`, `restatement`, `elliptical`,
///   `coordinator`, `agent`, `modifier`, `label_alone`, …) and `words`: the grammar of subjects and the
///   direction of changes (`agent`: nouns of who acts, "project", which a
///   look-back reading one alone before its verb does not take for the
///   subject; `modifier`: adjectives before their noun where heads come
///   first, "petits", kept in the subject but never its head;
///   `label_alone`: words that, as a figure's whole subject, label a
///   status, "Target: 300", and name no counted thing).
/// - `[[lookback]]`: `pattern`, matched on the clause before a figure
///   that has no subject after it; a `subject` group marks the noun
///   phrase, else it is the phrase that ends where the match starts;
///   `part = true`: for a share, the phrase names the part counted
///   ("women make up 45% of ..."), tried before the whole after "of";
///   with `after = true` as well, matched on the text after that whole
///   ("45% of the staff are women"); `after = true` alone: matched on
///   the text after a count that names nothing, which then counts what
///   the figure before it in its window counted ("860 in Agadez"), or,
///   with a `subject` group, what that group names when it is a counted
///   noun ("584 were returnees"); `heading = true`: matched on the
///   heading of a count's list ("Households reached:" above "- 1,200 in
///   Kayes") when nothing else names what the count counts; `label =
///   true`: matched on a table row's label when a share in the row names
///   no whole ("Share of mothers … (%) | 55"); a rule set with such rules
///   also reads figures inside an indicator's name as part of it.
/// - `[[change]]`: `gap` (matched on the text between two successive
///   figures), optional `before` (on the text before the first) and
///   `after` (on the text after the second): the two figures state a
///   change; `reversed = true` when the first
///   figure is the later one ("1,250, up from 830"); `chain = true` when
///   the gap continues a change from its later figure ("to 25 in 2019
///   and 12 in 2022"), and with `chain_subject = true` too that figure
///   takes the subject of the one it continues when it names none;
///   `skip_excluded = true` (a forward rule): an excluded figure between
///   the two, a rate's denominator ("de 18 décès pour 1000 cas à 13"),
///   is passed over, the gap holding it; `shares_status = true`: the
///   later figure, when its clause gives it no status, takes the status
///   of the earlier figure's clause when that clause makes it a
///   statistic (`context`): a start level's "could" or "baseline" is no
///   status of the level reached;
///   `starts_amount = true` when the gap runs from a figure to the
///   percentage amount of a change that reaches a level right after it
///   ("USD 507 million in 2016 and rose by 33% to USD 674 million"): the
///   figure and the level are a pair.
/// - `[[amount]]`: `before` / `after` patterns (as for indicators) that
///   make a count or money figure the amount of a change ("grew by 6.6
///   million"), or with `level = true` the level one reached ("quadrupled
///   to EUR 1 billion"); `direction` (`"increase"` or `"decrease"`),
///   default the nearest change word; `signed = true`: only a figure
///   written with its sign ("soit +22"), whose sign gives the direction
///   when the rule states none.
/// - `[[bare_money]]`: `before` / `after` patterns, and `figure` on the
///   figure's own text (each given must match), that make a bare amount
///   money ("two loans totalling 500 million"): it takes the currency of
///   the money figure before it in its paragraph; only an amount written
///   with a scale word of a million or more, unless `any_scale = true`
///   ("470,426,000/=", the shilling mark). `listed = true`: the amount is
///   also the next item of a list of amounts ("the EU gave €20 million,
///   the UK 10 million"), whose money item before it gives the currency;
///   `item` must match, and `item_not` must not, the item's words between
///   the list separator and the figure, when there are any.
/// - `[[level]]`: `gap` between the amount of a change and the level it
///   reached ("rose 55 percent, to 210,000"); `level_first = true` when
///   the level comes first; a `direction` when the gap states the change
///   by itself ("taking the total to").
/// - `[[status]]`: `status` (`"achieved"`, `"target"`, `"baseline"`,
///   `"context"`), `pattern` (a cue matched on the figure's sentence),
///   `governs` (`"after"`, the default: figures after the cue;
///   `"before"`; `"both"`), `priority` (higher first), `reach` (the most
///   bytes between the cue and a figure it governs), `row_label = true`
///   (the cue, in a table row's label cell, also labels the row's cells
///   where their column header says nothing), `units` (the figures it
///   governs: `"money"`, `"%"`, `"pp"`, `"number"`; all when absent; a
///   plain number with a fraction reads as `"pp"`, a measure, since the
///   cue is read before the figure's indicator). The nearest cue of the
///   figure's clause that governs it decides.
/// - `[[clause]]`: `pattern` of the breaks that end a clause;
///   `last_word_opens = true` when the match's last word is the first of
///   the next clause, read for cues ("…, and planned 40": a break that
///   must see the verb to know a clause starts there).
/// - `[[period]]`: `pattern` (year expressions), `link` (the text
///   between a figure and a year that ties the year to it), optional
///   `skip` (on the text before a year: the year is no period, as a
///   comparison base), and `event` with `event_link` (on the text before
///   a year: it dates another event, and only a figure whose gap to it
///   matches `event_link` takes it; `event_with`, on the text between
///   such a year and a later figure: the figure belongs to that event,
///   "lancé en 2013 avec 50 000 familles", and the year dates it),
///   `skip_after` (on the text after a
///   year: the year is no period, as a plan's years), `clause` (on
///   the text between a figure and a later year: the year is in another
///   clause), `clause_before` (on the text between a year and a later
///   figure: the year is in another clause unless it opens the sentence),
///   `item` (on a whole line: a list's or a table's item; a
///   line it does not match right after such items is prose, which the
///   heading above them does not date), `same_period` (on the text after
///   the later figure of a stated change: a back-reference dates the
///   change, and neither figure takes a year of its sentence) and
///   `amount_spans_change` (the amount of a change right after a pair
///   dated by two years, or right before it, takes both).
/// - `[[section]]`: `pattern` of result or outcome codes.
///
/// Every pattern is a [`regex`](https://docs.rs/regex) matched on the
/// figure's sentence, clipped to 400 bytes on each side; none ever scans
/// a whole document (section codes are indexed once per document). A
/// pattern may not match the empty string, and its size is bounded.
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

impl RuleSet {
    /// The embedded default English rule set (`rules/en/*.toml`, compiled
    /// once per process).
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
        embedded::ENGLISH_RULES.clone()
    }

    /// The embedded French rule set (`rules/fr/`), compiled once on first
    /// use: French number words, separators ("2 000", "12,5 %",
    /// "1.250.000"), currencies, qualifiers, kinds and exclusions.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, RuleSet};
    ///
    /// let ex = Extractor::builder().rules(RuleSet::french()).build();
    /// let r = ex.extract("d", "Le projet a reçu 450.000 euros.");
    /// assert_eq!(r[0].value.to_string(), "450000");
    /// assert_eq!(r[0].unit.to_string(), "EUR");
    /// assert_eq!(ex.rules().language(), "fr");
    /// ```
    pub fn french() -> RuleSet {
        embedded::FRENCH_RULES.clone()
    }

    /// The embedded rule set of language `lang` ("en", "fr", in any
    /// case), or `None` for a language with no embedded set.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// assert_eq!(RuleSet::embedded("FR").unwrap().language(), "fr");
    /// assert!(RuleSet::embedded("de").is_none());
    /// ```
    pub fn embedded(lang: &str) -> Option<RuleSet> {
        if lang.eq_ignore_ascii_case("en") {
            Some(RuleSet::english())
        } else if lang.eq_ignore_ascii_case("fr") {
            Some(RuleSet::french())
        } else {
            None
        }
    }

    /// A builder to stack rule layers: the embedded set, rule texts, files
    /// and folders.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let rules = RuleSet::builder()
    ///     .english()
    ///     .add_toml("wells.toml", "[[kind]]\nid = \"water\"\nnouns = [\"wells\"]\n")
    ///     .build()?;
    /// assert!(rules.kinds().any(|k| k == "water"));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder() -> RuleSetBuilder {
        RuleSetBuilder {
            sources: Vec::new(),
            layers: 0,
            english: false,
            error: None,
        }
    }

    /// The English set extended (or overridden, id by id) by one rule text
    /// named `name`. A name starting with `lexicon` is read as layer-1
    /// language data. For a rule set made of this text alone, use
    /// [`RuleSet::builder`] without [`RuleSetBuilder::english`].
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
    /// let rules = RuleSet::from_toml(
    ///     "water.toml",
    ///     "[[kind]]\nid = \"water\"\nnouns = [\"wells\", \"boreholes\"]\n",
    /// )?;
    /// assert!(rules.kinds().any(|k| k == "water"));
    /// assert!(rules.kinds().any(|k| k == "funding"));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml(name: &str, text: &str) -> Result<RuleSet, RuleError> {
        RuleSet::builder().english().add_toml(name, text).build()
    }

    /// Loads rules from `path`: a folder is a complete rule set (every
    /// `.toml` file under it, recursively, in path order, hidden entries
    /// left out and each folder read once however links lead to it; with
    /// no `lexicon*.toml` among them the English lexicon is used), and a
    /// single file extends or overrides the English set. To extend the
    /// English set with a folder, use
    /// `RuleSet::builder().english().load(folder).build()`.
    ///
    /// # Errors
    ///
    /// An unreadable file or folder, or every problem of the rules.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// assert!(RuleSet::load("no/such/folder").is_err());
    /// let rules = RuleSet::load(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/en"))?;
    /// assert!(rules.kinds().any(|k| k == "reach"));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<RuleSet, RuleError> {
        let path = path.as_ref();
        let mut b = RuleSet::builder();
        if !path.is_dir() {
            b.english();
        }
        b.load(path).build()
    }

    /// The kind ids of this rule set, in definition order.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// assert!(RuleSet::english().kinds().any(|k| k == "funding"));
    /// ```
    pub fn kinds(&self) -> impl Iterator<Item = &str> + '_ {
        self.inner.kinds.iter().map(|k| k.id)
    }

    /// The language of its lexicon, which records read with it carry as
    /// `lang`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(narrative_metrics::RuleSet::english().language(), "en");
    /// ```
    pub fn language(&self) -> &'static str {
        self.inner.lexicon.language()
    }

    /// The ids of the indicator rules of this rule set, in the order they
    /// are tried. A rule set without any writes no record: a tool can say
    /// so when it loads one.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// assert!(RuleSet::english().indicator_rules().any(|r| r == "funding.amount"));
    /// let bare = RuleSet::builder()
    ///     .add_toml("k.toml", "[[kind]]\nid = \"count\"\n")
    ///     .build()?;
    /// assert_eq!(bare.indicator_rules().count(), 0);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn indicator_rules(&self) -> impl Iterator<Item = &str> + '_ {
        self.inner.indicators.iter().map(|r| r.id)
    }

    pub(crate) fn lexicon(&self) -> &Lexicon {
        &self.inner.lexicon
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.inner
    }

    /// The same rules with their own regex scratch space (the compiled
    /// automata themselves are shared).
    pub(crate) fn with_own_scratch(&self) -> RuleSet {
        RuleSet { inner: Arc::new(Compiled::clone(&self.inner)) }
    }
}

/// Builds a [`RuleSet`] from layers: the embedded English set, rule
/// texts, files and folders. Each call adds one layer; an entry of a
/// later layer replaces the entry of the same id of an earlier one.
///
/// # Example
///
/// ```
/// use narrative_metrics::RuleSet;
///
/// let err = RuleSet::builder()
///     .add_toml("a.toml", "[[kind]]\nid = \"x\"\nnouns = [\"wells\"]\n")
///     .load("no/such/file.toml")
///     .build()
///     .unwrap_err();
/// assert!(err.to_string().starts_with("no/such/file.toml: cannot read"));
/// ```
#[derive(Debug)]
pub struct RuleSetBuilder {
    sources: Vec<Source>,
    layers: usize,
    english: bool,
    error: Option<RuleError>,
}

impl RuleSetBuilder {
    /// Adds the embedded English rules as a layer.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let rules = RuleSet::builder().english().build()?;
    /// assert!(rules.kinds().any(|k| k == "events"));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn english(&mut self) -> &mut RuleSetBuilder {
        for (name, text) in embedded::ENGLISH {
            self.push(name, text);
        }
        self.english = true;
        self.layers += 1;
        self
    }

    /// Adds the embedded French rule files as one layer; with no English
    /// layer, the French lexicon is the whole of layer 1.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let fr = RuleSet::builder().french().build()?;
    /// assert_eq!(fr.language(), "fr");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn french(&mut self) -> &mut RuleSetBuilder {
        for (name, text) in embedded::FRENCH {
            self.push(name, text);
        }
        self.layers += 1;
        self
    }

    /// Adds one rule text named `name` as a layer.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let rules = RuleSet::builder()
    ///     .add_toml("k.toml", "[[kind]]\nid = \"count\"\n")
    ///     .build()?;
    /// assert_eq!(rules.kinds().collect::<Vec<_>>(), ["count"]);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_toml(&mut self, name: &str, text: &str) -> &mut RuleSetBuilder {
        self.push(name, text);
        self.layers += 1;
        self
    }

    /// Adds a rule file, or every `.toml` file of a folder, as one layer.
    /// A read error is reported by [`RuleSetBuilder::build`].
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/en");
    /// let rules = RuleSet::builder().load(dir).build()?;
    /// assert!(rules.kinds().any(|k| k == "agreements"));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(&mut self, path: impl AsRef<Path>) -> &mut RuleSetBuilder {
        match load::read(path.as_ref()) {
            Ok(files) => {
                for (name, text) in files {
                    self.sources.push(Source {
                        name,
                        text,
                        layer: self.layers,
                    });
                }
            }
            Err(e) => {
                self.error = Some(match self.error.take() {
                    Some(first) => first.merge(e),
                    None => e,
                });
            }
        }
        self.layers += 1;
        self
    }

    /// Compiles the layers into a rule set.
    ///
    /// # Errors
    ///
    /// Every unreadable path and every problem of every rule source.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::RuleSet;
    ///
    /// let err = RuleSet::builder()
    ///     .add_toml("a.toml", "[[kind]]\nid = \"x\"\nnoun = []\n")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("a.toml:3:1: unknown field `noun`"));
    /// ```
    pub fn build(&self) -> Result<RuleSet, RuleError> {
        let compiled = compile::compile(&self.sources, self.english);
        match (&self.error, compiled) {
            (None, Ok(c)) => Ok(RuleSet { inner: Arc::new(c) }),
            (None, Err(e)) => Err(e),
            (Some(io), compiled) => {
                let mut e = io.clone();
                if let Err(more) = compiled {
                    e = e.merge(more);
                }
                Err(e)
            }
        }
    }

    fn push(&mut self, name: &str, text: &str) {
        self.sources.push(Source {
            name: name.to_owned(),
            text: text.to_owned(),
            layer: self.layers,
        });
    }
}

//! The serde mirror of a layer-2 rule file, and nothing else.
//!
//! Every table is an array of tables whose entries carry an `id`, so that a
//! later rule file can replace one entry of the embedded set by defining
//! the same id. Unknown fields are errors (`deny_unknown_fields`): a typo
//! in a rule file must not be silently ignored. Fields that `compile/`
//! validates are [`toml::Spanned`], so that its errors name a line and a
//! column too.

use serde::Deserialize;
use toml::Spanned;

/// One layer-2 rule file. Every table is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    #[serde(default)]
    pub(crate) kind: Vec<KindDef>,
    #[serde(default)]
    pub(crate) indicator: Vec<IndicatorDef>,
    #[serde(default)]
    pub(crate) exclusion: Vec<ExclusionDef>,
    #[serde(default)]
    pub(crate) words: Vec<WordsDef>,
    #[serde(default)]
    pub(crate) lookback: Vec<LookbackDef>,
    #[serde(default)]
    pub(crate) grammar: Vec<GrammarDef>,
    #[serde(default)]
    pub(crate) change: Vec<ChangeDef>,
    #[serde(default)]
    pub(crate) period: Vec<PeriodDef>,
    #[serde(default)]
    pub(crate) section: Vec<SectionDef>,
    #[serde(default)]
    pub(crate) status: Vec<StatusDef>,
    #[serde(default)]
    pub(crate) clause: Vec<ClauseDef>,
    #[serde(default)]
    pub(crate) amount: Vec<AmountDef>,
    #[serde(default)]
    pub(crate) level: Vec<LevelDef>,
    #[serde(default)]
    pub(crate) bare_money: Vec<BareMoneyDef>,
}

/// `[[kind]]`: an indicator kind and the nouns that name it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KindDef {
    pub(crate) id: Spanned<String>,
    /// The rule id of records whose kind a noun decided; default
    /// `<id>.noun`.
    pub(crate) rule: Option<Spanned<String>>,
    /// Add `nouns` to the kind of this id of an earlier layer instead of
    /// replacing it.
    #[serde(default)]
    pub(crate) extend: bool,
    #[serde(default)]
    pub(crate) nouns: Vec<Spanned<String>>,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[indicator]]`: which kind a quantity gets, and how its subject is
/// read. The first matching indicator (highest priority) wins.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IndicatorDef {
    pub(crate) id: Spanned<String>,
    #[serde(default)]
    pub(crate) priority: i32,
    #[serde(default)]
    pub(crate) units: Vec<Spanned<String>>,
    pub(crate) signed: Option<bool>,
    /// An unsigned value takes the sign of the nearest change word.
    #[serde(default)]
    pub(crate) direction: bool,
    /// Where no change word lies near the figure before it, the one that
    /// the words `before` matched hold decides, however far back they
    /// start ("raised the delivery of its technical cooperation by 14%
    /// and cut …").
    #[serde(default)]
    pub(crate) direction_from_before: bool,
    /// The change word that the words `after` matched hold decides first,
    /// before any change word in front of the figure ("6.5 percent above
    /// last year's harvest and 3 percent below the five-year average").
    #[serde(default)]
    pub(crate) direction_from_after: bool,
    pub(crate) before: Option<Spanned<String>>,
    pub(crate) after: Option<Spanned<String>>,
    /// The figure's text runs over what `after` matched, a unit word
    /// layer 1 leaves out ("en recul de 3,1 points").
    #[serde(default)]
    pub(crate) spans_after: bool,
    pub(crate) kind: Spanned<String>,
    /// The unit of the records, when the rule knows better than layer 1
    /// ("a drop of 3 points" is in percentage points).
    pub(crate) unit: Option<Spanned<String>>,
    pub(crate) fallback: Option<Spanned<String>>,
    pub(crate) subject: Option<Spanned<String>>,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[exclusion]]`: a pattern whose matches hold no result.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExclusionDef {
    pub(crate) id: Spanned<String>,
    pub(crate) pattern: Spanned<String>,
    pub(crate) scope: Option<Spanned<String>>,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[words]]`: a list of words with one role in the grammar.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WordsDef {
    pub(crate) id: Spanned<String>,
    pub(crate) role: Spanned<String>,
    pub(crate) words: Vec<Spanned<String>>,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[grammar]]`: a setting of the subject grammar of a language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GrammarDef {
    pub(crate) id: Spanned<String>,
    /// Where a noun phrase's head noun stands: `"last"` (the default:
    /// "direct beneficiaries") or `"first"` ("bénéficiaires directs").
    pub(crate) head: Spanned<String>,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[lookback]]`: where to find a subject before the figure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LookbackDef {
    pub(crate) id: Spanned<String>,
    pub(crate) pattern: Spanned<String>,
    /// `true`: the phrase names the part a share counts ("les femmes
    /// représentent 45 % des jeunes" -> "femmes"), tried for a share
    /// before the whole after its partitive word.
    #[serde(default)]
    pub(crate) part: bool,
    /// With `part`: tried only for a share that names no whole of its
    /// own, once its phrase gave no subject: a bare share in brackets
    /// after a count counts the count's noun ("470 000 filles et garçons
    /// (65 %)" -> "filles et garçons"), where "(dont 60 % de femmes)"
    /// keeps its own.
    #[serde(default)]
    pub(crate) bare: bool,
    /// Matched on the text before a count that names nothing, in its
    /// clause ("Le Nigeria en compte 4 millions, le Niger 1,5 million"):
    /// the count goes on with what the figure before it counted, and with
    /// its status where no cue of its own decides one.
    #[serde(default)]
    pub(crate) referent: bool,
    /// With `part`: matched on the text after the share's whole, from
    /// its end ("60 % des chômeurs sont des jeunes" -> "jeunes"). Without
    /// it: matched on the text after a count that names nothing, which
    /// then counts what the figure before it counted ("860 à Agadez").
    #[serde(default)]
    pub(crate) after: bool,
    /// Matched on the line before the figure's line, when the figure's
    /// own subject names a state or a label and no figure before it names
    /// one: an indicator table's values count what its indicator line
    /// names ("Indicateur : nombre de personnes …" above "Cible : 18000").
    #[serde(default)]
    pub(crate) line_before: bool,
    /// Matched on the heading of the figure's list (the nearest line
    /// above, within the list, that ends in a colon), when nothing else
    /// names what a count counts: "Households reached:" above "- 1,200
    /// in Kayes". Its `subject` group must name a kind's noun.
    #[serde(default)]
    pub(crate) heading: bool,
    /// Matched on a table row's label, before its own noun phrase is read,
    /// when a bare share in the row names no whole: "Share of mothers …
    /// (%) | 55" counts `mothers`, not the measure word. Its `subject`
    /// group must name a kind's noun.
    #[serde(default)]
    pub(crate) label: bool,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[change]]`: two figures of one sentence that state a change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChangeDef {
    pub(crate) id: Spanned<String>,
    pub(crate) before: Option<Spanned<String>>,
    pub(crate) gap: Spanned<String>,
    /// Matched against the text after the second figure, to the end of
    /// its window ("413 projects (411 in 2020)").
    pub(crate) after: Option<Spanned<String>>,
    /// The first figure is the later one ("1,250, up from 830").
    #[serde(default)]
    pub(crate) reversed: bool,
    /// A comparison that states no change ("58,8 % en milieu rural
    /// contre 58,0 % en zone urbaine"): matched first, it links nothing
    /// and keeps the rules after it from linking the two figures.
    #[serde(default)]
    pub(crate) none: bool,
    /// The gap continues a change whose later figure is the first one
    /// ("from 40 in 2016 to 25 in 2019 and 12 in 2022"): only such gaps
    /// join a figure that already ends a change to the next one.
    #[serde(default)]
    pub(crate) chain: bool,
    /// A year range that dates both figures of the change dates the
    /// earlier with its first year and the later with its last ("entre
    /// 1988 et 2009, … de 27 % à 50 %": 1988 and 2009).
    #[serde(default)]
    pub(crate) split_range: bool,
    /// The earlier figure takes no year it only shares with the later
    /// one: that year dates the later one ("In 2020, 1,200 women …,
    /// compared with 900 the previous year"; "In 2015, enrolment rose
    /// from 40% to 55%").
    #[serde(default)]
    pub(crate) undated_base: bool,
    /// With `chain`: the figure a chain goes on to takes the subject of
    /// the one it continues when it names none ("grew from 5.1 million
    /// people … to 15.5 million in 2015 and 22.9 million by 2019").
    #[serde(default)]
    pub(crate) chain_subject: bool,
    /// An excluded figure between the two levels, a rate's denominator
    /// ("de 18 décès pour 1000 cas à 13"), is passed over: the levels are
    /// the figures on either side of it, and the gap holds it.
    #[serde(default)]
    pub(crate) skip_excluded: bool,
    /// The later figure, in a clause that gives it no status, takes the
    /// status the earlier figure's clause gives ("… nouveaux cas dans le
    /// monde ; ce nombre est aujourd'hui tombé à 200 000": both are
    /// statistics of the world).
    #[serde(default)]
    pub(crate) shares_status: bool,
    /// The gap runs from the earlier figure to the percentage amount of a
    /// change that reaches a level right after it ("reached USD 507
    /// million in 2016 and rose by nearly 33% to USD 674 million in
    /// 2017"): the figure and that level are a from-X-to-Y pair. Such a
    /// rule links no two successive figures by itself.
    #[serde(default)]
    pub(crate) starts_amount: bool,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[period]]`: year expressions, and what ties one to a figure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeriodDef {
    pub(crate) id: Spanned<String>,
    pub(crate) pattern: Spanned<String>,
    pub(crate) link: Spanned<String>,
    /// Matched against the text before a year (ending at it): the year is
    /// no period at all ("since 2000", "higher than in 2016").
    pub(crate) skip: Option<Spanned<String>>,
    /// Matched against the text after a year (starting at it): the year
    /// is no period either ("the 2023–2026 Strategic Plan").
    pub(crate) skip_after: Option<Spanned<String>>,
    /// Matched against the text before a year: the year dates another
    /// event ("founded in 1966"), and is the period only of a figure whose
    /// gap to it matches `event_link`.
    pub(crate) event: Option<Spanned<String>>,
    pub(crate) event_link: Option<Spanned<String>>,
    /// Matched against the text between another event's year and a later
    /// figure: the figure belongs to that event ("Lancé en 2013 avec
    /// 50 000 familles"), and the year dates it.
    pub(crate) event_with: Option<Spanned<String>>,
    /// Matched against the text between a figure and a year after it:
    /// the year lies in another clause, and dates the figure only when
    /// tied to it by `link`.
    pub(crate) clause: Option<Spanned<String>>,
    /// Matched against the text between a year before a figure and the
    /// figure: the year is in another clause ("halved between 2000 and
    /// 2020, yet more than 244 million …") and dates the figure only when
    /// it opens the sentence.
    pub(crate) clause_before: Option<Spanned<String>>,
    /// Matched against a whole line: the line is an item of a list or a
    /// table (a bullet, a cell rule), and a line it does not match right
    /// after such items is prose that the heading above them does not
    /// date.
    pub(crate) item: Option<Spanned<String>>,
    /// Matched against the text before a single year: the year ends a
    /// financial year that began in the year before ("the year to 31
    /// March 2017"), and the period is both years ("2016-2017").
    pub(crate) fiscal_end: Option<Spanned<String>>,
    /// Matched against the text before a figure that stands between an
    /// earlier figure and a year its `link` ties to it: that figure is a
    /// comparison base and the year its own, no period of the earlier
    /// figure ("10 millions de pauvres, pour un taux de 39,4 % contre
    /// 44,4 % en 2015").
    pub(crate) base_before: Option<Spanned<String>>,
    /// Matched against the text after the later figure of a stated change
    /// (starting at its end): the change is dated by a back-reference
    /// ("de 21 % à 55,8 % sur la même période"), and neither figure takes
    /// a year of its sentence (README decision 25).
    pub(crate) same_period: Option<Spanned<String>>,
    /// The amount of a change stated right after the later figure of a
    /// from-X-to-Y pair whose figures have two years takes both ("de 39 %
    /// en 2015 à 62 % en 2016, soit un gain de 23 points": 2015-2016).
    #[serde(default)]
    pub(crate) amount_spans_change: bool,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[section]]`: result or outcome codes that open a section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SectionDef {
    pub(crate) id: Spanned<String>,
    pub(crate) pattern: Spanned<String>,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[status]]`: words that make the figures of their clause targets,
/// baselines, context or achievements.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusDef {
    pub(crate) id: Spanned<String>,
    /// `"achieved"`, `"target"`, `"baseline"` or `"context"`.
    pub(crate) status: Spanned<String>,
    pub(crate) pattern: Spanned<String>,
    /// Which figures of its clause a cue governs: those `"after"` it (the
    /// default), those `"before"` it, or `"both"`.
    pub(crate) governs: Option<Spanned<String>>,
    /// Among the cues that govern a figure, those of the highest
    /// priority compete, and the nearest wins.
    #[serde(default)]
    pub(crate) priority: i32,
    /// The most bytes between the cue and a figure it governs: a cue that
    /// only governs the figure next to it ("a $2 million project").
    pub(crate) reach: Option<usize>,
    /// The cue also labels the cells of a table row from the row's label
    /// cell ("Maternal mortality ratio | 509 | 396"), where the cell's
    /// column header says nothing.
    #[serde(default)]
    pub(crate) row_label: bool,
    /// The units of the figures it governs (`"money"`, `"%"`, `"pp"`,
    /// `"number"`); every unit when empty.
    #[serde(default)]
    pub(crate) units: Vec<Spanned<String>>,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[clause]]`: a pattern whose matches end a clause, which no status
/// cue governs across.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClauseDef {
    pub(crate) id: Spanned<String>,
    pub(crate) pattern: Spanned<String>,
    /// The match's last word opens the next clause: the break ends before
    /// it, and the cue search reads it ("…, and planned 40").
    #[serde(default)]
    pub(crate) last_word_opens: bool,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[amount]]`: a count or money figure that is the amount of a change
/// ("grew by 6.6 million", "300 more schools"), or with `level = true`
/// the level a change reached ("quadrupled to almost EUR 1 billion").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AmountDef {
    pub(crate) id: Spanned<String>,
    pub(crate) before: Option<Spanned<String>>,
    pub(crate) after: Option<Spanned<String>>,
    /// `"increase"` or `"decrease"`; default: the nearest change word.
    pub(crate) direction: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) level: bool,
    /// Only a figure written with its sign ("soit +22"), whose sign gives
    /// the direction when the rule states none.
    #[serde(default)]
    pub(crate) signed: bool,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[bare_money]]`: a scaled amount written with no currency that its
/// words make money ("two loans totalling 500 million", "18.3 million of
/// co-financing"): it takes the currency of the money figure before it
/// in its paragraph. Each side given must match.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BareMoneyDef {
    pub(crate) id: Spanned<String>,
    /// Matched on the text of the figure's window before it.
    pub(crate) before: Option<Spanned<String>>,
    /// Matched on the text of the figure's window after it.
    pub(crate) after: Option<Spanned<String>>,
    /// Matched on the figure's own text ("470,426,000/=", the shilling mark).
    pub(crate) figure: Option<Spanned<String>>,
    /// The rule reads figures written with no scale word too ("470,426,000/=",
    /// the shilling mark): default, only a million or more.
    #[serde(default)]
    pub(crate) any_scale: bool,
    /// The figure is the next item of a list whose item before it, at its
    /// own bracket depth in its sentence, is money of the same scale: "the
    /// EU gave €20 million, the UK 10 million and Norway 5 million".
    #[serde(default)]
    pub(crate) listed: bool,
    /// With `listed`: matched on the item's words between the list
    /// separator and the figure ("the UK"), when there are any.
    pub(crate) item: Option<Spanned<String>>,
    /// With `listed`: the item's words must not match it (a verb: ",
    /// reaching 2 million" is no item of a list of amounts).
    pub(crate) item_not: Option<Spanned<String>>,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[level]]`: two successive figures of one clause, the amount of a
/// change and the level it reached, joined by `gap`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LevelDef {
    pub(crate) id: Spanned<String>,
    pub(crate) gap: Spanned<String>,
    /// The level comes first ("8.1 million, 22 percent more than").
    #[serde(default)]
    pub(crate) level_first: bool,
    /// `"increase"` or `"decrease"`: the gap states a change by itself
    /// ("taking the total to"), so the other figure is its amount even
    /// when no other rule says so.
    pub(crate) direction: Option<Spanned<String>>,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

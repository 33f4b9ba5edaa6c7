//! Subject reading: the noun phrase after a figure (or after a partitive
//! word such as "of", or from where a look-back pattern before it starts,
//! `lookback`); the kind its nouns name is read by `subject_kind`.

use super::subject_kind::tail_kind;
use super::token::{
    is_plural, lower_has_suffix, next_token, roles_at, roles_of, tok_at, Tok,
    Word,
};
use crate::record::Span;
use crate::rules::{Compiled, Roles, WordSet};

/// The most words a subject may have; a longer run of words is not a
/// noun phrase but a clause the stop words missed.
pub(super) const MAX_SUBJECT_WORDS: usize = 6;

/// The subject of a figure: its noun phrase and the kind its nouns name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Subject {
    pub(super) span: Span,
    pub(super) kind: Option<usize>,
}

/// The last [`MAX_SUBJECT_WORDS`] tokens of a phrase, in text order: what
/// its kind is read from.
#[derive(Clone, Copy, Debug)]
struct Tail {
    toks: [Tok; MAX_SUBJECT_WORDS],
    len: usize,
}

impl Tail {
    fn new() -> Tail {
        let word = Word { span: Span::default(), number: false, ascii: true };
        let blank = Tok { word, roles: Roles::default() };
        Tail { toks: [blank; MAX_SUBJECT_WORDS], len: 0 }
    }

    /// Adds `tok` after the others, dropping the first if full.
    fn push(&mut self, tok: Tok) {
        if self.len == self.toks.len() {
            self.toks.rotate_left(1);
            self.len -= 1;
        }
        self.toks[self.len] = tok;
        self.len += 1;
    }

    fn toks(&self) -> &[Tok] {
        &self.toks[..self.len]
    }
}

/// The noun phrase that starts at the first word at or after `from` and
/// ends before `end`, by the grammar of the rule set, with the kind its
/// nouns name (the kind [`kind_of`] gives its span).
// PERF: the kind comes from the words the phrase was read from, not from a
// second tokenizing (cachegrind, layer 2: report -5%, dense -1%).
pub(super) fn np_forward(
    c: &Compiled,
    text: &str,
    from: usize,
    end: usize,
    skip_determiners: bool,
    key: &mut String,
) -> Option<Subject> {
    let w = &c.words;
    let mut first: Option<usize> = None;
    let mut last_end = from;
    let mut words = 0;
    // Most figures are followed by punctuation or another number: no
    // phrase, and no tail to set up.
    let mut read = tok_at(c, text, from, end, key);
    if !matches!(read, Some(Ok(t)) if !t.word.number) {
        return None;
    }
    let mut tail = Tail::new();
    // A continuation word read: part of the phrase once a word follows.
    let mut pending: Option<Tok> = None;
    // Whether the previous word is a counted noun, and its kind.
    let mut prev_noun = false;
    let mut prev_kind: Option<usize> = None;
    // Whether a link word was left out; only one may be.
    let mut linked = false;
    // Whether the word read is the noun of a complement ("zones de
    // santé"): it belongs to the phrase whatever it is.
    let mut complement = false;
    // Whether the word before was a complement's noun ("réseaux d'eau",
    // "agents de santé"): where modifiers follow the noun, an adjective
    // after it is the complement's own ("d'eau potable", "de santé
    // animale").
    let mut after_complement = false;
    // Whether the phrase's first word is a noun of measure ("tonnes de
    // riz"): a complement after it is what is measured, not a kind.
    let mut measure = false;
    let mut i = from;
    // The first token was read above.
    while let Some(Ok(tok)) =
        read.take().or_else(|| tok_at(c, text, i, end, key))
    {
        let (word, role) = (tok.word, tok.roles);
        i = word.span.end;
        // Only the word right after a complement's noun may be its
        // adjective.
        let just_after_complement = after_complement;
        after_complement = false;
        if word.number {
            break;
        }
        if first.is_none() && role.link && !linked {
            linked = true;
            // "2 millions de personnes": the link word right after the
            // figure is left out of the subject.
            continue;
        }
        if first.is_none() && !linked {
            // "1,1 million d'enfants": an elided link word ("d'") glued to
            // the noun is left out too; the noun is read after it.
            if let Some(n) = elided_link(c, word.span.slice(text)) {
                linked = true;
                read = tok_at(c, text, word.span.start + n, end, key);
                continue;
            }
        }
        if first.is_none() && role.determiner {
            // "50% of the staff" reads past "the"; a figure followed by a
            // determiner counts nothing named there ("903 the previous
            // year").
            if skip_determiners {
                continue;
            }
            break;
        }
        if measure
            && (role.complement
                || elided_complement(c, word.span.slice(text)).is_some())
        {
            // "635 tonnes de riz", "cas suspects de choléra": the
            // complement of a noun of measure is left out.
            break;
        }
        if first.is_some() && prev_noun && !complement {
            // "zones de santé", "emplois d'urgence": a complement word
            // after a counted noun, before a lower-case content word,
            // joins that word to the phrase (the grammar's `complement`
            // role; none in English).
            if role.complement {
                if let Some(Ok(n)) = tok_at(c, text, i, end, key) {
                    if complement_noun(c, text, n, key) {
                        pending = Some(tok);
                        complement = true;
                        continue;
                    }
                }
            } else if let Some(n) = elided_complement(c, word.span.slice(text))
            {
                let rest = &text[word.span.start + n..word.span.end];
                let r = roles_of(c, rest, rest.is_ascii(), key);
                // "contrats d'une valeur": an article after the elided
                // word is no complement.
                if starts_lower(rest)
                    && !(r.stop || r.determiner || r.evaluative)
                {
                    // What follows the complement is read as after a
                    // noun ("mini-réseaux d'eau alimentant ...").
                    prev_kind = None;
                    after_complement = true;
                    if take(
                        &mut tail,
                        tok,
                        word.span.end,
                        &mut last_end,
                        &mut words,
                    ) {
                        break;
                    }
                    continue;
                }
            }
        }
        if complement {
            // The complement's word; what follows it is read as after a
            // noun ("centres de transit venaient ..." ends there).
            complement = false;
            prev_noun = true;
            prev_kind = None;
            after_complement = true;
            if let Some(de) = pending.take() {
                tail.push(de);
            }
            if take(&mut tail, tok, word.span.end, &mut last_end, &mut words) {
                break;
            }
            continue;
        }
        if role.stop || (role.determiner && prev_noun) {
            // A determiner after a counted noun starts another phrase
            // ("people a year").
            break;
        }
        // A state word first is kept, as its figure counts what the one
        // before counted ("sur 134 prévues"); after a noun it describes it.
        if (role.evaluative && !(role.state && first.is_none()))
            || (possessive(text, word)
                && !people_possessive(c, text, word, key))
        {
            // Left out before the first word ("120 innovative,
            // community-led initiatives", "the world's refugees"); after
            // it, the end of the phrase ("people most in need").
            if first.is_some() {
                break;
            }
            if let Some(Err(at)) = tok_at(c, text, i, end, key) {
                if text[at..].starts_with(',') {
                    i = at + 1;
                }
            }
            continue;
        }
        if role.continuation {
            // "and" + word continues; "and" + number, stop word or a verb
            // ("views and sparked over ...") ends the phrase.
            let Some(Ok(n)) = tok_at(c, text, i, end, key) else { break };
            if n.word.number || first.is_none() {
                break;
            }
            // "groupements de jeunes et de femmes": after a complement's
            // noun, a second complement of the same noun goes on.
            if just_after_complement && n.roles.complement {
                if let Some(Ok(m)) = tok_at(c, text, n.word.span.end, end, key)
                {
                    if complement_noun(c, text, m, key) {
                        tail.push(tok);
                        continue;
                    }
                }
            }
            if !is_content(n.word, n.roles) {
                break;
            }
            let nw = n.word;
            if lower_has_suffix(
                &w.verb_suffix,
                nw.span.slice(text),
                nw.ascii,
                key,
            ) && n.roles.noun.is_none()
                && !next_is_content(c, text, nw.span.end, end, key)
            {
                break;
            }
            // "has more than 10,000 members and handles over 90% of": a
            // word that names nothing, right before the next figure, is
            // a verb.
            if n.roles.noun.is_none()
                && text[nw.span.end..end].trim().is_empty()
                && text[end..].starts_with(|ch: char| {
                    ch.is_alphanumeric() || matches!(ch, '$' | '£' | '€')
                })
            {
                break;
            }
            // "businesses and women entrepreneurs" joins two phrases of
            // different kinds: the subject is the first ("women and girls",
            // "articles and posts" go on).
            if let Some(kind) = prev_kind {
                if other_kind_follows(c, text, i, end, kind, key) {
                    break;
                }
            }
            pending = Some(tok);
            continue;
        }
        let noun_kind = role.noun;
        let noun = noun_kind.is_some();
        let (ws, ascii) = (word.span.slice(text), word.ascii);
        // A plural word heads a phrase as well as a listed noun does
        // ("districts adopted ..."); "ss" is no plural ("business").
        let head = noun || is_plural(&w.plural_suffix, ws, ascii, key);
        if prev_noun
            && !noun
            && lower_has_suffix(&w.participle_suffix, ws, ascii, key)
        {
            break;
        }
        if prev_noun && c.head_first && acronym(ws) {
            // Where modifiers follow the noun, an acronym or a capitalised
            // compound right after it names its kind ("7 projets AEPHA",
            // "14 clubs U-Report", "165 messages Croix-Rouge").
            if take(&mut tail, tok, word.span.end, &mut last_end, &mut words) {
                break;
            }
            continue;
        }
        // After a counted noun, a word that is neither a noun nor a
        // plural nor a verb form (read below), and that no noun follows,
        // starts what is said about it: "families food", "Afghans cast
        // valid votes"; "women market vendors" goes on.
        // Where modifiers follow the noun, a lower-case word right after a
        // complement's noun is its adjective ("réseaux d'adduction d'eau
        // potable", "agents communautaires de santé animale").
        // A finite verb ("centres de transit venaient", the grammar's
        // `finite_suffix`) or a participle ("d'eau potable alimentant") is
        // no adjective.
        let adjective = c.head_first
            && just_after_complement
            && starts_lower(ws)
            && !lower_has_suffix(&w.finite_suffix, ws, ascii, key)
            && !lower_has_suffix(&w.participle_suffix, ws, ascii, key);
        if prev_noun
            && !adjective
            && ((!head
                && !lower_has_suffix(&w.verb_suffix, ws, ascii, key)
                && !noun_follows(c, text, word.span.end, end, key))
                || ws.bytes().any(|b| b.is_ascii_digit()))
        {
            // A word with a digit after it is an age or a code
            // ("children under-5 years").
            break;
        }
        if !noun
            && first.is_none()
            && !c.head_first
            && lower_has_suffix(&w.verb_suffix, ws, ascii, key)
        {
            // Right after the figure, a verb form before a determiner or
            // a number is the verb of the figure's clause ("Project 4512
            // funded 40 wells"); "12 trained teachers" goes on. Where
            // modifiers follow the noun, it is an elided noun's participle
            // ("dont 95 ajoutés cette année").
            // The window may end at that number, so it is read past `end`.
            let after = text[word.span.end..].trim_start();
            if after.starts_with(|ch: char| ch.is_ascii_digit()) {
                break;
            }
            if let Some(Ok(n)) = tok_at(c, text, word.span.end, end, key) {
                if n.roles.determiner {
                    break;
                }
            }
        }
        if !noun
            && first.is_some()
            && lower_has_suffix(&w.verb_suffix, ws, ascii, key)
        {
            // After a counted noun, a verb form is a verb unless a counted
            // noun follows: "girls acquired skills" and "municipalities
            // adopted budgets" end, "women owned businesses" goes on. Before
            // no word at all ("programs strengthened.") it is a verb too.
            let next = tok_at(c, text, word.span.end, end, key);
            let (next_noun, next_content) = match next {
                Some(Ok(n)) => (
                    !n.word.number && n.roles.noun.is_some(),
                    is_content(n.word, n.roles),
                ),
                _ => (false, false),
            };
            if (prev_noun && !next_noun) || !next_content {
                break;
            }
        }
        // An adjective extends the noun it follows: what comes after it is
        // read as after that noun ("d'eau potable alimentant …" ends there).
        prev_noun = head || adjective;
        prev_kind = noun_kind;
        if first.is_none() {
            first = Some(word.span.start);
            measure = role.measure;
        }
        if let Some(and) = pending.take() {
            tail.push(and);
        }
        if take(&mut tail, tok, word.span.end, &mut last_end, &mut words) {
            break;
        }
    }
    let span = Span { start: first?, end: last_end };
    Some(Subject { span, kind: tail_kind(c, text, tail.toks(), key) })
}

/// Adds `tok`, which ends at `end`, to the phrase read so far: whether the
/// phrase now holds [`MAX_SUBJECT_WORDS`] words.
fn take(
    tail: &mut Tail,
    tok: Tok,
    end: usize,
    last_end: &mut usize,
    words: &mut usize,
) -> bool {
    tail.push(tok);
    *last_end = end;
    *words += 1;
    *words >= MAX_SUBJECT_WORDS
}

/// Whether `sub` starts with a word that names a state or a label, not a
/// counted thing (the grammar's `state` role: "dont 5 989 confirmés"), or,
/// read back before its figure (`label`), is one word that labels a
/// status (`label_alone`: "Target: 300", but "four goals").
pub(super) fn names_state(
    c: &Compiled,
    text: &str,
    sub: Subject,
    label: bool,
    key: &mut String,
) -> bool {
    matches!(
        tok_at(c, text, sub.span.start, sub.span.end, key),
        Some(Ok(t)) if t.roles.state
            || (label
                && t.roles.label_alone
                && t.word.span.end >= sub.span.end)
    )
}

/// Whether `word` is an acronym ("AEPHA", "FDAL", "DLM") or a compound
/// of capitalised parts ("U-Report", "Croix-Rouge"): two letters or
/// more, no digit, every part starting with a capital and either all
/// parts in capitals or more than one part.
fn acronym(word: &str) -> bool {
    let parts = || word.split('-');
    word.chars().filter(|ch| ch.is_alphabetic()).count() >= 2
        && word.chars().all(|ch| ch.is_alphabetic() || ch == '-')
        && parts().all(|p| p.chars().next().is_some_and(char::is_uppercase))
        && (parts().count() > 1
            || word.chars().all(|ch| !ch.is_alphabetic() || ch.is_uppercase()))
}

/// The length of the elided link word (one ending in an apostrophe,
/// French "d'") that `word` starts with, when a word follows it.
fn elided_link(c: &Compiled, word: &str) -> Option<usize> {
    elided_prefix(&c.words.link, word)
}

/// The length of the word of `words` ending in an apostrophe that `word`
/// starts with, when a word follows it.
fn elided_prefix(words: &WordSet, word: &str) -> Option<usize> {
    words
        .iter()
        .filter(|l| l.ends_with(['\'', '’']))
        .find(|l| {
            word.len() > l.len()
                && word.is_char_boundary(l.len())
                && word[..l.len()].eq_ignore_ascii_case(l)
        })
        .map(|l| l.len())
}

/// Whether `n`, read after a complement word, is the noun of a
/// complement: a content word in lower case that is no determiner,
/// evaluative word or elided article ("de l'éducation" ends the phrase).
fn complement_noun(
    c: &Compiled,
    text: &str,
    n: Tok,
    key: &mut String,
) -> bool {
    let ws = n.word.span.slice(text);
    is_content(n.word, n.roles)
        && !n.roles.determiner
        && !n.roles.evaluative
        && !n.roles.complement
        && starts_lower(ws)
        && !elided_function_word(c, ws, key)
}

/// Whether `word` starts with a lower-case letter.
fn starts_lower(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

/// Whether `word` is a function word glued by an apostrophe to what
/// follows ("l'éducation", "qu'elles"): its part before the apostrophe
/// is a stop word or a determiner.
fn elided_function_word(c: &Compiled, word: &str, key: &mut String) -> bool {
    let Some(k) = word.find(['\'', '’']) else { return false };
    if k == 0 || k + 1 >= word.len() {
        return false;
    }
    let head = &word[..k];
    let r = roles_of(c, head, head.is_ascii(), key);
    r.stop || r.determiner
}

/// The length of the elided complement word (one ending in an
/// apostrophe, French "d'") that `word` starts with, when a word follows
/// it.
fn elided_complement(c: &Compiled, word: &str) -> Option<usize> {
    elided_prefix(&c.words.complement, word)
}

/// Whether the next token after `at` is a counted noun or a plural.
fn noun_follows(
    c: &Compiled,
    text: &str,
    at: usize,
    end: usize,
    key: &mut String,
) -> bool {
    match tok_at(c, text, at, end, key) {
        Some(Ok(n)) if !n.word.number && is_content(n.word, n.roles) => {
            let ws = n.word.span.slice(text);
            if n.roles.noun.is_some()
                || is_plural(&c.words.plural_suffix, ws, n.word.ascii, key)
            {
                return true;
            }
            // Two noun modifiers before a counted noun ("school management
            // committee members"): a lower-case word that is no verb form,
            // then a listed noun. Where modifiers follow the noun, none.
            !c.head_first
                && ws.starts_with(|ch: char| ch.is_ascii_lowercase())
                && !lower_has_suffix(
                    &c.words.verb_suffix,
                    ws,
                    n.word.ascii,
                    key,
                )
                && matches!(
                    tok_at(c, text, n.word.span.end, end, key),
                    Some(Ok(m)) if !m.word.number && m.roles.noun.is_some()
                )
        }
        _ => false,
    }
}

/// Whether `word` is a possessive ("world's"), which says whose, not what.
fn possessive(text: &str, word: Word) -> bool {
    let w = word.span.slice(text);
    w.len() > 2 && (w.ends_with("'s") || w.ends_with("’s"))
}

/// Whether the possessive `word` is of people a kind counts ("women's
/// rights organisations", "children's clubs"): it says what kind of
/// thing is counted, not whose, and stays in the subject.
fn people_possessive(
    c: &Compiled,
    text: &str,
    word: Word,
    key: &mut String,
) -> bool {
    let w = word.span.slice(text);
    let mark = if w.ends_with("’s") { "’s".len() } else { 2 };
    let stem = Word {
        span: Span { start: word.span.start, end: word.span.end - mark },
        number: false,
        ascii: word.ascii,
    };
    roles_at(c, text, stem, key)
        .noun
        .is_some_and(|k| c.kinds[k].id == "beneficiaries")
}

/// Whether `word`, of `roles`, can be part of a noun phrase: not a
/// number, a stop word or a continuation word.
fn is_content(word: Word, roles: Roles) -> bool {
    !word.number && !roles.stop && !roles.continuation
}

/// Whether the next token after `at` is a content word.
fn next_is_content(
    c: &Compiled,
    text: &str,
    at: usize,
    end: usize,
    key: &mut String,
) -> bool {
    match tok_at(c, text, at, end, key) {
        Some(Ok(n)) => is_content(n.word, n.roles),
        _ => false,
    }
}

/// Whether the phrase after a continuation word at `from` is headed by a
/// counted noun of a kind other than `kind`: its first counted noun within
/// a few words, before a stop word, a number or punctuation.
fn other_kind_follows(
    c: &Compiled,
    text: &str,
    from: usize,
    end: usize,
    kind: usize,
    key: &mut String,
) -> bool {
    let mut i = from;
    for _ in 0..4 {
        let Some(Ok(t)) = tok_at(c, text, i, end, key) else { return false };
        if !is_content(t.word, t.roles) {
            return false;
        }
        if let Some(k) = t.roles.noun {
            return k != kind;
        }
        i = t.word.span.end;
    }
    false
}

/// After a figure, a partitive word ("of", by the grammar's roles): the
/// position where the counted phrase starts, and whether the figure
/// counts a part of something named before (a back-reference: "of
/// them", "of whom are"). Determiners and one number after the
/// partitive word are passed over ("79 of the poorest countries", "12 of
/// the 40 schools"), and linking words after a back-reference ("52
/// percent of whom are girls").
pub(super) fn after_partitive(
    c: &Compiled,
    text: &str,
    from: usize,
    end: usize,
    key: &mut String,
) -> Option<(usize, bool)> {
    let mut at = match tok_at(c, text, from, end, key)? {
        Ok(t) if t.roles.partitive && !t.word.number => t.word.span.end,
        // "58 % d'enfants": an elided partitive word glued to the noun
        // (a word with no apostrophe is looked at no further).
        Ok(t)
            if !t.word.number
                && t.word.span.slice(text).contains(['\'', '’']) =>
        {
            t.word.span.start
                + elided_prefix(&c.words.partitive, t.word.span.slice(text))?
        }
        _ => return None,
    };
    let mut back = false;
    let mut number = false;
    loop {
        if !back && !number {
            // "1,800 of the 3,100 trainees", "45% of its roughly 923,000
            // inhabitants": one figure, as layer 1 reads it (separators
            // and qualifier words included), is passed over whole.
            let rest = text.get(at..end).unwrap_or("");
            let start = at + (rest.len() - rest.trim_start().len());
            if let Some(e) = figure_end(c, text, start, end) {
                number = true;
                at = e;
                continue;
            }
        }
        let Some(Ok(t)) = tok_at(c, text, at, end, key) else { break };
        let r = t.roles;
        let skip = if t.word.number {
            // One number: "of the 40 schools".
            !back && !std::mem::replace(&mut number, true)
        } else if r.back_reference && !back {
            back = true;
            true
        } else {
            // "105 of the region's 140 wards": a possessive before the
            // whole's figure says whose, as a determiner does; "62% of the
            // planned 1,200 classrooms": an evaluative word before it
            // describes the whole, as it would its noun.
            (back && r.linking)
                || (!back && r.determiner)
                || (!back && !number && possessive(text, t.word))
                || (!back
                    && !number
                    && r.evaluative
                    && !heads_alone(c, text, t.word.span.end, end, key))
        };
        if !skip {
            break;
        }
        at = t.word.span.end;
    }
    Some((at, back))
}

/// The group a share's whole names by an adjective alone, used as a noun
/// ("70% of the poor live", "60% of Congolese", "half of the displaced
/// have"): a word the grammar calls evaluative, with no content word
/// after it, at `from` (where [`after_partitive`] leaves it). Such a group
/// is people, so its kind is the beneficiaries kind where the rule set
/// has one.
pub(super) fn lone_group(
    c: &Compiled,
    text: &str,
    from: usize,
    end: usize,
    key: &mut String,
) -> Option<Subject> {
    let t = tok_at(c, text, from, end, key)?.ok()?;
    if t.word.number
        || !t.roles.evaluative
        || !heads_alone(c, text, t.word.span.end, end, key)
    {
        return None;
    }
    let kind = c.kinds.iter().position(|k| k.id == "beneficiaries");
    Some(Subject { span: t.word.span, kind })
}

/// Whether an evaluative word ending at `at` heads its phrase alone: no
/// content word or number follows it ("the poor live", not "the poor
/// households", "the planned 1,200 classrooms" or "fewer than 20,000").
fn heads_alone(
    c: &Compiled,
    text: &str,
    at: usize,
    end: usize,
    key: &mut String,
) -> bool {
    match tok_at(c, text, at, end, key) {
        Some(Ok(n)) if n.word.number || is_content(n.word, n.roles) => false,
        Some(Ok(n)) => {
            !(n.roles.stop
                && matches!(
                    next_token(text, n.word.span.end, end),
                    Some(Ok(w)) if w.number
                ))
        }
        _ => true,
    }
}

/// How far a figure's qualifier words reach before its number: the
/// longest stacked qualifier read ("an estimated around").
const QUALIFIED_FIGURE: usize = 48;

/// The end of the figure that starts at `at` (layer 1 reads one there,
/// its qualifier words included), if one does, within `end`.
fn figure_end(
    c: &Compiled,
    text: &str,
    at: usize,
    end: usize,
) -> Option<usize> {
    let hi = crate::segment::floor(text, end.min(at + QUALIFIED_FIGURE));
    let hay = text.get(at..hi)?;
    let q = c.lexicon.quantities(hay).next()?;
    (q.span.start == 0).then_some(at + q.span.end)
}

/// The kind named by the nouns of the phrase `subject`, head noun first.
pub(super) fn kind_of(
    c: &Compiled,
    text: &str,
    subject: Span,
    key: &mut String,
) -> Option<usize> {
    // Keep the last words: the head noun is at the end.
    let mut tail = Tail::new();
    let mut i = subject.start;
    while let Some(Ok(word)) = next_token(text, i, subject.end) {
        tail.push(Tok { word, roles: roles_at(c, text, word, key) });
        i = word.span.end;
    }
    tail_kind(c, text, tail.toks(), key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::{n, pct, run, xorshift, Q};
    use crate::record::{Qualifier, Unit};
    use crate::rules::RuleSet;

    #[test]
    fn acronyms_and_capitalised_compounds() {
        for w in ["AEPHA", "DLM", "U-Report", "Croix-Rouge", "FDAL"] {
            assert!(acronym(w), "{w}");
        }
        for w in ["A", "Zinder", "projets", "COVID-19", "d'eau", "Niger-"] {
            assert!(!acronym(w), "{w}");
        }
    }

    #[test]
    fn a_phrase_kind_is_the_kind_of_its_span() {
        // The kind `np_forward` reads from the words it took is the kind
        // `kind_of` reads from the phrase's text.
        let alphabet = [
            "women",
            "young",
            "Women",
            "field",
            "visits",
            "knowledge",
            "products",
            "and",
            "or",
            "&",
            "the",
            "of",
            "owned",
            "trained",
            "facing",
            "businesses",
            "business",
            "micro-enterprises",
            "co-operatives",
            "partners’",
            "girls'",
            "é",
            "wells",
            "7",
            ",",
            " ",
            " ",
            "  ",
            "\n",
            "-",
            "people",
            "had",
        ];
        let rules = RuleSet::english();
        let c = rules.compiled();
        let mut key = String::new();
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let mut found = 0;
        for _ in 0..20_000 {
            let len = next(12);
            let text: String = (0..len)
                .map(|_| alphabet[next(alphabet.len())])
                .collect::<Vec<_>>()
                .join(if next(3) == 0 { "" } else { " " });
            for skip in [false, true] {
                let Some(sub) =
                    np_forward(c, &text, 0, text.len(), skip, &mut key)
                else {
                    continue;
                };
                found += 1;
                let kind = kind_of(c, &text, sub.span, &mut key);
                assert_eq!(sub.kind, kind, "{text:?} {:?}", sub.span);
            }
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn subject_kind_and_period_of_a_count() {
        let r = run(
            "The project reached 2,000 direct beneficiaries in 2023.",
            vec![n("2,000", "2000")],
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].kind, "beneficiaries");
        assert_eq!(r[0].subject.as_deref(), Some("direct beneficiaries"));
        assert_eq!(
            r[0].period.map(|p| p.to_string()).as_deref(),
            Some("2023")
        );
        assert_eq!(r[0].unit, Unit::Count);
        assert_eq!(r[0].rule, "beneficiaries.noun");
    }

    #[test]
    fn events_and_people() {
        let r = run("We held 3 workshops.", vec![n("3", "3")]);
        assert_eq!(r[0].kind, "events");
        let r = run("We trained 40 midwives.", vec![n("40", "40")]);
        assert_eq!(r[0].subject.as_deref(), Some("midwives"));
        assert_eq!(r[0].period, None);
    }

    #[test]
    fn and_plus_number_ends_a_subject() {
        let r = run(
            "It will enable 1,800 direct beneficiaries and 25,600 indirect \
             beneficiaries to take part.",
            vec![n("1,800", "1800"), n("25,600", "25600")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("direct beneficiaries"));
        assert_eq!(r[1].subject.as_deref(), Some("indirect beneficiaries"));
    }

    #[test]
    fn and_plus_word_continues_and_participles_end() {
        let r = run(
            "Some 100 women and girls facing exclusion found work.",
            vec![n("100", "100")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("women and girls"));
        let r = run(
            "Last year twelve women owned businesses won loans.",
            vec![n("twelve", "12")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("women owned businesses"));
        assert_eq!(r[0].kind, "organizations");
    }

    #[test]
    fn punctuation_ends_a_subject() {
        let r = run(
            "We met 42 women parliamentarians (members of the assembly).",
            vec![n("42", "42")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("women parliamentarians"));
        assert_eq!(r[0].kind, "beneficiaries");
        let r = run(
            "It trained at least 30 journalists, editors and bloggers.",
            vec![Q {
                qualifier: Qualifier::AtLeast,
                ..n("at least 30", "30")
            }],
        );
        assert_eq!(r[0].subject.as_deref(), Some("journalists"));
        assert_eq!(r[0].qualifier, Qualifier::AtLeast);
    }

    #[test]
    fn a_share_reads_its_subject_after_of() {
        let r = run(
            "Women are 50% of professional staff.",
            vec![pct("50%", "50")],
        );
        assert_eq!(r[0].kind, "percentage");
        assert_eq!(r[0].subject.as_deref(), Some("professional staff"));
    }

    #[test]
    fn lookback_finds_a_subject_before_the_figure() {
        let r = run(
            "Overall, the completion rate reached 90.",
            vec![n("90", "90")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("completion rate"));
        assert_eq!(r[0].kind, "count");
        let r = run(
            "The number of women candidates rose from 10 to 14.",
            vec![n("10", "10"), n("14", "14")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("women candidates"));
        assert_eq!(r[1].subject.as_deref(), Some("women candidates"));
        assert_eq!(r[0].kind, "beneficiaries");
    }

    #[test]
    fn a_subject_before_a_change_verb_is_found() {
        let r = run(
            "Partnerships increased from 12 to 25 in 2023.",
            vec![n("12", "12"), n("25", "25")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("Partnerships"));
        assert_eq!(r[1].subject.as_deref(), Some("Partnerships"));
        assert_eq!(r[0].kind, "agreements");
        // 2023 is the later figure's own year, not the earlier one's.
        assert_eq!(
            (
                r[0].period.map(|p| p.to_string()).as_deref(),
                r[1].period.map(|p| p.to_string()).as_deref()
            ),
            (None, Some("2023"))
        );
    }

    #[test]
    fn a_partitive_figure_counts_what_follows_or_what_came_before() {
        let r = run(
            "It works in 79 of the poorest countries.",
            vec![n("79", "79")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("countries"));
        let r = run(
            "It employed 900 workers, 40 percent of them women.",
            vec![n("900", "900"), pct("40 percent", "40")],
        );
        assert_eq!(r[1].subject.as_deref(), Some("women"));
        let r = run(
            "The bank has 68 member countries, 49 of them in Asia.",
            vec![n("68", "68"), n("49", "49")],
        );
        assert_eq!(r[1].subject.as_deref(), Some("member countries"));
        assert_eq!(r[1].kind, "count");
    }

    #[test]
    fn evaluative_words_are_left_out() {
        let r = run(
            "It backed 120 innovative, community-led initiatives.",
            vec![n("120", "120")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("initiatives"));
        let r = run("It will give 100 families food.", vec![n("100", "100")]);
        assert_eq!(r[0].subject.as_deref(), Some("families"));
    }

    #[test]
    fn head_noun_decides_and_multiword_nouns_win() {
        let r = run("They wrote 4 knowledge products.", vec![n("4", "4")]);
        assert_eq!(r[0].kind, "reports");
        let r = run("We made 5 field visits.", vec![n("5", "5")]);
        assert_eq!(r[0].kind, "events");
        let r = run("The page got 5 visits.", vec![n("5", "5")]);
        assert_eq!(r[0].kind, "reach");
        let r = run("We dug 5 wells.", vec![n("5", "5")]);
        assert_eq!(
            (r[0].kind.as_str(), r[0].rule.as_str()),
            ("count", "count.other")
        );
    }
}

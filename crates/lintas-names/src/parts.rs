//! Splitting a name into parts and tagging each part.

use crate::phonetic::{MAX_PART_LEN, canonical, skeleton};
use crate::script::is_abjad;
use crate::translit::transliterate;
use crate::words::normalise_words;
use serde::Serialize;
use unicode_script::Script;

/// Maximum number of parts kept from one name (bounded work on garbage input).
pub const MAX_PARTS: usize = 16;

/// The role of a name part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartTag {
    /// An ordinary name part (given, family or unknown position).
    Name,
    /// A part known to be the family name (CJK order, `FAMILY, Given` form).
    Family,
    /// Honorific or title: Mr, Haji, U, Daw, Sheikh, Dr… (ignored when comparing).
    Honorific,
    /// Particle or article: al, el, van, von, de, ud… (compared, little weight).
    Particle,
    /// Patronymic marker: bin, binti, bint, ibn, a/l, s/o… (compared, little weight).
    PatronymicMarker,
    /// The name following a patronymic marker (the father's name).
    Patronym,
    /// Legal-form word of an organisation name: Ltd, LLC, OOO, GmbH, Sdn Bhd…
    LegalForm,
    /// A number (digits, or number words normalised to digits) in a name of several
    /// parts: a hull or series number (`Snow Storm 2`) says little about identity.
    Number,
}

impl PartTag {
    /// How much a part with this tag counts in a name comparison.
    pub fn weight(self) -> f64 {
        match self {
            PartTag::Name | PartTag::Family => 1.0,
            PartTag::Patronym => 0.8,
            PartTag::Particle => 0.2,
            PartTag::PatronymicMarker => 0.15,
            PartTag::LegalForm => 0.25,
            PartTag::Number => 0.3,
            PartTag::Honorific => 0.0,
        }
    }
}

/// One part of a name, transliterated and keyed (borrowed from its [`NameParts`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Part<'a> {
    /// Lower-case ASCII transliteration.
    pub text: &'a str,
    /// Spelling-variant-folded form ([`canonical`]).
    pub canon: &'a str,
    /// Consonant skeleton ([`skeleton`]).
    pub skel: &'a str,
    /// Role of the part.
    pub tag: PartTag,
    /// Written in an abjad (Arabic script): compare on the skeleton.
    pub abjad: bool,
    /// Written in Han, Hangul or Kana: syllables are whole, so a changed syllable is a
    /// different name rather than a typo.
    pub cjk: bool,
    /// Known-variant groups the part belongs to (see `variants`), as a bit set.
    pub groups: u64,
    /// Nickname groups (English short forms: Ted/Theodore) the part belongs to.
    pub nicknames: u64,
}

impl Part<'_> {
    /// Weight of this part in comparisons: its tag weight, less for very short parts.
    pub fn weight(&self) -> f64 {
        let len = self.canon.len().min(6) as f64;
        self.tag.weight() * (0.5 + len / 12.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct PartMeta {
    start: u16,
    text_len: u8,
    canon_len: u8,
    skel_len: u8,
    tag: PartTag,
    abjad: bool,
    cjk: bool,
    groups: u64,
    nicknames: u64,
}

/// A name split into tagged parts, stored compactly (one string buffer per name) so
/// that an index of millions of names stays small.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NameParts {
    buf: Box<str>,
    metas: Box<[PartMeta]>,
    /// Adjacent parts written as one (`abdul`+`hai` → `abdulhai`, `van der bilt` →
    /// `vanderbilt`): (first index, number of parts, meta).
    joined: Box<[(u8, u8, PartMeta)]>,
}

const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mister",
    "dr",
    "prof",
    "professor",
    "sir",
    "madam",
    "haji",
    "hajji",
    "hajj",
    "haj",
    "hadji",
    "alhaj",
    "alhaji",
    "hajjah",
    "hajah",
    "sheikh",
    "shaikh",
    "shaykh",
    "sheik",
    "mullah",
    "mulla",
    "mullo",
    "maulana",
    "maulvi",
    "mawlawi",
    "moulvi",
    "qari",
    "hafiz",
    "daw",
    "datuk",
    "dato",
    "datin",
    "tunku",
    "tengku",
    "encik",
    "puan",
    "tuan",
    "bapak",
    "ibu",
    "khun",
    "nai",
    "nang",
    "thiru",
    "thirumathi",
    "shri",
    "sri",
    "smt",
    "gen",
    "general",
    "col",
    "colonel",
    "capt",
    "captain",
    "maj",
    "major",
    "lt",
    "brig",
    "admiral",
    "imam",
    "emir",
    "amir ul",
    "sayyid",
    "sayyed",
    "syed",
    "mawlana",
    "ustaz",
    "ustadz",
    "kyai",
    "hj",
];
// Burmese honorifics that are also ordinary name syllables (Aung Ko Ko, Maung Maung):
// only an honorific when they open a name of three or more parts.
const LEADING_HONORIFICS: &[&str] = &["u", "ko", "maung", "ma", "saw", "naw", "sai", "mg", "bo"];
const PARTICLES: &[&str] = &[
    "al", "el", "ul", "ud", "ad", "ed", "as", "ash", "at", "az", "ar", "an", "van", "von", "de",
    "der", "den", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "lo", "y", "e",
    "the",
];
const PATRONYMIC_MARKERS: &[&str] = &[
    "bin", "binti", "binte", "bint", "ibn", "ben", "bte", "bt", "b", "ap", "al", "ogly", "oglu",
    "kyzy", "uulu", "so", "do", "anak", "ak", "walad", "ould",
];
const LEGAL_FORMS: &[&str] = &[
    "ltd",
    "llc",
    "inc",
    "co",
    "corp",
    "corporation",
    "company",
    "limited",
    "gmbh",
    "ag",
    "sa",
    "plc",
    "jsc",
    "ojsc",
    "cjsc",
    "pjsc",
    "ooo",
    "oao",
    "zao",
    "pao",
    "llp",
    "lp",
    "bv",
    "nv",
    "pte",
    "pty",
    "sdn",
    "bhd",
    "tbk",
    "pt",
    "cv",
    "srl",
    "spa",
    "sarl",
    "sas",
    "kg",
    "ab",
    "as",
    "oy",
    "fze",
    "fzco",
    "fzc",
    "dmcc",
    "group",
    "holding",
    "holdings",
    "and",
    "of",
    "trading",
    "international",
    "intl",
    "enterprise",
    "enterprises",
    "ltda",
    "cia",
    "tov",
    "ooo",
    "ip",
    "chp",
    "sp",
    "z",
    "oo",
    "ug",
    "aktiengesellschaft",
    "gesellschaft",
    "mit",
    "beschrankter",
    "haftung",
    "liability",
    "joint",
    "stock",
    "open",
    "closed",
    "public",
    "private",
    "societatea",
    "cu",
    "raspundere",
    "limitata",
    "sociedad",
    "anonima",
    "societe",
    "anonyme",
    "incorporated",
    "llc",
    "pvt",
    "ltda",
    "o",
];

/// Legal-form abbreviations that name a kind of company (after
/// [`crate::words::normalise_words`]): two names whose only legal forms differ
/// (`Deutsche Bank AG` / `Deutsche Bank GmbH`) name different companies. `co` is not
/// one (it goes with the others: `Co., Ltd.`), nor are generic words (`group`).
const LEGAL_FORM_CODES: &[&str] = &[
    "ltd", "llc", "inc", "corp", "plc", "gmbh", "ag", "kg", "ug", "sa", "spa", "sarl", "sas",
    "srl", "bv", "nv", "ab", "oy", "jsc", "ojsc", "cjsc", "pjsc", "llp", "lp", "pte", "pty", "bhd",
    "tbk", "ltda", "fze", "fzco", "fzc", "dmcc",
];

/// True when `text` (a part tagged [`PartTag::LegalForm`]) is a kind of company.
pub fn is_legal_form_code(text: &str) -> bool {
    LEGAL_FORM_CODES.contains(&text)
}

/// Splits `name` into parts (transliterating every script to Latin) and tags them.
///
/// `FAMILY, Given` (a comma after the first part) marks the family name; names
/// written in Han or Hangul are family-name-first.
pub fn parse_name(name: &str) -> NameParts {
    let comma_family = name
        .split_once(',')
        .map(|(head, _)| normalise_words(transliterate(head)).len());
    let words = normalise_words(transliterate(name));
    let n = words.len().min(MAX_PARTS);
    let mut buf = String::new();
    let mut metas: Vec<PartMeta> = Vec::with_capacity(n);
    let mut prev_marker = false;
    for (i, w) in words.into_iter().take(MAX_PARTS).enumerate() {
        let text: String = w.text.chars().take(MAX_PART_LEN).collect();
        let t = text.as_str();
        let tag = if prev_marker && !PATRONYMIC_MARKERS.contains(&t) {
            PartTag::Patronym
        } else if (HONORIFICS.contains(&t) && n > 1)
            || (i == 0 && n >= 3 && LEADING_HONORIFICS.contains(&t))
        {
            PartTag::Honorific
        } else if PATRONYMIC_MARKERS.contains(&t) && i > 0 && i + 1 < n && t != "al" {
            PartTag::PatronymicMarker
        } else if PARTICLES.contains(&t) && n > 1 {
            PartTag::Particle
        } else if LEGAL_FORMS.contains(&t) && n > 1 {
            PartTag::LegalForm
        } else if n > 1 && t.bytes().all(|b| b.is_ascii_digit()) {
            PartTag::Number
        } else if comma_family.is_some_and(|k| i < k)
            || (i == 0 && matches!(w.script, Script::Han | Script::Hangul))
        {
            PartTag::Family
        } else {
            PartTag::Name
        };
        prev_marker = tag == PartTag::PatronymicMarker;
        let canon = canonical(t);
        let skel = skeleton(&canon);
        let start = u16::try_from(buf.len()).unwrap_or(u16::MAX);
        buf.push_str(t);
        buf.push_str(&canon);
        buf.push_str(&skel);
        metas.push(PartMeta {
            start,
            text_len: u8::try_from(t.len()).unwrap_or(u8::MAX),
            canon_len: u8::try_from(canon.len()).unwrap_or(u8::MAX),
            skel_len: u8::try_from(skel.len()).unwrap_or(u8::MAX),
            tag,
            abjad: is_abjad(w.script),
            cjk: matches!(
                w.script,
                Script::Han | Script::Hangul | Script::Hiragana | Script::Katakana
            ),
            groups: crate::variants::group_mask(&canon),
            nicknames: crate::variants::nickname_mask(&canon),
        });
    }
    let mut joined = Vec::new();
    let core: Vec<usize> = metas
        .iter()
        .enumerate()
        .filter(|(_, m)| m.tag.weight() >= 0.8)
        .map(|(i, _)| i)
        .collect();
    // Spans written as one word elsewhere: two adjacent core parts (`abdul hai`), a
    // run of particles with the core part after it (`van der bilt` → `vanderbilt`,
    // `al rahman`), and a core part, particles, core part (`abd al rahman`).
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let is_core = |k: usize| metas.get(k).is_some_and(|m| m.tag.weight() >= 0.8);
    let is_particle = |k: usize| metas.get(k).is_some_and(|m| m.tag == PartTag::Particle);
    for &j in &core {
        if j > 0 && is_core(j - 1) {
            spans.push((j - 1, j));
        }
        let mut first = j;
        while first > 0 && is_particle(first - 1) {
            first -= 1;
        }
        if first < j {
            spans.push((first, j));
            if first > 0 && is_core(first - 1) {
                spans.push((first - 1, j));
            }
        }
    }
    // A legal form written onto the name (`SiemensAG`).
    for (j, m) in metas.iter().enumerate() {
        if j > 0 && m.tag == PartTag::LegalForm && is_core(j - 1) {
            spans.push((j - 1, j));
        }
    }
    // A run of three or more single letters is an initialism (`A.B.C.` → `abc`).
    let single = |k: usize| {
        metas
            .get(k)
            .is_some_and(|m| m.text_len == 1 && m.tag.weight() >= 0.8)
    };
    let mut k = 0;
    while k < metas.len() {
        let mut e = k;
        while single(e) {
            e += 1;
        }
        if e >= k + 3 {
            spans.push((k, e - 1));
        }
        k = e.max(k + 1);
    }
    for (i, j) in spans {
        let Some(span) = metas.get(i..=j) else {
            continue;
        };
        let text: String = span.iter().map(|m| meta_str(&buf, Some(m), 0)).collect();
        let canon = canonical(&text);
        let skel = skeleton(&canon);
        let start = u16::try_from(buf.len()).unwrap_or(u16::MAX);
        let meta = PartMeta {
            start,
            text_len: u8::try_from(text.len()).unwrap_or(u8::MAX),
            canon_len: u8::try_from(canon.len()).unwrap_or(u8::MAX),
            skel_len: u8::try_from(skel.len()).unwrap_or(u8::MAX),
            tag: PartTag::Name,
            abjad: span.iter().any(|m| m.abjad),
            cjk: span.iter().all(|m| m.cjk),
            groups: crate::variants::group_mask(&canon),
            nicknames: crate::variants::nickname_mask(&canon),
        };
        buf.push_str(&text);
        buf.push_str(&canon);
        buf.push_str(&skel);
        joined.push((
            u8::try_from(i).unwrap_or(u8::MAX),
            u8::try_from(j - i + 1).unwrap_or(u8::MAX),
            meta,
        ));
    }
    NameParts {
        buf: buf.into_boxed_str(),
        metas: metas.into_boxed_slice(),
        joined: joined.into_boxed_slice(),
    }
}

/// The text (`which` 0), canonical (1) or skeleton (2) string of a part in `buf`.
fn meta_str<'a>(buf: &'a str, m: Option<&PartMeta>, which: u8) -> &'a str {
    let Some(m) = m else { return "" };
    let s = usize::from(m.start);
    let t = s + usize::from(m.text_len);
    let c = t + usize::from(m.canon_len);
    let k = c + usize::from(m.skel_len);
    let range = match which {
        0 => s..t,
        1 => t..c,
        _ => c..k,
    };
    buf.get(range).unwrap_or("")
}

impl NameParts {
    /// Number of parts.
    pub fn len(&self) -> usize {
        self.metas.len()
    }

    /// True when the name has no parts (empty or punctuation only).
    pub fn is_empty(&self) -> bool {
        self.metas.is_empty()
    }

    /// The `i`-th part.
    pub fn get(&self, i: usize) -> Option<Part<'_>> {
        self.metas.get(i).map(|m| self.part_of(m))
    }

    fn part_of(&self, m: &PartMeta) -> Part<'_> {
        Part {
            text: meta_str(&self.buf, Some(m), 0),
            canon: meta_str(&self.buf, Some(m), 1),
            skel: meta_str(&self.buf, Some(m), 2),
            tag: m.tag,
            abjad: m.abjad,
            cjk: m.cjk,
            groups: m.groups,
            nicknames: m.nicknames,
        }
    }

    /// Adjacent parts joined into one (`Abdul Hai` → `abdulhai`, `van der Bilt` →
    /// `vanderbilt`), with the index of the first part.
    pub fn joined(&self) -> impl Iterator<Item = (usize, Part<'_>)> {
        self.joined
            .iter()
            .map(|(i, _, m)| (usize::from(*i), self.part_of(m)))
    }

    /// As [`NameParts::joined`], with the number of parts each joined unit spans (two
    /// core parts; or particles with the core part after them, and the core part
    /// before them if any).
    pub fn joined_spans(&self) -> impl Iterator<Item = (usize, usize, Part<'_>)> {
        self.joined
            .iter()
            .map(|(i, n, m)| (usize::from(*i), usize::from(*n), self.part_of(m)))
    }

    /// All parts in written order.
    pub fn parts(&self) -> impl Iterator<Item = Part<'_>> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Parts that carry identity (not honorifics).
    pub fn significant(&self) -> impl Iterator<Item = Part<'_>> {
        self.parts().filter(|p| p.tag != PartTag::Honorific)
    }

    /// The transliterated name, parts separated by spaces.
    pub fn latin(&self) -> String {
        self.parts().map(|p| p.text).collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(name: &str) -> Vec<(String, PartTag)> {
        parse_name(name)
            .parts()
            .map(|p| (p.text.to_string(), p.tag))
            .collect()
    }

    #[test]
    fn tags_particles_honorifics_patronyms() {
        let t = tags("Haji Mohammed bin Abdullah Al-Amin");
        assert_eq!(t.first().map(|p| p.1), Some(PartTag::Honorific));
        assert_eq!(t.get(2).map(|p| p.1), Some(PartTag::PatronymicMarker));
        assert_eq!(t.get(3).map(|p| p.1), Some(PartTag::Patronym));
        assert_eq!(
            t.get(4).map(|p| (p.0.as_str(), p.1)),
            Some(("al", PartTag::Particle))
        );
        let t = tags("U Thein Sein");
        assert_eq!(t.first().map(|p| p.1), Some(PartTag::Honorific));
        // "Ko" opening a three-part name is an honorific; as a later syllable it is a name.
        let t = tags("Aung Ko Ko");
        assert!(t.iter().all(|p| p.1 == PartTag::Name));
        let t = tags("SALEK, Abdul Hai");
        assert_eq!(t.first().map(|p| p.1), Some(PartTag::Family));
        let t = tags("김정은");
        assert_eq!(
            t.first().map(|p| (p.0.as_str(), p.1)),
            Some(("kim", PartTag::Family))
        );
        let t = tags("Siti Aminah binti Ahmad");
        assert_eq!(t.get(2).map(|p| p.1), Some(PartTag::PatronymicMarker));
    }

    #[test]
    fn bounded_on_huge_input() {
        let big = "abcdefghij ".repeat(1000);
        let p = parse_name(&big);
        assert_eq!(p.len(), MAX_PARTS);
        let long = "x".repeat(10_000);
        assert!(
            parse_name(&long)
                .parts()
                .all(|p| p.text.len() <= MAX_PART_LEN)
        );
    }
}

//! Word-level normalisation before a name is split into parts: spelled-out company
//! legal forms become their usual abbreviation, and numbers written as words or
//! ordinals become digits, so that both spellings of one name compare as equal.
//!
//! * Legal forms (`LEGAL_FORM_PHRASES`): `Aktiengesellschaft` → `ag`, `Limited Liability
//!   Company` → `llc`, `Open Joint Stock Company` → `ojsc`, `Limited` → `ltd`,
//!   `Company` → `co`… Transliterated Russian/Ukrainian abbreviations are mapped to
//!   the English ones they stand for (`OAO` = `OJSC`, `ZAO` = `CJSC`, `PAO` = `PJSC`,
//!   `OOO`/`TOV` = `LLC`). Words are matched on their [`canonical`] spelling, so a
//!   doubled letter dropped (`Aktiengeselschaft`) still matches. Only in names of
//!   two or more words (a company called `Limited` stays `limited`).
//! * Numbers (`number_value`): `one`…`nineteen`, tens (`forty`, and the common
//!   misspelling `fourty`), a tens word followed by a unit word (`forty four`), the
//!   ordinals `first`…`twentieth` and digit ordinals (`1st`, `22nd`) → digits.

use crate::phonetic::canonical;
use crate::translit::LatinWord;

/// Spelled-out legal forms (canonical spellings of the words, longest first within
/// a shared start) and the abbreviation they are replaced by.
const LEGAL_FORM_PHRASES: &[(&[&str], &str)] = &[
    (&["open", "joint", "stock", "company"], "ojsc"),
    (&["closed", "joint", "stock", "company"], "cjsc"),
    (&["public", "joint", "stock", "company"], "pjsc"),
    (&["joint", "stock", "company"], "jsc"),
    (&["limited", "liability", "company"], "llc"),
    (&["limited", "liability", "partnership"], "llp"),
    (&["limited", "partnership"], "lp"),
    (&["public", "limited", "company"], "plc"),
    (&["gesellschaft", "mit", "beschrankter", "haftung"], "gmbh"),
    (&["aktiengesellschaft"], "ag"),
    (&["kommanditgesellschaft"], "kg"),
    (&["societe", "anonyme"], "sa"),
    (&["sociedad", "anonima"], "sa"),
    (&["societa", "per", "azioni"], "spa"),
    (&["societe", "a", "responsabilite", "limitee"], "sarl"),
    (&["sendirian", "berhad"], "sdn bhd"),
    (&["berhad"], "bhd"),
    (&["perseroan", "terbatas"], "pt"),
    (&["private", "limited"], "pvt ltd"),
    (&["limited"], "ltd"),
    (&["company"], "co"),
    (&["corporation"], "corp"),
    (&["incorporated"], "inc"),
    (&["oao"], "ojsc"),
    (&["zao"], "cjsc"),
    (&["pao"], "pjsc"),
    (&["ooo"], "llc"),
    (&["tov"], "llc"),
];

const UNITS: &[&str] = &[
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
const UNIT_ORDINALS: &[&str] = &[
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
/// Tens from twenty (index 0 = 20).
const TENS: &[&[&str]] = &[
    &["twenty", "twentieth"],
    &["thirty", "thirtieth"],
    &["forty", "fourty", "fortieth"],
    &["fifty", "fiftieth"],
    &["sixty", "sixtieth"],
    &["seventy", "seventieth"],
    &["eighty", "eightieth"],
    &["ninety", "ninetieth"],
];

fn unit_value(w: &str) -> Option<u32> {
    UNITS
        .iter()
        .chain(UNIT_ORDINALS)
        .position(|u| *u == w)
        .map(|i| (i % UNITS.len()) as u32)
}

fn tens_value(w: &str) -> Option<u32> {
    TENS.iter()
        .position(|t| t.contains(&w))
        .map(|i| 20 + 10 * i as u32)
}

/// `1st`, `22nd`, `3rd`, `4th` → the number.
fn digit_ordinal(w: &str) -> Option<&str> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = w.get(digits.len()..)?;
    (!digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(suffix, "st" | "nd" | "rd" | "th"))
    .then_some(digits)
}

/// Value of the number word(s) starting at `words[i]` and how many words it used.
fn number_value(words: &[LatinWord], i: usize) -> Option<(String, usize)> {
    let w = words.get(i)?.text.as_str();
    if let Some(d) = digit_ordinal(w) {
        return Some((d.to_string(), 1));
    }
    if let Some(t) = tens_value(w) {
        if let Some(u) = words
            .get(i + 1)
            .and_then(|n| unit_value(&n.text))
            .filter(|u| (1..10).contains(u))
        {
            return Some(((t + u).to_string(), 2));
        }
        return Some((t.to_string(), 1));
    }
    unit_value(w).map(|u| (u.to_string(), 1))
}

/// A phrase word matches a name word spelled the same, or, from six letters on, with
/// the same [`canonical`] spelling (short words such as `o` must not become `ooo`).
fn word_matches(phrase_word: &(String, String), text: &str, canon: &str) -> bool {
    text == phrase_word.0 || (text.len() >= 6 && canon == phrase_word.1)
}

/// A phrase's words (spelling, canonical spelling) and its abbreviation.
type Phrase = (Vec<(String, String)>, &'static str);

/// `LEGAL_FORM_PHRASES` with each word's canonical spelling, computed once.
static PHRASES: std::sync::LazyLock<Vec<Phrase>> = std::sync::LazyLock::new(|| {
    LEGAL_FORM_PHRASES
        .iter()
        .map(|(ph, abbr)| {
            (
                ph.iter().map(|w| (w.to_string(), canonical(w))).collect(),
                *abbr,
            )
        })
        .collect()
});

/// The normalised words of a name (see the module docs).
pub fn normalise_words(words: Vec<LatinWord>) -> Vec<LatinWord> {
    if words.len() < 2 {
        return words;
    }
    let canons: Vec<String> = words
        .iter()
        .map(|w| {
            if w.text.len() >= 6 {
                canonical(&w.text)
            } else {
                String::new()
            }
        })
        .collect();
    let phrases: &[Phrase] = &PHRASES;
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while let Some(w) = words.get(i) {
        let phrase = phrases.iter().find(|(ph, _)| {
            ph.iter()
                .enumerate()
                .all(|(k, p)| match (words.get(i + k), canons.get(i + k)) {
                    (Some(x), Some(c)) => word_matches(p, &x.text, c),
                    _ => false,
                })
        });
        if let Some((ph, abbr)) = phrase {
            for a in abbr.split(' ') {
                out.push(LatinWord {
                    text: a.to_string(),
                    script: w.script,
                });
            }
            i += ph.len();
            continue;
        }
        if let Some((digits, used)) = number_value(&words, i) {
            out.push(LatinWord {
                text: digits,
                script: w.script,
            });
            i += used;
            continue;
        }
        out.push(w.clone());
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translit::transliterate;

    fn norm(s: &str) -> String {
        normalise_words(transliterate(s))
            .into_iter()
            .map(|w| w.text)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn legal_forms_and_numbers() {
        assert_eq!(norm("Siemens Aktiengeselschaft"), "siemens ag");
        assert_eq!(norm("Open Joint Stock Company Gazprom"), "ojsc gazprom");
        assert_eq!(norm("OAO Gazprom"), "ojsc gazprom");
        assert_eq!(norm("Stripe Limited Liability Company"), "stripe llc");
        assert_eq!(norm("1st International Bank"), "1 international bank");
        assert_eq!(norm("First International Bank"), "1 international bank");
        assert_eq!(norm("Brigade Forty-Four"), "brigade 44");
        assert_eq!(norm("Three Percenters"), "3 percenters");
        assert_eq!(norm("Limited"), "limited");
    }
}

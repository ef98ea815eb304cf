//! Transliteration of names into the MRZ alphabet, per ICAO Doc 9303 Part 3 §6
//! ("Transliterations recommended for use by States").
//!
//! * Latin: the Part 3 exceptions (Ä→AE, Å→AA, Æ→AE, Ĳ→IJ, Ö→OE, Ø→OE, Œ→OE, ß→SS, Þ→TH,
//!   Ü→UE, Ð/Đ→D, Ł→L, Ħ→H, ı→I, Ŋ→N, Ŧ→T); every other accented Latin letter loses its
//!   diacritics (Unicode canonical decomposition, so Ñ→N, Ç→C, Ő→O).
//! * Cyrillic: the Part 3 table with its language exceptions (Belarusian, Bulgarian,
//!   Macedonian, Serbian, Ukrainian), chosen with [`Language`].
//! * Arabic: the Part 3 table for the base letters (`X`-prefixed digraphs such as ح→XH);
//!   short-vowel marks are dropped.
//! * Greek: ELOT 743, the table Greece uses in its MRZs (Part 3 has no Greek table).
//!
//! Separators: space, hyphen and comma become `<`; apostrophes and other punctuation are
//! omitted (Part 3 §4.6).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Language exceptions of the Cyrillic table.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// The base tables (Russian for Cyrillic).
    #[default]
    Default,
    /// Г→H, Ё→IO.
    Belarusian,
    /// Щ→SHT.
    Bulgarian,
    /// Ѓ→GJ, Ќ→KJ, Х→H, Ц→C, Џ→DJ.
    Macedonian,
    /// Г→H, Ж→Z, Х→H, Ц→C, Ч→C, Ш→S, Ћ→C.
    Serbian,
    /// И→Y.
    Ukrainian,
}

fn cyrillic(c: char, lang: Language) -> Option<&'static str> {
    use Language::*;
    Some(match c {
        'А' => "A",
        'Б' => "B",
        'В' => "V",
        'Г' => match lang {
            Belarusian | Serbian => "H",
            _ => "G",
        },
        'Ґ' => "G",
        'Д' => "D",
        'Ѓ' => {
            if lang == Macedonian {
                "GJ"
            } else {
                "G"
            }
        }
        'Ђ' => "D",
        'Е' => "E",
        'Ё' => {
            if lang == Belarusian {
                "IO"
            } else {
                "E"
            }
        }
        'Є' => "IE",
        'Ж' => {
            if lang == Serbian {
                "Z"
            } else {
                "ZH"
            }
        }
        'З' => "Z",
        'Ѕ' => "DZ",
        'И' => {
            if lang == Ukrainian {
                "Y"
            } else {
                "I"
            }
        }
        'І' | 'Ї' | 'Й' => "I",
        'Ј' => "J",
        'К' => "K",
        'Ќ' => {
            if lang == Macedonian {
                "KJ"
            } else {
                "K"
            }
        }
        'Л' => "L",
        'Љ' => "LJ",
        'М' => "M",
        'Н' => "N",
        'Њ' => "NJ",
        'О' => "O",
        'П' => "P",
        'Р' => "R",
        'С' => "S",
        'Т' => "T",
        'Ћ' => "C",
        'У' | 'Ў' | 'Ѫ' => "U",
        'Ф' => "F",
        'Х' => match lang {
            Serbian | Macedonian => "H",
            _ => "KH",
        },
        'Ц' => match lang {
            Serbian | Macedonian => "C",
            _ => "TS",
        },
        'Ч' => {
            if lang == Serbian {
                "C"
            } else {
                "CH"
            }
        }
        'Џ' => {
            if lang == Macedonian {
                "DJ"
            } else {
                "DZ"
            }
        }
        'Ш' => {
            if lang == Serbian {
                "S"
            } else {
                "SH"
            }
        }
        'Щ' => {
            if lang == Bulgarian {
                "SHT"
            } else {
                "SHCH"
            }
        }
        'Ъ' => "IE",
        'Ы' => "Y",
        'Ь' => "",
        'Э' => "E",
        'Ю' => "IU",
        'Я' => "IA",
        'Һ' => "C",
        'Ѵ' => "Y",
        _ => return None,
    })
}

fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'Ä' => "AE",
        'Å' => "AA",
        'Æ' => "AE",
        'Ĳ' => "IJ",
        'Ö' | 'Ø' | 'Œ' => "OE",
        'Ü' => "UE",
        'ẞ' => "SS",
        'Þ' => "TH",
        'Ð' | 'Đ' => "D",
        'Ł' | 'Ŀ' => "L",
        'Ħ' => "H",
        'İ' => "I",
        'Ŋ' => "N",
        'Ŧ' => "T",
        _ => return None,
    })
}

fn greek(c: char) -> Option<&'static str> {
    Some(match c {
        'Α' | 'Ά' => "A",
        'Β' => "V",
        'Γ' => "G",
        'Δ' => "D",
        'Ε' | 'Έ' => "E",
        'Ζ' => "Z",
        'Η' | 'Ή' => "I",
        'Θ' => "TH",
        'Ι' | 'Ί' | 'Ϊ' => "I",
        'Κ' => "K",
        'Λ' => "L",
        'Μ' => "M",
        'Ν' => "N",
        'Ξ' => "X",
        'Ο' | 'Ό' => "O",
        'Π' => "P",
        'Ρ' => "R",
        'Σ' => "S",
        'Τ' => "T",
        'Υ' | 'Ύ' | 'Ϋ' => "Y",
        'Φ' => "F",
        'Χ' => "CH",
        'Ψ' => "PS",
        'Ω' | 'Ώ' => "O",
        _ => return None,
    })
}

fn arabic(c: char) -> Option<&'static str> {
    Some(match c {
        'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' => "A",
        'ب' => "B",
        'ت' => "T",
        'ث' => "XTH",
        'ج' => "J",
        'ح' => "XH",
        'خ' => "XKH",
        'د' => "D",
        'ذ' => "XDH",
        'ر' => "R",
        'ز' => "Z",
        'س' => "S",
        'ش' => "XSH",
        'ص' => "XSS",
        'ض' => "XDZ",
        'ط' => "XTT",
        'ظ' => "XZZ",
        'ع' => "E",
        'غ' => "G",
        'ف' => "F",
        'ق' => "Q",
        'ك' => "K",
        'ل' => "L",
        'م' => "M",
        'ن' => "N",
        'ه' => "H",
        'و' => "W",
        'ي' => "Y",
        'ى' => "XAY",
        'پ' => "P",
        'چ' => "XC",
        'ژ' => "XJ",
        'ک' => "XKK",
        'گ' => "XGG",
        'ی' => "XYA",
        'ء' => "",
        _ => return None,
    })
}

/// Transliterates `text` into MRZ characters (`A`–`Z` and `<` between name parts).
/// Fails with the first character that has no transliteration (digits, unsupported scripts).
///
/// ```
/// use lintas_mrz::{transliterate, Language};
/// assert_eq!(transliterate("Müller-Lüdenscheidt", Language::Default).unwrap(), "MUELLER<LUEDENSCHEIDT");
/// assert_eq!(transliterate("Милица", Language::Serbian).unwrap(), "MILICA");
/// assert_eq!(transliterate("Мар'яна", Language::Ukrainian).unwrap(), "MARIANA");
/// ```
pub fn transliterate(text: &str, lang: Language) -> Result<String, char> {
    let mut out = String::with_capacity(text.len());
    let mut pending_sep = false;
    let push = |out: &mut String, s: &str, pending_sep: &mut bool| {
        if s.is_empty() {
            return;
        }
        if *pending_sep && !out.is_empty() {
            out.push('<');
        }
        *pending_sep = false;
        out.push_str(s);
    };
    for c in text.chars() {
        match c {
            ' ' | '-' | ',' | '<' | '\u{2010}' | '\u{2011}' | '\u{00A0}' => {
                pending_sep = true;
                continue;
            }
            '\'' | '’' | 'ʼ' | '`' | '´' | '.' | '‘' => continue,
            _ => {}
        }
        if c.is_ascii_alphabetic() {
            let u = c.to_ascii_uppercase();
            let mut b = [0u8; 4];
            push(&mut out, u.encode_utf8(&mut b), &mut pending_sep);
            continue;
        }
        if c == 'ß' {
            push(&mut out, "SS", &mut pending_sep);
            continue;
        }
        if c == 'ı' {
            push(&mut out, "I", &mut pending_sep);
            continue;
        }
        let upper = c.to_uppercase().next().unwrap_or(c);
        if let Some(s) = latin(upper)
            .or_else(|| cyrillic(upper, lang))
            .or_else(|| greek(upper))
            .or_else(|| arabic(c))
        {
            push(&mut out, s, &mut pending_sep);
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        // Accented letters: decompose and keep the base letter.
        let mut any = false;
        for d in upper.nfd() {
            if d.is_ascii_alphabetic() {
                let mut b = [0u8; 4];
                push(
                    &mut out,
                    d.to_ascii_uppercase().encode_utf8(&mut b),
                    &mut pending_sep,
                );
                any = true;
            } else if let Some(s) = cyrillic(d, lang).or_else(|| greek(d)).or_else(|| arabic(d)) {
                push(&mut out, s, &mut pending_sep);
                any = true;
            } else if !is_combining_mark(d) {
                return Err(c);
            }
        }
        if !any {
            return Err(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_exceptions() {
        let t = |s| transliterate(s, Language::Default).unwrap_or_default();
        assert_eq!(t("Ångström"), "AANGSTROEM");
        assert_eq!(t("Øre Ñúñez"), "OERE<NUNEZ");
        assert_eq!(t("ESPAÑOLA"), "ESPANOLA");
        assert_eq!(t("O'Brien"), "OBRIEN");
        assert_eq!(t("Straße"), "STRASSE");
        assert_eq!(t("Þór Łukasz"), "THOR<LUKASZ");
        assert_eq!(t("ÊrÌkS'ŝóN"), "ERIKSSON");
        assert_eq!(t("  Anna   Maria "), "ANNA<MARIA");
        assert_eq!(transliterate("R2D2", Language::Default), Err('2'));
    }

    #[test]
    fn cyrillic_languages() {
        assert_eq!(
            transliterate("Тест", Language::Serbian).unwrap_or_default(),
            "TEST"
        );
        assert_eq!(
            transliterate("ТКАЧЕНКО", Language::Ukrainian).unwrap_or_default(),
            "TKACHENKO"
        );
        assert_eq!(
            transliterate("Щука", Language::Bulgarian).unwrap_or_default(),
            "SHTUKA"
        );
        assert_eq!(
            transliterate("Щука", Language::Default).unwrap_or_default(),
            "SHCHUKA"
        );
        assert_eq!(
            transliterate("Игорь", Language::Default).unwrap_or_default(),
            "IGOR"
        );
        assert_eq!(
            transliterate("Ирина", Language::Ukrainian).unwrap_or_default(),
            "YRYNA"
        );
        assert_eq!(
            transliterate("Йосип", Language::Ukrainian).unwrap_or_default(),
            "IOSYP"
        );
    }

    #[test]
    fn arabic_letters() {
        assert_eq!(
            transliterate("محمود", Language::Default).unwrap_or_default(),
            "MXHMWD"
        );
        assert_eq!(
            transliterate("عبدالرحيم", Language::Default).unwrap_or_default(),
            "EBDALRXHYM"
        );
    }
}

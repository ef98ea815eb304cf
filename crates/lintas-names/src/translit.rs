//! Transliteration of names to lower-case ASCII Latin.
//!
//! Most scripts go through `any_ascii` (per-character tables maintained upstream);
//! where a per-character table cannot produce the spelling used on passports and
//! lists, a script gets its own step here (see `docs/names.md`):
//! Hangul (Revised Romanization computed from the syllable's jamo, with the
//! conventional surname spellings), Myanmar (name-syllable table), Thai/Lao (pre-posed
//! vowels moved after their consonant), Han (pinyin syllables grouped as family name +
//! joined given name) and Arabic (the article `ال` split off as `al`).

use unicode_normalization::UnicodeNormalization;
use unicode_script::{Script, UnicodeScript};

/// A word of a name after transliteration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatinWord {
    /// Lower-case ASCII letters and digits.
    pub text: String,
    /// Script the word was written in.
    pub script: Script,
}

/// Transliterates `s` to lower-case ASCII words separated by single spaces.
pub fn to_latin(s: &str) -> String {
    let words = transliterate(s);
    let mut out = String::new();
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.text);
    }
    out
}

/// Transliterates `s` into words, remembering each word's source script.
/// Control characters and punctuation separate words; apostrophes and the Arabic
/// letters rendered as `'`/`` ` `` (hamza, ayn) are dropped.
pub fn transliterate(s: &str) -> Vec<LatinWord> {
    let normalised: String = s.nfkc().collect();
    let mut words = Vec::new();
    for (script, run) in script_runs(&normalised) {
        let latin = match script {
            Script::Hangul => hangul_run(&run),
            Script::Myanmar => myanmar_run(&run),
            Script::Thai => {
                any_ascii::any_ascii(&reorder_preposed(&run, is_thai_preposed, is_thai_consonant))
            }
            Script::Lao => {
                any_ascii::any_ascii(&reorder_preposed(&run, is_lao_preposed, is_lao_consonant))
            }
            Script::Han => han_run(&run),
            Script::Arabic => arabic_run(&run),
            _ => any_ascii::any_ascii(&run),
        };
        push_words(&latin, script, &mut words);
    }
    words
}

fn push_words(latin: &str, script: Script, words: &mut Vec<LatinWord>) {
    let mut cur = String::new();
    for c in latin.chars() {
        if c.is_ascii_alphanumeric() {
            cur.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '`' || c == '\u{2019}' {
            // hamza/ayn and apostrophes inside a name do not separate words
        } else if !cur.is_empty() {
            words.push(LatinWord {
                text: std::mem::take(&mut cur),
                script,
            });
        }
    }
    if !cur.is_empty() {
        words.push(LatinWord { text: cur, script });
    }
}

/// Splits text into runs of one script; `Common`/`Inherited` characters (spaces,
/// punctuation, combining marks) stay with the run they are in.
fn script_runs(s: &str) -> Vec<(Script, String)> {
    let mut runs: Vec<(Script, String)> = Vec::new();
    for c in s.chars() {
        if c.is_control() {
            push_char(&mut runs, Script::Common, ' ');
            continue;
        }
        let sc = c.script();
        let attach = matches!(sc, Script::Common | Script::Inherited | Script::Unknown);
        match runs.last_mut() {
            Some((rs, text)) if attach || *rs == sc => text.push(c),
            Some((rs, text)) if matches!(*rs, Script::Common) => {
                *rs = sc;
                text.push(c);
            }
            _ => runs.push((if attach { Script::Common } else { sc }, c.to_string())),
        }
    }
    runs
}

fn push_char(runs: &mut Vec<(Script, String)>, script: Script, c: char) {
    match runs.last_mut() {
        Some((_, text)) => text.push(c),
        None => runs.push((script, c.to_string())),
    }
}

// ---------------------------------------------------------------- Hangul (RR 2000)

const RR_INITIAL: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const RR_MEDIAL: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
// Final consonants as pronounced at the end of a syllable (RR rule for codas).
const RR_FINAL: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// Conventional (passport) spellings of the commonest surnames, keyed by their RR form.
const KOREAN_SURNAMES: &[(&str, &str)] = &[
    ("gim", "kim"),
    ("i", "lee"),
    ("bak", "park"),
    ("choe", "choi"),
    ("jo", "cho"),
    ("gang", "kang"),
    ("yun", "yoon"),
    ("o", "oh"),
    ("sin", "shin"),
    ("gwon", "kwon"),
    ("an", "ahn"),
    ("yu", "yoo"),
    ("go", "ko"),
    ("mun", "moon"),
    ("no", "roh"),
    ("sim", "shim"),
    ("gwak", "kwak"),
    ("seong", "sung"),
    ("ju", "joo"),
    ("u", "woo"),
    ("gu", "koo"),
    ("eom", "um"),
    ("im", "lim"),
    ("bae", "bae"),
];

fn hangul_syllable(c: char) -> Option<String> {
    let code = u32::from(c);
    if !(0xAC00..=0xD7A3).contains(&code) {
        return None;
    }
    let idx = (code - 0xAC00) as usize;
    let l = idx / (21 * 28);
    let v = (idx % (21 * 28)) / 28;
    let t = idx % 28;
    let mut s = String::new();
    s.push_str(RR_INITIAL.get(l)?);
    s.push_str(RR_MEDIAL.get(v)?);
    s.push_str(RR_FINAL.get(t)?);
    Some(s)
}

/// A Korean name word: the first syllable is the family name, the rest the given name
/// written as one word (e.g. 김정은 → `kim jeongeun`). Words of one or more than four
/// syllables are written as one word.
fn hangul_run(run: &str) -> String {
    let mut out = String::new();
    for word in run.split(|c: char| !is_hangul_syllable(c)) {
        if word.is_empty() {
            out.push(' ');
            continue;
        }
        let syllables: Vec<String> = word.chars().filter_map(hangul_syllable).collect();
        let n = syllables.len();
        if (2..=4).contains(&n) {
            let mut iter = syllables.into_iter();
            let family = iter.next().unwrap_or_default();
            let family = KOREAN_SURNAMES
                .iter()
                .find(|(rr, _)| *rr == family)
                .map(|(_, conv)| (*conv).to_string())
                .unwrap_or(family);
            out.push_str(&family);
            out.push(' ');
            out.extend(iter);
        } else {
            out.extend(syllables);
        }
        out.push(' ');
    }
    out
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

// ---------------------------------------------------------------- Myanmar

/// Burmese name syllables with their conventional (not MLC) spellings, longest first
/// at lookup time. Burmese names are sequences of such syllables, each written as a
/// separate word in Latin (အောင်ကိုကို → `aung ko ko`).
const MYANMAR_SYLLABLES: &[(&str, &str)] = &[
    ("အောင်", "aung"),
    ("ကို", "ko"),
    ("ကျော်", "kyaw"),
    ("မောင်", "maung"),
    ("ဦး", "u"),
    ("ဒေါ်", "daw"),
    ("မင်း", "min"),
    ("သန်း", "than"),
    ("ထွန်း", "tun"),
    ("စိုး", "soe"),
    ("ဝင်း", "win"),
    ("မြင့်", "myint"),
    ("ဇော်", "zaw"),
    ("လှ", "hla"),
    ("မျိုး", "myo"),
    ("ညွန့်", "nyunt"),
    ("ခင်", "khin"),
    ("နိုင်", "naing"),
    ("ဆန်း", "san"),
    ("စန်း", "san"),
    ("သိန်း", "thein"),
    ("ထင်", "htin"),
    ("ထိန်", "htein"),
    ("ကြည်", "kyi"),
    ("ချစ်", "chit"),
    ("ဉာဏ်", "nyan"),
    ("မြ", "mya"),
    ("နု", "nu"),
    ("နွယ်", "nwe"),
    ("ဖြူ", "phyu"),
    ("ရီ", "yi"),
    ("ဇင်", "zin"),
    ("သူ", "thu"),
    ("ရဲ", "ye"),
    ("ပိုင်", "paing"),
    ("ဟိန်း", "hein"),
    ("လွင်", "lwin"),
    ("မာ", "mar"),
    ("သက်", "thet"),
    ("ထက်", "htet"),
    ("ဝေ", "wai"),
    ("ငွေ", "ngwe"),
    ("တင်", "tin"),
    ("သော်", "thaw"),
    ("ဆွေ", "swe"),
    ("စု", "su"),
    ("ကြီး", "gyi"),
    ("လေး", "lay"),
    ("ညို", "nyo"),
    ("ဘ", "ba"),
    ("ထူး", "htoo"),
    ("အေး", "aye"),
    ("မြတ်", "myat"),
    ("ပြည့်", "pyae"),
    ("လင်း", "lin"),
    ("ရန်", "yan"),
    ("နောင်", "naung"),
    ("ကောင်း", "kaung"),
    ("ဇေယျာ", "zeya"),
    ("ဗိုလ်", "bo"),
    ("ဘို", "bo"),
    ("မ", "ma"),
    ("သီ", "thi"),
    ("နန္ဒာ", "nanda"),
    ("ခိုင်", "khaing"),
    ("ကျင်", "kyin"),
    ("စော", "saw"),
    ("နော်", "naw"),
    ("ဖြိုး", "phyo"),
    ("ပိုး", "po"),
    ("ဦ", "u"),
    ("သွင်", "thwin"),
    ("ချို", "cho"),
    ("ငြိမ်း", "nyein"),
    ("ဟန်", "han"),
    ("မိုး", "moe"),
    ("ဌေး", "htay"),
    ("ထွေး", "htwe"),
    ("ရွှေ", "shwe"),
    ("လွင့်", "lwin"),
    ("သစ်", "thit"),
    ("ညီ", "nyi"),
    ("ခ", "kha"),
];

fn myanmar_run(run: &str) -> String {
    let mut out = String::new();
    let mut rest = run;
    while let Some(first) = rest.chars().next() {
        let best = MYANMAR_SYLLABLES
            .iter()
            .filter(|(my, _)| rest.starts_with(my))
            .max_by_key(|(my, _)| my.len());
        match best {
            Some((my, latin)) => {
                out.push(' ');
                out.push_str(latin);
                out.push(' ');
                rest = rest.get(my.len()..).unwrap_or("");
            }
            None => {
                out.push_str(&any_ascii::any_ascii_char(first).replace('\'', ""));
                rest = rest.get(first.len_utf8()..).unwrap_or("");
            }
        }
    }
    out
}

// ---------------------------------------------------------------- Thai / Lao

fn is_thai_preposed(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}
fn is_thai_consonant(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c)
}
fn is_lao_preposed(c: char) -> bool {
    ('\u{0EC0}'..='\u{0EC4}').contains(&c)
}
fn is_lao_consonant(c: char) -> bool {
    ('\u{0E81}'..='\u{0EAE}').contains(&c)
}

/// Thai and Lao write some vowels before the consonant they follow in speech; a
/// per-character table then puts the vowel first (ใจ → `aich`). Move each such vowel
/// after its consonant (and after a second consonant when that is ร/ล/ว, a cluster).
fn reorder_preposed(run: &str, preposed: fn(char) -> bool, consonant: fn(char) -> bool) -> String {
    let chars: Vec<char> = run.chars().collect();
    let mut out = String::with_capacity(run.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if preposed(c)
            && let Some(&c1) = chars.get(i + 1).filter(|c1| consonant(**c1))
        {
            {
                out.push(c1);
                let mut used = 2;
                if let Some(&c2) = chars.get(i + 2)
                    && matches!(
                        c2,
                        '\u{0E23}' | '\u{0E25}' | '\u{0E27}' | '\u{0EA3}' | '\u{0EA5}' | '\u{0EA7}'
                    )
                    && chars.get(i + 3).is_some_and(|c3| consonant(*c3))
                {
                    out.push(c2);
                    used = 3;
                }
                out.push(c);
                i += used;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

// ---------------------------------------------------------------- Han

/// Two-character Chinese surnames (compound surnames).
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "尉迟", "公孙",
    "慕容", "令狐", "夏侯", "司徒",
];

/// Han names as pinyin: a 2–4 character word is family name + given name joined
/// (习近平 → `xi jinping`), as Chinese names are written on passports.
fn han_run(run: &str) -> String {
    let mut out = String::new();
    for word in run.split(|c: char| c.script() != Script::Han) {
        let n = word.chars().count();
        if n == 0 {
            out.push(' ');
            continue;
        }
        let pinyin: Vec<String> = word
            .chars()
            .map(|c| any_ascii::any_ascii_char(c).to_ascii_lowercase())
            .collect();
        if (2..=4).contains(&n) {
            let family_len = if COMPOUND_SURNAMES.iter().any(|s| word.starts_with(s)) && n > 2 {
                2
            } else {
                1
            };
            for (i, p) in pinyin.iter().enumerate() {
                if i == family_len {
                    out.push(' ');
                }
                out.push_str(p);
            }
        } else {
            for p in pinyin {
                out.push_str(&p);
                out.push(' ');
            }
        }
        out.push(' ');
    }
    out
}

// ---------------------------------------------------------------- Arabic script

/// Arabic-script words through `any_ascii`, with the definite article split off
/// (الرحمن → `al rhmn`) and tā' marbūṭa read as `a` (فاطمة → `ftma`).
fn arabic_run(run: &str) -> String {
    let mut out = String::new();
    for word in run.split_whitespace() {
        let body = match word.strip_prefix("ال") {
            Some(rest) if rest.chars().count() >= 2 => {
                out.push_str(" al ");
                rest
            }
            _ => word,
        };
        for c in body.chars() {
            match c {
                'ة' => out.push('a'),
                'ى' => out.push('a'),
                _ => out.push_str(any_ascii::any_ascii_char(c)),
            }
        }
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_scripts_to_latin() {
        assert_eq!(to_latin("Nguyễn Văn An"), "nguyen van an");
        assert_eq!(to_latin("Đặng Thị Hà"), "dang thi ha");
        assert_eq!(to_latin("김정은"), "kim jeongeun");
        assert_eq!(to_latin("박근혜"), "park geunhye");
        assert_eq!(to_latin("习近平"), "xi jinping");
        assert_eq!(to_latin("歐陽修明"), "ouyang xiuming");
        assert_eq!(to_latin("အောင်ကိုကို"), "aung ko ko");
        assert_eq!(to_latin("ဦးသိန်းစိန်").split(' ').next(), Some("u"));
        assert_eq!(to_latin("ใจดี"), "chaidi");
        assert_eq!(to_latin("Владимир Путин"), "vladimir putin");
        assert_eq!(to_latin("عبد الرحمن"), "bd al rhmn");
        assert_eq!(to_latin("فاطمة"), "ftma");
        assert_eq!(to_latin("やまだ たろう"), "yamada tarou");
        assert_eq!(to_latin("রহিম উদ্দিন"), "rhim uddin");
        assert_eq!(to_latin("O'Brien\u{0007}Smith"), "obrien smith");
        assert_eq!(to_latin(""), "");
    }

    #[test]
    fn words_keep_their_script() {
        let w = transliterate("Ali علي");
        assert_eq!(w.len(), 2);
        assert_eq!(w.first().map(|w| w.script), Some(Script::Latin));
        assert_eq!(w.get(1).map(|w| w.script), Some(Script::Arabic));
    }
}

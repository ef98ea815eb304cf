//! Phonetic keys for transliterated name parts.
//!
//! Two levels, both on lower-case ASCII:
//! * [`canonical`] folds spelling variants that transliteration conventions produce for
//!   the same sound (`ph`/`f`, `kh`/`k`, `ee`/`i`, `ou`/`u`, doubled letters, OCR digits) and
//!   is what the string similarity compares;
//! * [`skeleton`] keeps only consonant classes (vowels, `h`, `w`, `y` dropped; `b/p`, `d/t`,
//!   `c/g/k/q`, `s/z`, `f/v` merged). It is the index key, and how a name written in an
//!   abjad (Arabic script, written without short vowels) is compared with a Latin one:
//!   محمد → `mhmd` and `Mohammed` → `mohamed` → skeleton `mmt`.
//!
//! These are written for the region's transliteration families rather than taken from
//! an English-centred algorithm (Soundex/Metaphone drop or merge distinctions such as
//! `j`/`g` and keep ones such as `ph`/`f` inconsistently for Arabic and Malay names).

/// Maximum number of characters of a name part that keys and similarity look at;
/// longer parts (garbage, 10 KB inputs) are truncated so work per part stays bounded.
pub const MAX_PART_LEN: usize = 40;

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Folds transliteration spelling variants of one lower-case ASCII name part.
pub fn canonical(part: &str) -> String {
    let src: Vec<u8> = part
        .bytes()
        .take(MAX_PART_LEN)
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let has_letter = src.iter().any(u8::is_ascii_alphabetic);
    let mut out: Vec<u8> = Vec::with_capacity(src.len());
    let mut i = 0;
    while let Some(&c) = src.get(i) {
        let next = src.get(i + 1).copied();
        let next2 = src.get(i + 2).copied();
        let (emit, used): (&[u8], usize) = match (c, next, next2) {
            (b's', Some(b'c'), Some(b'h')) => (b"sh", 3),
            (b't', Some(b'c'), Some(b'h')) => (b"ch", 3),
            (b'p', Some(b'h'), _) => (b"f", 2),
            (b'k', Some(b'h'), _) => (b"k", 2),
            (b'g', Some(b'h'), _) => (b"g", 2),
            (b'd', Some(b'h'), _) => (b"d", 2),
            (b't', Some(b'h'), _) => (b"t", 2),
            (b'c', Some(b'k'), _) => (b"k", 2),
            (b'd', Some(b'j'), _) => (b"j", 2),
            (b'z', Some(b'h'), _) => (b"j", 2),
            (b'e', Some(b'e'), _) => (b"i", 2),
            (b'o', Some(b'o'), _) => (b"u", 2),
            (b'o', Some(b'u'), _) => (b"u", 2),
            (b'q', _, _) => (b"k", 1),
            (b'c', Some(b'e' | b'i' | b'y'), _) => (b"s", 1),
            (b'c', Some(b'h'), _) => (b"ch", 2),
            (b'c', _, _) => (b"k", 1),
            (b'y', _, _) if i > 0 => (b"i", 1),
            (b'0', _, _) if has_letter => (b"o", 1),
            (b'1', _, _) if has_letter => (b"l", 1),
            (b'5', _, _) if has_letter => (b"s", 1),
            (b'8', _, _) if has_letter => (b"b", 1),
            _ => (std::slice::from_ref(&c), 1),
        };
        for &e in emit {
            if out.last() != Some(&e) {
                out.push(e);
            }
        }
        i += used;
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The consonant-class skeleton of a canonical name part (see the module docs).
pub fn skeleton(canon: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(canon.len());
    // Repeated classes merge only when adjacent in the spelling: the two m of
    // Muhammad (mu-h-am-mad) stay two, so it does not collide with Ahmed.
    let mut last: u8 = 0;
    for c in canon.bytes() {
        let class = match c {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'h' | b'w' => {
                last = 0;
                continue;
            }
            b'p' => b'b',
            b'd' => b't',
            b'c' | b'g' | b'q' => b'k',
            b'z' => b's',
            b'v' => b'f',
            b'x' => b'k',
            other => other,
        };
        if last != class {
            out.push(class);
        }
        last = class;
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Consonant classes of a canonical part as [`skeleton`] computes them, but keeping
/// `h` as a consonant: in an abjad `h` (ح, ه) is a written letter, and a Latin `h`
/// left after digraph folding (`kh`, `sh`, `th`… are folded by [`canonical`]) is one
/// too. Used to confirm a cross-script skeleton match without allocating.
fn classes_h(canon: &str) -> impl Iterator<Item = u8> + '_ {
    let mut last: u8 = 0;
    canon.bytes().filter_map(move |c| {
        let class = match c {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' => {
                last = 0;
                return None;
            }
            b'p' => b'b',
            b'd' => b't',
            b'c' | b'g' | b'q' | b'x' => b'k',
            b'z' => b's',
            b'v' => b'f',
            other => other,
        };
        let emit = last != class;
        last = class;
        emit.then_some(class)
    })
}

/// True when two canonical parts have the same consonant classes with `h` counted.
pub fn same_skeleton_with_h(a: &str, b: &str) -> bool {
    classes_h(a).eq(classes_h(b))
}

/// Number of consonant classes of a canonical part, `h` counted (see
/// [`same_skeleton_with_h`]).
pub fn consonants_with_h(canon: &str) -> usize {
    classes_h(canon).count()
}

/// True for the letters the similarity treats as vowels.
pub fn vowel(c: u8) -> bool {
    is_vowel(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_folds_variants() {
        assert_eq!(canonical("mohammed"), "mohamed");
        assert_eq!(canonical("muhammad"), "muhamad");
        assert_eq!(canonical("khaled"), "kaled");
        assert_eq!(canonical("yousef"), "yusef");
        assert_eq!(canonical("youssef"), "yusef");
        assert_eq!(canonical("sheeraz"), "shiraz");
        assert_eq!(canonical("phuong"), "fuong");
        assert_eq!(canonical("m0hamed"), "mohamed");
        assert_eq!(canonical("2"), "2");
        assert_eq!(canonical(""), "");
    }

    #[test]
    fn skeleton_matches_abjad_rendering() {
        assert_eq!(
            skeleton(&canonical("mohammed")),
            skeleton(&canonical("mhmd"))
        );
        assert_eq!(skeleton(&canonical("anwari")), skeleton(&canonical("nwry")));
        assert_eq!(skeleton(&canonical("omar")), skeleton(&canonical("mr")));
        assert_ne!(
            skeleton(&canonical("omar")),
            skeleton(&canonical("amir")).replace('r', "n")
        );
    }
}

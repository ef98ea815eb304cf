//! Script detection: which writing systems a name is written in.

use unicode_script::{Script, UnicodeScript};

/// The script of one character; `Common` and `Inherited` for digits, punctuation and
/// combining marks that belong to the surrounding text.
pub fn char_script(c: char) -> Script {
    c.script()
}

/// The scripts of the letters in `s`, most frequent first (ties keep first appearance).
/// Digits, punctuation and combining marks are not counted.
pub fn detect_scripts(s: &str) -> Vec<Script> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for c in s.chars() {
        let sc = c.script();
        if matches!(sc, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        match counts.iter_mut().find(|(s, _)| *s == sc) {
            Some((_, n)) => *n += 1,
            None => counts.push((sc, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|(s, _)| s).collect()
}

/// The dominant script of `s`, `None` when it has no letters.
pub fn dominant_script(s: &str) -> Option<Script> {
    detect_scripts(s).into_iter().next()
}

/// Scripts that write consonants only (vowels are usually omitted), so a Latin
/// rendering of a name in them must be compared on its consonant skeleton.
pub fn is_abjad(script: Script) -> bool {
    matches!(
        script,
        Script::Arabic | Script::Hebrew | Script::Syriac | Script::Thaana
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_region_scripts() {
        assert_eq!(dominant_script("محمد طاهر"), Some(Script::Arabic));
        assert_eq!(dominant_script("အောင်ကိုကို"), Some(Script::Myanmar));
        assert_eq!(dominant_script("สมชาย"), Some(Script::Thai));
        assert_eq!(dominant_script("习近平"), Some(Script::Han));
        assert_eq!(dominant_script("김정은"), Some(Script::Hangul));
        assert_eq!(dominant_script("Nguyễn Văn An"), Some(Script::Latin));
        assert_eq!(dominant_script("123 -"), None);
        assert_eq!(
            detect_scripts("Ali علي علي"),
            vec![Script::Arabic, Script::Latin]
        );
    }
}

//! The name field: primary identifier `<<` secondary identifier (Doc 9303 Part 3 §4.6).

/// A split name.
pub(crate) struct Name {
    pub primary: String,
    pub secondary: String,
    pub truncated: bool,
    /// First structural problem found, if any.
    pub problem: Option<&'static str>,
}

/// Copies `raw` into a string with each `<` replaced by a space.
fn spaced(raw: &[u8]) -> String {
    let mut s = String::with_capacity(raw.len());
    for &b in raw {
        s.push(if b == b'<' { ' ' } else { char::from(b) });
    }
    s
}

/// Splits a name field. Only call with bytes already checked to be `A`–`Z` or `<`.
pub(crate) fn split(raw: &[u8]) -> Name {
    let truncated = raw.last().is_some_and(|&b| b != b'<');
    let mut end = raw.len();
    while end > 0 && raw[end - 1] == b'<' {
        end -= 1;
    }
    let used = &raw[..end];
    let sep = used.windows(2).position(|w| w == b"<<");
    let (primary, secondary) = match sep {
        Some(i) => (&used[..i], &used[i + 2..]),
        None => (used, &used[used.len()..]),
    };
    let mut problem = None;
    if used.is_empty() {
        problem = Some("the name field is empty");
    } else if primary.first() == Some(&b'<') || secondary.first() == Some(&b'<') {
        problem = Some("a name component starts with a filler");
    } else if secondary.windows(2).any(|w| w == b"<<") {
        problem = Some("more than one primary/secondary separator `<<`");
    } else if primary.is_empty() && secondary.is_empty() {
        problem = Some("the name field is empty");
    }
    Name {
        primary: spaced(primary),
        secondary: spaced(secondary),
        truncated,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let n = split(b"ERIKSSON<<ANNA<MARIA<<<<<<<<<<");
        assert_eq!(
            (n.primary.as_str(), n.secondary.as_str()),
            ("ERIKSSON", "ANNA MARIA")
        );
        assert!(!n.truncated && n.problem.is_none());
        let n = split(b"SUKARNO<<<<<<<<<<<<<<");
        assert_eq!((n.primary.as_str(), n.secondary.as_str()), ("SUKARNO", ""));
        assert!(n.problem.is_none());
        let n = split(b"<<ANNA<MARIA<<<<<<<<");
        assert_eq!(
            (n.primary.as_str(), n.secondary.as_str()),
            ("", "ANNA MARIA")
        );
        assert!(n.problem.is_none());
        let n = split(b"JOHN<SMEAGOL<<WENDY<LIESSETTEF");
        assert!(n.truncated);
        let n = split(b"<SPECIMEN<<SPECIMEN<<BAD<<<<");
        assert!(n.problem.is_some());
        assert!(split(b"<<<<<<<<").problem.is_some());
    }
}

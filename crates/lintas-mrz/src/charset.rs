//! The MRZ character set and the 7-3-1 check digit of ICAO Doc 9303 Part 3 §4.9.

/// Numeric value of an MRZ character: `0`–`9` → 0–9, `A`–`Z` → 10–35, `<` → 0.
#[inline]
pub(crate) const fn char_value(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some((b - b'0') as u32),
        b'A'..=b'Z' => Some((b - b'A') as u32 + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// True for the characters allowed anywhere in an MRZ (`A`–`Z`, `0`–`9`, `<`).
#[inline]
pub(crate) const fn is_mrz_char(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'A'..=b'Z' | b'<')
}

/// Weighted sum of `data` with weights 7, 3, 1 starting at weight index `offset`.
/// Returns `None` when `data` contains a character outside the MRZ set.
#[inline]
pub(crate) fn weighted_sum(data: &[u8], offset: usize) -> Option<u32> {
    const W: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    for (i, &b) in data.iter().enumerate() {
        sum += char_value(b)? * W[(i + offset) % 3];
    }
    Some(sum)
}

/// Check digit (0–9) over a run of MRZ characters, or `None` if a character is not in the
/// MRZ set.
///
/// ```
/// assert_eq!(lintas_mrz::check_digit("L898902C3"), Some(6));
/// assert_eq!(lintas_mrz::check_digit("l898902c3"), None);
/// ```
pub fn check_digit(data: &str) -> Option<u8> {
    check_digit_bytes(data.as_bytes())
}

/// [`check_digit`] over bytes.
#[inline]
pub(crate) fn check_digit_bytes(data: &[u8]) -> Option<u8> {
    weighted_sum(data, 0).map(|s| (s % 10) as u8)
}

/// Check digit over several spans read as one string (the composite check digit).
#[inline]
pub(crate) fn check_digit_concat<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Option<u8> {
    let mut sum = 0u32;
    let mut offset = 0usize;
    for p in parts {
        sum += weighted_sum(p, offset)?;
        offset += p.len();
    }
    Some((sum % 10) as u8)
}

/// Value of a printed check digit character. `<` counts as 0 (allowed for an empty TD3
/// personal number).
#[inline]
pub(crate) const fn printed_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'<' => Some(0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_b_to_j_alias_digits() {
        // Documented weakness of 7-3-1: values differ by 10.
        assert_eq!(check_digit("BCDEFGHIJ"), check_digit("123456789"));
    }

    #[test]
    fn concat_equals_joined() {
        let a = b"L898902C36".as_slice();
        let b = b"7408122".as_slice();
        let c = b"1204159ZE184226B<<<<<1".as_slice();
        let joined = [a, b, c].concat();
        assert_eq!(check_digit_concat([a, b, c]), check_digit_bytes(&joined));
        assert_eq!(check_digit_bytes(&joined), Some(0));
    }
}

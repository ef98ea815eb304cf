//! String similarity of name parts that charges less for the differences
//! transliteration and OCR produce.
//!
//! A weighted optimal-string-alignment distance (Levenshtein plus adjacent
//! transposition) over [`canonical`](crate::phonetic::canonical) forms: vowel-for-vowel
//! substitutions and vowel insertions are cheap (u/o, e/i, a/e…), so are pairs that
//! transliterations and OCR swap (b/p, d/t, g/k, s/z, v/w, j/y, m/n, l/i, l/r…);
//! digraph and doubled-letter variants are folded before (ph/f, kh/k, ee/i, ou/u, mm/m).
//! No crate offers custom substitution weights (strsim's distances are unit-cost), so
//! this is written here.

use crate::parts::Part;
use crate::phonetic::vowel;

/// Fuzzy similarities below this are not needed exactly by any caller (name
/// comparison aligns parts from 0.62), so the distance may stop early below it.
const SIMILARITY_FLOOR: f64 = 0.6;

/// How two name parts matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartMatchKind {
    /// Identical after transliteration.
    Exact,
    /// Same after folding spelling variants (ph/f, ee/i, double letters…).
    Spelling,
    /// Listed variants of one name (Muhammad/Mohd, Kim/Gim, Wong/Huang…).
    Variant,
    /// Same consonant skeleton, one side written in an abjad (Arabic script).
    Skeleton,
    /// Close by weighted edit distance (typos, OCR, transliteration).
    Fuzzy,
    /// An initial matched the start of a part.
    Initial,
}

impl PartMatchKind {
    /// Lower-case label used in reasons.
    pub fn label(self) -> &'static str {
        match self {
            PartMatchKind::Exact => "exact",
            PartMatchKind::Spelling => "spelling variant",
            PartMatchKind::Variant => "known variant",
            PartMatchKind::Skeleton => "consonant skeleton",
            PartMatchKind::Fuzzy => "fuzzy",
            PartMatchKind::Initial => "initial",
        }
    }
}

/// Substitution costs for every pair of ASCII bytes, computed once (one row per letter).
static SUB_COSTS: std::sync::LazyLock<Box<[[f64; 128]; 128]>> = std::sync::LazyLock::new(|| {
    let mut t = Box::new([[1.0; 128]; 128]);
    for (a, row) in (0u8..).zip(t.iter_mut()) {
        for (b, c) in (0u8..).zip(row.iter_mut()) {
            *c = sub_cost_slow(a, b);
        }
    }
    t
});

fn sub_cost_slow(a: u8, b: u8) -> f64 {
    if a == b {
        return 0.0;
    }
    let pair = |x: u8, y: u8| (a == x && b == y) || (a == y && b == x);
    if vowel(a) && vowel(b) {
        if pair(b'u', b'o') || pair(b'i', b'e') || pair(b'i', b'y') || pair(b'e', b'a') {
            return 0.25;
        }
        return 0.4;
    }
    const CLOSE: &[(u8, u8)] = &[
        (b'b', b'p'),
        (b'd', b't'),
        (b'g', b'k'),
        (b'k', b'c'),
        (b's', b'z'),
        (b's', b'c'),
        (b'f', b'v'),
        (b'v', b'w'),
        (b'w', b'u'),
        (b'j', b'y'),
        (b'j', b'g'),
        (b'j', b'z'),
        (b'm', b'n'),
        (b'i', b'l'),
        (b'l', b'r'),
        (b'f', b'p'),
        (b'k', b'h'),
        (b'x', b's'),
        (b'x', b'k'),
        (b'y', b'e'),
        (b'w', b'o'),
        (b'b', b'v'),
        (b'q', b'k'),
        (b'l', b'1'),
        (b'o', b'0'),
        (b'i', b'1'),
        (b's', b'5'),
        (b'b', b'8'),
    ];
    if CLOSE.iter().any(|&(x, y)| pair(x, y)) {
        return 0.5;
    }
    1.0
}

fn indel_cost(c: u8, abjad_other: bool) -> f64 {
    if vowel(c) || c == b'w' {
        if abjad_other { 0.1 } else { 0.5 }
    } else if c == b'h' {
        0.35
    } else {
        1.0
    }
}

const MAXLEN: usize = crate::phonetic::MAX_PART_LEN + 1;

/// Weighted OSA distance between two ASCII strings. `a_abjad`/`b_abjad`: that side was
/// written without vowels, so inserting vowels into it is nearly free.
pub fn weighted_distance(a: &[u8], b: &[u8], a_abjad: bool, b_abjad: bool) -> f64 {
    bounded_distance(a, b, a_abjad, b_abjad, f64::INFINITY)
}

/// As [`weighted_distance`], but may stop early and return any value above `limit`
/// once every alignment costs more than `limit` (most pairs of different names stop
/// after a few rows).
pub fn bounded_distance(a: &[u8], b: &[u8], a_abjad: bool, b_abjad: bool, limit: f64) -> f64 {
    let a = a.get(..a.len().min(MAXLEN - 1)).unwrap_or(a);
    let b = b.get(..b.len().min(MAXLEN - 1)).unwrap_or(b);
    // Name parts are mostly short: small rows are cheaper to set up.
    if a.len() < SHORT && b.len() < SHORT {
        distance_rows::<SHORT>(a, b, a_abjad, b_abjad, limit)
    } else {
        distance_rows::<MAXLEN>(a, b, a_abjad, b_abjad, limit)
    }
}

/// The smaller of two costs. Costs are never NaN, so this is `f64::min` without its
/// NaN handling (one instruction instead of several, in the innermost loop).
#[inline(always)]
fn min(a: f64, b: f64) -> f64 {
    if b < a { b } else { a }
}

/// Row length of the distance for parts shorter than this.
const SHORT: usize = 16;

/// [`bounded_distance`] with rows of `N` cells (`b` shorter than `N`).
fn distance_rows<const N: usize>(
    a: &[u8],
    b: &[u8],
    a_abjad: bool,
    b_abjad: bool,
    limit: f64,
) -> f64 {
    let m = b.len().min(N - 1);
    let b = b.get(..m).unwrap_or(b);
    let costs: &[[f64; 128]; 128] = &SUB_COSTS;
    // Indel costs per letter, once per call rather than once per cell.
    let mut ins_buf = [0f64; N];
    let ins_b = ins_buf.get_mut(..m).unwrap_or(&mut []);
    for (c, &x) in ins_b.iter_mut().zip(b) {
        *c = indel_cost(x, a_abjad);
    }
    let ins_b: &[f64] = ins_b;
    // Rows two back, previous and current (OSA needs i-2), rotated by reference.
    let (mut r0, mut r1, mut r2) = ([0f64; N], [0f64; N], [0f64; N]);
    let (Some(mut prev2), Some(mut prev), Some(mut cur)) =
        (r2.get_mut(..=m), r0.get_mut(..=m), r1.get_mut(..=m))
    else {
        return f64::INFINITY;
    };
    for j in 1..=m {
        prev[j] = prev[j - 1] + ins_b[j - 1];
    }
    let mut prev_min = 0.0f64;
    let mut before = 0u8;
    for (i, &ca) in a.iter().enumerate() {
        // This letter's substitution costs against every letter (the diagonal is 0, so
        // equal letters need no test).
        let sub_row = &costs[usize::from(ca & 0x7f)];
        let del_a = indel_cost(ca, b_abjad);
        // A transposition needs `before ca` against `ca before`, the two different.
        let transposable = i > 0 && ca != before;
        let Some((cur0, cur_rest)) = cur.split_first_mut() else {
            break;
        };
        let first = prev[0] + del_a;
        *cur0 = first;
        let (mut cur_min, mut diag, mut left, mut cb_before) = (first, prev[0], first, 0u8);
        // Cells 1..=m of the row (iterators: no bounds checks in the innermost loop).
        let cells = cur_rest
            .iter_mut()
            .zip(prev.iter().skip(1))
            .zip(ins_b)
            .zip(b);
        for (j, (((cell, &up), &ins), &cb)) in cells.enumerate() {
            let mut best = min(
                min(up + del_a, left + ins),
                diag + sub_row[usize::from(cb & 0x7f)],
            );
            // `j` is the 0-based column: the cell two back in both is prev2[j - 1].
            if transposable
                && j > 0
                && ca == cb_before
                && before == cb
                && let Some(&t) = prev2.get(j - 1)
            {
                best = min(best, t + 0.5);
            }
            *cell = best;
            cur_min = min(cur_min, best);
            diag = up;
            left = best;
            cb_before = cb;
        }
        // Costs never decrease along a path, and every path passes through this row or
        // the previous one (a transposition skips one row): stop when both rows'
        // costs all exceed the limit.
        if i > 0 && cur_min > limit && prev_min > limit {
            return limit + 1.0;
        }
        prev_min = cur_min;
        before = ca;
        (prev2, prev, cur) = (prev, cur, prev2);
    }
    prev[m]
}

/// Similarity in [0, 1] of two canonical strings (1 = same).
pub fn string_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let len = a.len().max(b.len()).min(MAXLEN - 1);
    if len == 0 {
        return if a.len() == b.len() { 1.0 } else { 0.0 };
    }
    (1.0 - weighted_distance(a, b, false, false) / len as f64).max(0.0)
}

/// Similarity of two canonical strings, or 0 when it is certainly below `min`.
fn bounded_similarity(a: &str, b: &str, min: f64) -> f64 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let len = a.len().max(b.len()).min(MAXLEN - 1);
    if len == 0 {
        return if a.len() == b.len() { 1.0 } else { 0.0 };
    }
    let limit = (1.0 - min) * len as f64;
    (1.0 - bounded_distance(a, b, false, false, limit) / len as f64).max(0.0)
}

/// The consonant classes present in a skeleton, as a bit set (the cheap filter's input;
/// callers comparing one part with many compute it once).
pub(crate) fn class_mask(skel: &str) -> u32 {
    skel.bytes()
        .filter(u8::is_ascii_lowercase)
        .fold(0u32, |m, b| {
            m | 1u32.checked_shl(u32::from(b - b'a')).unwrap_or(0)
        })
}

/// Cheap filter before the edit distance: parts whose consonant classes mostly differ
/// cannot reach an alignable similarity (consonant edits cost 0.5–1 each).
fn consonants_compatible(ma: u32, mb: u32) -> bool {
    // At most two classes differ (clearing the lowest set bit twice leaves none): no
    // need to count bits, which is slow without a popcount instruction.
    let d = ma ^ mb;
    let d1 = d & d.wrapping_sub(1);
    if d1 & d1.wrapping_sub(1) == 0 {
        return true;
    }
    let diff = (ma ^ mb).count_ones();
    let union = (ma | mb).count_ones();
    diff <= 2 || diff * 2 <= union
}

/// Similarity of two name parts and how they matched.
pub fn part_similarity(a: &Part<'_>, b: &Part<'_>) -> (f64, PartMatchKind) {
    part_similarity_quick(a, b).unwrap_or_else(|| part_similarity_distance(a, b))
}

/// The outcomes of [`part_similarity`] that need no edit distance (same spelling,
/// listed variant, initial, incompatible consonants); `None` when the distance decides.
/// Cheaper than a memo lookup, so callers memoise only the rest.
pub(crate) fn part_similarity_quick(a: &Part<'_>, b: &Part<'_>) -> Option<(f64, PartMatchKind)> {
    part_similarity_quick_classes(a, b, class_mask(a.skel), class_mask(b.skel))
}

/// As [`part_similarity_quick`], with the parts' [`class_mask`]s given.
pub(crate) fn part_similarity_quick_classes(
    a: &Part<'_>,
    b: &Part<'_>,
    a_classes: u32,
    b_classes: u32,
) -> Option<(f64, PartMatchKind)> {
    if a.text == b.text {
        return Some((1.0, PartMatchKind::Exact));
    }
    if a.canon == b.canon {
        return Some((0.97, PartMatchKind::Spelling));
    }
    if a.groups & b.groups != 0 {
        return Some((0.93, PartMatchKind::Variant));
    }
    if a.nicknames & b.nicknames != 0 {
        return Some((0.9, PartMatchKind::Variant));
    }
    let (short, long) = if a.canon.len() <= b.canon.len() {
        (a, b)
    } else {
        (b, a)
    };
    if short.canon.len() == 1 {
        if long.canon.len() > 1 && long.canon.as_bytes().first() == short.canon.as_bytes().first() {
            return Some((0.7, PartMatchKind::Initial));
        }
        return Some((0.0, PartMatchKind::Fuzzy));
    }
    if !consonants_compatible(a_classes, b_classes) {
        return Some((0.0, PartMatchKind::Fuzzy));
    }
    None
}

/// The edit-distance outcomes of [`part_similarity`] (after [`part_similarity_quick`]).
fn part_similarity_distance(a: &Part<'_>, b: &Part<'_>) -> (f64, PartMatchKind) {
    if (a.abjad || b.abjad) && !(a.abjad && b.abjad) {
        // Skeletons drop `h`; an `h` on one side only (Annette Hill / نضال) is a
        // consonant the other lacks, so that pair is left to the distance.
        if a.skel.len() >= 3
            && a.skel == b.skel
            && crate::phonetic::same_skeleton_with_h(a.canon, b.canon)
        {
            return (0.9, PartMatchKind::Skeleton);
        }
        // Per consonant, and at least two: a one-consonant skeleton (`gh`, `l`) says little.
        let len = a.skel.len().max(b.skel.len()).max(2) as f64;
        // Distances that put the similarity below the floor need not be exact.
        let limit = (0.9 - SIMILARITY_FLOOR) / 0.65 * len;
        let d = bounded_distance(
            a.canon.as_bytes(),
            b.canon.as_bytes(),
            a.abjad,
            b.abjad,
            limit,
        );
        return ((0.9 - d / len * 0.65).max(0.0), PartMatchKind::Skeleton);
    }
    (
        bounded_similarity(a.canon, b.canon, SIMILARITY_FLOOR),
        PartMatchKind::Fuzzy,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parts::parse_name;

    fn sim(a: &str, b: &str) -> f64 {
        let (pa, pb) = (parse_name(a), parse_name(b));
        match (pa.get(0), pb.get(0)) {
            (Some(x), Some(y)) => part_similarity(&x, &y).0,
            _ => 0.0,
        }
    }

    #[test]
    fn transliteration_variants_are_close() {
        assert!(sim("Mohammed", "Muhammad") >= 0.85);
        assert!(sim("Mohamed", "Mohammad") >= 0.85);
        assert!(sim("Youssef", "Yusuf") >= 0.85);
        assert!(sim("Khaled", "Khalid") >= 0.85);
        assert!(sim("Phuong", "Fuong") >= 0.9);
        assert!(sim("محمد", "Mohammed") >= 0.85);
        assert!(sim("Abdulah", "Abdullah") >= 0.9);
        assert!(sim("Smith", "Jones") < 0.4);
        assert!(sim("Ali", "Ahmad") < 0.6);
        assert!(sim("Kim", "Gim") > 0.9);
    }

    #[test]
    fn cheap_edits_cost_less() {
        let d_vowel = weighted_distance(b"omar", b"umar", false, false);
        let d_cons = weighted_distance(b"omar", b"kmar", false, false);
        assert!(d_vowel < d_cons);
        assert!(weighted_distance(b"ab", b"ba", false, false) <= 0.5);
        assert_eq!(weighted_distance(b"", b"", false, false), 0.0);
    }
}

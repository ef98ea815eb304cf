//! Order-insensitive comparison of two names.
//!
//! Parts are aligned greedily by similarity, whatever their order (family-name-first
//! Chinese, Korean and Vietnamese names, `SURNAME, Given` forms, reordered names); a part
//! may also align with two adjacent parts written as one (`Abdulhai` ~ `Abdul Hai`,
//! `Jinping` ~ `Jin Ping`). The score is the similarity-weighted share of aligned
//! weight; parts left over count against it, more when both sides have leftovers (a
//! conflicting part is stronger evidence of another person than a missing one).

use crate::freq::{ShareSource, TokenFreq};
use crate::parts::{NameParts, Part, PartTag};
use crate::similarity::{
    PartMatchKind, class_mask, part_similarity, part_similarity_quick_classes,
};

/// Lowest part similarity that counts as an alignment.
const MIN_PART_SIM: f64 = 0.62;
/// Fuzzy alignments below this similarity lower the score towards a conflict.
const WEAK_FUZZY: f64 = 0.85;
/// Cross-script consonant-skeleton alignments below this similarity lower the score
/// towards a conflict (Willie / ولی 0.83 is fine, Jones / جان 0.64 is not).
const WEAK_SKELETON: f64 = 0.75;
/// Factor per pair of conflicting (unaligned on both sides) core name parts.
const CONFLICT_FACTOR: f64 = 0.7;
/// Weight of candidate parts the query lacks (a middle name left out).
const MISSING_PENALTY: f64 = 0.45;
/// Weight of query parts the candidate lacks (the candidate's name is covered, but the
/// query names more: "Brian Connie George" is not the alias "George").
const EXTRA_QUERY_PENALTY: f64 = 0.8;
/// Weight of query parts the candidate lacks when a single part carries the whole
/// match ("George Knight" against the alias "George"): one shared token is weak
/// evidence of the same person.
const SINGLE_PART_EXTRA_QUERY_PENALTY: f64 = 1.0;
/// Fewest consonants (`h` counted) of two parts written as one for a match on the
/// consonant skeleton against an abjad part.
const MIN_JOINED_SKELETON: usize = 4;
/// Weight of leftover parts when both sides have leftovers.
const CONFLICT_PENALTY: f64 = 1.0;

/// How a match carried by common parts is lowered, when the part frequencies of the
/// list and the region are known ([`PartMemo::with_freq`]).
///
/// Each aligned pair of core parts is worth the information of its more common side
/// (`-log2` of its share, [`TokenFreq::bits`]) times its effective similarity; the
/// name's *evidence* is their sum. Below `full_bits` the score is multiplied by
/// `(evidence / full_bits)^power` (at least `floor`): agreeing on `Md` and `Jamal` is
/// not agreeing on `Abdul Ghani Baradar`. When every core part of both names is aligned
/// (the listed name itself, spelled differently) only a name that is common as a whole
/// is lowered (`complete_bits`, `complete_power`): a border officer must still see the
/// traveller who carries a listed name.
///
/// The defaults were chosen on the development half of the regional set
/// ([`crate::regional`]) under the constraint that no development-half yente UN
/// positive is lost (see `docs/benchmarks.md`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CommonPartRule {
    /// Evidence (bits) from which the score is left alone.
    pub full_bits: f64,
    /// Exponent of the lowering.
    pub power: f64,
    /// Smallest factor.
    pub floor: f64,
    /// Evidence from which the score is left alone when every core part of both names
    /// is aligned (the same name, spelled differently: only a common name as a whole,
    /// such as the alias `Mohammad`, is lowered).
    pub complete_bits: f64,
    /// Exponent of the lowering of a complete match.
    pub complete_power: f64,
    /// Parts with less information than this are named as common in the explanation.
    pub common_bits: f64,
}

impl Default for CommonPartRule {
    fn default() -> Self {
        CommonPartRule {
            full_bits: 14.0,
            power: 0.5,
            floor: 0.3,
            complete_bits: 5.5,
            complete_power: 0.3,
            common_bits: 8.0,
        }
    }
}

/// One aligned pair of parts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AlignedParts {
    /// Query part(s), transliterated.
    pub query: String,
    /// Candidate part(s), transliterated.
    pub candidate: String,
    /// Part similarity in [0, 1].
    pub similarity: f64,
    /// How they matched.
    pub kind: PartMatchKind,
}

/// The result of comparing two names.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct NameComparison {
    /// Score in [0, 1].
    pub score: f64,
    /// Aligned parts, best first.
    pub aligned: Vec<AlignedParts>,
    /// Query parts with no counterpart.
    pub unmatched_query: Vec<String>,
    /// Candidate parts with no counterpart.
    pub unmatched_candidate: Vec<String>,
    /// When part frequencies were applied: the evidence in bits, the factor it gave, and
    /// the common aligned parts with their share (for the explanation).
    pub frequency: Option<FrequencyEffect>,
}

/// What the part frequencies did to a comparison.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct FrequencyEffect {
    /// Summed information of the aligned core parts (bits).
    pub evidence_bits: f64,
    /// Factor applied to the score (1 when the evidence sufficed).
    pub factor: f64,
    /// Every core part of both names was aligned.
    pub complete: bool,
    /// Aligned pairs of core parts.
    pub aligned_core: usize,
    /// Core parts of the query and of the candidate left unaligned.
    pub left: (usize, usize),
    /// Aligned parts below [`CommonPartRule::common_bits`]: (part, share, source).
    pub common: Vec<(String, f64, ShareSource)>,
}

/// A comparison unit: one part or two adjacent parts joined.
#[derive(Debug, Clone, Copy)]
struct Unit<'a> {
    mask: u32,
    weight: f64,
    part: Part<'a>,
    /// Consonant classes of the skeleton ([`class_mask`]): computed once per unit, since
    /// the quick filter compares it with every unit of the other name.
    classes: u32,
}

/// A name's comparison units: its parts (honorifics left out), then adjacent parts
/// joined. Built once per name, so that a query compared with many candidates does
/// not rebuild its own units each time (see [`name_similarity_units`]).
#[derive(Debug)]
pub struct NameUnits<'a> {
    units: Vec<Unit<'a>>,
    /// The first `singles` units are single parts.
    singles: usize,
    /// True when a unit is a patronym (father's name).
    patronym: bool,
}

impl<'a> NameUnits<'a> {
    /// The units of `name`.
    pub fn new(name: &'a NameParts) -> NameUnits<'a> {
        let mut units = Vec::new();
        let (singles, patronym) = fill_units(name, &mut units);
        NameUnits {
            units,
            singles,
            patronym,
        }
    }
}

/// Replaces `out` with the units of `name`; returns the number of single-part units
/// (they come first) and whether one is a patronym.
fn fill_units<'a>(name: &'a NameParts, out: &mut Vec<Unit<'a>>) -> (usize, bool) {
    out.clear();
    let mut weights = [0f64; crate::parts::MAX_PARTS];
    let mut patronym = false;
    for (i, p) in name.parts().enumerate() {
        let weight = p.weight();
        if let Some(w) = weights.get_mut(i) {
            *w = weight;
        }
        if p.tag == PartTag::Honorific {
            continue;
        }
        patronym |= p.tag == PartTag::Patronym;
        out.push(Unit {
            mask: 1u32
                .checked_shl(u32::try_from(i).unwrap_or(31))
                .unwrap_or(0),
            weight,
            classes: class_mask(p.skel),
            part: p,
        });
    }
    let singles = out.len();
    for (i, n, p) in name.joined_spans() {
        let (mut weight, mut mask) = (0.0, 0u32);
        for k in i..i + n {
            weight += weights.get(k).copied().unwrap_or(0.0);
            mask |= 1u32
                .checked_shl(u32::try_from(k).unwrap_or(31))
                .unwrap_or(0);
        }
        out.push(Unit {
            mask,
            weight,
            classes: class_mask(p.skel),
            part: p,
        });
    }
    (singles, patronym)
}

/// What an alignment contributes: fuzzy matches count less than their raw similarity
/// (a one-letter difference in a short name is often a different name), and changed
/// syllables of Han/Hangul/Kana names count even less (each syllable is a whole name
/// element there).
fn effective(s: f64, kind: PartMatchKind, cjk: bool, one_cjk: bool) -> f64 {
    match kind {
        PartMatchKind::Fuzzy if cjk => s.powi(4),
        PartMatchKind::Fuzzy if one_cjk => s.powi(3),
        PartMatchKind::Fuzzy => s * s,
        _ => s,
    }
}

/// True when a romanised CJK part has one vowel group (one syllable: `jeong`, `ma`).
fn single_syllable(canon: &str) -> bool {
    let mut groups = 0;
    let mut in_vowel = false;
    for b in canon.bytes() {
        let v = crate::phonetic::vowel(b);
        if v && !in_vowel {
            groups += 1;
        }
        in_vowel = v;
    }
    groups <= 1
}

/// Part similarities already computed for one query: candidates in a watchlist share
/// most of their parts, so scoring many of them repeats the same part pairs.
#[derive(Debug, Default)]
pub struct PartMemo<'c> {
    /// (query name, query unit, candidate part's canonical form, candidate part in an
    /// abjad) → similarity. Only outcomes that need the edit distance are stored (the
    /// quick ones are checked first), and those depend on the canonical form (the
    /// skeleton is derived from it) and the script flag alone, so candidate parts
    /// spelled differently but folding to the same form share an entry.
    map: rustc_hash::FxHashMap<(u32, u32, &'c str, bool), (f64, PartMatchKind)>,
    /// The aligned-pair candidates of one comparison, kept to reuse the allocation.
    pairs: Vec<Pair>,
    /// The candidate's units in one comparison, likewise.
    units: Vec<Unit<'c>>,
    /// Part frequencies of the list and the rule that lowers common-part matches.
    freq: Option<(&'c TokenFreq, CommonPartRule)>,
}

/// A candidate alignment: (similarity, query unit, candidate unit, kind, summed unit
/// weight).
type Pair = (f64, usize, usize, PartMatchKind, f64);

impl<'c> PartMemo<'c> {
    /// An empty memo.
    pub fn new() -> Self {
        // A query's re-scoring computes a few hundred distances: no rehashing.
        PartMemo {
            map: rustc_hash::FxHashMap::with_capacity_and_hasher(512, Default::default()),
            pairs: Vec::with_capacity(64),
            units: Vec::with_capacity(32),
            freq: None,
        }
    }

    /// An empty memo whose comparisons lower matches carried by common parts.
    pub fn with_freq(freq: &'c TokenFreq, rule: CommonPartRule) -> Self {
        PartMemo {
            freq: Some((freq, rule)),
            ..PartMemo::new()
        }
    }
}

/// Information of a unit (bits): a single part's own; two parts written as one, the sum
/// of their core parts'.
fn unit_bits(freq: &TokenFreq, units: &[Unit<'_>], singles: usize, u: &Unit<'_>) -> f64 {
    if u.mask.count_ones() <= 1 {
        return freq.bits(u.part.text);
    }
    units
        .iter()
        .take(singles)
        .filter(|p| p.mask & u.mask != 0 && p.part.tag.weight() >= 0.8)
        .map(|p| freq.bits(p.part.text))
        .sum()
}

/// Compares a query name with a candidate name (order-insensitive).
pub fn compare_names(query: &NameParts, candidate: &NameParts) -> NameComparison {
    compare_impl(&NameUnits::new(query), candidate, true, None)
}

/// The score of [`compare_names`] without building the explanation (no allocations for
/// the aligned parts): the fast path for ranking candidates.
pub fn name_similarity(query: &NameParts, candidate: &NameParts) -> f64 {
    compare_impl(&NameUnits::new(query), candidate, false, None).score
}

/// As [`compare_names`], reusing the part similarities in `memo` (see
/// [`name_similarity_memo`] for `query_key`).
pub fn compare_names_memo<'c>(
    query: &NameParts,
    candidate: &'c NameParts,
    memo: &mut PartMemo<'c>,
    query_key: u32,
) -> NameComparison {
    compare_impl(
        &NameUnits::new(query),
        candidate,
        true,
        Some((memo, query_key)),
    )
}

/// As [`name_similarity`], reusing the part similarities in `memo`; `query_key`
/// identifies the query name within the memo (the same name must keep its key).
pub fn name_similarity_memo<'c>(
    query: &NameParts,
    candidate: &'c NameParts,
    memo: &mut PartMemo<'c>,
    query_key: u32,
) -> f64 {
    name_similarity_units(&NameUnits::new(query), candidate, memo, query_key)
}

/// As [`name_similarity_memo`], for a query name whose units are already built.
pub fn name_similarity_units<'c>(
    query: &NameUnits<'_>,
    candidate: &'c NameParts,
    memo: &mut PartMemo<'c>,
    query_key: u32,
) -> f64 {
    compare_impl(query, candidate, false, Some((memo, query_key))).score
}

fn compare_impl<'c>(
    query: &NameUnits<'_>,
    candidate: &'c NameParts,
    explain: bool,
    memo: Option<(&mut PartMemo<'c>, u32)>,
) -> NameComparison {
    let (mut local_pairs, mut local_units) = (Vec::new(), Vec::new());
    let (mut map, pairs, cu, freq) = match memo {
        Some((m, key)) => (Some((&mut m.map, key)), &mut m.pairs, &mut m.units, m.freq),
        None => (None, &mut local_pairs, &mut local_units, None),
    };
    let (c_singles, c_patronym) = fill_units(candidate, cu);
    let cu: &[Unit<'c>] = cu;
    let (qu, q_singles) = (&query.units[..], query.singles);
    if q_singles == 0 || c_singles == 0 {
        return NameComparison::default();
    }
    let both_patronyms = query.patronym && c_patronym;
    pairs.clear();
    for (qi, q) in qu.iter().enumerate() {
        for (ci, c) in cu.iter().enumerate() {
            let joined = (qi >= q_singles) as u8 + (ci >= c_singles) as u8;
            if joined == 2 {
                continue;
            }
            let (mut s, kind) = match (
                part_similarity_quick_classes(&q.part, &c.part, q.classes, c.classes),
                map.as_mut(),
            ) {
                (Some(quick), _) => quick,
                (None, Some((m, key))) => *m
                    .entry((*key, qi as u32, c.part.canon, c.part.abjad))
                    .or_insert_with(|| part_similarity(&q.part, &c.part)),
                (None, None) => part_similarity(&q.part, &c.part),
            };
            if joined == 1 {
                s *= 0.97;
                // Two parts written as one against a part in an abjad, on consonants
                // alone: fewer than four consonants across two names (Celia Amaya /
                // سلام) is a coincidence, not a spelling.
                let unit = if qi >= q_singles { &q.part } else { &c.part };
                if kind == PartMatchKind::Skeleton
                    && crate::phonetic::consonants_with_h(unit.canon) < MIN_JOINED_SKELETON
                {
                    continue;
                }
            }
            // A father's name aligned with a given name: the parts swapped roles.
            if both_patronyms
                && ((q.part.tag == PartTag::Patronym) != (c.part.tag == PartTag::Patronym))
            {
                s *= 0.6;
            }
            if s >= MIN_PART_SIM {
                pairs.push((s, qi, ci, kind, q.weight + c.weight));
            }
        }
    }
    // Best similarity first; among equals prefer heavier units (stable: ties keep order).
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.4.total_cmp(&a.4)));
    let (mut qused, mut cused) = (0u32, 0u32);
    let mut matched = 0.0;
    let mut matched_weight = 0.0;
    let mut weak_factor = 1.0;
    let mut aligned = Vec::new();
    let mut n_aligned = 0usize;
    let mut evidence = 0.0;
    let mut aligned_core = 0usize;
    let mut common = Vec::new();
    for &(s, qi, ci, kind, _) in pairs.iter() {
        let (Some(q), Some(c)) = (qu.get(qi), cu.get(ci)) else {
            continue;
        };
        if q.mask & qused != 0 || c.mask & cused != 0 {
            continue;
        }
        qused |= q.mask;
        cused |= c.mask;
        let w = q.weight + c.weight;
        // A single Han/Hangul syllable against a Latin spelling (`중` jung / `yong`) is a
        // whole name element too; longer CJK words (`jeongeun` / `jong un`) are not.
        let one_cjk = (q.part.cjk && !c.part.cjk && single_syllable(q.part.canon))
            || (c.part.cjk && !q.part.cjk && single_syllable(c.part.canon));
        let eff = effective(s, kind, q.part.cjk && c.part.cjk, one_cjk);
        matched += eff * w;
        if let Some((f, rule)) = freq
            && q.part.tag.weight() >= 0.8
            && c.part.tag.weight() >= 0.8
        {
            let qb = unit_bits(f, qu, q_singles, q);
            let cb = unit_bits(f, cu, c_singles, c);
            let bits = qb.min(cb);
            evidence += bits * eff;
            aligned_core += 1;
            if explain && bits < rule.common_bits {
                let text = if qb <= cb { q.part.text } else { c.part.text };
                let (share, source) = f.share(text);
                common.push((text.to_string(), share, source));
            }
        }
        // Cross-script skeleton similarities top out at 0.9, so their weak range ends lower.
        let weak = match kind {
            PartMatchKind::Fuzzy => WEAK_FUZZY,
            PartMatchKind::Skeleton => WEAK_SKELETON,
            _ => 0.0,
        };
        if s < weak && q.part.tag.weight() >= 0.8 && c.part.tag.weight() >= 0.8 {
            // A barely similar pair (Kadyrov/Aselderov, Erdem/Erdogan) is nearly a conflict.
            weak_factor *= CONFLICT_FACTOR
                + (1.0 - CONFLICT_FACTOR) * (s - MIN_PART_SIM) / (weak - MIN_PART_SIM);
        }
        matched_weight += w;
        n_aligned += 1;
        if explain {
            aligned.push(AlignedParts {
                query: q.part.text.to_string(),
                candidate: c.part.text.to_string(),
                similarity: s,
                kind,
            });
        }
    }
    let leftovers = |us: &[Unit<'_>], singles: usize, used: u32| -> (f64, Vec<String>) {
        let mut w = 0.0;
        let mut names = Vec::new();
        for u in us.iter().take(singles) {
            if u.mask & used == 0 {
                w += u.weight;
                if explain {
                    names.push(u.part.text.to_string());
                }
            }
        }
        (w, names)
    };
    let (uq, unmatched_query) = leftovers(qu, q_singles, qused);
    let (uc, unmatched_candidate) = leftovers(cu, c_singles, cused);
    let (pq, pc) = if uq > 0.0 && uc > 0.0 {
        (CONFLICT_PENALTY, CONFLICT_PENALTY)
    } else if n_aligned == 1 {
        (SINGLE_PART_EXTRA_QUERY_PENALTY, MISSING_PENALTY)
    } else {
        (EXTRA_QUERY_PENALTY, MISSING_PENALTY)
    };
    let denom = matched_weight + pq * uq + pc * uc;
    let mut score = if denom > 0.0 && matched_weight > 0.0 {
        (matched / denom).clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Each name part on one side facing a different name part on the other is
    // strong evidence of another person (Al-Dulaimi vs Al-Tikriti).
    let core_left = |us: &[Unit<'_>], singles: usize, used: u32| {
        us.iter()
            .take(singles)
            .filter(|u| u.mask & used == 0 && u.part.tag.weight() >= 0.8)
            .count()
    };
    let conflicts = core_left(qu, q_singles, qused).min(core_left(cu, c_singles, cused));
    score *= CONFLICT_FACTOR.powi(i32::try_from(conflicts).unwrap_or(i32::MAX)) * weak_factor;
    // Different kinds of company on the two sides (AG / GmbH, LLC / JSC).
    let legal_left = |us: &[Unit<'_>], singles: usize, used: u32| {
        us.iter().take(singles).any(|u| {
            u.mask & used == 0
                && u.part.tag == PartTag::LegalForm
                && crate::parts::is_legal_form_code(u.part.text)
        })
    };
    if legal_left(qu, q_singles, qused) && legal_left(cu, c_singles, cused) {
        score *= CONFLICT_FACTOR;
    }
    let frequency = freq.map(|(_, rule)| {
        let left = (
            core_left(qu, q_singles, qused),
            core_left(cu, c_singles, cused),
        );
        let complete = left == (0, 0);
        let (needed, power) = if complete {
            (rule.complete_bits, rule.complete_power)
        } else {
            (rule.full_bits, rule.power)
        };
        let factor = if evidence >= needed {
            1.0
        } else {
            (evidence / needed).powf(power).max(rule.floor)
        };
        score *= factor;
        FrequencyEffect {
            evidence_bits: evidence,
            factor,
            complete,
            aligned_core,
            left,
            common,
        }
    });
    NameComparison {
        score,
        aligned,
        unmatched_query,
        unmatched_candidate,
        frequency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parts::parse_name;

    fn score(a: &str, b: &str) -> f64 {
        compare_names(&parse_name(a), &parse_name(b)).score
    }

    #[test]
    fn order_and_script_insensitive() {
        assert!(score("Nguyen Van An", "An Van Nguyen") > 0.95);
        assert!(score("Nguyễn Văn An", "NGUYEN VAN AN") > 0.95);
        assert!(score("SALEK, ABDULHAI", "ABDUL HAI SALEK") > 0.85);
        assert!(score("Xi Jinping", "习近平") > 0.95);
        assert!(score("Xi Jin Ping", "习近平") > 0.85);
        assert!(score("Kim Jong Un", "김정은") > 0.8);
        assert!(score("Aung Ko Ko", "အောင်ကိုကို") > 0.95);
        // طاهر is transliterated `thr`, whose `th` folds to `t` like ث: Taher/thr is a
        // weak skeleton alignment (0.72), which now lowers the score (0.78).
        assert!(score("Muhammad Taher Anwari", "محمد طاهر أنوري") > 0.75);
        assert!(score("Haji Mohammed Yusuf", "Muhammad Yousef") > 0.85);
    }

    #[test]
    fn different_people_score_low() {
        assert!(score("Olaf Scholz", "Angela Merkel") < 0.3);
        assert!(score("Muhammad Ali Khan", "Muhammad Yusuf Rahman") < 0.6);
        assert!(score("", "Angela Merkel") == 0.0);
        assert!(score("Mr", "Mr") == 0.0 || score("Mr", "Mr") == 1.0);
    }
}

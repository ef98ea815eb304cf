//! Order-insensitive comparison of two names.
//!
//! Parts are aligned greedily by similarity, whatever their order (family-name-first
//! Chinese, Korean and Vietnamese names, `SURNAME, Given` forms, reordered names); a part
//! may also align with two adjacent parts written as one (`Abdulhai` ~ `Abdul Hai`,
//! `Jinping` ~ `Jin Ping`). The score is the similarity-weighted share of aligned
//! weight; parts left over count against it, more when both sides have leftovers (a
//! conflicting part is stronger evidence of another person than a missing one).

use crate::parts::{NameParts, Part, PartTag};
use crate::phonetic::{canonical, skeleton};
use crate::similarity::{PartMatchKind, part_similarity};

/// Lowest part similarity that counts as an alignment.
const MIN_PART_SIM: f64 = 0.62;
/// Weight of leftover parts when the other side has no leftovers.
const MISSING_PENALTY: f64 = 0.45;
/// Weight of leftover parts when both sides have leftovers.
const CONFLICT_PENALTY: f64 = 1.0;

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
}

/// A comparison unit: one part or two adjacent parts joined.
struct Unit {
    mask: u32,
    weight: f64,
    text: String,
    canon: String,
    skel: String,
    tag: PartTag,
    abjad: bool,
}

impl Unit {
    fn part(&self) -> Part<'_> {
        Part { text: &self.text, canon: &self.canon, skel: &self.skel, tag: self.tag, abjad: self.abjad }
    }
}

fn units(name: &NameParts) -> (Vec<Unit>, usize) {
    let sig: Vec<(usize, Part<'_>)> =
        name.parts().enumerate().filter(|(_, p)| p.tag != PartTag::Honorific).collect();
    let mut out: Vec<Unit> = sig
        .iter()
        .map(|(i, p)| Unit {
            mask: 1 << i,
            weight: p.weight(),
            text: p.text.to_string(),
            canon: p.canon.to_string(),
            skel: p.skel.to_string(),
            tag: p.tag,
            abjad: p.abjad,
        })
        .collect();
    let singles = out.len();
    for w in sig.windows(2) {
        if let [(i, a), (j, b)] = w
            && a.tag.weight() >= 0.8
            && b.tag.weight() >= 0.8
        {
            let canon = canonical(&format!("{}{}", a.canon, b.canon));
            let skel = skeleton(&canon);
            out.push(Unit {
                mask: (1 << i) | (1 << j),
                weight: a.weight() + b.weight(),
                text: format!("{}{}", a.text, b.text),
                canon,
                skel,
                tag: PartTag::Name,
                abjad: a.abjad || b.abjad,
            });
        }
    }
    (out, singles)
}

/// Compares a query name with a candidate name (order-insensitive).
pub fn compare_names(query: &NameParts, candidate: &NameParts) -> NameComparison {
    let (qu, q_singles) = units(query);
    let (cu, c_singles) = units(candidate);
    if q_singles == 0 || c_singles == 0 {
        return NameComparison::default();
    }
    let mut pairs: Vec<(f64, usize, usize, PartMatchKind)> = Vec::new();
    for (qi, q) in qu.iter().enumerate() {
        for (ci, c) in cu.iter().enumerate() {
            let joined = (qi >= q_singles) as u8 + (ci >= c_singles) as u8;
            if joined == 2 {
                continue;
            }
            let (mut s, kind) = part_similarity(&q.part(), &c.part());
            if joined == 1 {
                s *= 0.97;
            }
            if s >= MIN_PART_SIM {
                pairs.push((s, qi, ci, kind));
            }
        }
    }
    // Best similarity first; among equals prefer heavier units.
    pairs.sort_by(|a, b| {
        b.0.total_cmp(&a.0).then_with(|| {
            let wa = qu.get(a.1).map_or(0.0, |u| u.weight) + cu.get(a.2).map_or(0.0, |u| u.weight);
            let wb = qu.get(b.1).map_or(0.0, |u| u.weight) + cu.get(b.2).map_or(0.0, |u| u.weight);
            wb.total_cmp(&wa)
        })
    });
    let (mut qused, mut cused) = (0u32, 0u32);
    let mut matched = 0.0;
    let mut matched_weight = 0.0;
    let mut aligned = Vec::new();
    for (s, qi, ci, kind) in pairs {
        let (Some(q), Some(c)) = (qu.get(qi), cu.get(ci)) else { continue };
        if q.mask & qused != 0 || c.mask & cused != 0 {
            continue;
        }
        qused |= q.mask;
        cused |= c.mask;
        let w = q.weight + c.weight;
        matched += s * w;
        matched_weight += w;
        aligned.push(AlignedParts { query: q.text.clone(), candidate: c.text.clone(), similarity: s, kind });
    }
    let leftovers = |us: &[Unit], singles: usize, used: u32| -> (f64, Vec<String>) {
        let mut w = 0.0;
        let mut names = Vec::new();
        for u in us.iter().take(singles) {
            if u.mask & used == 0 {
                w += u.weight;
                names.push(u.text.clone());
            }
        }
        (w, names)
    };
    let (uq, unmatched_query) = leftovers(&qu, q_singles, qused);
    let (uc, unmatched_candidate) = leftovers(&cu, c_singles, cused);
    let penalty = if uq > 0.0 && uc > 0.0 { CONFLICT_PENALTY } else { MISSING_PENALTY };
    let denom = matched_weight + penalty * (uq + uc);
    let score = if denom > 0.0 && matched_weight > 0.0 { (matched / denom).clamp(0.0, 1.0) } else { 0.0 };
    NameComparison { score, aligned, unmatched_query, unmatched_candidate }
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
        assert!(score("Muhammad Taher Anwari", "محمد طاهر أنوري") > 0.8);
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

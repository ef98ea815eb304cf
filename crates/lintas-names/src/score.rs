//! Scoring a query against an entry: best name comparison, then the qualifiers
//! (birth date, nationality, gender, identifiers) raise or lower it.

use crate::compare::{NameComparison, compare_names};
use crate::country::normalise_country;
use crate::model::{BirthDate, Entry, Gender, Query};
use crate::parts::{NameParts, parse_name};

/// Tunable weights of the scorer. The defaults were tuned on the development half of
/// the nomenklatura cases and the UN positives' train rows (see `docs/names.md`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreConfig {
    /// Default decision threshold for a match.
    pub threshold: f64,
    /// Factor when birth years differ by more than `dob_tolerance_years`.
    pub dob_mismatch: f64,
    /// Birth years this close count as compatible (lists give approximate years).
    pub dob_tolerance_years: u16,
    /// Factor when the full dates disagree but the years agree.
    pub dob_partial: f64,
    /// Bonus added when the full birth date matches.
    pub dob_bonus: f64,
    /// Factor when nationalities are known on both sides and none is shared.
    pub nationality_mismatch: f64,
    /// Factor when genders are known and differ.
    pub gender_mismatch: f64,
    /// Score floor when an identifier (passport/ID number) matches.
    pub identifier_floor: f64,
}

impl Default for ScoreConfig {
    fn default() -> Self {
        ScoreConfig {
            threshold: 0.7,
            dob_mismatch: 0.7,
            dob_tolerance_years: 1,
            dob_partial: 0.9,
            dob_bonus: 0.05,
            nationality_mismatch: 0.85,
            gender_mismatch: 0.8,
            identifier_floor: 0.95,
        }
    }
}

/// A query with its names parsed once.
#[derive(Debug, Clone)]
pub struct PreparedQuery {
    /// The query as given.
    pub query: Query,
    /// Parsed names, in the query's order.
    pub names: Vec<NameParts>,
    nationality: Option<String>,
    identifiers: Vec<String>,
}

impl PreparedQuery {
    /// Parses the query's names and normalises its qualifiers.
    pub fn new(query: Query) -> PreparedQuery {
        let names = query.names.iter().map(|n| parse_name(n)).collect();
        let nationality = query.nationality.as_deref().map(normalise_country);
        let identifiers = query
            .identifiers
            .iter()
            .map(|i| i.normalised_value())
            .filter(|v| v.len() >= 4)
            .collect();
        PreparedQuery {
            query,
            names,
            nationality,
            identifiers,
        }
    }
}

impl PreparedQuery {
    /// True when the query carries a document number the entry also has.
    pub fn shares_identifier(&self, e: &PreparedEntry) -> bool {
        self.shares_identifier_with(&e.quals)
    }

    /// As [`PreparedQuery::shares_identifier`], for an entry's qualifiers.
    pub fn shares_identifier_with(&self, e: &EntryQualifiers) -> bool {
        self.identifiers.iter().any(|id| e.identifiers.contains(id))
    }

    /// Normalised document numbers of the query (at least 4 characters).
    pub fn identifiers(&self) -> &[String] {
        &self.identifiers
    }

    /// True when a qualifier of the query can change a name score (birth date,
    /// nationality, gender or a document number given).
    pub fn has_qualifiers(&self) -> bool {
        self.query.birth_date.is_some()
            || self.nationality.is_some()
            || self.query.gender.is_some()
            || !self.identifiers.is_empty()
    }
}

/// An entry's qualifiers, normalised once: what the scorer needs besides its names.
#[derive(Debug, Clone, Default)]
pub struct EntryQualifiers {
    birth_dates: Box<[BirthDate]>,
    nationalities: Box<[String]>,
    gender: Option<Gender>,
    identifiers: Box<[String]>,
}

impl EntryQualifiers {
    /// Normalises the entry's birth dates, nationalities, gender and identifiers.
    pub fn new(entry: &Entry) -> EntryQualifiers {
        EntryQualifiers {
            birth_dates: entry.birth_dates.clone().into_boxed_slice(),
            nationalities: entry
                .nationalities
                .iter()
                .map(|n| normalise_country(n))
                .collect(),
            gender: entry.gender,
            identifiers: entry
                .identifiers
                .iter()
                .map(|i| i.normalised_value())
                .filter(|v| v.len() >= 4)
                .collect(),
        }
    }

    /// Normalised document numbers (at least 4 characters).
    pub fn identifiers(&self) -> &[String] {
        &self.identifiers
    }
}

/// An entry with its names parsed once.
#[derive(Debug, Clone)]
pub struct PreparedEntry {
    /// Parsed names, primary first.
    pub names: Vec<NameParts>,
    quals: EntryQualifiers,
}

impl PreparedEntry {
    /// Parses the entry's names and normalises its qualifiers.
    pub fn new(entry: &Entry) -> PreparedEntry {
        PreparedEntry {
            names: entry.names.iter().map(|n| parse_name(n)).collect(),
            quals: EntryQualifiers::new(entry),
        }
    }

    /// The entry's normalised qualifiers.
    pub fn qualifiers(&self) -> &EntryQualifiers {
        &self.quals
    }
}

/// A scored comparison of a query and an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Final score in [0, 1].
    pub score: f64,
    /// Index of the entry name (primary or alias) that matched best.
    pub name_index: usize,
    /// Why: matched parts and the qualifiers that raised or lowered the score.
    pub reasons: Vec<String>,
}

/// Scores queries against entries.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scorer {
    /// Weights and threshold.
    pub config: ScoreConfig,
}

impl Scorer {
    /// Best name comparison over all query names × entry names, with indices.
    pub fn best_name(
        &self,
        q: &PreparedQuery,
        e: &PreparedEntry,
    ) -> (f64, usize, usize, NameComparison) {
        self.best_name_of(q, e.names.iter(), None)
    }

    fn best_name_of<'a>(
        &self,
        q: &PreparedQuery,
        names: impl Iterator<Item = &'a NameParts> + Clone,
        mut memo: Option<&mut crate::compare::PartMemo<'a>>,
    ) -> (f64, usize, usize, NameComparison) {
        let mut best = (0.0, 0, 0, NameComparison::default());
        for (qi, qn) in q.names.iter().enumerate() {
            for (ei, en) in names.clone().enumerate() {
                let c = match memo.as_deref_mut() {
                    Some(m) => crate::compare::compare_names_memo(
                        qn,
                        en,
                        m,
                        u32::try_from(qi).unwrap_or(u32::MAX),
                    ),
                    None => compare_names(qn, en),
                };
                if c.score > best.0 {
                    best = (c.score, qi, ei, c);
                }
            }
        }
        best
    }

    /// Name-only score (no qualifiers, no reasons) — the cheap path for ranking.
    pub fn name_score(&self, q: &PreparedQuery, e: &PreparedEntry) -> f64 {
        e.names
            .iter()
            .map(|en| self.name_score_one(q, en))
            .fold(0.0, f64::max)
    }

    /// Name-only score of the query against one entry name.
    pub fn name_score_one(&self, q: &PreparedQuery, en: &NameParts) -> f64 {
        let mut best = 0.0f64;
        for qn in &q.names {
            best = best.max(crate::compare::name_similarity(qn, en));
        }
        best
    }

    /// As [`Scorer::name_score_one`], reusing part similarities across entry names.
    pub fn name_score_memo<'c>(
        &self,
        q: &PreparedQuery,
        en: &'c NameParts,
        memo: &mut crate::compare::PartMemo<'c>,
    ) -> f64 {
        let mut best = 0.0f64;
        for (i, qn) in q.names.iter().enumerate() {
            let key = u32::try_from(i).unwrap_or(u32::MAX);
            best = best.max(crate::compare::name_similarity_memo(qn, en, memo, key));
        }
        best
    }

    /// As [`Scorer::name_score_memo`], for query names whose comparison units are
    /// already built (once per query rather than once per candidate name).
    pub fn name_score_units<'c>(
        &self,
        query_units: &[crate::compare::NameUnits<'_>],
        en: &'c NameParts,
        memo: &mut crate::compare::PartMemo<'c>,
    ) -> f64 {
        let mut best = 0.0f64;
        for (i, qn) in query_units.iter().enumerate() {
            let key = u32::try_from(i).unwrap_or(u32::MAX);
            best = best.max(crate::compare::name_similarity_units(qn, en, memo, key));
        }
        best
    }

    /// Upper bound of what the qualifiers can add to a name score.
    pub fn max_bonus(&self) -> f64 {
        self.config.dob_bonus
    }

    /// Full score with reasons.
    pub fn score(&self, q: &PreparedQuery, e: &PreparedEntry) -> Scored {
        self.score_parts(q, e.names.iter(), &e.quals)
    }

    /// Full score with reasons, for an entry given as its parsed names and qualifiers.
    pub fn score_parts<'a>(
        &self,
        q: &PreparedQuery,
        names: impl Iterator<Item = &'a NameParts> + Clone,
        quals: &EntryQualifiers,
    ) -> Scored {
        self.score_parts_memo(q, names, quals, None)
    }

    /// As [`Scorer::score_parts`], reusing part similarities already computed for
    /// this query (same result).
    pub fn score_parts_memo<'a>(
        &self,
        q: &PreparedQuery,
        names: impl Iterator<Item = &'a NameParts> + Clone,
        quals: &EntryQualifiers,
        memo: Option<&mut crate::compare::PartMemo<'a>>,
    ) -> Scored {
        let (name_score, _, name_index, cmp) = self.best_name_of(q, names, memo);
        self.scored_from(q, quals, name_score, name_index, &cmp)
    }

    /// The full score with reasons, given the best name comparison (name `name_index`
    /// of the entry, scoring `name_score`).
    pub(crate) fn scored_from(
        &self,
        q: &PreparedQuery,
        quals: &EntryQualifiers,
        name_score: f64,
        name_index: usize,
        cmp: &NameComparison,
    ) -> Scored {
        let mut reasons = Vec::new();
        for a in &cmp.aligned {
            reasons.push(format!(
                "name part '{}' ~ '{}': {} ({:.2})",
                a.query,
                a.candidate,
                a.kind.label(),
                a.similarity
            ));
        }
        if !cmp.unmatched_query.is_empty() {
            reasons.push(format!(
                "query parts not on entry: {}",
                cmp.unmatched_query.join(" ")
            ));
        }
        if !cmp.unmatched_candidate.is_empty() {
            reasons.push(format!(
                "entry parts not in query: {}",
                cmp.unmatched_candidate.join(" ")
            ));
        }
        if let Some(f) = cmp.frequency.as_ref().filter(|f| f.factor < 1.0) {
            let parts: Vec<String> = f
                .common
                .iter()
                .map(|(part, share, source)| {
                    let place = match source {
                        crate::freq::ShareSource::Region => "of the region's people",
                        crate::freq::ShareSource::List => "of the list's entries",
                        crate::freq::ShareSource::Rare => "",
                    };
                    format!("'{part}' {:.1}% {place}", share * 100.0)
                })
                .collect();
            let common = if parts.is_empty() {
                String::new()
            } else {
                format!(" (common: {})", parts.join(", "))
            };
            reasons.push(format!(
                "frequent name parts carry the match{common}: {:.1} bits of evidence: x{:.2}",
                f.evidence_bits, f.factor
            ));
        }
        let score = self.apply_qualifiers(q, quals, name_score, Some(&mut reasons));
        Scored {
            score,
            name_index,
            reasons,
        }
    }

    /// The final score for a known name score: exactly what [`Scorer::score`] returns,
    /// without building reasons (the index ranks entries with it).
    pub fn qualified_score(&self, q: &PreparedQuery, quals: &EntryQualifiers, name: f64) -> f64 {
        self.apply_qualifiers(q, quals, name, None)
    }

    /// Raises or lowers a name score by the qualifiers; one code path for the ranked
    /// value and the explained one, so both are the same number.
    fn apply_qualifiers(
        &self,
        q: &PreparedQuery,
        e: &EntryQualifiers,
        name_score: f64,
        mut reasons: Option<&mut Vec<String>>,
    ) -> f64 {
        let cfg = &self.config;
        let mut score = name_score;
        if let Some(qd) = q.query.birth_date
            && !e.birth_dates.is_empty()
        {
            let (factor, best) = dob_factor(cfg, &qd, &e.birth_dates);
            if factor > 1.0 {
                score = (score + cfg.dob_bonus).min(1.0);
            } else {
                score *= factor;
            }
            if let (Some(r), Some(d)) = (reasons.as_deref_mut(), best) {
                r.push(dob_reason(cfg, &qd, d));
            }
        }
        if let Some(qn) = &q.nationality
            && !e.nationalities.is_empty()
        {
            if e.nationalities.iter().any(|n| n == qn) {
                if let Some(r) = reasons.as_deref_mut() {
                    r.push(format!("nationality matches ({qn})"));
                }
            } else {
                score *= cfg.nationality_mismatch;
                if let Some(r) = reasons.as_deref_mut() {
                    r.push(format!(
                        "nationality differs ({qn} vs {}): x{:.2}",
                        e.nationalities.join("/"),
                        cfg.nationality_mismatch
                    ));
                }
            }
        }
        if let (Some(qg), Some(eg)) = (q.query.gender, e.gender)
            && qg != eg
        {
            score *= cfg.gender_mismatch;
            if let Some(r) = reasons.as_deref_mut() {
                r.push(format!("gender differs: x{:.2}", cfg.gender_mismatch));
            }
        }
        if let Some(id) = q.identifiers.iter().find(|id| e.identifiers.contains(id)) {
            score = score.max(cfg.identifier_floor);
            if let Some(r) = reasons {
                r.push(format!("identifier {id} matches"));
            }
        }
        score.clamp(0.0, 1.0)
    }
}

/// Factor of one entry birth date against the query's.
fn dob_one(cfg: &ScoreConfig, q: &BirthDate, d: &BirthDate) -> f64 {
    if d.year == q.year {
        match (q.month, d.month, q.day, d.day) {
            (Some(qm), Some(em), Some(qd), Some(ed)) if qm == em && qd == ed => 1.1,
            (Some(qm), Some(em), _, _) if qm != em => cfg.dob_partial,
            (_, _, Some(qd), Some(ed)) if qd != ed => cfg.dob_partial,
            _ => 1.0,
        }
    } else if d.year.abs_diff(q.year) <= cfg.dob_tolerance_years {
        cfg.dob_partial
    } else {
        cfg.dob_mismatch
    }
}

/// Best factor over the entry's birth dates, and the date that gave it (the first one
/// on ties).
fn dob_factor<'a>(
    cfg: &ScoreConfig,
    q: &BirthDate,
    entry: &'a [BirthDate],
) -> (f64, Option<&'a BirthDate>) {
    let mut best = (0.0f64, None);
    for d in entry {
        let f = dob_one(cfg, q, d);
        if f > best.0 {
            best = (f, Some(d));
        }
    }
    best
}

fn dob_reason(cfg: &ScoreConfig, q: &BirthDate, d: &BirthDate) -> String {
    if d.year == q.year {
        match (q.month, d.month, q.day, d.day) {
            (Some(qm), Some(em), Some(qd), Some(ed)) if qm == em && qd == ed => {
                format!("birth date matches ({d})")
            }
            (Some(qm), Some(em), _, _) if qm != em => format!(
                "birth year matches, month differs ({q} vs {d}): x{:.2}",
                cfg.dob_partial
            ),
            (_, _, Some(qd), Some(ed)) if qd != ed => format!(
                "birth year matches, day differs ({q} vs {d}): x{:.2}",
                cfg.dob_partial
            ),
            _ => format!("birth year matches ({})", d.year),
        }
    } else if d.year.abs_diff(q.year) <= cfg.dob_tolerance_years {
        format!(
            "birth year close ({} vs {}): x{:.2}",
            q.year, d.year, cfg.dob_partial
        )
    } else {
        format!("birth date differs ({q} vs {d}): x{:.2}", cfg.dob_mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Identifier;

    #[test]
    fn qualifiers_raise_and_lower() {
        let mut e = Entry::person("TAi.005", "Muhammad Taher Anwari");
        e.birth_dates.push(BirthDate {
            year: 1961,
            month: None,
            day: None,
        });
        e.nationalities.push("Afghanistan".into());
        e.gender = Some(Gender::Male);
        e.identifiers.push(Identifier {
            kind: "Passport".into(),
            value: "OA 454044".into(),
        });
        let pe = PreparedEntry::new(&e);
        let s = Scorer::default();
        let base = s.score(
            &PreparedQuery::new(Query::name("Mohammad Tahir Anwari")),
            &pe,
        );
        assert!(base.score > 0.8, "{base:?}");
        let mut q = Query::name("Mohammad Tahir Anwari");
        q.birth_date = BirthDate::parse("1990");
        q.nationality = Some("PAK".into());
        q.gender = Some(Gender::Female);
        let lowered = s.score(&PreparedQuery::new(q), &pe);
        assert!(lowered.score < base.score * 0.6, "{lowered:?}");
        assert!(
            lowered
                .reasons
                .iter()
                .any(|r| r.starts_with("birth date differs"))
        );
        assert!(
            lowered
                .reasons
                .iter()
                .any(|r| r.starts_with("nationality differs"))
        );
        let mut q = Query::name("M. Anwari");
        q.nationality = Some("af".into());
        q.identifiers.push(Identifier {
            kind: "passport".into(),
            value: "OA454044".into(),
        });
        let id = s.score(&PreparedQuery::new(q), &pe);
        assert!(id.score >= 0.95, "{id:?}");
        assert!(
            id.reasons
                .iter()
                .any(|r| r.contains("nationality matches (AFG)"))
        );
    }
}

//! Linkage settings (read from TOML by the CLI) and default settings for person records chosen
//! from the column names found.

use serde::{Deserialize, Serialize};

use crate::blocking::{BlockingRule, Blocks, LinkType, RuleKeys};
use crate::comparison::{ComparisonSpec, Level, Preset};
use crate::data::Dataset;
use crate::error::{LinkError, Result};
use crate::guard::PersonColumns;
use crate::names::StrsimNames;

/// How parameters are estimated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Training {
    /// Random pairs sampled to estimate u.
    pub u_samples: u64,
    /// Seed of the u sampler.
    pub seed: u64,
    /// Hold u fixed during EM (Splink's default); otherwise EM re-estimates u too.
    pub fix_u: bool,
    /// EM iteration cap per session.
    pub max_iterations: usize,
    /// EM stops when no parameter moves more than this.
    pub tolerance: f64,
}

impl Default for Training {
    fn default() -> Self {
        Self {
            u_samples: 1_000_000,
            seed: 42,
            fix_u: true,
            max_iterations: 50,
            tolerance: 1e-5,
        }
    }
}

fn default_threshold() -> f64 {
    0.9
}
fn default_bridge_threshold() -> f64 {
    0.99
}
fn default_max_pairs() -> u64 {
    50_000_000
}
fn default_recall() -> f64 {
    0.7
}

/// Everything that defines a linkage run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Dedupe one table, link tables, or both.
    #[serde(default)]
    pub link_type: LinkType,
    /// Comparisons, one per compared column (`[[comparisons]]` in TOML).
    pub comparisons: Vec<ComparisonSpec>,
    /// Blocking rules; candidate pairs are the union of their pairs.
    pub blocking_rules: Vec<BlockingRule>,
    /// Match probability at or above which a pair is reported and clustered.
    #[serde(default = "default_threshold")]
    pub threshold: f64,
    /// Within a cluster of three or more, a bridge below this probability is cut.
    #[serde(default = "default_bridge_threshold")]
    pub bridge_threshold: f64,
    /// A blocking rule producing more pairs than this is refused before pairs are generated.
    #[serde(default = "default_max_pairs")]
    pub max_pairs_per_rule: u64,
    /// Fixed prior probability that two random records match (λ); estimated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability_two_random_records_match: Option<f64>,
    /// Rules whose pairs are taken as matches to estimate λ (with `deterministic_recall`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deterministic_rules: Vec<BlockingRule>,
    /// Assumed share of all true matches the deterministic rules find.
    #[serde(default = "default_recall")]
    pub deterministic_recall: f64,
    /// Floor on a value's relative frequency in term-frequency adjustments.
    #[serde(default)]
    pub tf_min: f64,
    /// Term-frequency adjustment of the fuzzy whole-name levels too (a variant spelling of a
    /// common name counts for little, of a rare one for more), on comparisons with `tf_adjust`.
    /// Off by default: +0.001 F1 on region-shaped data, -0.015 on Splink's fake_1000.
    #[serde(default)]
    pub tf_fuzzy: bool,
    /// Parameter estimation.
    #[serde(default)]
    pub training: Training,
    /// Person columns the guard reads (see [`crate::guard`]): when set, a pair is linked only
    /// when whole names are close and birth dates do not conflict, and no cluster holds
    /// conflicting birth dates or sexes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonColumns>,
}

impl Settings {
    /// Parses TOML settings; unknown fields are refused by name.
    pub fn from_toml(text: &str) -> std::result::Result<Self, String> {
        toml_like_error(toml::from_str::<Settings>(text))
    }

    /// Checks ranges and consistency.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: &str, message: &str| {
            Err(LinkError::InvalidSettings {
                field: field.into(),
                message: message.into(),
            })
        };
        if !(self.threshold > 0.0 && self.threshold < 1.0) {
            return bad("threshold", "must be strictly between 0 and 1");
        }
        if !(0.0..=1.0).contains(&self.bridge_threshold) {
            return bad("bridge_threshold", "must be between 0 and 1");
        }
        if self.comparisons.is_empty() {
            return bad("comparisons", "at least one comparison is needed");
        }
        if self.comparisons.len() > crate::train::MAX_COMPARISONS {
            return bad("comparisons", "at most 32 comparisons are supported");
        }
        if let Some(p) = self.probability_two_random_records_match
            && !(p > 0.0 && p < 1.0)
        {
            return bad(
                "probability_two_random_records_match",
                "must be strictly between 0 and 1",
            );
        }
        if !(self.deterministic_recall > 0.0 && self.deterministic_recall <= 1.0) {
            return bad("deterministic_recall", "must be in (0, 1]");
        }
        if self.training.max_iterations == 0 {
            return bad("training.max_iterations", "must be at least 1");
        }
        Ok(())
    }

    /// Default settings for person records, chosen from the column names present. Returns `None`
    /// when no name or date-of-birth column is recognised.
    pub fn default_for_columns<S: AsRef<str>>(columns: &[S], link_type: LinkType) -> Option<Self> {
        let cols: Vec<&str> = columns.iter().map(AsRef::as_ref).collect();
        let find = |names: &[&str]| -> Option<String> {
            names.iter().find_map(|n| {
                cols.iter()
                    .find(|c| c.eq_ignore_ascii_case(n))
                    .map(|c| c.to_string())
            })
        };
        let given = find(&[
            "given_name",
            "first_name",
            "forename",
            "firstname",
            "given_names",
            "first",
        ]);
        let surname = find(&["surname", "last_name", "family_name", "lastname", "last"]);
        let full = find(&["full_name", "name", "first_and_surname"]);
        let dob = find(&["date_of_birth", "dob", "birth_date", "birthdate"]);
        let sex = find(&["sex", "gender"]);
        if given.is_none() && surname.is_none() && full.is_none() && dob.is_none() {
            return None;
        }
        let mut comparisons = Vec::new();
        let name_spec = |col: &str, swap_with: Option<&String>| {
            let mut levels = vec![Level::Exact];
            if let Some(o) = swap_with {
                levels.push(Level::Swapped(o.clone()));
            }
            levels.extend(Preset::Name.levels().into_iter().skip(1));
            ComparisonSpec {
                column: col.to_string(),
                name: None,
                preset: None,
                levels,
                tf_adjust: true,
                with_columns: Vec::new(),
            }
        };
        match (&given, &surname) {
            // One comparison of the whole name, as the data standard writes it: parts swapped
            // between the fields, split at another place, or a mononym in either field all
            // compare as the same name; agreeing on a common name counts for little (TF).
            (Some(g), Some(sn)) => {
                let mut spec = ComparisonSpec::preset(g, Preset::PersonName, true);
                spec.with_columns = vec![sn.clone()];
                comparisons.push(spec);
            }
            (Some(one), None) | (None, Some(one)) => comparisons.push(name_spec(one, None)),
            (None, None) => {
                if let Some(f) = &full {
                    comparisons.push(ComparisonSpec::preset(f, Preset::Name, true));
                }
            }
        }
        if let Some(d) = &dob {
            comparisons.push(ComparisonSpec::preset(d, Preset::Date, false));
        }
        let groups: [(&[&str], Preset, bool); 7] = [
            (&["sex", "gender"], Preset::Exact, false),
            (&["nationality", "citizenship"], Preset::Exact, true),
            (
                &["phone", "phone_number", "mobile", "telephone"],
                Preset::Phone,
                false,
            ),
            (
                &["soc_sec_id", "passport_number", "document_number", "email"],
                Preset::Code,
                false,
            ),
            (
                &["street_number", "postcode", "postcode_fake", "zip"],
                Preset::Code,
                true,
            ),
            (
                &[
                    "address_1",
                    "address_2",
                    "suburb",
                    "city",
                    "birth_place",
                    "town",
                ],
                Preset::Text,
                true,
            ),
            (&["state", "occupation", "country"], Preset::Exact, true),
        ];
        for (names, preset, tf) in groups {
            for n in names {
                if let Some(c) = cols.iter().find(|c| c.eq_ignore_ascii_case(n)) {
                    comparisons.push(ComparisonSpec::preset(c, preset, tf));
                }
            }
        }
        let mut rules: Vec<Vec<String>> = Vec::new();
        let pfx = |c: &String, n: usize| format!("prefix({c},{n})");
        match (&given, &surname) {
            (Some(g), Some(s)) => {
                rules.push(vec![g.clone(), s.clone()]);
                if let Some(d) = &dob {
                    rules.push(vec![s.clone(), d.clone()]);
                    rules.push(vec![g.clone(), d.clone()]);
                    rules.push(vec![format!("metaphone({s})"), format!("year({d})")]);
                }
                // Swapped given name and surname, a name split elsewhere, a mononym in either
                // field.
                if let Some(d) = &dob {
                    rules.push(vec![format!("letters({g},{s})"), format!("year({d})")]);
                    // A typo in the name and a clerk's slip in the date (`min soe zaw` /
                    // `miln soe zaw`, 16 / 13 July): no other rule meets them.
                    rules.push(vec![pfx(g, 2), format!("year({d})")]);
                }
                rules.push(vec![pfx(g, 3), pfx(s, 3)]);
            }
            _ => {
                if let Some(f) = &full {
                    rules.push(vec![f.clone()]);
                    if let Some(d) = &dob {
                        rules.push(vec![format!("first_token({f})"), d.clone()]);
                        rules.push(vec![format!("last_token({f})"), d.clone()]);
                    }
                }
            }
        }
        for phone in ["phone", "phone_number", "mobile", "telephone"] {
            if let Some(c) = cols.iter().find(|c| c.eq_ignore_ascii_case(phone)) {
                rules.push(vec![format!("digits_suffix({c},9)")]);
            }
        }
        for id_like in ["email", "soc_sec_id", "passport_number", "document_number"] {
            if let Some(c) = cols.iter().find(|c| c.eq_ignore_ascii_case(id_like)) {
                rules.push(vec![c.to_string()]);
            }
        }
        if let (Some(p), Some(g)) = (
            find(&["postcode", "zip", "postcode_fake"]),
            given.as_ref().or(surname.as_ref()),
        ) {
            rules.push(vec![p, pfx(g, 1)]);
        }
        if rules.is_empty()
            && let Some(d) = &dob
        {
            rules.push(vec![d.clone()]);
        }
        let blocking_rules = rules
            .iter()
            .filter_map(|r| BlockingRule::parse(r).ok())
            .take(16)
            .collect();
        Some(Self {
            link_type,
            comparisons,
            blocking_rules,
            threshold: default_threshold(),
            bridge_threshold: default_bridge_threshold(),
            max_pairs_per_rule: default_max_pairs(),
            probability_two_random_records_match: None,
            deterministic_rules: Vec::new(),
            deterministic_recall: default_recall(),
            tf_min: 0.0,
            tf_fuzzy: false,
            training: Training::default(),
            person: Some(PersonColumns {
                given: given.clone(),
                family: surname.clone(),
                birth_date: dob.clone(),
                sex,
            }),
        })
    }

    /// Default settings for a dataset: [`Settings::default_for_columns`], plus broad
    /// single-column blocking rules (surname, given name, date of birth, …) for each of which
    /// the pairs counted on this data stay within `pair_budget` (default: 20 pairs per record,
    /// at least 200,000), so small files get high blocking recall and large ones stay fast.
    pub fn default_for_dataset(
        data: &Dataset,
        link_type: LinkType,
        pair_budget: Option<u64>,
    ) -> Option<Self> {
        let cols = data.column_names();
        let mut s = Self::default_for_columns(&cols, link_type)?;
        let budget = pair_budget.unwrap_or_else(|| (20 * data.len() as u64).max(200_000));
        let names = StrsimNames::default();
        let count = |rule: &BlockingRule| -> Option<u64> {
            let keys = RuleKeys::compute(rule, data, &names, 0).ok()?;
            Some(Blocks::build(&keys, data.len()).count_pairs(link_type, data.sources()))
        };
        // The standard rules stay unless one alone would exceed 50 pairs per record (or the
        // per-rule maximum) on this data; the smallest is always kept.
        let strict_budget = (50 * data.len() as u64)
            .max(1_000_000)
            .min(s.max_pairs_per_rule);
        let counted: Vec<(BlockingRule, u64)> = s
            .blocking_rules
            .iter()
            .map(|r| (r.clone(), count(r).unwrap_or(u64::MAX)))
            .collect();
        let smallest = counted.iter().map(|(_, c)| *c).min().unwrap_or(0);
        s.blocking_rules = counted
            .into_iter()
            .filter(|(_, c)| *c <= strict_budget || *c == smallest)
            .map(|(r, _)| r)
            .collect();
        let broad = [
            "surname",
            "last_name",
            "family_name",
            "given_name",
            "first_name",
            "date_of_birth",
            "dob",
            "birth_date",
            "full_name",
            "postcode",
            "city",
            "suburb",
        ];
        for col in broad {
            let Some(c) = cols.iter().find(|c| c.eq_ignore_ascii_case(col)) else {
                continue;
            };
            if s.blocking_rules.len() >= 16 {
                break;
            }
            let Ok(rule) = BlockingRule::parse(&[*c]) else {
                continue;
            };
            if s.blocking_rules.contains(&rule) {
                continue;
            }
            if count(&rule).is_some_and(|c| c <= budget) {
                s.blocking_rules.push(rule);
            }
        }
        Some(s)
    }

    /// The settings as TOML (for printing the defaults chosen).
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self)
            .unwrap_or_else(|e| format!("# settings could not be printed: {e}"))
    }
}

fn toml_like_error<T>(
    r: std::result::Result<T, toml::de::Error>,
) -> std::result::Result<T, String> {
    r.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_is_refused_by_name() {
        let text = "comparisons = []\nblocking_rules = []\nthreshhold = 0.5\n";
        let err = Settings::from_toml(text).unwrap_err();
        assert!(err.contains("threshhold"), "{err}");
        let text = "blocking_rules = [[\"surname\"]]\n[[comparisons]]\ncolumn = \"surname\"\nlevels = [\"exact\", { jaro_winkler = 0.9 }]\nfuzzy = true\n";
        let err = Settings::from_toml(text).unwrap_err();
        assert!(err.contains("fuzzy"), "{err}");
    }

    #[test]
    fn parses_levels_and_rules() {
        let text = r#"
link_type = "link"
threshold = 0.95
blocking_rules = [["surname", "year(dob)"], ["prefix(given_name,2)"]]
[[comparisons]]
column = "surname"
levels = ["exact", { jaro_winkler = 0.9 }, "phonetic", { date_within_days = 30 }]
tf_adjust = true
[[comparisons]]
column = "dob"
preset = "date"
[training]
u_samples = 1000
"#;
        let s = Settings::from_toml(text).unwrap();
        s.validate().unwrap();
        assert_eq!(s.link_type, LinkType::Link);
        assert_eq!(s.comparisons[0].levels[1], Level::JaroWinkler(0.9));
        assert_eq!(s.blocking_rules[0].to_string(), "surname & year(dob)");
        assert_eq!(s.training.u_samples, 1000);
        let back = Settings::from_toml(&s.to_toml()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn defaults_follow_column_names() {
        let s = Settings::default_for_columns(
            &[
                "rec_id",
                "given_name",
                "surname",
                "date_of_birth",
                "postcode",
                "suburb",
            ],
            LinkType::Dedupe,
        )
        .unwrap();
        let cols: Vec<&str> = s.comparisons.iter().map(|c| c.column.as_str()).collect();
        // Given and family name compared as one whole name.
        assert_eq!(s.comparisons[0].with_columns, ["surname"]);
        assert_eq!(cols, ["given_name", "date_of_birth", "postcode", "suburb"]);
        assert!(
            s.blocking_rules
                .iter()
                .any(|r| r.to_string() == "surname & date_of_birth")
        );
        assert!(Settings::default_for_columns(&["amount", "memo"], LinkType::Dedupe).is_none());
        // The printed defaults (whole-name comparison, person columns) read back unchanged.
        let s = Settings::default_for_columns(
            &["given_name", "surname", "date_of_birth", "sex", "phone"],
            LinkType::Dedupe,
        )
        .unwrap();
        assert_eq!(Settings::from_toml(&s.to_toml()).unwrap(), s);
        assert!(
            s.blocking_rules
                .iter()
                .any(|r| r.to_string() == "letters(given_name,surname) & year(date_of_birth)")
        );
        assert!(
            s.blocking_rules
                .iter()
                .any(|r| r.to_string() == "prefix(given_name,2) & year(date_of_birth)")
        );
        assert!(!s.tf_fuzzy);
    }
}

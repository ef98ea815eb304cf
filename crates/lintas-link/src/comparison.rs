//! Comparisons: for one column, an ordered list of agreement levels. A pair of records gets the
//! first level it satisfies, the "else" level when it satisfies none, and the null level when
//! either value is missing (a null level contributes no evidence either way).

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::data::{Dataset, NULL_ID};
use crate::error::{LinkError, Result};
use crate::names::NameSimilarity;

/// One agreement level. Levels are tried in order; the first that holds is the pair's level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Level {
    /// Normalised values are identical.
    Exact,
    /// Jaro-Winkler similarity at least the threshold.
    JaroWinkler(f64),
    /// Jaro similarity at least the threshold.
    Jaro(f64),
    /// Levenshtein distance at most the given number of edits.
    Levenshtein(usize),
    /// Optimal-string-alignment (Damerau-Levenshtein with adjacent transpositions) distance at most n.
    DamerauLevenshtein(usize),
    /// Double Metaphone keys agree (primary or alternate).
    Phonetic,
    /// Both values parse as dates no more than this many days apart.
    DateWithinDays(u32),
    /// Both values parse as numbers whose absolute difference is at most this.
    AbsDiff(f64),
    /// Both values parse as numbers whose relative difference is at most this fraction.
    RelDiff(f64),
    /// This column's value equals the other record's value in the named column and vice versa
    /// (e.g. given name and surname swapped).
    Swapped(String),
    /// The same letters, spaces and order aside: a whole name with its parts swapped or split
    /// at another place (`nur aini` / `nuraini`, `an nguyen van` / `van an nguyen`).
    SameLetters,
    /// The same number of name parts, paired one to one (in any order) at Jaro-Winkler ≥ t.
    TokenJaroWinkler(f64),
    /// Every part of the shorter name equals a distinct part of the longer one (a mononym or a
    /// dropped part).
    TokenSubset,
    /// The parts run together (spaces dropped, the other name's parts rotated to any starting
    /// part) at Jaro-Winkler ≥ t: a name split elsewhere or swapped, with a spelling variant.
    JoinedJaroWinkler(f64),
    /// The last n digits agree, other characters ignored (phones in any format).
    DigitsSuffix(usize),
    /// A partial date (a year, or a year and month) agrees with the other date's same parts.
    PartialDate,
    /// The same full date with day and month swapped (`1990-03-07` / `1990-07-03`): a clerk
    /// reading a date in the other convention, far apart in days but the same birth.
    DayMonthSwapped,
}

impl Level {
    /// Short human-readable label.
    pub fn label(&self) -> String {
        match self {
            Level::Exact => "exact".into(),
            Level::JaroWinkler(t) => format!("jaro_winkler>={t}"),
            Level::Jaro(t) => format!("jaro>={t}"),
            Level::Levenshtein(d) => format!("levenshtein<={d}"),
            Level::DamerauLevenshtein(d) => format!("damerau_levenshtein<={d}"),
            Level::Phonetic => "phonetic".into(),
            Level::DateWithinDays(d) => format!("date_within_{d}_days"),
            Level::AbsDiff(x) => format!("abs_diff<={x}"),
            Level::RelDiff(x) => format!("rel_diff<={x}"),
            Level::Swapped(c) => format!("swapped_with_{c}"),
            Level::SameLetters => "same_letters".into(),
            Level::TokenJaroWinkler(t) => format!("token_jaro_winkler>={t}"),
            Level::TokenSubset => "token_subset".into(),
            Level::JoinedJaroWinkler(t) => format!("joined_jaro_winkler>={t}"),
            Level::DigitsSuffix(n) => format!("last_{n}_digits"),
            Level::PartialDate => "partial_date_agrees".into(),
            Level::DayMonthSwapped => "day_month_swapped".into(),
        }
    }
}

/// Named level lists for common kinds of column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// Exact, Jaro-Winkler 0.92 / 0.88, phonetic, Jaro-Winkler 0.7.
    Name,
    /// Exact, Damerau-Levenshtein 1, day and month swapped, within 31 days / 1 year / 10
    /// years, a partial date agreeing.
    Date,
    /// Exact, Damerau-Levenshtein 1, Jaro-Winkler 0.88.
    Text,
    /// Exact, Damerau-Levenshtein 1 (postcodes, phone numbers, document numbers).
    Code,
    /// Exact only.
    Exact,
    /// A whole person name over several columns: exact, same letters, parts paired at
    /// Jaro-Winkler 0.92 / 0.85, parts a subset.
    PersonName,
    /// Exact, the last 9 digits, Damerau-Levenshtein 1 (phone numbers in any format).
    Phone,
}

impl Preset {
    /// The levels this preset stands for.
    pub fn levels(self) -> Vec<Level> {
        match self {
            Preset::Name => vec![
                Level::Exact,
                Level::JaroWinkler(0.92),
                Level::JaroWinkler(0.88),
                Level::Phonetic,
                Level::JaroWinkler(0.7),
            ],
            Preset::Date => vec![
                Level::Exact,
                Level::DamerauLevenshtein(1),
                Level::DayMonthSwapped,
                Level::DateWithinDays(31),
                Level::DateWithinDays(366),
                Level::DateWithinDays(3653),
                Level::PartialDate,
            ],
            Preset::Text => vec![
                Level::Exact,
                Level::DamerauLevenshtein(1),
                Level::JaroWinkler(0.88),
            ],
            Preset::Code => vec![Level::Exact, Level::DamerauLevenshtein(1)],
            Preset::Exact => vec![Level::Exact],
            Preset::PersonName => vec![
                Level::Exact,
                Level::SameLetters,
                Level::TokenJaroWinkler(0.92),
                Level::TokenJaroWinkler(0.85),
                Level::JoinedJaroWinkler(0.9),
                Level::TokenSubset,
            ],
            Preset::Phone => vec![
                Level::Exact,
                Level::DigitsSuffix(9),
                Level::DamerauLevenshtein(1),
            ],
        }
    }
}

/// A comparison as configured: a column, its ordered levels, and whether exact agreement is
/// weighted by how common the value is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonSpec {
    /// Column compared.
    pub column: String,
    /// Display name (defaults to the column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Level list given by a preset (used when `levels` is empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<Preset>,
    /// Explicit levels, most to least similar (the "else" level is implicit).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Level>,
    /// Term-frequency adjustment on the exact level: agreeing on a common value counts for less.
    #[serde(default)]
    pub tf_adjust: bool,
    /// Further columns whose values are appended (space-separated, in order) to this column's
    /// before comparing: a whole name from given and family name fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with_columns: Vec<String>,
}

impl ComparisonSpec {
    /// A comparison of `column` with a preset's levels.
    pub fn preset(column: &str, preset: Preset, tf_adjust: bool) -> Self {
        Self {
            column: column.to_string(),
            name: None,
            preset: Some(preset),
            levels: Vec::new(),
            tf_adjust,
            with_columns: Vec::new(),
        }
    }

    /// Display name.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.column)
    }

    /// The effective level list (explicit levels win over the preset).
    pub fn effective_levels(&self) -> Vec<Level> {
        if self.levels.is_empty() {
            self.preset.map(Preset::levels).unwrap_or_default()
        } else {
            self.levels.clone()
        }
    }

    /// Labels of all gamma values: index 0 = null, then each level, then "else".
    pub fn level_labels(&self) -> Vec<String> {
        let mut out = vec!["null".to_string()];
        out.extend(self.effective_levels().iter().map(Level::label));
        out.push("else".into());
        out
    }
}

/// A comparison bound to a dataset, with per-value derived data (phonetic keys, dates, numbers)
/// computed once per distinct value rather than once per pair.
#[derive(Debug, Clone)]
pub struct Comparator {
    col: usize,
    levels: Vec<Level>,
    swapped_col: Option<usize>,
    phonetic: Vec<(Box<str>, Box<str>)>,
    dates: Vec<Option<i32>>,
    numbers: Vec<Option<f64>>,
    names: Arc<dyn NameSimilarity>,
    exact_level: Option<u8>,
    sigs: Vec<Sig>,
    jaro_bound: bool,
    /// Values built from several columns (`with_columns`); None = the column's own.
    own: Option<OwnValues>,
    /// Per distinct value: the id of its sorted letters (for `SameLetters` and its TF).
    letters: Vec<u32>,
    letters_counts: Vec<u32>,
    /// Per distinct value: its parts (for the token levels).
    tokens: Vec<Vec<Box<str>>>,
    /// Per distinct value: its letters sorted, spaces dropped (bounds the joined levels).
    sorted: Vec<Box<[char]>>,
    same_letters_level: Option<u8>,
    total: f64,
    /// Lowest `TokenJaroWinkler` threshold (below it no token level can hold).
    token_floor: f64,
    /// Per distinct value: its last `suffix_n` digits (the first `DigitsSuffix` level's n).
    suffixes: Vec<Option<Box<str>>>,
    suffix_n: usize,
    /// Per distinct value: the date's known parts (for the partial and swapped date levels).
    date_parts: Vec<Option<crate::guard::DateParts>>,
}

/// Ids per record, distinct values, count per value.
type Values<'a> = (&'a [u32], &'a [Box<str>], &'a [u32]);

/// Interned values of a comparison over several columns.
#[derive(Debug, Clone, Default)]
struct OwnValues {
    ids: Vec<u32>,
    dict: Vec<Box<str>>,
    counts: Vec<u32>,
}

impl OwnValues {
    fn build(data: &Dataset, cols: &[usize]) -> Self {
        let mut out = Self::default();
        let mut lookup: rustc_hash::FxHashMap<Box<str>, u32> = rustc_hash::FxHashMap::default();
        for row in 0..data.len() {
            let parts: Vec<&str> = cols
                .iter()
                .filter_map(|&c| data.columns().get(c).and_then(|col| col.value(row)))
                .collect();
            if parts.is_empty() {
                out.ids.push(NULL_ID);
                continue;
            }
            let v = parts.join(" ");
            let id = match lookup.get(v.as_str()) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(out.dict.len()).unwrap_or(NULL_ID - 1);
                    let boxed: Box<str> = v.into_boxed_str();
                    lookup.insert(boxed.clone(), id);
                    out.dict.push(boxed);
                    out.counts.push(0);
                    id
                }
            };
            if let Some(c) = out.counts.get_mut(id as usize) {
                *c += 1;
            }
            out.ids.push(id);
        }
        out
    }
}

/// The last `n` digits of a value, other characters dropped; None when it has fewer.
pub fn digits_suffix(v: &str, n: usize) -> Option<String> {
    let digits: Vec<char> = v.chars().filter(char::is_ascii_digit).collect();
    if n == 0 || digits.len() < n {
        return None;
    }
    digits.get(digits.len() - n..).map(|d| d.iter().collect())
}

/// Size of the multiset intersection of two sorted character lists.
fn common_sorted(a: &[char], b: &[char]) -> u32 {
    let (mut i, mut j, mut n) = (0, 0, 0u32);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Jaro-Winkler of two names with their parts run together, `b`'s parts rotated to every
/// starting part (a swap of given and family name is a rotation), best value.
fn joined_jw(a: &[Box<str>], b: &[Box<str>], names: &dyn NameSimilarity) -> f64 {
    let x: String = a.concat();
    (0..b.len().max(1))
        .map(|r| {
            let y: String = b
                .iter()
                .cycle()
                .skip(r)
                .take(b.len())
                .map(|s| &**s)
                .collect();
            names.jaro_winkler(&x, &y)
        })
        .fold(0.0, f64::max)
}

/// The parts of two names with as many parts each, paired one to one as [`tokens_pair`] pairs
/// them (exact partners first, then each remaining part to its most similar free part): the
/// lowest similarity of a pairing, or 0 as soon as one falls below `floor`. The pairing does
/// not depend on the threshold, so one call serves every `TokenJaroWinkler` level.
fn token_score(a: &[Box<str>], b: &[Box<str>], floor: f64, names: &dyn NameSimilarity) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let mut used = vec![false; b.len()];
    let mut pending = Vec::new();
    for x in a {
        match b
            .iter()
            .enumerate()
            .position(|(j, y)| !used.get(j).copied().unwrap_or(true) && x == y)
        {
            Some(j) => {
                if let Some(u) = used.get_mut(j) {
                    *u = true;
                }
            }
            None => pending.push(x),
        }
    }
    let mut low = 1.0f64;
    for x in pending {
        let best = b
            .iter()
            .enumerate()
            .filter(|(j, _)| !used.get(*j).copied().unwrap_or(true))
            .map(|(j, y)| (j, names.jaro_winkler(x, y)))
            .max_by(|p, q| p.1.total_cmp(&q.1));
        match best {
            Some((j, sim)) if sim >= floor => {
                if let Some(u) = used.get_mut(j) {
                    *u = true;
                }
                low = low.min(sim);
            }
            _ => return 0.0,
        }
    }
    low
}

/// Whether every part of the shorter name equals a distinct part of the longer one.
fn token_multiset_subset(a: &[Box<str>], b: &[Box<str>]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return false;
    }
    let mut used = vec![false; long.len()];
    short.iter().all(|x| {
        match long
            .iter()
            .enumerate()
            .position(|(j, y)| !used.get(j).copied().unwrap_or(true) && x == y)
        {
            Some(j) => {
                if let Some(u) = used.get_mut(j) {
                    *u = true;
                }
                true
            }
            None => false,
        }
    })
}

/// Pairs the parts of `a` and `b` one to one, greedily by best similarity; true when every part
/// of the shorter side finds a distinct partner at Jaro-Winkler ≥ `t`.
fn tokens_pair(a: &[Box<str>], b: &[Box<str>], t: f64, names: &dyn NameSimilarity) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return false;
    }
    let mut used = vec![false; long.len()];
    // Exact partners first, so a fuzzy pairing never takes a part another part equals.
    let mut pending = Vec::new();
    for x in short {
        match long
            .iter()
            .enumerate()
            .position(|(j, y)| !used.get(j).copied().unwrap_or(true) && x == y)
        {
            Some(j) => {
                if let Some(u) = used.get_mut(j) {
                    *u = true;
                }
            }
            None => pending.push(x),
        }
    }
    for x in pending {
        let best = long
            .iter()
            .enumerate()
            .filter(|(j, _)| !used.get(*j).copied().unwrap_or(true))
            .map(|(j, y)| (j, names.jaro_winkler(x, y)))
            .max_by(|p, q| p.1.total_cmp(&q.1));
        match best {
            Some((j, sim)) if sim >= t => {
                if let Some(u) = used.get_mut(j) {
                    *u = true;
                }
            }
            _ => return false,
        }
    }
    true
}

/// Length and a bag of characters (hashed into 32 buckets) of one distinct value. The bucket
/// overlap of two values bounds their number of common characters from above, which bounds
/// Jaro(-Winkler) from above and edit distances from below: most random pairs are ruled out of
/// every fuzzy level without running the quadratic metrics (measured in `docs/benchmarks.md`).
#[derive(Debug, Clone, Copy)]
struct Sig {
    len: u32,
    bag: [u8; 32],
    valid: bool,
}

impl Sig {
    fn of(v: &str) -> Self {
        let mut bag = [0u8; 32];
        let mut len = 0u32;
        let mut valid = true;
        for c in v.chars() {
            len += 1;
            if let Some(b) = bag.get_mut((c as u32 & 31) as usize) {
                match b.checked_add(1) {
                    Some(n) => *b = n,
                    None => valid = false,
                }
            }
        }
        Self { len, bag, valid }
    }

    fn common(&self, other: &Sig) -> u32 {
        self.bag
            .iter()
            .zip(&other.bag)
            .map(|(a, b)| u32::from(*a.min(b)))
            .sum()
    }
}

/// Upper bound of Jaro-Winkler (and, with `prefix` 0, of Jaro) from lengths, common characters
/// and the common prefix length.
fn jaro_upper_bound(la: u32, lb: u32, common: u32, prefix: usize) -> f64 {
    let m = f64::from(common.min(la).min(lb));
    if m == 0.0 {
        return 0.0;
    }
    let j = (m / f64::from(la) + m / f64::from(lb) + 1.0) / 3.0;
    j + 0.1 * prefix.min(4) as f64 * (1.0 - j)
}

/// Gamma value of a pair whose value is missing on either side.
pub const GAMMA_NULL: u8 = 0;

impl Comparator {
    /// Binds a comparison to a dataset.
    pub fn new(
        spec: &ComparisonSpec,
        data: &Dataset,
        names: Arc<dyn NameSimilarity>,
    ) -> Result<Self> {
        let used_by = format!("comparison `{}`", spec.display_name());
        data.column(&spec.column, &used_by)?;
        let col = data.column_index(&spec.column).unwrap_or_default();
        let levels = spec.effective_levels();
        if levels.is_empty() {
            return Err(LinkError::InvalidSettings {
                field: format!("comparison.{}.levels", spec.display_name()),
                message: "no levels and no preset".into(),
            });
        }
        if levels.len() > 250 {
            return Err(LinkError::InvalidSettings {
                field: format!("comparison.{}.levels", spec.display_name()),
                message: "more than 250 levels".into(),
            });
        }
        for l in &levels {
            let bad = match l {
                Level::JaroWinkler(t) | Level::Jaro(t) => !(0.0..=1.0).contains(t),
                Level::AbsDiff(x) | Level::RelDiff(x) => !x.is_finite() || *x < 0.0,
                _ => false,
            };
            if bad {
                return Err(LinkError::InvalidSettings {
                    field: format!("comparison.{}.levels", spec.display_name()),
                    message: format!("level {} has an out-of-range threshold", l.label()),
                });
            }
        }
        let mut swapped_col = None;
        for l in &levels {
            if let Level::Swapped(other) = l {
                data.column(other, &used_by)?;
                swapped_col = data.column_index(other);
            }
        }
        let column = data
            .columns()
            .get(col)
            .ok_or_else(|| LinkError::InvalidInput("column index".into()))?;
        let own = if spec.with_columns.is_empty() {
            None
        } else {
            let mut cols = vec![col];
            for w in &spec.with_columns {
                data.column(w, &used_by)?;
                cols.extend(data.column_index(w));
            }
            Some(OwnValues::build(data, &cols))
        };
        let (dict, counts): (&[Box<str>], &[u32]) = match &own {
            Some(o) => (&o.dict, &o.counts),
            None => (&column.dict, &column.counts),
        };
        let total = counts.iter().map(|&c| f64::from(c)).sum::<f64>().max(1.0);
        let needs = |f: fn(&Level) -> bool| levels.iter().any(f);
        let mut letters = Vec::new();
        let mut letters_counts: Vec<u32> = Vec::new();
        if needs(|l| matches!(l, Level::SameLetters)) {
            let mut lookup: rustc_hash::FxHashMap<String, u32> = rustc_hash::FxHashMap::default();
            for (v, &n) in dict.iter().zip(counts) {
                let mut chars: Vec<char> = v.chars().filter(|c| !c.is_whitespace()).collect();
                chars.sort_unstable();
                let key: String = chars.into_iter().collect();
                let next = u32::try_from(lookup.len()).unwrap_or(NULL_ID - 1);
                let id = *lookup.entry(key).or_insert(next);
                if letters_counts.len() <= id as usize {
                    letters_counts.push(0);
                }
                if let Some(c) = letters_counts.get_mut(id as usize) {
                    *c += n;
                }
                letters.push(id);
            }
        }
        let tokens = if needs(|l| {
            matches!(
                l,
                Level::TokenJaroWinkler(_) | Level::TokenSubset | Level::JoinedJaroWinkler(_)
            )
        }) {
            dict.iter()
                .map(|v| v.split_whitespace().map(Box::from).collect())
                .collect()
        } else {
            Vec::new()
        };
        let sorted: Vec<Box<[char]>> = if needs(|l| matches!(l, Level::JoinedJaroWinkler(_))) {
            dict.iter()
                .map(|v| {
                    let mut c: Vec<char> = v.chars().filter(|c| !c.is_whitespace()).collect();
                    c.sort_unstable();
                    c.into_boxed_slice()
                })
                .collect()
        } else {
            Vec::new()
        };
        let same_letters_level = levels
            .iter()
            .position(|l| matches!(l, Level::SameLetters))
            .and_then(|p| u8::try_from(p + 1).ok());
        let phonetic = if needs(|l| matches!(l, Level::Phonetic)) {
            dict.iter()
                .map(|v| {
                    let (p, a) = names.phonetic_keys(v);
                    (p.into_boxed_str(), a.into_boxed_str())
                })
                .collect()
        } else {
            Vec::new()
        };
        let dates = if needs(|l| matches!(l, Level::DateWithinDays(_))) {
            dict.iter().map(|v| parse_date(v)).collect()
        } else {
            Vec::new()
        };
        let numbers = if needs(|l| matches!(l, Level::AbsDiff(_) | Level::RelDiff(_))) {
            dict.iter()
                .map(|v| v.parse::<f64>().ok().filter(|x| x.is_finite()))
                .collect()
        } else {
            Vec::new()
        };
        let exact_level = levels
            .iter()
            .position(|l| matches!(l, Level::Exact))
            .and_then(|p| u8::try_from(p + 1).ok());
        let fuzzy = needs(|l| {
            matches!(
                l,
                Level::JaroWinkler(_)
                    | Level::Jaro(_)
                    | Level::Levenshtein(_)
                    | Level::DamerauLevenshtein(_)
            )
        });
        let sigs = if fuzzy {
            dict.iter().map(|v| Sig::of(v)).collect()
        } else {
            Vec::new()
        };
        let jaro_bound = names.standard_jaro();
        let token_floor = levels
            .iter()
            .filter_map(|l| match l {
                Level::TokenJaroWinkler(t) => Some(*t),
                _ => None,
            })
            .fold(1.0, f64::min);
        let suffix_n = levels
            .iter()
            .find_map(|l| match l {
                Level::DigitsSuffix(n) => Some(*n),
                _ => None,
            })
            .unwrap_or(0);
        let suffixes = if suffix_n > 0 {
            dict.iter()
                .map(|v| digits_suffix(v, suffix_n).map(String::into_boxed_str))
                .collect()
        } else {
            Vec::new()
        };
        let date_parts = if needs(|l| matches!(l, Level::PartialDate | Level::DayMonthSwapped)) {
            dict.iter().map(|v| crate::guard::parts(v)).collect()
        } else {
            Vec::new()
        };
        Ok(Self {
            col,
            levels,
            swapped_col,
            phonetic,
            dates,
            numbers,
            names,
            exact_level,
            sigs,
            jaro_bound,
            own,
            letters,
            letters_counts,
            tokens,
            sorted,
            same_letters_level,
            total,
            token_floor,
            suffixes,
            suffix_n,
            date_parts,
        })
    }

    /// Number of gamma values: null, each level, else.
    pub fn n_gammas(&self) -> usize {
        self.levels.len() + 2
    }

    /// Gamma value of the exact level, if the comparison has one.
    pub fn exact_gamma(&self) -> Option<u8> {
        self.exact_level
    }

    /// Index of the compared column in the dataset.
    pub fn column_index(&self) -> usize {
        self.col
    }

    /// The level list.
    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    /// Gamma of records `a` and `b` of the dataset the comparator was built on.
    /// The interned values compared: (id per record, distinct values, count per value).
    fn values<'a>(&'a self, data: &'a Dataset) -> Option<Values<'a>> {
        match &self.own {
            Some(o) => Some((&o.ids, &o.dict, &o.counts)),
            None => data
                .columns()
                .get(self.col)
                .map(|c| (&c.ids[..], &c.dict[..], &c.counts[..])),
        }
    }

    /// Relative frequency of record `row`'s value as the term-frequency adjusted level `gamma`
    /// compares it (the whole value for exact, its letters for `SameLetters`).
    pub fn tf(&self, data: &Dataset, gamma: u8, row: usize) -> Option<f64> {
        let (ids, _, counts) = self.values(data)?;
        let id = *ids.get(row)?;
        if id == NULL_ID {
            return None;
        }
        let n = if Some(gamma) == self.exact_level {
            *counts.get(id as usize)?
        } else if Some(gamma) == self.same_letters_level {
            *self
                .letters_counts
                .get(*self.letters.get(id as usize)? as usize)?
        } else {
            return None;
        };
        Some(f64::from(n) / self.total)
    }

    /// Relative frequency that a term-frequency adjusted level weighs records `a` and `b`'s
    /// agreement by: [`Comparator::tf`] of `a` for exact levels, and for the fuzzy whole-name
    /// levels ([`Comparator::tf_fuzzy_gammas`]) the frequency of the commoner of the two
    /// values, so a variant spelling never makes a common name look rare.
    pub fn tf_pair(&self, data: &Dataset, gamma: u8, a: usize, b: usize) -> Option<f64> {
        if !self.tf_fuzzy_gammas().contains(&gamma) {
            return self.tf(data, gamma, a);
        }
        let (ids, _, counts) = self.values(data)?;
        let count = |r: usize| -> Option<u32> {
            let id = *ids.get(r)?;
            if id == NULL_ID {
                return None;
            }
            counts.get(id as usize).copied()
        };
        let n = count(a)?.max(count(b)?);
        Some(f64::from(n) / self.total)
    }

    /// Gammas of the fuzzy whole-name levels (parts paired, run together, a subset) whose
    /// weight is scaled by the name's frequency when the comparison is term-frequency adjusted.
    pub fn tf_fuzzy_gammas(&self) -> Vec<u8> {
        self.levels
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                matches!(
                    l,
                    Level::TokenJaroWinkler(_) | Level::JoinedJaroWinkler(_) | Level::TokenSubset
                )
            })
            .filter_map(|(i, _)| u8::try_from(i + 1).ok())
            .collect()
    }

    /// Gamma of the `SameLetters` level, if the comparison has one.
    pub fn same_letters_gamma(&self) -> Option<u8> {
        self.same_letters_level
    }

    /// Number of distinct non-null values compared.
    pub fn distinct_values(&self, data: &Dataset) -> usize {
        self.values(data).map_or(0, |(_, d, _)| d.len())
    }

    /// Gamma of records `a` and `b` of the dataset the comparator was built on.
    pub fn gamma(&self, data: &Dataset, a: usize, b: usize) -> u8 {
        let Some((ids, dict, _)) = self.values(data) else {
            return GAMMA_NULL;
        };
        let ia = ids.get(a).copied().unwrap_or(NULL_ID);
        let ib = ids.get(b).copied().unwrap_or(NULL_ID);
        if ia == NULL_ID || ib == NULL_ID {
            return GAMMA_NULL;
        }
        let (Some(sa), Some(sb)) = (dict.get(ia as usize), dict.get(ib as usize)) else {
            return GAMMA_NULL;
        };
        let (sa, sb) = (&**sa, &**sb);
        let mut jw: Option<f64> = None;
        let mut jaro: Option<f64> = None;
        let mut lev: Option<usize> = None;
        let mut osa: Option<usize> = None;
        let mut tok: Option<f64> = None;
        // Cheap bounds (see `Sig`): None when unavailable.
        let bounds = match (self.sigs.get(ia as usize), self.sigs.get(ib as usize)) {
            (Some(x), Some(y)) if x.valid && y.valid => {
                let common = x.common(y);
                let prefix = sa
                    .chars()
                    .zip(sb.chars())
                    .take(4)
                    .take_while(|(p, q)| p == q)
                    .count();
                Some((
                    jaro_upper_bound(x.len, y.len, common, prefix),
                    jaro_upper_bound(x.len, y.len, common, 0),
                    x.len.max(y.len).saturating_sub(common) as usize,
                ))
            }
            _ => None,
        };
        let jaro_bound = if self.jaro_bound { bounds } else { None };
        for (i, level) in self.levels.iter().enumerate() {
            let hit = match level {
                Level::Exact => ia == ib,
                Level::JaroWinkler(t) => match jaro_bound {
                    Some((ub, _, _)) if jw.is_none() && ub < *t - 1e-9 => false,
                    _ => *jw.get_or_insert_with(|| self.names.jaro_winkler(sa, sb)) >= *t,
                },
                Level::Jaro(t) => match jaro_bound {
                    Some((_, ub, _)) if jaro.is_none() && ub < *t - 1e-9 => false,
                    _ => *jaro.get_or_insert_with(|| self.names.jaro(sa, sb)) >= *t,
                },
                Level::Levenshtein(d) => match bounds {
                    Some((_, _, lb)) if lev.is_none() && lb > *d => false,
                    _ => *lev.get_or_insert_with(|| strsim::levenshtein(sa, sb)) <= *d,
                },
                Level::DamerauLevenshtein(d) => match bounds {
                    Some((_, _, lb)) if osa.is_none() && lb > *d => false,
                    _ => *osa.get_or_insert_with(|| strsim::osa_distance(sa, sb)) <= *d,
                },
                Level::Phonetic => match (
                    self.phonetic.get(ia as usize),
                    self.phonetic.get(ib as usize),
                ) {
                    (Some((pa, aa)), Some((pb, ab))) => {
                        !pa.is_empty()
                            && (pa == pb || pa == ab || aa == pb || (!aa.is_empty() && aa == ab))
                    }
                    _ => false,
                },
                Level::DateWithinDays(d) => {
                    let xa = self.dates.get(ia as usize).copied().flatten();
                    let xb = self.dates.get(ib as usize).copied().flatten();
                    matches!((xa, xb), (Some(x), Some(y)) if (i64::from(x) - i64::from(y)).unsigned_abs() <= u64::from(*d))
                }
                Level::AbsDiff(t) => match self.numbers_of(ia, ib) {
                    Some((x, y)) => (x - y).abs() <= *t,
                    None => false,
                },
                Level::RelDiff(t) => match self.numbers_of(ia, ib) {
                    Some((x, y)) => {
                        let scale = x.abs().max(y.abs());
                        scale == 0.0 || (x - y).abs() / scale <= *t
                    }
                    None => false,
                },
                Level::Swapped(_) => match self.swapped_col.and_then(|o| data.columns().get(o)) {
                    Some(other) => {
                        matches!((other.value(a), other.value(b)), (Some(oa), Some(ob)) if oa == sb && ob == sa)
                    }
                    None => false,
                },
                Level::SameLetters => matches!(
                    (self.letters.get(ia as usize), self.letters.get(ib as usize)),
                    (Some(x), Some(y)) if x == y
                ),
                Level::TokenJaroWinkler(t) => {
                    match (self.tokens.get(ia as usize), self.tokens.get(ib as usize)) {
                        (Some(x), Some(y)) if x.len() == y.len() => {
                            *tok.get_or_insert_with(|| {
                                token_score(x, y, self.token_floor, self.names.as_ref())
                            }) >= *t
                        }
                        _ => false,
                    }
                }
                Level::TokenSubset => {
                    match (self.tokens.get(ia as usize), self.tokens.get(ib as usize)) {
                        // With the standard metric only identical parts reach 1.0: a multiset
                        // test, without the quadratic similarities (most random pairs).
                        (Some(x), Some(y)) if x.len() != y.len() && self.jaro_bound => {
                            token_multiset_subset(x, y)
                        }
                        (Some(x), Some(y)) if x.len() != y.len() => {
                            tokens_pair(x, y, 1.0, self.names.as_ref())
                        }
                        _ => false,
                    }
                }
                Level::PartialDate => matches!(
                    (self.date_parts.get(ia as usize), self.date_parts.get(ib as usize)),
                    (Some(Some(x)), Some(Some(y))) if crate::guard::partial_parts_agree(*x, *y)
                ),
                Level::DayMonthSwapped => matches!(
                    (self.date_parts.get(ia as usize), self.date_parts.get(ib as usize)),
                    (Some(Some(x)), Some(Some(y))) if crate::guard::swapped_parts(*x, *y)
                ),
                Level::JoinedJaroWinkler(t) => {
                    match (self.tokens.get(ia as usize), self.tokens.get(ib as usize)) {
                        (Some(x), Some(y)) => {
                            let bound = match (
                                self.sorted.get(ia as usize),
                                self.sorted.get(ib as usize),
                            ) {
                                (Some(p), Some(q)) if self.jaro_bound => {
                                    let common = common_sorted(p, q);
                                    jaro_upper_bound(p.len() as u32, q.len() as u32, common, 4)
                                }
                                _ => 1.0,
                            };
                            bound >= *t - 1e-9 && joined_jw(x, y, self.names.as_ref()) >= *t
                        }
                        _ => false,
                    }
                }
                Level::DigitsSuffix(n) if *n == self.suffix_n => matches!(
                    (self.suffixes.get(ia as usize), self.suffixes.get(ib as usize)),
                    (Some(Some(x)), Some(Some(y))) if x == y
                ),
                Level::DigitsSuffix(n) => match (digits_suffix(sa, *n), digits_suffix(sb, *n)) {
                    (Some(x), Some(y)) => x == y,
                    _ => false,
                },
            };
            if hit {
                return u8::try_from(i + 1).unwrap_or(u8::MAX);
            }
        }
        u8::try_from(self.levels.len() + 1).unwrap_or(u8::MAX)
    }

    fn numbers_of(&self, ia: u32, ib: u32) -> Option<(f64, f64)> {
        let x = self.numbers.get(ia as usize).copied().flatten()?;
        let y = self.numbers.get(ib as usize).copied().flatten()?;
        Some((x, y))
    }
}

/// Parses a date in one of the common layouts and returns days since 1 January of year 1 (CE).
pub fn parse_date(v: &str) -> Option<i32> {
    const FORMATS: [&str; 5] = ["%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y"];
    FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(v, f).ok())
        .map(|d| d.num_days_from_ce())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::StrsimNames;

    fn data(rows: &[(&str, &str, &str)]) -> Dataset {
        let mut d = Dataset::new(&["given", "surname", "dob"]);
        let s = d.add_source("t").unwrap();
        for (i, (g, s2, b)) in rows.iter().enumerate() {
            let opt = |x: &str| {
                if x.is_empty() {
                    None
                } else {
                    Some(x.to_string())
                }
            };
            let (g, s2, b) = (opt(g), opt(s2), opt(b));
            d.push(
                s,
                &i.to_string(),
                &[g.as_deref(), s2.as_deref(), b.as_deref()],
            )
            .unwrap();
        }
        d
    }

    #[test]
    fn levels_are_ordered_and_null_is_separate() {
        let d = data(&[
            ("john", "smith", "1980-01-02"),
            ("john", "smyth", "1980-01-25"),
            ("jon", "", "1981-01-01"),
            ("smith", "john", "2000-01-01"),
            ("john", "smith", "1980-02-01"),
        ]);
        let names: Arc<dyn NameSimilarity> = Arc::new(StrsimNames::default());
        let given = Comparator::new(
            &ComparisonSpec::preset("given", Preset::Name, false),
            &d,
            names.clone(),
        )
        .unwrap();
        let mut sur = ComparisonSpec::preset("surname", Preset::Name, false);
        sur.levels = vec![
            Level::Exact,
            Level::Swapped("given".into()),
            Level::Phonetic,
        ];
        let sur = Comparator::new(&sur, &d, names.clone()).unwrap();
        let dob = Comparator::new(
            &ComparisonSpec::preset("dob", Preset::Date, false),
            &d,
            names,
        )
        .unwrap();
        assert_eq!(given.gamma(&d, 0, 1), 1);
        assert_eq!(given.gamma(&d, 0, 2), 2); // jw(john, jon) = 0.93
        assert_eq!(sur.gamma(&d, 0, 2), GAMMA_NULL);
        assert_eq!(sur.gamma(&d, 0, 1), 3); // phonetic
        assert_eq!(sur.gamma(&d, 0, 3), 2); // swapped
        assert_eq!(dob.gamma(&d, 0, 1), 4); // 23 days apart
        assert_eq!(dob.gamma(&d, 0, 2), 5); // within a year
        assert_eq!(dob.gamma(&d, 0, 3), 8); // else
        assert_eq!(dob.gamma(&d, 0, 4), 3); // day and month swapped, 30 days apart
        assert_eq!(dob.gamma(&d, 1, 4), 4); // 7 days apart, not a swap
        assert_eq!(dob.n_gammas(), 9);
    }

    proptest::proptest! {
        /// The bounds only skip work: levels equal those of the plain metrics.
        #[test]
        fn bounds_never_change_levels(a in "[a-e ]{1,9}|\\PC{1,6}", b in "[a-e ]{1,9}|\\PC{1,6}") {
            let mut d = Dataset::new(&["x"]);
            let s = d.add_source("t").unwrap();
            d.push(s, "0", &[Some(&a)]).unwrap();
            d.push(s, "1", &[Some(&b)]).unwrap();
            let (Some(na), Some(nb)) = (d.columns()[0].value(0).map(str::to_string), d.columns()[0].value(1).map(str::to_string)) else {
                return Ok(());
            };
            let names: Arc<dyn NameSimilarity> = Arc::new(StrsimNames::default());
            for level in [Level::JaroWinkler(0.92), Level::JaroWinkler(0.7), Level::Jaro(0.8), Level::Levenshtein(1), Level::Levenshtein(2), Level::DamerauLevenshtein(1)] {
                let spec = ComparisonSpec { column: "x".into(), name: None, preset: None, levels: vec![level.clone()], tf_adjust: false, with_columns: vec![] };
                let c = Comparator::new(&spec, &d, names.clone()).unwrap();
                let expected = match level {
                    Level::JaroWinkler(t) => strsim::jaro_winkler(&na, &nb) >= t,
                    Level::Jaro(t) => strsim::jaro(&na, &nb) >= t,
                    Level::Levenshtein(k) => strsim::levenshtein(&na, &nb) <= k,
                    Level::DamerauLevenshtein(k) => strsim::osa_distance(&na, &nb) <= k,
                    _ => unreachable!(),
                };
                proptest::prop_assert_eq!(c.gamma(&d, 0, 1) == 1, expected, "{:?} {:?} {:?}", level, na, nb);
            }
        }
    }

    #[test]
    fn parses_common_date_layouts() {
        assert_eq!(parse_date("1999-02-19"), parse_date("19990219"));
        assert_eq!(parse_date("19/02/1999"), parse_date("19990219"));
        assert_eq!(parse_date("19991319"), None);
    }
}

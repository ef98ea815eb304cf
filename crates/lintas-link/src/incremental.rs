//! Incremental matching: new records are scored against an already-linked base (its records,
//! entity assignments and trained model) without recomputing any base–base pair.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::blocking::Blocker;
use crate::cluster::cluster;
use crate::data::Dataset;
use crate::error::{LinkError, Result};
use crate::linker::{Linker, NoProgress, Progress, check_model};
use crate::model::Model;

/// Where one new record landed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncrementalMatch {
    /// Id of the new record.
    pub id: String,
    /// Entity it belongs to: an existing base entity, or a new one (`new-<first record id>`).
    pub entity: String,
    /// Whether the entity already existed in the base.
    pub existing_entity: bool,
    /// Best-scoring base record, if any pair reached the threshold.
    pub best_match: Option<String>,
    /// Probability of the best pair (base or new record), 0 when none reached the threshold.
    pub probability: f64,
    /// Other base entities this record's cluster also reached (candidates for a merge review).
    pub also_matches: Vec<String>,
}

/// An already-linked base: records, their entity ids, and the model that linked them.
#[derive(Debug, Clone)]
pub struct LinkedBase {
    /// Base records.
    pub data: Dataset,
    /// Entity id per base record.
    pub entities: Vec<String>,
    /// The trained model.
    pub model: Model,
}

impl LinkedBase {
    /// Checks the parts fit together.
    pub fn new(data: Dataset, entities: Vec<String>, model: Model) -> Result<Self> {
        if entities.len() != data.len() {
            return Err(LinkError::InvalidInput(format!(
                "base has {} records but {} entity assignments",
                data.len(),
                entities.len()
            )));
        }
        check_model(&model, &data)?;
        Ok(Self {
            data,
            entities,
            model,
        })
    }
}

/// Matches `new` records against `base`. Thresholds come from the linker's settings; the
/// comparisons, blocking rules and parameters from the base's model.
pub fn match_new(
    linker: &Linker,
    base: &LinkedBase,
    new: &Dataset,
) -> Result<Vec<IncrementalMatch>> {
    match_new_with_progress(linker, base, new, &NoProgress)
}

/// [`match_new`] with progress reporting.
pub fn match_new_with_progress(
    linker: &Linker,
    base: &LinkedBase,
    new: &Dataset,
    progress: &dyn Progress,
) -> Result<Vec<IncrementalMatch>> {
    let model = &base.model;
    let mut settings = linker.settings().clone();
    settings.comparisons = model.comparisons.iter().map(|c| c.spec.clone()).collect();
    settings.blocking_rules = model.blocking_rules.clone();
    settings.link_type = model.link_type;
    for c in &model.comparisons {
        new.column(
            &c.spec.column,
            &format!("model comparison `{}`", c.spec.display_name()),
        )?;
    }
    let inner = Linker::with_names(settings.clone(), linker.names())?;
    let combined = combine(&base.data, new)?;
    let first_new = u32::try_from(base.data.len())
        .map_err(|_| LinkError::InvalidInput("base too large".into()))?;
    let comps = inner.comparators(&combined)?;
    let blocker = Blocker::new(
        &settings.blocking_rules,
        &combined,
        settings.link_type,
        u64::MAX,
        inner.names().as_ref(),
    )?;
    for (k, &c) in blocker.count_involving(first_new).iter().enumerate() {
        if c > settings.max_pairs_per_rule {
            return Err(LinkError::TooManyPairs {
                rule: k + 1,
                name: blocker
                    .rules()
                    .get(k)
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                pairs: c,
                max: settings.max_pairs_per_rule,
            });
        }
    }
    progress.start(
        "comparing new records",
        blocker.count_involving(first_new).iter().sum(),
    );
    let (pairs, _) = blocker.generate_involving(
        &combined,
        comps.len(),
        first_new,
        |a, b, out| {
            for (c, g) in comps.iter().zip(out.iter_mut()) {
                *g = c.gamma(&combined, a, b);
            }
        },
        |n| progress.advance(n),
    );
    progress.finish();
    let scored = inner.score(&combined, &comps, model, pairs, progress);

    // Graph nodes: one per base entity (its records already merged), then one per new record.
    let mut entity_index: FxHashMap<&str, u32> = FxHashMap::default();
    let mut entity_names: Vec<&str> = Vec::new();
    let base_node: Vec<u32> = base
        .entities
        .iter()
        .map(|e| {
            *entity_index.entry(e.as_str()).or_insert_with(|| {
                entity_names.push(e.as_str());
                (entity_names.len() - 1) as u32
            })
        })
        .collect();
    let n_entities = entity_names.len() as u32;
    let node = |r: u32| -> u32 {
        if r < first_new {
            base_node.get(r as usize).copied().unwrap_or_default()
        } else {
            n_entities + (r - first_new)
        }
    };
    let mut best: Vec<(f64, Option<u32>)> = vec![(0.0, None); new.len()];
    let mut edges = Vec::with_capacity(scored.weights.len());
    for (i, (l, r)) in scored.index_pairs().enumerate() {
        let p = scored.probability(i);
        edges.push((node(l), node(r), p));
        for (me, other) in [(l, r), (r, l)] {
            if me >= first_new
                && let Some(b) = best.get_mut((me - first_new) as usize)
            {
                if p > b.0 {
                    b.0 = p;
                }
                if other < first_new && b.1.is_none_or(|o| p >= b.0 && o != other) {
                    b.1 = Some(other);
                }
            }
        }
    }
    let n_nodes = n_entities as usize + new.len();
    let clusters = cluster(
        n_nodes,
        &edges,
        settings.threshold,
        settings.bridge_threshold,
    );
    // Per component: base entities it holds, strongest first.
    let mut comp_entities: FxHashMap<u32, Vec<(f64, u32)>> = FxHashMap::default();
    for &(a, b, p) in &edges {
        for (x, y) in [(a, b), (b, a)] {
            if x < n_entities
                && let (Some(&ca), Some(&cb)) = (
                    clusters.assignment.get(x as usize),
                    clusters.assignment.get(y as usize),
                )
                && ca == cb
            {
                comp_entities.entry(ca).or_default().push((p, x));
            }
        }
    }
    let mut first_member: FxHashMap<u32, usize> = FxHashMap::default();
    let mut out = Vec::with_capacity(new.len());
    for (j, id) in new.ids().iter().enumerate() {
        let nd = n_entities as usize + j;
        let comp = clusters.assignment.get(nd).copied().unwrap_or_default();
        let mut ents = comp_entities.get(&comp).cloned().unwrap_or_default();
        ents.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ents.dedup_by_key(|e| e.1);
        let (entity, existing) = match ents.first() {
            Some(&(_, e)) => (
                entity_names
                    .get(e as usize)
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                true,
            ),
            None => {
                let first = *first_member.entry(comp).or_insert(j);
                (
                    format!(
                        "new-{}",
                        new.ids().get(first).map(|s| &**s).unwrap_or_default()
                    ),
                    false,
                )
            }
        };
        let (p, b) = best.get(j).copied().unwrap_or((0.0, None));
        out.push(IncrementalMatch {
            id: id.to_string(),
            entity,
            existing_entity: existing,
            best_match: b
                .and_then(|r| base.data.ids().get(r as usize))
                .map(|s| s.to_string()),
            probability: p,
            also_matches: ents
                .iter()
                .skip(1)
                .filter_map(|&(_, e)| entity_names.get(e as usize).map(|s| s.to_string()))
                .collect(),
        });
    }
    Ok(out)
}

/// Base records followed by new records, in one dataset with the base's columns; new records
/// go to a source of their own.
fn combine(base: &Dataset, new: &Dataset) -> Result<Dataset> {
    let names = base.column_names();
    let mut out = Dataset::new(&names);
    for s in base.source_names() {
        out.add_source(s)?;
    }
    let new_source = out.add_source("new")?;
    let base_cols = base.columns();
    let mut row: Vec<Option<&str>> = Vec::with_capacity(names.len());
    for (r, id) in base.ids().iter().enumerate() {
        row.clear();
        row.extend(base_cols.iter().map(|c| c.value(r)));
        out.push(base.sources().get(r).copied().unwrap_or_default(), id, &row)?;
    }
    let map: Vec<Option<usize>> = names.iter().map(|n| new.column_index(n)).collect();
    for (r, id) in new.ids().iter().enumerate() {
        row.clear();
        row.extend(map.iter().map(|m| {
            m.and_then(|c| new.columns().get(c))
                .and_then(|c| c.value(r))
        }));
        out.push(new_source, id, &row)?;
    }
    Ok(out)
}

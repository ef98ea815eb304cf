//! Person mentions resolved into persons with `lintas-link`: Fellegi–Sunter with EM-trained m,
//! sampled u and term-frequency adjustment over names, birth date, sex, nationality and the
//! phone and document attributed to each person; then incremental matching of later mentions
//! against that base without recomputing it.

use lintas_link::{Dataset, LinkType, LinkedBase, Linker, NoProgress, Settings, match_new};

use std::collections::HashMap;

use super::mentions::PersonMention;
use super::union_find::UnionFind;

const COLUMNS: [&str; 7] = [
    "given_names",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "phone",
    "document_number",
];

/// Which person each mention is.
#[derive(Debug, Clone)]
pub(crate) struct PersonLinks {
    /// Per mention: the key of its entity's first mention.
    pub entity: Vec<String>,
    /// The linked base later mentions are matched against (None when linkage could not run).
    pub base: Option<LinkedBase>,
    /// How the links were made, for the analysis' summary.
    pub method: String,
}

fn dataset(persons: &[PersonMention]) -> lintas_link::Result<Dataset> {
    let mut data = Dataset::new(&COLUMNS);
    let source = data.add_source("incidents")?;
    for p in persons {
        data.push(
            source,
            &p.key,
            &[
                p.given.as_deref(),
                p.family.as_deref(),
                p.birth.as_deref(),
                p.sex.as_deref(),
                p.nationality.as_deref(),
                p.phone.as_deref(),
                p.document.as_deref(),
            ],
        )?;
    }
    Ok(data)
}

/// Mentions that carry the same attributed phone or document under the same family name are
/// one person whatever the model made of their given names (a broker's own phone, spelt
/// differently in each state's case): the deterministic rule that runs beside the model.
/// Each joined group takes the entity of its earliest mention, so base entities stay put.
fn join_by_identifiers(persons: &[PersonMention], entity: &mut [String]) -> usize {
    let n = persons.len().min(entity.len());
    let mut sets = UnionFind::new(n);
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut joined = 0;
    for (i, p) in persons.iter().enumerate().take(n) {
        let family = p.family.as_deref().unwrap_or_default();
        let by_identifier = [
            p.phone
                .as_ref()
                .map(|v| format!("phone\u{1f}{v}\u{1f}{family}")),
            p.document
                .as_ref()
                .map(|v| format!("doc\u{1f}{v}\u{1f}{family}")),
        ];
        let same_entity = format!("entity\u{1f}{}", entity[i]);
        for (key, counts) in std::iter::once((same_entity, false))
            .chain(by_identifier.into_iter().flatten().map(|k| (k, true)))
        {
            match first.get(&key) {
                Some(&j) => {
                    if sets.union(i, j) && counts {
                        joined += 1;
                    }
                }
                None => {
                    first.insert(key, i);
                }
            }
        }
    }
    for i in 0..n {
        let root = sets.find(i);
        if root != i {
            entity[i] = entity[root].clone();
        }
    }
    joined
}

/// The engine's person guard (`lintas_link::guard`): a link is kept only when the whole
/// names are close (after transliteration and spelling folding, in either field order) and
/// the birth dates do not conflict. The model is trained without labels on whatever the
/// analyst can see; where few true duplicates exist, EM could otherwise chain thousands of
/// people on common names. `lintas link` applies the same rules.
fn consistent(a: &PersonMention, b: &PersonMention) -> bool {
    let (ab, bb) = (
        a.birth.as_deref().map(str::to_lowercase),
        b.birth.as_deref().map(str::to_lowercase),
    );
    lintas_link::guard::consistent(&guard_view(a, ab.as_deref()), &guard_view(b, bb.as_deref()))
}

fn guard_view<'a>(p: &'a PersonMention, birth: Option<&'a str>) -> lintas_link::guard::Person<'a> {
    lintas_link::guard::Person {
        given: p.given.as_deref(),
        family: p.family.as_deref(),
        birth,
        sex: None,
    }
}

fn settings(data: &Dataset) -> Option<Settings> {
    Settings::default_for_dataset(data, LinkType::Dedupe, None)
}

fn unlinked(persons: &[PersonMention], why: String) -> PersonLinks {
    let mut entity: Vec<String> = persons.iter().map(|p| p.key.clone()).collect();
    join_by_identifiers(persons, &mut entity);
    PersonLinks {
        entity,
        base: None,
        method: why,
    }
}

/// Trains a model on every mention and clusters them.
pub(crate) fn link_all(persons: &[PersonMention]) -> PersonLinks {
    // EM needs pairs to learn from; below this the mentions stay apart (identifiers still join
    // their incidents).
    if persons.len() < 20 {
        return unlinked(
            persons,
            format!(
                "{} person mentions: too few to train a linkage model; joined only by a shared phone or document and family name",
                persons.len()
            ),
        );
    }
    let run = || -> lintas_link::Result<PersonLinks> {
        let data = dataset(persons)?;
        let settings = settings(&data).ok_or_else(|| {
            lintas_link::LinkError::InvalidInput("no person columns recognised".into())
        })?;
        let (threshold, bridge) = (settings.threshold, settings.bridge_threshold);
        let out = Linker::new(settings)?.link(&data, &NoProgress)?;
        let edges: Vec<(u32, u32, f64)> = out
            .scored
            .index_pairs()
            .enumerate()
            .filter(|&(_, (a, b))| consistent(&persons[a as usize], &persons[b as usize]))
            .map(|(i, (a, b))| (a, b, out.scored.probability(i)))
            .collect();
        let kept = edges.iter().filter(|e| e.2 >= threshold).count();
        let clusters = lintas_link::cluster::cluster(persons.len(), &edges, threshold, bridge);
        let mut first: Vec<Option<usize>> = vec![None; persons.len()];
        let entity: Vec<String> = clusters
            .assignment
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let f = first.get_mut(c as usize).map_or(i, |f| *f.get_or_insert(i));
                persons.get(f).map(|p| p.key.clone()).unwrap_or_default()
            })
            .collect();
        let mut entity = entity;
        let joined = join_by_identifiers(persons, &mut entity);
        let distinct: std::collections::HashSet<&String> = entity.iter().collect();
        let method = format!(
            "Fellegi–Sunter over {} person mentions: {} candidate pairs, {} at or above the threshold, {} of them with consistent names and birth years; {} groups joined by a shared phone or document and family name; {} persons",
            persons.len(),
            out.candidate_pairs,
            out.scored.weights.len(),
            kept,
            joined,
            distinct.len()
        );
        let base = LinkedBase::new(data, entity.clone(), out.model)?;
        Ok(PersonLinks {
            entity,
            base: Some(base),
            method,
        })
    };
    run().unwrap_or_else(|e| {
        tracing::warn!(error = %e, "person linkage failed; mentions kept apart");
        unlinked(
            persons,
            format!("person linkage failed ({e}); each mention kept apart"),
        )
    })
}

/// Matches the mentions from `first_new` on against `previous` (which linked those before it)
/// with its trained model. None when that cannot be done and a full run is needed.
pub(crate) fn link_new(
    previous: &PersonLinks,
    persons: &[PersonMention],
    first_new: usize,
) -> Option<PersonLinks> {
    let base = previous.base.as_ref()?;
    let new = persons.get(first_new..)?;
    if base.data.len() != first_new {
        return None;
    }
    let linker = Linker::new(settings(&base.data)?).ok()?;
    let matches = match_new(&linker, base, &dataset(new).ok()?).ok()?;
    let mut entity = previous.entity.clone();
    let index: HashMap<&str, usize> = persons
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key.as_str(), i))
        .collect();
    for (k, m) in matches.iter().enumerate() {
        let me = &persons[first_new + k];
        let agrees = m
            .best_match
            .as_deref()
            .and_then(|b| index.get(b))
            .is_some_and(|&b| consistent(me, &persons[b]));
        entity.push(if m.existing_entity && agrees {
            m.entity.clone()
        } else if m.existing_entity {
            me.key.clone()
        } else {
            m.entity
                .strip_prefix("new-")
                .unwrap_or(&m.entity)
                .to_string()
        });
    }
    join_by_identifiers(persons, &mut entity);
    let joined = entity
        .get(first_new..)
        .unwrap_or_default()
        .iter()
        .filter(|e| previous.entity.contains(e))
        .count();
    let base = LinkedBase::new(dataset(persons).ok()?, entity.clone(), base.model.clone()).ok()?;
    Some(PersonLinks {
        entity,
        base: Some(base),
        method: format!(
            "{}; then {} new mentions matched incrementally ({} joined known persons)",
            previous.method.split("; then").next().unwrap_or_default(),
            matches.len(),
            joined
        ),
    })
}

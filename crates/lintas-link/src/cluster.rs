//! Clustering scored pairs into entities: connected components over pairs at or above a
//! threshold, then a guard against chaining — within a component of three or more records, a
//! bridge (an edge whose removal splits the component) weaker than `bridge_threshold` is cut,
//! repeatedly, so two entities are never merged through a single doubtful link.
//!
//! With a [`Constraint`] (cannot-link rules such as conflicting birth dates or sexes), pairs are
//! merged strongest first and a pair whose two clusters hold a conflicting record anywhere is
//! refused: a coincidental pair cannot join two people's clusters, however strong it is.

use crate::graph::Graph;

/// Result of clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct Clusters {
    /// Cluster (entity) id per record; dense, ordered by each cluster's first record.
    pub assignment: Vec<u32>,
    /// Weak bridges cut by the chaining guard.
    pub cut_bridges: usize,
    /// Pairs refused because their clusters held conflicting records.
    pub refused: usize,
}

/// Cannot-link rules over classes of records: records of one class are interchangeable for the
/// rules (e.g. one class per distinct birth date and sex), so a cluster keeps only its classes.
pub struct Constraint<'a> {
    /// Class of each record.
    pub class: &'a [u32],
    /// Whether records of two classes can never be in one cluster.
    pub conflict: &'a (dyn Fn(u32, u32) -> bool + Sync),
}

impl std::fmt::Debug for Constraint<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Constraint({} records)", self.class.len())
    }
}

/// Greedy merging strongest first under cannot-link rules; returns the pairs kept.
fn merge_consistent(
    n: usize,
    mut edges: Vec<(u32, u32, f64)>,
    c: &Constraint<'_>,
) -> (Vec<(u32, u32, f64)>, usize) {
    edges.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut classes: Vec<Vec<u32>> = (0..n)
        .map(|r| c.class.get(r).copied().into_iter().collect())
        .collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while let Some(&p) = parent.get(x as usize) {
            if p == x {
                break;
            }
            let gp = parent.get(p as usize).copied().unwrap_or(p);
            if let Some(slot) = parent.get_mut(x as usize) {
                *slot = gp;
            }
            x = gp;
        }
        x
    }
    let mut kept = Vec::with_capacity(edges.len());
    let mut refused = 0;
    for (a, b, p) in edges {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra == rb {
            kept.push((a, b, p));
            continue;
        }
        let (ca, cb) = (
            classes.get(ra as usize).cloned().unwrap_or_default(),
            classes.get(rb as usize).cloned().unwrap_or_default(),
        );
        if ca
            .iter()
            .any(|&x| cb.iter().any(|&y| x != y && (c.conflict)(x, y)))
        {
            refused += 1;
            continue;
        }
        let (big, small) = if ca.len() >= cb.len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        if let Some(slot) = parent.get_mut(small as usize) {
            *slot = big;
        }
        let moved = std::mem::take(
            classes
                .get_mut(small as usize)
                .map_or(&mut Vec::new(), |v| v),
        );
        if let Some(target) = classes.get_mut(big as usize) {
            for x in moved {
                if !target.contains(&x) {
                    target.push(x);
                }
            }
        }
        kept.push((a, b, p));
    }
    (kept, refused)
}

/// Clusters `n` records from scored edges `(a, b, probability)`.
pub fn cluster(
    n: usize,
    edges: &[(u32, u32, f64)],
    threshold: f64,
    bridge_threshold: f64,
) -> Clusters {
    cluster_with(n, edges, threshold, bridge_threshold, None)
}

/// [`cluster`] under cannot-link rules.
pub fn cluster_with(
    n: usize,
    edges: &[(u32, u32, f64)],
    threshold: f64,
    bridge_threshold: f64,
    constraint: Option<&Constraint<'_>>,
) -> Clusters {
    let mut kept: Vec<(u32, u32, f64)> = edges
        .iter()
        .copied()
        .filter(|&(a, b, p)| p >= threshold && (a as usize) < n && (b as usize) < n && a != b)
        .map(|(a, b, p)| (a.min(b), a.max(b), p))
        .collect();
    kept.sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)).then(y.2.total_cmp(&x.2)));
    kept.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
    let mut refused = 0;
    if let Some(c) = constraint {
        (kept, refused) = merge_consistent(n, kept, c);
        kept.sort_unstable_by_key(|x| (x.0, x.1));
    }
    let mut cut = 0usize;
    loop {
        let g = Graph::from_edges(n, kept.iter().map(|&(a, b, _)| (a, b)));
        let comps = g.connected_components();
        let mut sizes = vec![0u32; n];
        for &c in &comps {
            if let Some(s) = sizes.get_mut(c as usize) {
                *s += 1;
            }
        }
        let mut bridges = g.bridges();
        bridges.sort_unstable();
        let before = kept.len();
        // Per component, only the weakest doubtful bridge goes in a round, so a chain of weak
        // links is shortened one link at a time instead of being dissolved entirely.
        let mut weakest: Vec<Option<(f64, u32, u32)>> = vec![None; n];
        for &(a, b, p) in &kept {
            let Some(&c) = comps.get(a as usize) else {
                continue;
            };
            let big = sizes.get(c as usize).is_some_and(|&s| s >= 3);
            if big
                && p < bridge_threshold
                && bridges.binary_search(&(a, b)).is_ok()
                && let Some(w) = weakest.get_mut(c as usize)
                && w.is_none_or(|(q, _, _)| p < q)
            {
                *w = Some((p, a, b));
            }
        }
        let mut doomed: Vec<(u32, u32)> =
            weakest.iter().flatten().map(|&(_, a, b)| (a, b)).collect();
        doomed.sort_unstable();
        kept.retain(|&(a, b, _)| doomed.binary_search(&(a, b)).is_err());
        cut += before - kept.len();
        if kept.len() == before {
            return Clusters {
                assignment: comps,
                cut_bridges: cut,
                refused,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_bridge_between_two_groups_is_cut() {
        // Two tight triples joined by one doubtful link 2–3.
        let edges = [
            (0, 1, 0.999),
            (1, 2, 0.999),
            (0, 2, 0.999),
            (3, 4, 0.999),
            (4, 5, 0.999),
            (3, 5, 0.999),
            (2, 3, 0.95),
            (5, 6, 0.5), // below threshold
        ];
        let c = cluster(7, &edges, 0.9, 0.99);
        assert_eq!(c.assignment, vec![0, 0, 0, 1, 1, 1, 2]);
        assert_eq!(c.cut_bridges, 1);
        // Without the guard the two groups chain together.
        let c = cluster(7, &edges, 0.9, 0.0);
        assert_eq!(c.assignment, vec![0, 0, 0, 0, 0, 0, 1]);
    }

    #[test]
    fn a_strong_pair_cannot_join_conflicting_clusters() {
        // Records 0–2 born on one date (class 0), 3–5 on another (class 1); the strong pair
        // 2–3 would merge them.
        let edges = [
            (0, 1, 0.999),
            (1, 2, 0.999),
            (3, 4, 0.999),
            (4, 5, 0.999),
            (2, 3, 0.9999),
        ];
        let class = [0, 0, 0, 1, 1, 1];
        let conflict = |a: u32, b: u32| a != b;
        let c = Constraint {
            class: &class,
            conflict: &conflict,
        };
        let out = cluster_with(6, &edges, 0.9, 0.0, Some(&c));
        assert_eq!(out.assignment, vec![0, 0, 0, 1, 1, 1]);
        assert_eq!(out.refused, 1);
        assert_eq!(cluster(6, &edges, 0.9, 0.0).assignment, vec![0; 6]);
    }

    #[test]
    fn a_lone_pair_is_kept_even_if_weak() {
        let c = cluster(3, &[(0, 1, 0.91)], 0.9, 0.99);
        assert_eq!(c.assignment, vec![0, 0, 1]);
    }

    #[test]
    fn weak_chain_is_shortened_not_dissolved() {
        let c = cluster(3, &[(0, 1, 0.95), (1, 2, 0.93)], 0.9, 0.99);
        assert_eq!(c.assignment, vec![0, 0, 1]);
    }
}

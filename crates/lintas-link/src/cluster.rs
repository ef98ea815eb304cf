//! Clustering scored pairs into entities: connected components over pairs at or above a
//! threshold, then a guard against chaining — within a component of three or more records, a
//! bridge (an edge whose removal splits the component) weaker than `bridge_threshold` is cut,
//! repeatedly, so two entities are never merged through a single doubtful link.

use crate::graph::Graph;

/// Result of clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct Clusters {
    /// Cluster (entity) id per record; dense, ordered by each cluster's first record.
    pub assignment: Vec<u32>,
    /// Weak bridges cut by the chaining guard.
    pub cut_bridges: usize,
}

/// Clusters `n` records from scored edges `(a, b, probability)`.
pub fn cluster(
    n: usize,
    edges: &[(u32, u32, f64)],
    threshold: f64,
    bridge_threshold: f64,
) -> Clusters {
    let mut kept: Vec<(u32, u32, f64)> = edges
        .iter()
        .copied()
        .filter(|&(a, b, p)| p >= threshold && (a as usize) < n && (b as usize) < n && a != b)
        .map(|(a, b, p)| (a.min(b), a.max(b), p))
        .collect();
    kept.sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)).then(y.2.total_cmp(&x.2)));
    kept.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
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

//! Graph helpers for entity networks: an undirected graph in adjacency-list form, connected
//! components, bridges, degree and betweenness centrality, and a builder for entity–record
//! bipartite graphs (e.g. resolved persons/phones/vessels ↔ incidents).

use std::collections::VecDeque;

use rustc_hash::FxHashMap;

/// Undirected, unweighted graph over nodes `0..n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    adj: Vec<Vec<u32>>,
}

impl Graph {
    /// A graph with `n` nodes and the given edges (self-loops and duplicates are ignored;
    /// edges naming a node ≥ n are ignored).
    pub fn from_edges(n: usize, edges: impl IntoIterator<Item = (u32, u32)>) -> Self {
        let mut adj = vec![Vec::new(); n];
        for (a, b) in edges {
            if a == b || a as usize >= n || b as usize >= n {
                continue;
            }
            if let Some(v) = adj.get_mut(a as usize) {
                v.push(b);
            }
            if let Some(v) = adj.get_mut(b as usize) {
                v.push(a);
            }
        }
        for v in &mut adj {
            v.sort_unstable();
            v.dedup();
        }
        Self { adj }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.adj.len()
    }

    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.adj.is_empty()
    }

    /// Neighbours of a node.
    pub fn neighbours(&self, v: usize) -> &[u32] {
        self.adj.get(v).map_or(&[], Vec::as_slice)
    }

    /// Component id per node; ids are dense and numbered in order of each component's smallest node.
    pub fn connected_components(&self) -> Vec<u32> {
        let mut comp = vec![u32::MAX; self.len()];
        let mut next = 0u32;
        let mut queue = VecDeque::new();
        for s in 0..self.len() {
            if comp.get(s) != Some(&u32::MAX) {
                continue;
            }
            if let Some(c) = comp.get_mut(s) {
                *c = next;
            }
            queue.push_back(s);
            while let Some(v) = queue.pop_front() {
                for &w in self.neighbours(v) {
                    if let Some(c) = comp.get_mut(w as usize)
                        && *c == u32::MAX
                    {
                        *c = next;
                        queue.push_back(w as usize);
                    }
                }
            }
            next += 1;
        }
        comp
    }

    /// Degree centrality: degree / (n − 1).
    pub fn degree_centrality(&self) -> Vec<f64> {
        let denom = (self.len().saturating_sub(1)).max(1) as f64;
        self.adj.iter().map(|v| v.len() as f64 / denom).collect()
    }

    /// Betweenness centrality (Brandes' algorithm). When `normalized`, divided by
    /// (n − 1)(n − 2) / 2, the number of pairs of other nodes, as networkx does for undirected graphs.
    pub fn betweenness_centrality(&self, normalized: bool) -> Vec<f64> {
        self.betweenness_from(0..self.len(), 1.0, normalized)
    }

    /// Betweenness estimated from at most `max_sources` source nodes spread evenly over the
    /// graph, scaled by n / sources (Brandes & Pich 2007): exact when the graph has no more
    /// nodes than that. Keeps ranking a large component's brokers at O(k·m) instead of O(n·m).
    pub fn betweenness_centrality_sampled(&self, max_sources: usize, normalized: bool) -> Vec<f64> {
        let n = self.len();
        let k = max_sources.max(1);
        if n <= k {
            return self.betweenness_centrality(normalized);
        }
        let sources = (0..k).map(|i| i * n / k);
        self.betweenness_from(sources, n as f64 / k as f64, normalized)
    }

    fn betweenness_from(
        &self,
        sources: impl Iterator<Item = usize>,
        weight: f64,
        normalized: bool,
    ) -> Vec<f64> {
        let n = self.len();
        let mut cb = vec![0.0f64; n];
        let mut stack = Vec::with_capacity(n);
        let mut preds: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut sigma = vec![0.0f64; n];
        let mut dist = vec![-1i64; n];
        let mut delta = vec![0.0f64; n];
        let mut queue = VecDeque::new();
        for s in sources {
            stack.clear();
            for p in &mut preds {
                p.clear();
            }
            sigma.iter_mut().for_each(|x| *x = 0.0);
            dist.iter_mut().for_each(|x| *x = -1);
            delta.iter_mut().for_each(|x| *x = 0.0);
            if let Some(x) = sigma.get_mut(s) {
                *x = 1.0;
            }
            if let Some(x) = dist.get_mut(s) {
                *x = 0;
            }
            queue.push_back(s);
            while let Some(v) = queue.pop_front() {
                stack.push(v);
                let dv = dist.get(v).copied().unwrap_or(0);
                let sv = sigma.get(v).copied().unwrap_or(0.0);
                for &w in self.neighbours(v) {
                    let w = w as usize;
                    if dist.get(w) == Some(&-1) {
                        if let Some(x) = dist.get_mut(w) {
                            *x = dv + 1;
                        }
                        queue.push_back(w);
                    }
                    if dist.get(w).copied() == Some(dv + 1) {
                        if let Some(x) = sigma.get_mut(w) {
                            *x += sv;
                        }
                        if let Some(p) = preds.get_mut(w) {
                            p.push(v as u32);
                        }
                    }
                }
            }
            while let Some(w) = stack.pop() {
                let sw = sigma.get(w).copied().unwrap_or(1.0);
                let dw = delta.get(w).copied().unwrap_or(0.0);
                for &v in preds.get(w).map_or(&[][..], Vec::as_slice) {
                    let sv = sigma.get(v as usize).copied().unwrap_or(0.0);
                    if let Some(x) = delta.get_mut(v as usize) {
                        *x += sv / sw * (1.0 + dw);
                    }
                }
                if w != s
                    && let Some(x) = cb.get_mut(w)
                {
                    *x += dw;
                }
            }
        }
        // Each undirected path was counted from both ends.
        let scale = if normalized && n > 2 {
            1.0 / ((n - 1) * (n - 2)) as f64
        } else {
            0.5
        };
        cb.iter().map(|x| x * scale * weight).collect()
    }

    /// Edges whose removal disconnects their component (iterative Tarjan), as (low, high) pairs.
    pub fn bridges(&self) -> Vec<(u32, u32)> {
        let n = self.len();
        let mut disc = vec![u32::MAX; n];
        let mut low = vec![0u32; n];
        let mut out = Vec::new();
        let mut time = 0u32;
        // (node, parent, next neighbour index)
        let mut stack: Vec<(usize, usize, usize)> = Vec::new();
        for root in 0..n {
            if disc.get(root) != Some(&u32::MAX) {
                continue;
            }
            stack.push((root, usize::MAX, 0));
            if let (Some(d), Some(l)) = (disc.get_mut(root), low.get_mut(root)) {
                *d = time;
                *l = time;
            }
            time += 1;
            while let Some(top) = stack.last_mut() {
                let (v, parent, idx) = *top;
                if let Some(&w) = self.neighbours(v).get(idx) {
                    top.2 += 1;
                    let w = w as usize;
                    if w == parent {
                        continue;
                    }
                    if disc.get(w) == Some(&u32::MAX) {
                        if let (Some(d), Some(l)) = (disc.get_mut(w), low.get_mut(w)) {
                            *d = time;
                            *l = time;
                        }
                        time += 1;
                        stack.push((w, v, 0));
                    } else {
                        let dw = disc.get(w).copied().unwrap_or(u32::MAX);
                        if let Some(l) = low.get_mut(v) {
                            *l = (*l).min(dw);
                        }
                    }
                } else {
                    stack.pop();
                    if parent != usize::MAX {
                        let lv = low.get(v).copied().unwrap_or(0);
                        if let Some(l) = low.get_mut(parent) {
                            *l = (*l).min(lv);
                        }
                        if lv > disc.get(parent).copied().unwrap_or(0) {
                            let (a, b) = (parent.min(v) as u32, parent.max(v) as u32);
                            out.push((a, b));
                        }
                    }
                }
            }
        }
        out
    }
}

/// Which side of a bipartite graph a node is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// An entity (resolved person, phone, document, vessel, account…).
    Entity,
    /// A record (incident, case…).
    Record,
}

/// Builder of an entity–record bipartite graph keyed by strings.
#[derive(Debug, Clone, Default)]
pub struct BipartiteGraph {
    index: FxHashMap<(Side, String), u32>,
    nodes: Vec<(Side, String)>,
    edges: Vec<(u32, u32)>,
}

impl BipartiteGraph {
    /// Empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    fn node(&mut self, side: Side, key: &str) -> u32 {
        if let Some(&i) = self.index.get(&(side, key.to_string())) {
            return i;
        }
        let i = self.nodes.len() as u32;
        self.nodes.push((side, key.to_string()));
        self.index.insert((side, key.to_string()), i);
        i
    }

    /// Adds an edge between an entity and a record it appears in.
    pub fn link(&mut self, entity: &str, record: &str) {
        let e = self.node(Side::Entity, entity);
        let r = self.node(Side::Record, record);
        self.edges.push((e, r));
    }

    /// Nodes (side and key), indexed like the graph.
    pub fn nodes(&self) -> &[(Side, String)] {
        &self.nodes
    }

    /// Index of a node.
    pub fn node_index(&self, side: Side, key: &str) -> Option<u32> {
        self.index.get(&(side, key.to_string())).copied()
    }

    /// The bipartite graph itself.
    pub fn graph(&self) -> Graph {
        Graph::from_edges(self.nodes.len(), self.edges.iter().copied())
    }

    /// Entity–entity projection: two entities are adjacent when they share a record.
    /// Returns the graph and the entity key of each of its nodes.
    pub fn entity_projection(&self) -> (Graph, Vec<String>) {
        let mut ent_index: FxHashMap<u32, u32> = FxHashMap::default();
        let mut keys = Vec::new();
        for (i, (side, key)) in self.nodes.iter().enumerate() {
            if *side == Side::Entity {
                ent_index.insert(i as u32, keys.len() as u32);
                keys.push(key.clone());
            }
        }
        let mut by_record: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for &(e, r) in &self.edges {
            if let Some(&pe) = ent_index.get(&e) {
                by_record.entry(r).or_default().push(pe);
            }
        }
        let mut edges = Vec::new();
        for members in by_record.values() {
            for (i, &a) in members.iter().enumerate() {
                for &b in members.get(i + 1..).unwrap_or(&[]) {
                    edges.push((a, b));
                }
            }
        }
        (Graph::from_edges(keys.len(), edges), keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    #[test]
    fn path_graph_centralities() {
        // 0 - 1 - 2 - 3 - 4
        let g = Graph::from_edges(5, [(0, 1), (1, 2), (2, 3), (3, 4)]);
        assert!(close(
            &g.betweenness_centrality(false),
            &[0.0, 3.0, 4.0, 3.0, 0.0]
        ));
        assert!(close(
            &g.betweenness_centrality(true),
            &[0.0, 0.5, 4.0 / 6.0, 0.5, 0.0]
        ));
        assert!(close(&g.degree_centrality(), &[0.25, 0.5, 0.5, 0.5, 0.25]));
        let mut b = g.bridges();
        b.sort_unstable();
        assert_eq!(b, vec![(0, 1), (1, 2), (2, 3), (3, 4)]);
    }

    #[test]
    fn star_and_cycle() {
        let star = Graph::from_edges(5, [(0, 1), (0, 2), (0, 3), (0, 4)]);
        assert!(close(
            &star.betweenness_centrality(true),
            &[1.0, 0.0, 0.0, 0.0, 0.0]
        ));
        // Two triangles joined by one edge: only that edge is a bridge.
        let g = Graph::from_edges(6, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)]);
        assert_eq!(g.bridges(), vec![(2, 3)]);
        let split = Graph::from_edges(6, [(0, 1), (1, 2), (3, 4)]);
        assert_eq!(split.connected_components(), vec![0, 0, 0, 1, 1, 2]);
    }

    #[test]
    fn sampled_betweenness_is_exact_when_small_and_ranks_the_hub_when_large() {
        let path = Graph::from_edges(5, [(0, 1), (1, 2), (2, 3), (3, 4)]);
        assert!(close(
            &path.betweenness_centrality_sampled(5, true),
            &path.betweenness_centrality(true)
        ));
        // Two stars of 200 leaves joined through one broker node (0).
        let n = 403u32;
        let edges = (3..203)
            .map(|l| (1, l))
            .chain((203..n).map(|l| (2, l)))
            .chain([(0, 1), (0, 2)]);
        let g = Graph::from_edges(n as usize, edges);
        let exact = g.betweenness_centrality(true);
        let sampled = g.betweenness_centrality_sampled(50, true);
        let rank = |bc: &[f64]| {
            let mut idx: Vec<usize> = (0..bc.len()).collect();
            idx.sort_by(|&a, &b| bc[b].total_cmp(&bc[a]));
            idx.into_iter().take(3).collect::<Vec<_>>()
        };
        assert_eq!(rank(&sampled)[..3].iter().filter(|&&v| v <= 2).count(), 3);
        assert_eq!(rank(&exact)[..3].iter().filter(|&&v| v <= 2).count(), 3);
        assert!(
            (sampled[0] - exact[0]).abs() / exact[0] < 0.25,
            "{} vs {}",
            sampled[0],
            exact[0]
        );
    }

    #[test]
    fn bipartite_broker_network() {
        // A broker's phone appears in incidents in three states; two boat captains appear in one each.
        let mut b = BipartiteGraph::new();
        b.link("phone:+6281", "IDN-1");
        b.link("phone:+6281", "THA-7");
        b.link("phone:+6281", "MYS-3");
        b.link("person:captain-a", "IDN-1");
        b.link("person:captain-b", "THA-7");
        b.link("vessel:x", "AUS-9");
        let g = b.graph();
        let comps = g.connected_components();
        let phone = b.node_index(Side::Entity, "phone:+6281").unwrap() as usize;
        let vessel = b.node_index(Side::Entity, "vessel:x").unwrap() as usize;
        assert_ne!(comps[phone], comps[vessel]);
        let (proj, keys) = b.entity_projection();
        let bc = proj.betweenness_centrality(false);
        let top = bc
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| keys[i].clone());
        assert_eq!(top.as_deref(), Some("phone:+6281"));
        assert_eq!(
            bc[keys.iter().position(|k| k == "phone:+6281").unwrap()],
            1.0
        );
    }
}

//! Node positions for drawing a graph, computed on the server so the browser draws a network
//! at once instead of running a force layout that blocks the page (issue 15: 2.8–4.3 s for the
//! largest demo network). Fruchterman–Reingold, with repulsion counted only between nodes in
//! neighbouring grid cells so a step stays near-linear, then a pass that pulls apart nodes
//! left on top of each other (a broker and his phone).

use std::collections::HashMap;

/// Ideal edge length, in drawing units (CSS pixels at zoom 1).
pub const EDGE: f64 = 48.0;
/// No two nodes end closer than this.
pub const MIN_GAP: f64 = 22.0;

fn cell_of(p: (f64, f64), cell: f64) -> (i64, i64) {
    ((p.0 / cell).floor() as i64, (p.1 / cell).floor() as i64)
}

fn grid(pos: &[(f64, f64)], cell: f64) -> HashMap<(i64, i64), Vec<usize>> {
    let mut g: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, &p) in pos.iter().enumerate() {
        g.entry(cell_of(p, cell)).or_default().push(i);
    }
    g
}

/// Positions of `n` nodes joined by `edges` (node numbers below `n`), deterministic for the
/// same input; centred on the origin.
pub fn force_layout(n: usize, edges: &[(u32, u32)], iterations: usize) -> Vec<(f64, f64)> {
    // A golden-angle spiral: a deterministic start on which no two nodes coincide.
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let r = EDGE * 0.6 * (i as f64 + 0.5).sqrt();
            let a = i as f64 * 2.399_963_229_728_653;
            (r * a.cos(), r * a.sin())
        })
        .collect();
    if n < 2 {
        return pos;
    }
    let k = EDGE;
    // Repulsion reaches two edge lengths (the grid variant of Fruchterman–Reingold).
    let cell = 2.0 * k;
    let mut temperature = k * (n as f64).sqrt() / 8.0;
    let cooling = temperature / (iterations as f64 + 1.0);
    for _ in 0..iterations {
        let mut disp = vec![(0.0_f64, 0.0_f64); n];
        let cells = grid(&pos, cell);
        for (i, &(x, y)) in pos.iter().enumerate() {
            let (cx, cy) = cell_of((x, y), cell);
            for dx in -1..=1 {
                for dy in -1..=1 {
                    for &j in cells
                        .get(&(cx + dx, cy + dy))
                        .map_or(&[][..], Vec::as_slice)
                    {
                        if j == i {
                            continue;
                        }
                        let (ddx, ddy) = (x - pos[j].0, y - pos[j].1);
                        let d2 = (ddx * ddx + ddy * ddy).max(0.01);
                        let f = k * k / d2;
                        disp[i].0 += ddx * f;
                        disp[i].1 += ddy * f;
                    }
                }
            }
            // A weak pull to the centre keeps parts left unconnected by a filter in view.
            disp[i].0 -= x * 0.02;
            disp[i].1 -= y * 0.02;
        }
        for &(a, b) in edges {
            let (a, b) = (a as usize, b as usize);
            if a >= n || b >= n || a == b {
                continue;
            }
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt();
            let f = d / k;
            disp[a].0 -= dx * f;
            disp[a].1 -= dy * f;
            disp[b].0 += dx * f;
            disp[b].1 += dy * f;
        }
        for (p, (dx, dy)) in pos.iter_mut().zip(disp) {
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 {
                let s = len.min(temperature) / len;
                p.0 += dx * s;
                p.1 += dy * s;
            }
        }
        temperature = (temperature - cooling).max(1.0);
    }
    separate(&mut pos, MIN_GAP);
    pos
}

/// Moves apart every pair of nodes closer than `gap`, each by half the shortfall (nodes on the
/// same spot along a direction fixed by their numbers), until none is or 50 rounds passed.
pub fn separate(pos: &mut [(f64, f64)], gap: f64) {
    for _ in 0..50 {
        let cells = grid(pos, gap);
        let mut moved = false;
        let n = pos.len();
        for i in 0..n {
            let (cx, cy) = cell_of(pos[i], gap);
            for dx in -1..=1 {
                for dy in -1..=1 {
                    for &j in cells
                        .get(&(cx + dx, cy + dy))
                        .map_or(&[][..], Vec::as_slice)
                    {
                        if j <= i {
                            continue;
                        }
                        let (mut ddx, mut ddy) = (pos[j].0 - pos[i].0, pos[j].1 - pos[i].1);
                        let mut d = (ddx * ddx + ddy * ddy).sqrt();
                        if d >= gap {
                            continue;
                        }
                        if d < 1e-6 {
                            let a = (i * 31 + j * 17) as f64;
                            (ddx, ddy, d) = (a.cos(), a.sin(), 1.0);
                        }
                        let push = (gap - d) / 2.0 + 0.01;
                        let (ux, uy) = (ddx / d, ddy / d);
                        pos[i].0 -= ux * push;
                        pos[i].1 -= uy * push;
                        pos[j].0 += ux * push;
                        pos[j].1 += uy * push;
                        moved = true;
                    }
                }
            }
        }
        if !moved {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    fn closest_pair(pos: &[(f64, f64)]) -> f64 {
        let mut best = f64::INFINITY;
        for i in 0..pos.len() {
            for j in i + 1..pos.len() {
                best = best.min(dist(pos[i], pos[j]));
            }
        }
        best
    }

    /// Two hubs (a broker and his phone) each joined to the same 30 incidents: without the
    /// separation pass the hubs land on one spot.
    fn hubs() -> (usize, Vec<(u32, u32)>) {
        let mut edges = vec![(0, 1)];
        for i in 2..32 {
            edges.push((0, i));
            edges.push((1, i));
        }
        (32, edges)
    }

    #[test]
    fn no_two_nodes_end_on_top_of_each_other() {
        let (n, edges) = hubs();
        let pos = force_layout(n, &edges, 150);
        assert!(
            closest_pair(&pos) >= MIN_GAP - 0.5,
            "{}",
            closest_pair(&pos)
        );
        let mut stacked = vec![(5.0, 5.0); 20];
        separate(&mut stacked, MIN_GAP);
        assert!(closest_pair(&stacked) >= MIN_GAP - 0.5);
    }

    #[test]
    fn joined_nodes_end_nearer_than_unjoined_ones_and_the_layout_repeats() {
        // Two rings of 40 joined by one edge.
        let mut edges: Vec<(u32, u32)> = Vec::new();
        for ring in [0u32, 40] {
            for i in 0..40 {
                edges.push((ring + i, ring + (i + 1) % 40));
            }
        }
        edges.push((0, 40));
        let pos = force_layout(80, &edges, 200);
        let joined: f64 = edges
            .iter()
            .map(|&(a, b)| dist(pos[a as usize], pos[b as usize]))
            .sum::<f64>()
            / edges.len() as f64;
        let mut all = 0.0;
        let mut pairs = 0.0;
        for i in 0..80 {
            for j in i + 1..80 {
                all += dist(pos[i], pos[j]);
                pairs += 1.0;
            }
        }
        assert!(
            joined * 2.0 < all / pairs,
            "joined {joined}, any {}",
            all / pairs
        );
        assert!(pos.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
        assert_eq!(pos, force_layout(80, &edges, 200));
    }
}

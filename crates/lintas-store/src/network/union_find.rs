//! Disjoint sets over `0..n`. A set's root is its smallest member, so whatever is derived from
//! the root does not depend on the order of the unions.

#[derive(Debug, Clone, Default)]
pub(crate) struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
        }
    }

    /// Adds a singleton; returns its number.
    pub fn push(&mut self) -> usize {
        self.parent.push(self.parent.len());
        self.parent.len() - 1
    }

    /// The root of `i`'s set (halving the path on the way).
    pub fn find(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.parent.get(i) {
            if p == i {
                break;
            }
            let grand = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = grand;
            }
            i = grand;
        }
        i
    }

    /// Joins the sets of `a` and `b`; true when they were apart.
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        if let Some(slot) = self.parent.get_mut(ra.max(rb)) {
            *slot = ra.min(rb);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_are_smallest_members_whatever_the_order() {
        let mut u = UnionFind::new(5);
        assert!(u.union(4, 3));
        assert!(u.union(3, 1));
        assert!(!u.union(4, 1));
        assert_eq!((u.find(4), u.find(3), u.find(1)), (1, 1, 1));
        assert_eq!((u.find(0), u.find(2)), (0, 2));
        assert_eq!(u.push(), 5);
        assert_eq!(u.find(5), 5);
    }
}

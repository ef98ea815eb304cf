//! Index keys of a parsed name: per core part (and per two adjacent parts written as
//! one) its canonical spelling, its consonant skeleton, and the skeleton with each one
//! letter deleted (a deletion neighbourhood: two skeletons within one edit share a key).
//! Keys are 32-bit hashes; a collision only adds candidates, which re-scoring removes.

use crate::parts::NameParts;
use crate::phonetic::skeleton;
use crate::variants::variants_of;

/// Maximum skeleton length used for keys.
const MAX_SKEL_KEY: usize = 10;

/// Evidence weight of a hit on a part's exact canonical spelling, its skeleton, and its
/// skeleton with one letter deleted: exact hits must outrank sound-alikes.
pub(super) const KEY_EXACT: f32 = 1.0;
const KEY_SKELETON: f32 = 0.6;
const KEY_DELETION: f32 = 0.35;

pub(super) fn key_hash(tag: u8, s: &[u8]) -> u32 {
    // FNV-1a, folded to 32 bits.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in std::iter::once(&tag).chain(s) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

fn part_keys(canon: &str, skel: &str, out: &mut Vec<(f32, u32)>) {
    if canon.is_empty() {
        return;
    }
    out.push((KEY_EXACT, key_hash(b'c', canon.as_bytes())));
    let skel = skel.as_bytes();
    let skel = skel.get(..skel.len().min(MAX_SKEL_KEY)).unwrap_or(skel);
    if skel.is_empty() {
        return;
    }
    out.push((KEY_SKELETON, key_hash(b's', skel)));
    if skel.len() >= 3 {
        // Deleting one of a run of equal letters gives the same key: hash each once.
        let mut buf = [0u8; MAX_SKEL_KEY];
        for i in 0..skel.len() {
            if i > 0 && skel.get(i) == skel.get(i - 1) {
                continue;
            }
            let mut n = 0;
            for (j, &b) in skel.iter().enumerate() {
                if j != i
                    && let Some(slot) = buf.get_mut(n)
                {
                    *slot = b;
                    n += 1;
                }
            }
            out.push((KEY_DELETION, key_hash(b's', buf.get(..n).unwrap_or(&[]))));
        }
    }
}

/// A query part's keys: (part weight, [(key weight, key hash)]).
pub(super) type KeyGroup = (f32, Vec<(f32, u32)>);

/// Key groups of a name: one group per core part and per adjacent pair joined. With
/// `with_variants` (queries), listed variant spellings of a part add their keys too.
pub(super) fn name_key_groups(name: &NameParts, with_variants: bool) -> Vec<KeyGroup> {
    let mut groups = Vec::with_capacity(name.len() * 2);
    for p in name.parts().filter(|p| p.tag.weight() >= 0.8) {
        let mut keys = Vec::new();
        part_keys(p.canon, p.skel, &mut keys);
        if with_variants {
            for v in variants_of(p.canon) {
                let mut vk = Vec::new();
                part_keys(&v, &skeleton(&v), &mut vk);
                // A listed variant spelling is nearly as good as the spelling itself.
                keys.extend(vk.into_iter().map(|(w, k)| (w * 0.9, k)));
            }
        }
        if !keys.is_empty() {
            groups.push((p.weight() as f32, keys));
        }
    }
    for (_, j) in name.joined() {
        let mut keys = Vec::new();
        part_keys(j.canon, j.skel, &mut keys);
        groups.push((j.weight() as f32, keys));
    }
    groups
}

/// Every key of a stored name (no variants: queries expand those), appended to `out`.
pub(super) fn name_keys(name: &NameParts, out: &mut Vec<u32>) {
    let mut keys = Vec::new();
    for p in name.parts().filter(|p| p.tag.weight() >= 0.8) {
        part_keys(p.canon, p.skel, &mut keys);
    }
    for (_, j) in name.joined() {
        part_keys(j.canon, j.skel, &mut keys);
    }
    out.extend(keys.into_iter().map(|(_, k)| k));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parts::parse_name;

    fn keys(name: &str) -> Vec<u32> {
        let mut out = Vec::new();
        name_keys(&parse_name(name), &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn one_edit_typos_share_a_key_and_other_names_do_not() {
        let a = keys("Rahimullah");
        let shared = |b: &[u32]| a.iter().filter(|k| b.contains(k)).count();
        assert!(shared(&keys("Rahimulah")) > 0);
        assert!(shared(&keys("Rahimallah")) > 0);
        assert!(shared(&keys("Rahinullah")) > 0);
        assert_eq!(shared(&keys("Sokolova")), 0);
    }
}

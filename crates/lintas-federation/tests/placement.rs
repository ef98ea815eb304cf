//! Subjects are the policy: for random records and random changes of their sharing, the
//! messages the relay sends, filtered by each node's subscriptions and its own checks, leave
//! every node holding exactly what the sharing allows. No broker needed: NATS subject
//! matching is reproduced here (`*` one token, `>` the rest).
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;

use lintas_federation::subject::{
    HUB, addressed_to, change_targets, filters, parse, should_hold, subject,
};
use proptest::prelude::*;

const NODES: [&str; 5] = ["RSO", "IDN", "THA", "MYS", "PHL"];

fn matches(filter: &str, subject: &str) -> bool {
    let f: Vec<&str> = filter.split('.').collect();
    let s: Vec<&str> = subject.split('.').collect();
    for (i, token) in f.iter().enumerate() {
        match *token {
            ">" => return s.len() > i,
            "*" if i < s.len() => {}
            t if s.get(i) == Some(&t) => {}
            _ => return false,
        }
    }
    f.len() == s.len()
}

/// Who should hold it, written from the sharing rules alone.
fn expected(owner: &str, level: &str, states: &[String]) -> BTreeSet<String> {
    NODES
        .iter()
        .filter(|n| **n != owner)
        .filter(|n| match level {
            "regional" => true,
            "aggregate" => **n == HUB,
            "bilateral" => **n != HUB && states.iter().any(|s| s == *n),
            _ => false,
        })
        .map(|n| n.to_string())
        .collect()
}

/// The nodes a message on `subject` reaches and that accept it.
fn receivers(
    subj: &str,
    owner: &str,
    level: &str,
    states: &[String],
    upsert: bool,
) -> BTreeSet<String> {
    let (_, _, target, _) = parse(subj).unwrap();
    NODES
        .iter()
        .filter(|n| {
            let hub = **n == HUB;
            // An upsert is stored by a node that should hold the record; a tombstone is
            // applied by one that no longer should.
            let keeps = should_hold(n, hub, owner, level, states);
            filters(n, hub).iter().any(|(_, f)| matches(f, subj))
                && addressed_to(n, hub, target)
                && **n != owner
                && if upsert { keeps } else { !keeps }
        })
        .map(|n| n.to_string())
        .collect()
}

fn sharing() -> impl Strategy<Value = (String, Vec<String>)> {
    (
        prop::sample::select(vec!["national", "bilateral", "regional", "aggregate"]),
        prop::sample::subsequence(NODES.to_vec(), 0..=4),
    )
        .prop_map(|(l, s)| {
            let states = if l == "bilateral" {
                s.into_iter().map(String::from).collect()
            } else {
                vec![]
            };
            (l.to_string(), states)
        })
}

proptest! {
    #[test]
    fn every_node_holds_exactly_what_sharing_allows(
        owner in prop::sample::select(NODES[1..].to_vec()),
        first in sharing(),
        second in sharing(),
        deleted in any::<bool>(),
    ) {
        // Create at `first`, then change to `second` (or delete).
        let mut held: BTreeSet<String> = BTreeSet::new();
        let none: Vec<String> = vec![];
        for (prev, now, del) in [
            (("national", &none), (first.0.as_str(), &first.1), false),
            ((first.0.as_str(), &first.1), (second.0.as_str(), &second.1), deleted),
        ] {
            let (lost, now_targets) = change_targets(owner, (prev.0, prev.1), (now.0, now.1), del);
            let (level, states) = if del { ("national", &none) } else { now };
            for t in &lost {
                let lvl = match t.as_str() { "all" => "regional", HUB => "aggregate", _ => "bilateral" };
                let s = subject(owner, lvl, t, "incident");
                // A tombstone is applied by receivers no longer in the audience.
                for r in receivers(&s, owner, level, states, false) {
                    held.remove(&r);
                }
            }
            for t in &now_targets {
                let s = subject(owner, now.0, t, "incident");
                held.extend(receivers(&s, owner, now.0, now.1, true));
            }
            let want = if del { BTreeSet::new() } else { expected(owner, now.0, now.1) };
            prop_assert_eq!(&held, &want, "after {:?} -> {:?} (deleted: {})", prev, now, del);
        }
    }
}

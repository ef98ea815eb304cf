//! Subjects are the policy: `lintas.v1.<owner>.<level>.<target|all>.<kind>`.
//!
//! - `regional` → target `all`: the hub and every member's node;
//! - `aggregate` → target `RSO`: the hub only, which counts it and never shows the rows;
//! - `bilateral` → one message per named state, target that state: those nodes only (the
//!   hub subscribes to neither, so it never stores them);
//! - `national` → never published.

/// Every subject starts with this.
pub const PREFIX: &str = "lintas.v1";
/// The hub's member code.
pub const HUB: &str = "RSO";
/// The target of regional records.
pub const ALL: &str = "all";

/// The subject of one message.
pub fn subject(owner: &str, level: &str, target: &str, record_type: &str) -> String {
    format!("{PREFIX}.{owner}.{level}.{target}.{record_type}")
}

/// The subject's parts: owner, level, target, record type.
pub fn parse(subject: &str) -> Option<(&str, &str, &str, &str)> {
    let rest = subject.strip_prefix(PREFIX)?.strip_prefix('.')?;
    let mut parts = rest.split('.');
    let parsed = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then_some(parsed)
}

/// Where a record with this sharing goes (targets, one message each); empty for `national`
/// and for anything unknown. An owner never sends to itself, nor a bilateral record to the hub.
pub fn targets(owner: &str, sharing: &str, shared_with: &[String]) -> Vec<String> {
    match sharing {
        "regional" => vec![ALL.to_string()],
        "aggregate" if owner != HUB => vec![HUB.to_string()],
        "bilateral" => {
            // Bilateral is member to member: the hub never holds one, even if named (and
            // `RSO` as a target means the hub's aggregate subject).
            let mut states: Vec<String> = shared_with
                .iter()
                .filter(|s| s.as_str() != owner && s.as_str() != HUB)
                .cloned()
                .collect();
            states.sort();
            states.dedup();
            states
        }
        _ => Vec::new(),
    }
}

/// What one change of a record sends: tombstones to the targets that lose it (all of them
/// when it was deleted) and the record to its targets now.
pub fn change_targets(
    owner: &str,
    prev: (&str, &[String]),
    now: (&str, &[String]),
    deleted: bool,
) -> (Vec<String>, Vec<String>) {
    let now_targets = if deleted {
        Vec::new()
    } else {
        targets(owner, now.0, now.1)
    };
    let mut lost = targets(owner, prev.0, prev.1);
    if deleted {
        lost.extend(targets(owner, now.0, now.1));
        lost.sort();
        lost.dedup();
    }
    lost.retain(|t| !now_targets.contains(t));
    (lost, now_targets)
}

/// Whether node `member` (the hub when `hub`) holds a copy of a record of `owner` with this
/// sharing: the receiver's own check, whatever the subject it arrived on.
pub fn should_hold(
    member: &str,
    hub: bool,
    owner: &str,
    sharing: &str,
    shared_with: &[String],
) -> bool {
    if member == owner {
        return false;
    }
    match sharing {
        "regional" => true,
        "aggregate" => hub,
        "bilateral" => !hub && shared_with.iter().any(|s| s == member),
        _ => false,
    }
}

/// Whether a message to `target` is addressed to node `member`.
pub fn addressed_to(member: &str, hub: bool, target: &str) -> bool {
    target == ALL || (hub && target == HUB) || (!hub && target == member)
}

/// The subject filters a node's consumers take (one consumer each).
pub fn filters(member: &str, hub: bool) -> Vec<(String, String)> {
    let regional = (
        "regional".to_string(),
        format!("{PREFIX}.*.regional.{ALL}.>"),
    );
    if hub {
        vec![
            regional,
            (
                "aggregate".to_string(),
                format!("{PREFIX}.*.aggregate.{HUB}.>"),
            ),
        ]
    } else {
        vec![
            regional,
            (
                "bilateral".to_string(),
                format!("{PREFIX}.*.bilateral.{member}.>"),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn subjects_say_who_gets_what() {
        assert_eq!(
            subject("THA", "bilateral", "IDN", "incident"),
            "lintas.v1.THA.bilateral.IDN.incident"
        );
        assert_eq!(
            parse("lintas.v1.THA.bilateral.IDN.incident"),
            Some(("THA", "bilateral", "IDN", "incident"))
        );
        assert_eq!(parse("lintas.v1.THA.bilateral.IDN"), None);
        assert_eq!(parse("lintas.v2.THA.regional.all.incident"), None);
        assert!(targets("THA", "national", &[]).is_empty());
        assert_eq!(targets("THA", "regional", &[]), s(&["all"]));
        assert_eq!(targets("THA", "aggregate", &[]), s(&["RSO"]));
        assert_eq!(
            targets("THA", "bilateral", &s(&["MYS", "THA", "IDN", "MYS", "RSO"])),
            s(&["IDN", "MYS"])
        );
    }

    #[test]
    fn placement_rules() {
        let idn = s(&["IDN"]);
        assert!(should_hold("IDN", false, "THA", "regional", &[]));
        assert!(should_hold("RSO", true, "THA", "regional", &[]));
        assert!(!should_hold("IDN", false, "THA", "aggregate", &[]));
        assert!(should_hold("RSO", true, "THA", "aggregate", &[]));
        assert!(should_hold("IDN", false, "THA", "bilateral", &idn));
        assert!(!should_hold("MYS", false, "THA", "bilateral", &idn));
        assert!(!should_hold("RSO", true, "THA", "bilateral", &s(&["RSO"])));
        assert!(!should_hold("IDN", false, "THA", "national", &idn));
        assert!(!should_hold("THA", false, "THA", "regional", &[]));
        assert!(addressed_to("IDN", false, "all"));
        assert!(addressed_to("IDN", false, "IDN"));
        assert!(!addressed_to("IDN", false, "MYS"));
        assert!(!addressed_to("IDN", false, "RSO"));
        assert!(addressed_to("RSO", true, "RSO"));
    }
}

//! Every kind of tampering the issue names is detected by the verifier.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

use lintas_audit::{
    AuditError, AuditEvent, LogAppender, LogVerifier, NoteSigner, Outcome, StoredEntry, Timestamp,
    leaf_hash, verify_consistency, verify_log,
};

const ORIGIN: &str = "lintas.example/audit";

struct Log {
    rows: Vec<StoredEntry>,
    /// Signed checkpoint after every 10 events, indexed by size / 10.
    checkpoints: Vec<String>,
}

fn event(seq: u64, actor: &str) -> AuditEvent {
    AuditEvent {
        sequence: seq,
        time: Timestamp::from_unix(1_795_400_000 + seq as i64, 0).unwrap(),
        actor_id: actor.to_owned(),
        member_state: Some("MYS".into()),
        agency: Some("MMEA".into()),
        action: "incident.read".into(),
        record_type: Some("incident".into()),
        record_id: Some(format!("rec-{seq:04}")),
        request_id: Some(format!("req-{seq:04}")),
        outcome: Outcome::Success,
        details_hash: None,
        records: Vec::new(),
        count: None,
    }
}

fn signer() -> NoteSigner {
    NoteSigner::from_seed(ORIGIN, &[42u8; 32]).unwrap()
}

fn build(n: u64, actor_of: impl Fn(u64) -> String) -> Log {
    let s = signer();
    let mut app = LogAppender::new();
    let mut rows = Vec::new();
    let mut checkpoints = vec![
        app.sign_checkpoint(&s, Timestamp::from_unix(0, 0).unwrap())
            .unwrap(),
    ];
    for seq in 0..n {
        rows.push(app.append(&event(seq, &actor_of(seq))).unwrap());
        if (seq + 1) % 10 == 0 {
            let t = Timestamp::from_unix(1_795_400_000 + seq as i64, 0).unwrap();
            checkpoints.push(app.sign_checkpoint(&s, t).unwrap());
        }
    }
    Log { rows, checkpoints }
}

fn honest() -> Log {
    build(40, |seq| format!("user-{seq:04}"))
}

fn verify(rows: &[StoredEntry], latest: &str, exported: Option<&str>) -> Result<u64, AuditError> {
    let key = signer().verifier();
    let it = rows.iter().cloned().map(Ok::<_, std::io::Error>);
    verify_log(&key, ORIGIN, latest, exported, it).map(|v| v.size)
}

/// Verification with every stored checkpoint, as `lintas audit verify` does.
fn verify_all(rows: &[StoredEntry], checkpoints: &[String]) -> Result<u64, AuditError> {
    let key = signer().verifier();
    let (latest, older) = checkpoints.split_last().unwrap();
    let mut v = LogVerifier::new(&key, ORIGIN, latest)?;
    for c in older {
        v.add_stored_checkpoint(&key, c)?;
    }
    for r in rows {
        v.push(&r.event, &r.leaf_hash)?;
    }
    v.finish().map(|v| v.size)
}

fn change_actor(row: &mut StoredEntry, from: &str, to: &str) {
    let pos = row
        .event
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .unwrap();
    row.event[pos..pos + to.len()].copy_from_slice(to.as_bytes());
}

#[test]
fn honest_log_verifies_with_consistency_proof() {
    let log = honest();
    let key = signer().verifier();
    let rows = log.rows.iter().cloned().map(Ok::<_, std::io::Error>);
    let v = verify_log(
        &key,
        ORIGIN,
        &log.checkpoints[4],
        Some(&log.checkpoints[2]),
        rows,
    )
    .unwrap();
    assert_eq!(v.size, 40);
    assert_eq!(v.unsigned_events, 0);
    assert_eq!(v.checkpoint.size, 40);
    assert_eq!(v.root, v.checkpoint.root);
    let (earlier, proof) = v.consistency.unwrap();
    assert_eq!(earlier.size, 20);
    verify_consistency(20, 40, &earlier.root, &v.checkpoint.root, &proof).unwrap();
    assert_eq!(verify_all(&log.rows, &log.checkpoints).unwrap(), 40);
    // Exporting the empty-tree checkpoint or the latest itself is fine too.
    assert_eq!(
        verify(&log.rows, &log.checkpoints[4], Some(&log.checkpoints[0])).unwrap(),
        40
    );
    assert_eq!(
        verify(&log.rows, &log.checkpoints[4], Some(&log.checkpoints[4])).unwrap(),
        40
    );
}

#[test]
fn one_changed_byte_is_found_at_its_index() {
    let mut log = honest();
    change_actor(&mut log.rows[17], "user-0017", "user-0071");
    let err = verify(&log.rows, &log.checkpoints[4], None).unwrap_err();
    assert!(
        matches!(err, AuditError::LeafHashMismatch { index: 17 }),
        "{err}"
    );
    assert_eq!(err.first_bad_index(), Some(17));
    assert!(err.is_tamper_evidence());
}

#[test]
fn changed_event_with_recomputed_hash_is_located_between_checkpoints() {
    let mut log = honest();
    change_actor(&mut log.rows[17], "user-0017", "user-0071");
    log.rows[17].leaf_hash = leaf_hash(&log.rows[17].event);
    let err = verify_all(&log.rows, &log.checkpoints).unwrap_err();
    assert!(
        matches!(
            err,
            AuditError::RootMismatch {
                checkpoint_size: 20,
                verified_size: 10
            }
        ),
        "{err}"
    );
    // With only the latest checkpoint the change is still caught.
    let err = verify(&log.rows, &log.checkpoints[4], None).unwrap_err();
    assert!(matches!(
        err,
        AuditError::RootMismatch {
            checkpoint_size: 40,
            verified_size: 0
        }
    ));
}

#[test]
fn deleted_event_is_found() {
    let mut log = honest();
    log.rows.remove(23);
    let err = verify(&log.rows, &log.checkpoints[4], None).unwrap_err();
    assert!(
        matches!(
            err,
            AuditError::SequenceMismatch {
                index: 23,
                found: 24
            }
        ),
        "{err}"
    );
}

#[test]
fn deleted_event_with_renumbered_successors_is_found() {
    // An insider without the key rewrites everything after the deletion.
    let honest = honest();
    let mut app = LogAppender::new();
    let mut rows = Vec::new();
    for (i, r) in honest.rows.iter().enumerate().filter(|(i, _)| *i != 23) {
        let mut e = AuditEvent::decode(&r.event).unwrap();
        e.sequence = if i > 23 { i as u64 - 1 } else { i as u64 };
        rows.push(app.append(&e).unwrap());
    }
    let err = verify_all(&rows, &honest.checkpoints).unwrap_err();
    assert!(
        matches!(
            err,
            AuditError::RootMismatch {
                checkpoint_size: 30,
                verified_size: 20
            }
        ),
        "{err}"
    );
}

#[test]
fn reordered_events_are_found() {
    let mut log = honest();
    log.rows.swap(5, 6);
    let err = verify(&log.rows, &log.checkpoints[4], None).unwrap_err();
    assert!(
        matches!(err, AuditError::SequenceMismatch { index: 5, found: 6 }),
        "{err}"
    );
}

#[test]
fn truncated_tail_is_found() {
    let mut log = honest();
    log.rows.truncate(35);
    let err = verify(&log.rows, &log.checkpoints[4], None).unwrap_err();
    assert!(
        matches!(
            err,
            AuditError::Truncated {
                checkpoint_size: 40,
                stored: 35
            }
        ),
        "{err}"
    );
    assert_eq!(err.first_bad_index(), Some(35));
}

#[test]
fn restored_older_copy_is_a_rollback_against_the_exported_checkpoint() {
    let log = honest();
    let exported = log.checkpoints[3].clone(); // size 30, kept off the server
    // The restored database holds 20 events and its own latest checkpoint.
    let old_rows = &log.rows[..20];
    let old_latest = &log.checkpoints[2];
    // On its own the old copy is internally consistent...
    assert_eq!(verify(old_rows, old_latest, None).unwrap(), 20);
    // ...but not against what was exported.
    let err = verify(old_rows, old_latest, Some(&exported)).unwrap_err();
    assert!(
        matches!(
            err,
            AuditError::Rollback {
                exported_size: 30,
                current_size: 20
            }
        ),
        "{err}"
    );
}

#[test]
fn rewritten_and_resigned_history_is_inconsistent_with_the_export() {
    // An insider who holds the signing key rebuilds the log with event 12
    // changed and re-signs every checkpoint.
    let log = honest();
    let forged = build(40, |seq| {
        if seq == 12 {
            "someone-else".into()
        } else {
            format!("user-{seq:04}")
        }
    });
    assert_eq!(verify_all(&forged.rows, &forged.checkpoints).unwrap(), 40);
    let err = verify(
        &forged.rows,
        &forged.checkpoints[4],
        Some(&log.checkpoints[2]),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            AuditError::Inconsistent {
                exported_size: 20,
                current_size: 40
            }
        ),
        "{err}"
    );
    // A change after the exported size is invisible to the export, by design.
    let later = build(40, |seq| {
        if seq == 33 {
            "someone-else".into()
        } else {
            format!("user-{seq:04}")
        }
    });
    assert_eq!(
        verify(
            &later.rows,
            &later.checkpoints[4],
            Some(&log.checkpoints[2])
        )
        .unwrap(),
        40
    );
}

#[test]
fn forged_or_foreign_checkpoints_are_refused() {
    let log = honest();
    let forged = log.checkpoints[4].replacen("\n40\n", "\n41\n", 1);
    let err = verify(&log.rows, &forged, None).unwrap_err();
    assert!(matches!(err, AuditError::BadSignature), "{err}");
    let stranger = NoteSigner::from_seed(ORIGIN, &[9u8; 32]).unwrap();
    let foreign =
        LogAppender::new().sign_checkpoint(&stranger, Timestamp::from_unix(0, 0).unwrap());
    let err = verify(&[], &foreign.unwrap(), None).unwrap_err();
    assert!(matches!(err, AuditError::UnverifiedNote), "{err}");
}

#[test]
fn events_after_the_latest_checkpoint_are_reported_as_unsigned() {
    let log = honest();
    let key = signer().verifier();
    let rows = log.rows.iter().cloned().map(Ok::<_, std::io::Error>);
    let v = verify_log(&key, ORIGIN, &log.checkpoints[3], None, rows).unwrap();
    assert_eq!((v.size, v.checkpoint.size, v.unsigned_events), (40, 30, 10));
    assert_eq!(v.frontier.root(), v.root);
}

#[test]
fn store_errors_end_the_run() {
    let log = honest();
    let key = signer().verifier();
    let rows = log
        .rows
        .iter()
        .cloned()
        .map(Ok)
        .chain(std::iter::once(Err(std::io::Error::other("disk"))));
    let err = verify_log(&key, ORIGIN, &log.checkpoints[4], None, rows).unwrap_err();
    assert!(matches!(err, AuditError::Source(_)), "{err}");
    assert!(!err.is_tamper_evidence());
}

#[test]
fn appender_insists_on_contiguous_sequence_numbers() {
    let mut app = LogAppender::new();
    assert!(app.append(&event(1, "u")).is_err());
    app.append(&event(0, "u")).unwrap();
    let resumed = LogAppender::resume(
        lintas_audit::CompactTree::from_bytes(&app.frontier().to_bytes()).unwrap(),
    );
    assert_eq!(resumed.next_sequence(), 1);
    assert_eq!(resumed.root(), app.root());
}

mod random_tampering {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any single changed byte in any event is reported at its index,
        /// whether or not the stored leaf hash was recomputed to match.
        #[test]
        fn any_changed_byte_is_detected(
            i in any::<prop::sample::Index>(),
            pos in any::<prop::sample::Index>(),
            delta in 1u8..=255,
            rehash in any::<bool>(),
        ) {
            let log = honest();
            let mut rows = log.rows.clone();
            let i = i.index(rows.len());
            let p = pos.index(rows[i].event.len());
            rows[i].event[p] = rows[i].event[p].wrapping_add(delta);
            if rehash {
                rows[i].leaf_hash = leaf_hash(&rows[i].event);
            }
            let err = verify_all(&rows, &log.checkpoints).unwrap_err();
            prop_assert!(err.is_tamper_evidence());
            let bad = err.first_bad_index().unwrap();
            // Exact index, or the checkpoint interval that contains it.
            prop_assert!(bad as usize == i || (bad as usize <= i && i < bad as usize + 10), "{err}");
        }
    }
}

//! Append, root, proof generation and full-log verification at 1M leaves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use lintas_audit::{
    AuditError, AuditEvent, CompactTree, Hash, LeafHashSource, LogAppender, LogVerifier,
    NoteSigner, Outcome, Timestamp, consistency_proof, inclusion_proof, leaf_hash,
    verify_consistency, verify_inclusion,
};

const N: u64 = 1 << 20;

fn leaves(n: u64) -> Vec<Hash> {
    (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
}

/// Leaf hashes plus every perfect subtree hash, laid out per level, as a
/// store would keep them from `CompactTree::append_reporting`.
struct Tiled {
    levels: Vec<Vec<Hash>>,
}

impl Tiled {
    fn build(leaves: &[Hash]) -> Self {
        let mut levels: Vec<Vec<Hash>> = vec![Vec::new(); 64];
        let mut t = CompactTree::new();
        for l in leaves {
            t.append_reporting(*l, |level, _, h| levels[usize::from(level)].push(*h))
                .expect("append");
        }
        Self { levels }
    }
}

impl LeafHashSource for Tiled {
    type Error = AuditError;
    fn leaf_hashes(&self, start: u64, end: u64, out: &mut Vec<Hash>) -> Result<(), AuditError> {
        self.levels[0].leaf_hashes(start, end, out)
    }
    fn cached_subtree(&self, start: u64, end: u64) -> Result<Option<Hash>, AuditError> {
        let level = (end - start).trailing_zeros() as usize;
        Ok(self.levels[level].get((start >> level) as usize).copied())
    }
}

fn bench_append(c: &mut Criterion) {
    let lh = leaves(N);
    let mut g = c.benchmark_group("append");
    g.sample_size(10);
    g.bench_function("compact_tree_append_1M_leaves", |b| {
        b.iter(|| {
            let mut t = CompactTree::new();
            for l in &lh {
                t.append(*l).expect("append");
            }
            black_box(t.root())
        })
    });
    let mut t = CompactTree::new();
    for l in &lh {
        t.append(*l).expect("append");
    }
    g.sample_size(100);
    g.bench_function("one_append_plus_root_at_1M", |b| {
        b.iter_batched_ref(
            || t.clone(),
            |t| {
                t.append(lh[7]).expect("append");
                black_box(t.root())
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

fn bench_proofs(c: &mut Criterion) {
    let lh = leaves(N);
    let tiled = Tiled::build(&lh);
    let root = lintas_audit::root_of(&lh);
    let mut g = c.benchmark_group("proofs_1M");
    g.sample_size(10);
    g.bench_function("inclusion_proof_from_leaves", |b| {
        b.iter(|| black_box(inclusion_proof(&lh, 123_457, N).expect("proof")))
    });
    g.bench_function("consistency_proof_from_leaves", |b| {
        b.iter(|| black_box(consistency_proof(&lh, 700_001, N).expect("proof")))
    });
    g.sample_size(100);
    g.bench_function("inclusion_proof_from_cached_subtrees", |b| {
        b.iter(|| black_box(inclusion_proof(&tiled, 123_457, N - 3).expect("proof")))
    });
    g.bench_function("consistency_proof_from_cached_subtrees", |b| {
        b.iter(|| black_box(consistency_proof(&tiled, 700_001, N - 3).expect("proof")))
    });
    let ip = inclusion_proof(&tiled, 123_457, N).expect("proof");
    g.bench_function("verify_inclusion", |b| {
        b.iter(|| verify_inclusion(&lh[123_457], 123_457, N, &ip, &root).expect("verify"))
    });
    let cp = consistency_proof(&tiled, 700_001, N).expect("proof");
    let old = lintas_audit::root_of(&lh[..700_001]);
    g.bench_function("verify_consistency", |b| {
        b.iter(|| verify_consistency(700_001, N, &old, &root, &cp).expect("verify"))
    });
    g.finish();
}

fn bench_verify_log(c: &mut Criterion) {
    const EVENTS: u64 = 100_000;
    let signer = NoteSigner::from_seed("lintas.example/audit", &[1; 32]).expect("key");
    let mut app = LogAppender::new();
    let rows: Vec<_> = (0..EVENTS)
        .map(|seq| {
            app.append(&AuditEvent {
                sequence: seq,
                time: Timestamp::from_unix(1_795_400_000 + seq as i64, 123_000).expect("time"),
                actor_id: "0193a4b2-7c1e-7d3f-9a2b-5c6d7e8f9a0b".into(),
                member_state: Some("IDN".into()),
                agency: Some("POLRI".into()),
                action: "person.read".into(),
                record_type: Some("person".into()),
                record_id: Some("0193a4b2-7c1e-7d3f-9a2b-000000000001".into()),
                request_id: Some("0193a4b2-7c1e-7d3f-9a2b-000000000002".into()),
                outcome: Outcome::Success,
                details_hash: Some(leaf_hash(b"x")),
                records: Vec::new(),
                count: None,
            })
            .expect("append")
        })
        .collect();
    let latest = app
        .sign_checkpoint(
            &signer,
            Timestamp::from_unix(1_795_500_000, 0).expect("time"),
        )
        .expect("sign");
    let key = signer.verifier();
    let mut g = c.benchmark_group("verify_log");
    g.sample_size(10);
    g.bench_function("verify_100k_events", |b| {
        b.iter(|| {
            let mut v = LogVerifier::new(&key, "lintas.example/audit", &latest).expect("open");
            for r in &rows {
                v.push(&r.event, &r.leaf_hash).expect("push");
            }
            black_box(v.finish().expect("finish").size)
        })
    });
    g.finish();
}

criterion_group!(benches, bench_append, bench_proofs, bench_verify_log);
criterion_main!(benches);

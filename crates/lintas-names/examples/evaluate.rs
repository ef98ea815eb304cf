//! Accuracy evaluation on the shared data sets (see `docs/benchmarks.md`, `## Screening`).
//!
//! `cargo run --release -p lintas-names --example evaluate [-- THRESHOLD]`
//!
//! Splits, so that nothing is reported on data it was tuned on:
//! * nomenklatura `cases.csv`: rows with an even index are the development half (used to
//!   tune), odd rows the test half (reported); the whole file is also shown, and
//!   OpenSanctions logic-v2's frozen scores on the same rows for comparison.
//! * yente UN positives: even rows tuned on, odd rows reported (and all rows shown).
//! * transliteration pairs: Google ar2en train/eval used for tuning; the ar2en test split
//!   and the Amazon Wikidata test slices are reported.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lintas_names::compare::compare_names;
use lintas_names::lists::{ListFormat, parse};
use lintas_names::parts::parse_name;
use lintas_names::{BirthDate, Gender, Index, Query};
use std::collections::HashMap;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/");

fn read(path: &str) -> anyhow::Result<Vec<u8>> {
    Ok(std::fs::read(format!("{DATA}{path}"))?)
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    tn: u32,
    fn_: u32,
}

impl Counts {
    fn add(&mut self, truth: bool, predicted: bool) {
        match (truth, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
            (true, false) => self.fn_ += 1,
        }
    }
    fn prf(&self) -> (f64, f64, f64) {
        let p = f64::from(self.tp) / f64::from((self.tp + self.fp).max(1));
        let r = f64::from(self.tp) / f64::from((self.tp + self.fn_).max(1));
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
    fn line(&self, label: &str) -> String {
        let (p, r, f) = self.prf();
        format!(
            "{label}: P {p:.3} R {r:.3} F1 {f:.3} (TP {} FP {} TN {} FN {})",
            self.tp, self.fp, self.tn, self.fn_
        )
    }
}

fn nomenklatura(threshold: f64, verbose: bool) -> anyhow::Result<()> {
    let cases = read("nomenklatura_name_bench/cases.csv")?;
    let frozen_data = read("nomenklatura_name_bench/logicv2-frozen.csv")?;
    let mut rdr = csv::Reader::from_reader(cases.as_slice());
    let mut frozen = csv::Reader::from_reader(frozen_data.as_slice());
    let fh = frozen.headers()?.clone();
    let fcol = |n: &str| fh.iter().position(|h| h == n);
    let (fp_col, fn1, fn2) = (fcol("predicted_match"), fcol("name1"), fcol("name2"));
    let mut logic: HashMap<(String, String), bool> = HashMap::new();
    for r in frozen.records() {
        let r = r?;
        if let (Some(a), Some(b), Some(p)) = (
            fn1.and_then(|i| r.get(i)),
            fn2.and_then(|i| r.get(i)),
            fp_col.and_then(|i| r.get(i)),
        ) {
            logic.insert((a.to_string(), b.to_string()), p == "true" || p == "True");
        }
    }
    let (mut dev, mut test, mut all, mut l_test, mut l_all) = (
        Counts::default(),
        Counts::default(),
        Counts::default(),
        Counts::default(),
        Counts::default(),
    );
    let mut persons = Counts::default();
    for (i, r) in rdr.records().enumerate() {
        let r = r?;
        let (Some(schema), Some(a), Some(b), Some(m)) = (r.get(1), r.get(2), r.get(3), r.get(4))
        else {
            continue;
        };
        let truth = m == "true";
        let s = compare_names(&parse_name(a), &parse_name(b)).score;
        let pred = s >= threshold;
        if i % 2 == 0 {
            dev.add(truth, pred);
            if verbose && truth != pred {
                println!("  dev miss: {schema} {a:?} ~ {b:?} truth={truth} score={s:.3}");
            }
        } else {
            test.add(truth, pred);
            if let Some(lp) = logic.get(&(a.to_string(), b.to_string())) {
                l_test.add(truth, *lp);
            }
        }
        if let Some(lp) = logic.get(&(a.to_string(), b.to_string())) {
            l_all.add(truth, *lp);
        }
        if schema == "Person" {
            persons.add(truth, pred);
        }
        all.add(truth, pred);
    }
    println!("nomenklatura cases.csv @ {threshold}");
    println!("  {}", dev.line("dev half (tuned on)"));
    println!("  {}", test.line("test half (reported)"));
    println!("  {}", l_test.line("logic-v2 on test half"));
    println!("  {}", all.line("all rows"));
    println!("  {}", l_all.line("logic-v2 all rows"));
    println!("  {}", persons.line("Person rows only"));
    Ok(())
}

fn yente(threshold: f64, verbose: bool) -> anyhow::Result<()> {
    let entries = parse(
        &read("watchlists/un_sc_consolidated_2024-09-26.xml")?,
        ListFormat::Un,
    )?;
    let index = Index::build(entries.clone());
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
    for e in &entries {
        for n in &e.names {
            by_name.entry(norm(n)).or_default().push(e.id.clone());
        }
    }
    let rows = |path: &str| -> anyhow::Result<Vec<csv::StringRecord>> {
        let data = read(path)?;
        let mut rdr = csv::Reader::from_reader(data.as_slice());
        Ok(rdr.records().collect::<Result<Vec<_>, _>>()?)
    };
    let query_of = |r: &csv::StringRecord, qualifiers: bool| -> Query {
        let mut q = Query::name(r.get(0).unwrap_or(""));
        if qualifiers {
            q.birth_date = r.get(5).and_then(BirthDate::parse);
            q.nationality = r.get(7).filter(|s| !s.is_empty()).map(str::to_string);
            q.gender = r.get(4).and_then(Gender::parse);
        }
        q
    };
    let treated = rows("yente_screening_benchmark/positives_un_treated.csv")?;
    let untreated = rows("yente_screening_benchmark/positives_un_untreated.csv")?;
    let t0 = std::time::Instant::now();
    // `NAMES_FP_DUMP=FILE`: every development-half false positive, tab-separated
    // (query, entry id, matched name, score, reasons), for analysis.
    let mut dump = std::env::var("NAMES_FP_DUMP")
        .ok()
        .map(std::fs::File::create)
        .transpose()?;
    for qualifiers in [false, true] {
        if qualifiers && std::env::var_os("NAMES_NAME_ONLY").is_some() {
            break;
        }
        eprintln!(
            "[{:.1}s] positives, qualifiers={qualifiers}",
            t0.elapsed().as_secs_f64()
        );
        let (mut hit, mut total, mut hit_odd, mut total_odd) = (0, 0, 0, 0);
        let (mut ex_hit, mut ex_total) = (0, 0);
        for (i, (t, u)) in treated.iter().zip(&untreated).enumerate() {
            let Some(expected) = u.get(0).and_then(|n| by_name.get(&norm(n))) else {
                continue;
            };
            let q = query_of(t, qualifiers);
            let found = index
                .search(&q, threshold, 20)
                .iter()
                .any(|m| expected.contains(&m.id));
            total += 1;
            hit += u32::from(found);
            if i % 2 == 1 {
                total_odd += 1;
                hit_odd += u32::from(found);
            }
            if !qualifiers {
                let ex = index
                    .search_exhaustive(&q, threshold, 20)
                    .iter()
                    .any(|m| expected.contains(&m.id));
                ex_total += 1;
                ex_hit += u32::from(ex);
            }
            if verbose && !found && (i % 2 == 0 || std::env::var_os("NAMES_SHOW_HELDOUT").is_some())
            {
                println!(
                    "  miss (row {i}): {:?} expected {:?} ({:?})",
                    t.get(0),
                    expected,
                    u.get(0)
                );
            }
        }
        let label = if qualifiers {
            "name + birth date + nationality + gender"
        } else {
            "name only"
        };
        println!("yente positives_un_treated vs UN list @ {threshold}, {label}:");
        println!(
            "  recall all rows {hit}/{total} = {:.4}; odd (reported) rows {hit_odd}/{total_odd} = {:.4}",
            f64::from(hit) / f64::from(total.max(1)),
            f64::from(hit_odd) / f64::from(total_odd.max(1))
        );
        if !qualifiers {
            println!(
                "  exhaustive scoring, same scorer: {ex_hit}/{ex_total} = {:.4}",
                f64::from(ex_hit) / f64::from(ex_total.max(1))
            );
        }
        eprintln!("[{:.1}s] negatives", t0.elapsed().as_secs_f64());
        let (mut fp, mut n) = (0u32, 0u32);
        // Even rows (over both files in order) are the development half, odd rows the
        // reported half.
        let (mut fp_odd, mut n_odd) = (0u32, 0u32);
        let mut shown = 0;
        for path in [
            "yente_screening_benchmark/negatives_global.csv",
            "yente_screening_benchmark/negatives_us.csv",
        ] {
            for r in rows(path)? {
                let q = query_of(&r, qualifiers);
                let m = index.search(&q, threshold, 1);
                let odd = n % 2 == 1;
                n += 1;
                n_odd += u32::from(odd);
                if let Some(best) = m.first() {
                    fp += 1;
                    fp_odd += u32::from(odd);
                    if let (Some(f), false, false) = (dump.as_mut(), odd, qualifiers) {
                        use std::io::Write;
                        writeln!(
                            f,
                            "{}\t{}\t{}\t{:.3}\t{}",
                            r.get(0).unwrap_or(""),
                            best.id,
                            best.name,
                            best.score,
                            best.reasons.join("; ")
                        )?;
                    }
                    if verbose && shown < 60 && !odd {
                        shown += 1;
                        println!(
                            "  FP: {:?} -> {} {:?} {:.3}",
                            r.get(0),
                            best.id,
                            best.name,
                            best.score
                        );
                    }
                }
            }
        }
        println!(
            "  false positives on negatives: {fp}/{n} = {:.4}%; even (dev) rows {}/{} = {:.4}%; odd (reported) rows {fp_odd}/{n_odd} = {:.4}%",
            100.0 * f64::from(fp) / f64::from(n.max(1)),
            fp - fp_odd,
            n - n_odd,
            100.0 * f64::from(fp - fp_odd) / f64::from((n - n_odd).max(1)),
            100.0 * f64::from(fp_odd) / f64::from(n_odd.max(1))
        );
    }
    Ok(())
}

fn pairs_recall(label: &str, pairs: &[(String, String)], threshold: f64) {
    let mut hit = 0;
    let mut fp = 0;
    let n = pairs.len();
    for (i, (a, b)) in pairs.iter().enumerate() {
        let pa = parse_name(a);
        if compare_names(&pa, &parse_name(b)).score >= threshold {
            hit += 1;
        }
        // Negative: the same script name against the Latin name of a row far away.
        let other = &pairs[(i + n / 2 + 1) % n].1;
        if other != b && compare_names(&pa, &parse_name(other)).score >= threshold {
            fp += 1;
        }
    }
    println!(
        "  {label}: recall {hit}/{n} = {:.3}; shuffled-negative match rate {fp}/{n} = {:.3}",
        hit as f64 / n.max(1) as f64,
        fp as f64 / n.max(1) as f64
    );
}

fn transliteration(threshold: f64) -> anyhow::Result<()> {
    println!("transliteration pairs @ {threshold} (cross-script recall)");
    for split in ["train", "eval", "test"] {
        let text = String::from_utf8(read(&format!(
            "transliteration_pairs/google_ar2en-{split}.txt"
        ))?)?;
        let pairs: Vec<(String, String)> = text
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let tag = if split == "test" {
            "reported"
        } else {
            "tuning"
        };
        pairs_recall(&format!("google ar2en {split} ({tag})"), &pairs, threshold);
    }
    for lang in ["arabic", "chinese", "korean"] {
        let text = String::from_utf8(read(&format!(
            "transliteration_pairs/amazon_wd_{lang}_20.tsv"
        ))?)?;
        let pairs: Vec<(String, String)> = text
            .lines()
            .filter_map(|l| {
                let mut it = l.split('\t');
                let en = it.next()?;
                let target: String = it.next()?.split(' ').collect();
                Some((target, en.to_string()))
            })
            .collect();
        pairs_recall(
            &format!("amazon wikidata {lang} test slice (reported)"),
            &pairs,
            threshold,
        );
    }
    Ok(())
}

/// The seeded regional set (`lintas_names::regional`) against the UN list, name only:
/// even rows development, odd rows held out. `NAMES_REGIONAL_N` negatives and
/// positives (default 8,000 and 2,000), seed `NAMES_REGIONAL_SEED` (default 14).
fn regional(threshold: f64, verbose: bool) -> anyhow::Result<()> {
    let entries = parse(
        &read("watchlists/un_sc_consolidated_2024-09-26.xml")?,
        ListFormat::Un,
    )?;
    let env = |k: &str, d: u64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let seed = env("NAMES_REGIONAL_SEED", 14);
    let n_neg = env("NAMES_REGIONAL_NEG", 8_000) as usize;
    let n_pos = env("NAMES_REGIONAL_POS", 2_000) as usize;
    // `NAMES_COMMON=FULL_BITS,POWER,FLOOR,COMPLETE_BITS,COMPLETE_POWER` overrides the common-part rule.
    let mut config = lintas_names::index::IndexConfig::default();
    if let Ok(v) = std::env::var("NAMES_COMMON") {
        let v: Vec<f64> = v.split(',').filter_map(|x| x.parse().ok()).collect();
        if let [full, power, floor, complete, complete_power] = v[..] {
            config.common.full_bits = full;
            config.common.power = power;
            config.common.floor = floor;
            config.common.complete_bits = complete;
            config.common.complete_power = complete_power;
        }
    }
    let index = Index::build_with(entries.clone(), lintas_names::Scorer::default(), config);
    let neg = lintas_names::regional::negatives(n_neg, seed, &entries);
    // `NAMES_TUNE_DUMP=FILE`: development-half matches scored without the common-part
    // rule, with their evidence in bits (to choose the rule's constants).
    if let Ok(path) = std::env::var("NAMES_TUNE_DUMP") {
        use std::io::Write;
        let mut config = lintas_names::index::IndexConfig::default();
        config.common.full_bits = 0.0;
        config.common.complete_bits = 0.0;
        let raw = Index::build_with(entries.clone(), lintas_names::Scorer::default(), config);
        let pos = lintas_names::regional::positives(n_pos, seed, &entries);
        let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
        // The yente UN positives' development rows too (their recall must hold).
        let mut yente = Vec::new();
        let treated = read("yente_screening_benchmark/positives_un_treated.csv")?;
        let untreated = read("yente_screening_benchmark/positives_un_untreated.csv")?;
        let mut rt = csv::Reader::from_reader(treated.as_slice());
        let mut ru = csv::Reader::from_reader(untreated.as_slice());
        for (i, (t, u)) in rt.records().zip(ru.records()).enumerate() {
            let (t, u) = (t?, u?);
            let id = entries.iter().find(|e| {
                e.names.iter().any(|n| {
                    n.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                        == u.get(0).unwrap_or("").to_lowercase()
                })
            });
            if let (0, Some(e)) = (i % 2, id) {
                yente.push(lintas_names::regional::LabelledQuery {
                    name: t.get(0).unwrap_or("").to_string(),
                    expected: Some(e.id.clone()),
                    kind: "yente",
                    homonym: true,
                });
            }
        }
        let rows = neg
            .iter()
            .step_by(2)
            .chain(pos.iter().step_by(2))
            .chain(yente.iter());
        for (i, q) in rows.enumerate() {
            for m in raw.search(&Query::name(q.name.clone()), 0.5, 20) {
                let truth = Some(&m.id) == q.expected.as_ref();
                let (bits, complete, al, (lq, lc)) = raw
                    .explain(&q.name, m.entry)
                    .and_then(|c| c.frequency)
                    .map_or((0.0, false, 0, (0, 0)), |f| {
                        (f.evidence_bits, f.complete, f.aligned_core, f.left)
                    });
                writeln!(
                    f,
                    "{}\t{i}:{}\t{}\t{}\t{:.4}\t{bits:.3}\t{complete}\t{al}\t{lq}\t{lc}",
                    if q.expected.is_some() && q.homonym {
                        "ypos"
                    } else if q.expected.is_some() {
                        "pos"
                    } else if q.homonym {
                        "hom"
                    } else {
                        "neg"
                    },
                    q.name,
                    m.id,
                    truth,
                    m.score
                )?;
            }
        }
    }
    let pos = lintas_names::regional::positives(n_pos, seed, &entries);
    let show_half = std::env::var("NAMES_SHOW_HELDOUT").is_ok();
    println!("regional set vs UN list @ {threshold}, name only (seed {seed})");
    for (half, label) in [(0, "dev half (tuned on)"), (1, "held-out half")] {
        let (mut fp, mut n) = (0u32, 0u32);
        let (mut fp_h, mut n_h) = (0u32, 0u32);
        let mut fp_complete = 0u32;
        let mut by_kind: HashMap<&str, (u32, u32)> = HashMap::new();
        for q in neg.iter().skip(half).step_by(2) {
            let m = index.search(&Query::name(q.name.clone()), threshold, 1);
            n += 1;
            n_h += u32::from(q.homonym);
            let k = by_kind.entry(q.kind).or_default();
            k.1 += 1;
            if let Some(best) = m.first() {
                fp += 1;
                fp_h += u32::from(q.homonym);
                k.0 += 1;
                let complete = index
                    .explain(&q.name, best.entry)
                    .and_then(|c| c.frequency)
                    .is_some_and(|f| f.complete);
                fp_complete += u32::from(complete);
                if verbose && (half == 0 || show_half) {
                    println!(
                        "  FP {}{}: {:?} -> {} {:?} {:.3} [{}]",
                        q.kind,
                        if q.homonym { " (homonym)" } else { "" },
                        q.name,
                        best.id,
                        best.name,
                        best.score,
                        best.reasons.join("; ")
                    );
                }
            }
        }
        let (mut hit, mut total) = (0u32, 0u32);
        let mut pos_kind: HashMap<&str, (u32, u32)> = HashMap::new();
        for q in pos.iter().skip(half).step_by(2) {
            let m = index.search(&Query::name(q.name.clone()), threshold, 10);
            let found = m.iter().any(|m| Some(&m.id) == q.expected.as_ref());
            total += 1;
            hit += u32::from(found);
            let k = pos_kind.entry(q.kind).or_default();
            k.1 += 1;
            k.0 += u32::from(found);
            if verbose && !found && (half == 0 || show_half) {
                let ex = index.search_exhaustive(&Query::name(q.name.clone()), 0.0, 50);
                let at = ex.iter().find(|m| Some(&m.id) == q.expected.as_ref());
                println!(
                    "  miss {}: {:?} expected {:?} ({:?}) best {:?}",
                    q.kind,
                    q.name,
                    q.expected,
                    at.map(|m| (
                        &m.name,
                        (m.score * 1000.0).round() / 1000.0,
                        m.reasons.join("; ")
                    )),
                    m.first().map(|m| (&m.name, m.score))
                );
            }
        }
        let mut kinds: Vec<_> = by_kind.into_iter().collect();
        kinds.sort();
        let mut pkinds: Vec<_> = pos_kind.into_iter().collect();
        pkinds.sort();
        println!(
            "  {label}: recall {hit}/{total} = {:.4}; false positives {fp}/{n} = {:.3}%",
            f64::from(hit) / f64::from(total.max(1)),
            100.0 * f64::from(fp) / f64::from(n.max(1))
        );
        println!(
            "    without the {n_h} homonyms of listed names: false positives {}/{} = {:.3}%",
            fp - fp_h,
            n - n_h,
            100.0 * f64::from(fp - fp_h) / f64::from((n - n_h).max(1))
        );
        println!(
            "    of the false positives, {fp_complete} align every part of both names (the listed name, spelled differently), {} are partial: partial FP rate {:.3}%",
            fp - fp_complete,
            100.0 * f64::from(fp - fp_complete) / f64::from(n.max(1))
        );
        println!(
            "    FP by culture: {}",
            kinds
                .iter()
                .map(|(k, (f, n))| format!("{k} {f}/{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!(
            "    recall by variant: {}",
            pkinds
                .iter()
                .map(|(k, (h, n))| format!("{k} {h}/{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let threshold = args
        .iter()
        .find_map(|a| a.parse::<f64>().ok())
        .unwrap_or(lintas_names::ScoreConfig::default().threshold);
    let only = args
        .iter()
        .find(|a| ["nk", "yente", "translit", "regional"].contains(&a.as_str()))
        .cloned();
    if only.as_deref().is_none_or(|o| o == "nk") {
        nomenklatura(threshold, verbose)?;
    }
    if only.as_deref().is_none_or(|o| o == "yente") {
        yente(threshold, verbose)?;
    }
    if only.as_deref().is_none_or(|o| o == "regional") {
        regional(threshold, verbose)?;
    }
    if only.as_deref().is_none_or(|o| o == "translit") {
        transliteration(threshold)?;
    }
    Ok(())
}

//! `lintas link`: probabilistic record linkage of CSV/Parquet files with `lintas-link`.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use lintas_link::eval::{b_cubed, cluster_pairwise, pairwise, truth_ids};
use lintas_link::incremental::{LinkedBase, match_new_with_progress};
use lintas_link::{Dataset, LinkType, Linker, Model, Progress, Settings};
use regex::Regex;

/// Link or deduplicate person records (Fellegi–Sunter with EM, blocking, clustering).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input file, CSV or Parquet (by extension); repeat for two or more inputs to link them.
    #[arg(long = "input", required = true, value_name = "FILE")]
    inputs: Vec<PathBuf>,
    /// Column holding each record's identifier.
    #[arg(long, value_name = "COLUMN")]
    id: String,
    /// Settings file (TOML): comparisons, blocking rules, thresholds. Without it, defaults for
    /// person records are chosen from the column names and printed.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// Reuse a trained model (a `model.json` written by an earlier run) instead of training.
    #[arg(long, value_name = "FILE", conflicts_with = "base")]
    model: Option<PathBuf>,
    /// Match the inputs as new records against an already linked base (an `--out` directory of
    /// an earlier run) without recomputing it.
    #[arg(long, value_name = "DIR")]
    base: Option<PathBuf>,
    /// Directory for pairs.csv, clusters.csv, model.json and records.csv.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Ground-truth entity column: prints pairwise precision/recall/F1 and cluster metrics.
    #[arg(long, value_name = "COLUMN")]
    truth: Option<String>,
    /// Regular expression whose first capture group extracts the entity from the truth column
    /// (e.g. FEBRL: `--truth rec_id --truth-regex 'rec-(\d+)'`).
    #[arg(long, value_name = "REGEX", requires = "truth")]
    truth_regex: Option<String>,
    /// Override the settings' match-probability threshold.
    #[arg(long, value_name = "P")]
    threshold: Option<f64>,
    /// Override the link type (default: dedupe for one input, link for several).
    #[arg(long, value_enum)]
    link_type: Option<LinkTypeArg>,
    /// Override the maximum number of pairs a blocking rule may generate.
    #[arg(long, value_name = "N")]
    max_pairs: Option<u64>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LinkTypeArg {
    Dedupe,
    Link,
    LinkAndDedupe,
}

impl From<LinkTypeArg> for LinkType {
    fn from(a: LinkTypeArg) -> Self {
        match a {
            LinkTypeArg::Dedupe => LinkType::Dedupe,
            LinkTypeArg::Link => LinkType::Link,
            LinkTypeArg::LinkAndDedupe => LinkType::LinkAndDedupe,
        }
    }
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let truth_re = args
        .truth_regex
        .as_deref()
        .map(Regex::new)
        .transpose()
        .context("--truth-regex")?;
    let skip: Vec<&str> = args.truth.iter().map(String::as_str).collect();
    let (data, truth) = read_inputs(
        &args.inputs,
        &args.id,
        &skip,
        args.truth.as_deref(),
        truth_re.as_ref(),
    )?;
    eprintln!(
        "lintas link: read {} records from {} input(s) in {:.2}s",
        data.len(),
        args.inputs.len(),
        started.elapsed().as_secs_f64()
    );
    let default_type = if args.inputs.len() > 1 {
        LinkType::Link
    } else {
        LinkType::Dedupe
    };
    let progress = Bar::new();

    if let Some(base_dir) = &args.base {
        return run_incremental(&args, base_dir, &data, &progress, started);
    }

    let model: Option<Model> = match &args.model {
        Some(p) => Some(
            serde_json::from_reader(File::open(p).with_context(|| format!("{}", p.display()))?)
                .with_context(|| format!("{}: not a model.json", p.display()))?,
        ),
        None => None,
    };
    let mut settings = load_settings(
        args.settings.as_deref(),
        &data,
        args.link_type.map(Into::into).unwrap_or(default_type),
        model.is_some(),
    )?;
    if let Some(lt) = args.link_type {
        settings.link_type = lt.into();
    } else if args.settings.is_none() && model.is_none() {
        settings.link_type = default_type;
    }
    if let Some(t) = args.threshold {
        settings.threshold = t;
    }
    if let Some(m) = args.max_pairs {
        settings.max_pairs_per_rule = m;
    }
    let linker = Linker::new(settings)?;
    let out = match &model {
        Some(m) => linker.link_with_model(&data, m, &progress)?,
        None => linker.link(&data, &progress)?,
    };
    let elapsed = started.elapsed().as_secs_f64();
    for (i, r) in out.blocking.iter().enumerate() {
        eprintln!(
            "lintas link: blocking rule {} `{}`: {} pairs counted, {} new pairs generated",
            i + 1,
            r.rule,
            r.counted,
            r.generated
        );
    }
    eprintln!(
        "lintas link: {} candidate pairs, {} at or above p={}, {} entities ({} weak bridges cut); λ = {:.3e} ({})",
        out.candidate_pairs,
        out.scored.weights.len(),
        linker.settings().threshold,
        out.clusters.assignment.iter().max().map_or(0, |m| m + 1),
        out.clusters.cut_bridges,
        out.model.lambda,
        out.model.lambda_source
    );
    print_model(&out.model);

    let ids = data.ids();
    let sources = data.sources();
    let entity_names: Vec<String> = entity_names(&out.clusters.assignment, ids);
    let mut sizes = vec![0u32; entity_names.len()];
    for &c in &out.clusters.assignment {
        if let Some(s) = sizes.get_mut(c as usize) {
            *s += 1;
        }
    }
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    for (r, &c) in out.clusters.assignment.iter().enumerate() {
        let rec = serde_json::json!({
            "id": ids.get(r).map(|s| &**s),
            "source": data.source_names().get(usize::from(sources.get(r).copied().unwrap_or_default())),
            "entity": entity_names.get(c as usize),
            "cluster_size": sizes.get(c as usize),
        });
        writeln!(w, "{rec}")?;
    }
    w.flush()?;

    if let Some(t) = &truth {
        let t = truth_ids(t);
        let lt = out.model.link_type;
        let p = pairwise(out.scored.index_pairs(), &t, lt, sources);
        let c = cluster_pairwise(&out.clusters.assignment, &t, lt, sources);
        let b = b_cubed(&out.clusters.assignment, &t);
        eprintln!(
            "lintas link: truth: pairwise precision {:.4} recall {:.4} F1 {:.4} (TP {} FP {} FN {})",
            p.precision, p.recall, p.f1, p.true_positives, p.false_positives, p.false_negatives
        );
        eprintln!(
            "lintas link: truth: cluster pairs precision {:.4} recall {:.4} F1 {:.4}; B-cubed precision {:.4} recall {:.4} F1 {:.4}",
            c.precision, c.recall, c.f1, b.precision, b.recall, b.f1
        );
        eprintln!(
            "{}",
            serde_json::json!({"metrics": {"pairwise": p, "cluster_pairwise": c, "b_cubed": b, "seconds": elapsed}})
        );
    }
    if let Some(dir) = &args.out {
        write_outputs(dir, &data, &out, &entity_names, linker.settings())?;
    }
    eprintln!("lintas link: done in {elapsed:.2}s");
    Ok(ExitCode::SUCCESS)
}

fn run_incremental(
    args: &Args,
    base_dir: &Path,
    new: &Dataset,
    progress: &Bar,
    started: Instant,
) -> Result<ExitCode> {
    let model: Model = serde_json::from_reader(
        File::open(base_dir.join("model.json"))
            .with_context(|| format!("{}/model.json", base_dir.display()))?,
    )
    .with_context(|| format!("{}/model.json", base_dir.display()))?;
    let (base_data, _) = read_inputs(
        &[base_dir.join("records.csv")],
        "id",
        &["source"],
        None,
        None,
    )?;
    let mut entities = Vec::with_capacity(base_data.len());
    let clusters_path = base_dir.join("clusters.csv");
    let mut rdr = csv::Reader::from_path(&clusters_path)
        .with_context(|| clusters_path.display().to_string())?;
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.with_context(|| format!("{}: row {}", clusters_path.display(), i + 2))?;
        entities.push(
            rec.get(2)
                .ok_or_else(|| {
                    anyhow!(
                        "{}: row {} has no entity column",
                        clusters_path.display(),
                        i + 2
                    )
                })?
                .to_string(),
        );
    }
    let base = LinkedBase::new(base_data, entities, model)?;
    let mut settings = match &args.settings {
        Some(p) => read_settings(p)?,
        None => Settings::default_for_columns(&base.data.column_names(), base.model.link_type)
            .ok_or_else(|| anyhow!("cannot derive settings"))?,
    };
    if let Some(t) = args.threshold {
        settings.threshold = t;
    }
    if let Some(m) = args.max_pairs {
        settings.max_pairs_per_rule = m;
    }
    let linker = Linker::new(settings)?;
    let matches = match_new_with_progress(&linker, &base, new, progress)?;
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    for m in &matches {
        writeln!(w, "{}", serde_json::to_string(m)?)?;
    }
    w.flush()?;
    let existing = matches.iter().filter(|m| m.existing_entity).count();
    eprintln!(
        "lintas link: matched {} new records against a base of {}: {} joined existing entities; done in {:.2}s",
        matches.len(),
        base.data.len(),
        existing,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn read_settings(path: &Path) -> Result<Settings> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    Settings::from_toml(&text).map_err(|e| anyhow!("{}: {e}", path.display()))
}

fn load_settings(
    path: Option<&Path>,
    data: &Dataset,
    link_type: LinkType,
    have_model: bool,
) -> Result<Settings> {
    if let Some(p) = path {
        return read_settings(p);
    }
    let s = Settings::default_for_dataset(data, link_type, None).ok_or_else(|| {
        anyhow!(
            "no --settings given and no person columns recognised among: {}",
            data.column_names().join(", ")
        )
    })?;
    if !have_model {
        eprintln!(
            "lintas link: no --settings given; using defaults chosen from the column names:\n{}",
            s.to_toml()
        );
    }
    Ok(s)
}

fn print_model(model: &Model) {
    for c in &model.comparisons {
        let levels: Vec<String> = c
            .labels
            .iter()
            .enumerate()
            .skip(1)
            .map(|(g, l)| {
                let (m, u) = (
                    c.m.get(g).copied().unwrap_or(0.0),
                    c.u.get(g).copied().unwrap_or(0.0),
                );
                format!("{l}: m={m:.3} u={u:.2e} w={:+.2}", c.log2_bf(g as u8))
            })
            .collect();
        eprintln!(
            "lintas link: model `{}` ({}): {}",
            c.spec.display_name(),
            if c.estimation.is_empty() {
                "m by EM, u from random pairs"
            } else {
                &c.estimation
            },
            levels.join("; ")
        );
    }
    if !model.guard.is_empty() {
        eprintln!("lintas link: person guard: {}", model.guard);
    }
}

fn entity_names(assignment: &[u32], ids: &[Box<str>]) -> Vec<String> {
    let n = assignment.iter().max().map_or(0, |m| m + 1) as usize;
    let mut names = vec![String::new(); n];
    for (r, &c) in assignment.iter().enumerate() {
        if let Some(slot) = names.get_mut(c as usize)
            && slot.is_empty()
        {
            *slot = ids.get(r).map(|s| s.to_string()).unwrap_or_default();
        }
    }
    names
}

fn write_outputs(
    dir: &Path,
    data: &Dataset,
    out: &lintas_link::LinkOutput,
    entity_names: &[String],
    settings: &Settings,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let ids = data.ids();
    let src_name = |r: usize| {
        data.source_names()
            .get(usize::from(
                data.sources().get(r).copied().unwrap_or_default(),
            ))
            .cloned()
            .unwrap_or_default()
    };
    let mut pw = csv::Writer::from_path(dir.join("pairs.csv"))?;
    let mut header = vec![
        "left_id".to_string(),
        "left_source".into(),
        "right_id".into(),
        "right_source".into(),
        "match_weight".into(),
        "match_probability".into(),
        "blocking_rule".into(),
    ];
    header.extend(
        out.model
            .comparisons
            .iter()
            .map(|c| format!("level_{}", c.spec.display_name())),
    );
    pw.write_record(&header)?;
    for (i, (l, r)) in out.scored.index_pairs().enumerate() {
        let (l, r) = (l as usize, r as usize);
        let mut row = vec![
            ids.get(l).map(|s| s.to_string()).unwrap_or_default(),
            src_name(l),
            ids.get(r).map(|s| s.to_string()).unwrap_or_default(),
            src_name(r),
            format!(
                "{:.4}",
                out.scored.weights.get(i).copied().unwrap_or_default()
            ),
            format!("{:.6}", out.scored.probability(i)),
            out.blocking
                .get(usize::from(
                    out.scored.pairs.rule.get(i).copied().unwrap_or_default(),
                ))
                .map(|b| b.rule.clone())
                .unwrap_or_default(),
        ];
        for (c, &g) in out.model.comparisons.iter().zip(out.scored.pairs.gammas(i)) {
            row.push(c.labels.get(usize::from(g)).cloned().unwrap_or_default());
        }
        pw.write_record(&row)?;
    }
    pw.flush()?;
    let mut cw = csv::Writer::from_path(dir.join("clusters.csv"))?;
    cw.write_record(["id", "source", "entity_id"])?;
    for (r, &c) in out.clusters.assignment.iter().enumerate() {
        cw.write_record([
            ids.get(r).map(|s| s.to_string()).unwrap_or_default(),
            src_name(r),
            entity_names.get(c as usize).cloned().unwrap_or_default(),
        ])?;
    }
    cw.flush()?;
    // The base for later incremental runs: normalised values of every column.
    let mut rw = csv::Writer::from_path(dir.join("records.csv"))?;
    let mut header = vec!["id".to_string(), "source".into()];
    header.extend(data.column_names().iter().map(|s| s.to_string()));
    rw.write_record(&header)?;
    for r in 0..data.len() {
        let mut row = vec![
            ids.get(r).map(|s| s.to_string()).unwrap_or_default(),
            src_name(r),
        ];
        row.extend(
            data.columns()
                .iter()
                .map(|c| c.value(r).unwrap_or_default().to_string()),
        );
        rw.write_record(&row)?;
    }
    rw.flush()?;
    let model_file = File::create(dir.join("model.json"))?;
    serde_json::to_writer_pretty(BufWriter::new(model_file), &out.model)?;
    std::fs::write(dir.join("settings.toml"), settings.to_toml())?;
    eprintln!(
        "lintas link: wrote pairs.csv, clusters.csv, records.csv, model.json, settings.toml to {}",
        dir.display()
    );
    Ok(())
}

type Truth = Option<Vec<Option<String>>>;

/// Reads all inputs into one dataset (one source per file). Columns come from the first input;
/// later inputs must have them all. `skip` columns (besides the id) are not compared.
fn read_inputs(
    inputs: &[PathBuf],
    id: &str,
    skip: &[&str],
    truth: Option<&str>,
    truth_re: Option<&Regex>,
) -> Result<(Dataset, Truth)> {
    let mut data: Option<Dataset> = None;
    let mut labels: Vec<Option<String>> = Vec::new();
    for path in inputs {
        let name = path.display().to_string();
        let mut table = open_table(path)?;
        let headers = table.headers().to_vec();
        let find = |col: &str| -> Result<usize> {
            headers.iter().position(|h| h == col).ok_or_else(|| {
                anyhow!(
                    "{name}: column `{col}` not found; columns are: {}",
                    headers.join(", ")
                )
            })
        };
        let id_idx = find(id).context("--id")?;
        let truth_idx = truth.map(|t| find(t).context("--truth")).transpose()?;
        let d = match &mut data {
            Some(d) => d,
            None => {
                let cols: Vec<&str> = headers
                    .iter()
                    .map(String::as_str)
                    .filter(|h| *h != id && !skip.contains(h))
                    .collect();
                data.insert(Dataset::new(&cols))
            }
        };
        let map: Vec<usize> = d
            .column_names()
            .iter()
            .map(|c| find(c))
            .collect::<Result<_>>()?;
        let fold: Vec<bool> = d.column_names().iter().map(|c| is_name_column(c)).collect();
        let src = d.add_source(&name)?;
        while let Some((line, row)) = table.next_row()? {
            let Some(rid) = row.get(id_idx).and_then(|v| v.as_deref()) else {
                bail!("{name}: line {line}: empty id in column `{id}`");
            };
            let folded: Vec<Option<String>> = map
                .iter()
                .zip(&fold)
                .map(|(&i, &f)| {
                    let v = row.get(i).and_then(|v| v.as_deref())?;
                    if f { fold_name(v) } else { Some(v.to_string()) }
                })
                .collect();
            let vals: Vec<Option<&str>> = folded.iter().map(Option::as_deref).collect();
            d.push(src, rid, &vals)
                .with_context(|| format!("{name}: line {line}"))?;
            if let Some(t) = truth_idx {
                let raw = row.get(t).and_then(|v| v.as_deref());
                labels.push(match (raw, truth_re) {
                    (Some(v), Some(re)) => re
                        .captures(v)
                        .and_then(|c| c.get(1))
                        .map(|m| m.as_str().to_string()),
                    (v, _) => v.map(str::to_string),
                });
            }
        }
    }
    let data = data.ok_or_else(|| anyhow!("no input"))?;
    Ok((data, truth.map(|_| labels)))
}

/// Columns holding person names, folded before linkage as the network analysis folds them.
fn is_name_column(c: &str) -> bool {
    const NAMES: [&str; 14] = [
        "given_name",
        "given_names",
        "first_name",
        "forename",
        "firstname",
        "first",
        "surname",
        "last_name",
        "family_name",
        "lastname",
        "last",
        "full_name",
        "name",
        "first_and_surname",
    ];
    NAMES.iter().any(|n| c.eq_ignore_ascii_case(n))
}

/// A name transliterated to Latin and each part's spelling variants folded with `lintas-names`
/// (`kh`/`k`, `ee`/`i`, doubled letters, diacritics), so that محمد, Mohammed and Muhamad,
/// Nguyễn and Nguyen meet on comparable strings — the folding the networks apply.
fn fold_name(name: &str) -> Option<String> {
    let latin = lintas_names::translit::to_latin(name);
    let folded: Vec<String> = latin
        .split_whitespace()
        .map(lintas_names::phonetic::canonical)
        .filter(|w| !w.is_empty())
        .collect();
    (!folded.is_empty()).then(|| folded.join(" "))
}

enum Table {
    Csv {
        name: String,
        headers: Vec<String>,
        rdr: csv::Reader<File>,
        rec: csv::StringRecord,
    },
    Parquet {
        headers: Vec<String>,
        rows: parquet::record::reader::RowIter<'static>,
        line: u64,
        name: String,
    },
}

fn open_table(path: &Path) -> Result<Table> {
    let name = path.display().to_string();
    let file = File::open(path).with_context(|| format!("opening {name}"))?;
    let is_parquet = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    if is_parquet {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let reader = SerializedFileReader::new(file)
            .with_context(|| format!("{name}: not a readable Parquet file"))?;
        let headers = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .root_schema()
            .get_fields()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        Ok(Table::Parquet {
            headers,
            rows: reader.into_iter(),
            line: 0,
            name,
        })
    } else {
        let mut rdr = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(file);
        let headers = rdr
            .headers()
            .with_context(|| format!("{name}: reading the header"))?
            .iter()
            .map(str::to_string)
            .collect();
        Ok(Table::Csv {
            name,
            headers,
            rdr,
            rec: csv::StringRecord::new(),
        })
    }
}

impl Table {
    fn headers(&self) -> &[String] {
        match self {
            Table::Csv { headers, .. } | Table::Parquet { headers, .. } => headers,
        }
    }

    /// Next row as (1-based line or row number, values), `None` at the end.
    fn next_row(&mut self) -> Result<Option<(u64, Vec<Option<String>>)>> {
        match self {
            Table::Csv { name, rdr, rec, .. } => {
                let more = rdr.read_record(rec).map_err(|e| {
                    let line = e.position().map_or(0, |p| p.line());
                    anyhow!("{name}: line {line}: malformed CSV row: {e}")
                })?;
                if !more {
                    return Ok(None);
                }
                let line = rec.position().map_or(0, |p| p.line());
                Ok(Some((
                    line,
                    rec.iter()
                        .map(|v| (!v.is_empty()).then(|| v.to_string()))
                        .collect(),
                )))
            }
            Table::Parquet {
                rows,
                line,
                name,
                headers,
            } => {
                let Some(row) = rows.next() else {
                    return Ok(None);
                };
                *line += 1;
                let row = row.with_context(|| format!("{name}: row {line}"))?;
                let mut vals = vec![None; headers.len()];
                for (i, (_, field)) in row.get_column_iter().enumerate() {
                    use parquet::record::Field;
                    let v = match field {
                        Field::Null => None,
                        Field::Str(s) => Some(s.clone()),
                        other => Some(other.to_string().trim_matches('"').to_string()),
                    };
                    if let Some(slot) = vals.get_mut(i) {
                        *slot = v.filter(|s| !s.is_empty());
                    }
                }
                Ok(Some((*line, vals)))
            }
        }
    }
}

/// Progress bar on stderr, shown only when stderr is a terminal.
struct Bar {
    bar: Mutex<Option<ProgressBar>>,
    tty: bool,
}

impl Bar {
    fn new() -> Self {
        Self {
            bar: Mutex::new(None),
            tty: std::io::stderr().is_terminal(),
        }
    }
}

impl Progress for Bar {
    fn start(&self, stage: &str, total: u64) {
        if !self.tty {
            return;
        }
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template("{msg:>24} [{bar:40}] {pos}/{len} ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(stage.to_string());
        if let Ok(mut b) = self.bar.lock() {
            *b = Some(bar);
        }
    }

    fn advance(&self, n: u64) {
        if let Ok(b) = self.bar.lock()
            && let Some(bar) = b.as_ref()
        {
            bar.inc(n);
        }
    }

    fn finish(&self) {
        if let Ok(mut b) = self.bar.lock()
            && let Some(bar) = b.take()
        {
            bar.finish_and_clear();
        }
    }
}

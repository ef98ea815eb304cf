//! `lintas import registry FILE`: lost/stolen/revoked documents from CSV, with per-row errors.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args as ClapArgs;
use lintas_model::Role;
use lintas_model::registry::read_registry_csv;
use lintas_store::{ImportReport, Principal};

use super::db::DbArgs;

/// Shown on stderr before pointing at `--errors`.
const SHOWN_ERRORS: usize = 20;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// The CSV file (`-` for standard input); columns in docs/checks.md.
    file: PathBuf,
    #[command(flatten)]
    db: DbArgs,
    /// Member that reports the documents (ISO 3166-1 alpha-3).
    #[arg(long)]
    state: String,
    /// Reporting agency within the member (created if new).
    #[arg(long, default_value = "Default agency")]
    agency: String,
    /// Write every invalid row's errors to this CSV file (line,field,code,message).
    #[arg(long)]
    errors: Option<PathBuf>,
    /// Rows per transaction.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch_size: u32,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let reader: Box<dyn Read> = if args.file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            File::open(&args.file).with_context(|| format!("opening {}", args.file.display()))?,
        )
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let store = runtime.block_on(args.db.open())?;
    let member = args.state.to_ascii_uppercase();
    let agency = runtime.block_on(store.ensure_agency(&member, &args.agency))?;
    let principal = Principal::local("cli:import-registry", &agency, Role::Officer);
    let today = store.clock().now().date_naive();
    let mut rows = read_registry_csv(BufReader::with_capacity(1 << 20, reader), today)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let mut importer = store.registry_importer(&principal)?;
    let mut errors_out = match &args.errors {
        Some(path) => Some(
            csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?,
        ),
        None => None,
    };
    let mut report = ImportReport::default();
    let mut problems = 0;
    loop {
        let batch: Vec<_> = rows.by_ref().take(args.batch_size as usize).collect();
        if batch.is_empty() {
            break;
        }
        let mut done = runtime.block_on(importer.import_batch(batch))?;
        for e in &done.errors {
            match errors_out.as_mut() {
                Some(w) => w.write_record([
                    e.line.to_string(),
                    e.field.clone(),
                    e.code.clone(),
                    e.message.clone(),
                ])?,
                None if problems < SHOWN_ERRORS => {
                    eprintln!("line {}: {}: {}", e.line, e.field, e.message)
                }
                None => {}
            }
            problems += 1;
        }
        done.errors.clear();
        report.merge(done);
    }
    match errors_out {
        Some(mut w) => w.flush()?,
        None if problems > SHOWN_ERRORS => eprintln!(
            "… and {} more problems; use --errors FILE to get them all",
            problems - SHOWN_ERRORS
        ),
        None => {}
    }
    let o = report.outcome;
    eprintln!(
        "Registry reports of {} / {}: {} created, {} updated, {} unchanged, {} invalid rows.",
        principal.member, principal.agency, o.created, o.updated, o.unchanged, o.invalid
    );
    println!("{}", serde_json::to_string(&o)?);
    runtime.block_on(store.close());
    Ok(ExitCode::SUCCESS)
}

//! `lintas import victims FILE`: victim cases from the HTCDS flat layout (CSV or a
//! spreadsheet), with per-row errors. The work is the `lintas_app::victims` use case.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args as ClapArgs;
use lintas_model::{Role, Sharing};
use lintas_store::{Error, Principal};

use super::db::DbArgs;

/// Shown on stderr before pointing at `--errors`.
const SHOWN_ERRORS: usize = 20;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// The file (`-` for standard input): CSV, or XLSX/XLS/XLSB/ODS (first sheet); columns in
    /// docs/victims.md.
    file: PathBuf,
    #[command(flatten)]
    db: DbArgs,
    /// Member that owns the imported cases (ISO 3166-1 alpha-3).
    #[arg(long)]
    state: String,
    /// Agency within the member that manages the cases (created if new).
    #[arg(long)]
    agency: String,
    /// Sharing of rows without a `sharing_level` column value: national (default), bilateral
    /// or aggregate; never regional.
    #[arg(long, default_value = "national")]
    sharing: String,
    /// For `--sharing bilateral`: the members, comma-separated.
    #[arg(long, value_delimiter = ',')]
    shared_with: Vec<String>,
    /// Write every invalid row's errors to this CSV file (line,field,code,message).
    #[arg(long)]
    errors: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut bytes = Vec::new();
    if args.file.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(&args.file)
            .with_context(|| format!("opening {}", args.file.display()))?;
    }
    let sharing = Sharing {
        level: args.sharing.clone(),
        states: args.shared_with.clone(),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let store = runtime.block_on(args.db.open())?;
    let member = args.state.to_ascii_uppercase();
    let agency = runtime.block_on(store.ensure_agency(&member, &args.agency))?;
    let principal = Principal::local("cli:import-victims", &agency, Role::VictimSupport);
    let report = match runtime.block_on(lintas_app::victims::import_victims(
        &store,
        &principal,
        bytes,
        Some(sharing),
    )) {
        Ok(report) => report,
        Err(Error::Invalid(errors)) => {
            for e in errors {
                eprintln!(
                    "lintas: --{}: {}",
                    e.field
                        .replace("sharing.level", "sharing")
                        .replace("sharing.states", "shared-with"),
                    e.message
                );
            }
            runtime.block_on(store.close());
            return Ok(ExitCode::from(2));
        }
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!("reading {}", args.file.display())));
        }
    };
    match &args.errors {
        Some(path) => {
            let mut w = csv::Writer::from_path(path)
                .with_context(|| format!("creating {}", path.display()))?;
            for e in &report.errors {
                w.write_record([
                    e.line.to_string(),
                    e.field.clone(),
                    e.code.clone(),
                    e.message.clone(),
                ])?;
            }
            w.flush()?;
        }
        None => {
            for e in report.errors.iter().take(SHOWN_ERRORS) {
                eprintln!("line {}, {}: {}", e.line, e.field, e.message);
            }
            if report.errors.len() > SHOWN_ERRORS {
                eprintln!(
                    "… and {} more problems; use --errors FILE to get them all",
                    report.errors.len() - SHOWN_ERRORS
                );
            }
        }
    }
    let o = report.outcome;
    eprintln!(
        "Victim cases of {} / {}: {} created, {} updated, {} unchanged, {} deleted-skipped, {} invalid rows.",
        principal.member,
        principal.agency,
        o.created,
        o.updated,
        o.unchanged,
        o.skipped_deleted,
        o.invalid
    );
    println!("{}", serde_json::to_string(&o)?);
    runtime.block_on(store.close());
    Ok(ExitCode::SUCCESS)
}

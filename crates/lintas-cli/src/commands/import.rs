//! `lintas import incidents FILE`: bulk import with per-row errors and a progress bar.

use std::fs::File;
use std::io::{BufReader, IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use lintas_model::Role;
use lintas_model::import::{Format, Row, read};
use lintas_store::{ImportReport, PreparedBatch, Principal};

use super::db::DbArgs;

/// Import records in bulk.
#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    command: ImportCommand,
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Import incidents from CSV, a JSON array or JSON Lines (see docs/data-standard.md).
    ///
    /// Valid rows are stored; invalid rows are reported with line, field and reason. Importing the
    /// same file again creates no duplicates. Prints a JSON summary on stdout.
    Incidents(IncidentsArgs),
    /// Import lost, stolen and revoked travel documents from CSV (see docs/checks.md).
    ///
    /// Valid rows are stored; invalid rows are reported with line, field and reason. Reporting
    /// a document again updates the member's entry; the same file again changes nothing.
    /// Prints a JSON summary on stdout.
    Registry(super::import_registry::Args),
    /// Import a version of a watchlist (UN XML, OFAC SDN CSV, OpenSanctions FtM JSON Lines,
    /// Lintas CSV) into a named list of the member.
    ///
    /// Entries are matched by the list's own identifiers; prints what was added, changed and
    /// removed as JSON on stdout.
    Watchlist(super::import_watchlist::Args),
    /// Import victim cases from the HTCDS flat layout: CSV or a spreadsheet (XLSX, XLS, XLSB,
    /// ODS), including the official HTCDS spreadsheet as it is (see docs/victims.md).
    ///
    /// Valid rows are stored; invalid rows are reported with line, column and reason. Cases
    /// are matched by `external_ref`: the same file again changes nothing. Prints a JSON
    /// summary on stdout.
    Victims(super::import_victims::Args),
}

#[derive(Debug, ClapArgs)]
struct IncidentsArgs {
    /// The file to import (`-` for standard input).
    file: PathBuf,
    #[command(flatten)]
    db: DbArgs,
    /// Member that owns the imported incidents (ISO 3166-1 alpha-3 or organisation code).
    #[arg(long)]
    state: String,
    /// Reporting agency within the member (created if new).
    #[arg(long, default_value = "Default agency")]
    agency: String,
    /// Input format; guessed from the file name or content when absent.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Write every invalid row's errors to this CSV file (line,field,code,message).
    #[arg(long)]
    errors: Option<PathBuf>,
    /// Rows per transaction (larger batches write each index page fewer times).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch_size: u32,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Json,
    Jsonl,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let args = match args.command {
        ImportCommand::Incidents(args) => args,
        ImportCommand::Registry(args) => return super::import_registry::run(args),
        ImportCommand::Watchlist(args) => return super::import_watchlist::run(args),
        ImportCommand::Victims(args) => return super::import_victims::run(args),
    };
    let (reader, size): (Box<dyn Read + Send>, u64) = if args.file.as_os_str() == "-" {
        (Box::new(std::io::stdin()), 0)
    } else {
        let file =
            File::open(&args.file).with_context(|| format!("opening {}", args.file.display()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(file), size)
    };
    let progress = if std::io::stderr().is_terminal() && size > 0 {
        let bar = indicatif::ProgressBar::new(size);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} importing [{bar:40}] {bytes}/{total_bytes} ({eta} left) {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Some(bar)
    } else {
        None
    };
    let reader: Box<dyn Read + Send> = match &progress {
        Some(bar) => Box::new(bar.wrap_read(reader)),
        None => reader,
    };
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let format = match args.format {
        Some(FormatArg::Csv) => Format::Csv,
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Jsonl) => Format::JsonLines,
        None => match Format::from_path(&args.file.to_string_lossy()) {
            Some(f) => f,
            None => Format::sniff(std::io::BufRead::fill_buf(&mut reader)?),
        },
    };

    let runtime = tokio::runtime::Runtime::new()?;
    // One connection: every batch then finds the indexes it writes into still in that
    // connection's page cache (SQLite drops a connection's cache when another one wrote).
    let store = runtime.block_on(args.db.open_with(Some(1)))?;
    let member = args.state.to_ascii_uppercase();
    let agency = runtime.block_on(store.ensure_agency(&member, &args.agency))?;
    let principal = Principal::local("cli:import", &agency, Role::Officer);
    let today = store.clock().now().date_naive();
    // Parsing, validating and preparing rows (documents, hashes, search terms) runs on its own
    // thread, a couple of batches ahead of the database writes, so the two cores overlap the
    // work.
    let batch_size = args.batch_size as usize;
    let (batches, incoming) = std::sync::mpsc::sync_channel::<anyhow::Result<PreparedBatch>>(2);
    let name = args.file.display().to_string();
    let parser = std::thread::spawn(move || {
        let mut rows = match read(reader, format, today) {
            Ok(rows) => rows,
            Err(e) => {
                let _ = batches.send(Err(anyhow::Error::new(e).context(format!("reading {name}"))));
                return;
            }
        };
        loop {
            let batch: Vec<Row> = rows.by_ref().take(batch_size).collect();
            if batch.is_empty() {
                return;
            }
            let prepared = PreparedBatch::new(batch, today).map_err(anyhow::Error::new);
            let failed = prepared.is_err();
            if batches.send(prepared).is_err() || failed {
                return;
            }
        }
    });
    let mut importer = store.importer(&principal)?;
    let mut report = ImportReport::default();
    let mut errors_out = match &args.errors {
        Some(path) => Some(
            csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?,
        ),
        None => None,
    };
    let mut shown = 0;
    for batch in incoming {
        let batch = batch?;
        let mut done = runtime.block_on(importer.import_prepared(batch))?;
        for e in &done.errors {
            if let Some(w) = errors_out.as_mut() {
                w.write_record([
                    e.line.to_string(),
                    e.field.clone(),
                    e.code.clone(),
                    e.message.clone(),
                ])?;
            } else if shown < 20 {
                let line = format!(
                    "line {}: {}{}: {}",
                    e.line,
                    e.field,
                    if e.field.is_empty() { "" } else { ":" },
                    e.message
                );
                match &progress {
                    Some(bar) => bar.println(line),
                    None => eprintln!("{line}"),
                }
            }
            shown += 1;
        }
        done.errors.clear();
        report.merge(done);
        if let Some(bar) = &progress {
            bar.set_message(format!(
                "{} stored, {} invalid",
                report.outcome.created + report.outcome.updated,
                report.outcome.invalid
            ));
        }
    }
    if parser.join().is_err() {
        anyhow::bail!("the reader thread failed");
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if let Some(mut w) = errors_out {
        w.flush()?;
    } else if shown > 20 {
        eprintln!(
            "… and {} more problems; use --errors FILE to get them all",
            shown - 20
        );
    }
    let o = report.outcome;
    eprintln!(
        "Imported into {} / {}: {} created, {} updated, {} unchanged, {} deleted-skipped, {} invalid rows.",
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

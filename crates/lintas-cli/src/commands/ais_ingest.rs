//! `lintas ais ingest`: NMEA from files, a TCP feed or UDP datagrams into the store.

use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use lintas_ais::{Decoder, Outcome};
use lintas_app::maritime::{Ingest, IngestStats, ingest_decoder_config};
use lintas_model::{Role, Sharing};
use lintas_store::Principal;
use serde::Serialize;

use super::ais_feed;
use super::db::DbArgs;

/// Where the NMEA comes from and on whose behalf it is stored.
#[derive(clap::Args)]
pub struct IngestArgs {
    /// NMEA files (tag blocks `c:`, USCG trailers and `$PGHP` give receive times; otherwise
    /// the arrival time is used). Standard input when no file, `--tcp` or `--udp` is given.
    files: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
    /// Member that owns the data (ISO 3166-1 alpha-3).
    #[arg(long)]
    state: String,
    /// Agency within the member (created if new).
    #[arg(long, default_value = "Default agency")]
    agency: String,
    #[command(flatten)]
    sharing: SharingArgs,
    /// Connect to an NMEA-over-TCP feed (reconnects with backoff when it drops).
    #[arg(long, value_name = "HOST:PORT", conflicts_with_all = ["files", "udp"])]
    tcp: Option<String>,
    /// Listen for NMEA in UDP datagrams on this address.
    #[arg(long, value_name = "ADDR", conflicts_with = "files")]
    udp: Option<SocketAddr>,
    /// Stop a `--tcp`/`--udp` ingest after this many seconds (default: run until Ctrl-C).
    #[arg(long, value_name = "SECONDS")]
    duration: Option<u64>,
    /// Stop a `--tcp` ingest after the connection was lost this many times (default: never).
    #[arg(long)]
    max_reconnects: Option<u32>,
}

/// How records are shared (`--sharing`, `--share-with`).
#[derive(clap::Args)]
pub struct SharingArgs {
    /// Sharing level: national, bilateral, regional or aggregate.
    #[arg(long, default_value = "regional")]
    sharing: String,
    /// For `bilateral`: the members it is shared with (comma-separated).
    #[arg(long, value_delimiter = ',')]
    share_with: Vec<String>,
}

impl SharingArgs {
    pub fn sharing(&self) -> Sharing {
        Sharing {
            level: self.sharing.trim().to_lowercase(),
            states: self
                .share_with
                .iter()
                .map(|s| s.trim().to_uppercase())
                .collect(),
        }
    }
}

/// Counts printed as JSON when the run ends.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Lines read.
    pub lines: u64,
    #[serde(flatten)]
    pub stats: IngestStats,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Decoded positions per second of wall-clock time.
    pub positions_per_second: f64,
}

/// Shown per run before the rest are only counted.
const SHOWN_ERRORS: u64 = 20;

/// Feeds lines to a decoder and the decoded messages to the ingest, reporting bad sentences.
pub struct LineSink<'s, 'a> {
    pub ingest: &'s mut Ingest<'a>,
    pub decoder: Decoder,
    pub lines: u64,
    pub name: String,
}

impl LineSink<'_, '_> {
    pub fn new<'s, 'a>(ingest: &'s mut Ingest<'a>, name: String) -> LineSink<'s, 'a> {
        LineSink {
            ingest,
            decoder: Decoder::new(ingest_decoder_config()),
            lines: 0,
            name,
        }
    }

    /// Returns whether the ingest buffer should be flushed.
    pub fn push(&mut self, line: &[u8], arrival: i64) -> bool {
        self.lines += 1;
        match self.decoder.push(line) {
            Outcome::Message(m) => self.ingest.add(&m, arrival),
            Outcome::Error(e) => {
                self.ingest.stats.errors += 1;
                if self.ingest.stats.errors <= SHOWN_ERRORS {
                    eprintln!("lintas ais ingest: {}: {e}", self.name);
                } else if self.ingest.stats.errors == SHOWN_ERRORS + 1 {
                    eprintln!("lintas ais ingest: further bad sentences are only counted");
                }
                false
            }
            Outcome::Pending | Outcome::Skipped => false,
        }
    }
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub fn run(a: IngestArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new()?;
    let store = runtime.block_on(a.db.open())?;
    let member = a.state.trim().to_ascii_uppercase();
    if lintas_model::members::member(&member).is_none() {
        anyhow::bail!("--state {member} is not a member of the Bali Process");
    }
    let agency = runtime.block_on(store.ensure_agency(&member, &a.agency))?;
    let principal = Principal::local("cli:ais-ingest", &agency, Role::Officer);
    let sharing = a.sharing.sharing();
    let mut ingest = runtime
        .block_on(Ingest::open(&store, &principal, &sharing))
        .map_err(|e| anyhow::anyhow!("{}", super::ais_store::describe(e)))?;
    let started = Instant::now();
    let lines = if let Some(addr) = &a.tcp {
        runtime.block_on(ais_feed::tcp(
            &mut ingest,
            addr,
            a.duration,
            a.max_reconnects,
        ))?
    } else if let Some(addr) = a.udp {
        runtime.block_on(ais_feed::udp(&mut ingest, addr, a.duration))?
    } else {
        files(&runtime, &mut ingest, &a.files)?
    };
    let seconds = started.elapsed().as_secs_f64();
    let stats = ingest.stats;
    let summary = Summary {
        lines,
        stats,
        seconds,
        positions_per_second: stats.positions as f64 / seconds.max(1e-9),
    };
    eprintln!(
        "Ingested into {} / {} ({}): {} positions ({} new, {} duplicates), {} static reports, {} bad sentences, {:.0} positions/s.",
        principal.member,
        principal.agency,
        sharing.level,
        stats.positions,
        stats.stored,
        stats.duplicates,
        stats.static_reports,
        stats.errors,
        summary.positions_per_second
    );
    println!("{}", serde_json::to_string(&summary)?);
    runtime.block_on(store.close());
    Ok(ExitCode::SUCCESS)
}

fn files(
    runtime: &tokio::runtime::Runtime,
    ingest: &mut Ingest<'_>,
    paths: &[PathBuf],
) -> anyhow::Result<u64> {
    let inputs: Vec<(String, Box<dyn Read>, u64)> = if paths.is_empty() {
        vec![("-".into(), Box::new(std::io::stdin()), 0)]
    } else {
        let mut v: Vec<(String, Box<dyn Read>, u64)> = Vec::new();
        for p in paths {
            let f = std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?;
            let size = f.metadata().map(|m| m.len()).unwrap_or(0);
            v.push((p.display().to_string(), Box::new(f), size));
        }
        v
    };
    let mut total = 0;
    for (name, reader, size) in inputs {
        let bar = (std::io::stderr().is_terminal() && size > 0).then(|| {
            let bar = indicatif::ProgressBar::new(size);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {msg} [{bar:40}] {bytes}/{total_bytes} ({eta} left)",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_message(name.clone());
            bar
        });
        let reader: Box<dyn Read> = match &bar {
            Some(b) => Box::new(b.wrap_read(reader)),
            None => reader,
        };
        let mut reader = BufReader::with_capacity(1 << 20, reader);
        let mut sink = LineSink::new(ingest, name.clone());
        let mut line = Vec::with_capacity(256);
        loop {
            line.clear();
            if reader
                .read_until(b'\n', &mut line)
                .with_context(|| format!("reading {name}"))?
                == 0
            {
                break;
            }
            if sink.push(&line, now()) {
                runtime.block_on(sink.ingest.flush())?;
            }
        }
        sink.decoder.finish();
        total += sink.lines;
        runtime.block_on(ingest.flush())?;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
    }
    Ok(total)
}

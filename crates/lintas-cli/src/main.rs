//! `lintas`: the platform's command line. Each subcommand lives in its own module under
//! `commands/` and is a thin shell over a library crate.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;

// The store and the engines allocate many small strings (SQL arguments, names, JSON);
// mimalloc serves them faster than glibc's allocator (see docs/benchmarks.md, import).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Lintas — transnational crime reporting, checks, linkage and analysis for the Bali Process.
#[derive(Parser)]
#[command(name = "lintas", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    // Subcommands are registered here, one variant per module in `commands/`.
    /// Run the platform: HTTP API and web UI.
    Serve(commands::serve::Args),
    /// Create API keys for machine clients.
    Apikey(commands::apikey::Args),
    /// Create web users (the first admin of a member).
    User(commands::user::Args),
    /// Verify the tamper-evident audit log; export signed checkpoints.
    Audit(commands::audit::Args),
    /// Import records in bulk (incidents from CSV, JSON or JSON Lines).
    Import(commands::import::Args),
    /// Screen names against a watchlist (UN, OFAC, OpenSanctions FtM, Lintas CSV).
    Screen(commands::screen::Args),
    /// AIS ship-transponder data: decode NMEA to gpsd JSON, detect vessel behaviours.
    Ais(commands::ais::Args),
    /// ICAO 9303 machine readable zones: parse and validate records into JSON Lines.
    Mrz(commands::mrz::Args),
    /// Probabilistic record linkage: deduplicate or link person records (CSV/Parquet).
    Link(commands::link::Args),
    /// Trends: outbreak-style detection over count series (EARS, Farrington, GLR-CUSUM).
    Trends(commands::trends::Args),
    /// Periodic reports as PDF (monthly, quarterly RSO Highlights, annual), with their figures.
    Report(commands::report::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: anyhow::Result<ExitCode> = match cli.command {
        Command::Serve(args) => commands::serve::run(args),
        Command::Apikey(args) => commands::apikey::run(args),
        Command::User(args) => commands::user::run(args),
        Command::Audit(args) => commands::audit::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Screen(args) => commands::screen::run(args),
        Command::Ais(args) => commands::ais::run(args),
        Command::Mrz(args) => commands::mrz::run(args),
        Command::Link(args) => commands::link::run(args),
        Command::Trends(args) => commands::trends::run(args),
        Command::Report(args) => commands::report::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("lintas: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

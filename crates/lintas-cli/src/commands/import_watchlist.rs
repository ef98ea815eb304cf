//! `lintas import watchlist FILE --list NAME`: a version of a watchlist into a member's named
//! list, reporting what was added, changed and removed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args as ClapArgs, ValueEnum};
use lintas_model::{Role, Sharing};
use lintas_names::lists::{ListFormat, guess_format};
use lintas_store::{Principal, parse_watchlist};

use super::db::DbArgs;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// The list file.
    file: PathBuf,
    #[command(flatten)]
    db: DbArgs,
    /// Name of the member's list (created if new), e.g. `UNSC` or `National watchlist`.
    #[arg(long)]
    list: String,
    /// List format; guessed from the content when absent.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Member that maintains the list (ISO 3166-1 alpha-3).
    #[arg(long)]
    state: String,
    /// Agency within the member (created if new).
    #[arg(long, default_value = "Default agency")]
    agency: String,
    /// Who besides the member sees the list.
    #[arg(long, value_enum, default_value_t = SharingArg::National)]
    sharing: SharingArg,
    /// For `--sharing bilateral`: the members to share with, comma-separated.
    #[arg(long, value_delimiter = ',')]
    states: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// UN Security Council consolidated list (XML).
    Un,
    /// OFAC SDN list (`sdn.csv`).
    Ofac,
    /// OpenSanctions FollowTheMoney JSON Lines (Person entities are kept).
    Ftm,
    /// Lintas list CSV.
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SharingArg {
    National,
    Bilateral,
    Regional,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let data =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let format = match args.format {
        Some(FormatArg::Un) => ListFormat::Un,
        Some(FormatArg::Ofac) => ListFormat::Ofac,
        Some(FormatArg::Ftm) => ListFormat::Ftm,
        Some(FormatArg::Csv) => ListFormat::Csv,
        None => guess_format(&data).with_context(|| args.file.display().to_string())?,
    };
    let entries =
        parse_watchlist(&data, format).with_context(|| args.file.display().to_string())?;
    drop(data);
    let sharing = Sharing {
        level: match args.sharing {
            SharingArg::National => "national",
            SharingArg::Bilateral => "bilateral",
            SharingArg::Regional => "regional",
        }
        .into(),
        states: args.states,
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let store = runtime.block_on(args.db.open())?;
    let member = args.state.to_ascii_uppercase();
    let agency = runtime.block_on(store.ensure_agency(&member, &args.agency))?;
    let principal = Principal::local("cli:import-watchlist", &agency, Role::Officer);
    let result = runtime.block_on(store.import_watchlist(
        &principal,
        &args.list,
        format.as_str(),
        sharing,
        entries,
    ));
    runtime.block_on(store.close());
    let report = match result {
        Ok(report) => report,
        Err(lintas_store::Error::Invalid(errors)) => {
            for e in errors {
                eprintln!("lintas: error: {}: {}", e.field, e.message);
            }
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    eprintln!(
        "Watchlist {} of {} (version {}): {} entries; {} added, {} changed, {} removed, {} skipped.",
        report.list,
        report.owner,
        report.version,
        report.entries,
        report.added,
        report.changed,
        report.removed,
        report.skipped
    );
    println!("{}", serde_json::to_string(&report)?);
    Ok(ExitCode::SUCCESS)
}

//! `lintas report monthly|quarterly|annual --period P --db URL --as MEMBER --out FILE.pdf
//! [--data FILE.json]`: the periodic report as PDF, and each of its figures (name, value,
//! definition) as JSON. A thin shell over `lintas_app::report::generate` (audited there).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use lintas_app::report::{ReportKind, ReportPeriod, generate};
use lintas_model::Role;
use lintas_model::members::MemberKind;
use lintas_report::{DEFAULT_CJK_DIR, DEFAULT_FONT_DIR, Fonts};
use lintas_store::Principal;

use super::db::DbArgs;

/// A periodic report over the data a member may count.
#[derive(clap::Args)]
pub struct Args {
    /// monthly, quarterly or annual.
    #[arg(value_parser = ReportKind::parse)]
    kind: ReportKind,
    /// The period: `2025-10` (monthly), `2025-Q3` (quarterly) or `2025` (annual).
    #[arg(long)]
    period: String,
    #[command(flatten)]
    db: DbArgs,
    /// The member on whose behalf the report is made (ISO 3166-1 alpha-3, or RSO): it counts
    /// what that member may see plus others' aggregates. RSO acts as a regional analyst, any
    /// other member as an analyst.
    #[arg(long = "as", value_name = "MEMBER")]
    as_member: String,
    /// Where to write the PDF.
    #[arg(long)]
    out: PathBuf,
    /// Also write every figure of the report (name, value, unit, definition) as JSON here.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Directory of the Noto fonts (Debian's fonts-noto-core).
    #[arg(long, env = "LINTAS_REPORT_FONTS", default_value = DEFAULT_FONT_DIR)]
    fonts: PathBuf,
}

fn usage(message: impl std::fmt::Display) -> anyhow::Result<ExitCode> {
    eprintln!("lintas report: {message}");
    Ok(ExitCode::from(2))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let period = match ReportPeriod::parse(args.kind, &args.period) {
        Ok(p) => p,
        Err(e) => return usage(format!("--period: {e}")),
    };
    let member = args.as_member.trim().to_ascii_uppercase();
    let Some(info) = lintas_model::members::member(&member) else {
        return usage(format!("--as {member} is not a member of the Bali Process"));
    };
    let role = match info.kind {
        MemberKind::Office => Role::RegionalAnalyst,
        _ => Role::Analyst,
    };
    let fonts = Arc::new(
        Fonts::load(&args.fonts, Some(std::path::Path::new(DEFAULT_CJK_DIR)))
            .context("loading the report's fonts")?,
    );
    let runtime = tokio::runtime::Runtime::new()?;
    let made = runtime.block_on(async {
        let store = args.db.open().await?;
        let agency = store.ensure_agency(&member, "Default agency").await?;
        let principal = Principal::local("cli:report", &agency, role);
        anyhow::Ok(generate(&store, &principal, &period, &[], fonts).await?)
    })?;
    std::fs::write(&args.out, &made.pdf)
        .with_context(|| format!("writing {}", args.out.display()))?;
    if let Some(data) = &args.data {
        std::fs::write(data, &made.data_json)
            .with_context(|| format!("writing {}", data.display()))?;
    }
    eprintln!(
        "lintas report: {} {} for {member}: {} pages, {} figures, {} charts → {}",
        period.kind.name(),
        period.label,
        made.pages,
        made.report.figures.len(),
        made.report.chart_count(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

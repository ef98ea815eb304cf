//! `lintas apikey`: provision API keys for machine clients (border systems, scripts).

use std::process::ExitCode;

use clap::{Args as ClapArgs, Subcommand};
use lintas_model::Role;

use super::db::DbArgs;

/// Manage API keys.
#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    command: ApiKeyCommand,
}

#[derive(Debug, Subcommand)]
enum ApiKeyCommand {
    /// Create an API key and print it on stdout, once. Nothing else is printed on stdout.
    Create {
        #[command(flatten)]
        db: DbArgs,
        /// Member the key acts for: ISO 3166-1 alpha-3 code (e.g. IDN) or IOM, UNHCR, UNODC, ILO, RSO.
        #[arg(long)]
        state: String,
        /// viewer, officer, analyst, admin, regional_analyst or auditor.
        #[arg(long)]
        role: Role,
        /// Agency within the member (created if new).
        #[arg(long, default_value = "Default agency")]
        agency: String,
        /// A note saying what the key is for.
        #[arg(long, default_value = "")]
        label: String,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let ApiKeyCommand::Create {
        db,
        state,
        role,
        agency,
        label,
    } = args.command;
    tokio::runtime::Runtime::new()?.block_on(async {
        let store = db.open().await?;
        let agency = store
            .ensure_agency(&state.to_ascii_uppercase(), &agency)
            .await?;
        let key = store.create_api_key(&agency, role, &label).await?;
        let actor = lintas_store::Actor {
            id: "cli:apikey".into(),
            member: Some(agency.member.clone()),
            agency: Some(agency.name.clone()),
            request_id: None,
        };
        store
            .audit(
                &actor,
                &[lintas_store::Audited::record(
                    lintas_store::AuditAction::ApiKeyCreate,
                    "api_key",
                    &key.id,
                )],
            )
            .await?;
        store.close().await;
        println!("{}", key.token);
        Ok(ExitCode::SUCCESS)
    })
}

//! `lintas user add`: create a user from the command line (the first admin of a member).

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand};
use lintas_model::Role;
use lintas_store::{Actor, NewUser};

use super::db::DbArgs;

/// Manage web users.
#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    command: UserCommand,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user. The password is read from standard input (one line), never from the
    /// command line, where other users of the machine could see it.
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// Login name (3–64 characters: letters, digits, . _ - @).
        username: String,
        /// Member: ISO 3166-1 alpha-3 code (e.g. IDN) or IOM, UNHCR, UNODC, ILO, RSO.
        #[arg(long)]
        state: String,
        /// viewer, officer, analyst, admin, regional_analyst or auditor.
        #[arg(long, default_value = "admin")]
        role: Role,
        /// Agency within the member (created if new).
        #[arg(long, default_value = "Default agency")]
        agency: String,
        /// Name shown in the UI (default: the login name).
        #[arg(long)]
        name: Option<String>,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let UserCommand::Add {
        db,
        username,
        state,
        role,
        agency,
        name,
    } = args.command;
    if std::io::stdin().is_terminal() {
        eprintln!("Password for {username} (8–128 characters), then Enter:");
    }
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("reading the password from standard input")?;
    let password = password.trim_end_matches(['\n', '\r']).to_string();
    tokio::runtime::Runtime::new()?.block_on(async {
        let store = db.open().await?;
        let agency = store
            .ensure_agency(&state.to_ascii_uppercase(), &agency)
            .await?;
        let actor = Actor {
            id: "cli:user".into(),
            member: Some(agency.member.clone()),
            agency: Some(agency.name.clone()),
            request_id: None,
        };
        let new = NewUser {
            display_name: name.unwrap_or_else(|| username.clone()),
            username,
            role,
            agency: agency.name.clone(),
            password,
        };
        let result = store.create_user_local(&actor, &agency, new).await;
        store.close().await;
        match result {
            Ok(user) => {
                eprintln!(
                    "Created {} ({}, {} / {}).",
                    user.username, user.role, user.member, user.agency
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(lintas_store::Error::Invalid(errors)) => {
                for e in errors {
                    eprintln!("lintas: {}: {}", e.field, e.message);
                }
                Ok(ExitCode::from(2))
            }
            Err(e) => Err(e.into()),
        }
    })
}

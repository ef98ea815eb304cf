//! `lintas audit`: prove the audit log whole and append-only, and export checkpoints.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand};
use serde_json::json;

use super::db::DbArgs;

/// The tamper-evident audit log.
#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Check every stored event and checkpoint: signatures, leaf hashes, sequence, roots, and
    /// (with --checkpoint) that the log still extends a checkpoint exported earlier. Prints a
    /// JSON summary; exit 0 when the log verifies, 1 with the first bad event when it does not.
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// A checkpoint exported earlier (`lintas audit checkpoint`) and kept off the server.
        /// Default: the one the server and CLI keep beside the audit key
        /// (`<audit key>.checkpoint`), when it exists.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        /// The log's published verifier key (`<name>+<id>+<key>`); default: the one stored in
        /// the database, which a forger with database access could replace.
        #[arg(long)]
        key: Option<String>,
    },
    /// Sign a checkpoint of the log as it is now and print it (a C2SP signed note) so it can be
    /// kept off the server.
    Checkpoint {
        #[command(flatten)]
        db: DbArgs,
        /// Also write it to this file.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new()?;
    match args.command {
        AuditCommand::Verify {
            db,
            checkpoint,
            key,
        } => {
            let checkpoint = checkpoint.or_else(|| db.checkpoint_path().filter(|p| p.exists()));
            if let Some(p) = &checkpoint {
                eprintln!("checking against the checkpoint in {}", p.display());
            }
            let exported = match &checkpoint {
                Some(path) => Some(
                    std::fs::read_to_string(path)
                        .with_context(|| format!("reading {}", path.display()))?,
                ),
                None => None,
            };
            runtime.block_on(async {
                let store = db.open().await?;
                let result = store
                    .verify_audit(key.as_deref(), exported.as_deref())
                    .await;
                store.close().await;
                match result? {
                    Ok(log) => {
                        eprintln!(
                            "audit log verified: {} events, root {}{}",
                            log.size,
                            log.root.to_hex(),
                            if log.consistency.is_some() {
                                ", consistent with the exported checkpoint"
                            } else {
                                ""
                            }
                        );
                        println!(
                            "{}",
                            json!({
                                "ok": true,
                                "size": log.size,
                                "root": log.root.to_hex(),
                                "checkpoint_size": log.checkpoint.size,
                                "unsigned_events": log.unsigned_events,
                                "consistent_with_exported": log.consistency.as_ref().map(|(c, _)| c.size),
                            })
                        );
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(e) => {
                        eprintln!("audit log FAILED verification: {e}");
                        println!(
                            "{}",
                            json!({
                                "ok": false,
                                "error": e.to_string(),
                                "first_bad_event": e.first_bad_index(),
                                "tamper_evidence": e.is_tamper_evidence(),
                            })
                        );
                        Ok(ExitCode::from(1))
                    }
                }
            })
        }
        AuditCommand::Checkpoint { db, out } => runtime.block_on(async {
            let store = db.open().await?;
            let note = store.sign_checkpoint().await;
            store.close().await;
            let note = note?;
            if let Some(path) = out {
                std::fs::write(&path, &note)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            print!("{note}");
            Ok(ExitCode::SUCCESS)
        }),
    }
}

//! `lintas ais detect --db` (detection over stored positions) and `lintas ais corridors`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::Subcommand;
use lintas_ais::detect::{Anchorage, Corridor, DetectorConfig, Event};
use lintas_ais::time::rfc3339;
use lintas_app::maritime::{DetectRun, detect_stored};
use lintas_model::Role;
use lintas_model::maritime::Corridor as NewCorridor;
use lintas_store::{Principal, Store};

use super::ais_ingest::SharingArgs;

/// A store error as a sentence, with every invalid field.
pub fn describe(e: lintas_store::Error) -> String {
    match e {
        lintas_store::Error::Invalid(errors) => errors
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

async fn principal(
    store: &Store,
    state: &str,
    agency: &str,
    actor: &str,
) -> anyhow::Result<Principal> {
    let member = state.trim().to_ascii_uppercase();
    if lintas_model::members::member(&member).is_none() {
        anyhow::bail!("--state {member} is not a member of the Bali Process");
    }
    let agency = store.ensure_agency(&member, agency).await?;
    Ok(Principal::local(actor, &agency, Role::Officer))
}

/// Stored-data options of `lintas ais detect`.
#[derive(clap::Args)]
pub struct StoredDetectArgs {
    /// Detect over the positions stored in this database (instead of NMEA files) and store
    /// the events: `sqlite://FILE` or `postgres://…`.
    #[arg(long)]
    pub db: Option<String>,
    /// With `--db`: the member on whose behalf detection runs (it sees what is shared to it).
    #[arg(long, requires = "db")]
    pub state: Option<String>,
    /// With `--db`: the agency that stores the events.
    #[arg(long, default_value = "Default agency", requires = "db")]
    pub agency: String,
    /// With `--db`: first receive time considered (RFC 3339); default: all.
    #[arg(long, requires = "db")]
    pub from: Option<DateTime<Utc>>,
    /// With `--db`: last receive time considered (RFC 3339); default: all.
    #[arg(long, requires = "db")]
    pub to: Option<DateTime<Utc>>,
    #[command(flatten)]
    pub sharing: SharingArgs,
}

/// Writes events as JSON Lines, the `lintas ais detect` contract.
pub fn write_events(events: &[Event], name: impl Fn(u32) -> Option<String>) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for e in events {
        let mut v = serde_json::to_value(e)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("kind".into(), e.kind().into());
            o.insert("start".into(), rfc3339(e.start).into());
            o.insert("end".into(), rfc3339(e.end).into());
            if let Some(n) = name(e.mmsi) {
                o.insert("name".into(), n.into());
            }
        }
        serde_json::to_writer(&mut out, &v)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Runs detection over the store.
pub fn detect(
    a: &StoredDetectArgs,
    config: DetectorConfig,
    corridors: Vec<Corridor>,
    anchorages: Vec<Anchorage>,
) -> anyhow::Result<ExitCode> {
    let Some(db) = &a.db else {
        anyhow::bail!("detection over stored data needs --db");
    };
    let Some(state) = &a.state else {
        eprintln!("lintas ais detect: --db needs --state (the member on whose behalf it runs)");
        return Ok(ExitCode::from(2));
    };
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let store = Store::connect(db)
            .await
            .map_err(|e| anyhow::anyhow!("opening {}: {e}", super::db::redact(db)))?;
        let p = principal(&store, state, &a.agency, "cli:ais-detect").await?;
        let run = DetectRun {
            from: a.from.map_or(i64::MIN, |t| t.timestamp()),
            to: a.to.map_or(i64::MAX, |t| t.timestamp()),
            config,
            anchorages,
            extra_corridors: corridors,
            sharing: a.sharing.sharing(),
        };
        let found = detect_stored(&store, &p, &run)
            .await
            .map_err(|e| anyhow::anyhow!("{}", describe(e)))?;
        write_events(&found.events, |m| {
            found
                .info
                .get(&m)
                .and_then(|i| i.name)
                .map(|n| n.as_str().to_string())
        })?;
        eprintln!(
            "lintas ais detect: {} positions read, {} events ({} new, {} already stored) stored for {} / {} ({}).",
            found.positions,
            found.events.len(),
            found.stored.created,
            found.stored.refreshed,
            p.member,
            p.agency,
            run.sharing.level
        );
        store.close().await;
        Ok(ExitCode::SUCCESS)
    })
}

/// `lintas ais corridors …`.
#[derive(clap::Args)]
pub struct CorridorArgs {
    #[command(subcommand)]
    command: CorridorCommand,
}

#[derive(Subcommand)]
enum CorridorCommand {
    /// Store the polygons of a GeoJSON file (one corridor per Feature; `properties.name` or
    /// `--name` names it). Sharing defaults to national. Prints the stored corridors.
    Add(CorridorAdd),
    /// List the corridors the member sees, one JSON object per line.
    List(CorridorCommon),
    /// Delete a corridor by id.
    Delete(CorridorDelete),
}

#[derive(clap::Args)]
struct CorridorCommon {
    #[command(flatten)]
    db: super::db::DbArgs,
    /// Member (ISO 3166-1 alpha-3).
    #[arg(long)]
    state: String,
    /// Agency within the member.
    #[arg(long, default_value = "Default agency")]
    agency: String,
}

#[derive(clap::Args)]
struct CorridorAdd {
    /// GeoJSON file: FeatureCollection, Feature or Polygon/MultiPolygon geometry.
    file: PathBuf,
    #[command(flatten)]
    common: CorridorCommon,
    /// Name for features without `properties.name`.
    #[arg(long)]
    name: Option<String>,
    /// Sharing level: national, bilateral, regional or aggregate.
    #[arg(long, default_value = "national")]
    sharing: String,
    /// For `bilateral`: the members it is shared with (comma-separated).
    #[arg(long, value_delimiter = ',')]
    share_with: Vec<String>,
}

#[derive(clap::Args)]
struct CorridorDelete {
    /// Corridor id.
    id: uuid::Uuid,
    #[command(flatten)]
    common: CorridorCommon,
}

/// Runs `lintas ais corridors …`.
pub fn corridors(a: CorridorArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let common = match &a.command {
            CorridorCommand::Add(x) => &x.common,
            CorridorCommand::List(x) => x,
            CorridorCommand::Delete(x) => &x.common,
        };
        let store = common.db.open().await?;
        let p = principal(&store, &common.state, &common.agency, "cli:ais-corridors").await?;
        match &a.command {
            CorridorCommand::Add(add) => {
                let text = std::fs::read_to_string(&add.file)
                    .with_context(|| format!("reading {}", add.file.display()))?;
                let doc: serde_json::Value = serde_json::from_str(&text)
                    .with_context(|| format!("{}: not JSON", add.file.display()))?;
                let features: Vec<serde_json::Value> = match doc["type"].as_str() {
                    Some("FeatureCollection") => {
                        doc["features"].as_array().cloned().unwrap_or_default()
                    }
                    _ => vec![doc],
                };
                for (i, f) in features.into_iter().enumerate() {
                    let name = f["properties"]["name"]
                        .as_str()
                        .map(str::to_string)
                        .or_else(|| add.name.clone())
                        .unwrap_or_else(|| format!("corridor-{}", i + 1));
                    let corridor = NewCorridor {
                        name,
                        geometry: f,
                        sharing: lintas_model::Sharing {
                            level: add.sharing.clone(),
                            states: add.share_with.clone(),
                        },
                    };
                    let stored = store.create_corridor(&p, corridor).await.map_err(|e| {
                        anyhow::anyhow!(
                            "{}: feature {}: {}",
                            add.file.display(),
                            i + 1,
                            describe(e)
                        )
                    })?;
                    println!("{}", serde_json::to_string(&stored)?);
                }
            }
            CorridorCommand::List(_) => {
                for c in store.list_corridors(&p).await? {
                    println!("{}", serde_json::to_string(&c)?);
                }
            }
            CorridorCommand::Delete(d) => {
                store
                    .delete_corridor(&p, d.id, None)
                    .await
                    .map_err(|e| anyhow::anyhow!("corridor {}: {}", d.id, describe(e)))?;
            }
        }
        store.close().await;
        Ok(ExitCode::SUCCESS)
    })
}

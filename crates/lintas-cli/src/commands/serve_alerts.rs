//! The server's periodic detection runs: at start-up and then every few hours, the standard
//! series definitions (`lintas_app::alerts::standard_queries`) are checked on each configured
//! member's view and new alarms become alerts. Runs are idempotent, so a restart or an
//! overlap raises nothing twice.

use std::sync::Arc;
use std::time::Duration;

use lintas_model::Role;
use lintas_model::members::MemberKind;
use lintas_store::{Principal, Store};

/// The agency the automatic runs act in (alerts name it as the raising agency).
const AGENCY: &str = "Trend detection";

/// Starts the periodic runs for `members` (checked now: an unknown member is a usage error).
pub(crate) fn spawn(store: Arc<Store>, members: &[String], every_hours: u64) -> anyhow::Result<()> {
    let mut roles = Vec::new();
    for m in members
        .iter()
        .map(|m| m.trim().to_ascii_uppercase())
        .filter(|m| !m.is_empty())
    {
        let role = match lintas_model::members::member(&m).map(|x| x.kind) {
            None => anyhow::bail!("--alerts-for: {m} is not a member of the Bali Process"),
            Some(MemberKind::Office) => Role::RegionalAnalyst,
            Some(_) => Role::Analyst,
        };
        roles.push((m, role));
    }
    if roles.is_empty() {
        return Ok(());
    }
    tokio::spawn(async move {
        loop {
            for (member, role) in &roles {
                run_once(&store, member, *role).await;
            }
            if every_hours == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_secs(every_hours.saturating_mul(3600))).await;
        }
    });
    Ok(())
}

async fn run_once(store: &Store, member: &str, role: Role) {
    let agency = match store.ensure_agency(member, AGENCY).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(member, error = %e, "alert run: no agency");
            return;
        }
    };
    let principal = Principal::local("system:alerts", &agency, role);
    let today = store.clock().now().date_naive();
    match lintas_app::alerts::run_standard(store, &principal, today, 0.01).await {
        Ok(r) => tracing::info!(
            member,
            raised = r.raised,
            already = r.already,
            "alert run done"
        ),
        Err(e) => tracing::error!(member, error = %e, "alert run failed"),
    }
}

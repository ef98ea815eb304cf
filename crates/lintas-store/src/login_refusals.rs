//! Refused logins that name no account, counted per client address and minute and written to
//! the audit log as one event per address and minute, so a flood of guesses cannot flood the
//! log (docs/audit.md).

use sqlx::Row;

use crate::backend::Store;
use crate::error::Result;
use crate::sql::{Sql, on_pool, query};

/// The minute an instant falls in, as the `login_refusals` key (`2026-12-01T19:05Z`).
fn minute_of(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%MZ").to_string()
}

impl Store {
    /// Counts a refused login that names no account (or was refused by the throttle) against
    /// its client address and minute. The audit log gets one event per address and minute
    /// ([`Store::flush_login_refusals`]), so an anonymous flood cannot flood the log.
    pub async fn record_login_refusal(&self, address: Option<&str>) -> Result<()> {
        let mut sql = Sql::new("INSERT INTO login_refusals (address, minute, refusals) VALUES (");
        sql.bind_text(address.unwrap_or("unknown"))
            .push(", ")
            .bind_text(minute_of(self.clock.now()))
            .push(", 1) ON CONFLICT (address, minute) DO UPDATE SET refusals = login_refusals.refusals + 1");
        on_pool!(self, pool => query!(sql).execute(pool).await.map(|_| ())?);
        Ok(())
    }

    /// Writes the counted refusals of every minute that has ended (every minute, with `all`,
    /// when the server stops) to the audit log: one `login.refusals` event per address and
    /// minute, whose `count` is the number of refusals. Each count leaves the table in the
    /// transaction that appends its event, so none is lost or written twice. Returns the number
    /// of events written.
    pub async fn flush_login_refusals(&self, all: bool) -> Result<usize> {
        let current = minute_of(self.clock.now());
        let mut sql = Sql::new("SELECT address, minute, refusals FROM login_refusals");
        if !all {
            sql.push(" WHERE minute < ").bind_text(current.as_str());
        }
        sql.push(" ORDER BY minute, address");
        let rows: Vec<(String, String, i64)> = on_pool!(self, pool => {
            query!(sql)
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|r| Ok((r.try_get("address")?, r.try_get("minute")?, r.try_get("refusals")?)))
                .collect::<Result<_>>()?
        });
        let actor = crate::audit::Actor {
            id: "anonymous".into(),
            member: None,
            agency: None,
            request_id: None,
        };
        let mut written = 0;
        for (address, minute, refusals) in rows {
            // Deleting exactly the count read guards against a refusal counted meanwhile: then
            // nothing commits and the next flush takes the larger count.
            let mut take = Sql::new("DELETE FROM login_refusals WHERE address = ");
            take.bind_text(address.as_str())
                .push(" AND minute = ")
                .bind_text(minute.as_str())
                .push(" AND refusals = ")
                .bind(crate::sql::Arg::Int(refusals));
            let event = crate::audit::Audited {
                record_type: Some("address_minute".into()),
                record_id: Some(format!("{minute} {address}")),
                count: Some(refusals.max(0) as u64),
                ..crate::audit::Audited::action(
                    crate::audit::AuditAction::LoginRefusals,
                    lintas_audit::Outcome::Failed,
                )
            };
            if self
                .write_audited(vec![take], true, &actor, &[event])
                .await?
            {
                written += 1;
            }
        }
        Ok(written)
    }
}

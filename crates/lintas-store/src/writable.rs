//! The write rule shared by every versioned record (incidents, SAR incidents, corridors): the
//! principal must see the record (else 404, checked by the caller's visible read), have a role
//! that writes, belong to the agency that reported it, and base the change on its current
//! version.

use lintas_model::Action;
use sqlx::Row;
use uuid::Uuid;

use crate::Store;
use crate::error::{Error, Result};
use crate::incidents::require;
use crate::principal::Principal;
use crate::sql::{Sql, on_pool, query};

impl Store {
    /// Checks that `principal` may change row `id` of `table` (already known to be visible, at
    /// `current` version); `what` names the record in the refusal.
    pub(crate) async fn check_writable(
        &self,
        principal: &Principal,
        table: &'static str,
        id: Uuid,
        current: i64,
        expected: Option<i64>,
        what: &str,
    ) -> Result<()> {
        require(principal, Action::Write)?;
        let mut sql = Sql::new(&format!("SELECT agency_id FROM {table} WHERE id = "));
        sql.bind_text(id.to_string());
        let agency: String =
            on_pool!(self, pool => query!(sql).fetch_one(pool).await?.try_get("agency_id")?);
        if agency != principal.agency_id.to_string() {
            return Err(Error::Forbidden(format!(
                "only the reporting agency may change this {what}"
            )));
        }
        match expected {
            Some(v) if v != current => Err(Error::VersionConflict { current }),
            _ => Ok(()),
        }
    }
}

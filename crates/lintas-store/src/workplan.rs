//! Work-plan activities (issue 16) on the versioned-record core: recorded and changed by
//! regional analysts and admins of the owning agency, read by whoever the sharing lets
//! through, every change audited.

use chrono::NaiveDate;
use lintas_model::Action;
use lintas_model::workplan::{Activity, StoredActivity};
use uuid::Uuid;

use crate::Store;
use crate::audit::AuditAction;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::records::{
    Keyset, Page, PageLimit, RecordAudit, RowGet, Values, Versioned, doc, page_of, uuid,
};
use crate::sql::Arg;

impl Versioned for StoredActivity {
    const TABLE: &'static str = "activities";
    const ALIAS: &'static str = "w";
    const COLUMNS: &'static str =
        "w.id, CAST(w.version AS BIGINT) AS version, w.owner, a.name AS agency, w.doc";
    const NOUN: &'static str = "activity";
    const AUDIT: RecordAudit = RecordAudit {
        record_type: "activity",
        create: AuditAction::ActivityCreate,
        update: AuditAction::ActivityUpdate,
        delete: AuditAction::ActivityDelete,
    };
    const CREATE: Action = Action::ManageWorkPlan;
    const WRITE: Action = Action::ManageWorkPlan;

    fn from_row(row: &dyn RowGet) -> Result<Self> {
        Ok(StoredActivity {
            id: uuid(row, "id")?,
            version: row.int("version")?,
            owner: row.text("owner")?,
            agency: row.text("agency")?,
            activity: doc(row, "doc")?,
        })
    }

    fn version(&self) -> i64 {
        self.version
    }
}

fn check(a: &mut Activity) -> Result<()> {
    a.normalise();
    let errors = a.validate();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

fn values(a: &Activity) -> Result<Values<'_>> {
    let doc = serde_json::to_string(a).map_err(|e| Error::Corrupt(e.to_string()))?;
    Ok(Values {
        sharing: &a.sharing,
        columns: vec![
            ("title", Arg::Text(a.title.clone())),
            ("kind", Arg::Text(a.kind.clone())),
            ("starts_on", Arg::Text(a.starts_on.to_string())),
            ("ends_on", Arg::Text(a.ends_on.to_string())),
            ("doc", Arg::Text(doc)),
        ],
    })
}

impl Store {
    /// Records an activity owned by the principal's agency.
    pub async fn create_activity(
        &self,
        principal: &Principal,
        mut activity: Activity,
    ) -> Result<StoredActivity> {
        principal.require(Action::ManageWorkPlan)?;
        check(&mut activity)?;
        self.insert_record(principal, values(&activity)?, |_| Vec::new(), None)
            .await
    }

    /// The activity `id`, if the principal may see it.
    pub async fn get_activity(&self, principal: &Principal, id: Uuid) -> Result<StoredActivity> {
        self.fetch_record(principal, id).await
    }

    /// Activities the principal may see, latest start first; `year` keeps those that start in
    /// it.
    pub async fn list_activities(
        &self,
        principal: &Principal,
        year: Option<i32>,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> Result<Page<StoredActivity>> {
        principal.require(Action::Read)?;
        let limit = PageLimit::clamp(limit);
        let mut sql =
            Self::select_visible::<StoredActivity>(principal, ", w.starts_on AS sort_key");
        if let Some(y) = year {
            sql.push(" AND w.starts_on >= ")
                .bind_text(format!("{y:04}-01-01"))
                .push(" AND w.starts_on <= ")
                .bind_text(format!("{y:04}-12-31"));
        }
        if let Some(c) = cursor {
            let k = Keyset::decode(c, |k| NaiveDate::parse_from_str(k, "%Y-%m-%d").is_ok())?;
            k.push_after_desc(&mut sql, "w", "starts_on");
        }
        sql.push(" ORDER BY w.starts_on DESC, w.id DESC LIMIT ")
            .bind_int(i64::from(limit) + 1);
        let rows = self.fetch_rows(sql, Some("sort_key")).await?;
        Ok(page_of(rows, limit, |a: &StoredActivity| a.id))
    }

    /// Replaces an activity if it is still at `expected_version`.
    pub async fn update_activity(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: i64,
        mut activity: Activity,
    ) -> Result<StoredActivity> {
        self.writable_record::<StoredActivity>(principal, id, Some(expected_version))
            .await?;
        check(&mut activity)?;
        self.update_record(
            principal,
            id,
            expected_version,
            values(&activity)?,
            Vec::new(),
            None,
        )
        .await
    }

    /// Deletes an activity (kept, invisible). `expected_version` is checked when given.
    pub async fn delete_activity(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: Option<i64>,
    ) -> Result<()> {
        self.delete_record::<StoredActivity>(principal, id, expected_version)
            .await
    }
}

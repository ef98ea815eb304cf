//! The sharing rule, as SQL. Every query that reads shared records (incidents, registry
//! entries, watchlists) appends this predicate; it is the only definition of who sees what
//! (DESIGN.md, "Tenancy and sharing").

use crate::principal::Principal;
use crate::sql::Sql;

/// Appends `AND <principal may see row i>` for the incidents table aliased `i`.
pub(crate) fn push_visible(sql: &mut Sql, principal: &Principal) {
    push_visible_as(sql, principal, "i", true);
}

/// [`push_visible`] for any table with `owner`, `sharing` and `shared_with` columns, aliased
/// `alias`; `soft_deleted` when the table also has `deleted_at`.
pub(crate) fn push_visible_as(
    sql: &mut Sql,
    principal: &Principal,
    alias: &str,
    soft_deleted: bool,
) {
    if soft_deleted {
        sql.push(&format!(" AND {alias}.deleted_at IS NULL"));
    }
    sql.push(&format!(" AND ({alias}.owner = "))
        .bind_text(&principal.member)
        .push(&format!(
            " OR {alias}.sharing = 'regional' OR ({alias}.sharing = 'bilateral' AND {alias}.shared_with LIKE "
        ))
        .bind_text(format!("%|{}|%", principal.member))
        .push("))");
}

/// Appends `AND <column> IN (<AIS sources the principal may see>)`: positions and vessels
/// carry only their source's number, and take its sharing.
pub(crate) fn push_visible_source(sql: &mut Sql, principal: &Principal, column: &str) {
    sql.push(&format!(
        " AND {column} IN (SELECT src.id FROM ais_sources src WHERE 1 = 1"
    ));
    push_visible_as(sql, principal, "src", false);
    sql.push(")");
}

/// The `shared_with` column's encoding of a bilateral record's members: `|AUS|NZL|`.
pub(crate) fn shared_with(states: &[String]) -> String {
    if states.is_empty() {
        String::new()
    } else {
        format!("|{}|", states.join("|"))
    }
}

/// The members of a `shared_with` column (the inverse of [`shared_with`]).
pub(crate) fn shared_states(column: &str) -> Vec<String> {
    column
        .split('|')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

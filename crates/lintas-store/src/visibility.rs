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
    sql.push(" AND ");
    push_visible_expr(sql, principal, alias);
}

/// `(<principal may see row alias>)`.
fn push_visible_expr(sql: &mut Sql, principal: &Principal, alias: &str) {
    sql.push(&format!("({alias}.owner = "))
        .bind_text(&principal.member)
        .push(&format!(
            " OR {alias}.sharing = 'regional' OR ({alias}.sharing = 'bilateral' AND {alias}.shared_with LIKE "
        ))
        .bind_text(format!("%|{}|%", principal.member))
        .push("))");
}

/// Appends `AND <principal may count row alias>` for indicators (`trends.rs`): what it may see,
/// plus other members' records shared as `aggregate` (only counts of those leave, and the
/// caller suppresses small cells). A `regional_analyst` (the RSO's role) counts its own
/// member's records and regionally shared ones only, besides the aggregates.
pub(crate) fn push_countable_as(sql: &mut Sql, principal: &Principal, alias: &str) {
    sql.push(&format!(
        " AND {alias}.deleted_at IS NULL AND ({alias}.sharing = 'aggregate' OR "
    ));
    push_visible_expr(sql, principal, alias);
    sql.push(")");
    if principal.role == lintas_model::Role::RegionalAnalyst {
        sql.push(&format!(" AND ({alias}.owner = "))
            .bind_text(&principal.member)
            .push(&format!(
                " OR {alias}.sharing IN ('regional', 'aggregate'))"
            ));
    }
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

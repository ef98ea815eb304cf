//! The sharing rule, as SQL. Every query that reads shared records (incidents, registry
//! entries, watchlists) appends this predicate; it is the only definition of who sees what
//! (DESIGN.md, "Tenancy and sharing").

use crate::principal::Principal;
use crate::sql::Sql;

/// Appends `AND <principal may see row i>` for the incidents table aliased `i`.
pub(crate) fn push_visible(sql: &mut Sql, principal: &Principal) {
    push_visible_as(sql, principal, "i");
}

/// Appends `AND <principal may see the row>` for a table aliased `alias` with the columns
/// `owner`, `sharing`, `shared_with` and `deleted_at`: the owner always; `regional` records
/// everyone; `bilateral` records the members named in them. `aggregate` and `national`
/// records only their owner. Deleted records nobody.
pub(crate) fn push_visible_as(sql: &mut Sql, principal: &Principal, alias: &'static str) {
    sql.push(&format!(" AND {alias}.deleted_at IS NULL AND ({alias}.owner = "))
        .bind_text(&principal.member)
        .push(&format!(
            " OR {alias}.sharing = 'regional' OR ({alias}.sharing = 'bilateral' AND {alias}.shared_with LIKE "
        ))
        .bind_text(format!("%|{}|%", principal.member))
        .push("))");
}

/// The `shared_with` column's encoding of a bilateral record's members: `|AUS|NZL|`.
pub(crate) fn shared_with(states: &[String]) -> String {
    if states.is_empty() {
        String::new()
    } else {
        format!("|{}|", states.join("|"))
    }
}

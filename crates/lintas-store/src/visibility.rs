//! The sharing rule, as SQL. Every query that reads incidents appends this predicate; it is
//! the only definition of who sees what (DESIGN.md, "Tenancy and sharing").

use crate::principal::Principal;
use crate::sql::Sql;

/// Appends `AND <principal may see row i>` for the incidents table aliased `i`: the owner
/// always; `regional` records everyone; `bilateral` records the members named in them.
/// `aggregate` and `national` records only their owner. Deleted records nobody.
pub(crate) fn push_visible(sql: &mut Sql, principal: &Principal) {
    sql.push(" AND i.deleted_at IS NULL AND (i.owner = ")
        .bind_text(&principal.member)
        .push(" OR i.sharing = 'regional' OR (i.sharing = 'bilateral' AND i.shared_with LIKE ")
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

//! An analyst's corrections to entity resolution: two entities merged, or a person's mention
//! in one incident split off its entity, each with a reason. Stored per member (table
//! `entity_curations`), audited, and applied on every build of that member's analysis, after
//! linkage, so they survive rebuilds and incremental updates alike.
//!
//! Entity ids change when entities change, so a correction names **anchors** instead: a person
//! mention (`m:<incident id>#<person index>`) or an identifier's key (`phone:+6281…`).

use lintas_model::FieldError;
use serde::Serialize;
use sqlx::Row;
use uuid::Uuid;

use super::mentions::EntityKind;
use crate::audit::{Actor, AuditAction, Audited};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::sql::{Sql, on_pool, query};

/// What a correction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CurationKind {
    /// `a` and `b` are one entity.
    Merge,
    /// Mention `a` is a person of its own.
    Split,
}

impl CurationKind {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Merge => "merge",
            Self::Split => "split",
        }
    }
}

/// One stored correction.
#[derive(Debug, Clone, Serialize)]
pub struct Curation {
    /// Id (UUID v7).
    pub id: String,
    /// Merge or split.
    pub kind: CurationKind,
    /// Anchor of the first entity (merge) or the mention split off (split).
    pub a: String,
    /// Anchor of the second entity (merge); empty for a split.
    pub b: String,
    /// Why, as the analyst wrote it.
    pub reason: String,
    /// Who (`user:<id>`).
    pub actor: String,
    /// When (RFC 3339).
    pub created_at: String,
}

/// The mention key of a person anchor (`m:<key>`).
pub(crate) fn mention_of(anchor: &str) -> Option<&str> {
    anchor.strip_prefix("m:")
}

impl crate::Store {
    /// The member's corrections, oldest first.
    pub(crate) async fn curations(&self, member: &str) -> Result<Vec<Curation>> {
        let mut sql = Sql::new(
            "SELECT id, action, a, b, reason, actor, created_at FROM entity_curations WHERE member = ",
        );
        sql.bind_text(member).push(" ORDER BY created_at, id");
        let mut out = Vec::new();
        on_pool!(self, pool => {
            for row in query!(sql).fetch_all(pool).await? {
                let action: String = row.try_get("action")?;
                out.push(Curation {
                    id: row.try_get("id")?,
                    kind: if action == "merge" { CurationKind::Merge } else { CurationKind::Split },
                    a: row.try_get("a")?,
                    b: row.try_get("b")?,
                    reason: row.try_get("reason")?,
                    actor: row.try_get("actor")?,
                    created_at: row.try_get("created_at")?,
                });
            }
        });
        Ok(out)
    }

    /// Merges entity `with` into entity `id` in the principal's member's analysis, for
    /// `reason`: audited (`entity.merge`) and kept across rebuilds. Returns the merged
    /// entity's id.
    pub async fn merge_entities(
        &self,
        principal: &Principal,
        id: &str,
        with: &str,
        reason: &str,
    ) -> Result<String> {
        let a = self.analysis(principal).await?;
        let (_, first) = a.entity(id).ok_or(Error::NotFound)?;
        let reason = checked_reason(reason)?;
        let with = with.trim();
        let Some((_, second)) = a.entity(with) else {
            return Err(invalid(
                "with",
                "unknown_entity",
                format!("no entity `{with}` among those you may see"),
            ));
        };
        if first.id == second.id {
            return Err(invalid(
                "with",
                "same_entity",
                "an entity cannot be merged with itself".into(),
            ));
        }
        if first.kind != second.kind {
            return Err(invalid(
                "with",
                "different_kind",
                format!(
                    "a {} cannot be merged with a {}",
                    first.kind.as_str(),
                    second.kind.as_str()
                ),
            ));
        }
        let anchor = first.anchor.clone();
        let row = (anchor.clone(), second.anchor.clone());
        let audited = Audited::record(AuditAction::EntityMerge, "entity", &first.id);
        self.store_curations(principal, CurationKind::Merge, &[row], &reason, audited)
            .await?;
        let after = self.analysis(principal).await?;
        after
            .entity_of_anchor(&anchor)
            .and_then(|e| after.entities.get(e as usize))
            .map(|e| e.id.clone())
            .ok_or(Error::NotFound)
    }

    /// Splits person entity `id`'s mentions in `incident` off into a person of their own, for
    /// `reason`: audited (`entity.split`) and kept across rebuilds. Returns the new entity's id.
    pub async fn split_entity(
        &self,
        principal: &Principal,
        id: &str,
        incident: &str,
        reason: &str,
    ) -> Result<String> {
        let a = self.analysis(principal).await?;
        let (_, entity) = a.entity(id).ok_or(Error::NotFound)?;
        let reason = checked_reason(reason)?;
        if entity.kind != EntityKind::Person {
            return Err(invalid(
                "incident",
                "not_a_person",
                format!(
                    "only persons are split; a {} is the same wherever it is written",
                    entity.kind.as_str()
                ),
            ));
        }
        let index = Uuid::parse_str(incident.trim())
            .ok()
            .and_then(|u| a.incident_index(u));
        let anchors: Vec<(String, String)> = entity
            .mentions
            .iter()
            .filter(|(i, _)| Some(*i) == index)
            .map(|(_, m)| (m.clone(), String::new()))
            .collect();
        if anchors.is_empty() {
            return Err(invalid(
                "incident",
                "not_mentioned",
                format!(
                    "`{}` is not one of this person's incidents",
                    incident.trim()
                ),
            ));
        }
        if anchors.len() == entity.mentions.len() {
            return Err(invalid(
                "incident",
                "whole_entity",
                "this is the person's only incident: there is nothing to split it from".into(),
            ));
        }
        let first = anchors.first().map(|(m, _)| m.clone()).unwrap_or_default();
        let audited = Audited::record(AuditAction::EntitySplit, "entity", &entity.id);
        self.store_curations(principal, CurationKind::Split, &anchors, &reason, audited)
            .await?;
        let after = self.analysis(principal).await?;
        after
            .entity_of_anchor(&first)
            .and_then(|e| after.entities.get(e as usize))
            .map(|e| e.id.clone())
            .ok_or(Error::NotFound)
    }

    async fn store_curations(
        &self,
        principal: &Principal,
        kind: CurationKind,
        anchors: &[(String, String)],
        reason: &str,
        audited: Audited,
    ) -> Result<()> {
        let now = timestamp(self.clock.now());
        let statements = anchors
            .iter()
            .map(|(a, b)| {
                let mut sql = Sql::new(
                    "INSERT INTO entity_curations (id, member, action, a, b, reason, actor, created_at) VALUES (",
                );
                sql.bind_text(Uuid::now_v7().to_string())
                    .push(", ")
                    .bind_text(principal.member.as_str())
                    .push(", ")
                    .bind_text(kind.as_str())
                    .push(", ")
                    .bind_text(a.as_str())
                    .push(", ")
                    .bind_text(b.as_str())
                    .push(", ")
                    .bind_text(reason)
                    .push(", ")
                    .bind_text(principal.actor.as_str())
                    .push(", ")
                    .bind_text(now.as_str())
                    .push(")");
                sql
            })
            .collect();
        self.write_audited(statements, false, &Actor::from(principal), &[audited])
            .await?;
        Ok(())
    }
}

fn invalid(field: &str, code: &str, message: String) -> Error {
    Error::Invalid(vec![FieldError {
        field: field.into(),
        code: code.into(),
        message,
    }])
}

/// The reason, trimmed: required, at most 1,000 characters.
fn checked_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(invalid(
            "reason",
            "required",
            "say why: the correction is kept and audited with its reason".into(),
        ));
    }
    if reason.chars().count() > 1000 {
        return Err(invalid(
            "reason",
            "too_long",
            "at most 1,000 characters".into(),
        ));
    }
    Ok(reason.to_string())
}

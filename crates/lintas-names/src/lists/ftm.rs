//! OpenSanctions FollowTheMoney entities, one JSON object per line.

use crate::NamesError;
use crate::country::normalise_country;
use crate::model::{BirthDate, EntityKind, Entry, Gender, Identifier};
use serde_json::Value;

fn strings<'a>(props: &'a Value, key: &str) -> impl Iterator<Item = &'a str> {
    props
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// Parses FtM JSON Lines. `Person` entities become persons (names from `name`, `alias`,
/// `previousName`, `weakAlias`; birth dates, nationality/citizenship, gender, passport and
/// ID numbers); `Organization`, `Company`, `LegalEntity` organisations and `Vessel`
/// vessels. Other schemas (sanctions, relationships, addresses) are skipped.
/// The id is the FtM entity id.
pub fn parse_ftm(data: &[u8]) -> Result<Vec<Entry>, NamesError> {
    let mut out = Vec::new();
    for (i, raw) in data.split(|b| *b == b'\n').enumerate() {
        let line = i as u64 + 1;
        let text = std::str::from_utf8(raw).map_err(|_| NamesError::InvalidUtf8 { line })?;
        if text.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(text).map_err(|e| NamesError::Malformed {
            line,
            field: "json".into(),
            message: e.to_string(),
        })?;
        let schema = v.get("schema").and_then(Value::as_str).unwrap_or("");
        let kind = match schema {
            "Person" => EntityKind::Person,
            "Organization" | "Company" | "LegalEntity" | "PublicBody" => EntityKind::Organization,
            "Vessel" | "Airplane" => EntityKind::Vessel,
            _ => continue,
        };
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| NamesError::Malformed {
                line,
                field: "id".into(),
                message: "missing".into(),
            })?;
        let props = v.get("properties").unwrap_or(&Value::Null);
        let mut names: Vec<String> = Vec::new();
        for key in ["name", "alias", "previousName", "weakAlias"] {
            for n in strings(props, key) {
                let n = n.trim();
                if !n.is_empty() && !names.iter().any(|x| x == n) {
                    names.push(n.to_string());
                }
            }
        }
        if names.is_empty()
            && let Some(c) = v.get("caption").and_then(Value::as_str)
        {
            names.push(c.to_string());
        }
        if names.is_empty() {
            return Err(NamesError::Malformed {
                line,
                field: "properties.name".into(),
                message: "entity has no name".into(),
            });
        }
        let mut nationalities: Vec<String> = Vec::new();
        for n in strings(props, "nationality").chain(strings(props, "citizenship")) {
            let n = normalise_country(n);
            if !nationalities.contains(&n) {
                nationalities.push(n);
            }
        }
        let mut identifiers = Vec::new();
        for (key, kind) in [
            ("passportNumber", "Passport"),
            ("idNumber", "ID"),
            ("registrationNumber", "Registration"),
            ("imoNumber", "IMO"),
        ] {
            for n in strings(props, key) {
                identifiers.push(Identifier {
                    kind: kind.to_string(),
                    value: n.to_string(),
                });
            }
        }
        out.push(Entry {
            id: id.to_string(),
            kind,
            names,
            birth_dates: strings(props, "birthDate")
                .filter_map(BirthDate::parse)
                .collect(),
            nationalities,
            gender: strings(props, "gender").find_map(Gender::parse),
            identifiers,
            reason: strings(props, "topics").next().map(str::to_string),
            listed_on: v
                .get("first_seen")
                .and_then(Value::as_str)
                .map(|s| s.chars().take(10).collect()),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_person_and_reports_bad_json_line() {
        let data = br#"{"id":"p1","schema":"Person","properties":{"name":["Ali Hassan"],"alias":["Ali Hasan"],"birthDate":["1970-05-01"],"nationality":["af"],"gender":["male"]}}
{"id":"s1","schema":"Sanction","properties":{}}
"#;
        let e = parse_ftm(data).unwrap_or_default();
        assert_eq!(e.len(), 1);
        assert_eq!(
            e.first().map(|e| e.nationalities.clone()),
            Some(vec!["AFG".to_string()])
        );
        let err = parse_ftm(
            b"{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n{oops\n",
        );
        assert!(
            matches!(err, Err(NamesError::Malformed { line: 2, .. })),
            "{err:?}"
        );
    }
}

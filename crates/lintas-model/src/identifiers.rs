//! Normal forms of identifiers, so that the same phone, document or vessel written two ways
//! is recognised as one (the basis of linking incidents across states).

/// Why an identifier's value is malformed for its kind.
pub fn check(kind: &str, value: &str) -> Result<(), String> {
    let norm = normalise(kind, value);
    match kind {
        "phone" => {
            let digits = norm.trim_start_matches('+');
            if !(6..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err("a phone number has 6 to 15 digits (E.164), optionally with +, spaces, dashes or brackets".into());
            }
        }
        "email" => {
            let ok = norm.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
            if !ok || norm.chars().any(char::is_whitespace) {
                return Err("not an e-mail address".into());
            }
        }
        "vessel_mmsi" => {
            if norm.len() != 9 || !norm.bytes().all(|b| b.is_ascii_digit()) {
                return Err("an MMSI has exactly 9 digits".into());
            }
        }
        "vessel_imo" => {
            if !imo_check_digit_ok(&norm) {
                return Err(
                    "an IMO number has 7 digits whose last is the check digit (weights 7…2)".into(),
                );
            }
        }
        "travel_document" | "national_id" | "vehicle_plate" => {
            if norm.is_empty()
                || norm.len() > 30
                || !norm.bytes().all(|b| b.is_ascii_alphanumeric())
            {
                return Err(
                    "letters and digits only (spaces and dashes are ignored), at most 30".into(),
                );
            }
        }
        _ => {
            if norm.is_empty() {
                return Err("empty".into());
            }
        }
    }
    Ok(())
}

/// The normal form used for matching: digits for phones and MMSI/IMO, upper-case letters and
/// digits for documents and plates, lower case for e-mail and handles, collapsed spaces for names.
pub fn normalise(kind: &str, value: &str) -> String {
    let value = value.trim();
    match kind {
        "phone" => {
            let plus = value.starts_with('+') || value.starts_with("00");
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            let digits = if value.starts_with("00") {
                digits.get(2..).unwrap_or_default().to_string()
            } else {
                digits
            };
            if plus { format!("+{digits}") } else { digits }
        }
        "vessel_mmsi" => value.chars().filter(char::is_ascii_digit).collect(),
        "vessel_imo" => value
            .trim_start_matches("IMO")
            .trim_start_matches("imo")
            .chars()
            .filter(char::is_ascii_digit)
            .collect(),
        "travel_document" | "national_id" | "vehicle_plate" | "bank_account" => value
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '.' && *c != '/')
            .flat_map(char::to_uppercase)
            .collect(),
        "email" | "social_handle" => value.trim_start_matches('@').to_lowercase(),
        _ => value
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase(),
    }
}

/// IMO ship number check: the sum of the first six digits times 7, 6, 5, 4, 3, 2 ends in the seventh.
fn imo_check_digit_ok(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 7 || d.len() != 7 {
        return false;
    }
    let sum: u32 = d
        .iter()
        .take(6)
        .zip([7, 6, 5, 4, 3, 2])
        .map(|(a, w)| a * w)
        .sum();
    sum % 10 == d[6]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_normalise_to_e164_digits() {
        assert_eq!(normalise("phone", "+62 812-3456 (7890)"), "+6281234567890");
        assert_eq!(normalise("phone", "0062 812 3456 7890"), "+6281234567890");
        assert!(check("phone", "+62 812 3456 7890").is_ok());
        assert!(check("phone", "12ab").is_err());
    }

    #[test]
    fn imo_numbers_need_their_check_digit() {
        // IMO 9074729 is the example in IMO resolution A.1117(30).
        assert!(check("vessel_imo", "IMO 9074729").is_ok());
        assert!(check("vessel_imo", "9074728").is_err());
        assert!(check("vessel_imo", "907472").is_err());
    }

    #[test]
    fn documents_and_mmsi() {
        assert_eq!(normalise("travel_document", " ab-123 456 "), "AB123456");
        assert!(check("travel_document", "L898902C3").is_ok());
        assert!(check("travel_document", "L898902C3#").is_err());
        assert!(check("vessel_mmsi", "525 012 345").is_ok());
        assert!(check("vessel_mmsi", "52501234").is_err());
        assert!(check("email", "broker@example.com").is_ok());
        assert!(check("email", "broker@example").is_err());
        assert_eq!(
            normalise("social_handle", "@Agent_Jakarta"),
            "agent_jakarta"
        );
    }
}

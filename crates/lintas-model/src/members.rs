//! Members of the Bali Process: the 45 states and territories, the member organisations,
//! and the Regional Support Office. Every record in Lintas belongs to one member (its tenant).

use serde::Serialize;

/// What kind of participant a member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    /// A state or territory, identified by its ISO 3166-1 alpha-3 code.
    State,
    /// A member organisation (IOM, UNHCR, UNODC, ILO).
    Organisation,
    /// The Regional Support Office, home of regional analysts.
    Office,
}

/// One member of the Bali Process.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Member {
    /// Tenant code: ISO 3166-1 alpha-3 for states, the acronym for organisations.
    pub code: &'static str,
    /// Name as used by the Bali Process.
    pub name: &'static str,
    /// State, organisation or office.
    pub kind: MemberKind,
}

const fn state(code: &'static str, name: &'static str) -> Member {
    Member {
        code,
        name,
        kind: MemberKind::State,
    }
}

const fn org(code: &'static str, name: &'static str) -> Member {
    Member {
        code,
        name,
        kind: MemberKind::Organisation,
    }
}

/// All members, states first (alphabetical by code), then organisations and the RSO.
pub const MEMBERS: &[Member] = &[
    state("AFG", "Afghanistan"),
    state("ARE", "United Arab Emirates"),
    state("AUS", "Australia"),
    state("BGD", "Bangladesh"),
    state("BRN", "Brunei Darussalam"),
    state("BTN", "Bhutan"),
    state("CHN", "China"),
    state("FJI", "Fiji"),
    state("FRA", "France (New Caledonia)"),
    state("HKG", "Hong Kong SAR, China"),
    state("IDN", "Indonesia"),
    state("IND", "India"),
    state("IRN", "Iran"),
    state("IRQ", "Iraq"),
    state("JOR", "Jordan"),
    state("JPN", "Japan"),
    state("KHM", "Cambodia"),
    state("KIR", "Kiribati"),
    state("KOR", "Republic of Korea"),
    state("LAO", "Lao PDR"),
    state("LKA", "Sri Lanka"),
    state("MAC", "Macau SAR, China"),
    state("MDV", "Maldives"),
    state("MMR", "Myanmar"),
    state("MNG", "Mongolia"),
    state("MYS", "Malaysia"),
    state("NPL", "Nepal"),
    state("NRU", "Nauru"),
    state("NZL", "New Zealand"),
    state("PAK", "Pakistan"),
    state("PHL", "Philippines"),
    state("PLW", "Palau"),
    state("PNG", "Papua New Guinea"),
    state("PRK", "Democratic People's Republic of Korea"),
    state("SGP", "Singapore"),
    state("SLB", "Solomon Islands"),
    state("SYR", "Syria"),
    state("THA", "Thailand"),
    state("TLS", "Timor-Leste"),
    state("TON", "Tonga"),
    state("TUR", "Türkiye"),
    state("USA", "United States of America"),
    state("VNM", "Viet Nam"),
    state("VUT", "Vanuatu"),
    state("WSM", "Samoa"),
    org("ILO", "International Labour Organization"),
    org("IOM", "International Organization for Migration"),
    org("UNHCR", "United Nations High Commissioner for Refugees"),
    org("UNODC", "United Nations Office on Drugs and Crime"),
    Member {
        code: "RSO",
        name: "Bali Process Regional Support Office",
        kind: MemberKind::Office,
    },
];

/// Looks a member up by its tenant code (exact, upper case).
pub fn member(code: &str) -> Option<&'static Member> {
    MEMBERS.iter().find(|m| m.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::countries::is_country;

    #[test]
    fn forty_five_states_with_iso_codes() {
        let states: Vec<_> = MEMBERS
            .iter()
            .filter(|m| m.kind == MemberKind::State)
            .collect();
        assert_eq!(states.len(), 45);
        for s in states {
            assert!(is_country(s.code), "{} is not ISO 3166-1 alpha-3", s.code);
        }
        let orgs: Vec<_> = MEMBERS
            .iter()
            .filter(|m| m.kind == MemberKind::Organisation)
            .map(|m| m.code)
            .collect();
        assert_eq!(orgs, ["ILO", "IOM", "UNHCR", "UNODC"]);
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = MEMBERS.iter().map(|m| m.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), MEMBERS.len());
        assert_eq!(member("IDN").map(|m| m.name), Some("Indonesia"));
        assert!(member("idn").is_none());
    }
}

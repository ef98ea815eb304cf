//! Resolving nationalities written as codes, names or demonyms to ISO 3166-1 alpha-3.

use isocountry::CountryCode;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Names lists and forms use that differ from the ISO short names, and demonyms.
const ALIASES: &[(&str, &str)] = &[
    ("russia", "RUS"),
    ("russian", "RUS"),
    ("iran", "IRN"),
    ("iranian", "IRN"),
    ("syria", "SYR"),
    ("syrian", "SYR"),
    ("vietnam", "VNM"),
    ("vietnamese", "VNM"),
    ("northkorea", "PRK"),
    ("democraticpeoplesrepublicofkorea", "PRK"),
    ("dprk", "PRK"),
    ("southkorea", "KOR"),
    ("republicofkorea", "KOR"),
    ("korea", "KOR"),
    ("laos", "LAO"),
    ("lao", "LAO"),
    ("burma", "MMR"),
    ("burmese", "MMR"),
    ("myanmar", "MMR"),
    ("unitedkingdom", "GBR"),
    ("uk", "GBR"),
    ("british", "GBR"),
    ("unitedstates", "USA"),
    ("unitedstatesofamerica", "USA"),
    ("american", "USA"),
    ("democraticrepublicofthecongo", "COD"),
    ("drc", "COD"),
    ("congo", "COG"),
    ("bolivia", "BOL"),
    ("venezuela", "VEN"),
    ("tanzania", "TZA"),
    ("palestine", "PSE"),
    ("stateofpalestine", "PSE"),
    ("turkey", "TUR"),
    ("turkiye", "TUR"),
    ("brunei", "BRN"),
    ("moldova", "MDA"),
    ("macedonia", "MKD"),
    ("afghan", "AFG"),
    ("pakistani", "PAK"),
    ("iraqi", "IRQ"),
    ("yemeni", "YEM"),
    ("saudi", "SAU"),
    ("indonesian", "IDN"),
    ("malaysian", "MYS"),
    ("filipino", "PHL"),
    ("thai", "THA"),
    ("chinese", "CHN"),
    ("egyptian", "EGY"),
    ("libyan", "LBY"),
    ("somali", "SOM"),
    ("sudanese", "SDN"),
    ("bangladeshi", "BGD"),
    ("srilankan", "LKA"),
    ("indian", "IND"),
    ("nepali", "NPL"),
    ("nepalese", "NPL"),
    ("cambodian", "KHM"),
    ("australian", "AUS"),
    ("kuwaiti", "KWT"),
    ("jordanian", "JOR"),
    ("lebanese", "LBN"),
    ("tunisian", "TUN"),
    ("algerian", "DZA"),
    ("moroccan", "MAR"),
    ("german", "DEU"),
    ("french", "FRA"),
    ("ukrainian", "UKR"),
];

fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect::<String>()
}

static BY_NAME: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for cc in CountryCode::iter() {
        let name = cc.name();
        m.insert(key(name), cc.alpha3());
        // "Korea (Democratic People's Republic of)" is written "Democratic People's Republic of Korea".
        if let Some((head, rest)) = name.split_once('(') {
            m.entry(key(head)).or_insert(cc.alpha3());
            let inner = rest.trim_end_matches(')');
            m.entry(key(&format!("{inner} {head}")))
                .or_insert(cc.alpha3());
        }
        if let Some((head, _)) = name.split_once(',') {
            m.entry(key(head)).or_insert(cc.alpha3());
        }
    }
    for (k, v) in ALIASES {
        m.insert((*k).to_string(), *v);
    }
    m
});

/// ISO 3166-1 alpha-3 code for an alpha-2/alpha-3 code, a country name or a demonym.
pub fn country_code(s: &str) -> Option<&'static str> {
    let t = s.trim();
    if t.len() == 2
        && let Ok(cc) = CountryCode::for_alpha2_caseless(t)
    {
        return Some(cc.alpha3());
    }
    if t.len() == 3
        && let Ok(cc) = CountryCode::for_alpha3_caseless(t)
    {
        return Some(cc.alpha3());
    }
    BY_NAME.get(&key(t)).copied()
}

/// The alpha-3 code when `s` resolves, else `s` itself trimmed and lower-cased, so two
/// unresolved spellings can still be compared.
pub fn normalise_country(s: &str) -> String {
    country_code(s)
        .map(str::to_string)
        .unwrap_or_else(|| s.trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_codes_names_demonyms() {
        assert_eq!(country_code("af"), Some("AFG"));
        assert_eq!(country_code("MMR"), Some("MMR"));
        assert_eq!(country_code("Afghanistan"), Some("AFG"));
        assert_eq!(
            country_code("Democratic People's Republic of Korea"),
            Some("PRK")
        );
        assert_eq!(country_code("Iran (Islamic Republic of)"), Some("IRN"));
        assert_eq!(country_code("Viet Nam"), Some("VNM"));
        assert_eq!(country_code("Iraqi"), Some("IRQ"));
        assert_eq!(country_code("Atlantis"), None);
    }
}

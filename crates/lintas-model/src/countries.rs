//! ISO 3166-1 alpha-3 country codes and English short names.
//!
//! The table is the MRZ engine's (one copy in the workspace, kept in step with the ISO list by
//! `lintas-mrz`'s tests); sorted by code for binary search.

/// `(alpha-3 code, English short name)`, sorted by code.
pub use lintas_mrz::ISO3166 as COUNTRIES;

/// The English short name of an ISO 3166-1 alpha-3 code, if it is one.
pub fn country_name(code: &str) -> Option<&'static str> {
    COUNTRIES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| COUNTRIES[i].1)
}

/// Whether `code` is an ISO 3166-1 alpha-3 code (upper case).
pub fn is_country(code: &str) -> bool {
    country_name(code).is_some()
}

/// The alpha-3 code for an ISO 3166-1 alpha-3 or alpha-2 code in any letter case (`idn`, `ID`),
/// for sources such as HTCDS whose forms write alpha-2.
pub fn alpha3(code: &str) -> Option<&'static str> {
    let upper = code.trim().to_ascii_uppercase();
    let three = match upper.len() {
        2 => isocountry::CountryCode::for_alpha2(&upper).ok()?.alpha3(),
        3 => upper.as_str(),
        _ => return None,
    };
    COUNTRIES
        .binary_search_by(|(c, _)| (*c).cmp(three))
        .ok()
        .map(|i| COUNTRIES[i].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_complete() {
        assert_eq!(COUNTRIES.len(), 249);
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(country_name("IDN"), Some("Indonesia"));
        assert!(is_country("MMR"));
        assert!(!is_country("XXX"));
        assert!(!is_country("idn"));
        assert_eq!(alpha3("ID"), Some("IDN"));
        assert_eq!(alpha3(" mm "), Some("MMR"));
        assert_eq!(alpha3("tha"), Some("THA"));
        assert_eq!(alpha3("XX"), None);
        assert_eq!(alpha3("XXX"), None);
        assert_eq!(alpha3("Thailand"), None);
    }
}

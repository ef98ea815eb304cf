//! A score threshold: a probability or similarity in [0, 1] that decides what is reported.

use crate::FieldError;

/// A threshold in [0, 1]; constructing one is the only check of the range.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Threshold(f64);

impl Threshold {
    /// `value` if it is a number in [0, 1].
    pub fn new(value: f64) -> Option<Self> {
        (0.0..=1.0).contains(&value).then_some(Threshold(value))
    }

    /// The threshold a request asked for (`field` names it in the error), or `default`.
    pub fn from_request(
        value: Option<f64>,
        default: Threshold,
        field: &str,
    ) -> Result<Self, FieldError> {
        match value {
            None => Ok(default),
            Some(v) => Threshold::new(v).ok_or_else(|| FieldError {
                field: field.into(),
                code: "out_of_range".into(),
                message: format!("the {field} is between 0 and 1"),
            }),
        }
    }

    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl std::fmt::Display for Threshold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::str::FromStr for Threshold {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim()
            .parse::<f64>()
            .ok()
            .and_then(Threshold::new)
            .ok_or_else(|| format!("`{s}` is not a number between 0 and 1"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_values_in_the_unit_interval_are_thresholds() {
        assert_eq!(Threshold::new(0.7).map(Threshold::get), Some(0.7));
        assert!(Threshold::new(0.0).is_some() && Threshold::new(1.0).is_some());
        assert!(Threshold::new(-0.01).is_none() && Threshold::new(1.5).is_none());
        assert!(Threshold::new(f64::NAN).is_none());
        assert!("0.9".parse::<Threshold>().is_ok());
        assert!("nine".parse::<Threshold>().is_err());
        let d = Threshold::new(0.7).unwrap();
        assert_eq!(Threshold::from_request(None, d, "threshold"), Ok(d));
        let e = Threshold::from_request(Some(2.0), d, "threshold").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code.as_str()),
            ("threshold", "out_of_range")
        );
    }
}

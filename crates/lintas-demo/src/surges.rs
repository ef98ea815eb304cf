//! The demo's seasonality and injected surges, and the detection run that turns the surges
//! into alerts in the RSO's inbox (`lintas_app::alerts::run_standard`).

use chrono::{Datelike, Duration, Months, NaiveDate};
use lintas_model::import::Row;
use lintas_model::{Counts, Incident, PartialDate, Place, Role, Route, Sharing};
use lintas_store::{AlertsRaised, Principal, Result, Store};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Extra incidents one member reports in one month, on one route.
#[derive(Debug, Clone, Copy)]
pub struct Surge {
    /// Reporting member (its demo officer imports them, shared regionally).
    pub owner: &'static str,
    /// Incident kind.
    pub kind: &'static str,
    /// Origin, transit countries, destination.
    pub route: &'static [&'static str],
    /// The month: this many calendar months before the seeding day's month.
    pub months_ago: u32,
    /// How many incidents are added on top of the usual ones.
    pub extra: u32,
}

/// The surges: one along a route (Afghan departures through Malaysia and Indonesia to
/// Australia, reported by the three states in the same month: a route alert), a trafficking
/// surge in Thailand from Myanmar, and boats from Sri Lanka.
pub const SURGES: &[Surge] = &[
    Surge {
        owner: "IDN",
        kind: "smuggling",
        route: &["AFG", "MYS", "IDN", "AUS"],
        months_ago: 2,
        extra: 18,
    },
    Surge {
        owner: "MYS",
        kind: "smuggling",
        route: &["AFG", "MYS", "IDN", "AUS"],
        months_ago: 2,
        extra: 16,
    },
    Surge {
        owner: "AUS",
        kind: "smuggling",
        route: &["AFG", "MYS", "IDN", "AUS"],
        months_ago: 2,
        extra: 16,
    },
    Surge {
        owner: "THA",
        kind: "trafficking",
        route: &["MMR", "THA"],
        months_ago: 6,
        extra: 16,
    },
    Surge {
        owner: "LKA",
        kind: "smuggling",
        route: &["LKA", "AUS"],
        months_ago: 10,
        extra: 14,
    },
];

impl Surge {
    /// The first day of the surge's month.
    pub fn month(&self, today: NaiveDate) -> Option<NaiveDate> {
        today
            .with_day(1)?
            .checked_sub_months(Months::new(self.months_ago))
    }
}

/// The relative number of incidents on `day`: highest in mid-November, in the sailing
/// season after the south-west monsoon (about September to January), lowest in May.
fn season(day: NaiveDate) -> f64 {
    let angle = 2.0 * std::f64::consts::PI * (f64::from(day.ordinal()) - 320.0) / 365.25;
    1.0 + 0.3 * angle.cos()
}

/// The day `back` days (0..5·365) before `today` would be if incidents were uniform, moved
/// within its 365-day block so that days follow the season: the same share of each block
/// (by the season's cumulative weight). One uniform draw in, one day out, so the other
/// draws of the demo generator stay as they were.
pub fn seasonal_day(today: NaiveDate, back: u32) -> NaiveDate {
    let span = 5 * 365;
    let t = span - 1 - back.min(span - 1);
    let start = today - Duration::days(i64::from(span - 1));
    let block = start + Duration::days(i64::from(t / 365 * 365));
    let weights: Vec<f64> = (0..365)
        .map(|j| season(block + Duration::days(j)))
        .collect();
    let total: f64 = weights.iter().sum();
    let target = (f64::from(t % 365) + 0.5) / 365.0 * total;
    let mut acc = 0.0;
    for (j, w) in weights.iter().enumerate() {
        acc += w;
        if acc >= target {
            return block + Duration::days(j as i64);
        }
    }
    block + Duration::days(364)
}

fn surge_incident(
    rng: &mut ChaCha8Rng,
    s: &Surge,
    n: u32,
    day: NaiveDate,
    today: NaiveDate,
) -> Incident {
    let origin = s.route.first().copied().unwrap_or("AFG");
    let role = if s.kind == "trafficking" {
        "victim"
    } else {
        "migrant"
    };
    let persons = (0..2)
        .map(|_| super::person(rng, origin, role, today))
        .collect();
    let mut counts = Counts::default();
    if s.kind == "trafficking" {
        counts.victims = Some(2);
    } else {
        counts.migrants = Some(2);
    }
    Incident {
        kind: s.kind.into(),
        occurred_on: PartialDate::day(day),
        place: Place {
            country: s.owner.into(),
            ..Default::default()
        },
        route: Route {
            origin: Some(origin.into()),
            transit: s
                .route
                .iter()
                .skip(1)
                .take(s.route.len().saturating_sub(2))
                .map(|c| c.to_string())
                .collect(),
            destination: s.route.last().map(|c| c.to_string()),
        },
        modes: vec!["sea".into()],
        tags: vec![
            if s.kind == "trafficking" {
                "deceptive_recruitment"
            } else {
                "sea_crossing"
            }
            .into(),
        ],
        counts,
        fee: None,
        persons,
        identifiers: Vec::new(),
        narrative: format!(
            "Part of a surge of {} {} cases reported by {} (demo data).",
            s.extra, s.kind, s.owner
        ),
        external_ref: Some(format!("{}-SURGE-{}-{:03}", s.owner, s.months_ago, n + 1)),
        sharing: Sharing {
            level: "regional".into(),
            states: Vec::new(),
        },
    }
}

/// Imports the surges' incidents through each member's demo officer; returns how many.
pub(crate) async fn seed(store: &Store, officers: &[Principal], today: NaiveDate) -> Result<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(16);
    let mut total = 0;
    for s in SURGES {
        let (Some(officer), Some(first)) = (
            officers.iter().find(|o| o.member == s.owner),
            s.month(today),
        ) else {
            continue;
        };
        let days = first
            .checked_add_months(Months::new(1))
            .map_or(28, |next| (next - first).num_days());
        let rows: Vec<Row> = (0..s.extra)
            .map(|n| Row {
                line: n as u64 + 1,
                record: Ok(surge_incident(
                    &mut rng,
                    s,
                    n,
                    first + Duration::days(i64::from(n * 7 + 3) % days),
                    today,
                )),
            })
            .collect();
        total += store
            .importer(officer)?
            .import_batch(rows)
            .await?
            .outcome
            .created;
    }
    Ok(total)
}

/// Runs the standard detection as the RSO (a regional analyst of its agency) so that the
/// demo inbox shows the surges' alerts at once; `lintas serve` repeats it daily.
pub(crate) async fn detect(store: &Store, today: NaiveDate) -> Result<AlertsRaised> {
    let agency = store
        .ensure_agency("RSO", "Regional Support Office")
        .await?;
    let rso = Principal::local("demo:detect", &agency, Role::RegionalAnalyst);
    lintas_app::alerts::run_standard(store, &rso, today, 0.01).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seasonal_days_stay_in_range_and_favour_the_sailing_season() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let mut by_month = [0u32; 12];
        for back in 0..5 * 365 {
            let d = seasonal_day(today, back);
            assert!(d <= today && d > today - Duration::days(5 * 365), "{d}");
            by_month[d.month0() as usize] += 1;
        }
        // November (peak) has well over half as many days again as May (trough).
        assert!(2 * by_month[10] > 3 * by_month[4], "{by_month:?}");
        assert_eq!(by_month.iter().sum::<u32>(), 5 * 365);
    }
}

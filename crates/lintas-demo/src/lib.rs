//! Demo data: deterministic (seeded) member agencies, API keys and ~5,000 incidents over five
//! years that look like the region — routes from Afghanistan, Myanmar, Sri Lanka, Bangladesh
//! and Iran through Malaysia, Indonesia and Thailand to Australia, New Zealand and Malaysia;
//! scam-compound trafficking on the Mekong; names from the region's languages; and a few dozen
//! brokers, phones and boats that recur across states' cases, for linkage to find. Incidents
//! follow the sailing season (more from September to January, after the south-west monsoon),
//! and a few surges are injected (`SURGES`) so that the alert inbox has something to show.

use chrono::{Datelike, NaiveDate};
use lintas_model::import::Row;
use lintas_model::{
    Counts, Fee, Identifier, Incident, PartialDate, Person, Place, Role, Route, Sharing,
};
use lintas_store::{Actor, NewUser, Principal, Result, Store};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

mod checks;
pub use checks::{DEMO_LISTED_MRZ, DEMO_STOLEN_MRZ};
mod maritime;
mod surges;
mod workplan;

pub use surges::{SURGES, Surge, seasonal_day};
mod victims;
pub use victims::{VICTIM_AGENCIES, VictimsSeeded};

pub use maritime::{DARK_BOAT, ENCOUNTER, LOITERER, MaritimeSeeded, seed as seed_maritime};

/// Members that get demo agencies and keys, with their agencies.
pub const DEMO_MEMBERS: &[(&str, &[&str])] = &[
    (
        "AUS",
        &["Australian Border Force", "Australian Federal Police"],
    ),
    (
        "IDN",
        &[
            "Indonesian National Police (POLRI)",
            "Maritime Security Agency (BAKAMLA)",
        ],
    ),
    (
        "MYS",
        &[
            "Royal Malaysia Police",
            "Malaysian Maritime Enforcement Agency",
        ],
    ),
    (
        "THA",
        &["Royal Thai Police", "Department of Special Investigation"],
    ),
    (
        "LKA",
        &["Sri Lanka Navy", "Criminal Investigation Department"],
    ),
    ("NZL", &["Immigration New Zealand"]),
    ("RSO", &["Regional Support Office"]),
];

/// A demo credential, printed by `lintas serve --demo`.
#[derive(Debug, Clone)]
pub struct DemoKey {
    /// Member code.
    pub member: &'static str,
    /// Role.
    pub role: Role,
    /// Bearer token.
    pub token: String,
}

/// A demo web login, printed by `lintas serve --demo`.
#[derive(Debug, Clone)]
pub struct DemoUser {
    /// Member code.
    pub member: &'static str,
    /// Role.
    pub role: Role,
    /// Login name, e.g. `aus.analyst`.
    pub username: String,
    /// Password (demonstration databases only).
    pub password: String,
}

/// What seeding did.
#[derive(Debug)]
pub struct Seeded {
    /// Whether incidents were created (false: the database was not empty).
    pub created: bool,
    /// Incidents stored.
    pub incidents: u64,
    /// Lost/stolen registry reports stored.
    pub registry_entries: u64,
    /// Watchlist entries stored (one demo list per state).
    pub watchlist_entries: u64,
    /// The maritime picture stored (empty when the database was not empty).
    pub maritime: MaritimeSeeded,
    /// Work-plan activities recorded for the RSO.
    pub activities: u64,
    /// API keys to try the platform with.
    pub keys: Vec<DemoKey>,
    /// Web logins to try the platform with.
    pub users: Vec<DemoUser>,
    /// Victim cases and referrals stored (none when the database was not empty).
    pub victims: VictimsSeeded,
}

/// Demo logins are derived like the keys, so they are the same on every demo database.
fn demo_user(member: &'static str, role: Role) -> DemoUser {
    let digest = Sha256::digest(format!("lintas demo user {member} {role}").as_bytes());
    DemoUser {
        member,
        role,
        username: format!(
            "{}.{}",
            member.to_ascii_lowercase(),
            role.as_str().replace('_', "-")
        ),
        password: format!("Lintas-{}", hex(&digest[..5])),
    }
}

fn roles_for(member: &str) -> &'static [Role] {
    if member == "RSO" {
        &[Role::RegionalAnalyst, Role::Admin]
    } else {
        &[Role::Admin, Role::Analyst, Role::Officer]
    }
}

/// Demo tokens are derived from the member and role, so the README can show a working one.
/// They are for demonstration databases only.
fn demo_secret(member: &str, role: Role) -> (String, String) {
    let digest = Sha256::digest(format!("lintas demo key {member} {role}").as_bytes());
    let id = format!("de70{}", &hex(&digest[..6]));
    let secret = hex(&digest[6..30]);
    (id, secret)
}

/// Whether the database still accepts a demo API key. Their secrets derive from the public
/// source, so such a database must not be served as a real one; `lintas serve` warns.
pub async fn has_demo_credentials(store: &Store) -> Result<bool> {
    for (member, _) in DEMO_MEMBERS {
        for role in Role::ALL {
            let (id, secret) = demo_secret(member, role);
            if store
                .authenticate_api_key(&format!("lintas_{id}_{secret}"))
                .await?
                .is_some()
            {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Seeds an empty database with the demo members, keys and incidents; on a database that
/// already has agencies it only returns the (deterministic) demo keys. `today` is the last
/// day incidents may fall on.
pub async fn seed(store: &Store, today: NaiveDate) -> Result<Seeded> {
    let fresh = !store.has_agencies().await?;
    let mut keys = Vec::new();
    let mut users = Vec::new();
    let mut officers: Vec<Principal> = Vec::new();
    for (member, agencies) in DEMO_MEMBERS {
        let first = store.ensure_agency(member, agencies[0]).await?;
        for agency in agencies.iter().skip(1) {
            store.ensure_agency(member, agency).await?;
        }
        for role in roles_for(member)
            .iter()
            .chain(std::iter::once(&Role::Auditor))
        {
            let user = demo_user(member, *role);
            if fresh {
                let actor = Actor {
                    id: "demo:seed".into(),
                    member: Some(member.to_string()),
                    agency: Some(first.name.clone()),
                    request_id: None,
                };
                let new = NewUser {
                    username: user.username.clone(),
                    display_name: format!("Demo {} ({member})", role.as_str().replace('_', " ")),
                    role: *role,
                    agency: first.name.clone(),
                    password: user.password.clone(),
                };
                store.create_user_local(&actor, &first, new).await?;
            }
            users.push(user);
        }
        for role in roles_for(member) {
            let (id, secret) = demo_secret(member, *role);
            if fresh {
                store
                    .create_api_key_with_secret(&first, *role, "demo", &id, &secret)
                    .await?;
            }
            let token = format!("lintas_{id}_{secret}");
            if *role == Role::Officer
                && let Some(p) = store.authenticate_api_key(&token).await?
            {
                officers.push(p);
            }
            keys.push(DemoKey {
                member,
                role: *role,
                token,
            });
        }
    }
    // Victim-support agencies with their two victim roles (the cases are theirs only).
    let mut victim_agencies = Vec::new();
    for (member, name) in VICTIM_AGENCIES {
        let agency = store.ensure_agency(member, name).await?;
        for role in [Role::VictimSupport, Role::VictimSupervisor] {
            let user = demo_user(member, role);
            if fresh {
                let actor = Actor {
                    id: "demo:seed".into(),
                    member: Some(member.to_string()),
                    agency: Some(agency.name.clone()),
                    request_id: None,
                };
                let new = NewUser {
                    username: user.username.clone(),
                    display_name: format!("Demo {} ({member})", role.as_str().replace('_', " ")),
                    role,
                    agency: agency.name.clone(),
                    password: user.password.clone(),
                };
                store.create_user_local(&actor, &agency, new).await?;
            }
            users.push(user);
        }
        victim_agencies.push((agency, *name));
    }
    if !fresh {
        return Ok(Seeded {
            victims: VictimsSeeded::default(),
            created: false,
            incidents: 0,
            registry_entries: 0,
            watchlist_entries: 0,
            maritime: MaritimeSeeded::default(),
            activities: 0,
            keys,
            users,
        });
    }
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let network = Network::new(&mut rng);
    let mut total = 0;
    for officer in &officers {
        let count = if officer.member == "NZL" { 250 } else { 950 };
        let rows: Vec<Row> = (0..count)
            .map(|n| Row {
                line: n + 1,
                record: Ok(incident(&mut rng, &network, &officer.member, n, today)),
            })
            .collect();
        total += store
            .importer(officer)?
            .import_batch(rows)
            .await?
            .outcome
            .created;
    }
    total += surges::seed(store, &officers, today).await?;
    let checks = checks::seed(store, &officers, today).await?;
    let maritime = maritime::seed(store, today).await?;
    surges::detect(store, today).await?;
    let activities = workplan::seed(store, today).await?;
    let victims = victims::seed(store, &victim_agencies, today).await?;
    Ok(Seeded {
        victims,
        created: true,
        incidents: total,
        registry_entries: checks.registry,
        watchlist_entries: checks.watchlist_entries,
        maritime,
        activities,
        keys,
        users,
    })
}

struct Broker {
    family: &'static str,
    given: &'static [&'static str],
    nationality: &'static str,
    phone: String,
    boat: Option<(String, String)>,
    ring: usize,
}

/// The recurring facilitators: each appears in several states' cases, under spelling variants.
struct Network {
    brokers: Vec<Broker>,
}

impl Network {
    fn new(rng: &mut ChaCha8Rng) -> Self {
        const PEOPLE: &[(&str, &[&str], &str, &str)] = &[
            (
                "Rahimi",
                &["Abdul Wahid", "Abdulwahid", "Abdul Waheed"],
                "AFG",
                "+93",
            ),
            (
                "Karimi",
                &["Mohammad Nabi", "Muhammad Nabi", "Mohammed Nabi"],
                "AFG",
                "+93",
            ),
            ("Hosseini", &["Ali Reza", "Alireza"], "IRN", "+98"),
            ("", &["Sutrisno", "Sutrisna"], "IDN", "+62"),
            ("", &["Ketut Arta", "Ketut Artha"], "IDN", "+62"),
            ("Sitompul", &["Hendra", "Hendrah"], "IDN", "+62"),
            ("", &["Aung Ko Ko", "Aung Koko"], "MMR", "+95"),
            ("", &["Zaw Min Htut", "Zaw Min Htoo"], "MMR", "+95"),
            ("bin Abdullah", &["Rosli", "Rossli"], "MYS", "+60"),
            ("Tan", &["Wei Ming", "Weiming"], "MYS", "+60"),
            ("Srisuk", &["Somchai", "Somchay"], "THA", "+66"),
            ("Nguyen", &["Van Hung", "Van Hong"], "VNM", "+84"),
            ("Kanagaratnam", &["Suthakaran", "Sudhakaran"], "LKA", "+94"),
            ("Perera", &["Nuwan Chaminda", "Nuwan Chamind"], "LKA", "+94"),
            (
                "Islam",
                &["Mohammad Rafiqul", "Md Rafiqul", "Muhammad Rafiqul"],
                "BGD",
                "+880",
            ),
            ("Hashim", &["Mohammed", "Muhammad"], "MMR", "+95"),
            ("Chen", &["Zhiwei", "Chi Wei"], "CHN", "+86"),
            ("Ly", &["Sokha", "Sokhar"], "KHM", "+855"),
        ];
        let boats = [
            "KM Harapan Jaya",
            "KM Bintang Laut",
            "Sea Dragon 7",
            "KM Rejeki Baru",
            "Sinar Bahari",
        ];
        let brokers = PEOPLE
            .iter()
            .enumerate()
            .map(|(n, (family, given, nationality, cc))| Broker {
                ring: n % 4,
                family,
                given,
                nationality,
                phone: format!(
                    "{cc} {} {:04} {:04}",
                    rng.random_range(810..899),
                    rng.random_range(0..10_000),
                    rng.random_range(0..10_000)
                ),
                boat: boats
                    .get(n)
                    .filter(|_| *nationality == "IDN" || n < 3)
                    .map(|b| {
                        (
                            b.to_string(),
                            format!("525{:06}", rng.random_range(0..1_000_000)),
                        )
                    }),
            })
            .collect();
        Network { brokers }
    }
}

const GIVEN: &[(&str, &[&str], &[&str])] = &[
    (
        "AFG",
        &[
            "Ahmad Zia",
            "Mohammad Hassan",
            "Gul Agha",
            "Farid",
            "Zarmina",
            "Habibullah",
            "Nazanin",
        ],
        &["Ahmadzai", "Hakimi", "Noori", "Sultani", "Wardak", "Amiri"],
    ),
    (
        "IRN",
        &["Reza", "Mahsa", "Hossein", "Fatemeh", "Amir"],
        &["Ahmadi", "Moradi", "Rezaei", "Jafari"],
    ),
    (
        "IRQ",
        &["Ali", "Zainab", "Mustafa", "Hussein"],
        &["al-Jubouri", "al-Tamimi", "Hassan"],
    ),
    (
        "LKA",
        &["Tharshan", "Nirosha", "Kasun", "Priyanka", "Sivakumar"],
        &[
            "Fernando",
            "Jeyakumar",
            "Wijesinghe",
            "Rajapaksha",
            "Selvarajah",
        ],
    ),
    (
        "BGD",
        &[
            "Abdul Karim",
            "Nasrin",
            "Shahidul",
            "Rahima",
            "Kamal Hossain",
        ],
        &["Uddin", "Begum", "Chowdhury", "Ahmed"],
    ),
    (
        "MMR",
        &[
            "Aung Min",
            "Thida",
            "Kyaw Zin",
            "Hla Hla",
            "Mohammed Ayub",
            "Nur Begum",
        ],
        &[""],
    ),
    (
        "PAK",
        &["Imran", "Ayesha", "Bilal", "Sana"],
        &["Khan", "Butt", "Qureshi", "Malik"],
    ),
    (
        "KHM",
        &["Dara", "Srey Mom", "Vannak", "Sophea"],
        &["Chan", "Keo", "Sok", "Heng"],
    ),
    (
        "LAO",
        &["Khamla", "Souksavanh", "Bounmy"],
        &["Phommachanh", "Vongsa", "Keomany"],
    ),
    (
        "VNM",
        &["Van An", "Thi Lan", "Duc Minh", "Thi Hoa"],
        &["Nguyen", "Tran", "Le", "Pham"],
    ),
    (
        "IDN",
        &["Budi", "Siti Aminah", "Agus", "Dewi", "Slamet", "Wayan"],
        &["", "", "Santoso", "Hutapea", "Lubis"],
    ),
    (
        "PHL",
        &["Maria Cristina", "Jose", "Rowena", "Arnel"],
        &["Santos", "Reyes", "Dela Cruz", "Bautista"],
    ),
    (
        "THA",
        &["Somsak", "Malee", "Anan", "Kanya"],
        &["Chaiyaporn", "Boonmee", "Sukjai"],
    ),
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    items.choose(rng).unwrap_or(&items[0])
}

fn person(rng: &mut ChaCha8Rng, nationality: &str, role: &str, today: NaiveDate) -> Person {
    let (_, given, family) = GIVEN
        .iter()
        .find(|(c, _, _)| *c == nationality)
        .unwrap_or(&GIVEN[0]);
    let year = today.year() - rng.random_range(16..60);
    // Most records carry a full date of birth (from a document or an interview); some only
    // an age.
    let birth = if rng.random_bool(0.9) {
        format!(
            "{year}-{:02}-{:02}",
            rng.random_range(1..13),
            rng.random_range(1..29)
        )
    } else {
        format!("{year}")
    };
    Person {
        family_name: pick(rng, family).to_string(),
        given_names: pick(rng, given).to_string(),
        aliases: Vec::new(),
        date_of_birth: PartialDate::parse(&birth).ok(),
        sex: Some(if rng.random_bool(0.7) { "M" } else { "F" }.to_string()),
        nationality: Some(nationality.to_string()),
        role: role.to_string(),
        masked: None,
    }
}

fn incident(
    rng: &mut ChaCha8Rng,
    network: &Network,
    owner: &str,
    n: u64,
    today: NaiveDate,
) -> Incident {
    let day = seasonal_day(today, rng.random_range(0..5 * 365));
    let precision = rng.random_range(0..10);
    let occurred_on = match precision {
        0 => PartialDate::parse(&day.format("%Y").to_string()),
        1 | 2 => PartialDate::parse(&day.format("%Y-%m").to_string()),
        _ => PartialDate::parse(&day.format("%Y-%m-%d").to_string()),
    }
    .unwrap_or_else(|_| PartialDate::day(day));
    let kind = *pick(
        rng,
        &[
            "smuggling",
            "smuggling",
            "smuggling",
            "trafficking",
            "trafficking",
            "document_fraud",
            "maritime",
        ],
    );
    let mut i = Incident {
        kind: kind.into(),
        occurred_on,
        place: Place {
            country: owner.into(),
            ..Default::default()
        },
        route: Route::default(),
        modes: Vec::new(),
        tags: Vec::new(),
        counts: Counts::default(),
        fee: None,
        persons: Vec::new(),
        identifiers: Vec::new(),
        narrative: String::new(),
        external_ref: Some(format!("{owner}-DEMO-{:05}", n + 1)),
        sharing: Sharing::default(),
    };
    let origin;
    match kind {
        "smuggling" | "maritime" => {
            origin = *pick(
                rng,
                &["AFG", "AFG", "IRN", "IRQ", "LKA", "BGD", "MMR", "PAK"],
            );
            let by_sea_to_aus = rng.random_bool(0.6);
            let transit: Vec<String> = if origin == "LKA" && rng.random_bool(0.5) {
                Vec::new()
            } else if by_sea_to_aus {
                vec![pick(rng, &["MYS", "THA"]).to_string(), "IDN".into()]
            } else {
                vec!["MYS".into()]
            };
            let destination = if by_sea_to_aus {
                *pick(rng, &["AUS", "AUS", "AUS", "NZL"])
            } else {
                *pick(rng, &["MYS", "AUS"])
            };
            i.modes = if by_sea_to_aus {
                vec!["air".into(), "sea".into()]
            } else {
                vec!["air".into()]
            };
            i.tags = if by_sea_to_aus {
                vec!["sea_crossing".into()]
            } else {
                vec!["visa_misuse".into()]
            };
            if rng.random_bool(0.2) {
                i.tags.push("fraudulent_documents".into());
            }
            if rng.random_bool(0.15) {
                i.tags.push("informal_value_transfer".into());
            }
            let migrants = if by_sea_to_aus {
                rng.random_range(8..120)
            } else {
                rng.random_range(1..12)
            };
            i.counts.migrants = Some(migrants);
            i.counts.suspects = Some(rng.random_range(1..5));
            if by_sea_to_aus && rng.random_bool(0.06) {
                i.counts.dead_or_missing = Some(rng.random_range(1..(migrants / 2).max(2)));
            }
            let per_person: f64 = if destination == "MYS" {
                rng.random_range(800..3000) as f64
            } else {
                rng.random_range(3000..15000) as f64
            };
            if rng.random_bool(0.7) {
                i.fee = Some(Fee {
                    amount: (per_person / 100.0).round() * 100.0,
                    currency: "USD".into(),
                    basis: "per_person".into(),
                });
            }
            if by_sea_to_aus {
                let (lat, lon, place) = *pick(
                    rng,
                    &[
                        (-12.22, 123.0, "near Ashmore Reef"),
                        (-10.49, 105.63, "off Christmas Island"),
                        (-10.73, 123.08, "south of Rote Island"),
                        (-8.1, 111.2, "off the south coast of Java"),
                    ],
                );
                i.place.lat = Some(lat + rng.random_range(-0.3..0.3));
                i.place.lon = Some(lon + rng.random_range(-0.3..0.3));
                i.place.name = Some(place.into());
                if kind == "maritime" {
                    i.place.country = String::new();
                }
            }
            i.route = Route {
                origin: Some(origin.into()),
                transit,
                destination: Some(destination.into()),
            };
            for _ in 0..rng.random_range(1..4) {
                i.persons.push(person(rng, origin, "migrant", today));
            }
            i.persons.push(person(
                rng,
                if by_sea_to_aus { "IDN" } else { "MYS" },
                "crew",
                today,
            ));
            i.narrative = format!(
                "{} migrants from {} {} intercepted {}. Passage arranged by a broker contacted by phone; fees paid {}.",
                migrants,
                origin,
                if by_sea_to_aus {
                    "on a wooden fishing boat"
                } else {
                    "arriving by air on tourist visas"
                },
                i.place.name.as_deref().unwrap_or("at the airport"),
                if i.tags.iter().any(|t| t == "informal_value_transfer") {
                    "through hawala"
                } else {
                    "in cash"
                }
            );
        }
        "trafficking" => {
            origin = *pick(rng, &["MMR", "KHM", "LAO", "VNM", "BGD", "IDN", "PHL"]);
            let scam = rng.random_bool(0.5);
            let destination = if scam {
                *pick(rng, &["MMR", "KHM", "LAO"])
            } else {
                *pick(rng, &["THA", "MYS"])
            };
            i.route = Route {
                origin: Some(origin.into()),
                transit: if scam { vec!["THA".into()] } else { Vec::new() },
                destination: Some(destination.into()),
            };
            i.modes = vec!["land".into()];
            i.tags = if scam {
                vec![
                    "online_recruitment".into(),
                    "deceptive_recruitment".into(),
                    "forced_criminality".into(),
                ]
            } else {
                vec![
                    "deceptive_recruitment".into(),
                    pick(
                        rng,
                        &[
                            "debt_bondage",
                            "forced_labour",
                            "forced_labour_at_sea",
                            "sexual_exploitation",
                        ],
                    )
                    .to_string(),
                ]
            };
            if rng.random_bool(0.3) {
                i.tags.push("document_confiscation".into());
            }
            let victims = rng.random_range(1..40);
            i.counts.victims = Some(victims);
            i.counts.suspects = Some(rng.random_range(0..4));
            for _ in 0..rng.random_range(1..3) {
                i.persons.push(person(rng, origin, "victim", today));
            }
            i.narrative = if scam {
                format!(
                    "{victims} victims recruited online with offers of customer-service jobs, taken across the border to a scam compound and forced to run online fraud."
                )
            } else {
                format!(
                    "{victims} workers recruited with false promises; passports withheld and wages kept to repay recruitment debts."
                )
            };
        }
        _ => {
            origin = *pick(rng, &["AFG", "IRN", "LKA", "CHN", "VNM", "IDN"]);
            i.place.name = Some(
                pick(
                    rng,
                    &[
                        "international airport, arrivals",
                        "international airport, transit",
                        "land border checkpoint",
                    ],
                )
                .to_string(),
            );
            i.route = Route {
                origin: Some(origin.into()),
                transit: vec![pick(rng, &["MYS", "THA", "SGP"]).to_string()],
                destination: Some(owner.into()).filter(|o| *o != "RSO"),
            };
            i.modes = vec!["air".into()];
            i.tags = vec![
                pick(
                    rng,
                    &[
                        "fraudulent_documents",
                        "impostor_document",
                        "fraudulently_obtained_document",
                    ],
                )
                .to_string(),
            ];
            i.counts.suspects = Some(1);
            let traveller = person(rng, origin, "suspect", today);
            i.identifiers.push(Identifier {
                kind: "travel_document".into(),
                value: format!(
                    "{}{:07}",
                    pick(rng, &["P", "N", "E"]),
                    rng.random_range(0..10_000_000)
                ),
                issuer: traveller.nationality.clone(),
                person: Some(0),
            });
            i.persons.push(traveller);
            i.narrative = "Traveller presented a passport whose data page showed signs of substitution; document retained for examination.".into();
        }
    }
    // About one case in four involves one of the recurring brokers.
    if kind != "document_fraud" && rng.random_bool(0.25) {
        let broker = pick(rng, &network.brokers);
        let index = i.persons.len();
        i.persons.push(Person {
            family_name: broker.family.into(),
            given_names: pick(rng, broker.given).to_string(),
            nationality: Some(broker.nationality.into()),
            role: if rng.random_bool(0.3) {
                "organiser"
            } else {
                "facilitator"
            }
            .into(),
            ..Default::default()
        });
        i.identifiers.push(Identifier {
            kind: "phone".into(),
            value: broker.phone.clone(),
            issuer: None,
            person: Some(index),
        });
        // Brokers work in rings of four or five: recruiters at the origin hand migrants to a
        // ring's organiser (its first member), who appears beside them in other states' cases
        // and so holds the network together.
        if rng.random_bool(0.4) {
            let ring = broker.ring;
            let members: Vec<&Broker> = network.brokers.iter().filter(|b| b.ring == ring).collect();
            let hub = members.first().copied();
            let partner = match hub {
                Some(h) if !std::ptr::eq(h, broker) => Some(h),
                _ => members
                    .get(1..)
                    .filter(|m| !m.is_empty())
                    .map(|m| *pick(rng, m)),
            };
            if let Some(partner) = partner {
                let index = i.persons.len();
                i.persons.push(Person {
                    family_name: partner.family.into(),
                    given_names: pick(rng, partner.given).to_string(),
                    nationality: Some(partner.nationality.into()),
                    role: "organiser".into(),
                    ..Default::default()
                });
                i.identifiers.push(Identifier {
                    kind: "phone".into(),
                    value: partner.phone.clone(),
                    issuer: None,
                    person: Some(index),
                });
            }
        }
        if let Some((boat, mmsi)) = &broker.boat
            && i.modes.iter().any(|m| m == "sea")
        {
            i.identifiers.push(Identifier {
                kind: "vessel_name".into(),
                value: boat.clone(),
                issuer: None,
                person: None,
            });
            i.identifiers.push(Identifier {
                kind: "vessel_mmsi".into(),
                value: mmsi.clone(),
                issuer: None,
                person: None,
            });
        }
    }
    i.sharing = match rng.random_range(0..8) {
        0..=3 => Sharing {
            level: "regional".into(),
            states: Vec::new(),
        },
        4 | 5 => Sharing {
            level: "bilateral".into(),
            states: vec![
                if owner == "AUS" { "IDN" } else { "AUS" }.into(),
                if owner == "THA" { "MYS" } else { "THA" }.into(),
            ],
        },
        _ => Sharing::default(),
    };
    i
}

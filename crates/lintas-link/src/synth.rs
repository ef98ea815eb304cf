//! Seeded generator of person records shaped like the region's case data, with known truth, to
//! measure linkage where it is hard: small pools of Indonesian, Burmese, Afghan, Sri Lankan,
//! Vietnamese and Bangladeshi names (so agreeing on a name proves little), mononyms, given and
//! family name swapped, multi-part names split differently between the two fields,
//! transliteration variants, phones written in four formats, birth-date typos and partial
//! dates — and the traps that make a linker chain different people together: namesakes born
//! the same year, twins, families sharing one phone, and brokers recorded under five spellings.
//!
//! The records come out in the CSV shape `lintas link` reads ([`COLUMNS`], truth in `entity`).
//! Use one seed to tune and another, never looked at while tuning, to report.

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

/// CSV header of the generated records.
pub const COLUMNS: [&str; 9] = [
    "id",
    "given_name",
    "surname",
    "date_of_birth",
    "sex",
    "nationality",
    "phone",
    "document_number",
    "entity",
];

/// Seed of the half used to tune the defaults.
pub const TUNING_SEED: u64 = 2026;
/// Seed of the held-out half: reported, never tuned on.
pub const HELD_OUT_SEED: u64 = 1_406_014;

/// Why a person exists in the data, for tests that check the traps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An ordinary person.
    Ordinary,
    /// Shares the whole name and birth year of another person.
    Namesake,
    /// One of twins: same family name, birth date, phone; different given name.
    Twin,
    /// A family member sharing the family's phone.
    Family,
    /// A broker recorded under several spellings.
    Broker,
}

/// One generated record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthRecord {
    /// Record id.
    pub id: String,
    /// Given name(s) as recorded.
    pub given_name: String,
    /// Family name as recorded (empty for a mononym written in the given field).
    pub surname: String,
    /// Birth date as recorded: `YYYY-MM-DD`, `YYYY`, or empty.
    pub date_of_birth: String,
    /// `M`, `F` or empty.
    pub sex: String,
    /// ISO 3166-1 alpha-3 or empty.
    pub nationality: String,
    /// Phone in one of four formats, or empty.
    pub phone: String,
    /// Passport number or empty.
    pub document_number: String,
    /// The true person.
    pub entity: String,
    /// The person's true birth date (for consistency checks).
    pub true_birth: String,
    /// The person's true sex.
    pub true_sex: String,
    /// Why the person exists.
    pub kind: Kind,
}

impl SynthRecord {
    /// The record's fields in [`COLUMNS`] order.
    pub fn fields(&self) -> [&str; 9] {
        [
            &self.id,
            &self.given_name,
            &self.surname,
            &self.date_of_birth,
            &self.sex,
            &self.nationality,
            &self.phone,
            &self.document_number,
            &self.entity,
        ]
    }
}

struct Region {
    code: &'static str,
    calling: &'static str,
    trunk: &'static str,
    mobile: &'static [&'static str],
    male: &'static [&'static str],
    female: &'static [&'static str],
    family: &'static [&'static str],
    style: Style,
}

#[derive(Clone, Copy)]
enum Style {
    /// Given (1–2 parts) + family; a share are mononyms.
    Indonesian,
    /// 2–3 parts, no family name.
    Burmese,
    /// Given (1–2 parts) + family.
    Western,
    /// Family + middle + given, written given = "middle given".
    Vietnamese,
}

const REGIONS: [Region; 6] = [
    Region {
        code: "IDN",
        calling: "62",
        trunk: "0",
        mobile: &["812", "813", "821", "852", "857", "878"],
        male: &[
            "budi", "agus", "eko", "joko", "wahyu", "adi", "ahmad", "muhammad", "yusuf", "hendra",
            "bayu", "rizki", "dedi", "andi",
        ],
        female: &[
            "siti", "dewi", "sri", "rina", "putri", "indah", "nur", "wati", "lestari", "yanti",
            "fitri", "ayu",
        ],
        family: &[
            "santoso", "wijaya", "saputra", "hidayat", "kusuma", "setiawan", "pratama", "nugroho",
            "rahman", "susanto", "gunawan", "siregar",
        ],
        style: Style::Indonesian,
    },
    Region {
        code: "MMR",
        calling: "95",
        trunk: "0",
        mobile: &["9420", "9450", "9790", "9970"],
        male: &[
            "aung", "kyaw", "min", "zaw", "htet", "myint", "tun", "win", "soe", "naing", "thu",
            "ye", "lin", "maung", "ko",
        ],
        female: &[
            "thida", "hla", "su", "mya", "khin", "nwe", "aye", "thandar", "ei", "phyu", "san",
            "yin", "win", "myint",
        ],
        family: &[],
        style: Style::Burmese,
    },
    Region {
        code: "AFG",
        calling: "93",
        trunk: "0",
        mobile: &["70", "72", "77", "78", "79"],
        male: &[
            "mohammad", "ahmad", "abdul", "ali", "gul", "noor", "hamid", "rahim", "wahid",
            "khalid", "nasir", "karim", "hassan", "jawad",
        ],
        female: &[
            "zainab", "fatima", "farida", "maryam", "shabnam", "nargis", "habiba", "sima", "laila",
            "parwana",
        ],
        family: &[
            "rahimi",
            "ahmadi",
            "mohammadi",
            "hakimi",
            "karimi",
            "noori",
            "sultani",
            "popal",
            "stanikzai",
            "safi",
            "hashimi",
            "wardak",
        ],
        style: Style::Western,
    },
    Region {
        code: "LKA",
        calling: "94",
        trunk: "0",
        mobile: &["71", "72", "75", "76", "77"],
        male: &[
            "nimal", "kamal", "sunil", "chathura", "dilshan", "sanjeewa", "tharindu", "nuwan",
            "ruwan", "lasith", "kasun", "mohamed",
        ],
        female: &[
            "kumari", "sanduni", "priyanka", "malini", "dilani", "nadeesha", "chamari", "fathima",
            "ishara",
        ],
        family: &[
            "perera",
            "fernando",
            "silva",
            "jayasinghe",
            "bandara",
            "dissanayake",
            "rathnayake",
            "gunawardena",
            "wickramasinghe",
            "herath",
        ],
        style: Style::Western,
    },
    Region {
        code: "VNM",
        calling: "84",
        trunk: "0",
        mobile: &["90", "91", "93", "97", "98"],
        male: &[
            "an", "binh", "cuong", "dung", "hai", "hung", "nam", "quang", "thanh", "tuan", "long",
            "son",
        ],
        female: &[
            "anh", "hoa", "lan", "linh", "mai", "phuong", "thu", "trang", "huong", "ngoc",
        ],
        family: &[
            "nguyen", "tran", "le", "pham", "hoang", "phan", "vu", "dang", "bui", "do",
        ],
        style: Style::Vietnamese,
    },
    Region {
        code: "BGD",
        calling: "880",
        trunk: "0",
        mobile: &["17", "18", "19", "16", "15"],
        male: &[
            "mohammad", "abdul", "rahim", "karim", "shahidul", "rafiqul", "hasan", "habib",
            "kamrul", "monir", "jamal", "shafiq",
        ],
        female: &[
            "nasrin", "fatema", "roksana", "jahanara", "shirin", "rokeya", "salma", "taslima",
            "nazma",
        ],
        family: &[
            "islam",
            "rahman",
            "hossain",
            "ahmed",
            "uddin",
            "alam",
            "miah",
            "chowdhury",
            "sarker",
            "begum",
            "khatun",
            "akter",
        ],
        style: Style::Western,
    },
];

/// Spelling variants of the same name part as different clerks write it.
const VARIANTS: &[&[&str]] = &[
    &["mohammad", "muhammad", "mohammed", "mohamad", "muhammed"],
    &["mohamed", "mohammed", "muhamed"],
    &["ahmad", "ahmed", "ahmet"],
    &["ahmadi", "ahmady"],
    &["noori", "nouri", "nuri"],
    &["noor", "nur", "nour"],
    &["rahimi", "rahimy"],
    &["hossain", "hussain", "hosen", "hossein"],
    &["rahman", "rahaman", "rehman"],
    &["chowdhury", "chowdhuri", "choudhury"],
    &["fatema", "fatima", "fathima"],
    &["hassan", "hasan"],
    &["jawad", "javad"],
    &["kyaw", "kyau", "chaw"],
    &["myint", "myin"],
    &["htet", "htat"],
    &["nguyen", "nguyễn", "ngyuen"],
    &["tran", "trần"],
    &["pham", "phạm"],
    &["hoang", "hoàng", "huang"],
    &["phuong", "phương"],
    &["quang", "quan"],
    &["dang", "đặng"],
    &["sanjeewa", "sanjeeva"],
    &["tharindu", "tharindhu"],
    &["jayasinghe", "jayasingha"],
    &["rathnayake", "ratnayake"],
    &["wickramasinghe", "wickremasinghe"],
    &["gunawardena", "gunawardana"],
    &["saputra", "saputro"],
    &["setiawan", "setyawan"],
    &["susanto", "soesanto"],
    &["yusuf", "yusup", "yousuf"],
    &["rizki", "rizky"],
    &["shahidul", "shahidul", "sahidul"],
    &["rafiqul", "rofiqul"],
    &["abdul", "abdel"],
    &["uddin", "udin"],
    &["akter", "akhter", "akhtar"],
    &["khatun", "khatoon"],
];

fn variant(rng: &mut StdRng, part: &str) -> String {
    for group in VARIANTS {
        if group.contains(&part) {
            let others: Vec<&&str> = group.iter().filter(|v| **v != part).collect();
            if let Some(v) = others.choose(rng) {
                return (**v).to_string();
            }
        }
    }
    part.to_string()
}

fn typo(rng: &mut StdRng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 3 {
        return s.to_string();
    }
    let i = rng.random_range(1..c.len());
    match rng.random_range(0..4) {
        0 => {
            c.remove(i);
        }
        1 => {
            let x = char::from(b'a' + rng.random_range(0..26u8));
            c.insert(i, x);
        }
        2 => {
            if let Some(x) = c.get_mut(i) {
                *x = char::from(b'a' + rng.random_range(0..26u8));
            }
        }
        _ => c.swap(i - 1, i),
    }
    c.into_iter().collect()
}

/// A person as the world knows them.
#[derive(Debug, Clone)]
struct Person {
    region: usize,
    male: bool,
    /// Name parts in the order the culture writes the whole name.
    given: Vec<String>,
    family: Vec<String>,
    birth: (i32, u32, u32),
    /// Subscriber number without country code or trunk prefix.
    phone: Option<String>,
    passport: Option<String>,
    kind: Kind,
    /// How many records the person gets.
    records: usize,
}

fn region(i: usize) -> &'static Region {
    REGIONS.get(i % REGIONS.len()).unwrap_or(&REGIONS[0])
}

fn pick(rng: &mut StdRng, pool: &[&str]) -> String {
    pool.choose(rng)
        .map_or_else(String::new, |s| (*s).to_string())
}

fn new_name(rng: &mut StdRng, r: usize, male: bool) -> (Vec<String>, Vec<String>) {
    let reg = region(r);
    let pool = if male { reg.male } else { reg.female };
    match reg.style {
        Style::Indonesian => {
            if rng.random_bool(0.35) {
                (vec![pick(rng, pool)], vec![])
            } else if rng.random_bool(0.3) {
                (vec![pick(rng, pool), pick(rng, pool)], vec![])
            } else {
                let mut g = vec![pick(rng, pool)];
                if rng.random_bool(0.3) {
                    g.push(pick(rng, pool));
                }
                (g, vec![pick(rng, reg.family)])
            }
        }
        Style::Burmese => {
            let n = rng.random_range(2..=3);
            ((0..n).map(|_| pick(rng, pool)).collect(), vec![])
        }
        Style::Western => {
            let mut g = vec![pick(rng, pool)];
            if rng.random_bool(0.35) {
                g.push(pick(rng, pool));
            }
            (g, vec![pick(rng, reg.family)])
        }
        Style::Vietnamese => {
            let middle = if male {
                ["van", "duc", "minh", "quoc"]
            } else {
                ["thi", "ngoc", "thu", "kim"]
            };
            let m = pick(rng, &middle);
            (vec![m, pick(rng, pool)], vec![pick(rng, reg.family)])
        }
    }
}

fn birth(rng: &mut StdRng) -> (i32, u32, u32) {
    (
        rng.random_range(1962..=2007),
        rng.random_range(1..=12),
        rng.random_range(1..=28),
    )
}

fn subscriber(rng: &mut StdRng, r: usize) -> String {
    let reg = region(r);
    let prefix = pick(rng, reg.mobile);
    let rest: String = (0..(10 - prefix.len().min(4)))
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect();
    format!("{prefix}{rest}")
}

fn passport(rng: &mut StdRng, r: usize) -> String {
    let letter = char::from(b'A' + (rng.random_range(0..26u8)));
    let digits: String = (0..7)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect();
    format!("{}{letter}{digits}", region(r).code.get(..1).unwrap_or("X"))
}

/// Writes a subscriber number in one of four formats: international with `+`, international
/// with `00`, national with the trunk prefix, and digits run together with the country code.
fn format_phone(rng: &mut StdRng, r: usize, sub: &str) -> String {
    let reg = region(r);
    let (a, b) = sub.split_at(sub.len().min(3));
    let (b, c) = b.split_at(b.len().min(3));
    match rng.random_range(0..4) {
        0 => format!("+{} {a} {b} {c}", reg.calling),
        1 => format!("00{}-{a}-{b}{c}", reg.calling),
        2 => format!("{}{a} {b} {c}", reg.trunk),
        _ => format!("{}{sub}", reg.calling),
    }
}

fn birth_string(rng: &mut StdRng, (y, m, d): (i32, u32, u32), clean: bool) -> String {
    if clean {
        return format!("{y:04}-{m:02}-{d:02}");
    }
    let x: f64 = rng.random();
    if x < 0.08 {
        String::new()
    } else if x < 0.16 {
        format!("{y:04}")
    } else if x < 0.22 && d <= 12 && d != m {
        // Day and month swapped.
        format!("{y:04}-{d:02}-{m:02}")
    } else if x < 0.28 {
        // The last digit of the day mistyped (still a valid day).
        let mut d2 = d;
        for _ in 0..10 {
            let t = d - d % 10 + (d % 10 + rng.random_range(1..10)) % 10;
            if (1..=28).contains(&t) && t != d {
                d2 = t;
                break;
            }
        }
        format!("{y:04}-{m:02}-{d2:02}")
    } else if x < 0.31 {
        // The last digit of the year mistyped.
        let y2 = y - y % 10 + (y % 10 + rng.random_range(1..9)) % 10;
        format!("{y2:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// Renders one record of a person: the first record is the cleanest; later ones carry the
/// variation of another clerk, another state, another day.
fn render(rng: &mut StdRng, p: &Person, entity: &str, id: String, first: bool) -> SynthRecord {
    let spelling = if p.kind == Kind::Broker { 0.6 } else { 0.3 };
    let mut given = p.given.clone();
    let mut family = p.family.clone();
    if !first {
        for part in given.iter_mut().chain(family.iter_mut()) {
            if rng.random_bool(spelling) {
                *part = variant(rng, part);
            }
            if rng.random_bool(if p.kind == Kind::Broker { 0.2 } else { 0.06 }) {
                *part = typo(rng, part);
            }
        }
    }
    let mut g = given.join(" ");
    let mut f = family.join(" ");
    if !first {
        let x: f64 = rng.random();
        let all: Vec<String> = given.iter().chain(&family).cloned().collect();
        if x < 0.12 && !f.is_empty() {
            // Given and family name swapped.
            std::mem::swap(&mut g, &mut f);
        } else if x < 0.22 && all.len() >= 3 {
            // A multi-part name split at another place between the two fields.
            let cut = rng.random_range(1..all.len());
            g = all.get(..cut).unwrap_or_default().join(" ");
            f = all.get(cut..).unwrap_or_default().join(" ");
        } else if x < 0.3 && f.is_empty() && all.len() >= 2 {
            // A name with no family part split by a clerk who expects one.
            let cut = all.len() - 1;
            g = all.get(..cut).unwrap_or_default().join(" ");
            f = all.get(cut..).unwrap_or_default().join(" ");
        } else if x < 0.36 && f.is_empty() {
            // A mononym written in the family-name field.
            std::mem::swap(&mut g, &mut f);
        } else if x < 0.4 && given.len() == 2 {
            // Two given parts run together.
            g = given.concat();
        }
    }
    let reg = region(p.region);
    let phone = match &p.phone {
        Some(s) if first || rng.random_bool(0.7) => format_phone(rng, p.region, s),
        _ => String::new(),
    };
    let document = match &p.passport {
        Some(d) if first || rng.random_bool(0.45) => {
            if !first && rng.random_bool(0.05) {
                typo(rng, d)
            } else {
                d.clone()
            }
        }
        _ => String::new(),
    };
    let sex = if p.male { "M" } else { "F" };
    let (by, bm, bd) = p.birth;
    let clean_birth = first && !rng.random_bool(0.1);
    SynthRecord {
        id,
        given_name: g,
        surname: f,
        date_of_birth: birth_string(rng, p.birth, clean_birth),
        sex: if !first && rng.random_bool(0.1) {
            String::new()
        } else {
            sex.to_string()
        },
        nationality: if !first && rng.random_bool(0.1) {
            String::new()
        } else {
            reg.code.to_string()
        },
        phone,
        document_number: document,
        entity: entity.to_string(),
        true_birth: format!("{by:04}-{bm:02}-{bd:02}"),
        true_sex: sex.to_string(),
        kind: p.kind,
    }
}

fn records_per_person(rng: &mut StdRng) -> usize {
    let x: f64 = rng.random();
    match x {
        x if x < 0.45 => 1,
        x if x < 0.72 => 2,
        x if x < 0.87 => 3,
        x if x < 0.96 => 4,
        _ => 5,
    }
}

/// Generates the records of `people` persons (about 1.75 records per person), shuffled.
pub fn generate(people: usize, seed: u64) -> Vec<SynthRecord> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut persons: Vec<Person> = Vec::with_capacity(people);
    while persons.len() < people {
        let r = rng.random_range(0..REGIONS.len());
        let male = rng.random_bool(0.6);
        let trap: f64 = rng.random();
        let base = |rng: &mut StdRng, kind: Kind| {
            let (given, family) = new_name(rng, r, male);
            Person {
                region: r,
                male,
                given,
                family,
                birth: birth(rng),
                phone: rng.random_bool(0.75).then(|| subscriber(rng, r)),
                passport: rng.random_bool(0.4).then(|| passport(rng, r)),
                kind,
                records: records_per_person(rng),
            }
        };
        if trap < 0.04 && !persons.is_empty() {
            // Namesake: another person's whole name and birth year, a different person.
            let k = rng.random_range(0..persons.len());
            let Some(other) = persons.get(k).cloned() else {
                continue;
            };
            let mut p = base(&mut rng, Kind::Namesake);
            p.region = other.region;
            p.male = other.male;
            p.given = other.given.clone();
            p.family = other.family.clone();
            p.birth.0 = other.birth.0;
            if p.birth == other.birth {
                p.birth.2 = p.birth.2 % 28 + 1;
            }
            persons.push(p);
        } else if trap < 0.07 {
            // Twins: same family name, birth date, phone; each their own given name.
            let a = base(&mut rng, Kind::Twin);
            let mut b = base(&mut rng, Kind::Twin);
            b.family = a.family.clone();
            b.birth = a.birth;
            b.phone = a.phone.clone();
            b.region = a.region;
            let mut tries = 0;
            while b.given == a.given && tries < 20 {
                b.given = new_name(&mut rng, r, b.male).0;
                tries += 1;
            }
            if b.given == a.given {
                continue;
            }
            persons.push(a);
            persons.push(b);
        } else if trap < 0.11 {
            // A family of three to five sharing one phone and family name.
            let head = base(&mut rng, Kind::Family);
            let n = rng.random_range(2..=4);
            let phone = Some(subscriber(&mut rng, r));
            let mut fam = vec![head];
            for _ in 0..n {
                let male = rng.random_bool(0.5);
                let mut m = base(&mut rng, Kind::Family);
                m.male = male;
                m.given = new_name(&mut rng, r, male).0;
                m.family = fam.first().map(|h| h.family.clone()).unwrap_or_default();
                fam.push(m);
            }
            for mut m in fam {
                m.phone = phone.clone();
                persons.push(m);
            }
        } else if trap < 0.115 {
            // A broker: five records, spelt differently in each.
            let mut p = base(&mut rng, Kind::Broker);
            p.male = true;
            p.phone = Some(subscriber(&mut rng, r));
            p.records = 5;
            persons.push(p);
        } else {
            persons.push(base(&mut rng, Kind::Ordinary));
        }
    }
    persons.truncate(people);
    let mut out = Vec::new();
    for (k, p) in persons.iter().enumerate() {
        let entity = format!("P{k:06}");
        for j in 0..p.records {
            let id = format!("R{k:06}-{j}");
            out.push(render(&mut rng, p, &entity, id, j == 0));
        }
    }
    // Shuffle so record order carries no information, then number the records.
    for i in (1..out.len()).rev() {
        let j = rng.random_range(0..=i);
        out.swap(i, j);
    }
    for (i, r) in out.iter_mut().enumerate() {
        r.id = format!("r{i:06}");
    }
    out
}

/// The records as CSV text with the [`COLUMNS`] header.
pub fn to_csv(records: &[SynthRecord]) -> String {
    let quote = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for r in records {
        let line: Vec<String> = r.fields().iter().map(|f| quote(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_records_and_traps_present() {
        let a = generate(2000, 7);
        assert_eq!(a, generate(2000, 7));
        assert_ne!(a, generate(2000, 8));
        let ratio = a.len() as f64 / 2000.0;
        assert!((1.5..2.1).contains(&ratio), "{ratio}");
        for kind in [Kind::Namesake, Kind::Twin, Kind::Family, Kind::Broker] {
            assert!(a.iter().any(|r| r.kind == kind), "{kind:?}");
        }
        assert!(a.iter().any(|r| r.surname.is_empty()), "mononyms");
        assert!(a.iter().any(|r| r.phone.starts_with('+')));
        assert!(a.iter().any(|r| r.phone.starts_with("00")));
        assert!(
            a.iter()
                .any(|r| r.phone.starts_with('0') && !r.phone.starts_with("00"))
        );
        let csv = to_csv(&a);
        assert_eq!(csv.lines().count(), a.len() + 1);
    }
}

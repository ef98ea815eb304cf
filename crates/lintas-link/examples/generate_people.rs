//! Seeded generator of person records with known duplicates, for scale tests of `lintas link`.
//!
//! `cargo run --release -p lintas-link --example generate_people -- N SEED OUT.csv`
//!
//! Each entity gets one clean record; about 35 % get 1–3 duplicates carrying realistic errors:
//! typos (insert, delete, substitute, transpose), transliteration variants (Muhammad/Mohammed,
//! Nguyen/Nguyễn, Hossain/Hussain…), swapped given name and surname, missing fields, and
//! date-of-birth slips (day/month swap, one digit wrong). The `entity` column is the truth.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const GIVEN: &[&str] = &[
    "muhammad",
    "ahmad",
    "ali",
    "hassan",
    "hussain",
    "abdul",
    "fatima",
    "ayesha",
    "nur",
    "siti",
    "nguyen van",
    "tran thi",
    "aung",
    "kyaw",
    "thida",
    "min",
    "zaw",
    "hla",
    "somchai",
    "somsak",
    "malee",
    "sunee",
    "niran",
    "arun",
    "priya",
    "kumar",
    "ravi",
    "lakshmi",
    "nimal",
    "kamal",
    "chathura",
    "dilshan",
    "sanjeewa",
    "tharindu",
    "rahim",
    "karim",
    "rashid",
    "rohima",
    "jamal",
    "shafiq",
    "abdullah",
    "yusuf",
    "ibrahim",
    "ismail",
    "zainab",
    "mariam",
    "khadija",
    "agus",
    "budi",
    "dewi",
    "eko",
    "fitri",
    "hendra",
    "indah",
    "joko",
    "kurnia",
    "lestari",
    "made",
    "nyoman",
    "putu",
    "wayan",
    "ketut",
    "rina",
    "sri",
    "teguh",
    "wahyu",
    "yanti",
    "bayu",
    "citra",
    "dian",
    "gilang",
    "hadi",
    "irfan",
    "anh",
    "binh",
    "cuong",
    "dung",
    "hoa",
    "hung",
    "lan",
    "linh",
    "minh",
    "phuong",
    "quang",
    "thanh",
    "tuan",
    "vy",
    "sokha",
    "dara",
    "sophea",
    "vanna",
    "bopha",
    "chenda",
    "rith",
    "sovann",
    "mohammad",
    "reza",
    "farid",
    "jawad",
    "nasir",
    "wali",
    "zahra",
    "gul",
    "habib",
    "najib",
    "omar",
    "qasim",
    "samir",
    "tariq",
    "zaki",
    "bilal",
    "faisal",
    "hamid",
    "idris",
    "khalid",
    "latif",
    "mansur",
    "nabil",
    "rafiq",
    "salim",
    "tahir",
    "usman",
    "waqar",
    "yasin",
    "amal",
    "bushra",
    "dalia",
    "farah",
    "hana",
    "iman",
    "jamila",
    "layla",
    "nadia",
    "rania",
    "salma",
    "yasmin",
    "arjun",
    "deepa",
    "ganesh",
    "harish",
    "indira",
    "jaya",
    "kavya",
    "madhu",
    "naveen",
    "pooja",
    "rajesh",
    "suresh",
    "tenzin",
    "pema",
    "dorji",
    "karma",
    "sonam",
    "lhamo",
    "maung",
    "myint",
    "thant",
    "tun",
    "win",
    "yadanar",
    "joseph",
    "maria",
    "john",
    "grace",
    "peter",
    "anna",
    "david",
    "ruth",
    "samuel",
    "esther",
    "daniel",
    "sarah",
];
const SURNAME: &[&str] = &[
    "khan",
    "ahmed",
    "rahman",
    "hossain",
    "islam",
    "uddin",
    "begum",
    "akter",
    "chowdhury",
    "sarkar",
    "nguyen",
    "tran",
    "le",
    "pham",
    "hoang",
    "phan",
    "vu",
    "dang",
    "bui",
    "do",
    "ho",
    "ngo",
    "duong",
    "ly",
    "win",
    "oo",
    "htun",
    "naing",
    "lwin",
    "soe",
    "thein",
    "myint",
    "kyaw",
    "zaw",
    "wongsakul",
    "srisuk",
    "chaiyaporn",
    "boonmee",
    "sukhum",
    "rattana",
    "kaewkla",
    "thongchai",
    "perera",
    "fernando",
    "silva",
    "jayasinghe",
    "bandara",
    "dissanayake",
    "wickramasinghe",
    "kumara",
    "rajapaksa",
    "gunawardena",
    "sivakumar",
    "rajendran",
    "krishnan",
    "subramaniam",
    "pillai",
    "nair",
    "menon",
    "iyer",
    "reddy",
    "rao",
    "sharma",
    "singh",
    "gupta",
    "das",
    "bose",
    "sen",
    "dutta",
    "ghosh",
    "mukherjee",
    "hakimi",
    "popal",
    "karzai",
    "durrani",
    "ahmadzai",
    "yusufzai",
    "stanikzai",
    "mohammadi",
    "hashimi",
    "rahimi",
    "sultani",
    "noori",
    "azizi",
    "haidari",
    "sadat",
    "wardak",
    "safi",
    "mangal",
    "zadran",
    "siregar",
    "simanjuntak",
    "harahap",
    "nasution",
    "lubis",
    "hutapea",
    "sitompul",
    "wijaya",
    "santoso",
    "susanto",
    "gunawan",
    "setiawan",
    "kusuma",
    "pratama",
    "saputra",
    "hidayat",
    "nugroho",
    "wibowo",
    "purnomo",
    "halim",
    "salim",
    "tan",
    "lim",
    "lee",
    "ong",
    "goh",
    "chua",
    "teo",
    "ng",
    "wong",
    "chan",
    "cheng",
    "yap",
    "koh",
    "bin ali",
    "bin ahmad",
    "binti hassan",
    "abdullah",
    "ismail",
    "ibrahim",
    "yusof",
    "osman",
    "hamzah",
    "jaafar",
    "mahmud",
    "sok",
    "chea",
    "heng",
    "keo",
    "mao",
    "prak",
    "seng",
    "sun",
    "touch",
    "ung",
    "vong",
    "yim",
    "dorji",
    "wangchuk",
    "tshering",
    "gurung",
    "tamang",
    "rai",
    "limbu",
    "magar",
    "thapa",
    "shrestha",
    "karki",
    "bhandari",
    "adhikari",
    "smith",
    "brown",
    "wilson",
    "taylor",
    "martin",
    "walker",
    "white",
    "thompson",
    "harris",
    "clarke",
    "lewis",
    "young",
];
const VARIANTS: &[&[&str]] = &[
    &[
        "muhammad", "mohammed", "mohamed", "muhammed", "mohamad", "mohd",
    ],
    &["mohammad", "muhammad", "mohamad"],
    &["ahmad", "ahmed", "ahmet"],
    &["hussain", "hossain", "husain", "hussein"],
    &["hossain", "hussain", "hosain"],
    &["nguyen", "nguyễn", "ngyuen"],
    &["tran", "trần"],
    &["pham", "phạm"],
    &["yusuf", "yousef", "yusof", "youssef"],
    &["abdul", "abd", "abdel"],
    &["rahman", "rehman", "rahaman"],
    &["chowdhury", "choudhury", "chaudhry"],
    &["fatima", "fatimah", "fathima"],
    &["ayesha", "aisha", "aishah"],
    &["kyaw", "kyow"],
    &["aung", "aong"],
    &["siti", "sitti"],
    &["ibrahim", "ebrahim", "ibraheem"],
    &["omar", "umar"],
    &["usman", "osman", "uthman"],
];
const NATIONALITY: &[&str] = &[
    "AFG", "MMR", "LKA", "BGD", "IDN", "MYS", "THA", "VNM", "KHM", "PAK", "IRN", "NPL", "IND",
    "AUS", "NZL",
];
const CITY: &[&str] = &[
    "jakarta",
    "surabaya",
    "medan",
    "kupang",
    "kuala lumpur",
    "johor bahru",
    "penang",
    "bangkok",
    "songkhla",
    "ranong",
    "yangon",
    "sittwe",
    "cox's bazar",
    "dhaka",
    "chittagong",
    "colombo",
    "negombo",
    "jaffna",
    "kabul",
    "herat",
    "quetta",
    "karachi",
    "ho chi minh city",
    "hanoi",
    "phnom penh",
    "darwin",
    "perth",
    "christmas island",
    "auckland",
];

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    // Skew: the first ten entries are about four times as common, as real name lists are.
    let i = if rng.random_bool(0.3) {
        rng.random_range(0..10.min(list.len()))
    } else {
        rng.random_range(0..list.len())
    };
    list.get(i).copied().unwrap_or("x")
}

fn typo(rng: &mut StdRng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 2 {
        return s.to_string();
    }
    let i = rng.random_range(0..c.len() - 1);
    let letter = (b'a' + rng.random_range(0..26u8)) as char;
    match rng.random_range(0..4) {
        0 => c.insert(i, letter),
        1 => {
            c.remove(i);
        }
        2 => c[i] = letter,
        _ => c.swap(i, i + 1),
    }
    c.into_iter().collect()
}

fn variant(rng: &mut StdRng, s: &str) -> Option<String> {
    let mut out = Vec::new();
    let mut changed = false;
    for w in s.split(' ') {
        match VARIANTS.iter().find(|v| v.first() == Some(&w)) {
            Some(v) if v.len() > 1 => {
                out.push(v[rng.random_range(1..v.len())].to_string());
                changed = true;
            }
            _ => out.push(w.to_string()),
        }
    }
    changed.then(|| out.join(" "))
}

struct Person {
    given: String,
    surname: String,
    dob: (i32, u32, u32),
    sex: &'static str,
    nationality: String,
    phone: String,
    city: String,
}

fn duplicate(rng: &mut StdRng, p: &Person) -> [String; 7] {
    let mut given = p.given.clone();
    let mut surname = p.surname.clone();
    let (mut y, mut m, mut d) = p.dob;
    let mut phone = p.phone.clone();
    let mut city = p.city.clone();
    let mut nationality = p.nationality.clone();
    let mut sex = p.sex.to_string();
    let errors = rng.random_range(1..=3);
    for _ in 0..errors {
        match rng.random_range(0..10) {
            0 | 1 => given = typo(rng, &given),
            2 | 3 => surname = typo(rng, &surname),
            4 => {
                if let Some(v) = variant(rng, &given) {
                    given = v;
                } else if let Some(v) = variant(rng, &surname) {
                    surname = v;
                } else {
                    surname = typo(rng, &surname);
                }
            }
            5 => std::mem::swap(&mut given, &mut surname),
            6 => match rng.random_range(0..5) {
                0 => given.clear(),
                1 => surname.clear(),
                2 => phone.clear(),
                3 => city.clear(),
                _ => nationality.clear(),
            },
            7 => {
                if d <= 12 && rng.random_bool(0.5) {
                    std::mem::swap(&mut d, &mut m);
                } else {
                    d = (d % 28) + 1;
                }
            }
            8 => y += if rng.random_bool(0.5) { 1 } else { -1 },
            _ => {
                phone = typo(rng, &phone);
                if rng.random_bool(0.2) {
                    sex.clear();
                }
            }
        }
    }
    let dob = if rng.random_bool(0.05) {
        String::new()
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    };
    [given, surname, dob, sex, nationality, phone, city]
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(2026);
    let out = args.get(3).cloned().unwrap_or_else(|| "people.csv".into());
    let mut rng = StdRng::seed_from_u64(seed);
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(std::fs::File::create(&out)?));
    w.write_record([
        "id",
        "entity",
        "given_name",
        "surname",
        "date_of_birth",
        "sex",
        "nationality",
        "phone",
        "city",
    ])?;
    let (mut written, mut entity) = (0usize, 0usize);
    while written < n {
        let given = if rng.random_bool(0.25) {
            format!("{} {}", pick(&mut rng, GIVEN), pick(&mut rng, GIVEN))
        } else {
            pick(&mut rng, GIVEN).to_string()
        };
        let p = Person {
            given,
            surname: pick(&mut rng, SURNAME).to_string(),
            dob: (
                rng.random_range(1950..2010),
                rng.random_range(1..=12),
                rng.random_range(1..=28),
            ),
            sex: if rng.random_bool(0.5) { "m" } else { "f" },
            nationality: pick(&mut rng, NATIONALITY).to_string(),
            phone: format!(
                "+{}{:09}",
                rng.random_range(60..99),
                rng.random_range(0..1_000_000_000u64)
            ),
            city: pick(&mut rng, CITY).to_string(),
        };
        let (y, m, d) = p.dob;
        let e = format!("e{entity}");
        let clean = [
            p.given.clone(),
            p.surname.clone(),
            format!("{y:04}-{m:02}-{d:02}"),
            p.sex.to_string(),
            p.nationality.clone(),
            p.phone.clone(),
            p.city.clone(),
        ];
        let mut rows = vec![clean];
        if rng.random_bool(0.35) {
            for _ in 0..rng.random_range(1..=3) {
                rows.push(duplicate(&mut rng, &p));
            }
        }
        for r in rows {
            if written >= n {
                break;
            }
            let id = format!("r{written}");
            w.write_record([
                id.as_str(),
                e.as_str(),
                &r[0],
                &r[1],
                &r[2],
                &r[3],
                &r[4],
                &r[5],
                &r[6],
            ])?;
            written += 1;
        }
        entity += 1;
    }
    w.flush()?;
    eprintln!("wrote {written} records of {entity} entities to {out}");
    Ok(())
}

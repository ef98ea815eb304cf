//! A seeded regional screening set: innocent names shaped like the region's people
//! (negatives) and spelling variants of real list entries (positives), to measure
//! screening precision and recall on the names border officers actually type.
//!
//! The pools below are written for this set and are not the engine's frequency corpus
//! ([`crate::freq`]); both draw on the same common names, as any two samples of the
//! region's names do. Rows are split by position: even rows are the development half,
//! odd rows the held-out half (see `docs/benchmarks.md`).

use crate::model::{EntityKind, Entry};

/// One labelled query of the set.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledQuery {
    /// The name as typed.
    pub name: String,
    /// The list entry it denotes (positives), `None` for an innocent name.
    pub expected: Option<String>,
    /// Where the name comes from: the culture of a negative, the variant kind of a positive.
    pub kind: &'static str,
    /// A negative that is a listed name or alias, up to spelling (same core parts after
    /// folding and the known-variant table, any order): no name-only screening can tell
    /// this innocent from the listed person, so precision is reported with and without
    /// these.
    pub homonym: bool,
}

struct Pool {
    culture: &'static str,
    given: &'static [&'static str],
    family: &'static [&'static str],
    shape: Shape,
}

#[derive(Clone, Copy)]
enum Shape {
    /// given [given] family, sometimes a mononym
    Indonesian,
    /// given [given] bin/binti father
    Malay,
    /// two to four syllables
    Burmese,
    /// given [given] family, or given family with a `Gul`/`Jan` compound
    Afghan,
    /// given family, sometimes initials first
    SriLankan,
    /// family middle given, sometimes given family
    Vietnamese,
    /// [Md] given [given] family
    Bangladeshi,
    /// family given (one or two syllables), sometimes given family
    Chinese,
    /// given family
    Thai,
    /// given [middle] family
    Filipino,
}

const POOLS: &[Pool] = &[
    Pool {
        culture: "indonesian",
        given: &[
            "Budi", "Agus", "Joko", "Slamet", "Bambang", "Dedi", "Eko", "Hendra", "Rudi", "Wahyu",
            "Teguh", "Yudi", "Bayu", "Andi", "Arief", "Dimas", "Fajar", "Imam", "Sri", "Dewi",
            "Ratna", "Wati", "Yuni", "Indah", "Putri", "Rina", "Sari", "Endang", "Lestari", "Ayu",
            "Wulan", "Fitri", "Nur", "Siti", "Rizky", "Adi", "Heru", "Iwan", "Dian", "Yanti",
            "Hadi", "Sutrisno", "Suparman", "Muhammad", "Ahmad", "Irfan", "Rahmat", "Taufik",
        ],
        family: &[
            "Santoso",
            "Wijaya",
            "Susanto",
            "Hidayat",
            "Gunawan",
            "Setiawan",
            "Kurniawan",
            "Saputra",
            "Pratama",
            "Nugroho",
            "Purnomo",
            "Wibowo",
            "Hartono",
            "Siregar",
            "Nasution",
            "Lubis",
            "Simanjuntak",
            "Harahap",
            "Sitompul",
            "Rahayu",
            "Handayani",
            "Suryadi",
            "Firmansyah",
            "Hakim",
            "Sulistyo",
            "Utomo",
            "Prasetyo",
            "Ramadhan",
        ],
        shape: Shape::Indonesian,
    },
    Pool {
        culture: "malay",
        given: &[
            "Ahmad",
            "Muhammad",
            "Mohd",
            "Azman",
            "Faizal",
            "Hafiz",
            "Ismail",
            "Kamal",
            "Rizal",
            "Syafiq",
            "Zulkifli",
            "Amir",
            "Hakim",
            "Nazri",
            "Shahrul",
            "Anuar",
            "Rosli",
            "Hisham",
            "Iskandar",
            "Firdaus",
            "Siti",
            "Nur",
            "Aminah",
            "Farah",
            "Nurul",
            "Aisyah",
            "Zainab",
            "Rohani",
            "Salmah",
            "Norhayati",
            "Fatimah",
            "Azizah",
            "Amirul",
            "Haziq",
        ],
        family: &[
            "Abdullah", "Ibrahim", "Hassan", "Othman", "Yusof", "Ismail", "Razak", "Hamid",
            "Rahman", "Salleh", "Ali", "Omar", "Jaafar", "Mahmud", "Zakaria", "Sulaiman", "Harun",
            "Idris", "Aziz", "Kassim", "Mohamad", "Yaacob", "Hashim", "Ariffin",
        ],
        shape: Shape::Malay,
    },
    Pool {
        culture: "burmese",
        given: &[
            "Aung", "Kyaw", "Myint", "Win", "Zaw", "Htun", "Tun", "Min", "Hlaing", "Maung",
            "Thein", "Soe", "Naing", "Oo", "Khin", "San", "Mya", "Nyein", "Moe", "Thu", "Hla",
            "Ko", "Phyo", "Nay", "Lwin", "Htet", "Wai", "Yan", "Thura", "Myo", "Than", "Ye", "Zin",
            "Su", "Thida", "Ei", "Sandar", "Hnin", "Pyae", "Sithu", "Kaung", "Nyi",
        ],
        family: &[],
        shape: Shape::Burmese,
    },
    Pool {
        culture: "afghan",
        given: &[
            "Mohammad",
            "Ahmad",
            "Abdul",
            "Gul",
            "Noor",
            "Said",
            "Sayed",
            "Mir",
            "Shah",
            "Ali",
            "Hamid",
            "Karim",
            "Rahim",
            "Wahid",
            "Zabiullah",
            "Rahmatullah",
            "Hayatullah",
            "Najibullah",
            "Asadullah",
            "Farid",
            "Nasir",
            "Jawad",
            "Habib",
            "Omid",
            "Samiullah",
            "Fazal",
            "Rafi",
            "Hekmat",
            "Bashir",
            "Shafiq",
            "Mujib",
            "Zarghona",
            "Fatima",
            "Mariam",
            "Parwana",
            "Freshta",
            "Shabnam",
            "Nilofar",
            "Lina",
            "Sima",
            "Zahra",
            "Ghulam",
            "Khalid",
            "Jamil",
            "Naveed",
            "Sohail",
            "Wali",
            "Mansoor",
        ],
        family: &[
            "Ahmadi",
            "Rahimi",
            "Karimi",
            "Noori",
            "Hakimi",
            "Mohammadi",
            "Hussaini",
            "Sultani",
            "Popal",
            "Wardak",
            "Stanikzai",
            "Safi",
            "Azizi",
            "Nazari",
            "Amiri",
            "Jalali",
            "Sadat",
            "Haidari",
            "Niazi",
            "Durrani",
            "Barakzai",
            "Yousufzai",
            "Hashimi",
            "Rasuli",
            "Akbari",
            "Sharifi",
            "Habibi",
            "Rezai",
            "Samadi",
            "Qaderi",
            "Faizi",
            "Zaheer",
            "Kohistani",
            "Mangal",
            "Khan",
            "Jan",
            "Sediqi",
            "Osmani",
            "Naseri",
        ],
        shape: Shape::Afghan,
    },
    Pool {
        culture: "sri_lankan",
        given: &[
            "Nimal",
            "Kamal",
            "Sunil",
            "Ruwan",
            "Chaminda",
            "Kasun",
            "Nuwan",
            "Saman",
            "Lasith",
            "Dinesh",
            "Pradeep",
            "Mahesh",
            "Chathura",
            "Tharindu",
            "Dilani",
            "Nadeesha",
            "Sanduni",
            "Madushani",
            "Ishara",
            "Anoma",
            "Sivakumar",
            "Ravi",
            "Suresh",
            "Ganesh",
            "Murugan",
            "Selvam",
            "Kavitha",
            "Priya",
            "Lakshmi",
            "Thilini",
            "Upul",
            "Asanka",
        ],
        family: &[
            "Perera",
            "Fernando",
            "Silva",
            "Jayasinghe",
            "Bandara",
            "Kumara",
            "Dissanayake",
            "Wickramasinghe",
            "Herath",
            "Gunawardena",
            "Senanayake",
            "Rathnayake",
            "Wijesinghe",
            "Jayawardena",
            "Karunaratne",
            "Rajapaksha",
            "Liyanage",
            "Weerasinghe",
            "Nadarajah",
            "Sivanesan",
            "Thambiah",
            "Kanagaratnam",
            "Pillai",
            "Mendis",
            "Peiris",
            "Cooray",
        ],
        shape: Shape::SriLankan,
    },
    Pool {
        culture: "vietnamese",
        given: &[
            "Anh", "Minh", "Tuan", "Hung", "Dung", "Linh", "Huong", "Lan", "Hoa", "Thanh", "Nam",
            "Hai", "Long", "Quang", "Duc", "Trung", "Phuong", "Thao", "Mai", "Ngoc", "Hieu",
            "Khanh", "Son", "Binh", "Cuong", "Hoang", "Tam", "Vy", "Trang", "Nhung", "Thu", "Hanh",
            "Thuy", "Dat", "Phuc", "Tien", "Vinh", "Quan",
        ],
        family: &[
            "Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Vo", "Dang", "Bui",
            "Do", "Ho", "Ngo", "Duong", "Ly", "Dinh", "Trinh", "Truong", "Lam", "Mai",
        ],
        shape: Shape::Vietnamese,
    },
    Pool {
        culture: "bangladeshi",
        given: &[
            "Rafiqul", "Shafiqul", "Aminul", "Nazrul", "Mizanur", "Habibur", "Mahbubur", "Abdur",
            "Abdul", "Kamrul", "Jahangir", "Alamgir", "Rashid", "Karim", "Salim", "Nasrin",
            "Shirin", "Ayesha", "Rokeya", "Sultana", "Fatema", "Nusrat", "Tania", "Mamun", "Masud",
            "Sohel", "Rubel", "Shahin", "Faruk", "Jamal", "Kabir", "Anwar", "Delwar", "Monir",
            "Shahidul", "Zahid",
        ],
        family: &[
            "Islam",
            "Rahman",
            "Hossain",
            "Ahmed",
            "Akter",
            "Begum",
            "Khatun",
            "Uddin",
            "Alam",
            "Sarker",
            "Chowdhury",
            "Miah",
            "Ali",
            "Khan",
            "Hasan",
            "Haque",
            "Sheikh",
            "Bhuiyan",
            "Mollah",
            "Talukder",
            "Mondal",
            "Sarkar",
            "Karim",
            "Biswas",
            "Das",
            "Roy",
        ],
        shape: Shape::Bangladeshi,
    },
    Pool {
        culture: "chinese",
        given: &[
            "Wei", "Ming", "Jun", "Hui", "Ying", "Hua", "Jie", "Ling", "Fang", "Yan", "Xiao",
            "Lei", "Tao", "Hong", "Jing", "Qiang", "Yong", "Bin", "Chao", "Gang", "Ping", "Lin",
            "Xin", "Yu", "Hao", "Peng", "Kai", "Rui", "Mei", "Na", "Li", "Ah", "Boon", "Kow",
            "Seng", "Chee", "Keng", "Siew",
        ],
        family: &[
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
            "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Chan", "Wong", "Lee",
            "Tan", "Lim", "Ng", "Ong", "Goh", "Teo", "Chua", "Lau", "Cheung", "Leung", "Ho",
        ],
        shape: Shape::Chinese,
    },
    Pool {
        culture: "thai",
        given: &[
            "Somchai",
            "Somsak",
            "Somporn",
            "Malee",
            "Siriporn",
            "Supaporn",
            "Wanida",
            "Niran",
            "Prasert",
            "Sombat",
            "Suchart",
            "Kittisak",
            "Anong",
            "Pornthip",
            "Rattana",
            "Wichai",
            "Surachai",
            "Nattapong",
            "Thanawat",
            "Kanokwan",
            "Sunisa",
            "Chaiwat",
        ],
        family: &[
            "Srisuk",
            "Wongsawat",
            "Saelim",
            "Saetang",
            "Chaiyaporn",
            "Boonmee",
            "Suksawat",
            "Thongchai",
            "Rattanakul",
            "Kaewkla",
            "Phromma",
            "Inthasorn",
            "Chanthavong",
            "Sukprasert",
            "Jaidee",
            "Meesuk",
            "Thongdee",
            "Srisawat",
        ],
        shape: Shape::Thai,
    },
    Pool {
        culture: "filipino",
        given: &[
            "Maria", "Jose", "Juan", "John", "Mark", "Michael", "Ana", "Rosa", "Antonio", "Ramon",
            "Rodrigo", "Jocelyn", "Marites", "Mary", "Grace", "Joy", "Ricardo", "Eduardo",
            "Roberto", "Cristina", "Angelica", "Jerome", "Rommel", "Arnel",
        ],
        family: &[
            "Santos",
            "Reyes",
            "Cruz",
            "Bautista",
            "Ocampo",
            "Garcia",
            "Mendoza",
            "Torres",
            "Tomas",
            "Andres",
            "Castillo",
            "Flores",
            "Villanueva",
            "Ramos",
            "Castro",
            "Rivera",
            "Aquino",
            "Navarro",
            "Salazar",
            "Mercado",
            "Dela Cruz",
            "Gonzales",
            "Lopez",
        ],
        shape: Shape::Filipino,
    },
];

fn pick(rng: &mut fastrand::Rng, xs: &[&'static str]) -> &'static str {
    xs.get(rng.usize(..xs.len().max(1))).copied().unwrap_or("")
}

fn innocent(rng: &mut fastrand::Rng, p: &Pool) -> String {
    let g = |rng: &mut fastrand::Rng| pick(rng, p.given);
    let f = |rng: &mut fastrand::Rng| pick(rng, p.family);
    match p.shape {
        Shape::Indonesian => match rng.u8(..10) {
            0..=1 => g(rng).to_string(),
            2..=4 => format!("{} {}", g(rng), g(rng)),
            5..=7 => format!("{} {}", g(rng), f(rng)),
            _ => format!("{} {} {}", g(rng), g(rng), f(rng)),
        },
        Shape::Malay => match rng.u8(..10) {
            0..=4 => {
                let marker = if rng.bool() { "bin" } else { "binti" };
                format!("{} {marker} {}", g(rng), f(rng))
            }
            5..=6 => format!("{} {} {}", g(rng), g(rng), f(rng)),
            _ => format!("{} {}", g(rng), f(rng)),
        },
        Shape::Burmese => {
            let n = rng.usize(2..5);
            let parts: Vec<&str> = (0..n).map(|_| g(rng)).collect();
            parts.join(" ")
        }
        Shape::Afghan => match rng.u8(..10) {
            0..=3 => format!("{} {}", g(rng), f(rng)),
            4..=6 => format!("{} {} {}", g(rng), g(rng), f(rng)),
            7 => format!("{} {}", g(rng), g(rng)),
            _ => format!("{} {}", g(rng), pick(rng, &["Gul", "Jan", "Khan", "Shah"])),
        },
        Shape::SriLankan => match rng.u8(..10) {
            0..=6 => format!("{} {}", g(rng), f(rng)),
            7 => format!(
                "{}. {}. {} {}",
                pick(rng, &["W", "K", "H", "M", "R", "A"]),
                pick(rng, &["M", "A", "P", "D", "S"]),
                g(rng),
                f(rng)
            ),
            _ => format!("{} {} {}", g(rng), g(rng), f(rng)),
        },
        Shape::Vietnamese => {
            let mid = pick(rng, &["Van", "Thi", "Minh", "Duc", "Ngoc", "Thanh", "Hong"]);
            match rng.u8(..10) {
                0..=6 => format!("{} {mid} {}", f(rng), g(rng)),
                7..=8 => format!("{} {}", f(rng), g(rng)),
                _ => format!("{} {}", g(rng), f(rng)),
            }
        }
        Shape::Bangladeshi => match rng.u8(..10) {
            0..=3 => format!("Md {} {}", g(rng), f(rng)),
            4..=5 => format!("Mohammad {} {}", g(rng), f(rng)),
            _ => format!("{} {}", g(rng), f(rng)),
        },
        Shape::Chinese => match rng.u8(..10) {
            0..=3 => format!("{} {}", f(rng), g(rng)),
            4..=6 => format!("{} {}{}", f(rng), g(rng), g(rng).to_lowercase()),
            7 => format!("{} {} {}", f(rng), g(rng), g(rng)),
            _ => format!("{} {}", g(rng), f(rng)),
        },
        Shape::Thai => format!("{} {}", g(rng), f(rng)),
        Shape::Filipino => match rng.u8(..10) {
            0..=5 => format!("{} {}", g(rng), f(rng)),
            _ => format!("{} {} {}", g(rng), f(rng), f(rng)),
        },
    }
}

/// Order-free key of a name's core parts up to spelling: each part's known-variant group
/// when it has one (`Muhammad`/`Mohd`/`Md`), its folded spelling otherwise.
fn name_key(name: &str) -> String {
    let parsed = crate::parts::parse_name(name);
    let mut parts: Vec<String> = parsed
        .parts()
        .filter(|p| p.tag.weight() >= 0.8)
        .map(|p| {
            if p.groups != 0 {
                format!("#{}", p.groups.trailing_zeros())
            } else {
                p.canon.to_string()
            }
        })
        .collect();
    parts.sort_unstable();
    parts.join(" ")
}

/// `n` distinct innocent regional names (deterministic for `seed`), cultures in turn;
/// those that are a name or alias of `list` up to spelling are marked
/// ([`LabelledQuery::homonym`]).
pub fn negatives(n: usize, seed: u64, list: &[Entry]) -> Vec<LabelledQuery> {
    let listed: std::collections::HashSet<String> = list
        .iter()
        .flat_map(|e| e.names.iter())
        .map(|s| name_key(s))
        .collect();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = Vec::with_capacity(n);
    let mut seen = std::collections::HashSet::new();
    let mut tries = 0usize;
    while out.len() < n && tries < n * 50 {
        tries += 1;
        let Some(p) = POOLS.get(tries % POOLS.len()) else {
            continue;
        };
        let name = innocent(&mut rng, p);
        if !seen.insert(name.clone()) {
            continue;
        }
        let homonym = listed.contains(&name_key(&name));
        out.push(LabelledQuery {
            name,
            expected: None,
            kind: p.culture,
            homonym,
        });
    }
    out
}

/// Spellings of one transliterated sound that clerks swap (applied once, at a
/// random matching place).
const SPELLINGS: &[(&str, &str)] = &[
    ("mohammad", "muhammad"),
    ("muhammad", "mohammed"),
    ("mohammed", "mohamed"),
    ("abdul", "abdel"),
    ("abdul ", "abdul"),
    ("ullah", "ulla"),
    ("kh", "k"),
    ("q", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("u", "o"),
    ("i", "e"),
    ("a", "e"),
    ("y", "i"),
    ("dh", "z"),
    ("z", "dh"),
    ("j", "dj"),
    ("sh", "ch"),
    ("ph", "f"),
    ("w", "v"),
    ("ai", "ay"),
    ("al-", "el-"),
    ("al-", "al "),
    ("ss", "s"),
    ("h", ""),
];

fn transliterated(rng: &mut fastrand::Rng, name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    for _ in 0..12 {
        let (a, b) = SPELLINGS
            .get(rng.usize(..SPELLINGS.len()))
            .copied()
            .unwrap_or(("", ""));
        let hits: Vec<usize> = lower.match_indices(a).map(|(i, _)| i).collect();
        if let Some(&at) = hits.get(rng.usize(..hits.len().max(1))) {
            let mut s = lower.clone();
            s.replace_range(at..at + a.len(), b);
            return Some(s);
        }
    }
    None
}

fn words(name: &str) -> Vec<&str> {
    name.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect()
}

fn typo(rng: &mut fastrand::Rng, name: &str) -> Option<String> {
    let ws = words(name);
    let long: Vec<usize> = (0..ws.len())
        .filter(|&i| ws.get(i).is_some_and(|w| w.chars().count() >= 5))
        .collect();
    let &wi = long.get(rng.usize(..long.len().max(1)))?;
    let w: Vec<char> = ws.get(wi)?.chars().collect();
    let at = rng.usize(1..w.len() - 1);
    let mut t = w.clone();
    match rng.u8(..3) {
        0 => {
            t.remove(at);
        }
        1 => t.swap(at, at + 1),
        _ => {
            let c = *w.get(at)?;
            let repl = match c.to_ascii_lowercase() {
                'a' => 'e',
                'e' => 'a',
                'i' => 'y',
                'o' => 'u',
                'u' => 'o',
                'n' => 'm',
                'm' => 'n',
                'r' => 'l',
                'l' => 'r',
                's' => 'z',
                'd' => 't',
                't' => 'd',
                _ => 'x',
            };
            if let Some(x) = t.get_mut(at) {
                *x = repl;
            }
        }
    }
    let mut out: Vec<String> = ws.iter().map(|s| s.to_string()).collect();
    if let Some(x) = out.get_mut(wi) {
        *x = t.into_iter().collect();
    }
    Some(out.join(" "))
}

fn swapped(rng: &mut fastrand::Rng, name: &str) -> Option<String> {
    let mut ws = words(name);
    if ws.len() < 2 {
        return None;
    }
    let k = rng.usize(1..ws.len());
    ws.rotate_left(k);
    Some(ws.join(" "))
}

fn dropped_middle(rng: &mut fastrand::Rng, name: &str) -> Option<String> {
    let mut ws = words(name);
    if ws.len() < 3 {
        return None;
    }
    let at = rng.usize(1..ws.len() - 1);
    ws.remove(at);
    Some(ws.join(" "))
}

fn latin(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_ascii() || !c.is_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
}

/// `n` variants of person entries of `list` (deterministic for `seed`): a clerk's
/// transliteration, the parts in another order, a middle part dropped, or a typo, in
/// turn, of a Latin-script name or alias of an entry drawn at random.
pub fn positives(n: usize, seed: u64, list: &[Entry]) -> Vec<LabelledQuery> {
    let persons: Vec<&Entry> = list
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .collect();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = Vec::with_capacity(n);
    let mut tries = 0usize;
    while out.len() < n && tries < n * 50 && !persons.is_empty() {
        tries += 1;
        let Some(e) = persons.get(rng.usize(..persons.len())) else {
            continue;
        };
        let names: Vec<&String> = e.names.iter().filter(|s| latin(s)).collect();
        let Some(name) = names.get(rng.usize(..names.len().max(1))) else {
            continue;
        };
        // Some list names span lines: a typed query does not.
        let name = &words(name).join(" ");
        // Kinds in turn per pair of rows, so that both halves hold every kind.
        let (kind, made) = match (out.len() / 2) % 4 {
            0 => ("transliteration", transliterated(&mut rng, name)),
            1 => ("order", swapped(&mut rng, name)),
            2 => ("dropped_middle", dropped_middle(&mut rng, name)),
            _ => ("typo", typo(&mut rng, name)),
        };
        let Some(made) =
            made.filter(|m| !m.trim().is_empty() && m.to_lowercase() != name.to_lowercase())
        else {
            continue;
        };
        out.push(LabelledQuery {
            name: made,
            expected: Some(e.id.clone()),
            kind,
            homonym: false,
        });
    }
    out
}

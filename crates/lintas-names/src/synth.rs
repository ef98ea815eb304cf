//! A seeded generator of watchlist-like entries with names from the region's
//! languages, for speed benchmarks and demo data (deterministic for a given seed).

use crate::model::{BirthDate, EntityKind, Entry, Gender};

struct Culture {
    nationalities: &'static [&'static str],
    male: &'static [&'static str],
    female: &'static [&'static str],
    family: &'static [&'static str],
    pattern: Pattern,
}

#[derive(Clone, Copy)]
enum Pattern {
    /// given [bin/binti father]
    Malay,
    /// one or two names, no family name
    Indonesian,
    /// 2–4 syllables, maybe U/Daw
    Burmese,
    /// family first, then given
    FamilyFirst,
    /// Vietnamese: family, middle, given
    Vietnamese,
    /// given [middle] family
    GivenFamily,
}

const CULTURES: &[Culture] = &[
    Culture {
        nationalities: &["MYS", "BRN", "SGP"],
        male: &[
            "Ahmad", "Muhammad", "Mohd", "Azman", "Faizal", "Hafiz", "Ismail", "Kamal", "Rizal",
            "Syafiq", "Zulkifli", "Amir", "Hakim", "Nazri", "Shahrul", "Anuar", "Rosli", "Hisham",
            "Iskandar", "Firdaus",
        ],
        female: &[
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
            "Hasnah",
            "Fatimah",
            "Azizah",
            "Rahmah",
            "Sharifah",
        ],
        family: &[
            "Abdullah", "Ibrahim", "Hassan", "Othman", "Yusof", "Ismail", "Razak", "Hamid",
            "Rahman", "Salleh", "Ali", "Omar", "Jaafar", "Mahmud", "Zakaria", "Sulaiman", "Harun",
            "Idris",
        ],
        pattern: Pattern::Malay,
    },
    Culture {
        nationalities: &["IDN"],
        male: &[
            "Budi", "Agus", "Joko", "Slamet", "Bambang", "Dedi", "Eko", "Hendra", "Rudi", "Wahyu",
            "Sutrisno", "Suharto", "Teguh", "Yudi", "Bayu", "Andi", "Arief", "Dimas", "Fajar",
            "Imam",
        ],
        female: &[
            "Sri", "Dewi", "Ratna", "Wati", "Yuni", "Indah", "Putri", "Rina", "Sari", "Endang",
            "Lestari", "Kartika", "Ayu", "Wulan", "Fitri",
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
            "Nugroho",
            "Pratama",
            "Siregar",
            "Nasution",
            "Simanjuntak",
            "Harahap",
            "Sihombing",
            "Purnomo",
            "Wibowo",
            "Halim",
        ],
        pattern: Pattern::Indonesian,
    },
    Culture {
        nationalities: &["MMR"],
        male: &[
            "Aung", "Kyaw", "Min", "Zaw", "Htet", "Naing", "Thein", "Tun", "Soe", "Win", "Myint",
            "Ko", "Maung", "Thant", "Hlaing", "Lwin", "Oo", "Htay", "Phyo", "Thura",
        ],
        female: &[
            "Khin", "Su", "Mya", "Thida", "Nwe", "Hnin", "Ei", "Yin", "Phyu", "Thandar", "Wai",
            "Nu", "May", "Sandar", "Cho",
        ],
        family: &[
            "Aung", "Kyaw", "Min", "Oo", "Win", "Htun", "Lin", "Naing", "Thu", "Zin", "Myat",
            "Hein", "Paing", "Khaing", "Moe", "Lay", "Gyi", "Nyein",
        ],
        pattern: Pattern::Burmese,
    },
    Culture {
        nationalities: &["THA"],
        male: &[
            "Somchai",
            "Somsak",
            "Surachai",
            "Prasert",
            "Anan",
            "Boonmee",
            "Chaiwat",
            "Kittisak",
            "Narong",
            "Pichai",
            "Sakda",
            "Somporn",
            "Thawatchai",
            "Wichai",
            "Yuthana",
            "Apichart",
            "Nattapong",
            "Sombat",
            "Chatchai",
            "Weerapong",
        ],
        female: &[
            "Malee",
            "Siriporn",
            "Sumalee",
            "Pornthip",
            "Kanya",
            "Nittaya",
            "Orathai",
            "Rattana",
            "Suda",
            "Wanida",
            "Jintana",
            "Kulap",
            "Duangjai",
            "Pimchanok",
            "Araya",
        ],
        family: &[
            "Srisuwan",
            "Chaiyaphum",
            "Wongsawat",
            "Sukprasert",
            "Thongchai",
            "Rattanakorn",
            "Saengthong",
            "Boonyarat",
            "Phromma",
            "Kaewmanee",
            "Jaidee",
            "Somboon",
            "Chaiyasit",
            "Intharasuk",
            "Phanthong",
            "Siriwat",
            "Kongkaew",
            "Thammasat",
        ],
        pattern: Pattern::GivenFamily,
    },
    Culture {
        nationalities: &["VNM"],
        male: &[
            "An", "Binh", "Cuong", "Dung", "Hai", "Hung", "Khanh", "Long", "Minh", "Nam", "Phuc",
            "Quang", "Son", "Thanh", "Tuan", "Viet", "Duc", "Hieu", "Hoang", "Trung",
        ],
        female: &[
            "Anh", "Chi", "Hoa", "Huong", "Lan", "Linh", "Mai", "Ngoc", "Nhung", "Phuong", "Thao",
            "Thu", "Trang", "Van", "Yen",
        ],
        family: &[
            "Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Vo", "Dang", "Bui",
            "Do", "Ho", "Ngo", "Duong", "Ly", "Truong", "Dinh",
        ],
        pattern: Pattern::Vietnamese,
    },
    Culture {
        nationalities: &["CHN", "TWN", "HKG", "SGP", "MYS"],
        male: &[
            "Wei", "Jun", "Hao", "Lei", "Jian", "Ming", "Qiang", "Tao", "Yong", "Jie", "Bo",
            "Gang", "Hui", "Kai", "Long", "Peng", "Xin", "Yang", "Zhen", "Feng",
        ],
        female: &[
            "Fang", "Li", "Na", "Xiu", "Ying", "Yan", "Jing", "Mei", "Lan", "Hong", "Juan", "Ling",
            "Qing", "Xia", "Yu",
        ],
        family: &[
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
            "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin",
        ],
        pattern: Pattern::FamilyFirst,
    },
    Culture {
        nationalities: &["KOR", "PRK"],
        male: &[
            "Min", "Jun", "Seo", "Ji", "Hyun", "Sung", "Young", "Dong", "Jae", "Woo", "Chul", "Ho",
            "Sang", "Tae", "Kyung", "Jin", "Hoon", "Seok", "Il", "Nam",
        ],
        female: &[
            "Eun", "Hye", "Soo", "Yeon", "Ji", "Mi", "Hee", "Jung", "Kyung", "Seon", "Ah", "Yoon",
            "Na", "Ok", "Ja",
        ],
        family: &[
            "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
            "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ri", "Pak",
        ],
        pattern: Pattern::FamilyFirst,
    },
    Culture {
        nationalities: &["IRQ", "SYR", "SAU", "YEM", "EGY", "JOR", "LBN"],
        male: &[
            "Muhammad",
            "Ahmed",
            "Ali",
            "Omar",
            "Khalid",
            "Hassan",
            "Hussein",
            "Ibrahim",
            "Youssef",
            "Abdullah",
            "Mahmoud",
            "Mustafa",
            "Tariq",
            "Walid",
            "Samir",
            "Abdul Rahman",
            "Faisal",
            "Nasser",
            "Karim",
            "Jamal",
        ],
        female: &[
            "Fatima", "Aisha", "Maryam", "Zainab", "Layla", "Noor", "Huda", "Amal", "Rania",
            "Salma", "Yasmin", "Khadija", "Samira", "Hanan", "Nadia",
        ],
        family: &[
            "Al-Tikriti",
            "Al-Masri",
            "Al-Hashimi",
            "Haddad",
            "Khalil",
            "Nasser",
            "Al-Rashid",
            "Saleh",
            "Mansour",
            "Al-Zubaidi",
            "Hamdan",
            "Al-Najjar",
            "Qasim",
            "Al-Shami",
            "Abbas",
            "Darwish",
            "Al-Amin",
            "Suleiman",
        ],
        pattern: Pattern::GivenFamily,
    },
    Culture {
        nationalities: &["AFG", "IRN"],
        male: &[
            "Mohammad",
            "Ahmad",
            "Abdul",
            "Gul",
            "Habibullah",
            "Nasrullah",
            "Rahmatullah",
            "Hamid",
            "Zabihullah",
            "Wali",
            "Karim",
            "Reza",
            "Mehdi",
            "Hossein",
            "Jawad",
            "Farid",
            "Naqibullah",
            "Sayed",
            "Bashir",
            "Ehsan",
        ],
        female: &[
            "Fatima", "Maryam", "Zahra", "Shabnam", "Parwana", "Nasrin", "Farzana", "Laila",
            "Gulalai", "Roya", "Soraya", "Mina", "Shirin", "Nilofar", "Zarmina",
        ],
        family: &[
            "Karimi",
            "Ahmadzai",
            "Popalzai",
            "Hotak",
            "Durrani",
            "Stanikzai",
            "Haqqani",
            "Rahimi",
            "Mohammadi",
            "Hosseini",
            "Rezaei",
            "Jalali",
            "Noori",
            "Safi",
            "Mangal",
            "Wardak",
            "Yousufzai",
            "Akhundzada",
        ],
        pattern: Pattern::GivenFamily,
    },
    Culture {
        nationalities: &["PAK"],
        male: &[
            "Muhammad", "Imran", "Asif", "Bilal", "Faisal", "Usman", "Zeeshan", "Kamran", "Shahid",
            "Tariq", "Waqas", "Adnan", "Naveed", "Syed Ali", "Haroon", "Irfan", "Junaid", "Nadeem",
            "Rizwan", "Saqib",
        ],
        female: &[
            "Ayesha", "Sana", "Hina", "Saima", "Nadia", "Rabia", "Amna", "Bushra", "Farah",
            "Mehwish", "Sadia", "Uzma", "Zara", "Nazia", "Shazia",
        ],
        family: &[
            "Khan", "Malik", "Qureshi", "Chaudhry", "Butt", "Sheikh", "Shah", "Mirza", "Abbasi",
            "Awan", "Rana", "Siddiqui", "Hussain", "Iqbal", "Raza", "Baig", "Javed", "Ansari",
        ],
        pattern: Pattern::GivenFamily,
    },
    Culture {
        nationalities: &["BGD"],
        male: &[
            "Mohammad", "Abdul", "Md", "Rahim", "Karim", "Jamal", "Habibur", "Mizanur", "Shafiqul",
            "Anisur", "Rafiqul", "Aminul", "Nazrul", "Sohel", "Tanvir", "Monir", "Jahangir",
            "Kamrul", "Shahidul", "Alamgir",
        ],
        female: &[
            "Fatema", "Nasrin", "Shirin", "Rokeya", "Taslima", "Sultana", "Shahnaz", "Parvin",
            "Rehana", "Nargis", "Salma", "Ruma", "Jesmin", "Morjina", "Hasina",
        ],
        family: &[
            "Rahman",
            "Hossain",
            "Islam",
            "Uddin",
            "Ahmed",
            "Alam",
            "Chowdhury",
            "Miah",
            "Sarker",
            "Begum",
            "Akter",
            "Haque",
            "Mondal",
            "Sheikh",
            "Talukder",
            "Bhuiyan",
            "Khatun",
            "Das",
        ],
        pattern: Pattern::GivenFamily,
    },
    Culture {
        nationalities: &["LKA", "IND"],
        male: &[
            "Mahinda",
            "Nimal",
            "Sunil",
            "Kumara",
            "Chaminda",
            "Ruwan",
            "Pradeep",
            "Sanath",
            "Murugan",
            "Selvam",
            "Kumar",
            "Ravi",
            "Suresh",
            "Rajan",
            "Ganesh",
            "Vijay",
            "Prabhakaran",
            "Kanagaratnam",
            "Sivakumar",
            "Tharindu",
        ],
        female: &[
            "Chamari", "Dilani", "Kumari", "Nirosha", "Sanduni", "Malini", "Lakshmi", "Kavitha",
            "Priya", "Meena", "Sivagami", "Tharushi", "Anoma", "Shanthi", "Vasuki",
        ],
        family: &[
            "Perera",
            "Fernando",
            "Silva",
            "Rajapaksa",
            "Jayasuriya",
            "Wickramasinghe",
            "Bandara",
            "Dissanayake",
            "Gunawardena",
            "Herath",
            "Sivalingam",
            "Rajaratnam",
            "Thambiah",
            "Ponnambalam",
            "Navaratnam",
            "Selvarajah",
            "Arumugam",
            "Kandiah",
        ],
        pattern: Pattern::GivenFamily,
    },
];

fn pick<'a>(rng: &mut fastrand::Rng, xs: &'a [&'a str]) -> &'a str {
    if xs.is_empty() {
        return "";
    }
    xs.get(rng.usize(..xs.len())).copied().unwrap_or("")
}

/// Generates one name and gender for a culture.
fn name(rng: &mut fastrand::Rng, c: &Culture) -> (String, Gender) {
    let gender = if rng.bool() {
        Gender::Male
    } else {
        Gender::Female
    };
    let given = |rng: &mut fastrand::Rng| {
        pick(
            rng,
            if gender == Gender::Male {
                c.male
            } else {
                c.female
            },
        )
        .to_string()
    };
    let n = match c.pattern {
        Pattern::Malay => {
            let marker = if gender == Gender::Male {
                "bin"
            } else {
                "binti"
            };
            format!(
                "{} {} {marker} {}",
                given(rng),
                pick(rng, c.male),
                pick(rng, c.family)
            )
        }
        Pattern::Indonesian => match rng.u8(..3) {
            0 => given(rng),
            1 => format!("{} {}", given(rng), pick(rng, c.family)),
            _ => format!("{} {} {}", given(rng), given(rng), pick(rng, c.family)),
        },
        Pattern::Burmese => {
            let k = rng.usize(2..=4);
            let mut parts: Vec<String> = (0..k).map(|_| given(rng)).collect();
            parts.push(pick(rng, c.family).to_string());
            parts.truncate(k);
            let prefix = match (rng.u8(..4), gender) {
                (0, Gender::Male) => "U ",
                (0, Gender::Female) => "Daw ",
                _ => "",
            };
            format!("{prefix}{}", parts.join(" "))
        }
        Pattern::FamilyFirst => {
            let g1 = given(rng).to_ascii_lowercase();
            let g2 = pick(rng, c.male).to_ascii_lowercase();
            let joined = match rng.u8(..3) {
                0 => format!("{g1}{g2}"),
                1 => format!("{g1}-{g2}"),
                _ => format!("{g1} {g2}"),
            };
            let mut chars = joined.chars();
            let given_name = chars
                .next()
                .map(|f| f.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default();
            format!("{} {given_name}", pick(rng, c.family))
        }
        Pattern::Vietnamese => {
            let middle = if gender == Gender::Male {
                pick(rng, &["Van", "Duc", "Minh", "Quoc", "Huu"])
            } else {
                pick(rng, &["Thi", "Ngoc", "Thu", "Kim", "My"])
            };
            format!("{} {middle} {}", pick(rng, c.family), given(rng))
        }
        Pattern::GivenFamily => match rng.u8(..3) {
            0 => format!("{} {}", given(rng), pick(rng, c.family)),
            1 => format!(
                "{} {} {}",
                given(rng),
                pick(rng, c.male),
                pick(rng, c.family)
            ),
            _ => format!("{} {}", given(rng), pick(rng, c.family)),
        },
    };
    (n, gender)
}

/// Spelling variant as another list or a clerk would write it (for aliases).
pub fn variant(rng: &mut fastrand::Rng, name: &str) -> String {
    const SWAPS: &[(&str, &str)] = &[
        ("Muhammad", "Mohammed"),
        ("Mohammad", "Muhammad"),
        ("ou", "u"),
        ("u", "o"),
        ("ee", "i"),
        ("i", "ee"),
        ("Kh", "K"),
        ("ph", "f"),
        ("y", "i"),
        ("ss", "s"),
        ("Abdul ", "Abdul"),
        ("Al-", "El-"),
        ("Hussein", "Husain"),
        ("Yusof", "Yusuf"),
        ("Nguyen", "Nguyễn"),
        ("Tran", "Trần"),
        ("Lee", "Yi"),
        ("Park", "Pak"),
        ("Choi", "Choe"),
    ];
    for _ in 0..3 {
        let (a, b) = pick_pair(rng, SWAPS);
        if name.contains(a) {
            return name.replacen(a, b, 1);
        }
    }
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() > 1 {
        let mut w = words.clone();
        w.rotate_left(1);
        return w.join(" ");
    }
    name.to_string()
}

fn pick_pair(
    rng: &mut fastrand::Rng,
    xs: &[(&'static str, &'static str)],
) -> (&'static str, &'static str) {
    xs.get(rng.usize(..xs.len().max(1)))
        .copied()
        .unwrap_or(("", ""))
}

/// `n` entries from the region's name cultures, deterministic for `seed`.
/// About a third get a spelling-variant alias; all get a birth date, a nationality of
/// the culture and a gender. Ids are `GEN-<n>`.
pub fn generate(n: usize, seed: u64) -> Vec<Entry> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let c = CULTURES
            .get(rng.usize(..CULTURES.len()))
            .unwrap_or(&CULTURES[0]);
        let (primary, gender) = name(&mut rng, c);
        let mut names = vec![primary];
        if rng.u8(..3) == 0
            && let Some(p) = names.first()
        {
            let v = variant(&mut rng, p);
            if &v != p {
                names.push(v);
            }
        }
        out.push(Entry {
            id: format!("GEN-{i}"),
            kind: EntityKind::Person,
            names,
            birth_dates: vec![BirthDate {
                year: rng.u16(1945..2006),
                month: Some(rng.u8(1..13)),
                day: Some(rng.u8(1..29)),
            }],
            nationalities: vec![pick(&mut rng, c.nationalities).to_string()],
            gender: Some(gender),
            identifiers: Vec::new(),
            reason: Some("synthetic".into()),
            listed_on: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_varied() {
        let a = generate(2000, 7);
        assert_eq!(a, generate(2000, 7));
        assert_ne!(a, generate(2000, 8));
        let distinct: std::collections::HashSet<_> =
            a.iter().filter_map(|e| e.names.first()).collect();
        assert!(distinct.len() > 1500, "{}", distinct.len());
        assert!(
            a.iter()
                .any(|e| e.names.iter().any(|n| n.contains(" bin ")))
        );
    }
}

//! Name parts that are the same name across transliteration systems but too far
//! apart for an edit distance (Kim/Gim, Lee/Yi/Ri, Wong/Huang, Nguyen/Ng, …).
//! Groups are of canonical forms ([`crate::phonetic::canonical`]).

const GROUPS: &[&[&str]] = &[
    // Korean surnames: Revised Romanization, McCune–Reischauer and passport spellings.
    &["kim", "gim"],
    &["li", "lee", "i", "yi", "ri", "rhe", "ni"],
    &["park", "bak", "pak", "bark"],
    &["choi", "choe", "chwe", "chae"],
    &["jung", "jeong", "chung", "jong", "cheong"],
    &["cho", "jo", "joe"],
    &["kang", "gang"],
    &["yun", "yoon"],
    &["shin", "sin"],
    &["kwon", "gwon"],
    &["lim", "im", "rim", "lin", "lam"],
    &["ko", "go", "koh"],
    &["mun", "mon"],
    &["ro", "roh", "no"],
    &["kwak", "gwak"],
    &["sung", "seong", "song"],
    // Chinese surnames: pinyin, Wade–Giles, Cantonese, Hokkien/Teochew spellings.
    &["jang", "chang", "cheung", "chong", "teo", "chiang"],
    &["wang", "wong", "ong", "heng"],
    &["chen", "chan", "tan", "chin", "ting"],
    &["huang", "wong", "ng", "hwang", "ong"],
    &["jou", "chow", "chau", "chiu"],
    &["wu", "ng", "go", "goh", "ngo"],
    &["liu", "lau", "lao"],
    &["jeng", "cheng", "tay", "teh"],
    &["xu", "hsu", "koh", "kho", "hui"],
    &["guo", "kuo", "kwok", "kwek", "kok"],
    &["siao", "hsiao", "siu", "xiao"],
    &["ye", "yeh", "yip", "ip"],
    &["lu", "lo", "loh", "lou", "low"],
    &["he", "ho", "hoh"],
    &["jao", "chao", "chiu"],
    // Vietnamese.
    &["nguyen", "ngyen", "nguyn", "ng", "win"],
    &["tran", "chan", "tan"],
    &["fam", "pham"],
    &["ho", "hu"],
    &["vu", "vo", "wu"],
    // Arabic given names with many spellings.
    &[
        "mohamed", "muhamad", "mohamad", "muhamed", "mahomed", "mehmet", "mamed", "mhmd", "mohd",
        "md", "muhd", "mohmad", "mahamat", "mamadu", "mamadou",
    ],
    &["ahmed", "ahmad", "ahmet", "ahamed", "ahmd", "amed"],
    &[
        "husain", "husein", "hussein", "hussain", "husayn", "hsyn", "hüseyin", "huseyin", "hosein",
    ],
    &["hasan", "hassan", "hsn", "hasen"],
    &[
        "yusef", "yusuf", "yosef", "jusuf", "yusof", "jozef", "josef", "josef", "iosif",
    ],
    &["ibrahim", "ebrahim", "ibragim", "abraham"],
    &["abd", "abdul", "abdel", "abdal", "abdol", "abdu"],
    &["abu", "abou", "abo"],
    &["osama", "usama", "usamah", "osamah"],
    &["omar", "umar", "omer", "umer"],
    &["osman", "usman", "otman", "utman", "osmani"],
    &["mustafa", "mostafa", "moustafa", "mustapha", "mostapha"],
    &["jafar", "jaafar", "djafar", "cafer"],
];

/// English given names and their common short forms (hypocoristics), from general
/// knowledge of English naming (no list was imported). A short form that belongs to
/// several names is in each group (`ted`: Edward, Theodore). Matched as a listed
/// variant, but a little below the transliteration variants above.
const NICKNAMES: &[&[&str]] = &[
    &["theodore", "ted", "teddy", "theo"],
    &["edward", "ted", "teddy", "ed", "eddie", "ned"],
    &["benjamin", "ben", "benny", "benji"],
    &["william", "bill", "billy", "will", "willy", "liam"],
    &["robert", "bob", "bobby", "rob", "robbie", "bert"],
    &["richard", "rick", "ricky", "dick", "rich", "richie"],
    &["james", "jim", "jimmy", "jamie"],
    &["michael", "mike", "mikey", "mick", "micky"],
    &["thomas", "tom", "tommy"],
    &["anthony", "tony"],
    &["alexander", "alex", "alec", "sandy"],
    &["alexandra", "alex", "sandra", "sandy"],
    &[
        "elizabeth",
        "liz",
        "lizzie",
        "beth",
        "betty",
        "eliza",
        "libby",
    ],
    &["margaret", "maggie", "peggy", "meg", "madge"],
    &[
        "katherine",
        "catherine",
        "kate",
        "katie",
        "kathy",
        "cathy",
        "kitty",
    ],
    &["joseph", "joe", "joey"],
    &["john", "jack", "johnny"],
    &["charles", "charlie", "chuck"],
    &["christopher", "chris", "kit"],
    &["christine", "christina", "chris", "tina"],
    &["daniel", "dan", "danny"],
    &["david", "dave", "davy"],
    &["patrick", "pat", "paddy"],
    &["patricia", "pat", "patty", "trish"],
    &["jennifer", "jen", "jenny"],
    &["susan", "sue", "susie"],
    &["stephen", "steven", "steve"],
    &["samuel", "sam", "sammy"],
    &["nicholas", "nick", "nicky"],
    &["matthew", "matt"],
    &["andrew", "andy", "drew"],
    &["jonathan", "jon"],
    &["timothy", "tim"],
    &["gregory", "greg"],
    &["kenneth", "ken", "kenny"],
    &["ronald", "ron", "ronnie"],
    &["donald", "don", "donnie"],
    &["douglas", "doug"],
    &["frederick", "fred", "freddie"],
    &["lawrence", "larry"],
    &["gerald", "gerry", "jerry"],
    &["harold", "harry", "hal"],
    &["henry", "harry", "hank"],
    &["deborah", "debbie", "deb"],
    &["rebecca", "becky"],
    &["victoria", "vicky"],
    &["abigail", "abby"],
    &["vladimir", "volodya", "vova"],
    &["aleksandr", "sasha", "sanya"],
    &["dmitry", "dima"],
    &["mikhail", "misha"],
    &["nikolai", "kolya"],
    &["yekaterina", "katya"],
];

use std::collections::HashMap;
use std::sync::LazyLock;

/// Canonical form → indices of the groups it belongs to.
static MEMBERSHIP: LazyLock<HashMap<String, Vec<usize>>> = LazyLock::new(|| {
    let mut m: HashMap<String, Vec<usize>> = HashMap::new();
    for (gi, g) in GROUPS.iter().enumerate() {
        for v in g.iter() {
            let groups = m.entry(crate::phonetic::canonical(v)).or_default();
            if !groups.contains(&gi) {
                groups.push(gi);
            }
        }
    }
    m
});

/// Bit set of the groups (first 64) that canonical part `canon` belongs to; computed once
/// per part at parse time so comparisons test membership with one AND.
pub fn group_mask(canon: &str) -> u64 {
    MEMBERSHIP.get(canon).map_or(0, |gs| {
        gs.iter()
            .filter(|g| **g < 64)
            .fold(0u64, |m, g| m | (1u64 << g))
    })
}

/// Canonical form → indices of the nickname groups it belongs to.
static NICK_MEMBERSHIP: LazyLock<HashMap<String, Vec<usize>>> = LazyLock::new(|| {
    let mut m: HashMap<String, Vec<usize>> = HashMap::new();
    for (gi, g) in NICKNAMES.iter().enumerate() {
        for v in g.iter() {
            let groups = m.entry(crate::phonetic::canonical(v)).or_default();
            if !groups.contains(&gi) {
                groups.push(gi);
            }
        }
    }
    m
});

/// Bit set of the nickname groups (first 64) that canonical part `canon` belongs to.
pub fn nickname_mask(canon: &str) -> u64 {
    NICK_MEMBERSHIP.get(canon).map_or(0, |gs| {
        gs.iter()
            .filter(|g| **g < 64)
            .fold(0u64, |m, g| m | (1u64 << g))
    })
}

/// Canonical spellings of the other variants (and nickname forms) of canonical part
/// `canon`.
pub fn variants_of(canon: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for table in [&*MEMBERSHIP, &*NICK_MEMBERSHIP] {
        let Some(groups) = table.get(canon) else {
            continue;
        };
        out.extend(
            table
                .iter()
                .filter(|(k, gs)| k.as_str() != canon && gs.iter().any(|g| groups.contains(g)))
                .map(|(k, _)| k.clone()),
        );
    }
    out.sort();
    out.dedup();
    out
}

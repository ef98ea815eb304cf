//! How common a name part is: in the watchlist being screened and among the region's
//! people. Agreeing on `Mohammad`, `Nguyen` or `Aung` says little about identity; a
//! match carried by such parts must not reach the threshold on its own.
//!
//! A part's *share* is the larger of
//! * its share of the list's entries (entries carrying the part in any name or alias,
//!   over the entries, at least [`LIST_FLOOR`] of them, so that a small list does not
//!   make every part look common), and
//! * its share in the regional corpus below: for each common given name, family name or
//!   name element of the region's cultures, the approximate share of people of the
//!   culture where it is most common who carry it (per mille; compiled from published
//!   surname statistics and name-frequency lists — Vietnamese Nguyen ≈ 38%, Chinese Wang
//!   and Li ≈ 7%, Burmese Aung, Malay/Bangladeshi Muhammad/Md ≈ 30–40% of men…; rounded,
//!   an order of magnitude is what matters).
//!
//! Its information is `-log2(share)` bits, at most [`MAX_BITS`].

use crate::parts::NameParts;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Entries a list is assumed to hold at least when computing shares.
pub const LIST_FLOOR: u32 = 1_000;
/// Information of a part that neither the corpus nor the list knows as common.
pub const MAX_BITS: f64 = 12.0;

/// Share per mille in the culture where the part is most common (spelling variants
/// listed separately where folding does not join them).
const REGIONAL: &[(&str, u16)] = &[
    // Muslim given names and elements across Afghanistan, Bangladesh, Malaysia,
    // Indonesia, Brunei, southern Thailand and the Philippines.
    ("muhammad", 400),
    ("mohammad", 400),
    ("mohammed", 400),
    ("mohamed", 400),
    ("mohamad", 400),
    ("muhammed", 200),
    ("mohd", 300),
    ("md", 300),
    ("mohammadi", 30),
    ("ahmad", 150),
    ("ahmed", 150),
    ("ahmadi", 40),
    ("abdul", 300),
    ("abdur", 60),
    ("abdel", 50),
    ("abd", 50),
    ("abdullah", 80),
    ("abdulla", 40),
    ("abu", 40),
    ("ali", 120),
    ("hassan", 60),
    ("hasan", 60),
    ("hussain", 60),
    ("hussein", 50),
    ("husain", 40),
    ("hossain", 80),
    ("hosain", 20),
    ("hussaini", 20),
    ("hosseini", 20),
    ("rahman", 80),
    ("rehman", 40),
    ("rahim", 40),
    ("rahimi", 20),
    ("karim", 40),
    ("karimi", 20),
    ("khan", 100),
    ("jan", 40),
    ("gul", 60),
    ("noor", 50),
    ("nur", 150),
    ("noori", 20),
    ("nuri", 20),
    ("shah", 60),
    ("mir", 40),
    ("said", 30),
    ("sayed", 30),
    ("syed", 60),
    ("sayid", 20),
    ("sayyid", 20),
    ("ullah", 40),
    ("islam", 80),
    ("uddin", 80),
    ("udin", 30),
    ("din", 30),
    ("alam", 40),
    ("begum", 80),
    ("akter", 80),
    ("akhter", 40),
    ("akhtar", 30),
    ("khatun", 60),
    ("siti", 150),
    ("omar", 30),
    ("umar", 30),
    ("osman", 20),
    ("usman", 30),
    ("othman", 20),
    ("osmani", 10),
    ("ibrahim", 40),
    ("ismail", 40),
    ("yusuf", 30),
    ("yousuf", 30),
    ("yusof", 30),
    ("yousef", 20),
    ("hamid", 30),
    ("hakim", 20),
    ("hakimi", 15),
    ("aziz", 30),
    ("azizi", 15),
    ("azizah", 15),
    ("jamal", 20),
    ("kamal", 30),
    ("salim", 20),
    ("salem", 20),
    ("zahid", 15),
    ("khalid", 20),
    ("habib", 20),
    ("habibi", 10),
    ("rashid", 30),
    ("nasir", 20),
    ("nasser", 15),
    ("bashir", 20),
    ("wali", 20),
    ("zakaria", 20),
    ("zakariya", 10),
    ("sultan", 20),
    ("sultana", 20),
    ("sultani", 10),
    ("fatima", 40),
    ("fatema", 30),
    ("fatimah", 30),
    ("aisha", 20),
    ("ayesha", 20),
    ("aisyah", 20),
    ("zainab", 20),
    ("mariam", 20),
    ("maryam", 20),
    ("amin", 30),
    ("aminul", 15),
    ("rafiqul", 15),
    ("shafiqul", 15),
    ("nazrul", 15),
    ("mizanur", 10),
    ("habibur", 10),
    ("mahbubur", 10),
    ("kamrul", 10),
    ("shahidul", 10),
    ("rafiq", 15),
    ("shafiq", 15),
    ("asadullah", 10),
    ("rahmatullah", 10),
    ("hayatullah", 10),
    ("najibullah", 10),
    ("samiullah", 10),
    ("zabiullah", 10),
    ("hamidullah", 10),
    ("nasrullah", 10),
    ("hafizullah", 10),
    ("sanaullah", 10),
    ("habibullah", 10),
    ("agha", 20),
    ("nabi", 15),
    ("zaman", 15),
    ("faiz", 10),
    ("faizi", 10),
    ("jalil", 10),
    ("jalali", 10),
    ("mahmud", 20),
    ("mahmood", 20),
    ("mahmoud", 20),
    ("hashim", 15),
    ("hashimi", 10),
    ("sadat", 10),
    ("amiri", 10),
    ("amir", 20),
    ("nazari", 10),
    ("haidari", 10),
    ("haidar", 10),
    ("haider", 15),
    ("niazi", 10),
    ("popal", 5),
    ("wardak", 10),
    ("stanikzai", 5),
    ("safi", 10),
    ("ahmadzai", 10),
    ("zadran", 5),
    ("mangal", 5),
    ("durrani", 5),
    ("barakzai", 5),
    ("noorzai", 5),
    ("achakzai", 5),
    ("shinwari", 5),
    ("sharifi", 10),
    ("sharif", 15),
    ("akbari", 10),
    ("akbar", 15),
    ("rasuli", 5),
    ("rasul", 15),
    ("rasool", 15),
    ("qasim", 15),
    ("kassim", 15),
    ("saleh", 15),
    ("salleh", 15),
    ("jaafar", 10),
    ("jafar", 10),
    ("harun", 10),
    ("haroon", 10),
    ("idris", 10),
    ("sulaiman", 15),
    ("suleiman", 15),
    ("salman", 10),
    ("razak", 10),
    ("yahya", 10),
    ("yaacob", 10),
    ("yakub", 10),
    ("ariffin", 10),
    ("arif", 15),
    ("arief", 10),
    ("hafiz", 20),
    ("anwar", 15),
    ("anuar", 10),
    ("iskandar", 10),
    ("firdaus", 10),
    ("zulkifli", 10),
    ("faizal", 10),
    ("rizal", 10),
    ("haque", 30),
    ("hoque", 20),
    ("haq", 20),
    ("chowdhury", 20),
    ("sarker", 20),
    ("sarkar", 20),
    ("miah", 20),
    ("mia", 20),
    ("sheikh", 20),
    ("bhuiyan", 10),
    ("talukder", 10),
    ("mollah", 10),
    ("mondal", 10),
    ("biswas", 10),
    ("das", 30),
    ("roy", 30),
    ("kabir", 15),
    ("jahan", 20),
    ("nasrin", 15),
    ("parvin", 15),
    ("sumaiya", 5),
    // Indonesian.
    ("sri", 80),
    ("dewi", 30),
    ("agus", 30),
    ("budi", 20),
    ("putri", 25),
    ("putra", 15),
    ("wati", 15),
    ("eko", 15),
    ("dedi", 10),
    ("joko", 10),
    ("bambang", 10),
    ("hendra", 10),
    ("andi", 20),
    ("adi", 15),
    ("hadi", 15),
    ("rizky", 15),
    ("rizki", 10),
    ("dian", 10),
    ("indah", 10),
    ("ratna", 10),
    ("yuni", 10),
    ("rina", 10),
    ("sari", 15),
    ("fitri", 10),
    ("ayu", 15),
    ("rahmat", 15),
    ("taufik", 10),
    ("imam", 10),
    ("wahyu", 10),
    ("santoso", 10),
    ("wijaya", 10),
    ("setiawan", 10),
    ("hidayat", 10),
    ("kurniawan", 10),
    ("saputra", 15),
    ("pratama", 10),
    ("nugroho", 10),
    ("susanto", 5),
    ("gunawan", 5),
    ("ramadhan", 10),
    ("lubis", 5),
    ("siregar", 5),
    ("nasution", 5),
    // Burmese.
    ("aung", 150),
    ("kyaw", 100),
    ("myint", 60),
    ("win", 80),
    ("zaw", 60),
    ("htun", 40),
    ("tun", 50),
    ("min", 60),
    ("hlaing", 40),
    ("maung", 80),
    ("thein", 40),
    ("soe", 50),
    ("naing", 40),
    ("oo", 50),
    ("khin", 60),
    ("san", 40),
    ("mya", 40),
    ("nyein", 20),
    ("moe", 30),
    ("thu", 30),
    ("hla", 40),
    ("ko", 30),
    ("phyo", 30),
    ("nay", 20),
    ("lwin", 30),
    ("htet", 20),
    ("wai", 20),
    ("myo", 30),
    ("than", 30),
    ("thant", 10),
    ("ye", 20),
    ("su", 20),
    ("ei", 20),
    ("hnin", 15),
    ("kaung", 15),
    ("thura", 10),
    ("thet", 10),
    ("zin", 10),
    ("nyi", 10),
    ("pyae", 10),
    ("thida", 10),
    ("sandar", 10),
    ("ohn", 5),
    // Vietnamese.
    ("nguyen", 380),
    ("tran", 110),
    ("le", 95),
    ("pham", 70),
    ("hoang", 50),
    ("huynh", 50),
    ("phan", 45),
    ("vu", 40),
    ("vo", 40),
    ("dang", 20),
    ("bui", 20),
    ("do", 15),
    ("ho", 30),
    ("ngo", 15),
    ("duong", 10),
    ("ly", 10),
    ("dinh", 10),
    ("trinh", 10),
    ("truong", 10),
    ("van", 400),
    ("thi", 400),
    ("minh", 60),
    ("duc", 40),
    ("ngoc", 50),
    ("thanh", 60),
    ("hong", 40),
    ("anh", 60),
    ("tuan", 30),
    ("hung", 30),
    ("dung", 30),
    ("linh", 30),
    ("huong", 20),
    ("lan", 20),
    ("hoa", 20),
    ("nam", 30),
    ("hai", 30),
    ("long", 20),
    ("quang", 20),
    ("trung", 20),
    ("phuong", 20),
    ("thao", 15),
    ("mai", 30),
    ("hieu", 15),
    ("khanh", 15),
    ("son", 20),
    ("binh", 15),
    ("cuong", 15),
    ("tam", 15),
    ("trang", 20),
    ("thuy", 20),
    ("hanh", 15),
    ("vinh", 10),
    ("quan", 10),
    ("dat", 10),
    ("phuc", 10),
    ("tien", 10),
    // Chinese (mainland, Hong Kong, Taiwan, Southeast Asian spellings) and the Korean
    // family names they are confused with.
    ("wang", 72),
    ("li", 72),
    ("zhang", 68),
    ("liu", 54),
    ("chen", 47),
    ("yang", 32),
    ("huang", 24),
    ("zhao", 23),
    ("wu", 21),
    ("zhou", 21),
    ("xu", 17),
    ("sun", 15),
    ("ma", 15),
    ("zhu", 13),
    ("hu", 13),
    ("guo", 12),
    ("he", 12),
    ("lin", 15),
    ("gao", 10),
    ("luo", 9),
    ("chan", 60),
    ("wong", 50),
    ("lee", 60),
    ("tan", 100),
    ("lim", 70),
    ("ng", 40),
    ("ong", 30),
    ("goh", 20),
    ("teo", 15),
    ("chua", 15),
    ("lau", 20),
    ("cheung", 30),
    ("leung", 30),
    ("chin", 10),
    ("chong", 10),
    ("wei", 30),
    ("ming", 25),
    ("jun", 20),
    ("hui", 20),
    ("ying", 20),
    ("hua", 20),
    ("jie", 15),
    ("ling", 15),
    ("fang", 15),
    ("yan", 20),
    ("xiao", 20),
    ("lei", 10),
    ("tao", 10),
    ("jing", 20),
    ("qiang", 10),
    ("yong", 15),
    ("bin", 10),
    ("chao", 10),
    ("gang", 10),
    ("ping", 15),
    ("xin", 15),
    ("yu", 20),
    ("hao", 10),
    ("peng", 8),
    ("kai", 8),
    ("mei", 10),
    ("ah", 20),
    ("kim", 210),
    ("park", 85),
    ("pak", 40),
    ("choi", 47),
    ("choe", 30),
    ("jung", 43),
    ("jeong", 43),
    ("kang", 23),
    ("cho", 21),
    ("jo", 21),
    ("yoon", 20),
    ("yun", 20),
    ("jang", 19),
    ("ri", 100),
    ("yi", 50),
    ("han", 15),
    ("oh", 15),
    ("shin", 15),
    ("song", 15),
    // Sri Lankan (Sinhala and Tamil).
    ("perera", 40),
    ("fernando", 40),
    ("silva", 40),
    ("bandara", 20),
    ("kumara", 30),
    ("kumar", 30),
    ("jayasinghe", 10),
    ("dissanayake", 10),
    ("herath", 10),
    ("rathnayake", 10),
    ("wickramasinghe", 10),
    ("nimal", 10),
    ("kamala", 10),
    ("sunil", 10),
    ("saman", 10),
    ("ruwan", 10),
    ("priya", 10),
    ("lakshmi", 10),
    ("ravi", 10),
    ("suresh", 10),
    ("selvam", 5),
    ("pillai", 10),
    ("mendis", 5),
    // Thai.
    ("somchai", 10),
    ("somsak", 10),
    ("somporn", 5),
    ("siriporn", 5),
    ("supaporn", 5),
    ("malee", 5),
    ("wichai", 5),
    // Filipino.
    ("santos", 30),
    ("reyes", 30),
    ("cruz", 30),
    ("bautista", 20),
    ("garcia", 20),
    ("mendoza", 15),
    ("torres", 10),
    ("flores", 10),
    ("ramos", 10),
    ("gonzales", 10),
    ("lopez", 10),
    ("castillo", 10),
    ("villanueva", 10),
    ("aquino", 5),
    ("maria", 60),
    ("jose", 40),
    ("juan", 20),
    ("john", 20),
    ("mark", 20),
    ("michael", 15),
    ("ana", 15),
    ("rosa", 10),
    ("antonio", 10),
];

/// The corpus by spelling. Parts are looked up as transliterated, not folded: folding
/// joins names that are not the same (Vietnamese `thi` and Korean `tae` both fold to `ti`).
static CORPUS: LazyLock<FxHashMap<String, f64>> = LazyLock::new(|| {
    let mut m: FxHashMap<String, f64> = FxHashMap::default();
    for &(name, per_mille) in REGIONAL {
        let share = f64::from(per_mille) / 1000.0;
        let e = m.entry(name.to_string()).or_insert(0.0);
        *e = e.max(share);
    }
    m
});

/// The share of the region's people carrying a part (lower-case, transliterated), when
/// the corpus lists it.
pub fn regional_share(part: &str) -> Option<f64> {
    CORPUS.get(part).copied()
}

/// Part frequencies of one list, with the regional corpus behind them.
#[derive(Debug, Default)]
pub struct TokenFreq {
    /// Core part (transliterated) → entries carrying it.
    list: FxHashMap<Box<str>, u32>,
    entries: u32,
}

/// Where a part's share comes from (for the explanation).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareSource {
    /// The regional corpus.
    Region,
    /// The list being screened.
    List,
    /// Neither knows it as common.
    Rare,
}

impl TokenFreq {
    /// Counts, per core part, the entries that carry it in any of their names.
    pub fn from_entries<'a>(
        entries: impl Iterator<Item = impl Iterator<Item = &'a NameParts>>,
    ) -> TokenFreq {
        let mut list: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut n = 0u32;
        let mut seen: Vec<&str> = Vec::new();
        for names in entries {
            n = n.saturating_add(1);
            seen.clear();
            for name in names {
                for p in name.parts() {
                    if p.tag.weight() >= 0.8 && !p.text.is_empty() && !seen.contains(&p.text) {
                        seen.push(p.text);
                    }
                }
            }
            for &c in &seen {
                match list.get_mut(c) {
                    Some(k) => *k = k.saturating_add(1),
                    None => {
                        list.insert(c.into(), 1);
                    }
                }
            }
        }
        TokenFreq { list, entries: n }
    }

    /// Adds the counts of `other` (entries counted in parts, e.g. in parallel).
    pub fn merge(mut self, other: TokenFreq) -> TokenFreq {
        self.entries = self.entries.saturating_add(other.entries);
        for (part, k) in other.list {
            let e = self.list.entry(part).or_insert(0);
            *e = e.saturating_add(k);
        }
        self
    }

    /// The share of a part (lower-case, transliterated) and where it comes from.
    pub fn share(&self, part: &str) -> (f64, ShareSource) {
        let region = regional_share(part).unwrap_or(0.0);
        let list = self.list.get(part).map_or(0.0, |&k| {
            f64::from(k) / f64::from(self.entries.max(LIST_FLOOR))
        });
        let floor = (-MAX_BITS).exp2();
        if region >= list && region > floor {
            (region, ShareSource::Region)
        } else if list > floor {
            (list, ShareSource::List)
        } else {
            (floor, ShareSource::Rare)
        }
    }

    /// Information of agreeing on a part, in bits (at most [`MAX_BITS`]).
    pub fn bits(&self, part: &str) -> f64 {
        -self.share(part).0.log2()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_parts_carry_little() {
        let f = TokenFreq::default();
        assert!(f.bits("nguyen") < 2.0);
        assert!(f.bits("mohammad") < 2.0);
        assert!(f.bits("tae") > 8.0, "folding must not join thi and tae");
        assert!(f.bits("chen") < 5.0);
        assert!(f.bits("baradar") >= MAX_BITS - 1e-9);
        let names = [crate::parts::parse_name("Haqqani Jalaluddin")];
        let f = TokenFreq::from_entries((0..2).map(|_| names.iter()))
            .merge(TokenFreq::from_entries((0..1).map(|_| names.iter())));
        // Three of (at least) 1,000 entries.
        assert!((f.bits("haqqani") - (1000f64 / 3.0).log2()).abs() < 1e-9);
    }
}

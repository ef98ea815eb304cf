//! Loading the shared benchmark data sets for integration tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]
#![allow(dead_code)]

use lintas_link::Dataset;

pub const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

/// Loads CSV files into one dataset, one source per file; returns the dataset and the truth
/// label per record (from `truth_col`, or from FEBRL's `rec-N-…` ids when `None`).
pub fn load(
    files: &[&str],
    id_col: &str,
    truth_col: Option<&str>,
) -> (Dataset, Vec<Option<String>>) {
    let mut data: Option<Dataset> = None;
    let mut truth = Vec::new();
    for file in files {
        let path = format!("{DATA}/{file}");
        let mut rdr = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_path(&path)
            .unwrap();
        let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
        let id_idx = headers.iter().position(|h| h == id_col).unwrap();
        let truth_idx = truth_col.map(|t| headers.iter().position(|h| h == t).unwrap());
        let cols: Vec<usize> = (0..headers.len())
            .filter(|&i| i != id_idx && Some(i) != truth_idx)
            .collect();
        let d = data.get_or_insert_with(|| {
            Dataset::new(&cols.iter().map(|&i| headers[i].clone()).collect::<Vec<_>>())
        });
        let src = d.add_source(file).unwrap();
        for rec in rdr.records() {
            let rec = rec.unwrap();
            let id = rec.get(id_idx).unwrap();
            let vals: Vec<Option<&str>> = cols
                .iter()
                .map(|&i| rec.get(i).filter(|v| !v.is_empty()))
                .collect();
            d.push(src, id, &vals).unwrap();
            truth.push(match truth_idx {
                Some(t) => rec.get(t).map(str::to_string),
                None => id.split('-').nth(1).map(str::to_string),
            });
        }
    }
    (data.unwrap(), truth)
}

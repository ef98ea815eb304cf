//! Reading `series,period,count` CSV into `lintas_stats::Series`, keeping the bad rows
//! (with their line numbers) apart so that one bad row does not stop the run.

use std::collections::BTreeMap;
use std::io::Read;

use lintas_stats::{Period, Series};

pub struct BadRow {
    pub line: u64,
    pub message: String,
}

pub struct ReadSeries {
    /// In order of first appearance in the file.
    pub series: Vec<Series>,
    pub bad_rows: Vec<BadRow>,
}

/// Errors that stop the run (a usage error): no header with the three columns.
pub fn read_series(input: impl Read) -> anyhow::Result<ReadSeries> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers = rdr.headers()?.clone();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(cs), Some(cp), Some(cc)) = (col("series"), col("period"), col("count")) else {
        anyhow::bail!("the header must name the columns series, period and count");
    };
    let mut order: Vec<String> = Vec::new();
    let mut points: BTreeMap<String, BTreeMap<Period, u64>> = BTreeMap::new();
    let mut bad_rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = rdr.position().line();
        let more = match rdr.read_record(&mut record) {
            Ok(m) => m,
            Err(e) => {
                bad_rows.push(BadRow {
                    line,
                    message: e.to_string(),
                });
                if rdr.position().line() <= line {
                    break; // the reader cannot get past this error
                }
                continue;
            }
        };
        if !more {
            break;
        }
        let line = record.position().map_or(line, |p| p.line());
        let mut bad = |message: String| bad_rows.push(BadRow { line, message });
        let (Some(name), Some(period), Some(count)) =
            (record.get(cs), record.get(cp), record.get(cc))
        else {
            bad(format!(
                "expected {} fields, found {}",
                headers.len(),
                record.len()
            ));
            continue;
        };
        if name.is_empty() {
            bad("series is empty".into());
            continue;
        }
        let period = match Period::parse(period) {
            Ok(p) => p,
            Err(e) => {
                bad(format!("period: {e}"));
                continue;
            }
        };
        let Ok(count) = count.parse::<u64>() else {
            bad(format!("count {count:?} is not a non-negative integer"));
            continue;
        };
        let entry = points.entry(name.to_owned()).or_insert_with(|| {
            order.push(name.to_owned());
            BTreeMap::new()
        });
        if let Some((first, _)) = entry.iter().next()
            && first.interval() != period.interval()
        {
            bad(format!(
                "period {period} is a {}, series {name:?} has {}s",
                period.interval().name(),
                first.interval().name()
            ));
            continue;
        }
        if entry.insert(period, count).is_some() {
            bad(format!("period {period} of series {name:?} appears twice"));
        }
    }
    let mut series = Vec::with_capacity(order.len());
    for name in order {
        let pts: Vec<(Period, u64)> = points
            .remove(&name)
            .unwrap_or_default()
            .into_iter()
            .collect();
        series.push(Series::from_points(&name, &pts)?);
    }
    Ok(ReadSeries { series, bad_rows })
}

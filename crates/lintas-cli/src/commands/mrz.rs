//! `lintas mrz [FILE]`: ICAO 9303 machine readable zones to JSON Lines, one object per
//! record (records are 2 or 3 lines separated by blank lines). The input is streamed.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use lintas_mrz::{Document, FieldError, Indicator, ParseOptions, Suggestion, indicators, parse};
use serde::Serialize;
use time::Date;

/// Parse and validate MRZ records (TD1, TD2, TD3, MRV-A, MRV-B) into JSON Lines.
#[derive(clap::Args)]
pub struct Args {
    /// Input file; stdin when absent or `-`.
    file: Option<PathBuf>,
    /// Reference date (YYYY-MM-DD) for two-digit years and indicators; default: today (UTC).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
    /// Add fraud/risk `indicators` to each object.
    #[arg(long)]
    indicators: bool,
    /// Do not search for OCR repairs when check digits fail.
    #[arg(long)]
    no_ocr: bool,
}

fn parse_date(s: &str) -> Result<Date, String> {
    let mut it = s.splitn(3, '-');
    let mut next = || it.next().and_then(|p| p.parse::<i32>().ok());
    let (Some(y), Some(m), Some(d)) = (next(), next(), next()) else {
        return Err(format!("{s:?} is not YYYY-MM-DD"));
    };
    let month = u8::try_from(m)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok());
    month
        .and_then(|mo| {
            u8::try_from(d)
                .ok()
                .and_then(|d| Date::from_calendar_date(y, mo, d).ok())
        })
        .ok_or_else(|| format!("{s:?} is not a calendar date"))
}

/// One output object: the DESIGN.md contract fields first, then additions.
#[derive(Serialize)]
struct Record<'a> {
    format: Option<&'static str>,
    valid: bool,
    document_code: Option<&'a str>,
    issuing_state: Option<&'a str>,
    surname: Option<&'a str>,
    given_names: Option<&'a str>,
    document_number: Option<&'a str>,
    nationality: Option<&'a str>,
    birth_date: Option<Date>,
    sex: Option<&'static str>,
    expiry_date: Option<Date>,
    optional_data: Option<&'a str>,
    errors: &'a [FieldError],
    /// 1-based input line where the record starts.
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    optional_data_2: Option<&'a str>,
    name_truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a Suggestion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    indicators: Option<Vec<Indicator>>,
}

fn record<'a>(doc: &'a Document, line: u64, indicators: Option<Vec<Indicator>>) -> Record<'a> {
    Record {
        format: doc.format.map(|f| f.as_str()),
        valid: doc.valid,
        document_code: doc.document_code.value.as_deref(),
        issuing_state: doc.issuing_state.value.as_deref(),
        surname: doc.surname.value.as_deref(),
        given_names: doc.given_names.value.as_deref(),
        document_number: doc.document_number.value.as_deref(),
        nationality: doc.nationality.value.as_deref(),
        birth_date: doc.birth_date.value,
        sex: doc.sex.value.map(|s| s.as_str()),
        expiry_date: doc.expiry_date.value,
        optional_data: doc.optional_data.value.as_deref(),
        errors: &doc.errors,
        line,
        optional_data_2: doc
            .optional_data_2
            .as_ref()
            .and_then(|f| f.value.as_deref()),
        name_truncated: doc.name_truncated,
        suggestion: doc.suggestion.as_ref(),
        indicators,
    }
}

/// Lines kept per record: enough to report a 4+-line record as wrong, bounded so one
/// endless record cannot exhaust memory.
const MAX_KEPT_LINES: usize = 4;

/// Runs `lintas mrz`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let today = args
        .today
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
    let options = ParseOptions {
        reference_date: today,
        ocr_repair: !args.no_ocr,
    };
    let input: Box<dyn BufRead> = match args.file.as_deref() {
        None => Box::new(BufReader::with_capacity(1 << 20, std::io::stdin())),
        Some(p) if p.as_os_str() == "-" => {
            Box::new(BufReader::with_capacity(1 << 20, std::io::stdin()))
        }
        Some(p) => Box::new(BufReader::with_capacity(
            1 << 20,
            File::open(p).with_context(|| format!("cannot open {}", p.display()))?,
        )),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let emit = |text: &str, start: u64, out: &mut BufWriter<_>| -> anyhow::Result<()> {
        let doc = parse(text, &options);
        let ind = args.indicators.then(|| indicators(&doc, today, &[]));
        serde_json::to_writer(&mut *out, &record(&doc, start, ind))?;
        out.write_all(b"\n")?;
        Ok(())
    };

    let mut reader = input;
    let mut buf = String::with_capacity(128);
    let mut record_text = String::with_capacity(160);
    let mut kept = 0usize;
    let mut start = 0u64;
    let mut line_no = 0u64;
    let mut records = 0u64;
    loop {
        buf.clear();
        let n = reader
            .read_line(&mut buf)
            .with_context(|| format!("reading input at line {}", line_no + 1))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if buf.trim_ascii().is_empty() {
            if kept > 0 {
                emit(&record_text, start, &mut out)?;
                records += 1;
                record_text.clear();
                kept = 0;
            }
            continue;
        }
        if kept == 0 {
            start = line_no;
        }
        if kept < MAX_KEPT_LINES {
            record_text.push_str(buf.trim_ascii());
            record_text.push('\n');
        } else if kept == MAX_KEPT_LINES {
            eprintln!(
                "lintas mrz: record at line {start} has more than {MAX_KEPT_LINES} lines; the rest are skipped"
            );
        }
        kept += 1;
    }
    if kept > 0 {
        emit(&record_text, start, &mut out)?;
        records += 1;
    }
    out.flush().context("writing output")?;
    if records == 0 {
        eprintln!("lintas mrz: no records in input");
    }
    Ok(ExitCode::SUCCESS)
}

//! Row readers that hold one record at a time, however large the input: JSON Lines and JSON
//! arrays are read element by element, and a line (or array element) longer than
//! [`MAX_RECORD_BYTES`] ends the import with an error naming its line instead of growing a
//! buffer until memory runs out (input without line breaks, such as `/dev/zero`).

use std::io::{self, BufRead, Read};

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{ImportError, Row, err, from_json};

/// The longest line (CSV, JSON Lines) or JSON array element an import accepts.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

fn too_long(line: u64) -> String {
    format!(
        "line {line} is longer than {} MiB without a line break; the rest of the file was not read",
        MAX_RECORD_BYTES >> 20
    )
}

/// Passes bytes through, failing once a line grows past [`MAX_RECORD_BYTES`]: the CSV reader
/// would otherwise buffer a whole unbroken input as one record.
pub(super) struct LineLimit<R> {
    inner: R,
    run: usize,
    line: u64,
    failed: bool,
}

impl<R> LineLimit<R> {
    pub(super) fn new(inner: R) -> Self {
        LineLimit {
            inner,
            run: 0,
            line: 1,
            failed: false,
        }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failed {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                too_long(self.line),
            ));
        }
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        let (mut run, mut start) = (self.run, 0);
        for at in memchr::memchr_iter(b'\n', chunk) {
            if run + (at - start) > MAX_RECORD_BYTES {
                break;
            }
            self.line += 1;
            (run, start) = (0, at + 1);
        }
        // After a break above, `start` still marks the over-long line's beginning.
        run += chunk.len() - start;
        if run > MAX_RECORD_BYTES {
            self.failed = true;
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                too_long(self.line),
            ));
        }
        self.run = run;
        Ok(n)
    }
}

/// JSON Lines, one line at a time.
pub(super) struct JsonLines<R> {
    input: R,
    line: u64,
    today: NaiveDate,
    buffer: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    pub(super) fn new(input: R, today: NaiveDate) -> Self {
        JsonLines {
            input,
            line: 0,
            today,
            buffer: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        while !self.done {
            self.buffer.clear();
            self.line += 1;
            let limit = MAX_RECORD_BYTES as u64 + 1;
            let read = (&mut self.input)
                .take(limit)
                .read_until(b'\n', &mut self.buffer);
            let failure = match read {
                Ok(0) => return None,
                Ok(_)
                    if self.buffer.len() as u64 >= limit && self.buffer.last() != Some(&b'\n') =>
                {
                    Some(too_long(self.line))
                }
                Ok(_) => None,
                Err(e) => Some(e.to_string()),
            };
            if let Some(message) = failure {
                self.done = true;
                return Some(Row {
                    line: self.line,
                    record: Err(vec![err("", "unreadable", message)]),
                });
            }
            let record = match std::str::from_utf8(&self.buffer) {
                Err(_) => Err(vec![err("", "unreadable", "the line is not valid UTF-8")]),
                Ok(text) => {
                    let text = text.trim_start_matches('\u{feff}').trim();
                    if text.is_empty() {
                        continue;
                    }
                    from_json(text, self.today)
                }
            };
            return Some(Row {
                line: self.line,
                record,
            });
        }
        None
    }
}

/// A JSON array of incidents, one element at a time.
pub(super) struct JsonArray<R> {
    input: R,
    /// The line the reader is on (1-based).
    line: u64,
    today: NaiveDate,
    first: bool,
    done: bool,
}

impl<R: BufRead> JsonArray<R> {
    pub(super) fn new(mut input: R, today: NaiveDate) -> Result<Self, ImportError> {
        let mut line = 1;
        {
            let head = input.fill_buf()?;
            if head.starts_with(b"\xEF\xBB\xBF") {
                input.consume(3);
            }
        }
        match skip_whitespace(&mut input, &mut line)? {
            Some(b'[') => input.consume(1),
            found => {
                return Err(ImportError::Json {
                    line,
                    message: match found {
                        Some(b) => format!("expected `[` but found `{}`", char::from(b)),
                        None => "the file is empty".into(),
                    },
                });
            }
        }
        Ok(JsonArray {
            input,
            line,
            today,
            first: true,
            done: false,
        })
    }

    fn fail(&mut self, line: u64, code: &str, message: String) -> Option<Row> {
        self.done = true;
        Some(Row {
            line,
            record: Err(vec![err("", code, message)]),
        })
    }
}

/// Consumes ASCII whitespace, counting line breaks; returns the next byte without consuming it.
fn skip_whitespace<R: BufRead>(input: &mut R, line: &mut u64) -> io::Result<Option<u8>> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        let blank = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        *line += buf[..blank].iter().filter(|b| **b == b'\n').count() as u64;
        let next = buf.get(blank).copied();
        input.consume(blank);
        if next.is_some() {
            return Ok(next);
        }
    }
}

impl<R: BufRead> Iterator for JsonArray<R> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if self.done {
            return None;
        }
        let next = match skip_whitespace(&mut self.input, &mut self.line) {
            Ok(b) => b,
            Err(e) => return self.fail(self.line, "unreadable", e.to_string()),
        };
        match next {
            Some(b']') => {
                self.input.consume(1);
                self.done = true;
                return match skip_whitespace(&mut self.input, &mut self.line) {
                    Ok(None) => None,
                    Ok(Some(_)) => self.fail(
                        self.line,
                        "malformed_json",
                        "unexpected text after the end of the array".into(),
                    ),
                    Err(e) => self.fail(self.line, "unreadable", e.to_string()),
                };
            }
            Some(b',') if !self.first => {
                self.input.consume(1);
                match skip_whitespace(&mut self.input, &mut self.line) {
                    Ok(Some(_)) => {}
                    Ok(None) => {
                        return self.fail(
                            self.line,
                            "malformed_json",
                            "the array is not closed".into(),
                        );
                    }
                    Err(e) => return self.fail(self.line, "unreadable", e.to_string()),
                }
            }
            Some(_) if self.first => {}
            Some(b) => {
                return self.fail(
                    self.line,
                    "malformed_json",
                    format!("expected `,` or `]` but found `{}`", char::from(b)),
                );
            }
            None => {
                return self.fail(
                    self.line,
                    "malformed_json",
                    "the array is not closed".into(),
                );
            }
        }
        self.first = false;
        let start = self.line;
        let mut bounded = (&mut self.input).take(MAX_RECORD_BYTES as u64);
        let parsed = {
            let mut de = serde_json::Deserializer::from_reader(&mut bounded);
            Box::<RawValue>::deserialize(&mut de)
        };
        match parsed {
            Ok(raw) => {
                let text = raw.get();
                self.line += text.bytes().filter(|b| *b == b'\n').count() as u64;
                Some(Row {
                    line: start,
                    record: from_json(text, self.today),
                })
            }
            Err(_) if bounded.limit() == 0 => self.fail(start, "unreadable", too_long(start)),
            Err(e) => {
                let line = start + e.line().saturating_sub(1) as u64;
                let message = e.to_string();
                self.fail(line, "malformed_json", message)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    }

    #[test]
    fn a_line_without_breaks_stops_the_csv_reader_with_its_line() {
        let mut input = b"kind,occurred_on\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 10));
        let mut reader = LineLimit::new(&input[..]);
        let mut sink = Vec::new();
        let e = reader.read_to_end(&mut sink).unwrap_err();
        assert!(e.to_string().contains("line 2 is longer than 1 MiB"), "{e}");
    }

    #[test]
    fn long_files_of_short_lines_pass() {
        let line = b"smuggling,2024-05\n";
        let input: Vec<u8> = line.repeat(MAX_RECORD_BYTES / 4);
        let mut sink = Vec::new();
        LineLimit::new(&input[..]).read_to_end(&mut sink).unwrap();
        assert_eq!(sink, input);
    }

    #[test]
    fn json_lines_refuse_an_endless_line_once() {
        let input = std::io::repeat(b'{').take(3 * MAX_RECORD_BYTES as u64);
        let rows: Vec<Row> = JsonLines::new(std::io::BufReader::new(input), today()).collect();
        assert_eq!(rows.len(), 1);
        let e = &rows[0].record.as_ref().unwrap_err()[0];
        assert!(e.message.contains("line 1 is longer"), "{}", e.message);
    }

    #[test]
    fn array_elements_carry_their_start_lines() {
        let text = "\u{feff}[\n {\"kind\": \"smuggling\",\n  \"occurred_on\": \"2024-05\", \"place\": {\"country\": \"IDN\"}},\n\n {\"kind\": \"smugling\", \"occurred_on\": \"2024-05\"}\n]\n";
        let rows: Vec<Row> = JsonArray::new(text.as_bytes(), today()).unwrap().collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert!(rows[0].record.is_ok());
        assert_eq!(rows[1].line, 5);
        assert!(rows[1].record.is_err());
    }

    #[test]
    fn a_broken_array_reports_where_and_keeps_the_rows_before() {
        let text = "[{\"kind\": \"smuggling\", \"occurred_on\": \"2024-05\", \"place\": {\"country\": \"IDN\"}},\n{\"kind\": }]";
        let rows: Vec<Row> = JsonArray::new(text.as_bytes(), today()).unwrap().collect();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].record.is_ok());
        assert_eq!(rows[1].line, 2);
        assert_eq!(
            rows[1].record.as_ref().unwrap_err()[0].code,
            "malformed_json"
        );
        assert!(JsonArray::new("{}".as_bytes(), today()).is_err());
        let trailing: Vec<Row> = JsonArray::new("[] x".as_bytes(), today())
            .unwrap()
            .collect();
        assert_eq!(trailing.len(), 1);
        let unclosed: Vec<Row> = JsonArray::new("[{\"kind\":1}".as_bytes(), today())
            .unwrap()
            .collect();
        assert_eq!(unclosed.len(), 2);
    }

    proptest::proptest! {
        /// Any bytes, in any format: no panic, rows in line order, every refusal explained.
        #[test]
        fn readers_never_panic_and_keep_line_order(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            for format in [super::super::Format::Csv, super::super::Format::Json, super::super::Format::JsonLines] {
                if let Ok(rows) = super::super::read(&data[..], format, today()) {
                    let mut last = 0;
                    for row in rows {
                        proptest::prop_assert!(row.line >= last);
                        last = row.line;
                        if let Err(errors) = &row.record {
                            proptest::prop_assert!(!errors.is_empty());
                        }
                    }
                }
            }
        }

        /// However an array of valid incidents is laid out, each comes back from the line it starts on.
        #[test]
        fn array_elements_keep_their_lines(gaps in proptest::collection::vec((0usize..3, 0usize..3), 1..12)) {
            let mut text = String::from("[");
            let mut line = 1;
            let mut expected = Vec::new();
            for (n, (before, inside)) in gaps.iter().enumerate() {
                if n > 0 {
                    text.push(',');
                }
                text.push_str(&"\n".repeat(*before));
                line += before;
                expected.push(line as u64);
                text.push_str(&format!("{{\"kind\": \"smuggling\",{}\"occurred_on\": \"2024-05\", \"place\": {{\"country\": \"IDN\"}}}}", "\n".repeat(*inside)));
                line += inside;
            }
            text.push(']');
            let rows: Vec<Row> = JsonArray::new(text.as_bytes(), today()).unwrap().collect();
            let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
            proptest::prop_assert_eq!(lines, expected);
            proptest::prop_assert!(rows.iter().all(|r| r.record.is_ok()));
        }
    }
}

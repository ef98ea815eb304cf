//! OCR repair: when check digits fail, try the usual OCR confusions (O↔0, I↔1, B↔8, S↔5,
//! Z↔2, G↔6) and propose a correction only when exactly one repair makes every check digit
//! pass. The parsed fields are never changed; the caller gets a [`Suggestion`].

use crate::countries::lookup_bytes;
use crate::document::{Change, Document, Format, Suggestion};
use crate::error::ErrorCode;
use crate::layout::{Layout, Span};
use crate::parse::{ParseOptions, parse_bytes};

const PAIRS: [(u8, u8); 6] = [
    (b'O', b'0'),
    (b'I', b'1'),
    (b'B', b'8'),
    (b'S', b'5'),
    (b'Z', b'2'),
    (b'G', b'6'),
];

fn to_digit(b: u8) -> Option<u8> {
    PAIRS.iter().find(|p| p.0 == b).map(|p| p.1)
}

fn to_letter(b: u8) -> Option<u8> {
    PAIRS.iter().find(|p| p.1 == b).map(|p| p.0)
}

/// Swap for a mixed letter/digit field. G (16) and 6 differ by 10, which the 7-3-1 scheme
/// cannot see, so that swap would "pass" on every record; it is never proposed there.
fn swap(b: u8) -> Option<u8> {
    to_digit(b)
        .or_else(|| to_letter(b))
        .filter(|&o| !matches!((b, o), (b'G', b'6') | (b'6', b'G')))
}

const MAX_LINE: usize = 44;
type Buf = [[u8; MAX_LINE]; 3];

struct Work {
    buf: Buf,
    len: usize,
    lines: usize,
}

impl Work {
    fn get_mut(&mut self, line: u8, col: usize) -> Option<&mut u8> {
        self.buf
            .get_mut(line as usize)?
            .get_mut(col)
            .filter(|_| col < self.len)
    }

    fn as_lines(&self) -> ([&[u8]; 3], usize) {
        let mut out: [&[u8]; 3] = [&[]; 3];
        for (slot, line) in out.iter_mut().zip(self.buf.iter()).take(self.lines) {
            *slot = line.get(..self.len).unwrap_or_default();
        }
        (out, self.lines)
    }

    /// True when every check digit passes and no character/date rule fails.
    fn passes(&self, reference: &ParseOptions) -> bool {
        let (lines, n) = self.as_lines();
        let doc: Document = parse_bytes(lines.get(..n).unwrap_or_default(), n, reference);
        doc.check_digits.iter().all(|c| c.ok)
            && !doc.errors.iter().any(|e| {
                matches!(
                    e.code,
                    ErrorCode::CheckDigit | ErrorCode::InvalidCharacter | ErrorCode::InvalidDate
                )
            })
    }
}

/// Digit-only spans (dates and check digits) of a layout.
fn digit_spans(lay: &Layout) -> impl Iterator<Item = Span> {
    [
        Some(lay.birth_date),
        Some(lay.birth_date_cd),
        Some(lay.expiry_date),
        Some(lay.expiry_date_cd),
        Some(lay.document_number_cd),
        lay.optional_data_cd,
        lay.composite_cd,
    ]
    .into_iter()
    .flatten()
}

/// Alphanumeric spans covered by a check digit, where a single swap can be verified.
fn checked_alnum_spans(lay: &Layout, format: Format) -> impl Iterator<Item = Span> {
    let optional = match format {
        Format::MrvA | Format::MrvB => None,
        _ => Some(lay.optional_data),
    };
    [Some(lay.document_number), optional, lay.optional_data_2]
        .into_iter()
        .flatten()
}

fn field_of(lay: &Layout, line: u8, col: usize) -> &'static str {
    let within = |s: Span| s.line == line && (s.start as usize..s.end as usize).contains(&col);
    let named: [(Span, &'static str); 12] = [
        (lay.document_code, "document_code"),
        (lay.issuing_state, "issuing_state"),
        (lay.name, "name"),
        (lay.document_number, "document_number"),
        (lay.document_number_cd, "document_number"),
        (lay.nationality, "nationality"),
        (lay.birth_date, "birth_date"),
        (lay.birth_date_cd, "birth_date"),
        (lay.sex, "sex"),
        (lay.expiry_date, "expiry_date"),
        (lay.expiry_date_cd, "expiry_date"),
        (lay.optional_data, "optional_data"),
    ];
    if let Some((_, n)) = named.iter().find(|(s, _)| within(*s)) {
        return n;
    }
    if lay.optional_data_cd.is_some_and(within) {
        return "optional_data";
    }
    if lay.optional_data_2.is_some_and(within) {
        return "optional_data_2";
    }
    "composite"
}

/// Proposes a repair for a record whose lines all have the right length.
pub(crate) fn suggest(
    lines: &[&[u8]],
    format: Format,
    lay: &Layout,
    reference: time::Date,
) -> Option<Suggestion> {
    let len = format.line_length();
    let mut work = Work {
        buf: [[b'<'; MAX_LINE]; 3],
        len,
        lines: lines.len(),
    };
    for (dst, src) in work.buf.iter_mut().zip(lines) {
        dst.get_mut(..len)?.copy_from_slice(src.get(..len)?);
    }
    let original = work.buf;
    let opts = ParseOptions {
        reference_date: reference,
        ocr_repair: false,
    };

    // Forced repairs: a confusable letter in a digit-only field can only be its digit.
    for span in digit_spans(lay) {
        for col in span.range() {
            if let Some(b) = work.get_mut(span.line, col)
                && let Some(d) = to_digit(*b)
            {
                *b = d;
            }
        }
    }
    // A digit in a country field can only be its letter, kept when it yields a known code.
    for span in [lay.issuing_state, lay.nationality] {
        let row = work.buf.get(span.line as usize)?;
        let mut code = [0u8; 3];
        code.copy_from_slice(row.get(span.range())?);
        if code.iter().any(u8::is_ascii_digit) {
            let fixed = code.map(|b| to_letter(b).unwrap_or(b));
            if lookup_bytes(&fixed).is_some() {
                work.buf
                    .get_mut(span.line as usize)?
                    .get_mut(span.range())?
                    .copy_from_slice(&fixed);
            }
        }
    }

    let mut found: Option<Buf> = None;
    let mut count = 0usize;
    let base_changed = work.buf != original;
    if base_changed && work.passes(&opts) {
        found = Some(work.buf);
        count += 1;
    }
    let spans: Vec<Span> = checked_alnum_spans(lay, format).collect();
    for span in spans {
        for col in span.range() {
            let Some(&b) = work.buf.get(span.line as usize).and_then(|r| r.get(col)) else {
                continue;
            };
            let Some(alt) = swap(b) else { continue };
            if let Some(c) = work.get_mut(span.line, col) {
                *c = alt;
            }
            if work.passes(&opts) {
                count += 1;
                found = Some(work.buf);
            }
            if let Some(c) = work.get_mut(span.line, col) {
                *c = b;
            }
            if count > 1 {
                return None;
            }
        }
    }
    if count != 1 {
        return None;
    }
    let fixed = found?;
    let mut changes = Vec::new();
    for (li, (new, old)) in fixed
        .iter()
        .zip(original.iter())
        .enumerate()
        .take(lines.len())
    {
        for (col, (&n, &o)) in new.iter().zip(old.iter()).enumerate().take(len) {
            if n != o {
                changes.push(Change {
                    field: field_of(lay, li as u8, col),
                    line: li as u8 + 1,
                    column: col as u8 + 1,
                    from: char::from(o),
                    to: char::from(n),
                });
            }
        }
    }
    let mrz = fixed
        .iter()
        .take(lines.len())
        .map(|l| String::from_utf8_lossy(l.get(..len).unwrap_or_default()).into_owned())
        .collect();
    Some(Suggestion { mrz, changes })
}

//! Parsing and validation of one MRZ record.

use time::Date;

use crate::document::{Document, Format};
use crate::error::ErrorCode;
use crate::fields::parse_fields;
use crate::layout::{Span, layout};
use crate::ocr;

/// Options for [`parse`]. The library has no clock: the reference date ("today") is passed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Resolves two-digit years: birth dates are never after it; expiry dates are `20YY`
    /// unless that is more than [`crate::EXPIRY_WINDOW_YEARS`] years after its year.
    pub reference_date: Date,
    /// Look for an OCR repair when a check digit fails (default true).
    pub ocr_repair: bool,
}

impl ParseOptions {
    /// Options with OCR repair on.
    pub fn new(reference_date: Date) -> Self {
        Self {
            reference_date,
            ocr_repair: true,
        }
    }
}

/// Splits a record into its non-blank lines (surrounding whitespace and `\r` removed).
/// Returns up to 3 lines and the total count.
pub(crate) fn split_lines(text: &str) -> ([&[u8]; 3], usize) {
    let mut lines: [&[u8]; 3] = [&[]; 3];
    let mut n = 0usize;
    for line in text.split('\n') {
        let l = line.trim_ascii();
        if l.is_empty() {
            continue;
        }
        if let Some(slot) = lines.get_mut(n) {
            *slot = l.as_bytes();
        }
        n += 1;
    }
    (lines, n)
}

/// Parses and validates one MRZ record given as text: its 2 or 3 lines separated by
/// newlines. Never fails and never panics: every problem is a [`crate::FieldError`] in
/// [`Document::errors`].
///
/// ```
/// use lintas_mrz::{parse, ParseOptions, Format};
/// let today = time::Date::from_calendar_date(2026, time::Month::November, 23).unwrap();
/// let doc = parse(
///     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
///      L898902C36UTO7408122F1204159ZE184226B<<<<<10",
///     &ParseOptions::new(today),
/// );
/// assert_eq!(doc.format, Some(Format::TD3));
/// assert!(doc.valid);
/// assert_eq!(doc.surname.value.as_deref(), Some("ERIKSSON"));
/// ```
pub fn parse(text: &str, options: &ParseOptions) -> Document {
    let (lines, n) = split_lines(text);
    parse_bytes(&lines[..n.min(3)], n, options)
}

/// [`parse`] over lines already split.
pub fn parse_lines(lines: &[&str], options: &ParseOptions) -> Document {
    let mut b: [&[u8]; 3] = [&[]; 3];
    for (slot, l) in b.iter_mut().zip(lines) {
        *slot = l.as_bytes();
    }
    parse_bytes(&b[..lines.len().min(3)], lines.len(), options)
}

/// The format a record's shape suggests.
pub(crate) fn detect(lines: &[&[u8]], count: usize) -> Option<Format> {
    match count {
        3 => Some(Format::TD1),
        2 => {
            let first = lines.first().copied().unwrap_or_default();
            let second = lines.get(1).copied().unwrap_or_default();
            let len = if matches!(first.len(), 36 | 44) {
                first.len()
            } else {
                second.len()
            };
            let visa = first.first() == Some(&b'V');
            match (len, visa) {
                (44, false) => Some(Format::TD3),
                (44, true) => Some(Format::MrvA),
                (36, false) => Some(Format::TD2),
                (36, true) => Some(Format::MrvB),
                _ => None,
            }
        }
        _ => None,
    }
}

const LINE_NAMES: [&str; 3] = ["line1", "line2", "line3"];

/// Describes a byte for a message: the character when printable ASCII, else its value.
pub(crate) fn describe(b: u8) -> String {
    if b.is_ascii_graphic() || b == b' ' {
        format!("{:?}", char::from(b))
    } else {
        format!("byte 0x{b:02X}")
    }
}

/// Removes leading and trailing fillers; inner filler runs become one space.
pub(crate) fn clean(raw: &[u8]) -> String {
    let start = raw.iter().position(|&b| b != b'<').unwrap_or(raw.len());
    let end = raw
        .iter()
        .rposition(|&b| b != b'<')
        .map_or(start, |i| i + 1);
    let mut s = String::with_capacity(end.saturating_sub(start));
    let mut prev_filler = false;
    for &b in raw.get(start..end).unwrap_or_default() {
        if b == b'<' {
            if !prev_filler {
                s.push(' ');
            }
            prev_filler = true;
        } else {
            s.push(char::from(b));
            prev_filler = false;
        }
    }
    s
}

/// The lines of a record and whether each has the format's length.
pub(crate) struct Ctx<'a> {
    pub lines: [&'a [u8]; 3],
    pub ok: [bool; 3],
}

impl<'a> Ctx<'a> {
    pub fn get(&self, span: Span) -> Option<&'a [u8]> {
        let l = span.line as usize;
        if *self.ok.get(l)? {
            self.lines.get(l)?.get(span.range())
        } else {
            None
        }
    }

    pub fn byte(&self, span: Span) -> Option<u8> {
        self.get(span).and_then(|s| s.first().copied())
    }
}

pub(crate) fn parse_bytes(lines: &[&[u8]], count: usize, options: &ParseOptions) -> Document {
    let mut doc = Document {
        check_digits: Vec::with_capacity(5),
        ..Document::default()
    };
    if !(2..=3).contains(&count) {
        doc.error(
            "mrz",
            ErrorCode::WrongLineCount,
            format!("an MRZ has 2 or 3 lines, this record has {count}"),
        );
        return doc;
    }
    let Some(format) = detect(lines, count) else {
        let lens: Vec<usize> = lines.iter().map(|l| l.len()).collect();
        doc.error(
            "mrz",
            ErrorCode::WrongLength,
            format!("2-line MRZs have lines of 36 (TD2, MRV-B) or 44 (TD3, MRV-A) characters, found {lens:?}"),
        );
        return doc;
    };
    doc.format = Some(format);
    let mut ctx = Ctx {
        lines: [&[]; 3],
        ok: [false; 3],
    };
    let want = format.line_length();
    for (i, l) in lines.iter().enumerate().take(3) {
        if let (Some(slot), Some(ok)) = (ctx.lines.get_mut(i), ctx.ok.get_mut(i)) {
            *slot = l;
            *ok = l.len() == want;
        }
        if l.len() != want {
            doc.error(
                LINE_NAMES.get(i).copied().unwrap_or("mrz"),
                ErrorCode::WrongLength,
                format!(
                    "{} lines have {want} characters, line {} has {}",
                    format.as_str(),
                    i + 1,
                    l.len()
                ),
            );
        }
    }
    let lay = layout(format);
    parse_fields(&mut doc, &ctx, format, lay, options.reference_date);
    doc.valid = doc.errors.is_empty();
    if options.ocr_repair && !doc.valid && ctx.ok.iter().take(format.lines()).all(|&o| o) {
        doc.suggestion = ocr::suggest(
            ctx.lines.get(..format.lines()).unwrap_or_default(),
            format,
            lay,
            options.reference_date,
        );
    }
    doc
}

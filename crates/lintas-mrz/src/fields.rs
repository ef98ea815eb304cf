//! Reading each field of a detected format: characters, codes, names, dates, check digits.

use time::Date;

use crate::charset::{check_digit_bytes, check_digit_concat, is_mrz_char, printed_digit};
use crate::countries::lookup_bytes;
use crate::date::{self, DateProblem, RawDate};
use crate::document::{CheckDigit, CountryField, DateField, Document, Field, Format, Sex};
use crate::error::ErrorCode;
use crate::layout::{Layout, Span};
use crate::name;
use crate::parse::{Ctx, clean, describe};

/// First byte failing `allowed`, with its column (1-based) on the line.
fn first_bad(raw: &[u8], span: Span, allowed: impl Fn(u8) -> bool) -> Option<(u8, usize)> {
    raw.iter()
        .position(|&b| !allowed(b))
        .and_then(|i| raw.get(i).map(|&b| (b, span.start as usize + i + 1)))
}

fn char_error(doc: &mut Document, field: &'static str, span: Span, b: u8, col: usize, what: &str) {
    doc.error(
        field,
        ErrorCode::InvalidCharacter,
        format!(
            "{} at line {} column {col} is not allowed in {field} ({what})",
            describe(b),
            span.line + 1
        ),
    );
}

fn is_alpha_filler(b: u8) -> bool {
    b.is_ascii_uppercase() || b == b'<'
}

pub(crate) fn parse_fields(
    doc: &mut Document,
    ctx: &Ctx<'_>,
    format: Format,
    lay: &Layout,
    reference: Date,
) {
    document_code(doc, ctx, format, lay);
    doc.issuing_state = country(doc, ctx, lay.issuing_state, "issuing_state");
    if format == Format::TD1 {
        document_number(doc, ctx, format, lay);
        birth_date(doc, ctx, lay, reference);
        sex(doc, ctx, lay);
        expiry_date(doc, ctx, lay, reference);
        doc.nationality = country(doc, ctx, lay.nationality, "nationality");
        optional_2(doc, ctx, lay);
        composite(doc, ctx, lay);
        name(doc, ctx, lay);
    } else {
        name(doc, ctx, lay);
        document_number(doc, ctx, format, lay);
        doc.nationality = country(doc, ctx, lay.nationality, "nationality");
        birth_date(doc, ctx, lay, reference);
        sex(doc, ctx, lay);
        expiry_date(doc, ctx, lay, reference);
        if format != Format::TD3 && !doc.long_document_number {
            optional_plain(doc, ctx, lay.optional_data);
        }
        composite(doc, ctx, lay);
    }
}

fn document_code(doc: &mut Document, ctx: &Ctx<'_>, format: Format, lay: &Layout) {
    let Some(raw) = ctx.get(lay.document_code) else {
        return;
    };
    if let Some((b, col)) = first_bad(raw, lay.document_code, is_alpha_filler) {
        char_error(
            doc,
            "document_code",
            lay.document_code,
            b,
            col,
            "letters or `<`",
        );
        return;
    }
    let (c0, c1) = (
        raw.first().copied().unwrap_or(b'<'),
        raw.get(1).copied().unwrap_or(b'<'),
    );
    let problem = document_code_problem(format, c0, c1);
    if let Some(p) = problem {
        doc.error(
            "document_code",
            ErrorCode::InvalidDocumentCode,
            format!("{:?}: {p}", String::from_utf8_lossy(raw)),
        );
        doc.document_code = Field {
            value: Some(clean(raw)),
            valid: false,
        };
    } else {
        doc.document_code = Field::ok(clean(raw));
    }
}

/// Doc 9303 rules for the document code: TD3 starts with `P`, visas with `V`, TD1/TD2 with
/// `A`, `C` or `I` and a second character other than `V` (`AC` is the crew member
/// certificate).
pub(crate) fn document_code_problem(format: Format, c0: u8, c1: u8) -> Option<&'static str> {
    match format {
        Format::TD3 if c0 != b'P' => Some("a TD3 passport code starts with P"),
        Format::MrvA | Format::MrvB if c0 != b'V' => Some("a visa code starts with V"),
        Format::TD1 | Format::TD2 if !matches!(c0, b'A' | b'C' | b'I') => {
            Some("a TD1/TD2 document code starts with A, C or I")
        }
        Format::TD1 | Format::TD2 if c1 == b'V' => {
            Some("V may not be the second character of a TD1/TD2 code")
        }
        _ if c0 == b'<' => Some("the first character may not be a filler"),
        _ => None,
    }
}

fn country(doc: &mut Document, ctx: &Ctx<'_>, span: Span, field: &'static str) -> CountryField {
    let Some(raw) = ctx.get(span) else {
        return CountryField::default();
    };
    if let Some((b, col)) = first_bad(raw, span, is_alpha_filler) {
        char_error(doc, field, span, b, col, "letters or `<`");
        return CountryField::default();
    }
    match lookup_bytes(raw) {
        Some(c) => CountryField {
            value: Some(c.code.to_owned()),
            valid: true,
            kind: Some(c.kind),
        },
        None => {
            let code = clean(raw);
            doc.error(
                field,
                ErrorCode::UnknownCountry,
                format!("{code:?} is neither an ISO 3166-1 alpha-3 code nor an ICAO Doc 9303 code"),
            );
            CountryField {
                value: Some(code),
                valid: false,
                kind: None,
            }
        }
    }
}

fn name(doc: &mut Document, ctx: &Ctx<'_>, lay: &Layout) {
    let Some(raw) = ctx.get(lay.name) else { return };
    if let Some((b, col)) = first_bad(raw, lay.name, is_alpha_filler) {
        char_error(doc, "name", lay.name, b, col, "letters or `<`");
        return;
    }
    let n = name::split(raw);
    doc.name_truncated = n.truncated;
    let valid = n.problem.is_none();
    if let Some(p) = n.problem {
        let code = if p.contains("empty") {
            ErrorCode::MissingValue
        } else {
            ErrorCode::InvalidName
        };
        doc.error(
            "name",
            code,
            format!("{p}: {:?}", String::from_utf8_lossy(raw)),
        );
    }
    doc.surname = Field {
        value: Some(n.primary),
        valid,
    };
    doc.given_names = Field {
        value: Some(n.secondary),
        valid,
    };
}

/// Records a check digit and reports a failure. `computed` is over the covered data.
fn record_check(
    doc: &mut Document,
    name: &'static str,
    field: &'static str,
    computed: Option<u8>,
    printed: u8,
    filler_ok: bool,
) -> bool {
    let value = printed_digit(printed).filter(|_| printed != b'<' || filler_ok);
    let ok = value.is_some() && value == computed;
    doc.check_digits.push(CheckDigit {
        name,
        printed: char::from(printed),
        computed,
        ok,
    });
    if !ok {
        let message = match (value, computed) {
            (None, _) => format!("check digit {} is not a digit", describe(printed)),
            (Some(_), None) => format!(
                "check digit {} cannot be verified: the data has invalid characters",
                describe(printed)
            ),
            (Some(v), Some(c)) => format!("check digit is {v}, the data gives {c}"),
        };
        doc.error(field, ErrorCode::CheckDigit, message);
    }
    ok
}

fn document_number(doc: &mut Document, ctx: &Ctx<'_>, format: Format, lay: &Layout) {
    let (Some(raw), Some(cd)) = (
        ctx.get(lay.document_number),
        ctx.byte(lay.document_number_cd),
    ) else {
        return;
    };
    let mut valid = true;
    if let Some((b, col)) = first_bad(raw, lay.document_number, is_mrz_char) {
        char_error(
            doc,
            "document_number",
            lay.document_number,
            b,
            col,
            "A-Z, 0-9 or `<`",
        );
        valid = false;
    }
    if matches!(format, Format::TD1 | Format::TD2) && cd == b'<' {
        long_document_number(doc, ctx, lay, raw, valid);
        return;
    }
    let ok = record_check(
        doc,
        "document_number",
        "document_number",
        check_digit_bytes(raw),
        cd,
        false,
    );
    let value = clean(raw);
    if value.is_empty() {
        doc.error(
            "document_number",
            ErrorCode::MissingValue,
            "the document number is empty".into(),
        );
        valid = false;
    }
    doc.document_number = Field {
        value: valid.then_some(value),
        valid: valid && ok,
    };
    if format == Format::TD1 {
        optional_plain(doc, ctx, lay.optional_data);
    }
}

/// TD1/TD2 numbers longer than 9 characters (Doc 9303 Part 5 §4.2.2 note j; Part 6 alike):
/// the check digit position holds `<`, the rest of the number and its check digit open the
/// optional data field, then a `<`.
fn long_document_number(
    doc: &mut Document,
    ctx: &Ctx<'_>,
    lay: &Layout,
    raw: &[u8],
    chars_ok: bool,
) {
    doc.long_document_number = true;
    let opt = ctx.get(lay.optional_data).unwrap_or_default();
    let ov_len = opt.iter().position(|&b| b == b'<').unwrap_or(opt.len());
    if ov_len < 2 {
        doc.check_digits.push(CheckDigit {
            name: "document_number",
            printed: '<',
            computed: None,
            ok: false,
        });
        doc.error(
            "document_number",
            ErrorCode::CheckDigit,
            "position 15 is `<` (long document number) but optional data 1 holds no continuation and check digit".into(),
        );
        doc.document_number = Field {
            value: chars_ok.then(|| clean(raw)),
            valid: false,
        };
        optional_plain(doc, ctx, lay.optional_data);
        return;
    }
    let overflow = opt.get(..ov_len - 1).unwrap_or_default();
    let cd = opt.get(ov_len - 1).copied().unwrap_or(b'<');
    let mut chars_ok = chars_ok;
    let base = lay.optional_data;
    let ov_span = Span {
        line: base.line,
        start: base.start,
        end: base.start + ov_len as u8 - 1,
    };
    if let Some((b, col)) = first_bad(overflow, ov_span, is_mrz_char) {
        char_error(doc, "document_number", ov_span, b, col, "A-Z, 0-9");
        chars_ok = false;
    }
    // Issuers disagree on what the digit covers: the full number (BEL-BO-11005, PRT) or the
    // printed characters including the `<` at position 15 (BEL-BO-03003, SWE); accept both.
    let full = check_digit_concat([raw, overflow]);
    let with_filler = check_digit_concat([raw, b"<".as_slice(), overflow]);
    let computed =
        if printed_digit(cd).is_some() && with_filler == printed_digit(cd) && full != with_filler {
            with_filler
        } else {
            full
        };
    let ok = record_check(
        doc,
        "document_number",
        "document_number",
        computed,
        cd,
        false,
    );
    let mut number = clean(raw);
    number.extend(overflow.iter().map(|&b| char::from(b)));
    doc.document_number = Field {
        value: chars_ok.then_some(number),
        valid: chars_ok && ok,
    };
    let rest_start = (ov_len + 1).min(opt.len());
    let rest = Span {
        line: base.line,
        start: base.start + rest_start as u8,
        end: base.end,
    };
    optional_plain(doc, ctx, rest);
}

fn optional_plain(doc: &mut Document, ctx: &Ctx<'_>, span: Span) {
    let Some(raw) = ctx.get(span) else { return };
    if let Some((b, col)) = first_bad(raw, span, is_mrz_char) {
        char_error(doc, "optional_data", span, b, col, "A-Z, 0-9 or `<`");
        return;
    }
    doc.optional_data = Field::ok(clean(raw));
}

fn optional_2(doc: &mut Document, ctx: &Ctx<'_>, lay: &Layout) {
    let Some(span) = lay.optional_data_2 else {
        return;
    };
    let Some(raw) = ctx.get(span) else {
        doc.optional_data_2 = Some(Field::default());
        return;
    };
    if let Some((b, col)) = first_bad(raw, span, is_mrz_char) {
        char_error(doc, "optional_data_2", span, b, col, "A-Z, 0-9 or `<`");
        doc.optional_data_2 = Some(Field::default());
        return;
    }
    doc.optional_data_2 = Some(Field::ok(clean(raw)));
}

fn date_field(
    doc: &mut Document,
    ctx: &Ctx<'_>,
    span: Span,
    cd_span: Span,
    field: &'static str,
    resolve: fn(u8, u8, u8, Date) -> Option<Date>,
    reference: Date,
) -> DateField {
    let (Some(raw), Some(cd)) = (ctx.get(span), ctx.byte(cd_span)) else {
        return DateField::default();
    };
    let ok = record_check(doc, field, field, check_digit_bytes(raw), cd, false);
    let (value, readable) = match date::read(raw, true) {
        Ok(RawDate::Parts(y, m, d)) => match resolve(y, m, d, reference) {
            Some(v) => (Some(v), true),
            None => {
                doc.error(
                    field,
                    ErrorCode::InvalidDate,
                    format!("{:?} is not a calendar date", String::from_utf8_lossy(raw)),
                );
                (None, false)
            }
        },
        Ok(RawDate::Unknown) => (None, true),
        Err(DateProblem::Characters) => {
            if let Some((b, col)) = first_bad(raw, span, |b| b.is_ascii_digit() || b == b'<') {
                char_error(doc, field, span, b, col, "digits");
            } else {
                doc.error(
                    field,
                    ErrorCode::InvalidDate,
                    format!("{:?} is not YYMMDD", String::from_utf8_lossy(raw)),
                );
            }
            (None, false)
        }
        Err(DateProblem::Calendar) => {
            doc.error(
                field,
                ErrorCode::InvalidDate,
                format!("{:?} is not a calendar date", String::from_utf8_lossy(raw)),
            );
            (None, false)
        }
    };
    DateField {
        value,
        valid: ok && readable,
    }
}

fn birth_date(doc: &mut Document, ctx: &Ctx<'_>, lay: &Layout, reference: Date) {
    doc.birth_date = date_field(
        doc,
        ctx,
        lay.birth_date,
        lay.birth_date_cd,
        "birth_date",
        date::resolve_birth,
        reference,
    );
}

fn expiry_date(doc: &mut Document, ctx: &Ctx<'_>, lay: &Layout, reference: Date) {
    doc.expiry_date = date_field(
        doc,
        ctx,
        lay.expiry_date,
        lay.expiry_date_cd,
        "expiry_date",
        date::resolve_expiry,
        reference,
    );
}

fn sex(doc: &mut Document, ctx: &Ctx<'_>, lay: &Layout) {
    let Some(b) = ctx.byte(lay.sex) else { return };
    match Sex::from_byte(b) {
        Some(s) => doc.sex = Field::ok(s),
        None => doc.error(
            "sex",
            ErrorCode::InvalidSex,
            format!("{} is not M, F, X or <", describe(b)),
        ),
    }
}

fn composite(doc: &mut Document, ctx: &Ctx<'_>, lay: &Layout) {
    if let Some(cd_span) = lay.optional_data_cd {
        personal_number(doc, ctx, lay.optional_data, cd_span);
    }
    let Some(cd_span) = lay.composite_cd else {
        return;
    };
    let Some(cd) = ctx.byte(cd_span) else { return };
    let mut parts: [&[u8]; 4] = [&[]; 4];
    for (slot, span) in parts.iter_mut().zip(lay.composite) {
        match ctx.get(*span) {
            Some(p) => *slot = p,
            None => return,
        }
    }
    let computed = check_digit_concat(parts.iter().copied());
    record_check(doc, "composite", "composite", computed, cd, false);
}

fn personal_number(doc: &mut Document, ctx: &Ctx<'_>, span: Span, cd_span: Span) {
    let (Some(raw), Some(cd)) = (ctx.get(span), ctx.byte(cd_span)) else {
        return;
    };
    let mut valid = true;
    if let Some((b, col)) = first_bad(raw, span, is_mrz_char) {
        char_error(doc, "optional_data", span, b, col, "A-Z, 0-9 or `<`");
        valid = false;
    }
    let empty = raw.iter().all(|&b| b == b'<');
    let ok = record_check(
        doc,
        "optional_data",
        "optional_data",
        check_digit_bytes(raw),
        cd,
        empty,
    );
    doc.optional_data = Field {
        value: valid.then(|| clean(raw)),
        valid: valid && ok,
    };
}

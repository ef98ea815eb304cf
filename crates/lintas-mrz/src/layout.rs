//! Field positions of each format (Doc 9303 Parts 4–7), 0-based and half-open.

use crate::document::Format;

/// A run of characters on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub line: u8,
    pub start: u8,
    pub end: u8,
}

const fn sp(line: u8, start: u8, end: u8) -> Span {
    Span { line, start, end }
}

impl Span {
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Where every field sits.
pub(crate) struct Layout {
    pub document_code: Span,
    pub issuing_state: Span,
    pub name: Span,
    pub document_number: Span,
    pub document_number_cd: Span,
    pub nationality: Span,
    pub birth_date: Span,
    pub birth_date_cd: Span,
    pub sex: Span,
    pub expiry_date: Span,
    pub expiry_date_cd: Span,
    pub optional_data: Span,
    /// TD3 personal number check digit.
    pub optional_data_cd: Option<Span>,
    /// TD1 optional data 2.
    pub optional_data_2: Option<Span>,
    pub composite_cd: Option<Span>,
    /// Spans the composite check digit covers, read as one string.
    pub composite: &'static [Span],
}

const TD3: Layout = Layout {
    document_code: sp(0, 0, 2),
    issuing_state: sp(0, 2, 5),
    name: sp(0, 5, 44),
    document_number: sp(1, 0, 9),
    document_number_cd: sp(1, 9, 10),
    nationality: sp(1, 10, 13),
    birth_date: sp(1, 13, 19),
    birth_date_cd: sp(1, 19, 20),
    sex: sp(1, 20, 21),
    expiry_date: sp(1, 21, 27),
    expiry_date_cd: sp(1, 27, 28),
    optional_data: sp(1, 28, 42),
    optional_data_cd: Some(sp(1, 42, 43)),
    optional_data_2: None,
    composite_cd: Some(sp(1, 43, 44)),
    composite: &[sp(1, 0, 10), sp(1, 13, 20), sp(1, 21, 43)],
};

const TD2: Layout = Layout {
    name: sp(0, 5, 36),
    optional_data: sp(1, 28, 35),
    optional_data_cd: None,
    composite_cd: Some(sp(1, 35, 36)),
    composite: &[sp(1, 0, 10), sp(1, 13, 20), sp(1, 21, 35)],
    ..TD3
};

const MRVA: Layout = Layout {
    optional_data: sp(1, 28, 44),
    optional_data_cd: None,
    composite_cd: None,
    composite: &[],
    ..TD3
};

const MRVB: Layout = Layout {
    name: sp(0, 5, 36),
    optional_data: sp(1, 28, 36),
    optional_data_cd: None,
    composite_cd: None,
    composite: &[],
    ..TD3
};

const TD1: Layout = Layout {
    document_code: sp(0, 0, 2),
    issuing_state: sp(0, 2, 5),
    document_number: sp(0, 5, 14),
    document_number_cd: sp(0, 14, 15),
    optional_data: sp(0, 15, 30),
    birth_date: sp(1, 0, 6),
    birth_date_cd: sp(1, 6, 7),
    sex: sp(1, 7, 8),
    expiry_date: sp(1, 8, 14),
    expiry_date_cd: sp(1, 14, 15),
    nationality: sp(1, 15, 18),
    optional_data_2: Some(sp(1, 18, 29)),
    composite_cd: Some(sp(1, 29, 30)),
    name: sp(2, 0, 30),
    optional_data_cd: None,
    composite: &[sp(0, 5, 30), sp(1, 0, 7), sp(1, 8, 15), sp(1, 18, 29)],
};

pub(crate) fn layout(format: Format) -> &'static Layout {
    match format {
        Format::TD1 => &TD1,
        Format::TD2 => &TD2,
        Format::TD3 => &TD3,
        Format::MrvA => &MRVA,
        Format::MrvB => &MRVB,
    }
}

//! What a report is made of: named figures, and sections whose text, tables and charts refer
//! to figures by name. A number reaches the page only as a figure, so the `--data` file lists
//! every number the reader sees, with its definition.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};

/// How a figure's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A whole count (incidents, people).
    Count,
    /// A change or share in per cent, one decimal.
    Percent,
    /// A parameter of a method (a threshold, a level), written as it is.
    Parameter,
    /// A modelled quantity (an expected count, a bound), one decimal.
    Decimal,
}

/// One number of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Stable dotted name, e.g. `incidents.total`, `route.AFG>AUS.incidents`.
    pub name: String,
    /// `None` where it cannot be computed (a change from zero) or was suppressed.
    pub value: Option<f64>,
    /// How it reads.
    pub unit: Unit,
    /// What was counted, over which data, for whom.
    pub definition: String,
}

impl Figure {
    /// A count.
    pub fn count(name: impl Into<String>, value: u64, definition: impl Into<String>) -> Self {
        Figure {
            name: name.into(),
            // Counts in reports stay far below 2^53.
            value: Some(value as f64),
            unit: Unit::Count,
            definition: definition.into(),
        }
    }

    /// A count that may be withheld (`None`: suppressed small cell).
    pub fn maybe_count(
        name: impl Into<String>,
        value: Option<u64>,
        definition: impl Into<String>,
    ) -> Self {
        Figure {
            name: name.into(),
            value: value.map(|v| v as f64),
            unit: Unit::Count,
            definition: definition.into(),
        }
    }

    /// A modelled quantity, kept to one decimal as printed.
    pub fn decimal(
        name: impl Into<String>,
        value: Option<f64>,
        definition: impl Into<String>,
    ) -> Self {
        Figure {
            name: name.into(),
            value: value.map(|v| (v * 10.0).round() / 10.0),
            unit: Unit::Decimal,
            definition: definition.into(),
        }
    }

    /// A change or share in per cent (`None`: undefined).
    pub fn percent(
        name: impl Into<String>,
        value: Option<f64>,
        definition: impl Into<String>,
    ) -> Self {
        Figure {
            name: name.into(),
            value: value.map(|v| (v * 10.0).round() / 10.0),
            unit: Unit::Percent,
            definition: definition.into(),
        }
    }

    /// A method parameter.
    pub fn parameter(name: impl Into<String>, value: f64, definition: impl Into<String>) -> Self {
        Figure {
            name: name.into(),
            value: Some(value),
            unit: Unit::Parameter,
            definition: definition.into(),
        }
    }

    /// The value as printed: counts whole, per cent signed with one decimal, parameters as
    /// they are; `n/a` where there is none.
    pub fn display(&self) -> String {
        let Some(v) = self.value else {
            return "n/a".into();
        };
        match self.unit {
            Unit::Count => format!("{v:.0}"),
            Unit::Percent if v > 0.0 => format!("+{v:.1}%"),
            Unit::Percent if v < 0.0 => format!("\u{2212}{:.1}%", -v),
            Unit::Percent => "0.0%".into(),
            Unit::Parameter => format!("{v}"),
            Unit::Decimal => format!("{v:.1}"),
        }
    }
}

/// A piece of running text: words, or a figure's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    /// Words, set as they are (never markup).
    Text(String),
    /// The value of the named figure.
    Figure(String),
}

/// A paragraph built from spans.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph(pub Vec<Span>);

impl Paragraph {
    /// Starts a paragraph with words.
    pub fn text(s: impl Into<String>) -> Self {
        Paragraph(vec![Span::Text(s.into())])
    }

    /// Appends words.
    pub fn t(mut self, s: impl Into<String>) -> Self {
        self.0.push(Span::Text(s.into()));
        self
    }

    /// Appends a figure's value.
    pub fn f(mut self, name: impl Into<String>) -> Self {
        self.0.push(Span::Figure(name.into()));
        self
    }
}

/// A table cell: a label or a figure.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Words.
    Text(String),
    /// The value of the named figure.
    Figure(String),
}

/// A table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Shown above the table.
    pub caption: String,
    /// Column headings.
    pub columns: Vec<String>,
    /// Rows of cells, as many as columns.
    pub rows: Vec<Vec<Cell>>,
}

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Lines over the periods.
    Line,
    /// Bars, one per period (the first series only).
    Bar,
}

/// One line (or the bars) of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSeries {
    /// Legend entry.
    pub label: String,
    /// One value per period; `None` leaves a gap.
    pub values: Vec<Option<f64>>,
    /// Drawn dashed (expected values, bounds).
    pub dashed: bool,
}

/// A chart over periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Shown under the chart.
    pub caption: String,
    /// Lines or bars.
    pub kind: ChartKind,
    /// Period labels along the x axis.
    pub periods: Vec<String>,
    /// What is drawn.
    pub series: Vec<ChartSeries>,
    /// Periods marked as alarms (indexes into `periods`).
    pub alarms: Vec<usize>,
}

/// A part of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Running text.
    Paragraph(Paragraph),
    /// Bulleted points.
    List(Vec<Paragraph>),
    /// A table of labels and figures.
    Table(Table),
    /// A chart (drawn as SVG).
    Chart(Chart),
}

/// A heading and what follows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// 1 for chapters, 2 for their parts.
    pub level: u8,
    /// The heading.
    pub title: String,
    /// Its content.
    pub blocks: Vec<Block>,
    /// Starts a new page.
    pub page_break: bool,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Title on the cover.
    pub title: String,
    /// Subtitle (the period in words).
    pub subtitle: String,
    /// Who produced it and for whom (e.g. `Regional Support Office`).
    pub scope: String,
    /// Running footer text.
    pub footer: String,
    /// Every figure, by name (order kept for the data file).
    pub figures: Vec<Figure>,
    /// The body.
    pub sections: Vec<Section>,
}

impl Report {
    /// The figures by name; a name given twice is an error.
    pub fn figure_index(&self) -> Result<BTreeMap<&str, &Figure>> {
        let mut index = BTreeMap::new();
        for f in &self.figures {
            if index.insert(f.name.as_str(), f).is_some() {
                return Err(Error::Figure(format!(
                    "figure `{}` is defined twice",
                    f.name
                )));
            }
        }
        Ok(index)
    }

    /// Number of charts in the report.
    pub fn chart_count(&self) -> usize {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter(|b| matches!(b, Block::Chart(_)))
            .count()
    }

    /// The data file: each figure's name, value, unit and definition, in report order.
    pub fn figures_json(&self) -> Result<Vec<u8>> {
        #[derive(Serialize)]
        struct Data<'a> {
            title: &'a str,
            subtitle: &'a str,
            scope: &'a str,
            figures: &'a [Figure],
        }
        let mut out = serde_json::to_vec_pretty(&Data {
            title: &self.title,
            subtitle: &self.subtitle,
            scope: &self.scope,
            figures: &self.figures,
        })
        .map_err(|e| Error::Figure(e.to_string()))?;
        out.push(b'\n');
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_by_unit() {
        assert_eq!(Figure::count("a", 12, "").display(), "12");
        assert_eq!(Figure::percent("b", Some(12.345), "").display(), "+12.3%");
        assert_eq!(
            Figure::percent("c", Some(-4.0), "").display(),
            "\u{2212}4.0%"
        );
        assert_eq!(Figure::percent("d", None, "").display(), "n/a");
        assert_eq!(Figure::parameter("e", 0.01, "").display(), "0.01");
        assert_eq!(Figure::parameter("f", 5.0, "").display(), "5");
    }

    #[test]
    fn a_name_given_twice_is_refused() {
        let r = Report {
            title: String::new(),
            subtitle: String::new(),
            scope: String::new(),
            footer: String::new(),
            figures: vec![Figure::count("a", 1, ""), Figure::count("a", 2, "")],
            sections: Vec::new(),
        };
        assert!(r.figure_index().is_err());
    }
}

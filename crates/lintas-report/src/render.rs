//! From a [`Report`] to PDF bytes: figures are resolved into the template's data, charts are
//! drawn, and Typst typesets the baked-in template. The PDF has no creation date and a fixed
//! document identifier, so the same report gives the same bytes.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};
use typst::foundations::{Bytes, Smart};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::chart;
use crate::error::{Error, Result};
use crate::fonts::Fonts;
use crate::model::{Block, Cell, Figure, Paragraph, Report, Span};
use crate::world::ReportWorld;

const TEMPLATE: &str = include_str!("../templates/report.typ");

type Index<'a> = BTreeMap<&'a str, &'a Figure>;

fn resolve(index: &Index<'_>, name: &str) -> Result<String> {
    index
        .get(name)
        .map(|f| f.display())
        .ok_or_else(|| Error::Figure(format!("the text refers to `{name}`, which is no figure")))
}

fn paragraph(index: &Index<'_>, p: &Paragraph) -> Result<String> {
    let mut out = String::new();
    for span in &p.0 {
        match span {
            Span::Text(t) => out.push_str(t),
            Span::Figure(name) => out.push_str(&resolve(index, name)?),
        }
    }
    Ok(out)
}

/// The template's data and the charts' SVG files.
fn layout_data(report: &Report, fonts: &Fonts) -> Result<(Value, HashMap<String, Bytes>)> {
    let index = report.figure_index()?;
    let mut files = HashMap::new();
    let mut sections = Vec::new();
    for s in &report.sections {
        let mut blocks = Vec::new();
        for b in &s.blocks {
            blocks.push(match b {
                Block::Paragraph(p) => json!({"type": "par", "text": paragraph(&index, p)?}),
                Block::List(items) => json!({
                    "type": "list",
                    "items": items
                        .iter()
                        .map(|p| paragraph(&index, p))
                        .collect::<Result<Vec<_>>>()?,
                }),
                Block::Table(t) => {
                    let width = t.columns.len();
                    let mut numeric = vec![!t.rows.is_empty(); width];
                    let mut rows = Vec::new();
                    for (r, row) in t.rows.iter().enumerate() {
                        if row.len() != width {
                            return Err(Error::Figure(format!(
                                "table `{}` row {} has {} cells for {width} columns",
                                t.caption,
                                r + 1,
                                row.len()
                            )));
                        }
                        let mut cells = Vec::new();
                        for (c, cell) in row.iter().enumerate() {
                            cells.push(match cell {
                                Cell::Text(s) => {
                                    if let Some(n) = numeric.get_mut(c) {
                                        *n = false;
                                    }
                                    s.clone()
                                }
                                Cell::Figure(name) => resolve(&index, name)?,
                            });
                        }
                        rows.push(cells);
                    }
                    let widths: Vec<u8> = (0..width).map(|c| u8::from(c > 0)).collect();
                    json!({
                        "type": "table",
                        "caption": t.caption,
                        "columns": t.columns,
                        "widths": widths,
                        "numeric": numeric,
                        "rows": rows,
                    })
                }
                Block::Chart(c) => {
                    let file = format!("/charts/{}.svg", files.len() + 1);
                    files.insert(
                        file.clone(),
                        Bytes::new(chart::render(c, fonts)?.into_bytes()),
                    );
                    json!({"type": "chart", "caption": c.caption, "file": file})
                }
            });
        }
        sections.push(json!({
            "level": s.level.clamp(1, 3),
            "title": s.title,
            "page_break": s.page_break,
            "blocks": blocks,
        }));
    }
    let data = json!({
        "title": report.title,
        "subtitle": report.subtitle,
        "scope": report.scope,
        "footer": report.footer,
        "sections": sections,
    });
    Ok((data, files))
}

fn diagnostics(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A typeset report.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// Pages typeset.
    pub pages: usize,
}

/// Typesets `report` into a PDF.
pub fn render_pdf(report: &Report, fonts: &Fonts) -> Result<Rendered> {
    let (data, mut files) = layout_data(report, fonts)?;
    let data = serde_json::to_vec(&data).map_err(|e| Error::Figure(e.to_string()))?;
    files.insert("/data.json".into(), Bytes::new(data));
    let world = ReportWorld::new(fonts, TEMPLATE, files)?;
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|e| Error::Typeset(diagnostics(&e)))?;
    let options = PdfOptions {
        ident: Smart::Custom("lintas-report".into()),
        creator: Smart::Custom(Some("Lintas".into())),
        timestamp: None,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|e| Error::Typeset(diagnostics(&e)))?;
    Ok(Rendered {
        pdf,
        pages: document.pages().len(),
    })
}

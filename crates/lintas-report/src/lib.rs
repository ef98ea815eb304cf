//! Periodic reports (issue 16): a typed set of named figures and the sections that cite
//! them become a PDF. Charts are drawn with plotters as SVG; Typst, embedded as a library,
//! typesets a baked-in template with fonts read from this machine. Nothing is fetched, there
//! is no clock, and the same report gives byte-identical PDFs.
//!
//! Pure: no database, no HTTP. The figures come from the store's named queries, gathered by
//! `lintas-app`'s report use case.

mod chart;
mod check;
mod error;
mod fonts;
mod model;
mod render;
mod sample;
mod world;

pub use chart::{draw_svg, render as render_chart};
pub use check::stray_numbers;
pub use error::{Error, Result};
pub use fonts::{BODY_FAMILY, DEFAULT_CJK_DIR, DEFAULT_FONT_DIR, Fonts};
pub use model::{
    Block, Cell, Chart, ChartKind, ChartSeries, Figure, Paragraph, Report, Section, Span, Table,
    Unit,
};
pub use render::{Rendered, render_pdf};
pub use sample::sample_report;

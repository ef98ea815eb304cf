//! Charts: plotters draws SVG; usvg then turns the SVG's text into outlines in the body font,
//! so a chart looks the same in every viewer and its axis ticks (scale marks, not findings)
//! stay out of the PDF's text layer, which holds only figures.

use plotters::prelude::*;

use crate::error::{Error, Result};
use crate::fonts::{BODY_FAMILY, Fonts};
use crate::model::{Chart, ChartKind};

const WIDTH: u32 = 900;
const HEIGHT: u32 = 380;

/// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
];
const ALARM: RGBColor = RGBColor(200, 30, 30);

fn fail(chart: &Chart, e: impl std::fmt::Display) -> Error {
    Error::Chart {
        caption: chart.caption.clone(),
        message: e.to_string(),
    }
}

/// A "nice" top of the y axis above `max`.
fn y_top(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let top = step * magnitude;
        if top >= max * 1.05 {
            return top;
        }
    }
    10.0 * magnitude
}

/// Runs of consecutive defined points (a gap splits a line).
fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => current.push((i as f64, *v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Plotters' SVG for `chart`, text still as text.
pub fn draw_svg(chart: &Chart) -> Result<String> {
    let n = chart.periods.len().max(1);
    let max = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0f64, |a, b| a.max(*b));
    let top = y_top(max);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(chart, e))?;
        let mut ctx = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(56)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..top)
            .map_err(|e| fail(chart, e))?;
        let periods = &chart.periods;
        let every = n.div_ceil(12).max(1);
        let label = |x: &f64| {
            let i = x.round();
            if (x - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            let i = i as usize;
            if i.is_multiple_of(every) {
                periods.get(i).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        ctx.configure_mesh()
            .disable_x_mesh()
            .x_labels(n.min(60))
            .x_label_formatter(&label)
            .y_labels(6)
            .y_label_formatter(&|y: &f64| format!("{y:.0}"))
            .label_style((BODY_FAMILY, 14))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(|e| fail(chart, e))?;
        for (k, s) in chart.series.iter().enumerate() {
            let colour = PALETTE[k % PALETTE.len()];
            if chart.kind == ChartKind::Bar && k == 0 {
                let bars = s.values.iter().enumerate().filter_map(|(i, v)| {
                    v.map(|v| {
                        let x = i as f64;
                        Rectangle::new([(x - 0.38, 0.0), (x + 0.38, v)], colour.filled())
                    })
                });
                ctx.draw_series(bars)
                    .map_err(|e| fail(chart, e))?
                    .label(s.label.clone())
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 16, y + 5)], colour.filled())
                    });
                continue;
            }
            let style = colour.stroke_width(2);
            for (j, run) in runs(&s.values).into_iter().enumerate() {
                let anno = if s.dashed {
                    ctx.draw_series(DashedLineSeries::new(run, 6, 4, style))
                } else {
                    ctx.draw_series(LineSeries::new(run, style))
                }
                .map_err(|e| fail(chart, e))?;
                if j == 0 {
                    anno.label(s.label.clone()).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2))
                    });
                }
            }
        }
        if let Some(first) = chart.series.first() {
            let marks = chart.alarms.iter().filter_map(|&i| {
                first
                    .values
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|v| Circle::new((i as f64, v), 5, ALARM.filled()))
            });
            ctx.draw_series(marks).map_err(|e| fail(chart, e))?;
        }
        if chart.series.len() > 1 || !chart.alarms.is_empty() {
            ctx.configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .label_font((BODY_FAMILY, 14))
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(180, 180, 180))
                .draw()
                .map_err(|e| fail(chart, e))?;
        }
        root.present().map_err(|e| fail(chart, e))?;
    }
    Ok(svg)
}

/// The chart as SVG with its text drawn as outlines in the body font.
pub fn render(chart: &Chart, fonts: &Fonts) -> Result<String> {
    let svg = draw_svg(chart)?;
    let options = usvg::Options {
        font_family: BODY_FAMILY.into(),
        fontdb: fonts.chart_db.clone(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &options).map_err(|e| fail(chart, e))?;
    Ok(tree.to_string(&usvg::WriteOptions::default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChartSeries;

    #[test]
    fn y_axis_tops_are_round_and_above_the_data() {
        assert_eq!(y_top(0.0), 1.0);
        assert_eq!(y_top(7.0), 10.0);
        assert_eq!(y_top(96.0), 100.0);
        assert_eq!(y_top(101.0), 200.0);
        assert_eq!(y_top(230.0), 250.0);
    }

    #[test]
    fn gaps_split_lines() {
        let r = runs(&[Some(1.0), None, Some(2.0), Some(3.0), None]);
        assert_eq!(r, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
    }

    #[test]
    fn plotters_draws_every_series_and_alarm() {
        let chart = Chart {
            caption: "test".into(),
            kind: ChartKind::Line,
            periods: vec!["2025-01".into(), "2025-02".into(), "2025-03".into()],
            series: vec![
                ChartSeries {
                    label: "observed".into(),
                    values: vec![Some(1.0), Some(5.0), Some(2.0)],
                    dashed: false,
                },
                ChartSeries {
                    label: "upper bound".into(),
                    values: vec![Some(3.0), Some(3.0), Some(3.0)],
                    dashed: true,
                },
            ],
            alarms: vec![1],
        };
        let svg = draw_svg(&chart).unwrap();
        assert!(svg.contains("2025-02"), "{svg}");
        assert!(svg.contains("upper bound"));
        assert_eq!(svg.matches("<circle").count(), 1);
    }
}

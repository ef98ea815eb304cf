//! Charts as inline SVG, drawn on the server: no script, no external library, readable by
//! screen readers through their title and the tables beside them.

use std::collections::BTreeMap;
use std::fmt::Write;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// CSS class of a kind's colour (kinds come from the code list, but are escaped anyway).
fn class(kind: &str) -> String {
    format!("k-{}", escape(kind))
}

/// Stacked columns: one per month of `all_months` (empty months too, so gaps show), one
/// segment per kind.
pub(crate) fn stacked_months(
    all_months: &[String],
    rows: &[(String, String, i64)],
    title: &str,
) -> String {
    stacked_months_linked(all_months, rows, title, None)
}

/// A link for a column segment: (month, kind) → URL of what it counts.
pub(crate) type SegmentLink<'a> = &'a dyn Fn(&str, &str) -> String;

/// [`stacked_months`] with each segment a link to the records behind it (`link`), for
/// drilling down from a bar.
pub(crate) fn stacked_months_linked(
    all_months: &[String],
    rows: &[(String, String, i64)],
    title: &str,
    link: Option<SegmentLink<'_>>,
) -> String {
    let mut months: BTreeMap<&str, Vec<(&str, i64)>> = all_months
        .iter()
        .map(|m| (m.as_str(), Vec::new()))
        .collect();
    let mut kinds: Vec<&str> = Vec::new();
    for (month, kind, n) in rows {
        months.entry(month).or_default().push((kind, *n));
        if !kinds.contains(&kind.as_str()) {
            kinds.push(kind);
        }
    }
    let max = months
        .values()
        .map(|v| v.iter().map(|(_, n)| n).sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let (width, height, left, bottom) = (720.0, 240.0, 36.0, 28.0);
    let plot_h = height - bottom - 8.0;
    let step = (width - left) / months.len().max(1) as f64;
    let mut svg = String::new();
    // Linked segments make the chart interactive, so it is a group, not an image.
    let role = if link.is_some() { "group" } else { "img" };
    let _ = write!(
        svg,
        r#"<svg class="chart months" viewBox="0 0 {width} {height}" role="{role}" aria-labelledby="chart-months-title"><title id="chart-months-title">{}</title>"#,
        escape(title)
    );
    // Axis labels are 14 units high and the chart is never drawn narrower than 4/5 of its
    // width (CSS), so they stay at least 11 px; label only as many months as fit.
    let every = (58.0 / step).ceil().max(1.0) as usize;
    for tick in [0.0, 0.5, 1.0] {
        let y = 8.0 + plot_h * (1.0 - tick);
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{width}" y1="{y:.1}" y2="{y:.1}" stroke="#d5dbe3"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
            left - 4.0,
            y + 4.0,
            (max as f64 * tick).round()
        );
    }
    for (i, (month, parts)) in months.iter().enumerate() {
        let x = left + step * i as f64 + step * 0.1;
        let mut y = 8.0 + plot_h;
        for (kind, n) in parts {
            let h = plot_h * *n as f64 / max as f64;
            y -= h;
            let rect = format!(
                r#"<rect class="{}" x="{x:.1}" y="{y:.1}" width="{:.1}" height="{h:.1}"><title>{} {}: {n}</title></rect>"#,
                class(kind),
                step * 0.8,
                escape(month),
                escape(kind)
            );
            match link {
                Some(link) => {
                    let _ = write!(
                        svg,
                        r#"<a href="{}" aria-label="{} {}: {n} incidents">{rect}</a>"#,
                        escape(&link(month, kind)),
                        escape(month),
                        escape(kind)
                    );
                }
                None => svg.push_str(&rect),
            }
        }
        if i % every == 0 {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
                x + step * 0.4,
                height - 10.0,
                escape(month)
            );
        }
    }
    svg.push_str("</svg><ul class=\"legend\">");
    for kind in kinds {
        let _ = write!(
            svg,
            r#"<li><span class="{}"></span>{}</li>"#,
            class(kind),
            escape(kind)
        );
    }
    svg.push_str("</ul>");
    svg
}

/// Horizontal bars, one per label, each a link to what it counts (`link` of the label) when
/// `link` is given.
pub(crate) fn bars_linked(
    rows: &[(String, i64)],
    title: &str,
    link: Option<&dyn Fn(&str) -> String>,
) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let (width, row_h, left) = (360.0, 26.0, 120.0);
    let height = row_h * rows.len().max(1) as f64 + 8.0;
    let mut svg = String::new();
    let role = if link.is_some() { "group" } else { "img" };
    let _ = write!(
        svg,
        r#"<svg class="chart bars" viewBox="0 0 {width} {height}" role="{role}" aria-labelledby="chart-kinds-title"><title id="chart-kinds-title">{}</title>"#,
        escape(title)
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let w = (width - left - 50.0) * *n as f64 / max as f64;
        let bar = format!(
            r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text><rect class="{}" x="{left}" y="{y:.1}" width="{w:.1}" height="{:.1}"/><text x="{:.1}" y="{:.1}">{n}</text>"#,
            left - 6.0,
            y + row_h * 0.6,
            escape(label),
            class(label),
            row_h * 0.7,
            left + w + 4.0,
            y + row_h * 0.6
        );
        match link {
            Some(link) => {
                let _ = write!(
                    svg,
                    r#"<a href="{}" aria-label="{}: {n} incidents">{bar}</a>"#,
                    escape(&link(label)),
                    escape(label)
                );
            }
            None => svg.push_str(&bar),
        }
    }
    svg.push_str("</svg>");
    svg
}

/// One series over time for the trends page: observed counts as columns, the expected line,
/// the upper bound dashed, alarms as red marks above their column and suppressed periods as
/// outlined columns. `id` makes the title's element id unique on the page.
pub(crate) struct SeriesChart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub labels: &'a [String],
    pub observed: &'a [u64],
    pub expected: &'a [Option<f64>],
    pub upper: &'a [Option<f64>],
    pub alarms: &'a [bool],
    pub suppressed: &'a [bool],
}

/// A round step for about `ticks` grid lines up to `max`.
fn nice_step(max: f64, ticks: f64) -> f64 {
    let raw = (max / ticks).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

/// A path through the points that exist, broken where one is missing.
fn line_path(points: impl Iterator<Item = Option<(f64, f64)>>) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for p in points {
        match p {
            Some((x, y)) => {
                let _ = write!(d, "{}{x:.1} {y:.1} ", if pen_down { "L" } else { "M" });
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    d
}

pub(crate) fn series_chart(c: &SeriesChart<'_>) -> String {
    let n = c.labels.len().max(1);
    let finite = |v: &Option<f64>| v.filter(|x| x.is_finite());
    let max = c
        .observed
        .iter()
        .map(|&o| o as f64)
        .chain(c.expected.iter().filter_map(finite))
        .chain(c.upper.iter().filter_map(finite))
        .fold(1.0f64, f64::max);
    let step = nice_step(max, 4.0);
    let top = (max / step).ceil() * step;
    // Text is drawn at 14 units in a 640-unit-wide box, shown at most 760 px wide (CSS): at
    // least 11 px on screens from about 500 px wide, a tablet's portrait width included.
    let (width, height, left, right, top_pad, bottom) = (640.0, 260.0, 48.0, 8.0, 10.0, 40.0);
    let plot_h = height - top_pad - bottom;
    let plot_w = width - left - right;
    let slot = plot_w / n as f64;
    let x_mid = |i: usize| left + slot * (i as f64 + 0.5);
    let y_of = |v: f64| top_pad + plot_h * (1.0 - (v / top).clamp(0.0, 1.05));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart trend-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title"><title id="{id}-title">{}</title>"#,
        escape(c.title),
        id = escape(c.id)
    );
    let mut tick = 0.0;
    while tick <= top + 1e-9 {
        let y = y_of(tick);
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#d5dbe3"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
            width - right,
            left - 6.0,
            y + 5.0,
            tick
        );
        tick += step;
    }
    for (i, &o) in c.observed.iter().enumerate() {
        let y = y_of(o as f64);
        let label = c.labels.get(i).map_or("", String::as_str);
        let suppressed = c.suppressed.get(i).copied().unwrap_or(false);
        let (fill, stroke, note) = if suppressed {
            ("none", "#5b6b7d", " (suppressed: partial count)")
        } else {
            ("#9fb7d3", "none", "")
        };
        let _ = write!(
            svg,
            r#"<rect x="{:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{fill}" stroke="{stroke}"><title>{}: {o}{note}</title></rect>"#,
            left + slot * i as f64 + slot * 0.12,
            slot * 0.76,
            top_pad + plot_h - y,
            escape(label)
        );
    }
    let expected = line_path(
        c.expected
            .iter()
            .enumerate()
            .map(|(i, v)| finite(v).map(|v| (x_mid(i), y_of(v)))),
    );
    let upper = line_path(
        c.upper
            .iter()
            .enumerate()
            .map(|(i, v)| finite(v).map(|v| (x_mid(i), y_of(v)))),
    );
    let _ = write!(
        svg,
        r##"<path d="{expected}" fill="none" stroke="#1f2d3d" stroke-width="2"/><path d="{upper}" fill="none" stroke="#c25e00" stroke-width="2" stroke-dasharray="6 4"/>"##
    );
    for (i, &alarm) in c.alarms.iter().enumerate() {
        if alarm {
            let o = c.observed.get(i).copied().unwrap_or(0);
            let _ = write!(
                svg,
                r##"<path d="M{:.1} {:.1} l6 -10 l-12 0 z" fill="#b3261e"><title>Alarm {}: {o} observed</title></path>"##,
                x_mid(i),
                y_of(o as f64) - 3.0,
                escape(c.labels.get(i).map_or("", String::as_str))
            );
        }
    }
    let every = n.div_ceil(8).max(1);
    for (i, label) in c.labels.iter().enumerate() {
        if i % every == 0 {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
                x_mid(i),
                height - 14.0,
                escape(label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_labels_and_scale_to_the_largest_value() {
        let rows = vec![
            ("2025-01".to_string(), "smuggling".to_string(), 10),
            ("2025-01".to_string(), "trafficking".to_string(), 5),
            ("2025-02".to_string(), "<script>".to_string(), 15),
        ];
        let svg = stacked_months(&["2025-03".to_string()], &rows, "Incidents & months");
        assert!(svg.contains("Incidents &amp; months"));
        assert!(!svg.contains("<script>"));
        assert_eq!(svg.matches("<rect").count(), 3);
        // Both months total 15, so both columns reach the full plot height.
        assert_eq!(svg.matches(r#"y="8.0""#).count(), 2);
        // An empty month still gets its place on the axis.
        assert!(svg.contains(">2025-03</text>"));
        let link = |k: &str| format!("/incidents?kind={k}&to=2025-12-31");
        let bars = bars_linked(
            &[("smuggling".into(), 4), ("maritime".into(), 2)],
            "By kind",
            Some(&link),
        );
        assert!(bars.contains(r#"width="190.0""#) && bars.contains(r#"width="95.0""#));
        // Each bar leads to what it counts; a chart of links is a group, not an image.
        assert!(bars.contains(
            r#"<a href="/incidents?kind=smuggling&amp;to=2025-12-31" aria-label="smuggling: 4 incidents">"#
        ));
        assert!(bars.contains(r#"role="group""#) && !svg.contains(r#"role="group""#));
        let month_link = |m: &str, k: &str| format!("/incidents?kind={k}&from={m}");
        let linked = stacked_months_linked(&[], &rows, "Linked", Some(&month_link));
        assert_eq!(linked.matches("<a href=").count(), 3);
        assert!(linked.contains(r#"href="/incidents?kind=&lt;script&gt;&amp;from=2025-02""#));
    }

    #[test]
    fn series_chart_marks_alarms_and_breaks_lines_where_no_bound_exists() {
        let labels: Vec<String> = (1..=4).map(|m| format!("2025-0{m}")).collect();
        let svg = series_chart(&SeriesChart {
            id: "s<1>",
            title: "IDN & smuggling",
            labels: &labels,
            observed: &[3, 4, 20, 2],
            expected: &[None, Some(3.0), Some(3.5), Some(4.0)],
            upper: &[None, None, Some(9.0), Some(9.5)],
            alarms: &[false, false, true, false],
            suppressed: &[false, true, false, false],
        });
        assert!(svg.contains("IDN &amp; smuggling") && svg.contains(r#"id="s&lt;1&gt;-title""#));
        assert_eq!(svg.matches("<rect").count(), 4);
        assert_eq!(svg.matches("Alarm 2025-03: 20 observed").count(), 1);
        assert!(svg.contains("suppressed: partial count"));
        // The expected line starts at the second period; the bound at the third.
        // Expected, bound and the alarm's mark each start one path; no line is broken.
        assert_eq!(svg.matches(r#"d="M"#).count(), 3);
        assert_eq!(svg.matches(" M").count(), 0);
        // The tallest column (20) reaches the top grid line: a round top of 20.
        assert!(svg.contains(">20</text>"));
        // A period without a bound in the middle breaks the line in two.
        let broken = series_chart(&SeriesChart {
            id: "b",
            title: "b",
            labels: &labels,
            observed: &[3, 4, 5, 2],
            expected: &[Some(3.0), None, Some(3.5), Some(4.0)],
            upper: &[None; 4],
            alarms: &[false; 4],
            suppressed: &[false; 4],
        });
        assert_eq!(broken.matches(" M").count(), 1, "{broken}");
    }
}

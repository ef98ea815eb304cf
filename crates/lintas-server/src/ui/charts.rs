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
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-months-title"><title id="chart-months-title">{}</title>"#,
        escape(title)
    );
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
            let _ = write!(
                svg,
                r#"<rect class="{}" x="{x:.1}" y="{y:.1}" width="{:.1}" height="{h:.1}"><title>{} {}: {n}</title></rect>"#,
                class(kind),
                step * 0.8,
                escape(month),
                escape(kind)
            );
        }
        if months.len() <= 24 || i % 6 == 0 {
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

/// Horizontal bars, one per label.
pub(crate) fn bars(rows: &[(String, i64)], title: &str) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let (width, row_h, left) = (360.0, 26.0, 120.0);
    let height = row_h * rows.len().max(1) as f64 + 8.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-kinds-title"><title id="chart-kinds-title">{}</title>"#,
        escape(title)
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let w = (width - left - 50.0) * *n as f64 / max as f64;
        let _ = write!(
            svg,
            r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text><rect class="{}" x="{left}" y="{y:.1}" width="{w:.1}" height="{:.1}"/><text x="{:.1}" y="{:.1}">{n}</text>"#,
            left - 6.0,
            y + row_h * 0.6,
            escape(label),
            class(label),
            row_h * 0.7,
            left + w + 4.0,
            y + row_h * 0.6
        );
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
        let bars = bars(
            &[("smuggling".into(), 4), ("maritime".into(), 2)],
            "By kind",
        );
        assert!(bars.contains(r#"width="190.0""#) && bars.contains(r#"width="95.0""#));
    }
}

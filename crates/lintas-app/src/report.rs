//! Periodic reports (issue 16, item 5): the RSO's monthly report, quarterly *RSO Highlights*
//! and annual report, or a member's own, over the data the caller may count. Every number is
//! a named figure from a store query (`report_content`); `lintas-report` typesets them.
//! Shared by `lintas report` and the `/reports` page; each report made is one audit event.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use lintas_report::{Fonts, Report, render_pdf};
use lintas_store::{Actor, AuditAction, Audited, Error, Principal, Result, Store, TrendInterval};

use crate::report_content;

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// One calendar month, `2025-10`.
    Monthly,
    /// One calendar quarter, `2025-Q3`.
    Quarterly,
    /// One calendar year, `2025`.
    Annual,
}

impl ReportKind {
    /// Every kind.
    pub const ALL: [ReportKind; 3] = [Self::Monthly, Self::Quarterly, Self::Annual];

    /// Parses `monthly`, `quarterly` or `annual`.
    pub fn parse(s: &str) -> std::result::Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.name() == s.trim())
            .ok_or_else(|| format!("`{s}` is not a report: expected monthly, quarterly or annual"))
    }

    /// The kind's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::Annual => "annual",
        }
    }

    /// The bin one report covers.
    pub fn interval(self) -> TrendInterval {
        match self {
            Self::Monthly => TrendInterval::Month,
            Self::Quarterly => TrendInterval::Quarter,
            Self::Annual => TrendInterval::Year,
        }
    }

    /// The report's title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Monthly => "Monthly report",
            Self::Quarterly => "RSO Highlights: quarterly report",
            Self::Annual => "Annual report",
        }
    }

    /// How its period is written.
    pub fn period_form(self) -> &'static str {
        match self {
            Self::Monthly => "YYYY-MM",
            Self::Quarterly => "YYYY-Qn",
            Self::Annual => "YYYY",
        }
    }
}

/// The period a report covers and the one it is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPeriod {
    /// Which report.
    pub kind: ReportKind,
    /// `2025-10`, `2025-Q3` or `2025`.
    pub label: String,
    /// First day.
    pub first: NaiveDate,
    /// Last day.
    pub last: NaiveDate,
    /// The period before, of the same length.
    pub previous_label: String,
    /// Its first day.
    pub previous_first: NaiveDate,
}

impl ReportPeriod {
    /// Reads `label` in the kind's form (`--period 2025-10` for a monthly report, …).
    pub fn parse(kind: ReportKind, label: &str) -> std::result::Result<Self, String> {
        let label = label.trim();
        let bad = || {
            format!(
                "`{label}` is not a period for a {} report: expected {}",
                kind.name(),
                kind.period_form()
            )
        };
        let interval = kind.interval();
        let (first, last) = lintas_store::period_days(label).map_err(|_| bad())?;
        // The label must be exactly one bin of the kind, written in its form.
        if interval.start(first) != first
            || interval.label(first) != label
            || interval.next(first).and_then(|n| n.pred_opt()) != Some(last)
        {
            return Err(bad());
        }
        let previous_first = first
            .pred_opt()
            .map(|d| interval.start(d))
            .ok_or_else(bad)?;
        Ok(ReportPeriod {
            kind,
            label: label.to_string(),
            first,
            last,
            previous_label: interval.label(previous_first),
            previous_first,
        })
    }

    /// The period in words, e.g. `October 2025`, `Q3 2025`, `2025`.
    pub fn words(&self) -> String {
        match self.kind {
            ReportKind::Monthly => self.first.format("%B %Y").to_string(),
            ReportKind::Quarterly => {
                format!(
                    "Q{} {}",
                    (self.first.month() - 1) / 3 + 1,
                    self.first.year()
                )
            }
            ReportKind::Annual => self.first.year().to_string(),
        }
    }
}

/// One work-plan activity's progress for the annual report. The work plan (issue 16, item 6)
/// is kept elsewhere; until it is, callers pass none and the report says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkPlanActivity {
    /// Its title.
    pub title: String,
    /// training, workshop, roundtable or forum.
    pub kind: String,
    /// Participants who are women.
    pub participants_women: u64,
    /// Participants who are men.
    pub participants_men: u64,
    /// Planned outputs.
    pub target_outputs: u64,
    /// Outputs delivered.
    pub delivered_outputs: u64,
}

/// A report made: its content (with every figure), the PDF and the figures' data file.
#[derive(Debug, Clone)]
pub struct GeneratedReport {
    /// The figures and sections.
    pub report: Report,
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Pages in the PDF.
    pub pages: usize,
    /// `--data`: each figure's name, value and definition (JSON).
    pub data_json: Vec<u8>,
}

/// Gathers the report's figures and sections for `principal` (no audit event; see
/// [`generate`]).
pub async fn gather(
    store: &Store,
    principal: &Principal,
    period: &ReportPeriod,
    workplan: &[WorkPlanActivity],
) -> Result<Report> {
    report_content::build(store, principal, period, workplan).await
}

/// Gathers and typesets the report, and records one `report.generate` audit event naming it.
/// Typesetting runs off the async workers.
pub async fn generate(
    store: &Store,
    principal: &Principal,
    period: &ReportPeriod,
    workplan: &[WorkPlanActivity],
    fonts: Arc<Fonts>,
) -> Result<GeneratedReport> {
    let report = gather(store, principal, period, workplan).await?;
    let (report, rendered) = tokio::task::spawn_blocking(move || {
        let rendered = render_pdf(&report, &fonts);
        (report, rendered)
    })
    .await
    .map_err(|e| Error::Corrupt(format!("typesetting the report: {e}")))?;
    let rendered = rendered.map_err(|e| Error::Corrupt(e.to_string()))?;
    let data_json = report
        .figures_json()
        .map_err(|e| Error::Corrupt(e.to_string()))?;
    store
        .audit(
            &Actor::from(principal),
            &[Audited::record(
                AuditAction::ReportGenerate,
                "report",
                format!("{} {}", period.kind.name(), period.label),
            )],
        )
        .await?;
    Ok(GeneratedReport {
        report,
        pdf: rendered.pdf,
        pages: rendered.pages,
        data_json,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_read_in_the_kinds_form() {
        let m = ReportPeriod::parse(ReportKind::Monthly, "2025-10").unwrap();
        assert_eq!(m.first, NaiveDate::from_ymd_opt(2025, 10, 1).unwrap());
        assert_eq!(m.last, NaiveDate::from_ymd_opt(2025, 10, 31).unwrap());
        assert_eq!(m.previous_label, "2025-09");
        let q = ReportPeriod::parse(ReportKind::Quarterly, "2025-Q1").unwrap();
        assert_eq!(q.previous_label, "2024-Q4");
        assert_eq!(q.last, NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
        let a = ReportPeriod::parse(ReportKind::Annual, "2025").unwrap();
        assert_eq!(a.previous_label, "2024");
        assert_eq!(a.words(), "2025");
        assert_eq!(m.words(), "October 2025");
    }

    #[test]
    fn a_period_of_another_form_is_refused_naming_the_form() {
        let e = ReportPeriod::parse(ReportKind::Monthly, "2025-Q3").unwrap_err();
        assert!(e.contains("YYYY-MM"), "{e}");
        assert!(ReportPeriod::parse(ReportKind::Quarterly, "2025-Q5").is_err());
        assert!(ReportPeriod::parse(ReportKind::Annual, "2025-10").is_err());
        assert!(ReportPeriod::parse(ReportKind::Monthly, "2025-10-01").is_err());
        assert!(ReportKind::parse("weekly").is_err());
    }
}

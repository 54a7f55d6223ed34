//! Issuing the periodic activity report (*laporan kegiatan berkala*): the management report's figures for one
//! month, quarter or year, numbered from the store's counter of activity reports for the year, rendered from
//! `templates/documents/activity_report.html` as a printable page (and PDF when asked) in the documents' style.
//! Refused, before a number is taken, unless the account may issue documents.

use std::path::PathBuf;

use chrono::{DateTime, Datelike, Utc};
use csirt_domain::local_time::LocalTime;
use csirt_domain::tlp::Tlp;
use serde::Serialize;

use crate::accounts::{Staffer, authorize};
use crate::cases::{every_case, with_events};
use crate::desk::Desk;
use crate::documents::{
    ACTIVITY_REPORT, ActivityHeading, DocumentTemplates, numbered, print_pdf,
    render_activity_report,
};
use crate::error::StaffError;
use crate::management::{ActivityFigures, activity_figures, named_period};

/// The permission the activity report is issued under: the one every document falls back to.
pub const ACTIVITY_REPORT_ACTION: &str = "issue_document";

/// What to issue.
#[derive(Debug, Clone)]
pub struct ActivityRequest {
    /// The period: `2026-11`, `2026-Q4`, `2026`, or `month`, `quarter`, `year` for the current one.
    pub period: String,
    /// The marking; TLP:AMBER when `None` (a report inside the government).
    pub tlp: Option<Tlp>,
    /// The directory it is written in (under `laporan-kegiatan/`).
    pub output: PathBuf,
    /// Whether to print it to PDF too.
    pub pdf: bool,
}

/// An issued activity report.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedActivityReport {
    /// Its number.
    pub number: String,
    /// Its marking.
    pub tlp: Tlp,
    /// The figures it prints.
    pub figures: ActivityFigures,
    /// The HTML file.
    pub html: PathBuf,
    /// The PDF file, when printed.
    pub pdf: Option<PathBuf>,
}

/// The store's sequence of activity reports issued in `year`.
fn activity_sequence(year: i32) -> String {
    format!("document-number:{ACTIVITY_REPORT}:{year}")
}

/// A file name from the period and the number: letters, digits and `-` only.
fn file_stem(period: &str, number: &str) -> String {
    let safe: String = format!("laporan-kegiatan-{period}-{number}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    safe.to_lowercase()
}

/// Issues the activity report `request` as `staffer` at `now`.
pub async fn issue_activity_report(
    desk: &Desk,
    templates: &DocumentTemplates,
    request: &ActivityRequest,
    staffer: &Staffer,
    now: DateTime<Utc>,
) -> Result<IssuedActivityReport, StaffError> {
    authorize(desk, staffer, ACTIVITY_REPORT_ACTION)?;
    let procedure = desk.procedure();
    let offset = procedure.calendar.offset();
    let today = now.with_timezone(&offset).date_naive();
    let (length, window) =
        named_period(&request.period, today).map_err(|e| StaffError::Invalid(e.to_string()))?;
    if window.first_day > today {
        return Err(StaffError::Invalid(format!(
            "--period {}: the period has not begun",
            request.period
        )));
    }
    let cases = with_events(desk, every_case(desk).await?).await?;
    let figures = activity_figures(
        &cases,
        length,
        &window,
        &procedure.profile,
        &procedure.calendar,
        now,
    );
    let config = &desk.team.config;
    let time = LocalTime::new(offset);
    let tlp = request.tlp.unwrap_or(Tlp::Amber);
    let mut heading = ActivityHeading {
        number: String::from("-"),
        dated: today,
        tlp,
    };
    // Refuse a broken template before a number is taken.
    render_activity_report(
        templates,
        &figures,
        &heading,
        config,
        &procedure.profile,
        &time,
    )?;
    let sequence = desk
        .cases
        .next_in_sequence(&activity_sequence(today.year()))
        .await?;
    heading.number = numbered(
        &config.documents,
        &procedure.profile.csirt.name,
        &config.documents.codes.activity_report,
        sequence,
        today,
    );
    let html = render_activity_report(
        templates,
        &figures,
        &heading,
        config,
        &procedure.profile,
        &time,
    )?;
    let dir = request.output.join("laporan-kegiatan");
    std::fs::create_dir_all(&dir).map_err(|e| StaffError::file(&dir, e))?;
    let html_path = dir.join(format!(
        "{}.html",
        file_stem(&figures.period, &heading.number)
    ));
    std::fs::write(&html_path, html).map_err(|e| StaffError::file(&html_path, e))?;
    let pdf = if request.pdf {
        let pdf = html_path.with_extension("pdf");
        print_pdf(&html_path, &pdf)?;
        Some(pdf)
    } else {
        None
    };
    Ok(IssuedActivityReport {
        number: heading.number,
        tlp,
        figures,
        html: html_path,
        pdf,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_letters_digits_and_dashes_only() {
        assert_eq!(
            file_stem("2026-Q4", "003/LKB/MALUT-CSIRT/XI/2026"),
            "laporan-kegiatan-2026-q4-003-lkb-malut-csirt-xi-2026"
        );
        assert_eq!(
            file_stem("2026", "../../etc"),
            "laporan-kegiatan-2026-------etc"
        );
    }
}

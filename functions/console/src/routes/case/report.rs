//! The report as the reporter sent it, and its evidence files, ready for the page.

use csirt_domain::case::{Case, EvidenceRef};
use csirt_domain::lang::Lang;
use csirt_domain::report::HallOfFame;
use csirt_domain::taxonomy::IncidentType;
use serde::Serialize;

use super::{Labels, percent_encoded};
use crate::routes::queue::local_time;
use crate::state::ConsoleState;

/// The report's facts, without the reporter's contact details (those come from the library, for the roles
/// that may see them).
#[derive(Debug, Serialize)]
pub struct ReportView {
    title: Option<String>,
    incident: String,
    affected_url: Option<String>,
    affected_ip: Option<String>,
    affected_application: Option<String>,
    affected_agency: Option<String>,
    description: String,
    chronology: Option<String>,
    impact: Option<String>,
    noticed: Option<String>,
    tlp: String,
    hall_of_fame_consent: bool,
    hall_of_fame_alias: Option<String>,
    channel: String,
    received: String,
    reporter_kind: String,
}

impl ReportView {
    /// The report of `case`.
    pub fn of(state: &ConsoleState, labels: &Labels<'_>, case: &Case) -> ReportView {
        let report = &case.report;
        let affected = &report.affected;
        let (consent, alias) = match &report.hall_of_fame {
            HallOfFame::Declined => (false, None),
            HallOfFame::Consented { alias } => (true, Some(alias.as_str().to_owned())),
        };
        ReportView {
            title: report.title.as_ref().map(|t| t.as_str().to_owned()),
            incident: incident_label(&report.incident, labels.lang()),
            affected_url: affected.url.as_ref().map(ToString::to_string),
            affected_ip: affected.ip.map(|ip| ip.to_string()),
            affected_application: affected.application.as_ref().map(|a| a.as_str().to_owned()),
            affected_agency: affected.agency.as_ref().map(|a| a.as_str().to_owned()),
            description: report.description.as_str().to_owned(),
            chronology: report.chronology.as_ref().map(|c| c.as_str().to_owned()),
            impact: report.impact.as_ref().map(|i| i.as_str().to_owned()),
            noticed: report.noticed_at.map(|at| local_time(state, at)),
            tlp: report.tlp.to_string(),
            hall_of_fame_consent: consent,
            hall_of_fame_alias: alias,
            channel: labels.of("case_channel_", &case.channel),
            received: local_time(state, case.received_at),
            reporter_kind: labels.of("case_reporter_kind_", &report.reporter.kind),
        }
    }
}

/// An RSIT class and type as staff read them: `Intrusions — Application compromise (intrusions/…)`.
pub fn incident_label(incident: &IncidentType, lang: Lang) -> String {
    format!(
        "{} — {} ({}/{})",
        incident.class_info().label.get(lang),
        incident.type_info().label.get(lang),
        incident.class(),
        incident.kind()
    )
}

/// One evidence file as the page lists it.
#[derive(Debug, Serialize)]
pub struct EvidenceView {
    name: Option<String>,
    media_type: String,
    /// Markup or a script, kept as opaque bytes: to be opened in a text editor only.
    opaque: bool,
    size: String,
    sha256: String,
    /// Deleted from the evidence store by a redaction at the reporter's request: listed, with no link.
    deleted: bool,
    download: String,
    preview: Option<String>,
}

/// The evidence files of `case`, each with its download link, and a preview link for raster images; those in
/// `deleted` (by a redaction, [`csirt_domain::case::deleted_files`]) without either.
pub fn evidence(labels: &Labels<'_>, case: &Case, deleted: &[&str]) -> Vec<EvidenceView> {
    let base = format!("/staff/cases/{}/evidence", case.code);
    case.evidence
        .iter()
        .map(|file: &EvidenceRef| {
            let download = format!("{base}/{}", percent_encoded(&file.sha256));
            let deleted = deleted.contains(&file.sha256.as_str());
            EvidenceView {
                deleted,
                name: file.name.clone(),
                media_type: file.media_type.clone(),
                opaque: file.is_opaque(),
                size: size_text(file.size, labels.lang()),
                sha256: file.sha256.clone(),
                preview: (file.is_raster_image() && !deleted)
                    .then(|| format!("{download}/preview")),
                download,
            }
        })
        .collect()
}

/// A file size as people read it: `830 B`, `12,4 KiB`, `2,1 MiB` (a decimal comma in Bahasa Indonesia).
pub fn size_text(bytes: u64, lang: Lang) -> String {
    const KIB: f64 = 1024.0;
    // File sizes here are at most a few MiB: far inside the range an f64 holds exactly.
    let size = bytes as f64;
    let text = if size < KIB {
        format!("{bytes} B")
    } else if size < KIB * KIB {
        format!("{:.1} KiB", size / KIB)
    } else {
        format!("{:.1} MiB", size / (KIB * KIB))
    };
    match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(830, Lang::En), "830 B");
        assert_eq!(size_text(12_700, Lang::Id), "12,4 KiB");
        assert_eq!(size_text(2_202_010, Lang::En), "2.1 MiB");
    }
}

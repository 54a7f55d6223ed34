//! The case as documents print it: every value already worded and formatted, ready for the templates. The
//! reporter's contact details and the reporter's own words (title, description, chronology, impact) are separate
//! views, given only to the documents that may carry them: a document that is not given them cannot print them.

use csirt_domain::case::{Case, Escalation, EscalationAnswer, MitigationItem};
use csirt_domain::report::{Report, Reporter};
use serde::Serialize;

use super::labels;
use csirt_domain::local_time::LocalTime;

/// The case's facts.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    /// The tracking code.
    pub code: String,
    /// When the report arrived.
    pub received: String,
    /// How it came in.
    pub channel: &'static str,
    /// Who reported it (the kind only, never the person).
    pub reporter_kind: &'static str,
    /// The incident type: the team's classification, else the reporter's.
    pub incident: IncidentView,
    /// The team's summary of the incident, when written.
    pub summary: Option<String>,
    /// When the reporter noticed it.
    pub noticed: Option<String>,
    /// The affected system.
    pub affected: AffectedView,
    /// How many evidence files the report came with.
    pub evidence_files: usize,
    /// Verification.
    pub verification: Option<VerificationView>,
    /// Priority and marking, once classified.
    pub classification: Option<ClassificationView>,
    /// Temporary measures.
    pub mitigation: Vec<MitigationView>,
    /// Escalations, in order.
    pub escalations: Vec<EscalationView>,
    /// Analysis and recommendations.
    pub analysis: Option<AnalysisView>,
    /// The outcome.
    pub resolution: Option<String>,
    /// When the case was closed.
    pub closed: Option<String>,
}

/// An RSIT incident type.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentView {
    /// The class, e.g. *Intrusi*.
    pub class: String,
    /// The type.
    pub kind: String,
    /// What the type covers.
    pub description: String,
    /// Whether the team has classified it (otherwise it is the reporter's judgement).
    pub confirmed: bool,
}

/// The affected system.
#[derive(Debug, Clone, Serialize)]
pub struct AffectedView {
    /// Web address.
    pub url: Option<String>,
    /// IP address.
    pub ip: Option<String>,
    /// Application name.
    pub application: Option<String>,
    /// Owning agency.
    pub agency: Option<String>,
    /// The shortest name for it in a sentence: the application, else the host, else the address.
    pub name: String,
}

/// Verification's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct VerificationView {
    /// *Laporan valid* or *Laporan tidak valid*.
    pub verdict: &'static str,
    /// Why.
    pub reason: Option<String>,
    /// When.
    pub at: String,
}

/// Priority and marking.
#[derive(Debug, Clone, Serialize)]
pub struct ClassificationView {
    /// Priority.
    pub priority: &'static str,
    /// The case's TLP marking.
    pub tlp: String,
}

/// One mitigation item.
#[derive(Debug, Clone, Serialize)]
pub struct MitigationView {
    /// Its number.
    pub number: u32,
    /// The measure.
    pub measure: &'static str,
    /// What exactly.
    pub detail: Option<String>,
    /// Where it stands.
    pub status: &'static str,
    /// Since when.
    pub updated: String,
}

/// One escalation.
#[derive(Debug, Clone, Serialize)]
pub struct EscalationView {
    /// Its number.
    pub number: u32,
    /// The partner's name.
    pub partner: String,
    /// The kind of partner.
    pub partner_kind: &'static str,
    /// When it was sent.
    pub sent: String,
    /// Description as sent.
    pub description: String,
    /// Chronology as sent (none when the partner did not require one and there was none).
    pub chronology: Option<String>,
    /// Impact as sent (none as for the chronology).
    pub impact: Option<String>,
    /// What the team asked for.
    pub request: Option<String>,
    /// The latest answer's time and text.
    pub answer: Option<AnswerView>,
    /// Every answer, oldest first.
    pub answers: Vec<AnswerView>,
    /// Where it stands, in words (*terkirim*, *dijawab*, *selesai*, *ditarik*).
    pub status: &'static str,
}

/// A partner's answer.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    /// When it arrived.
    pub at: String,
    /// What they said.
    pub text: String,
}

/// Analysis and recommendations.
#[derive(Debug, Clone, Serialize)]
pub struct AnalysisView {
    /// Cause and course.
    pub analysis: String,
    /// What to do.
    pub recommendations: String,
    /// When recorded.
    pub at: String,
    /// Its version: 1 for the first recorded; documents use the latest.
    pub version: usize,
}

/// The reporter's own words about the incident: the escalation keeps its copy (BSSN's minimum fields), and a
/// document to the system owner shows them only when staff chose so with the case's summary.
#[derive(Debug, Clone, Serialize)]
pub struct ReportedView {
    /// Their one-line summary.
    pub title: Option<String>,
    /// What happened.
    pub description: String,
    /// The sequence of events, when they gave it.
    pub chronology: Option<String>,
    /// The impact, when they gave it.
    pub impact: Option<String>,
}

/// The reporter's contact, as BSSN's minimum fields require it in an escalation.
#[derive(Debug, Clone, Serialize)]
pub struct ReporterView {
    /// Name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// Kind of reporter.
    pub kind: &'static str,
}

impl CaseView {
    /// The view of `case`, with times in the team's zone.
    pub fn of(case: &Case, time: &LocalTime) -> Self {
        let report = &case.report;
        let incident_type = case
            .classification
            .as_ref()
            .map_or(&report.incident, |c| &c.incident);
        let affected = &report.affected;
        let host = affected
            .url
            .as_ref()
            .and_then(|u| u.host_str().map(str::to_owned));
        let name = affected
            .application
            .as_ref()
            .map(|a| a.as_str().to_owned())
            .or(host)
            .or_else(|| affected.ip.map(|ip| ip.to_string()))
            .unwrap_or_default();
        CaseView {
            code: case.code.to_string(),
            received: time.date_time(case.received_at),
            channel: labels::channel(case.channel),
            reporter_kind: labels::reporter_kind(report.reporter.kind),
            incident: IncidentView {
                class: incident_type.class_info().label.id.clone(),
                kind: incident_type.type_info().label.id.clone(),
                description: incident_type.type_info().description.id.clone(),
                confirmed: case.classification.is_some(),
            },
            summary: case
                .summary
                .as_ref()
                .and_then(|summary| summary.text.as_ref())
                .map(ToString::to_string),
            noticed: report.noticed_at.map(|at| time.date_time(at)),
            affected: AffectedView {
                url: affected.url.as_ref().map(|u| u.as_str().to_owned()),
                ip: affected.ip.map(|ip| ip.to_string()),
                application: affected.application.as_ref().map(ToString::to_string),
                agency: affected.agency.as_ref().map(ToString::to_string),
                name,
            },
            evidence_files: case.evidence.len(),
            verification: case.verification.as_ref().map(|v| VerificationView {
                verdict: labels::verdict(v.verdict),
                reason: v.reason.as_ref().map(ToString::to_string),
                at: time.date_time(v.at),
            }),
            classification: case.classification.as_ref().map(|c| ClassificationView {
                priority: labels::priority(c.priority),
                tlp: c.tlp.label().marking.clone(),
            }),
            mitigation: case
                .mitigation
                .iter()
                .map(|m| MitigationView::of(m, time))
                .collect(),
            escalations: case
                .escalations
                .iter()
                .map(|e| EscalationView::of(e, time))
                .collect(),
            analysis: case.analysis.as_ref().map(|a| AnalysisView {
                analysis: a.analysis.to_string(),
                recommendations: a.recommendations.to_string(),
                at: time.date_time(a.at),
                version: case.analysis_version().unwrap_or(1),
            }),
            resolution: case.resolution.as_ref().map(ToString::to_string),
            closed: case.closed_at.map(|at| time.date_time(at)),
        }
    }
}

impl MitigationView {
    fn of(item: &MitigationItem, time: &LocalTime) -> Self {
        MitigationView {
            number: item.id,
            measure: labels::mitigation_kind(item.kind),
            detail: item.detail.as_ref().map(ToString::to_string),
            status: labels::mitigation_status(item.status),
            updated: time.date_time(item.updated_at),
        }
    }
}

impl EscalationView {
    /// The view of one escalation.
    pub fn of(escalation: &Escalation, time: &LocalTime) -> Self {
        EscalationView {
            number: escalation.id,
            partner: escalation.partner_name.clone(),
            partner_kind: labels::partner_kind(escalation.partner),
            sent: time.date_time(escalation.sent_at),
            description: escalation.description.to_string(),
            chronology: escalation.chronology.as_ref().map(ToString::to_string),
            impact: escalation.impact.as_ref().map(ToString::to_string),
            request: escalation.request.as_ref().map(ToString::to_string),
            answer: escalation.answer.as_ref().map(|a| AnswerView::of(a, time)),
            answers: escalation
                .answers()
                .map(|a| AnswerView::of(a, time))
                .collect(),
            status: labels::escalation_status(escalation.status()),
        }
    }
}

impl AnswerView {
    fn of(answer: &EscalationAnswer, time: &LocalTime) -> Self {
        AnswerView {
            at: time.date_time(answer.at),
            text: answer.text.to_string(),
        }
    }
}

impl ReportedView {
    /// The reporter's words as the case holds them.
    pub fn of(report: &Report) -> Self {
        ReportedView {
            title: report.title.as_ref().map(ToString::to_string),
            description: report.description.to_string(),
            chronology: report.chronology.as_ref().map(ToString::to_string),
            impact: report.impact.as_ref().map(ToString::to_string),
        }
    }
}

impl ReporterView {
    /// The reporter's contact details.
    pub fn of(reporter: &Reporter) -> Self {
        ReporterView {
            name: reporter.name.as_ref().map(ToString::to_string),
            email: reporter.email.as_ref().map(|e| e.as_str().to_owned()),
            phone: reporter.phone.as_ref().map(|p| p.as_str().to_owned()),
            organisation: reporter.organisation.as_ref().map(ToString::to_string),
            kind: labels::reporter_kind(reporter.kind),
        }
    }
}

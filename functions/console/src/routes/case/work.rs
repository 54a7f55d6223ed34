//! The team's work on a case, ready for the page: verification, classification, assignment, the mitigation
//! checklist, escalations, analysis and recommendations, the incident summary for the system owner and the
//! outcome (the documents are the documents route's section).

use chrono::{DateTime, Utc};
use csirt_domain::case::{
    Analysis, Assignment, Case, Deadline, Escalation, EscalationAnswer, MitigationItem,
};
use serde::Serialize;

use super::Labels;
use super::report::incident_label;
use crate::routes::queue::local_time;
use crate::state::ConsoleState;

/// Verification's outcome.
#[derive(Debug, Serialize)]
struct VerificationView {
    verdict: String,
    reason: Option<String>,
    at: String,
}

/// The team's classification.
#[derive(Debug, Serialize)]
struct ClassificationView {
    incident: String,
    priority_key: String,
    tlp: String,
}

/// One mitigation item.
#[derive(Debug, Serialize)]
struct MitigationView {
    id: u32,
    measure: String,
    detail: Option<String>,
    status_key: String,
    status: String,
    updated: String,
}

/// A partner's answer.
#[derive(Debug, Serialize)]
struct AnswerView {
    at: String,
    text: String,
}

/// One escalation and what was sent with it.
#[derive(Debug, Serialize)]
struct EscalationView {
    id: u32,
    partner: String,
    partner_name: String,
    sent: String,
    description: String,
    chronology: Option<String>,
    impact: Option<String>,
    request: Option<String>,
    answer: Option<AnswerView>,
    answers: Vec<AnswerView>,
    status_key: &'static str,
    status: String,
    ended: Option<String>,
}

/// The analysis and recommendations.
#[derive(Debug, Serialize)]
struct AnalysisView {
    analysis: String,
    recommendations: String,
    at: String,
    version: usize,
}

/// A legal deadline (wall-clock hours): what it is, when due, where it stands.
#[derive(Debug, Serialize)]
struct DeadlineView {
    kind_key: &'static str,
    label: String,
    due: String,
    status_key: &'static str,
    status: String,
    met: Option<String>,
}

/// The team's incident summary for the system owner.
#[derive(Debug, Serialize)]
struct SummaryView {
    text: Option<String>,
    include_reporter_description: bool,
    at: String,
}

/// The team's work on a case.
#[derive(Debug, Serialize)]
pub struct WorkView {
    verification: Option<VerificationView>,
    classification: Option<ClassificationView>,
    assignees: Vec<Assignment>,
    mitigation: Vec<MitigationView>,
    escalations: Vec<EscalationView>,
    analysis: Option<AnalysisView>,
    earlier_analyses: Vec<AnalysisView>,
    deadlines: Vec<DeadlineView>,
    summary: Option<SummaryView>,
    resolution: Option<String>,
    closed: Option<String>,
    hall_of_fame: bool,
}

impl WorkView {
    /// The work recorded on `case`.
    pub fn of(
        state: &ConsoleState,
        labels: &Labels<'_>,
        case: &Case,
        now: DateTime<Utc>,
    ) -> WorkView {
        let time = |at| local_time(state, at);
        WorkView {
            verification: case.verification.as_ref().map(|v| VerificationView {
                verdict: labels.of("case_verdict_", &v.verdict),
                reason: v.reason.as_ref().map(|r| r.as_str().to_owned()),
                at: time(v.at),
            }),
            classification: case.classification.as_ref().map(|c| ClassificationView {
                incident: incident_label(&c.incident, labels.lang()),
                priority_key: super::machine_key(&c.priority),
                tlp: c.tlp.to_string(),
            }),
            assignees: case.assignees.clone(),
            mitigation: case
                .mitigation
                .iter()
                .map(|item| mitigation(state, labels, item))
                .collect(),
            escalations: case
                .escalations
                .iter()
                .map(|e| escalation(state, labels, e))
                .collect(),
            analysis: case
                .analysis
                .as_ref()
                .map(|a| analysis(state, a, case.analysis_version().unwrap_or(1))),
            earlier_analyses: case
                .earlier_analyses
                .iter()
                .enumerate()
                .map(|(i, a)| analysis(state, a, i + 1))
                .collect(),
            deadlines: case
                .deadlines()
                .iter()
                .map(|d| deadline(state, labels, d, now))
                .collect(),
            summary: case.summary.as_ref().map(|s| SummaryView {
                text: s.text.as_ref().map(|t| t.as_str().to_owned()),
                include_reporter_description: s.include_reporter_description,
                at: time(s.at),
            }),
            resolution: case.resolution.as_ref().map(|r| r.as_str().to_owned()),
            closed: case.closed_at.map(time),
            hall_of_fame: case.hall_of_fame,
        }
    }
}

fn mitigation(state: &ConsoleState, labels: &Labels<'_>, item: &MitigationItem) -> MitigationView {
    MitigationView {
        id: item.id,
        measure: labels.of("case_measure_", &item.kind),
        detail: item.detail.as_ref().map(|d| d.as_str().to_owned()),
        status_key: super::machine_key(&item.status),
        status: labels.of("case_mitigation_status_", &item.status),
        updated: local_time(state, item.updated_at),
    }
}

fn escalation(state: &ConsoleState, labels: &Labels<'_>, sent: &Escalation) -> EscalationView {
    EscalationView {
        id: sent.id,
        partner: labels.of("case_partner_", &sent.partner),
        partner_name: sent.partner_name.clone(),
        sent: local_time(state, sent.sent_at),
        description: sent.description.as_str().to_owned(),
        chronology: sent.chronology.as_ref().map(|c| c.as_str().to_owned()),
        impact: sent.impact.as_ref().map(|i| i.as_str().to_owned()),
        request: sent.request.as_ref().map(|r| r.as_str().to_owned()),
        answer: sent.answer.as_ref().map(|a| answer(state, a)),
        answers: sent.answers().map(|a| answer(state, a)).collect(),
        status_key: sent.status().key(),
        status: labels.text(&format!("case_escalation_status_{}", sent.status().key())),
        ended: sent.ended.as_ref().map(|end| match &end.note {
            Some(note) => format!("{}: {note}", local_time(state, end.at)),
            None => local_time(state, end.at),
        }),
    }
}

fn answer(state: &ConsoleState, answer: &EscalationAnswer) -> AnswerView {
    AnswerView {
        at: local_time(state, answer.at),
        text: answer.text.as_str().to_owned(),
    }
}

fn analysis(state: &ConsoleState, analysis: &Analysis, version: usize) -> AnalysisView {
    AnalysisView {
        analysis: analysis.analysis.as_str().to_owned(),
        recommendations: analysis.recommendations.as_str().to_owned(),
        at: local_time(state, analysis.at),
        version,
    }
}

fn deadline(
    state: &ConsoleState,
    labels: &Labels<'_>,
    deadline: &Deadline,
    now: DateTime<Utc>,
) -> DeadlineView {
    let status = deadline.status(now);
    DeadlineView {
        kind_key: deadline.kind.key(),
        label: labels.text(&format!("case_deadline_{}", deadline.kind.key())),
        due: local_time(state, deadline.due_at),
        status_key: status.key(),
        status: labels.text(&format!("case_deadline_{}", status.key())),
        met: deadline.met_at.map(|at| local_time(state, at)),
    }
}

//! A case's history, ready for the page: the SOP clock per step and the event timeline, in the team's local
//! time.

use csirt_domain::case::{Actor, Change, EscalationOutcome, Event, Notice, NoticeOutcome};
use csirt_domain::sop::CaseClock;
use serde::Serialize;

use super::Labels;
use super::report::incident_label;
use crate::routes::queue::local_time;
use crate::state::ConsoleState;

/// One clocked step.
#[derive(Debug, Serialize)]
pub struct ClockRow {
    number: u32,
    title: String,
    state: String,
    started: String,
    due: String,
    completed: Option<String>,
    overdue: bool,
}

/// The SOP clock: every clocked step, past and current, titled from the team's profile.
pub fn clock(state: &ConsoleState, labels: &Labels<'_>, clock: &CaseClock) -> Vec<ClockRow> {
    let profile = &state.desk.procedure().profile;
    clock
        .steps
        .iter()
        .map(|step| ClockRow {
            number: step.step,
            title: profile
                .steps
                .iter()
                .find(|s| s.number == step.step)
                .map(|s| s.title.get(labels.lang()).to_owned())
                .unwrap_or_default(),
            state: labels.state(step.state),
            started: local_time(state, step.started_at),
            due: local_time(state, step.due_at),
            completed: step.completed_at.map(|at| local_time(state, at)),
            overdue: step.overdue,
        })
        .collect()
}

/// One event as the timeline shows it.
#[derive(Debug, Serialize)]
pub struct TimelineRow {
    seq: u32,
    at: String,
    actor: String,
    what: String,
    detail: Option<String>,
    from: String,
    to: String,
    moved: bool,
}

/// Every event of the case, oldest first: when, who, what, and the move it made.
pub fn timeline(state: &ConsoleState, labels: &Labels<'_>, events: &[Event]) -> Vec<TimelineRow> {
    events
        .iter()
        .map(|event| TimelineRow {
            seq: event.seq,
            at: local_time(state, event.at),
            actor: match &event.actor {
                Actor::Reporter => labels.text("case_actor_reporter"),
                Actor::System => labels.text("case_actor_system"),
                Actor::Staff(name) => name.as_str().to_owned(),
            },
            what: labels.text(&format!("case_event_{}", event.change.name())),
            detail: detail(state, labels, &event.change),
            from: labels.state(event.from),
            to: labels.state(event.to),
            moved: event.from != event.to,
        })
        .collect()
}

/// What an event recorded, in a line: the values staff gave. A failed message's reason is left out (it may
/// name the reporter's address, which not every role may see).
fn detail(state: &ConsoleState, labels: &Labels<'_>, change: &Change) -> Option<String> {
    match change {
        Change::Received { channel } => Some(labels.of("case_channel_", channel)),
        Change::StartVerification | Change::RecordAnalysis { .. } => None,
        Change::Verify { verdict, reason } => Some(match reason {
            Some(reason) => format!("{}: {}", labels.of("case_verdict_", verdict), reason),
            None => labels.of("case_verdict_", verdict),
        }),
        Change::Classify { classification } => Some(format!(
            "{}; {}; {}",
            incident_label(&classification.incident, labels.lang()),
            labels.of("priority_", &classification.priority),
            classification.tlp
        )),
        Change::Assign { handler, step } | Change::Unassign { handler, step } => Some(match step {
            Some(step) => format!("{handler} ({} {step})", labels.text("case_assigned_step")),
            None => handler.as_str().to_owned(),
        }),
        Change::PlanMitigation { kind, detail } => Some(match detail {
            Some(detail) => format!("{}: {}", labels.of("case_measure_", kind), detail),
            None => labels.of("case_measure_", kind),
        }),
        Change::UpdateMitigation { item, status } => Some(format!(
            "#{item} → {}",
            labels.of("case_mitigation_status_", status)
        )),
        Change::StartHandling { note } | Change::StartFollowUp { note } => {
            note.as_ref().map(|n| n.as_str().to_owned())
        }
        Change::RecordAction { note } => Some(note.as_str().to_owned()),
        Change::Escalate { partner_name, .. } => Some(partner_name.clone()),
        Change::RecordEscalationAnswer { escalation, text } => {
            Some(format!("#{escalation}: {text}"))
        }
        Change::EndEscalation {
            escalation,
            outcome,
            note,
        } => {
            let status = match outcome {
                EscalationOutcome::Closed => "case_escalation_status_closed",
                EscalationOutcome::Withdrawn => "case_escalation_status_withdrawn",
            };
            Some(match note {
                Some(note) => format!("#{escalation} {}: {note}", labels.text(status)),
                None => format!("#{escalation} {}", labels.text(status)),
            })
        }
        Change::MarkVitalInfrastructure { vital } => Some(yes_no(labels, *vital)),
        Change::MarkPersonalData { involved } => Some(yes_no(labels, *involved)),
        Change::RecordDataSubjectNotice { note } => Some(note.as_str().to_owned()),
        Change::Resolve { summary } => Some(summary.as_str().to_owned()),
        Change::WriteSummary {
            text,
            include_reporter_description,
        } => {
            let choice = include_reporter_description
                .then(|| labels.text("case_summary_includes_description"));
            let lines: Vec<String> = text
                .as_ref()
                .map(|t| t.as_str().to_owned())
                .into_iter()
                .chain(choice)
                .collect();
            Some(lines.join("\n"))
        }
        Change::IssueDocument { document } | Change::SignDocument { document, .. } => {
            Some(format!(
                "{} {}",
                labels.of("case_document_", &document.kind),
                document.number
            ))
        }
        Change::DraftDocument { kind, .. } => Some(labels.of("case_document_", kind)),
        Change::SubmitDocument { draft } => Some(format!("#{draft}")),
        Change::ReturnDocument { draft, reason } => Some(format!("#{draft}: {}", reason.as_str())),
        Change::CompleteStep { step } => {
            Some(format!("{} {step}", labels.text("case_assigned_step")))
        }
        Change::Close { hall_of_fame } => hall_of_fame.then(|| labels.text("case_hof_published")),
        Change::AddNote { text } => Some(text.as_str().to_owned()),
        Change::MessageReporter { text, files } | Change::ReporterReply { text, files, .. } => {
            Some(message_detail(labels, text.as_str(), files.len()))
        }
        // The fields named, never a value; what a redaction replaced is the case's business, not the history's.
        Change::CorrectReporter { fields } => Some(
            fields
                .iter()
                .map(|field| field.key())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Change::RedactReporter { grounds, .. } => {
            (!grounds.is_reporter_request()).then(|| labels.text("case_redacted_retention"))
        }
        Change::ExpireEvidence { deleted_files } => Some(
            labels
                .text("case_event_message_files")
                .replace("{count}", &deleted_files.len().to_string()),
        ),
        Change::SetReplyChannel { email_only } => Some(labels.text(if *email_only {
            "thread_channel_email_only"
        } else {
            "thread_channel_thread"
        })),
        Change::Notified { notice, outcome } => {
            let what = match notice {
                Notice::TeamNewReport { .. } => labels.text("case_notice_team_new_report"),
                Notice::ReporterAcknowledged => labels.text("case_notice_reporter_acknowledged"),
                Notice::ReporterClosed => labels.text("case_notice_reporter_closed"),
                Notice::ReporterMessage { message } => labels
                    .text("case_notice_reporter_message")
                    .replace("{message}", &message.to_string()),
                Notice::TeamReporterReplied { message, via } => labels
                    .text("case_notice_team_reporter_replied")
                    .replace("{message}", &message.to_string())
                    .replace("{via}", &labels.of("case_via_", via)),
                Notice::Reminder { step, since, .. } => labels
                    .text("case_notice_reminder")
                    .replace("{step}", &step.to_string())
                    .replace("{since}", &local_time(state, *since)),
                Notice::DeadlineReminder { deadline, .. } => format!(
                    "{}: {}",
                    labels.text("case_notice_deadline_reminder"),
                    labels.text(&format!("case_deadline_{}", deadline.key()))
                ),
            };
            let how = match outcome {
                NoticeOutcome::Delivered => labels.text("case_notice_delivered"),
                NoticeOutcome::Failed { .. } => labels.text("case_notice_failed"),
                NoticeOutcome::Withheld => labels.text("case_notice_withheld"),
            };
            Some(format!("{what}: {how}"))
        }
    }
}

/// A thread message in the timeline: its text, and how many files came with it.
fn message_detail(labels: &Labels<'_>, text: &str, files: usize) -> String {
    if files == 0 {
        return text.to_owned();
    }
    let count = labels
        .text("case_event_message_files")
        .replace("{count}", &files.to_string());
    format!("{text}\n({count})")
}

/// "Yes" or "no" for a mark set or cleared.
fn yes_no(labels: &Labels<'_>, on: bool) -> String {
    labels.text(if on {
        "case_mark_set"
    } else {
        "case_mark_cleared"
    })
}

//! What `csirt case show` and `csirt case queue` print of a case's escalations, analysis versions and legal
//! deadlines (IIV report to BSSN within 1×24 hours, personal-data notice within 3×24 hours: wall-clock hours,
//! not working time).

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use csirt_domain::case::{Case, DeadlineStatus};
use csirt_staff::cases::DeadlineView;
use csirt_staff::queue::PendingDeadline;

/// Every escalation with its state and answers, then every analysis version (the latest last).
pub fn escalations_and_analyses(
    local: &dyn Fn(DateTime<Utc>) -> String,
    case: &Case,
    text: &mut String,
) {
    for escalation in &case.escalations {
        let _ = writeln!(
            text,
            "escalation #{} to {} ({}) {}",
            escalation.id,
            escalation.partner_name,
            local(escalation.sent_at),
            escalation.status().key()
        );
        for answer in escalation.answers() {
            let _ = writeln!(
                text,
                "  answered {}: {}",
                local(answer.at),
                answer.text.as_str().replace('\n', "\n    ")
            );
        }
        if let Some(end) = &escalation.ended {
            let _ = writeln!(
                text,
                "  {} {}{}",
                escalation.status().key(),
                local(end.at),
                end.note
                    .as_ref()
                    .map_or(String::new(), |n| format!(": {}", n.as_str()))
            );
        }
    }
    for (i, analysis) in case.analysis_versions().enumerate() {
        let _ = writeln!(
            text,
            "analysis   v{} {}{}",
            i + 1,
            local(analysis.at),
            if i + 1 == case.analysis_version().unwrap_or(0) {
                " (latest, used by documents)"
            } else {
                ""
            }
        );
    }
}

/// The case's legal deadlines, each with its due time and where it stands.
pub fn deadlines(
    local: &dyn Fn(DateTime<Utc>) -> String,
    list: &[DeadlineView],
    text: &mut String,
) {
    for view in list {
        let deadline = &view.deadline;
        let _ = writeln!(
            text,
            "deadline   {} due {} ({} h wall-clock from {}): {}{}",
            deadline.kind.key(),
            local(deadline.due_at),
            deadline.kind.hours(),
            local(deadline.started_at),
            status_word(view.status),
            deadline
                .met_at
                .map_or(String::new(), |at| format!(" {}", local(at)))
        );
    }
}

/// A queue line's deadline markers: `IIV`, `PDP`, with `!` when overdue; `-` for none.
pub fn queue_markers(list: &[PendingDeadline]) -> String {
    if list.is_empty() {
        return "-".to_owned();
    }
    list.iter()
        .map(PendingDeadline::marker)
        .collect::<Vec<_>>()
        .join(",")
}

fn status_word(status: DeadlineStatus) -> &'static str {
    match status {
        DeadlineStatus::Met => "met",
        DeadlineStatus::MetLate => "met late",
        DeadlineStatus::Running => "running",
        DeadlineStatus::DueSoon => "DUE SOON",
        DeadlineStatus::Overdue => "OVERDUE",
    }
}

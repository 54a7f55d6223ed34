//! The team's queue (the Maluku Utara *lembar antrian*): open cases with their SOP clocks, overdue first, then
//! by priority, then by the current step's deadline, then oldest first.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Assignment, Case, DeadlineKind, DeadlineStatus, Priority};
use csirt_domain::sop::{CaseClock, SopProfile, WorkingCalendar};
use serde::Serialize;

/// One line of the queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueueEntry {
    /// The case's tracking code.
    pub code: String,
    /// Its register number (`2026/0042`), for staff; none on cases received before there were register numbers.
    pub register: Option<String>,
    /// Its state.
    pub state: String,
    /// Its priority, once classified.
    pub priority: Option<Priority>,
    /// RSIT class and type (the team's classification, else the reporter's).
    pub incident: String,
    /// Handlers and sub-teams, each for the whole case or for one SOP step.
    pub assignees: Vec<Assignment>,
    /// The agency (OPD) owning the affected system, as the report names it: the Maluku Utara *lembar antrian*
    /// lists each incident under the OPD it came from.
    pub agency: Option<String>,
    /// When the report arrived.
    pub received_at: DateTime<Utc>,
    /// The SOP step running now (none when the SOP clocks no step of the case's state, or all of them are done).
    pub step: Option<u32>,
    /// When the step running now is due.
    pub due_at: Option<DateTime<Utc>>,
    /// Whether the current step is past its time standard.
    pub overdue: bool,
    /// The legal deadlines still running (IIV report to BSSN, personal-data notice), in wall-clock hours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<PendingDeadline>,
}

/// A legal deadline not yet met, as the queue, `show` and reminders give it.
#[derive(Debug, Clone, Serialize)]
pub struct PendingDeadline {
    /// Which (`bssn_report` or `data_subject_notice`).
    pub kind: DeadlineKind,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// Running, due soon or overdue.
    pub status: DeadlineStatus,
}

impl PendingDeadline {
    /// The deadlines of `case` not yet met, as of `now`.
    pub fn of(case: &Case, now: DateTime<Utc>) -> Vec<Self> {
        case.deadlines()
            .into_iter()
            .filter(|d| d.met_at.is_none())
            .map(|d| PendingDeadline {
                kind: d.kind,
                due_at: d.due_at,
                status: d.status(now),
            })
            .collect()
    }

    /// A short marker for a queue line: `IIV!` / `PDP!` when overdue, `IIV` / `PDP` otherwise.
    pub fn marker(&self) -> &'static str {
        let overdue = self.status == DeadlineStatus::Overdue;
        match (self.kind, overdue) {
            (DeadlineKind::BssnReport, true) => "IIV!",
            (DeadlineKind::BssnReport, false) => "IIV",
            (DeadlineKind::DataSubjectNotice, true) => "PDP!",
            (DeadlineKind::DataSubjectNotice, false) => "PDP",
        }
    }
}

impl QueueEntry {
    /// The entry of `case`, the clock of its current step computed as of `now` (from the case alone: its state,
    /// when the stay began and the stay's marks; the queue reads no events).
    pub fn of(
        case: &Case,
        profile: &SopProfile,
        calendar: &WorkingCalendar,
        now: DateTime<Utc>,
    ) -> Self {
        let clock = CaseClock::of_case(profile, calendar, case, now);
        let incident = case
            .classification
            .as_ref()
            .map_or(&case.report.incident, |c| &c.incident);
        QueueEntry {
            code: case.code.to_string(),
            register: case.register.map(|number| number.to_string()),
            state: case.state.key().to_owned(),
            priority: case.classification.as_ref().map(|c| c.priority),
            incident: format!("{}/{}", incident.class(), incident.kind()),
            assignees: case.assignees.clone(),
            agency: case
                .report
                .affected
                .agency
                .as_ref()
                .map(ToString::to_string),
            received_at: case.received_at,
            step: clock.current_step().map(|s| s.step),
            due_at: clock.current_due(),
            overdue: clock.is_overdue(),
            deadlines: PendingDeadline::of(case, now),
        }
    }
}

impl QueueEntry {
    /// Whether a legal deadline of the case is overdue.
    pub fn deadline_overdue(&self) -> bool {
        self.deadlines
            .iter()
            .any(|d| d.status == DeadlineStatus::Overdue)
    }

    /// Whether `name` is one of the case's assignees (for the whole case or a step; compared without regard to
    /// case or surrounding spaces).
    pub fn is_assigned_to(&self, name: &str) -> bool {
        self.assignees.iter().any(|a| a.is_of(name))
    }

    /// Whether one of the case's assignees has `text` in its name (without regard to case), as a search box
    /// means it.
    pub fn has_assignee_like(&self, text: &str) -> bool {
        let text = text.trim().to_lowercase();
        self.assignees
            .iter()
            .any(|a| a.assignee.as_str().to_lowercase().contains(&text))
    }
}

/// Puts `entries` in queue order: overdue first, then higher priority (unclassified after low), then the
/// earlier deadline (none last), then the older report.
pub fn order(entries: &mut [QueueEntry]) {
    entries.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(Priority::rank(a.priority).cmp(&Priority::rank(b.priority)))
            .then(match (a.due_at, b.due_at) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then(a.received_at.cmp(&b.received_at))
            .then(a.code.cmp(&b.code))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        code: &str,
        overdue: bool,
        priority: Option<Priority>,
        due_hour: Option<u32>,
    ) -> QueueEntry {
        let at = |hour| {
            DateTime::parse_from_rfc3339(&format!("2026-11-23T{hour:02}:00:00Z"))
                .unwrap()
                .to_utc()
        };
        QueueEntry {
            code: code.into(),
            register: None,
            state: "verifying".into(),
            priority,
            incident: "intrusions/application-compromise".into(),
            assignees: Vec::new(),
            agency: None,
            received_at: at(1),
            step: None,
            due_at: due_hour.map(at),
            overdue,
            deadlines: Vec::new(),
        }
    }

    #[test]
    fn an_entry_is_found_under_each_of_its_assignees() {
        let mut entry = entry("two-sub-teams", false, None, None);
        for (name, step) in [
            ("Sub Tim Jaringan dan Server", 5),
            ("Sub Tim Keamanan Informasi", 5),
        ] {
            entry.assignees.push(Assignment {
                assignee: csirt_domain::text::ActorName::parse(name).unwrap(),
                step: Some(step),
            });
        }
        assert!(entry.is_assigned_to("sub tim jaringan dan server"));
        assert!(entry.is_assigned_to("Sub Tim Keamanan Informasi"));
        assert!(!entry.is_assigned_to("Sub Tim"), "a name is matched whole");
        assert!(entry.has_assignee_like("keamanan"));
        assert!(!entry.has_assignee_like("website"));
    }

    #[test]
    fn overdue_first_then_priority_then_deadline() {
        let mut entries = vec![
            entry("low-early", false, Some(Priority::Low), Some(2)),
            entry("unclassified", false, None, Some(3)),
            entry("critical-late", false, Some(Priority::Critical), Some(9)),
            entry("overdue-low", true, Some(Priority::Low), Some(1)),
            entry("critical-early", false, Some(Priority::Critical), Some(5)),
            entry("critical-no-clock", false, Some(Priority::Critical), None),
        ];
        order(&mut entries);
        let codes: Vec<&str> = entries.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "overdue-low",
                "critical-early",
                "critical-late",
                "critical-no-clock",
                "low-early",
                "unclassified"
            ]
        );
    }
}

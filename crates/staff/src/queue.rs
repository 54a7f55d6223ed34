//! The team's queue (the Maluku Utara *lembar antrian*): open cases with their SOP clocks, overdue first, then
//! by priority, then by the current step's deadline, then oldest first.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Case, Priority};
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
    /// Handler or sub-team.
    pub assignee: Option<String>,
    /// When the report arrived.
    pub received_at: DateTime<Utc>,
    /// The SOP step the case is at: the first step of its state still within its standard, else the state's
    /// last clocked step (none when the SOP clocks no step of the state).
    pub step: Option<u32>,
    /// When the current state's steps are all due, if the SOP clocks them.
    pub due_at: Option<DateTime<Utc>>,
    /// Whether the current step is past its time standard.
    pub overdue: bool,
}

impl QueueEntry {
    /// The entry of `case`, the clock of its current state computed as of `now` (from the case alone: the
    /// queue reads no events).
    pub fn of(
        case: &Case,
        profile: &SopProfile,
        calendar: &WorkingCalendar,
        now: DateTime<Utc>,
    ) -> Self {
        let clock =
            CaseClock::of_current_stay(profile, calendar, case.state, case.state_since, now);
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
            assignee: case.assignee.as_ref().map(ToString::to_string),
            received_at: case.received_at,
            step: clock
                .current()
                .find(|s| !s.overdue)
                .or_else(|| clock.current().last())
                .map(|s| s.step),
            due_at: clock.current_due(),
            overdue: clock.is_overdue(),
        }
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
            assignee: None,
            received_at: at(1),
            step: None,
            due_at: due_hour.map(at),
            overdue,
        }
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

//! What happened during a case's current stay in its state that the SOP clock reads: the first time each
//! step-completing action was taken there, and the steps staff marked done. Kept on the case, so the queue and
//! the reminders know where each step stands without reading the events; cleared whenever the state changes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::change::Change;
use super::event::Event;

/// The changes a profile's step may name as the one that completes it (`completed_by`): those taken inside a
/// state, without moving the case. `assign` counts when the case (not one step of it) is given to someone.
/// Leaving a state completes its steps anyway.
pub const STEP_COMPLETING_ACTIONS: [&str; 13] = [
    "assign",
    "classify",
    "plan_mitigation",
    "update_mitigation",
    "record_action",
    "record_escalation_answer",
    "write_summary",
    "issue_document",
    "draft_document",
    "submit_document",
    "sign_document",
    "message_reporter",
    "add_note",
];

/// One fact of the current stay the clock reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mark", rename_all = "snake_case")]
pub enum StayMark {
    /// The first time in this stay that the action (a key of [`STEP_COMPLETING_ACTIONS`]) was taken.
    Action {
        /// The change's name, e.g. `record_action`.
        action: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Staff marked the step done ([`Change::CompleteStep`]).
    StepDone {
        /// The step's number in the SOP.
        step: u32,
        /// When.
        at: DateTime<Utc>,
    },
}

impl StayMark {
    /// When it happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            StayMark::Action { at, .. } | StayMark::StepDone { at, .. } => *at,
        }
    }
}

/// The mark `change` adds at `at` to a stay that has `marks` so far: none when the change completes no step,
/// or when its action was already taken in the stay (only the first time counts).
pub fn mark_of(marks: &[StayMark], change: &Change, at: DateTime<Utc>) -> Option<StayMark> {
    if let Change::CompleteStep { step } = change {
        let done = marks
            .iter()
            .any(|m| matches!(m, StayMark::StepDone { step: s, .. } if s == step));
        return (!done).then_some(StayMark::StepDone { step: *step, at });
    }
    if let Change::Assign { step: Some(_), .. } = change {
        // Giving someone one step ahead of time completes nothing; putting the case in someone's hands does.
        return None;
    }
    let action = change.name();
    let counted = STEP_COMPLETING_ACTIONS.contains(&action)
        && !marks
            .iter()
            .any(|m| matches!(m, StayMark::Action { action: a, .. } if a == action));
    counted.then(|| StayMark::Action {
        action: action.to_owned(),
        at,
    })
}

/// The marks of the stay that begins with `events[0]` and runs over every later event that did not move the
/// case: what [`super::Case::stay_marks`] holds after the same events.
pub fn marks_of(events: &[Event]) -> Vec<StayMark> {
    let mut marks = Vec::new();
    for event in events.iter().skip(1) {
        if event.moved() {
            break;
        }
        if let Some(mark) = mark_of(&marks, &event.change, event.at) {
            marks.push(mark);
        }
    }
    marks
}

/// The marks of the stay the case is in after `events` (from its last move on).
pub fn current_stay_marks(events: &[Event]) -> Vec<StayMark> {
    let start = events.iter().rposition(Event::moved).unwrap_or(0);
    marks_of(&events[start..])
}

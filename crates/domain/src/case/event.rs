//! The append-only event log: who did what, when, from which state.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::change::Change;
use crate::lang::Localized;
use crate::state::CaseState;
use crate::text::ActorName;

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Actor {
    /// The reporter, through the form.
    Reporter,
    /// The software itself.
    System,
    /// A member of staff, by their identifier.
    Staff(ActorName),
}

impl std::fmt::Display for Actor {
    /// `reporter`, `system`, or the staff member's identifier.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Actor::Reporter => f.write_str("reporter"),
            Actor::System => f.write_str("system"),
            Actor::Staff(name) => f.write_str(name.as_str()),
        }
    }
}

/// What happened to a case. Case events are numbered from 1 without gaps; an event's number is the case's
/// version right after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Position in the case's log, from 1.
    pub seq: u32,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it.
    pub actor: Actor,
    /// The state before.
    pub from: CaseState,
    /// The state after (the same when nothing moved).
    pub to: CaseState,
    /// What was done.
    pub change: Change,
}

/// One step of the reporter-facing timeline: a state and when the case entered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    /// The state entered.
    pub state: CaseState,
    /// Its reporter-facing label.
    pub label: Localized,
    /// When.
    pub at: DateTime<Utc>,
}

impl Event {
    /// Whether the event moved the case to another state (or created it).
    pub fn moved(&self) -> bool {
        self.from != self.to || self.seq == 1
    }
}

/// The public timeline of a case: only state changes, only reporter-facing labels, nothing else.
pub fn public_timeline(events: &[Event]) -> Vec<TimelineEntry> {
    events
        .iter()
        .filter(|e| e.moved())
        .map(|e| TimelineEntry {
            state: e.to,
            label: e.to.reporter_label(),
            at: e.at,
        })
        .collect()
}

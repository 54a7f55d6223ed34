//! The SOP clock: from a case's events, its profile and the working calendar, when each step started, when it
//! is due, when it was completed and whether it ran past its time standard.
//!
//! Every step with a time standard has its own clock. The first step of a stay in a state starts when the case
//! enters the state; each next step of the same state starts when the one before it is completed. A step is
//! completed by the change the profile names for it (`completed_by`, e.g. `record_action`), by staff marking it
//! done ([`crate::case::Change::CompleteStep`]), by the completion of a later step of the same state (which
//! implies it), or by the case leaving the state. The first clocked step starts at receipt: a profile that
//! clocks no step in `received` counts the time in `received` as part of `verifying`. Deadlines are in working
//! time per the team's calendar, each step's own standard (the upper bound of a range). Steps done before
//! intake, steps without a time standard and steps in `closed` are never clocked.

mod complete;
mod stay;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::calendar::WorkingCalendar;
use super::profile::SopProfile;
use crate::case::{Case, Event, StayMark, marks_of};
use crate::state::CaseState;

pub use complete::StepCompletionError;
pub use stay::is_clocked;

/// One clocked step during one stay of the case in the step's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepClock {
    /// The step's number in the SOP.
    pub step: u32,
    /// The state it belongs to.
    pub state: CaseState,
    /// When the step started: entering the state (receipt for the first), else the completion of the step
    /// before it.
    pub started_at: DateTime<Utc>,
    /// When the step is due: its start plus its standard in working time.
    pub due_at: DateTime<Utc>,
    /// When the step was completed, if it was.
    pub completed_at: Option<DateTime<Utc>>,
    /// Whether the step is past its standard: completed after `due_at`, or still open after it.
    pub overdue: bool,
}

/// Every clocked step of a case that has started, past and current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseClock {
    /// Steps in the order the case went through them.
    pub steps: Vec<StepClock>,
}

/// One stay as the clock reads it: the state whose steps run, when it began, what was done during it.
struct Stay {
    state: CaseState,
    entered: DateTime<Utc>,
    marks: Vec<StayMark>,
}

impl CaseClock {
    /// Computes the clock of a case from its events (in order), as of `now`.
    pub fn compute(
        profile: &SopProfile,
        calendar: &WorkingCalendar,
        events: &[Event],
        now: DateTime<Utc>,
    ) -> Self {
        let received_clocked = stay::clocks_received(profile);
        let mut stays: Vec<Stay> = Vec::new();
        for (i, event) in events.iter().enumerate().filter(|(_, e)| e.moved()) {
            let marks = marks_of(&events[i..]);
            if event.to == CaseState::Received && !received_clocked {
                // Receipt starts the first clocked step, in `verifying`; what is done in `received` completes
                // none of its steps.
                stays.push(Stay {
                    state: CaseState::Verifying,
                    entered: event.at,
                    marks: Vec::new(),
                });
                continue;
            }
            if event.to == CaseState::Verifying
                && !received_clocked
                && let Some(last) = stays.last_mut()
            {
                last.marks = marks;
                continue;
            }
            stays.push(Stay {
                state: event.to,
                entered: event.at,
                marks,
            });
        }
        let mut steps = Vec::new();
        for (i, stay) in stays.iter().enumerate() {
            let left = stays.get(i + 1).map(|next| next.entered);
            stay::clock_stay(profile, calendar, stay, left, now, &mut steps);
        }
        CaseClock { steps }
    }

    /// The clock of the current stay alone, from the case as stored (its state, when its clock started and the
    /// marks of the stay), as of `now`: what the queue and the reminders need, without reading the case's
    /// events. Its steps are the open stay's steps of [`CaseClock::compute`]. A record from before the marks were
    /// kept (`stay_marks` is `None`) reads as a stay with none: fill them from the events first
    /// ([`crate::case::current_stay_marks`]).
    pub fn of_case(
        profile: &SopProfile,
        calendar: &WorkingCalendar,
        case: &Case,
        now: DateTime<Utc>,
    ) -> Self {
        let received_clocked = stay::clocks_received(profile);
        let stay = match case.state {
            CaseState::Received if !received_clocked => Stay {
                state: CaseState::Verifying,
                entered: case.received_at,
                marks: Vec::new(),
            },
            CaseState::Verifying if !received_clocked => Stay {
                state: CaseState::Verifying,
                entered: case.received_at,
                marks: case.stay_marks.clone().unwrap_or_default(),
            },
            state => Stay {
                state,
                entered: case.state_since,
                marks: case.stay_marks.clone().unwrap_or_default(),
            },
        };
        let mut steps = Vec::new();
        stay::clock_stay(profile, calendar, &stay, None, now, &mut steps);
        CaseClock { steps }
    }

    /// The clocked steps running now (at most one: the current step).
    pub fn current(&self) -> impl Iterator<Item = &StepClock> {
        self.steps.iter().filter(|s| s.completed_at.is_none())
    }

    /// The step running now, if the SOP clocks one in the case's state.
    pub fn current_step(&self) -> Option<&StepClock> {
        self.current().last()
    }

    /// When the current step is due.
    pub fn current_due(&self) -> Option<DateTime<Utc>> {
        self.current_step().map(|s| s.due_at)
    }

    /// Whether the current step has run past its standard.
    pub fn is_overdue(&self) -> bool {
        self.current_step().is_some_and(|s| s.overdue)
    }

    /// Steps, past or current, that ran past their standard.
    pub fn overdue_steps(&self) -> impl Iterator<Item = &StepClock> {
        self.steps.iter().filter(|s| s.overdue)
    }
}

#[cfg(test)]
mod tests;

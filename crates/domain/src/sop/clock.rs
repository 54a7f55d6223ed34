//! The SOP clock: from a case's events, its profile and the working calendar, which steps are due by when and
//! which ran past their time standard.
//!
//! A step is clocked from the moment the case enters the step's state. Steps that share a state run one after
//! the other, so a step's deadline is the entry time plus the working time of its own standard and of the
//! earlier steps in that state (the upper bound of a range). Leaving the state completes its steps. Steps done
//! before intake and steps in `closed` are never clocked.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::calendar::WorkingCalendar;
use super::profile::SopProfile;
use crate::case::Event;
use crate::state::CaseState;

/// One clocked step during one stay of the case in the step's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepClock {
    /// The step's number in the SOP.
    pub step: u32,
    /// The state it belongs to.
    pub state: CaseState,
    /// When the case entered the state.
    pub started_at: DateTime<Utc>,
    /// When the step is due.
    pub due_at: DateTime<Utc>,
    /// When the case left the state, if it has.
    pub completed_at: Option<DateTime<Utc>>,
    /// Whether the step is past its standard: completed after `due_at`, or still open after it.
    pub overdue: bool,
}

/// Every clocked step of a case, past and current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseClock {
    /// Steps in the order the case went through them.
    pub steps: Vec<StepClock>,
}

impl CaseClock {
    /// Computes the clock of a case from its events (in order), as of `now`.
    pub fn compute(
        profile: &SopProfile,
        calendar: &WorkingCalendar,
        events: &[Event],
        now: DateTime<Utc>,
    ) -> Self {
        let mut steps = Vec::new();
        let stays = stays(events);
        for (i, &(state, entered)) in stays.iter().enumerate() {
            let left = stays.get(i + 1).map(|&(_, at)| at);
            clock_stay(profile, calendar, (state, entered, left), now, &mut steps);
        }
        CaseClock { steps }
    }

    /// The clock of the current stay alone: the steps of `state`, entered at `entered` (a case's `state` and
    /// `state_since`), as of `now`. What the queue needs, without reading the case's events.
    pub fn of_current_stay(
        profile: &SopProfile,
        calendar: &WorkingCalendar,
        state: CaseState,
        entered: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Self {
        let mut steps = Vec::new();
        clock_stay(profile, calendar, (state, entered, None), now, &mut steps);
        CaseClock { steps }
    }

    /// The clocked steps of the state the case is in now.
    pub fn current(&self) -> impl Iterator<Item = &StepClock> {
        self.steps.iter().filter(|s| s.completed_at.is_none())
    }

    /// When the current state's steps are all due: the last deadline of the current state.
    pub fn current_due(&self) -> Option<DateTime<Utc>> {
        self.current().map(|s| s.due_at).max()
    }

    /// Whether the current state has run past the standard of all its steps.
    pub fn is_overdue(&self) -> bool {
        self.current().last().is_some_and(|s| s.overdue)
    }

    /// Steps, past or current, that ran past their standard.
    pub fn overdue_steps(&self) -> impl Iterator<Item = &StepClock> {
        self.steps.iter().filter(|s| s.overdue)
    }
}

/// Clocks the steps of one stay — its state, when the case entered it and when it left, if it has — onto
/// `steps`. Steps that share a state run one after the other; `closed` and steps before intake are not clocked.
fn clock_stay(
    profile: &SopProfile,
    calendar: &WorkingCalendar,
    (state, entered, left): (CaseState, DateTime<Utc>, Option<DateTime<Utc>>),
    now: DateTime<Utc>,
    steps: &mut Vec<StepClock>,
) {
    if state == CaseState::Closed {
        return;
    }
    let mut budget = 0;
    for step in profile.steps_in(state).filter(|s| !s.before_intake) {
        let Some(standard) = step.time_standard else {
            continue;
        };
        budget += standard.working_minutes(calendar.day_minutes());
        let due_at = calendar.add_working_minutes(entered, budget);
        steps.push(StepClock {
            step: step.number,
            state,
            started_at: entered,
            due_at,
            completed_at: left,
            overdue: left.unwrap_or(now) > due_at,
        });
    }
}

/// Each state the case was in, with when it entered: the first event, then every move.
fn stays(events: &[Event]) -> Vec<(CaseState, DateTime<Utc>)> {
    events
        .iter()
        .filter(|e| e.moved())
        .map(|e| (e.to, e.at))
        .collect()
}

#[cfg(test)]
mod tests;

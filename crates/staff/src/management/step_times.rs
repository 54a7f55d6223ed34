//! Working time per SOP step against the step's time standard, over a set of cases, from their SOP clocks.
//!
//! Each pass through a step is measured as the SOP clock sets it: from the step's start (entering its state, or
//! the completion of the step before it in the same state; receipt for the first) to its completion, and held
//! against its own time standard in working time.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Case, Event};
use csirt_domain::sop::{CaseClock, SopProfile, StepClock, WorkingCalendar, is_clocked};
use serde::Serialize;

use super::percentile::nearest_rank;
use super::working_duration::format_working_minutes;

/// One SOP step with a time standard, over the cases given. Counts and times only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepTimeRow {
    /// The step's number in the SOP.
    pub step: u32,
    /// What the step is, in Bahasa Indonesia.
    pub title_id: String,
    /// What the step is, in English.
    pub title_en: String,
    /// The workflow state the step is done in.
    pub state: String,
    /// The step's own time standard as the SOP writes it, e.g. `10-30 menit`.
    pub standard: String,
    /// The deadline in working minutes from the step's start: its standard (the upper bound of a range).
    pub deadline_working_minutes: i64,
    /// The same deadline in working days, hours and minutes.
    pub deadline: String,
    /// Cases that went through the step (or are in it now).
    pub cases: u64,
    /// Times the step was run: more than `cases` when a case came back to the step's state.
    pub passes: u64,
    /// Passes finished: the step was completed.
    pub completed: u64,
    /// Passes still running at the report's time.
    pub still_open: u64,
    /// Median working time of the completed passes, in working minutes (nearest rank).
    pub median_working_minutes: Option<i64>,
    /// 90th percentile of the same, in working minutes (nearest rank).
    pub p90_working_minutes: Option<i64>,
    /// Longest of the same, in working minutes.
    pub max_working_minutes: Option<i64>,
    /// The median in working days, hours and minutes.
    pub median: Option<String>,
    /// The 90th percentile in working days, hours and minutes.
    pub p90: Option<String>,
    /// The longest in working days, hours and minutes.
    pub max: Option<String>,
    /// Passes past the deadline: finished after it, or still open after it at the report's time.
    pub overdue: u64,
}

/// The time taken per step of `profile` that has a time standard, over `cases` (each with its events in
/// order), as of `now`: one row per step, in the SOP's order, including steps no case went through yet.
/// Steps the reporter does before intake and steps in `closed` are never clocked and have no row.
pub fn step_times(
    profile: &SopProfile,
    calendar: &WorkingCalendar,
    cases: &[(Case, Vec<Event>)],
    now: DateTime<Utc>,
) -> Vec<StepTimeRow> {
    let clocks: Vec<CaseClock> = cases
        .iter()
        .map(|(_, events)| CaseClock::compute(profile, calendar, events, now))
        .collect();
    profile
        .steps
        .iter()
        .filter(|step| is_clocked(step))
        .filter_map(|step| {
            let standard = step.time_standard?;
            let deadline = standard.working_minutes(calendar.day_minutes());
            let passes_per_case: Vec<Vec<&StepClock>> = clocks
                .iter()
                .map(|clock| {
                    clock
                        .steps
                        .iter()
                        .filter(|s| s.step == step.number)
                        .collect()
                })
                .collect();
            let passes: Vec<&StepClock> = passes_per_case.iter().flatten().copied().collect();
            let taken: Vec<i64> = passes
                .iter()
                .filter_map(|p| {
                    let done = p.completed_at?;
                    Some(calendar.working_minutes_between(p.started_at, done))
                })
                .collect();
            let human = |minutes: Option<i64>| {
                minutes.map(|m| format_working_minutes(m, calendar.day_minutes()))
            };
            let (median, p90, max) = (
                nearest_rank(&taken, 50),
                nearest_rank(&taken, 90),
                taken.iter().max().copied(),
            );
            Some(StepTimeRow {
                step: step.number,
                title_id: step.title.id.clone(),
                title_en: step.title.en.clone(),
                state: step.state.key().to_owned(),
                standard: standard.to_string(),
                deadline_working_minutes: deadline,
                deadline: format_working_minutes(deadline, calendar.day_minutes()),
                cases: count(passes_per_case.iter().filter(|p| !p.is_empty())),
                passes: count(passes.iter()),
                completed: count(taken.iter()),
                still_open: count(passes.iter().filter(|p| p.completed_at.is_none())),
                median_working_minutes: median,
                p90_working_minutes: p90,
                max_working_minutes: max,
                median: human(median),
                p90: human(p90),
                max: human(max),
                overdue: count(passes.iter().filter(|p| p.overdue)),
            })
        })
        .collect()
}

fn count<T>(items: impl Iterator<Item = T>) -> u64 {
    u64::try_from(items.count()).unwrap_or(u64::MAX)
}

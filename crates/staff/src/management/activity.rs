//! The figures of the periodic activity report (*laporan kegiatan berkala*) for one period, from the management
//! report: cases per RSIT class (received, valid, invalid, closed, open at the period's end), each SOP step's
//! time standard met or missed, and the cases received in the period by register number. Counts, dates and
//! register numbers only: never a tracking code (the reporter's key) nor anything of the reporter's.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use csirt_domain::case::{Case, Event};
use csirt_domain::sop::{SopProfile, WorkingCalendar};
use serde::Serialize;

use super::cases_by_period::{PeriodClassRow, cases_by_period};
use super::period::{Period, PeriodWindow};
use super::step_times::{StepTimeRow, step_times};

/// The figures of one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityFigures {
    /// The period's name: `2026-11`, `2026-Q4` or `2026`.
    pub period: String,
    /// Its length.
    pub length: Period,
    /// Its first local day.
    pub first_day: NaiveDate,
    /// Its last local day.
    pub last_day: NaiveDate,
    /// One row per RSIT class, in the taxonomy's order (zeros included).
    pub classes: Vec<PeriodClassRow>,
    /// The sums of the class rows.
    pub totals: Totals,
    /// One row per clocked SOP step, over the cases received in the period, as of the period's end (or now, for
    /// the period still running).
    pub steps: Vec<StepFigure>,
    /// The cases received in the period, oldest first.
    pub cases: Vec<CaseLine>,
}

/// The sums over every class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Received in the period.
    pub received: u64,
    /// Found valid in the period.
    pub valid: u64,
    /// Found invalid in the period.
    pub invalid: u64,
    /// Closed in the period.
    pub closed: u64,
    /// Open at the period's end.
    pub open_at_end: u64,
}

/// One SOP step's time standard, met or missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepFigure {
    /// The management report's row for the step.
    pub row: StepTimeRow,
    /// Passes within the standard: finished in time, or still running and not yet past it.
    pub met: u64,
    /// Passes past the standard (the row's `overdue`).
    pub missed: u64,
}

/// One case received in the period: its register number (none for a case received before register numbers),
/// when, its incident class and type keys, where it stands at the report's time, and when it was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseLine {
    /// `2026/0042`.
    pub register: Option<String>,
    /// When it was received.
    pub received_at: DateTime<Utc>,
    /// The RSIT class key (the team's classification, else the reporter's).
    pub incident_class: String,
    /// The RSIT type key.
    pub incident_type: String,
    /// The state key.
    pub state: String,
    /// When it was closed, if it was.
    pub closed_at: Option<DateTime<Utc>>,
}

/// The figures of `window` (a whole period of length `length`) over `cases` with their events, for the team of
/// `profile` and `calendar`, as of `now`: the step figures count only what happened by the period's end.
pub fn activity_figures(
    cases: &[(Case, Vec<Event>)],
    length: Period,
    window: &PeriodWindow,
    profile: &SopProfile,
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
) -> ActivityFigures {
    let offset: FixedOffset = calendar.offset();
    let plain: Vec<Case> = cases.iter().map(|(case, _)| case.clone()).collect();
    let classes = cases_by_period(
        &plain,
        length,
        Some((window.first_day, window.last_day)),
        offset,
        now,
    );
    let totals = classes.iter().fold(Totals::default(), |t, row| Totals {
        received: t.received + row.received,
        valid: t.valid + row.valid,
        invalid: t.invalid + row.invalid,
        closed: t.closed + row.closed,
        open_at_end: t.open_at_end + row.open_at_end,
    });
    let as_of = now.min(window.ends_at(offset));
    let received: Vec<(Case, Vec<Event>)> = cases
        .iter()
        .filter(|(case, _)| window.contains(case.received_at, offset))
        .map(|(case, events)| {
            let by_end = events.iter().filter(|e| e.at <= as_of).cloned().collect();
            (case.clone(), by_end)
        })
        .collect();
    let steps = step_times(profile, calendar, &received, as_of)
        .into_iter()
        .map(|row| StepFigure {
            met: row.passes.saturating_sub(row.overdue),
            missed: row.overdue,
            row,
        })
        .collect();
    let mut lines: Vec<CaseLine> = received
        .iter()
        .map(|(case, _)| {
            let incident = case
                .classification
                .as_ref()
                .map_or(&case.report.incident, |c| &c.incident);
            CaseLine {
                register: case.register.map(|r| r.to_string()),
                received_at: case.received_at,
                incident_class: incident.class().to_owned(),
                incident_type: incident.kind().to_owned(),
                state: case.state.key().to_owned(),
                closed_at: case.closed_at,
            }
        })
        .collect();
    lines.sort_by_key(|line| line.received_at);
    ActivityFigures {
        period: window.name.clone(),
        length,
        first_day: window.first_day,
        last_day: window.last_day,
        classes,
        totals,
        steps,
        cases: lines,
    }
}

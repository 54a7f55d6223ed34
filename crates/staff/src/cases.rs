//! What staff read: the queue of open cases and a case's file (the case, its events and its SOP clock). Staff
//! see the reporter's contact data here; it never leaves the store otherwise.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Case, Deadline, DeadlineStatus, Event, current_stay_marks};
use csirt_domain::sop::CaseClock;
use csirt_domain::state::CaseState;
use csirt_domain::tracking::TrackingCode;
use csirt_store::all_in_state;
use serde::Serialize;

use crate::advisories::{LinkedAdvisory, advisories_naming};
use crate::audit::{ChainReport, verify_case};
use crate::desk::Desk;
use crate::error::StaffError;
use crate::queue::{self, QueueEntry};

/// The states the queue lists: `key` alone when given (refused when it is not a state), else every open state.
pub fn queue_states(key: Option<&str>) -> Result<Vec<CaseState>, StaffError> {
    match key {
        Some(key) => CaseState::from_key(key).map(|s| vec![s]).ok_or_else(|| {
            let keys: Vec<&str> = CaseState::ALL.iter().map(|s| s.key()).collect();
            StaffError::Invalid(format!(
                "--state {key:?}: not a state; the states are {}",
                keys.join(", ")
            ))
        }),
        None => Ok(CaseState::ALL
            .into_iter()
            .filter(|s| !s.is_terminal())
            .collect()),
    }
}

/// The queue of the cases in `states` as of `now`, in queue order. One read per state: the clocks come from
/// each case's state, when its stay began and the stay's marks, not from its events (but for a record from
/// before the marks were kept, whose events are read once, until its next move).
pub async fn queue(
    desk: &Desk,
    states: &[CaseState],
    now: DateTime<Utc>,
) -> Result<Vec<QueueEntry>, StaffError> {
    let procedure = desk.procedure();
    let mut cases = Vec::new();
    for case in cases_in(desk, states).await? {
        cases.push(with_known_stay(desk, case).await?);
    }
    let mut entries: Vec<QueueEntry> = cases
        .iter()
        .map(|case| QueueEntry::of(case, &procedure.profile, &procedure.calendar, now))
        .collect();
    queue::order(&mut entries);
    Ok(entries)
}

/// A case's file: the case, its events and its SOP clock.
#[derive(Debug, Clone, Serialize)]
pub struct CaseFile {
    /// The case.
    pub case: Case,
    /// Its events, oldest first.
    pub events: Vec<Event>,
    /// Its SOP clock as of when it was read.
    pub clock: CaseClock,
    /// Its legal deadlines (IIV report to BSSN, personal-data notice) as of when it was read, met or not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<DeadlineView>,
    /// Whether its events are as they were written.
    pub chain: ChainReport,
    /// The advisories that name the case by its register number (staff only).
    pub advisories: Vec<LinkedAdvisory>,
    /// Why the advisories could not be listed (the content directory has a broken page), when so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advisories_problem: Option<String>,
}

/// A legal deadline of a case with where it stands (wall-clock hours, not working time).
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    /// The deadline.
    #[serde(flatten)]
    pub deadline: Deadline,
    /// Where it stands.
    pub status: DeadlineStatus,
}

impl DeadlineView {
    /// Every deadline of `case` with its status as of `now`.
    pub fn of(case: &Case, now: DateTime<Utc>) -> Vec<Self> {
        case.deadlines()
            .into_iter()
            .map(|deadline| DeadlineView {
                status: deadline.status(now),
                deadline,
            })
            .collect()
    }
}

/// The file of case `code` as of `now`.
pub async fn case_file(
    desk: &Desk,
    code: &TrackingCode,
    now: DateTime<Utc>,
) -> Result<CaseFile, StaffError> {
    let chain = verify_case(desk, code).await?;
    let (case, events) = desk.case_with_events(code).await?;
    let procedure = desk.procedure();
    let clock = CaseClock::compute(&procedure.profile, &procedure.calendar, &events, now);
    let (advisories, advisories_problem) = match case.register {
        None => (Vec::new(), None),
        Some(register) => match advisories_naming(&desk.team, register) {
            Ok(advisories) => (advisories, None),
            Err(problem) => (Vec::new(), Some(problem.to_string())),
        },
    };
    let deadlines = DeadlineView::of(&case, now);
    Ok(CaseFile {
        case,
        events,
        clock,
        deadlines,
        chain,
        advisories,
        advisories_problem,
    })
}

/// Every case in the store, in every state (for the management reports).
pub async fn every_case(desk: &Desk) -> Result<Vec<Case>, StaffError> {
    cases_in(desk, &CaseState::ALL).await
}

/// `cases` with their events, oldest first.
pub async fn with_events(
    desk: &Desk,
    cases: Vec<Case>,
) -> Result<Vec<(Case, Vec<Event>)>, StaffError> {
    let mut all = Vec::with_capacity(cases.len());
    for case in cases {
        let events = desk.cases.events(&case.code).await?;
        all.push((case, events));
    }
    Ok(all)
}

/// Every case in `states`.
pub async fn cases_in(desk: &Desk, states: &[CaseState]) -> Result<Vec<Case>, StaffError> {
    let mut cases = Vec::new();
    for state in states {
        cases.extend(all_in_state(&*desk.cases, *state).await?);
    }
    Ok(cases)
}

/// The open cases with a legal deadline (IIV report to BSSN, personal-data notice) due soon or overdue and not
/// met as of `now`, with their events (for `csirt remind`).
pub async fn deadline_cases(
    desk: &Desk,
    now: DateTime<Utc>,
) -> Result<Vec<(Case, Vec<Event>)>, StaffError> {
    let open = queue_states(None)?;
    let mut due = Vec::new();
    for case in cases_in(desk, &open).await? {
        let pressing = case
            .deadlines()
            .iter()
            .any(|d| d.met_at.is_none() && d.status(now).needs_reminder());
        if pressing {
            let events = desk.cases.events(&case.code).await?;
            due.push((case, events));
        }
    }
    Ok(due)
}

/// The open cases whose current SOP step is past its time standard as of `now`, with their events.
pub async fn overdue_cases(
    desk: &Desk,
    now: DateTime<Utc>,
) -> Result<Vec<(Case, Vec<Event>)>, StaffError> {
    let procedure = desk.procedure();
    let open = queue_states(None)?;
    let mut overdue = Vec::new();
    for case in cases_in(desk, &open).await? {
        let case = with_known_stay(desk, case).await?;
        let clock = CaseClock::of_case(&procedure.profile, &procedure.calendar, &case, now);
        if clock.is_overdue() {
            let events = desk.cases.events(&case.code).await?;
            overdue.push((case, events));
        }
    }
    Ok(overdue)
}

/// `case` with the marks of its current stay: as stored, or, on a record from before they were kept, read from
/// its events (what the case would hold had it kept them).
pub async fn with_known_stay(desk: &Desk, mut case: Case) -> Result<Case, StaffError> {
    if case.stay_marks.is_none() {
        let events = desk.cases.events(&case.code).await?;
        case.stay_marks = Some(current_stay_marks(&events));
    }
    Ok(case)
}

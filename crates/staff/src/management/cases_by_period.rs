//! Cases per period and RSIT incident class: how many were received, found valid or invalid and closed in each
//! period, and how many were still open at its end.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use csirt_domain::case::{Case, Verdict};
use csirt_domain::taxonomy::{IncidentClassInfo, Taxonomy};
use serde::Serialize;

use super::period::{Period, PeriodWindow};

/// One period and incident class. Counts only: nothing identifies a case or its reporter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodClassRow {
    /// The period's name: `2026-11`, `2026-Q4` or `2026`.
    pub period: String,
    /// Its first day in the team's local time (later than the period's start when a range clips it).
    pub first_day: NaiveDate,
    /// Its last day in the team's local time (earlier than the period's end when a range clips it).
    pub last_day: NaiveDate,
    /// The RSIT class's machine key, e.g. `intrusions`.
    pub incident_class: String,
    /// The class's name in Bahasa Indonesia.
    pub incident_class_label_id: String,
    /// The class's name in English.
    pub incident_class_label_en: String,
    /// Cases received in the period.
    pub received: u64,
    /// Cases found valid in the period.
    pub valid: u64,
    /// Cases found invalid in the period.
    pub invalid: u64,
    /// Cases closed in the period.
    pub closed: u64,
    /// Cases received before the period's end and not closed by then.
    pub open_at_end: u64,
}

/// The class a case is counted under: the team's classification when it has one, else the reporter's.
pub fn reported_class(case: &Case) -> &str {
    case.classification
        .as_ref()
        .map_or(&case.report.incident, |c| &c.incident)
        .class()
}

/// Counts the cases per period and per RSIT class, with one row for every class of the taxonomy in every
/// period (zeros included), periods in order and classes in the taxonomy's order.
///
/// Periods follow the team's local time (`offset`). With `range` (local dates, both included) the periods cover
/// that range and are clipped to it; without it they are whole periods, from the one of the earliest case
/// received to the one of `now`. Each event
/// counts in the period it happened in: receipt, verification verdict, closing.
pub fn cases_by_period(
    cases: &[Case],
    period: Period,
    range: Option<(NaiveDate, NaiveDate)>,
    offset: FixedOffset,
    now: DateTime<Utc>,
) -> Vec<PeriodClassRow> {
    let local_day = |instant: DateTime<Utc>| instant.with_timezone(&offset).date_naive();
    let (from, to) = match range {
        Some(range) => range,
        None => match cases.iter().map(|c| c.received_at).min() {
            Some(first) => {
                let first_period = period.start_of(local_day(first));
                let last_period = period.start_of(local_day(now.max(first)));
                let after = period.next_start(last_period);
                (first_period, after.pred_opt().unwrap_or(after))
            }
            None => return Vec::new(),
        },
    };
    let by_class: Vec<(&IncidentClassInfo, Vec<&Case>)> = Taxonomy::rsit()
        .classes
        .iter()
        .map(|class| {
            let in_class = cases
                .iter()
                .filter(|c| reported_class(c) == class.key)
                .collect();
            (class, in_class)
        })
        .collect();
    let mut rows = Vec::new();
    for window in period.windows(from, to) {
        for (class, in_class) in &by_class {
            rows.push(PeriodClassRow {
                period: window.name.clone(),
                first_day: window.first_day,
                last_day: window.last_day,
                incident_class: class.key.clone(),
                incident_class_label_id: class.label.id.clone(),
                incident_class_label_en: class.label.en.clone(),
                received: count(in_class, |c| Some(c.received_at), &window, offset),
                valid: count(in_class, |c| verdict_at(c, Verdict::Valid), &window, offset),
                invalid: count(
                    in_class,
                    |c| verdict_at(c, Verdict::Invalid),
                    &window,
                    offset,
                ),
                closed: count(in_class, |c| c.closed_at, &window, offset),
                open_at_end: open_at(in_class, window.ends_at(offset)),
            });
        }
    }
    rows
}

/// How many cases had the moment `when` inside the window.
fn count(
    cases: &[&Case],
    when: impl Fn(&Case) -> Option<DateTime<Utc>>,
    window: &PeriodWindow,
    offset: FixedOffset,
) -> u64 {
    let n = cases
        .iter()
        .filter_map(|c| when(c))
        .filter(|&at| window.contains(at, offset))
        .count();
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// When the case was found to have `verdict`, if it was.
fn verdict_at(case: &Case, verdict: Verdict) -> Option<DateTime<Utc>> {
    case.verification
        .as_ref()
        .filter(|v| v.verdict == verdict)
        .map(|v| v.at)
}

/// How many cases were received before `end` and not closed by then.
fn open_at(cases: &[&Case], end: DateTime<Utc>) -> u64 {
    let n = cases
        .iter()
        .filter(|c| c.received_at < end && c.closed_at.is_none_or(|closed| closed >= end))
        .count();
    u64::try_from(n).unwrap_or(u64::MAX)
}

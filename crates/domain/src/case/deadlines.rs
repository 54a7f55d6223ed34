//! The legal deadlines a case's marks start, counted in wall-clock hours (not the team's working time): an
//! incident on vital information infrastructure (*Infrastruktur Informasi Vital*, IIV) is reported to BSSN
//! within 1×24 hours, stopped by an escalation to BSSN; a case involving personal data has the data subjects
//! and the controller notified within 3×24 hours (UU 27/2022 Pasal 46), stopped by recording that notice.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::Case;
use super::parts::PartnerKind;

/// Hours from the IIV mark to the report to BSSN.
pub const BSSN_REPORT_HOURS: i64 = 24;

/// Hours from the personal-data mark to the notice to the data subjects and the controller.
pub const DATA_SUBJECT_NOTICE_HOURS: i64 = 72;

/// How long before its due time a running deadline counts as due soon (for the queue and reminders).
pub const DUE_SOON: Duration = Duration::hours(6);

/// Which deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The 1×24-hour report of an IIV incident to BSSN.
    BssnReport,
    /// The UU 27/2022 Pasal 46 3×24-hour notice to the data subjects and the controller.
    DataSubjectNotice,
}

impl DeadlineKind {
    /// The machine key, e.g. `bssn_report`.
    pub fn key(self) -> &'static str {
        match self {
            DeadlineKind::BssnReport => "bssn_report",
            DeadlineKind::DataSubjectNotice => "data_subject_notice",
        }
    }

    /// How many wall-clock hours it allows.
    pub fn hours(self) -> i64 {
        match self {
            DeadlineKind::BssnReport => BSSN_REPORT_HOURS,
            DeadlineKind::DataSubjectNotice => DATA_SUBJECT_NOTICE_HOURS,
        }
    }

    /// A short label, Bahasa Indonesia then English.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineKind::BssnReport => "Laporan IIV ke BSSN 1×24 jam / IIV report to BSSN",
            DeadlineKind::DataSubjectNotice => {
                "Pemberitahuan data pribadi 3×24 jam / personal-data notice"
            }
        }
    }
}

/// Where a deadline stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// Done on time.
    Met,
    /// Done, but after the due time.
    MetLate,
    /// Running, more than [`DUE_SOON`] left.
    Running,
    /// Running, due within [`DUE_SOON`].
    DueSoon,
    /// Running and past its due time.
    Overdue,
}

impl DeadlineStatus {
    /// The machine key, e.g. `due_soon`.
    pub fn key(self) -> &'static str {
        match self {
            DeadlineStatus::Met => "met",
            DeadlineStatus::MetLate => "met_late",
            DeadlineStatus::Running => "running",
            DeadlineStatus::DueSoon => "due_soon",
            DeadlineStatus::Overdue => "overdue",
        }
    }

    /// Whether staff should be reminded (due soon or overdue).
    pub fn needs_reminder(self) -> bool {
        matches!(self, DeadlineStatus::DueSoon | DeadlineStatus::Overdue)
    }
}

/// One deadline of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Which.
    pub kind: DeadlineKind,
    /// When its clock started (the mark).
    pub started_at: DateTime<Utc>,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// When it was met (the escalation to BSSN, the notice recorded), if it was.
    pub met_at: Option<DateTime<Utc>>,
}

/// The one computation of a deadline's status: due `kind.hours()` wall-clock hours after `started_at`; met when
/// `met_at` is set (late when after the due time); else overdue strictly after the due time, due soon within
/// [`DUE_SOON`] of it, running before.
pub fn deadline_status(
    kind: DeadlineKind,
    started_at: DateTime<Utc>,
    met_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DeadlineStatus {
    let due_at = started_at + Duration::hours(kind.hours());
    match met_at {
        Some(met) if met <= due_at => DeadlineStatus::Met,
        Some(_) => DeadlineStatus::MetLate,
        None if now > due_at => DeadlineStatus::Overdue,
        None if now > due_at - DUE_SOON => DeadlineStatus::DueSoon,
        None => DeadlineStatus::Running,
    }
}

impl Deadline {
    /// Where it stands at `now` (see [`deadline_status`]).
    pub fn status(&self, now: DateTime<Utc>) -> DeadlineStatus {
        deadline_status(self.kind, self.started_at, self.met_at, now)
    }
}

impl Case {
    /// The deadlines the case's marks started: the BSSN report while marked IIV (met by the first escalation
    /// to BSSN, even one sent before the mark), the data-subject notice while marked as involving personal
    /// data (met by the recorded notice).
    pub fn deadlines(&self) -> Vec<Deadline> {
        let mut deadlines = Vec::new();
        if let Some(started_at) = self.vital_infrastructure_since {
            let met_at = self
                .escalations
                .iter()
                .filter(|e| e.partner == PartnerKind::Bssn)
                .map(|e| e.sent_at)
                .min();
            deadlines.push(Deadline::new(DeadlineKind::BssnReport, started_at, met_at));
        }
        if let Some(started_at) = self.personal_data_since {
            deadlines.push(Deadline::new(
                DeadlineKind::DataSubjectNotice,
                started_at,
                self.data_subject_notice_at,
            ));
        }
        deadlines
    }
}

impl Deadline {
    fn new(kind: DeadlineKind, started_at: DateTime<Utc>, met_at: Option<DateTime<Utc>>) -> Self {
        Deadline {
            kind,
            started_at,
            due_at: started_at + Duration::hours(kind.hours()),
            met_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 6, 16, 30, 0).unwrap()
    }

    fn after(hours: i64, minutes: i64) -> DateTime<Utc> {
        start() + Duration::hours(hours) + Duration::minutes(minutes)
    }

    #[test]
    fn the_bssn_report_is_due_24_wall_clock_hours_after_the_mark() {
        let kind = DeadlineKind::BssnReport;
        assert_eq!(
            deadline_status(kind, start(), None, after(23, 59)),
            DeadlineStatus::DueSoon
        );
        assert_eq!(
            deadline_status(kind, start(), None, after(24, 1)),
            DeadlineStatus::Overdue
        );
        assert_eq!(
            deadline_status(kind, start(), None, after(17, 59)),
            DeadlineStatus::Running
        );
        assert_eq!(
            deadline_status(kind, start(), Some(after(23, 59)), after(30, 0)),
            DeadlineStatus::Met
        );
        assert_eq!(
            deadline_status(kind, start(), Some(after(24, 1)), after(30, 0)),
            DeadlineStatus::MetLate
        );
    }

    #[test]
    fn the_personal_data_notice_is_due_72_wall_clock_hours_after_the_mark() {
        // Friday 16:30 UTC: the weekend counts, because the law's hours are not working hours.
        let kind = DeadlineKind::DataSubjectNotice;
        assert_eq!(
            deadline_status(kind, start(), None, after(71, 59)),
            DeadlineStatus::DueSoon
        );
        assert_eq!(
            deadline_status(kind, start(), None, after(72, 1)),
            DeadlineStatus::Overdue
        );
        assert_eq!(
            deadline_status(kind, start(), None, after(24, 1)),
            DeadlineStatus::Running
        );
        assert_eq!(
            deadline_status(kind, start(), Some(after(71, 59)), after(80, 0)),
            DeadlineStatus::Met
        );
        assert_eq!(
            deadline_status(kind, start(), Some(after(72, 1)), after(80, 0)),
            DeadlineStatus::MetLate
        );
    }
}

//! `[retention]` of the team file: how long the team keeps a reporter's data once their case is closed (UU
//! 27/2022 Pasal 43–44: personal data is kept no longer than its purpose needs), and how long backups of the
//! store are kept, so that data a purge removed does not live on in them beyond that.
//!
//! The schedule decides, for a closed case and an instant, what is due ([`RetentionSchedule::due`]); the staff
//! library's `csirt purge` does it, and the site states the same periods on the report page
//! ([`RetentionSchedule::period_text`]). Nothing is due before the reporter's reply window after closing
//! (`[messages] reply_grace_days`) has passed, since a reply may bring more of their data.

use chrono::{DateTime, Months, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::lang::Lang;

/// The longest period, in months, a schedule may give (ten years).
pub const RETENTION_MONTHS_MAX: u32 = 120;

/// The longest period, in days, backups may be kept (a year).
pub const BACKUP_DAYS_MAX: u32 = 366;

/// What becomes of a report closed as invalid or not an incident when its period ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidReports {
    /// The case is erased with everything stored with it (it leaves no trace in the statistics).
    #[default]
    Erase,
    /// The reporter's data, free text and files are removed; the case's skeleton stays for the statistics.
    Redact,
}

/// `[retention]`: the team's retention schedule. Months count from the day the case was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionSchedule {
    /// Months after closing a valid report after which the reporter's contact data (name, e-mail address,
    /// telephone number, organisation) and free text are redacted; the case's skeleton stays (default 12).
    pub contact_months: u32,
    /// Months after closing a valid report after which the reporter's files (evidence, replies' files, the
    /// certificate kept for them) are deleted (default 12).
    pub evidence_months: u32,
    /// Months after closing a report found invalid, or closed without being found valid, after which it is
    /// erased or redacted as `invalid_reports` says (default 3).
    pub invalid_months: u32,
    /// `erase` (default) or `redact`.
    pub invalid_reports: InvalidReports,
    /// Days a backup of the store is kept before `csirt backup --rotate` removes it (default 30).
    pub backup_days: u32,
}

impl Default for RetentionSchedule {
    fn default() -> Self {
        RetentionSchedule {
            contact_months: 12,
            evidence_months: 12,
            invalid_months: 3,
            invalid_reports: InvalidReports::Erase,
            backup_days: 30,
        }
    }
}

/// What the schedule says is due on a case now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum RetentionStep {
    /// Erase the case and everything stored with it.
    Erase,
    /// Redact the reporter's personal data and free text; delete their files too unless `keep_files` (their
    /// own period has not ended).
    Redact {
        /// Whether the reporter's files stay for now.
        keep_files: bool,
    },
    /// Delete the reporter's files; the rest stays.
    DeleteFiles,
}

impl RetentionStep {
    /// The step's short name: `erase`, `redact`, `redact_keep_files`, `delete_files`.
    pub fn key(self) -> &'static str {
        match self {
            RetentionStep::Erase => "erase",
            RetentionStep::Redact { keep_files: false } => "redact",
            RetentionStep::Redact { keep_files: true } => "redact_keep_files",
            RetentionStep::DeleteFiles => "delete_files",
        }
    }
}

/// Which period of the schedule, for texts that state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionPeriod {
    /// `contact_months`.
    Contact,
    /// `evidence_months`.
    Evidence,
    /// `invalid_months`.
    Invalid,
    /// `backup_days`.
    Backups,
}

impl RetentionSchedule {
    /// Every problem of the schedule, each naming its key (`retention.contact_months must be 1 to 120 …`).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (key, months) in [
            ("contact_months", self.contact_months),
            ("evidence_months", self.evidence_months),
            ("invalid_months", self.invalid_months),
        ] {
            if months == 0 || months > RETENTION_MONTHS_MAX {
                problems.push(format!(
                    "retention.{key} must be 1 to {RETENTION_MONTHS_MAX} (months after closing; it is {months})"
                ));
            }
        }
        if self.backup_days == 0 || self.backup_days > BACKUP_DAYS_MAX {
            problems.push(format!(
                "retention.backup_days must be 1 to {BACKUP_DAYS_MAX} (it is {})",
                self.backup_days
            ));
        }
        problems
    }

    /// How long backups are kept.
    pub fn backup_period(&self) -> TimeDelta {
        TimeDelta::days(i64::from(self.backup_days))
    }

    /// When a period of `months` that began at `closed_at` ends: not before the reporter's reply window
    /// (`reply_grace`) has ended too.
    fn ends(closed_at: DateTime<Utc>, months: u32, reply_grace: TimeDelta) -> DateTime<Utc> {
        let period = closed_at
            .checked_add_months(Months::new(months))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        period.max(closed_at + reply_grace)
    }

    /// What is due on `case` at `at`, given the reporter's reply window after closing (`reply_grace`): `None`
    /// for an open case, or one whose periods have not ended, or on which what they call for was done.
    ///
    /// A valid report's contact data and its files each go when their own period ends (the contact data's
    /// redaction takes the files with it when theirs has ended too). A report closed without being found valid
    /// goes whole when `invalid_months` ends: erased, or redacted with its files as `invalid_reports` says.
    pub fn due(
        &self,
        case: &Case,
        reply_grace: TimeDelta,
        at: DateTime<Utc>,
    ) -> Option<RetentionStep> {
        let closed_at = case.closed_at?;
        let ended = |months| at >= Self::ends(closed_at, months, reply_grace);
        let redacted = case.redacted_at.is_some();
        let files_deleted = case.files_deleted_at.is_some();
        if !case.is_valid() {
            if !ended(self.invalid_months) {
                return None;
            }
            return match self.invalid_reports {
                InvalidReports::Erase => Some(RetentionStep::Erase),
                InvalidReports::Redact if !redacted => {
                    Some(RetentionStep::Redact { keep_files: false })
                }
                InvalidReports::Redact => (!files_deleted).then_some(RetentionStep::DeleteFiles),
            };
        }
        let evidence_ended = ended(self.evidence_months);
        if ended(self.contact_months) && !redacted {
            return Some(RetentionStep::Redact {
                keep_files: !evidence_ended || files_deleted,
            });
        }
        (evidence_ended && !files_deleted).then_some(RetentionStep::DeleteFiles)
    }

    /// A period in words in `lang`, as the report page states it: `12 bulan`, `1 month`, `30 days`.
    pub fn period_text(&self, period: RetentionPeriod, lang: Lang) -> String {
        let (count, unit) = match period {
            RetentionPeriod::Contact => (self.contact_months, Unit::Months),
            RetentionPeriod::Evidence => (self.evidence_months, Unit::Months),
            RetentionPeriod::Invalid => (self.invalid_months, Unit::Months),
            RetentionPeriod::Backups => (self.backup_days, Unit::Days),
        };
        let word = match (lang, unit, count) {
            (Lang::Id, Unit::Months, _) => "bulan",
            (Lang::Id, Unit::Days, _) => "hari",
            (Lang::En, Unit::Months, 1) => "month",
            (Lang::En, Unit::Months, _) => "months",
            (Lang::En, Unit::Days, 1) => "day",
            (Lang::En, Unit::Days, _) => "days",
        };
        format!("{count} {word}")
    }
}

enum Unit {
    Months,
    Days,
}

#[cfg(test)]
mod tests;

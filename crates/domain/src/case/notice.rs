//! The messages a case sends — the team told of a new report, the reporter's acknowledgement and closing
//! message, reminders of overdue steps — and whether each was delivered. A failed delivery is recorded and
//! retried; it never fails or undoes the case.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::deadlines::DeadlineKind;

/// How the team is told: each way is delivered, and retried, on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The team's e-mail address.
    Email,
    /// The chat webhook (Slack, Telegram, …).
    Webhook,
}

/// A message about a case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum Notice {
    /// The team learns of a new report.
    TeamNewReport {
        /// How.
        via: Via,
    },
    /// The reporter gets the tracking code and the status link.
    ReporterAcknowledged,
    /// The reporter learns that the case is closed.
    ReporterClosed,
    /// The reporter learns that the team wrote on the thread (a link to the status page; the message itself
    /// only when the case is set to reply by e-mail only).
    ReporterMessage {
        /// The message's number on the case.
        message: u32,
    },
    /// The team learns that the reporter replied (the code only, never the text).
    TeamReporterReplied {
        /// The message's number on the case.
        message: u32,
        /// How.
        via: Via,
    },
    /// The team is reminded that a step ran past its time standard.
    Reminder {
        /// The step's number in the SOP.
        step: u32,
        /// When the step started (its state entered, or the step before it completed): one reminder per run
        /// of the step.
        since: DateTime<Utc>,
        /// How.
        via: Via,
    },
    /// The team is reminded that a legal deadline (IIV report to BSSN, personal-data notice) is due soon or
    /// overdue: once when due soon, once when overdue, per mark.
    DeadlineReminder {
        /// Which deadline.
        deadline: DeadlineKind,
        /// When its clock started (the mark): one reminder of each stage per mark.
        since: DateTime<Utc>,
        /// Overdue (else due soon).
        overdue: bool,
        /// How.
        via: Via,
    },
}

/// How one attempt to deliver a notice went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum NoticeOutcome {
    /// Accepted by the mail server or webhook.
    Delivered,
    /// Not delivered; it will be retried.
    Failed {
        /// What went wrong: its kind and the server's host, never a credential or an address.
        reason: String,
    },
    /// Not sent, and not retried: the reporter's address had as many e-mails from the team that day as one
    /// address may get (a guard against reports filed only to flood an address). The report and its thread are
    /// on the status page all the same.
    Withheld,
}

/// Where a notice stands on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRecord {
    /// The notice.
    #[serde(flatten)]
    pub notice: Notice,
    /// Attempts so far.
    pub attempts: u32,
    /// When it was delivered, once it was.
    pub delivered_at: Option<DateTime<Utc>>,
    /// The last failure, while it is not delivered.
    pub last_error: Option<String>,
    /// When it was withheld ([`NoticeOutcome::Withheld`]); not written while unset, so the seals of older
    /// records are unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld_at: Option<DateTime<Utc>>,
}

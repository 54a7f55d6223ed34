//! The thread between the team and the reporter: messages either way, each with its files. The tracking code is
//! the reporter's only key, so whoever holds it reads the thread; a case the team switches to "reply by e-mail
//! only" keeps its messages off the status page and takes no replies there.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::Case;
use super::parts::{DocumentRecord, EvidenceRef};
use super::{Actor, Change, Event, WorkflowError, next_id};
use crate::state::CaseState;
use crate::text::MessageText;

/// The most messages one case holds (both ways): past it, replies are refused and the team and the reporter
/// talk by e-mail or telephone. It bounds the size of a case record.
pub const MAX_MESSAGES: usize = 200;

/// The most files one message carries.
pub const MAX_MESSAGE_FILES: usize = 5;

/// How long after closing a case still takes the reporter's replies, unless the team file says otherwise.
pub const DEFAULT_REPLY_GRACE: TimeDelta = TimeDelta::days(14);

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The team (which member of staff is in the case's event).
    Team,
    /// The reporter, holding the tracking code.
    Reporter,
}

/// What a reporter's reply sent with an `Idempotency-Key` is remembered by: digests only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyKey {
    /// SHA-256 (hex) of the client's key.
    pub key_hash: String,
    /// SHA-256 (hex) of what was sent: the text and every file's hash.
    pub fingerprint: String,
}

/// One message on the thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadMessage {
    /// Its number on the case, from 1, in the order the messages were stored.
    pub id: u32,
    /// Who wrote it.
    pub from: Party,
    /// When it was stored.
    pub at: DateTime<Utc>,
    /// The text.
    pub text: MessageText,
    /// Files sent with it (the reporter's are evidence too), type checked by content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<EvidenceRef>,
    /// The reply's idempotency record, when the reporter's client sent a key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<ReplyKey>,
}

/// Who wrote each message of a case whose log is `events`, in the order the messages were stored: the log holds
/// one event per message, in the same order.
pub fn message_writers(events: &[Event]) -> Vec<&Actor> {
    events
        .iter()
        .filter(|event| {
            matches!(
                event.change,
                Change::MessageReporter { .. } | Change::ReporterReply { .. }
            )
        })
        .map(|event| &event.actor)
        .collect()
}

/// Why a reporter's reply is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReplyRefused {
    /// The case was closed longer ago than the grace period.
    #[error("the case was closed more than {days} days ago and takes no more replies")]
    Closed {
        /// The grace period in days.
        days: i64,
    },
    /// The team talks with the reporter on this case by e-mail only.
    #[error("the team talks with the reporter on this case by e-mail only")]
    EmailOnly,
    /// The thread holds [`MAX_MESSAGES`] already.
    #[error("the thread holds {MAX_MESSAGES} messages, the most a case keeps")]
    Full,
}

/// How long a closed case keeps taking the reporter's replies (the team file's `[messages] reply_grace_days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyWindow {
    /// The grace period after closing.
    pub grace: TimeDelta,
}

impl Default for ReplyWindow {
    fn default() -> Self {
        ReplyWindow {
            grace: DEFAULT_REPLY_GRACE,
        }
    }
}

impl ReplyWindow {
    /// Whether `case` takes a reply from the reporter at `at`.
    pub fn admits(&self, case: &Case, at: DateTime<Utc>) -> Result<(), ReplyRefused> {
        if case.reply_by_email_only {
            return Err(ReplyRefused::EmailOnly);
        }
        if case.messages.len() >= MAX_MESSAGES {
            return Err(ReplyRefused::Full);
        }
        if case.state == CaseState::Closed
            && case
                .closed_at
                .is_some_and(|closed| at > closed + self.grace)
        {
            return Err(ReplyRefused::Closed {
                days: self.grace.num_days(),
            });
        }
        Ok(())
    }
}

impl Case {
    /// The message the reporter's client sent before with this key digest, if any.
    pub fn reply_with_key(&self, key_hash: &str) -> Option<&ThreadMessage> {
        self.messages
            .iter()
            .find(|m| m.key.as_ref().is_some_and(|k| k.key_hash == key_hash))
    }

    /// The message with this number.
    pub fn message(&self, id: u32) -> Option<&ThreadMessage> {
        self.messages.iter().find(|m| m.id == id)
    }

    /// Whether `sha256` is a file the team sent the reporter on the thread (the only files the status page
    /// offers for download).
    pub fn team_sent_file(&self, sha256: &str) -> Option<&EvidenceRef> {
        self.messages
            .iter()
            .filter(|m| m.from == Party::Team)
            .flat_map(|m| &m.files)
            .find(|f| f.sha256 == sha256)
    }

    /// The documents the reporter receives (the certificate of appreciation) whose printed file is kept, oldest
    /// first, each with that file.
    pub fn reporter_documents(&self) -> impl Iterator<Item = (&DocumentRecord, &EvidenceRef)> {
        self.documents
            .iter()
            .filter(|d| d.kind.is_for_reporter())
            .filter_map(|d| Some((d, d.file.as_ref()?)))
    }

    /// Whether `sha256` is any file of the case: evidence, a thread file, or a document's stored file.
    pub fn holds_file(&self, sha256: &str) -> Option<&EvidenceRef> {
        self.evidence
            .iter()
            .chain(self.messages.iter().flat_map(|m| &m.files))
            .chain(self.documents.iter().filter_map(|d| d.file.as_ref()))
            .find(|f| f.sha256 == sha256)
    }
}

impl Case {
    /// Refuses a message when the thread is full or it carries too many files.
    pub(super) fn check_message_room(
        &self,
        change: &Change,
        files: &[EvidenceRef],
    ) -> Result<(), WorkflowError> {
        if self.messages.len() >= MAX_MESSAGES {
            return Err(self.refuse(change, ReplyRefused::Full.to_string()));
        }
        if files.len() > MAX_MESSAGE_FILES {
            return Err(self.refuse(
                change,
                format!("a message carries at most {MAX_MESSAGE_FILES} files"),
            ));
        }
        Ok(())
    }

    /// Adds a message to the thread.
    pub(super) fn push_message(
        &mut self,
        from: Party,
        text: &MessageText,
        files: &[EvidenceRef],
        key: Option<ReplyKey>,
        at: DateTime<Utc>,
    ) {
        self.messages.push(ThreadMessage {
            id: next_id(self.messages.len()),
            from,
            at,
            text: text.clone(),
            files: files.to_vec(),
            key,
        });
    }
}

//! The reporter's replies on the thread: files first, then the message, in that order, so that a message never
//! names a file that is not stored. The tracking code is the only key; the case decides whether it takes a reply
//! ([`ReplyWindow::admits`]). Replies that race each other are each written on top of the other (the loser of a
//! conflict reads the case again), so none is lost and the thread keeps the order they were stored in.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Actor, Case, Change, ReplyKey, ReplyRefused, ReplyWindow, WorkflowError};
use csirt_domain::digest::sha256_hex;
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::text::MessageText;
use csirt_domain::tracking::TrackingCode;

use crate::evidence::EvidenceStore;
use crate::{CaseStore, StoreError};

/// How many times a reply is written again after losing a race with another change of the case.
const CONFLICT_RETRIES: usize = 32;

/// A reply as the reporter sent it, parsed.
#[derive(Debug)]
pub struct Reply<'a> {
    /// The text.
    pub text: MessageText,
    /// Files, type checked by content.
    pub files: &'a [EvidenceFile],
    /// SHA-256 (hex) of the client's `Idempotency-Key`, when it sent one.
    pub key_hash: Option<String>,
    /// When it arrived.
    pub at: DateTime<Utc>,
}

impl Reply<'_> {
    /// What the reply says and carries: the text and each file's hash (not its name).
    pub fn fingerprint(&self) -> String {
        let mut canonical = format!("text={}\n", self.text.as_str().replace('\n', "\\n"));
        for file in self.files {
            canonical.push_str("file=");
            canonical.push_str(file.sha256());
            canonical.push('\n');
        }
        sha256_hex(canonical.as_bytes())
    }
}

/// What [`post_reply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replied {
    /// The reply was stored as the case's message with this number; the case as written.
    New {
        /// The case with the reply.
        case: Box<Case>,
        /// The message's number.
        message: u32,
    },
    /// The same reply (same key, same content) was stored before as this message; nothing was written now.
    Repeated {
        /// The message's number.
        message: u32,
    },
}

impl Replied {
    /// The message's number on the case.
    pub fn message(&self) -> u32 {
        match self {
            Replied::New { message, .. } | Replied::Repeated { message } => *message,
        }
    }
}

/// Why a reply was not stored. Nothing was written to the case in any of these.
#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    /// No case has the code.
    #[error("no case has this tracking code")]
    NotFound,
    /// The case takes no reply now.
    #[error(transparent)]
    Refused(#[from] ReplyRefused),
    /// The key was used for another reply on this case.
    #[error("this idempotency key was used for another reply on this case")]
    KeyReused,
    /// The workflow refused it for another reason.
    #[error(transparent)]
    Workflow(WorkflowError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Stores the reply's files, then the reply on case `code`, if the case takes it under `window`. Returns only
/// once both are durable.
pub async fn post_reply(
    cases: &dyn CaseStore,
    evidence: &dyn EvidenceStore,
    code: &TrackingCode,
    window: &ReplyWindow,
    reply: Reply<'_>,
) -> Result<Replied, ReplyError> {
    let key = reply.key_hash.clone().map(|key_hash| ReplyKey {
        key_hash,
        fingerprint: reply.fingerprint(),
    });
    let mut stored_files = false;
    for _ in 0..=CONFLICT_RETRIES {
        let case = cases.get(code).await?.ok_or(ReplyError::NotFound)?;
        if let Some(key) = &key
            && let Some(earlier) = case.reply_with_key(&key.key_hash)
        {
            return match earlier.key.as_ref() {
                Some(k) if k.fingerprint == key.fingerprint => Ok(Replied::Repeated {
                    message: earlier.id,
                }),
                _ => Err(ReplyError::KeyReused),
            };
        }
        // A reply that lost a race is stored after the winner, and never shown as written before it.
        let at = case
            .messages
            .last()
            .map_or(reply.at, |m| m.at.max(reply.at));
        window.admits(&case, at)?;
        if !stored_files {
            for file in reply.files {
                evidence.put(code.key(), file).await?;
            }
            stored_files = true;
        }
        let change = Change::ReporterReply {
            text: reply.text.clone(),
            files: reply.files.iter().map(EvidenceFile::reference).collect(),
            key: key.clone(),
        };
        let (next, event) = case
            .apply(change, Actor::Reporter, at)
            .map_err(ReplyError::Workflow)?;
        match cases.commit(&next, &event).await {
            Ok(()) => {
                let message = next.messages.last().map_or(0, |m| m.id);
                return Ok(Replied::New {
                    case: Box::new(next),
                    message,
                });
            }
            Err(StoreError::Conflict { .. }) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(StoreError::Conflict {
        code: code.to_string(),
        expected: 0,
    }
    .into())
}

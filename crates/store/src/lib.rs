//! The case store: one trait, two backends (SQLite, the embedded default; DynamoDB), one conformance suite
//! (`tests/store/conformance/`) that runs against both; the evidence store (a directory, S3); filing a new report;
//! backups of the embedded store; and the store settings every program reads from the environment.
//!
//! The store knows nothing of the workflow: [`csirt_domain::case::Case::apply`] computes the new case and its event, and
//! the store writes both in one atomic step, only if the case is still at the version the change was computed
//! from. Of two conflicting changes exactly one wins; the other gets [`StoreError::Conflict`].
//!
//! Each backend is a cargo feature: `sqlite` (on by default) for the embedded store and its backups, `aws` for
//! DynamoDB, S3 and the caller's IAM identity. A build without one refuses its settings with a message saying
//! which feature to build with ([`settings::StoreSettings::open`]).

#[cfg(feature = "aws")]
pub mod aws_client;
#[cfg(feature = "sqlite")]
pub mod backup;
#[cfg(feature = "sqlite")]
pub mod backup_rotation;
pub mod chain;
pub mod creation;
#[cfg(feature = "aws")]
mod dynamodb;
pub mod evidence;
pub mod filing;
pub mod identity;
mod queue_key;
pub mod settings;
#[cfg(feature = "sqlite")]
mod sqlite;
pub mod thread;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[cfg(feature = "aws")]
pub use dynamodb::DynamoStore;
pub use queue_key::{Cursor, queue_sort_key};
#[cfg(feature = "sqlite")]
pub use sqlite::{DATABASE_FILE, KEY_FILE, SqliteStore};

use chain::{AuditKey, ChainBreak, ChainRow, SealedRecord};
use csirt_domain::account::{Account, AuditEntry, AuditEvent, Login, SignInMethod};
use csirt_domain::case::{
    Actor, Case, Change, DocumentCheck, Event, VerificationCode, WorkflowError,
};
use csirt_domain::state::CaseState;
use csirt_domain::tracking::TrackingCode;

/// The command that creates the DynamoDB table and the S3 evidence bucket as the store expects them; named by
/// the errors about a missing table or bucket.
pub const CREATE_COMMAND: &str = "csirt store create";

/// What creating a table or a bucket found: created now, or there already (and left as it was).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Creation {
    /// Created now.
    Created,
    /// It existed already; nothing was changed.
    Existed,
}

/// Why a store operation failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// A case with this code's key exists already; nothing was written. Draw a new code and retry.
    #[error("a case with tracking code {0} exists already; nothing was written")]
    DuplicateCode(String),
    /// No case has this code.
    #[error("no case has tracking code {0}")]
    NotFound(String),
    /// The case changed since it was read; nothing was written.
    #[error(
        "case {code} was changed by someone else since it was read (it is no longer at version {expected}); \
         nothing was written: reload the case and try again"
    )]
    Conflict {
        /// The case.
        code: String,
        /// The version the change was computed from.
        expected: u32,
    },
    /// The backend could not be reached or failed; the operation may not have happened.
    #[error("the case store is unavailable: {0}")]
    Unavailable(String),
    /// The idempotency key was used before for a different submission; nothing was written.
    #[error("this idempotency key was used for a different submission; nothing was written")]
    IdempotencyMismatch,
    /// An account with this login exists already; nothing was written.
    #[error("an account with login {0} exists already; nothing was written")]
    AccountExists(String),
    /// The account changed since it was read, or is gone; nothing was written.
    #[error(
        "account {0} was changed by someone else since it was read; nothing was written: try again"
    )]
    AccountConflict(String),
    /// A document is filed under this verification code already; nothing was written. Draw a new code.
    #[error("a document is filed under verification code {0} already; nothing was written")]
    DuplicateCheck(String),
    /// Stored data could not be read back.
    #[error("stored data of case {code} is unreadable: {message}")]
    Corrupt {
        /// The case.
        code: String,
        /// What failed.
        message: String,
    },
}

/// A client's promise that repeated submissions with the same key are one submission (`Idempotency-Key`).
/// Only hashes are stored: the raw key is the client's secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    /// SHA-256 (hex) of the client's key.
    pub key_hash: String,
    /// SHA-256 (hex) of what was submitted: the same key with other content is refused.
    pub fingerprint: String,
    /// After this the record is forgotten and the key may be used afresh.
    pub expires_at: DateTime<Utc>,
}

impl Idempotency {
    /// A record for the raw `key` and the submission's `fingerprint`, kept until `expires_at`.
    pub fn new(key: &str, fingerprint: String, expires_at: DateTime<Utc>) -> Self {
        Idempotency {
            key_hash: csirt_domain::digest::sha256_hex(key.as_bytes()),
            fingerprint,
            expires_at,
        }
    }
}

/// What [`CaseStore::claim`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The amount was added; the counter's total now, this claim included.
    Granted(u64),
    /// The amount did not fit and nothing was added; the counter's total as it stands.
    Refused(u64),
}

impl Claim {
    /// Whether the claim was granted.
    pub fn is_granted(self) -> bool {
        matches!(self, Claim::Granted(_))
    }
}

/// What [`CaseStore::submit`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// The case was stored.
    New,
    /// The same submission was stored before under this code; nothing was written now.
    Repeated(TrackingCode),
}

/// A page of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Cases in queue order: priority (critical first, unprioritised last), then oldest received first.
    pub cases: Vec<Case>,
    /// Where the next page starts, when there may be one.
    pub next: Option<Cursor>,
}

/// Which part of the queue to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueQuery {
    /// Cases in this state.
    pub state: CaseState,
    /// At most this many (1 to 1000).
    pub limit: u32,
    /// Continue after this cursor (from [`Page::next`]).
    pub after: Option<Cursor>,
}

impl QueueQuery {
    /// The first page of cases in `state`.
    pub fn first(state: CaseState, limit: u32) -> Self {
        QueueQuery {
            state,
            limit: limit.clamp(1, 1000),
            after: None,
        }
    }
}

/// Which chain of events: a case's, or the account audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainOf {
    /// The events of the case with this code.
    Case(TrackingCode),
    /// The account audit log.
    Accounts,
}

impl ChainOf {
    /// The chain's scope in its links.
    pub fn scope(&self) -> String {
        match self {
            ChainOf::Case(code) => chain::case_scope(code.key()),
            ChainOf::Accounts => chain::ACCOUNTS_SCOPE.to_owned(),
        }
    }
}

/// A signed-in session of the staff console. Only the digest of its token is stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Session {
    /// SHA-256 (hex) of the token the browser holds.
    pub digest: String,
    /// Whose session it is.
    pub login: Login,
    /// How they signed in.
    pub method: SignInMethod,
    /// When they signed in.
    pub created_at: DateTime<Utc>,
    /// When the session was last used.
    pub last_seen: DateTime<Utc>,
    /// After this the session is over however it is used (the absolute time-out).
    pub expires_at: DateTime<Utc>,
    /// An HMAC of the above (but `last_seen`) under the audit key, made by whoever opened the session: a session
    /// item written straight into the store is not one.
    #[serde(default)]
    pub seal: String,
}

impl Session {
    /// What the seal covers: everything that says whose session it is and for how long.
    pub fn sealed_text(&self) -> String {
        format!(
            "{}\n{}\n{:?}\n{}\n{}",
            self.digest,
            self.login,
            self.method,
            self.created_at.timestamp_micros(),
            self.expires_at.timestamp_micros()
        )
    }
}

/// Where cases and their events are kept.
#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Stores a new case with its first event, and the idempotency record when given, in one atomic step.
    /// If a case with the same code key exists, nothing is written and the answer is
    /// [`StoreError::DuplicateCode`]: a collision never overwrites a case. If an unexpired record with the same
    /// key exists, nothing is written and the answer is [`Submitted::Repeated`] with the code stored then, or
    /// [`StoreError::IdempotencyMismatch`] when the fingerprints differ.
    async fn submit(
        &self,
        case: &Case,
        event: &Event,
        idempotency: Option<&Idempotency>,
        now: DateTime<Utc>,
    ) -> Result<Submitted, StoreError>;

    /// Stores a new case with its first event (see [`CaseStore::submit`]).
    async fn create(&self, case: &Case, event: &Event) -> Result<(), StoreError> {
        // Without an idempotency record a submission is never a repetition.
        self.submit(case, event, None, event.at).await.map(|_| ())
    }

    /// Counts one hit on the rate-limit counter `bucket` and returns the count, this hit included. A counter
    /// lives until `expires_at` (its window's end); a later hit on an expired counter starts it afresh.
    async fn count_hit(
        &self,
        bucket: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError>;

    /// The count of the rate-limit counter `bucket` as of `now`, counting nothing: 0 when it is missing or
    /// expired.
    async fn hits(&self, bucket: &str, now: DateTime<Utc>) -> Result<u32, StoreError>;

    /// Adds `amount` to the counter `bucket` only if its total stays within `limit`, in one atomic step: of any
    /// number of concurrent claims, no more are granted than fit. A counter lives until `expires_at` (its
    /// window's end); a claim on an expired one starts it afresh. A refused claim changes nothing. The daily
    /// caps on reports and evidence bytes and the e-mails to one recipient are counted so.
    async fn claim(
        &self,
        bucket: &str,
        amount: u64,
        limit: u64,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Claim, StoreError>;

    /// Gives back `amount` of what was claimed on the counter `bucket` (what it stood for did not happen: the
    /// report was not stored, the e-mail not sent). Never takes a live counter below zero; an expired or missing
    /// counter is left as it is.
    async fn release(
        &self,
        bucket: &str,
        amount: u64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The next value of the sequence `name` (1 for a new one): a counter that never expires and never shares
    /// its key space with the rate limits. Document numbers are drawn from it; two callers never get the same
    /// value.
    async fn next_in_sequence(&self, name: &str) -> Result<u32, StoreError>;

    /// The case with this code, read after every acknowledged write.
    async fn get(&self, code: &TrackingCode) -> Result<Option<Case>, StoreError>;

    /// The case's events, in order from 1.
    async fn events(&self, code: &TrackingCode) -> Result<Vec<Event>, StoreError>;

    /// Writes `case` (at version `event.seq`) and `event` in one atomic step, only if the stored case is at
    /// version `event.seq - 1`; otherwise nothing is written and the answer is [`StoreError::Conflict`]
    /// ([`StoreError::NotFound`] when there is no such case).
    async fn commit(&self, case: &Case, event: &Event) -> Result<(), StoreError>;

    /// One page of the queue of cases in a state.
    async fn queue(&self, query: &QueueQuery) -> Result<Page, StoreError>;

    /// The key the store links events with (kept apart from them; created on first use).
    async fn audit_key(&self) -> Result<AuditKey, StoreError>;

    /// A chain's events as stored, in stored order, and how many there should be when the store keeps that
    /// apart from the events (a case's version, the audit log's counter).
    async fn chain_rows(&self, of: &ChainOf) -> Result<(Vec<ChainRow>, Option<u64>), StoreError>;

    /// The code keys of every case that has events, read from the events themselves (not from the state index, which
    /// a changed case record could leave a case out of).
    async fn chained_cases(&self) -> Result<Vec<String>, StoreError>;

    /// The case record with its seal ([`chain::seal_record`]), as stored.
    async fn sealed_record(&self, code: &TrackingCode) -> Result<SealedRecord, StoreError>;

    /// Checks a chain: the number of events when every one is as written, else the first break. A case's record
    /// is checked against its seal too, read before the events so that a commit between the reads is no break.
    async fn verify_chain(&self, of: &ChainOf) -> Result<Result<u64, ChainBreak>, StoreError> {
        let (events, verdict) = self.check_chain(of).await?;
        Ok(verdict.map(|()| events))
    }

    /// Checks a chain as [`CaseStore::verify_chain`] does, reading it once: the number of events stored (whether
    /// or not they are as written) and the verdict.
    async fn check_chain(&self, of: &ChainOf) -> Result<(u64, Result<(), ChainBreak>), StoreError> {
        let checked = self.check_chain_redactions(of).await?;
        Ok((checked.events, checked.verdict))
    }

    /// Checks a chain as [`CaseStore::check_chain`] does, saying too which of its events were redacted at the
    /// reporter's request ([`chain::redacted`]).
    async fn check_chain_redactions(&self, of: &ChainOf) -> Result<CheckedChain, StoreError> {
        let key = self.audit_key().await?;
        let record = match of {
            ChainOf::Case(code) => Some(self.sealed_record(code).await?),
            ChainOf::Accounts => None,
        };
        let (rows, expected) = self.chain_rows(of).await?;
        let expected = record.as_ref().map(|r| r.version).or(expected);
        let verdict =
            chain::verify(&key, &of.scope(), &rows, expected).and_then(|()| match (of, &record) {
                (ChainOf::Case(code), Some(record)) => {
                    chain::verify_record(&key, code.key(), &rows, record)
                }
                _ => Ok(()),
            });
        Ok(CheckedChain {
            events: rows.len() as u64,
            redacted: chain::redacted(&rows),
            verdict,
        })
    }

    /// The account with this login.
    async fn account(&self, login: &Login) -> Result<Option<Account>, StoreError>;

    /// Every account, by login.
    async fn accounts(&self) -> Result<Vec<Account>, StoreError>;

    /// Appends `entry` to the account audit log and, when given, writes `account` with it in one atomic step:
    /// a new account (version 1) only if none has its login ([`StoreError::AccountExists`]), a changed one only
    /// if the stored account is at the version before ([`StoreError::AccountConflict`]). Returns the entry as
    /// numbered.
    async fn record_account(
        &self,
        account: Option<&Account>,
        entry: AuditEntry,
    ) -> Result<AuditEvent, StoreError>;

    /// The account audit log, oldest first.
    async fn audit_log(&self) -> Result<Vec<AuditEvent>, StoreError>;

    /// Files the public verification entry of an issued document under its code, apart from its case; refused
    /// ([`StoreError::DuplicateCheck`]) when that code is filed already.
    async fn put_document_check(&self, check: &DocumentCheck) -> Result<(), StoreError>;

    /// The verification entry filed under `code`, if any.
    async fn document_check(
        &self,
        code: &VerificationCode,
    ) -> Result<Option<DocumentCheck>, StoreError>;

    /// Stores a new console session.
    async fn put_session(&self, session: &Session) -> Result<(), StoreError>;

    /// The session with this token digest, if it was stored and not ended (expiry is the caller's to judge).
    async fn session(&self, digest: &str) -> Result<Option<Session>, StoreError>;

    /// Notes that the session was used at `at`.
    async fn touch_session(&self, digest: &str, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// Ends the session (signed out or timed out); ending one already gone does nothing.
    async fn end_session(&self, digest: &str) -> Result<(), StoreError>;

    /// Writes a redaction, at the reporter's request or under the retention schedule
    /// ([`csirt_domain::case::Case::redact_reporter_on`]): `case` (at
    /// version `event.seq`) with `event`, only if the stored case is at version `event.seq - 1` (else
    /// [`StoreError::Conflict`], [`StoreError::NotFound`]), and each of `redacted` — earlier events of the case in
    /// their redacted form — in place of the event stored with its number, keeping its link beside a redaction
    /// seal ([`chain::AuditKey::redaction_seal`]). SQLite writes it all in one atomic step; DynamoDB writes the case,
    /// its event and the first 98 redacted events in one transaction and the rest (a thread of more than 98
    /// replies) in further ones, each only over the event as it was linked. SQLite then empties the write-ahead
    /// log, as [`CaseStore::erase`] does, so that no page as it was before the redaction stays in a file.
    async fn redact(
        &self,
        case: &Case,
        event: &Event,
        redacted: &[Event],
    ) -> Result<(), StoreError>;

    /// Erases the case with this code and everything stored under it — the case record, its events, the
    /// idempotency records that name it (the queue index goes with the record) — and, on SQLite, empties the
    /// write-ahead log so that no copy of the erased rows stays in a file (with `secure_delete` on, freed
    /// pages are zeroed). Erasing a case that is gone, or half gone, removes what is left. Evidence files are the
    /// evidence store's ([`evidence::EvidenceStore::delete_case`]).
    async fn erase(&self, code: &TrackingCode) -> Result<Erased, StoreError>;

    /// Where the case with this code is kept in this store, for a breach notice: the store (its file or table)
    /// and the rows of the case's record and of its events, counted as stored (none of either for a case that is
    /// gone).
    async fn whereabouts(&self, code: &TrackingCode) -> Result<Whereabouts, StoreError>;
}

/// Where a case is kept in a case store ([`CaseStore::whereabouts`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Whereabouts {
    /// The store: `SQLite database <file>` or `DynamoDB table <name>`.
    pub store: String,
    /// The case's rows in it: its record, then its events.
    pub rows: Vec<StoredRows>,
}

/// Rows of one kind of a case in a case store.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredRows {
    /// The table: `cases` or `events` in the SQLite file; the DynamoDB table's name.
    pub table: String,
    /// Which rows: the key that selects them, e.g. `case_key = 'TGL7KQ3M9XD2FHR'` or
    /// `pk = 'CASE#TGL7KQ3M9XD2FHR', sk begins with 'EVENT#'`.
    pub selected_by: String,
    /// How many there are.
    pub count: u64,
}

/// What checking a chain found ([`CaseStore::check_chain_redactions`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedChain {
    /// The events stored, whether or not they are as written.
    pub events: u64,
    /// The positions of the events redacted at the reporter's request.
    pub redacted: Vec<u64>,
    /// Whether every event is as written (or redacted under a valid seal), else the first break.
    pub verdict: Result<(), ChainBreak>,
}

/// What [`CaseStore::erase`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    /// Whether the case record was there.
    pub case: bool,
    /// Its events removed.
    pub events: u64,
    /// Idempotency records of the submission that filed it.
    pub idempotency_records: u64,
}

/// Why [`apply_change`] failed.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The workflow refused the change.
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    /// The store refused or failed the write.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads the case, applies the change and commits it with its event.
pub async fn apply_change(
    store: &dyn CaseStore,
    code: &TrackingCode,
    change: Change,
    actor: Actor,
    at: DateTime<Utc>,
) -> Result<(Case, Event), ApplyError> {
    let case = store
        .get(code)
        .await?
        .ok_or_else(|| StoreError::NotFound(code.to_string()))?;
    let (next, event) = case.apply(change, actor, at)?;
    store.commit(&next, &event).await?;
    Ok((next, event))
}

/// Every case in `state`, page by page (for the site's export of closed cases).
pub async fn all_in_state(
    store: &dyn CaseStore,
    state: CaseState,
) -> Result<Vec<Case>, StoreError> {
    let mut query = QueueQuery::first(state, 500);
    let mut cases = Vec::new();
    loop {
        let page = store.queue(&query).await?;
        cases.extend(page.cases);
        match page.next {
            Some(cursor) => query.after = Some(cursor),
            None => return Ok(cases),
        }
    }
}

//! Accounts, the account audit log, console sessions and the audit key, on DynamoDB.
//!
//! Layout: the accounts share one partition (`pk = STAFF`, `sk = ACCOUNT#<login>`); the audit log another
//! (`pk = AUDIT`, `sk = EVENT#<seq>`), with a head item (`sk = HEAD`) holding the last number and link, so that
//! entries cut from the end are noticed and two writers never take the same number; each session is an item of
//! its own (`pk = SESSION#<token digest>`) that DynamoDB's TTL removes after its absolute time-out; the audit key
//! is one item (`pk = KEY`, `sk = AUDIT`), apart from every event.

use std::collections::HashMap;

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};

use super::DynamoStore;
use super::error::{CONDITION_FAILED, TRANSACTION_CONFLICT, cancellation_reasons, cancelled};
use super::item::{
    CASE_PK_PREFIX, DOC, EVENT_SK_PREFIX, EXPIRES_AT, Item, LINK, PK, REDACTION, SK, VERSION,
    case_pk, epoch_seconds, n, number_of, s, string_of,
};
use crate::chain::{ACCOUNTS_SCOPE, AuditKey, ChainRow};
use crate::{Session, StoreError};
use csirt_domain::account::{Account, AuditEntry, AuditEvent, Login};
use csirt_domain::tracking::TrackingCode;

const STAFF_PK: &str = "STAFF";
const ACCOUNT_SK_PREFIX: &str = "ACCOUNT#";
const AUDIT_PK: &str = "AUDIT";
const HEAD_SK: &str = "HEAD";
/// The head item's last number.
const SEQ: &str = "seq";
const SESSION_PK_PREFIX: &str = "SESSION#";
const SESSION_SK: &str = "SESSION";
const KEY_PK: &str = "KEY";
const KEY_SK: &str = "AUDIT";
/// The audit key item's secret (hex).
const SECRET: &str = "secret";
/// Rounds of "read the head, write after it" before a contested log is reported as unavailable; between
/// rounds a writer that lost waits a random while, longer each time.
const ATTEMPTS: u32 = 16;

fn key_of(pk: impl Into<String>, sk: impl Into<String>) -> Item {
    HashMap::from([(PK.to_owned(), s(pk)), (SK.to_owned(), s(sk))])
}

fn account_key(login: &Login) -> Item {
    key_of(STAFF_PK, format!("{ACCOUNT_SK_PREFIX}{login}"))
}

fn audit_sk(seq: u64) -> String {
    format!("{EVENT_SK_PREFIX}{seq:020}")
}

fn session_key(digest: &str) -> Item {
    key_of(format!("{SESSION_PK_PREFIX}{digest}"), SESSION_SK)
}

fn corrupt(what: &str, message: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        code: what.to_owned(),
        message: message.into(),
    }
}

fn doc_of<T: serde::de::DeserializeOwned>(item: &Item, what: &str) -> Result<T, StoreError> {
    let doc = string_of(item, DOC).ok_or_else(|| corrupt(what, "attribute doc is missing"))?;
    serde_json::from_str(doc).map_err(|e| {
        corrupt(
            what,
            format!("unreadable at line {} column {}", e.line(), e.column()),
        )
    })
}

fn encode(what: &str, value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| corrupt(what, e.to_string()))
}

fn row_of(item: &Item, seq: u64) -> ChainRow {
    ChainRow {
        seq,
        doc: string_of(item, DOC).unwrap_or_default().to_owned(),
        link: string_of(item, LINK).map(str::to_owned),
        redaction: string_of(item, REDACTION).map(str::to_owned),
    }
}

/// The number in a sort key `EVENT#<n>`.
fn seq_in(item: &Item) -> u64 {
    string_of(item, SK)
        .and_then(|sk| sk.strip_prefix(EVENT_SK_PREFIX))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A random pause of up to 10 ms times the attempt's number, so that writers who collided spread out.
fn backoff(attempt: u32) -> std::time::Duration {
    let mut byte = [0u8; 1];
    let jitter = getrandom::fill(&mut byte).map_or(128, |()| u64::from(byte[0]));
    std::time::Duration::from_micros(jitter * 40 * u64::from(attempt + 1))
}

impl DynamoStore {
    /// The audit key: read from its item, or created there on first use (by whichever process comes first).
    pub(super) async fn chain_key(&self) -> Result<AuditKey, StoreError> {
        self.key
            .get_or_try_init(|| async {
                if let Some(key) = self.read_key().await? {
                    return Ok(key);
                }
                let key = AuditKey::generate()?;
                let mut item = key_of(KEY_PK, KEY_SK);
                item.insert(SECRET.to_owned(), s(key.to_hex()));
                if self.put_if_absent(item, "PutItem (audit key)").await? {
                    Ok(key)
                } else {
                    // Another process wrote its key first: use that one.
                    self.read_key().await?.ok_or_else(|| {
                        StoreError::Unavailable("the audit key item vanished".into())
                    })
                }
            })
            .await
            .cloned()
    }

    async fn read_key(&self) -> Result<Option<AuditKey>, StoreError> {
        let item = self
            .get_item(key_of(KEY_PK, KEY_SK), "GetItem (audit key)")
            .await?;
        item.map(|item| {
            string_of(&item, SECRET)
                .and_then(AuditKey::from_hex)
                .ok_or_else(|| corrupt("the audit key", "its secret is not 64 hex digits"))
        })
        .transpose()
    }

    pub(super) async fn get_item(
        &self,
        key: Item,
        operation: &str,
    ) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| self.unavailable(operation, &e))?;
        Ok(out.item().cloned())
    }

    /// Every item of partition `pk` whose sort key begins with `prefix`, in order, read consistently.
    pub(super) async fn partition(
        &self,
        pk: AttributeValue,
        prefix: &str,
        operation: &str,
    ) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#sk", SK)
                .expression_attribute_values(":pk", pk.clone())
                .expression_attribute_values(":prefix", s(prefix))
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| self.unavailable(operation, &e))?;
            items.extend(out.items().iter().cloned());
            match out.last_evaluated_key() {
                Some(key) => start = Some(key.clone()),
                None => return Ok(items),
            }
        }
    }

    /// The code key of every case that has a first event: a scan of the table (an audit's occasional read).
    pub(super) async fn cases_with_events(&self) -> Result<Vec<String>, StoreError> {
        let mut keys = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("#sk = :first AND begins_with(#pk, :case)")
                .projection_expression("#pk")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#sk", SK)
                .expression_attribute_values(":first", s(super::item::event_sk(1)))
                .expression_attribute_values(":case", s(CASE_PK_PREFIX))
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| self.unavailable("Scan (cases with events)", &e))?;
            keys.extend(out.items().iter().filter_map(|item| {
                string_of(item, PK)
                    .and_then(|pk| pk.strip_prefix(CASE_PK_PREFIX))
                    .map(str::to_owned)
            }));
            match out.last_evaluated_key() {
                Some(key) => start = Some(key.clone()),
                None => break,
            }
        }
        keys.sort();
        Ok(keys)
    }

    /// A case's events as stored.
    pub(super) async fn case_chain(
        &self,
        code: &TrackingCode,
    ) -> Result<Vec<ChainRow>, StoreError> {
        let items = self
            .partition(case_pk(code.key()), EVENT_SK_PREFIX, "Query (chain)")
            .await?;
        Ok(items
            .iter()
            .map(|item| row_of(item, seq_in(item)))
            .collect())
    }

    /// The audit log as stored, and the number its head item says it holds.
    pub(super) async fn audit_chain(&self) -> Result<(Vec<ChainRow>, Option<u64>), StoreError> {
        // The count first: the log only ever grows, so rows read after it are never fewer.
        let (count, _) = self.audit_head().await?;
        let items = self
            .partition(s(AUDIT_PK), EVENT_SK_PREFIX, "Query (audit log)")
            .await?;
        let rows = items
            .iter()
            .map(|item| row_of(item, seq_in(item)))
            .collect();
        Ok((rows, Some(count)))
    }

    /// The audit log's last number and link (0 and "" before the first entry).
    async fn audit_head(&self) -> Result<(u64, String), StoreError> {
        let head = self
            .get_item(key_of(AUDIT_PK, HEAD_SK), "GetItem (audit head)")
            .await?;
        Ok(match head {
            None => (0, String::new()),
            Some(item) => (
                number_of(&item, SEQ).unwrap_or(0),
                string_of(&item, LINK).unwrap_or_default().to_owned(),
            ),
        })
    }

    pub(super) async fn read_account(&self, login: &Login) -> Result<Option<Account>, StoreError> {
        let item = self
            .get_item(account_key(login), "GetItem (account)")
            .await?;
        item.map(|item| doc_of(&item, &format!("account {login}")))
            .transpose()
    }

    pub(super) async fn every_account(&self) -> Result<Vec<Account>, StoreError> {
        let items = self
            .partition(s(STAFF_PK), ACCOUNT_SK_PREFIX, "Query (accounts)")
            .await?;
        items
            .iter()
            .map(|item| doc_of(item, "an account"))
            .collect()
    }

    pub(super) async fn read_audit_log(&self) -> Result<Vec<AuditEvent>, StoreError> {
        let items = self
            .partition(s(AUDIT_PK), EVENT_SK_PREFIX, "Query (audit log)")
            .await?;
        items
            .iter()
            .map(|item| doc_of(item, "the audit log"))
            .collect()
    }

    /// The account (when given), the next audit entry and the head moved onto it, in one transaction; the
    /// head's condition makes two writers take turns.
    pub(super) async fn write_account(
        &self,
        account: Option<&Account>,
        entry: AuditEntry,
    ) -> Result<AuditEvent, StoreError> {
        const OPERATION: &str = "TransactWriteItems (account)";
        let key = self.chain_key().await?;
        for attempt in 0..ATTEMPTS {
            let (last, previous) = self.audit_head().await?;
            let seq = last + 1;
            let event = entry.clone().numbered(seq);
            let doc = encode("the audit log", &event)?;
            let link = key.link(ACCOUNTS_SCOPE, seq, &previous, &doc);
            let mut items = Vec::new();
            if let Some(account) = account {
                let mut item = account_key(&account.login);
                item.insert(VERSION.to_owned(), n(account.version));
                item.insert(
                    DOC.to_owned(),
                    s(encode(&format!("account {}", account.login), account)?),
                );
                let before = (account.version > 1).then(|| u64::from(account.version - 1));
                items.push(self.put_new_or_at(OPERATION, item, VERSION, before)?);
            }
            let mut event_item = key_of(AUDIT_PK, audit_sk(seq));
            event_item.insert(DOC.to_owned(), s(doc));
            event_item.insert(LINK.to_owned(), s(link.clone()));
            items.push(self.put(
                OPERATION,
                event_item,
                "attribute_not_exists(#pk)",
                &[("#pk", PK)],
                Vec::new(),
            )?);
            let mut head = key_of(AUDIT_PK, HEAD_SK);
            head.insert(SEQ.to_owned(), n(seq));
            head.insert(LINK.to_owned(), s(link));
            items.push(self.put_new_or_at(OPERATION, head, SEQ, (last > 0).then_some(last))?);
            let sent = self
                .client
                .transact_write_items()
                .set_transact_items(Some(items))
                .send()
                .await;
            let Err(err) = sent else { return Ok(event) };
            let reasons =
                cancellation_reasons(&err).ok_or_else(|| self.unavailable(OPERATION, &err))?;
            if let Some(account) = account
                && reasons.first().is_some_and(|r| r == CONDITION_FAILED)
            {
                return Err(if account.version == 1 {
                    StoreError::AccountExists(account.login.to_string())
                } else {
                    StoreError::AccountConflict(account.login.to_string())
                });
            }
            let contested = reasons
                .iter()
                .any(|r| r == CONDITION_FAILED || r == TRANSACTION_CONFLICT);
            if !contested {
                return Err(cancelled(OPERATION, &reasons));
            }
            tokio::time::sleep(backoff(attempt)).await;
        }
        Err(StoreError::Unavailable(format!(
            "{OPERATION}: the audit log stayed contested after {ATTEMPTS} attempts; try again"
        )))
    }

    pub(super) async fn write_session(&self, session: &Session) -> Result<(), StoreError> {
        self.put_session_item(session, false).await
    }

    /// Writes the session's item; `existing` writes only over an item still there (an ended session stays
    /// ended).
    async fn put_session_item(&self, session: &Session, existing: bool) -> Result<(), StoreError> {
        let mut item = session_key(&session.digest);
        item.insert(DOC.to_owned(), s(encode("a session", session)?));
        item.insert(EXPIRES_AT.to_owned(), epoch_seconds(session.expires_at));
        let mut put = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item));
        if existing {
            put = put
                .condition_expression("attribute_exists(#pk)")
                .expression_attribute_names("#pk", PK);
        }
        match put.send().await {
            Ok(_) => Ok(()),
            Err(SdkError::ServiceError(e))
                if existing
                    && matches!(e.err(), PutItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(())
            }
            Err(e) => Err(self.unavailable("PutItem (session)", &e)),
        }
    }

    pub(super) async fn read_session(&self, digest: &str) -> Result<Option<Session>, StoreError> {
        let item = self
            .get_item(session_key(digest), "GetItem (session)")
            .await?;
        item.map(|item| doc_of(&item, "a session")).transpose()
    }

    pub(super) async fn touch(&self, digest: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        match self.read_session(digest).await? {
            Some(mut session) => {
                session.last_seen = at;
                self.put_session_item(&session, true).await
            }
            None => Ok(()),
        }
    }

    pub(super) async fn remove_session(&self, digest: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(session_key(digest)))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| self.unavailable("DeleteItem (session)", &e))
    }
}

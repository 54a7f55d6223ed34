//! The DynamoDB backend: one table, one partition per case holding the case item (`sk = CASE`) and its events
//! (`sk = EVENT#<seq>`), and a global secondary index `queue` that lists each state's cases in queue order.
//!
//! Every write of a case goes with its event in one transaction, guarded by conditions: a new case only if
//! its key is free, a change only if the case is still at the version the change was computed from.
//!
//! A submission with an idempotency key writes the key's record in the same transaction, on condition that no
//! live record has the key ([`submit`]). Rate-limit counters are single items counted by atomic updates
//! ([`rate_limit`]).
//!
//! Reads of a case and its events are strongly consistent. The queue is read from the index, which DynamoDB
//! updates asynchronously: a change can take a moment to show there.

mod accounts;
mod checks;
mod error;
mod item;
mod privacy;
mod put_if_absent;
mod rate_limit;
mod sequence;
mod submit;
mod table;
#[cfg(test)]
mod template;

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use chrono::{DateTime, Utc};
use tokio::sync::OnceCell;

use self::error::{
    CONDITION_FAILED, TRANSACTION_CONFLICT, build_failed, cancellation_reasons, cancelled,
};
use self::item::{
    DOC, EVENT_SK_PREFIX, Item, LINK, PK, QUEUE_INDEX, QUEUE_SORT, QUEUE_STATE, SEAL, SK, VERSION,
    case_item, case_key, case_pk, code_of, decode, event_item, event_key, s, string_of, version_of,
};
use super::{
    CaseStore, ChainOf, Cursor, Idempotency, Page, QueueQuery, Session, StoreError, Submitted,
};
use crate::chain::{AuditKey, ChainRow, SealedRecord, seal_record};
use csirt_domain::account::{Account, AuditEntry, AuditEvent, Login};
use csirt_domain::case::{Case, DocumentCheck, Event, VerificationCode};
use csirt_domain::tracking::TrackingCode;

/// The case store in a DynamoDB table (see [`DynamoStore::create_table`] for its layout).
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
    /// The audit key, read (or created) on first use.
    key: Arc<OnceCell<AuditKey>>,
}

/// On what condition a case item is written.
pub(super) enum CaseCondition {
    /// Only where no case has its key.
    New,
    /// Only where the stored case is at this version.
    AtVersion(u32),
}

/// Whether the item at `index` of a cancelled transaction failed for the reason `code`.
fn reason_is(reasons: &[String], index: usize, code: &str) -> bool {
    reasons.get(index).is_some_and(|r| r == code)
}

impl DynamoStore {
    /// A store in `table`, reached through `client`.
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        DynamoStore {
            client,
            table: table.into(),
            key: Arc::new(OnceCell::new()),
        }
    }

    /// A store in `table`, with the SDK configured from the environment (region, credentials, endpoint such
    /// as `AWS_ENDPOINT_URL_DYNAMODB`, …).
    pub async fn from_env(table: impl Into<String>) -> Self {
        let config = crate::aws_client::shared_config().await;
        DynamoStore::new(Client::new(&config), table)
    }

    /// A conditional put of `item`, for a transaction.
    fn put(
        &self,
        operation: &str,
        item: Item,
        condition: &str,
        names: &[(&str, &str)],
        values: Vec<(&str, AttributeValue)>,
    ) -> Result<TransactWriteItem, StoreError> {
        let mut put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression(condition);
        for (alias, name) in names {
            put = put.expression_attribute_names(*alias, *name);
        }
        for (placeholder, value) in values {
            put = put.expression_attribute_values(placeholder, value);
        }
        let put = put.build().map_err(build_failed(operation))?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// A put of `item` only where no item has its key (`expected` none), or only where its number attribute
    /// `counter` is `expected`: how cases, accounts and the audit log's head are written without lost updates.
    fn put_new_or_at(
        &self,
        operation: &str,
        item: Item,
        counter: &str,
        expected: Option<u64>,
    ) -> Result<TransactWriteItem, StoreError> {
        match expected {
            None => self.put(
                operation,
                item,
                "attribute_not_exists(#pk)",
                &[("#pk", PK)],
                Vec::new(),
            ),
            Some(expected) => self.put(
                operation,
                item,
                "#counter = :expected",
                &[("#counter", counter)],
                vec![(":expected", AttributeValue::N(expected.to_string()))],
            ),
        }
    }

    /// Stores a new case with its first event (no idempotency record).
    async fn create_case(&self, case: &Case, event: &Event) -> Result<(), StoreError> {
        const OPERATION: &str = "TransactWriteItems (create)";
        match self
            .write_with_event(OPERATION, CaseCondition::New, case, event, Vec::new())
            .await?
        {
            None => Ok(()),
            Some(reasons) => Err(self.create_refused(OPERATION, case, &reasons).await?),
        }
    }

    /// Why the transaction creating `case` was cancelled, when the reasons of its case and event items
    /// (the first two) and, where they leave it open, the stored case tell.
    async fn create_refused(
        &self,
        operation: &str,
        case: &Case,
        reasons: &[String],
    ) -> Result<StoreError, StoreError> {
        let duplicate = || StoreError::DuplicateCode(case.code.to_string());
        // Either key taken (an event without its case included) or a concurrent write of the same key: the
        // code is not free, and nothing was written.
        if reasons
            .iter()
            .take(2)
            .any(|r| r == CONDITION_FAILED || r == TRANSACTION_CONFLICT)
        {
            return Ok(duplicate());
        }
        if reasons.is_empty()
            && self
                .stored_version(&case.code, "GetItem (after a refused create)")
                .await?
                .is_some()
        {
            return Ok(duplicate());
        }
        Ok(cancelled(operation, reasons))
    }

    /// Writes the case item (sealed, under `condition`), the new event item (linked to the one before, only
    /// where no item has its key) and the items of `extra`, in this order, in one transaction. `None` when
    /// written; the per-item reasons when DynamoDB cancelled it.
    async fn write_with_event(
        &self,
        operation: &str,
        condition: CaseCondition,
        case: &Case,
        event: &Event,
        extra: Vec<TransactWriteItem>,
    ) -> Result<Option<Vec<String>>, StoreError> {
        let key = self.chain_key().await?;
        let previous = match event.seq {
            1 => String::new(),
            seq => self.event_link(&case.code, seq - 1).await?,
        };
        let (event_item, link) = event_item(&case.code, event, &key, &previous)?;
        let mut item = case_item(case)?;
        let doc = string_of(&item, DOC).unwrap_or_default().to_owned();
        let seal = seal_record(&key, case.code.key(), u64::from(case.version), &link, &doc);
        item.insert(SEAL.to_owned(), s(seal));
        let expected = match condition {
            CaseCondition::New => None,
            CaseCondition::AtVersion(expected) => Some(u64::from(expected)),
        };
        let case_put = self.put_new_or_at(operation, item, VERSION, expected)?;
        let event_put = self.put(
            operation,
            event_item,
            "attribute_not_exists(#pk)",
            &[("#pk", PK)],
            Vec::new(),
        )?;
        let mut request = self
            .client
            .transact_write_items()
            .transact_items(case_put)
            .transact_items(event_put);
        for extra in extra {
            request = request.transact_items(extra);
        }
        let result = request.send().await;
        let Err(err) = result else { return Ok(None) };
        cancellation_reasons(&err)
            .map(Some)
            .ok_or_else(|| self.unavailable(operation, &err))
    }

    /// The link of event `seq` of the case, read consistently ("" when it has none: the chain check names it).
    async fn event_link(&self, code: &TrackingCode, seq: u32) -> Result<String, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(event_key(code, seq)))
            .consistent_read(true)
            .projection_expression("#link")
            .expression_attribute_names("#link", LINK)
            .send()
            .await
            .map_err(|e| self.unavailable("GetItem (event link)", &e))?;
        Ok(out
            .item()
            .and_then(|item| string_of(item, LINK))
            .unwrap_or_default()
            .to_owned())
    }

    /// The stored version of the case, read consistently; `None` if there is no such case.
    async fn stored_version(
        &self,
        code: &TrackingCode,
        operation: &str,
    ) -> Result<Option<u32>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(case_key(code)))
            .consistent_read(true)
            .projection_expression("#pk, #version")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_names("#version", VERSION)
            .send()
            .await
            .map_err(|e| self.unavailable(operation, &e))?;
        match out.item() {
            None => Ok(None),
            Some(item) => version_of(item)
                .map(Some)
                .ok_or_else(|| StoreError::Corrupt {
                    code: code.to_string(),
                    message: format!("the case item's {VERSION} is not a number"),
                }),
        }
    }

    /// Why a commit's transaction was cancelled, told from its reasons and, where they leave it open, from the
    /// stored case.
    async fn commit_refused(
        &self,
        code: &TrackingCode,
        expected: u32,
        reasons: &[String],
    ) -> Result<StoreError, StoreError> {
        let case_refused = reason_is(reasons, 0, CONDITION_FAILED);
        let raced = reasons.iter().any(|r| r == TRANSACTION_CONFLICT);
        if reason_is(reasons, 1, CONDITION_FAILED) && !case_refused {
            return Ok(StoreError::Corrupt {
                code: code.to_string(),
                message: format!(
                    "event {} exists already although the case is at version {expected}",
                    expected.saturating_add(1)
                ),
            });
        }
        if !(case_refused || raced || reasons.is_empty()) {
            return Ok(cancelled("TransactWriteItems (commit)", reasons));
        }
        let conflict = StoreError::Conflict {
            code: code.to_string(),
            expected,
        };
        Ok(
            match self
                .stored_version(code, "GetItem (after a refused commit)")
                .await?
            {
                None => StoreError::NotFound(code.to_string()),
                Some(version) if version != expected => conflict,
                // The version matches: only a reason from DynamoDB can say it was a conflict.
                Some(_) if case_refused || raced => conflict,
                Some(_) => cancelled("TransactWriteItems (commit)", reasons),
            },
        )
    }
}

#[async_trait]
impl CaseStore for DynamoStore {
    async fn submit(
        &self,
        case: &Case,
        event: &Event,
        idempotency: Option<&Idempotency>,
        now: DateTime<Utc>,
    ) -> Result<Submitted, StoreError> {
        match idempotency {
            None => self.create_case(case, event).await.map(|()| Submitted::New),
            Some(record) => self.submit_once(case, event, record, now).await,
        }
    }

    async fn count_hit(
        &self,
        bucket: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        self.hit(bucket, expires_at, now).await
    }

    async fn hits(&self, bucket: &str, now: DateTime<Utc>) -> Result<u32, StoreError> {
        self.count_of(bucket, now).await
    }

    async fn claim(
        &self,
        bucket: &str,
        amount: u64,
        limit: u64,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<crate::Claim, StoreError> {
        self.claim_within(bucket, amount, limit, expires_at, now)
            .await
    }

    async fn release(
        &self,
        bucket: &str,
        amount: u64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.give_back(bucket, amount, now).await
    }

    async fn next_in_sequence(&self, name: &str) -> Result<u32, StoreError> {
        self.next_value(name).await
    }

    async fn get(&self, code: &TrackingCode) -> Result<Option<Case>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(case_key(code)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| self.unavailable("GetItem", &e))?;
        out.item()
            .map(|item| decode(item, &code.to_string(), "the case"))
            .transpose()
    }

    async fn events(&self, code: &TrackingCode) -> Result<Vec<Event>, StoreError> {
        let items = self
            .partition(case_pk(code.key()), EVENT_SK_PREFIX, "Query (events)")
            .await?;
        items
            .iter()
            .map(|item| {
                let what = match item.get(SK) {
                    Some(AttributeValue::S(sk)) => format!("item {sk}"),
                    _ => "an event".to_owned(),
                };
                decode(item, &code.to_string(), &what)
            })
            .collect()
    }

    async fn commit(&self, case: &Case, event: &Event) -> Result<(), StoreError> {
        const OPERATION: &str = "TransactWriteItems (commit)";
        let expected = event.seq.saturating_sub(1);
        match self
            .write_with_event(
                OPERATION,
                CaseCondition::AtVersion(expected),
                case,
                event,
                Vec::new(),
            )
            .await?
        {
            None => Ok(()),
            Some(reasons) => Err(self.commit_refused(&case.code, expected, &reasons).await?),
        }
    }

    async fn queue(&self, query: &QueueQuery) -> Result<Page, StoreError> {
        let limit = usize::try_from(query.limit.clamp(1, 1000)).unwrap_or(1000);
        let mut cases: Vec<Case> = Vec::with_capacity(limit);
        let mut start: Option<Item> = None;
        loop {
            let remaining = i32::try_from(limit - cases.len()).unwrap_or(i32::MAX);
            let mut request = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(QUEUE_INDEX)
                .expression_attribute_names("#qs", QUEUE_STATE)
                .expression_attribute_values(":state", s(query.state.key()))
                .scan_index_forward(true)
                .limit(remaining)
                .set_exclusive_start_key(start.take());
            request = match &query.after {
                None => request.key_condition_expression("#qs = :state"),
                Some(after) => request
                    .key_condition_expression("#qs = :state AND #qsort > :after")
                    .expression_attribute_names("#qsort", QUEUE_SORT)
                    .expression_attribute_values(":after", s(after.as_str())),
            };
            let out = request
                .send()
                .await
                .map_err(|e| self.unavailable("Query (queue)", &e))?;
            let mut items = out.items().iter();
            for item in items.by_ref().take(limit - cases.len()) {
                cases.push(decode(item, &code_of(item), "the case")?);
            }
            let more = items.next().is_some() || out.last_evaluated_key().is_some();
            if cases.len() >= limit || !more {
                let next = if more {
                    cases.last().map(Cursor::after)
                } else {
                    None
                };
                return Ok(Page { cases, next });
            }
            start = out.last_evaluated_key().cloned();
        }
    }

    async fn audit_key(&self) -> Result<AuditKey, StoreError> {
        self.chain_key().await
    }

    async fn chain_rows(&self, of: &ChainOf) -> Result<(Vec<ChainRow>, Option<u64>), StoreError> {
        match of {
            ChainOf::Case(code) => {
                // The count first: events only ever grow, so rows read after it are never fewer.
                let version = self
                    .stored_version(code, "GetItem (chain)")
                    .await?
                    .ok_or_else(|| StoreError::NotFound(code.to_string()))?;
                let rows = self.case_chain(code).await?;
                Ok((rows, Some(u64::from(version))))
            }
            ChainOf::Accounts => self.audit_chain().await,
        }
    }

    async fn sealed_record(&self, code: &TrackingCode) -> Result<SealedRecord, StoreError> {
        let item = self
            .get_item(case_key(code), "GetItem (case record)")
            .await?
            .ok_or_else(|| StoreError::NotFound(code.to_string()))?;
        Ok(SealedRecord {
            version: version_of(&item).map_or(0, u64::from),
            doc: string_of(&item, DOC).unwrap_or_default().to_owned(),
            seal: string_of(&item, SEAL).map(str::to_owned),
        })
    }

    async fn chained_cases(&self) -> Result<Vec<String>, StoreError> {
        self.cases_with_events().await
    }

    async fn account(&self, login: &Login) -> Result<Option<Account>, StoreError> {
        self.read_account(login).await
    }

    async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.every_account().await
    }

    async fn record_account(
        &self,
        account: Option<&Account>,
        entry: AuditEntry,
    ) -> Result<AuditEvent, StoreError> {
        self.write_account(account, entry).await
    }

    async fn audit_log(&self) -> Result<Vec<AuditEvent>, StoreError> {
        self.read_audit_log().await
    }

    async fn put_document_check(&self, check: &DocumentCheck) -> Result<(), StoreError> {
        self.write_document_check(check).await
    }

    async fn document_check(
        &self,
        code: &VerificationCode,
    ) -> Result<Option<DocumentCheck>, StoreError> {
        self.read_document_check(code).await
    }

    async fn put_session(&self, session: &Session) -> Result<(), StoreError> {
        self.write_session(session).await
    }

    async fn session(&self, digest: &str) -> Result<Option<Session>, StoreError> {
        self.read_session(digest).await
    }

    async fn touch_session(&self, digest: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.touch(digest, at).await
    }

    async fn end_session(&self, digest: &str) -> Result<(), StoreError> {
        self.remove_session(digest).await
    }

    async fn redact(
        &self,
        case: &Case,
        event: &Event,
        redacted: &[Event],
    ) -> Result<(), StoreError> {
        self.write_redaction(case, event, redacted).await
    }

    async fn erase(&self, code: &TrackingCode) -> Result<crate::Erased, StoreError> {
        self.erase_case(code).await
    }

    async fn whereabouts(&self, code: &TrackingCode) -> Result<crate::Whereabouts, StoreError> {
        self.case_whereabouts(code).await
    }
}

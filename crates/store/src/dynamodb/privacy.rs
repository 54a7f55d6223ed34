//! A reporter's rights on DynamoDB: redacting events in place under a redaction seal, and erasing a case's
//! partition and the idempotency records that name it.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, Delete, TransactWriteItem, Update};

use super::error::{build_failed, cancellation_reasons, cancelled};
use super::item::{
    CASE_PK_PREFIX, CASE_SK, CODE, DOC, EVENT_SK_PREFIX, IDEMPOTENCY_PK_PREFIX, Item, LINK, PK,
    REDACTION, SK, case_key, case_pk, event_key, s,
};
use super::{CaseCondition, DynamoStore};
use crate::chain::case_scope;
use crate::{Erased, StoreError, StoredRows, Whereabouts};
use csirt_domain::case::{Case, Event};
use csirt_domain::tracking::TrackingCode;

/// The most items of one transaction.
const TRANSACTION_ITEMS: usize = 100;
/// Redacted events written with the case and its event (which take two of the transaction's items).
const WITH_THE_CASE: usize = TRANSACTION_ITEMS - 2;

impl DynamoStore {
    /// Writes `case` with its redaction `event` and each of `redacted` over the event stored with its number,
    /// only where that event still has the link it was written with.
    pub(super) async fn write_redaction(
        &self,
        case: &Case,
        event: &Event,
        redacted: &[Event],
    ) -> Result<(), StoreError> {
        const OPERATION: &str = "TransactWriteItems (redact)";
        let key = self.chain_key().await?;
        let scope = case_scope(case.code.key());
        let rows = self.case_chain(&case.code).await?;
        let mut updates = Vec::with_capacity(redacted.len());
        for redacted_event in redacted {
            let seq = u64::from(redacted_event.seq);
            let Some(link) = rows
                .iter()
                .find(|row| row.seq == seq)
                .and_then(|row| row.link.clone())
            else {
                return Err(StoreError::Corrupt {
                    code: case.code.to_string(),
                    message: format!("event {seq}, to be redacted, is missing or has no link"),
                });
            };
            let doc = serde_json::to_string(redacted_event).map_err(|_| StoreError::Corrupt {
                code: case.code.to_string(),
                message: format!("event {seq} could not be encoded for storage"),
            })?;
            let seal = key.redaction_seal(&scope, seq, &link, &doc);
            let update = Update::builder()
                .table_name(&self.table)
                .set_key(Some(event_key(&case.code, redacted_event.seq)))
                .update_expression("SET #doc = :doc, #redaction = :seal")
                .condition_expression("#link = :link")
                .expression_attribute_names("#doc", DOC)
                .expression_attribute_names("#redaction", REDACTION)
                .expression_attribute_names("#link", LINK)
                .expression_attribute_values(":doc", s(doc))
                .expression_attribute_values(":seal", s(seal))
                .expression_attribute_values(":link", s(link))
                .build()
                .map_err(build_failed(OPERATION))?;
            updates.push(TransactWriteItem::builder().update(update).build());
        }
        let rest = updates.split_off(updates.len().min(WITH_THE_CASE));
        let expected = event.seq.saturating_sub(1);
        if let Some(reasons) = self
            .write_with_event(
                OPERATION,
                CaseCondition::AtVersion(expected),
                case,
                event,
                updates,
            )
            .await?
        {
            return Err(self.commit_refused(&case.code, expected, &reasons).await?);
        }
        for chunk in rest.chunks(TRANSACTION_ITEMS) {
            self.transact(OPERATION, chunk.to_vec()).await?;
        }
        Ok(())
    }

    /// Deletes the case's events, the idempotency records that name it, then its record.
    pub(super) async fn erase_case(&self, code: &TrackingCode) -> Result<Erased, StoreError> {
        const OPERATION: &str = "TransactWriteItems (erase)";
        let events = self
            .partition(case_pk(code.key()), EVENT_SK_PREFIX, "Query (erase)")
            .await?;
        let records = self.idempotency_records_of(code).await?;
        let mut keys: Vec<Item> = events.iter().chain(&records).map(key_of).collect();
        let case = self
            .get_item(case_key(code), "GetItem (erase)")
            .await?
            .is_some();
        if case {
            // The record last: a failure halfway leaves the case to erase again.
            keys.push(case_key(code));
        }
        for chunk in keys.chunks(TRANSACTION_ITEMS) {
            let deletes = chunk
                .iter()
                .map(|key| {
                    Delete::builder()
                        .table_name(&self.table)
                        .set_key(Some(key.clone()))
                        .build()
                        .map(|delete| TransactWriteItem::builder().delete(delete).build())
                        .map_err(build_failed(OPERATION))
                })
                .collect::<Result<Vec<_>, _>>()?;
            self.transact(OPERATION, deletes).await?;
        }
        Ok(Erased {
            case,
            events: events.len() as u64,
            idempotency_records: records.len() as u64,
        })
    }

    /// The case's item and its event items, counted with consistent reads.
    pub(super) async fn case_whereabouts(
        &self,
        code: &TrackingCode,
    ) -> Result<Whereabouts, StoreError> {
        let pk = format!("{CASE_PK_PREFIX}{}", code.key());
        let events = self
            .partition(case_pk(code.key()), EVENT_SK_PREFIX, "Query (whereabouts)")
            .await?;
        let record = self
            .get_item(case_key(code), "GetItem (whereabouts)")
            .await?;
        Ok(Whereabouts {
            store: format!("DynamoDB table {}", self.table),
            rows: vec![
                StoredRows {
                    table: self.table.clone(),
                    selected_by: format!("pk = '{pk}', sk = '{CASE_SK}'"),
                    count: u64::from(record.is_some()),
                },
                StoredRows {
                    table: self.table.clone(),
                    selected_by: format!("pk = '{pk}', sk begins with '{EVENT_SK_PREFIX}'"),
                    count: events.len() as u64,
                },
            ],
        })
    }

    /// Every idempotency record whose code is `code`: a scan (an erasure's rare read).
    async fn idempotency_records_of(&self, code: &TrackingCode) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("begins_with(#pk, :idem) AND #code = :code")
                .projection_expression("#pk, #sk")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#sk", SK)
                .expression_attribute_names("#code", CODE)
                .expression_attribute_values(":idem", s(IDEMPOTENCY_PK_PREFIX))
                .expression_attribute_values(":code", s(code.to_string()))
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| self.unavailable("Scan (erase)", &e))?;
            items.extend(out.items().iter().cloned());
            match out.last_evaluated_key() {
                Some(key) => start = Some(key.clone()),
                None => return Ok(items),
            }
        }
    }

    /// Sends one transaction of `items`; a cancelled one is reported with its reasons.
    async fn transact(
        &self,
        operation: &str,
        items: Vec<TransactWriteItem>,
    ) -> Result<(), StoreError> {
        let sent = self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        match sent {
            Ok(_) => Ok(()),
            Err(err) => Err(match cancellation_reasons(&err) {
                Some(reasons) => cancelled(operation, &reasons),
                None => self.unavailable(operation, &err),
            }),
        }
    }
}

/// The primary key of an item.
fn key_of(item: &Item) -> Item {
    let part = |name: &str| {
        item.get(name)
            .cloned()
            .unwrap_or_else(|| AttributeValue::S(String::new()))
    };
    HashMap::from([(PK.to_owned(), part(PK)), (SK.to_owned(), part(SK))])
}

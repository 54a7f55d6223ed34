//! Idempotent submissions: the case, its first event and the key's idempotency record in one transaction. The
//! record may be written only where no live record has the key (an expired one counts as absent: DynamoDB's
//! TTL deletes late). When the record's condition cancels the transaction, the stored record decides: the same
//! fingerprint is a repetition and answers with the stored code, another fingerprint is refused.
//!
//! Expiry is compared in whole seconds, the unit of the TTL attribute: a record is live while its
//! `expires_at` is after `now`.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::time::sleep;

use super::error::{CONDITION_FAILED, TRANSACTION_CONFLICT};
use super::item::{
    CODE, EXPIRES_AT, FINGERPRINT, Item, PK, epoch_seconds, idempotency_item, idempotency_key,
    number_of, string_of,
};
use super::{CaseCondition, DynamoStore};
use crate::{Idempotency, StoreError, Submitted};
use csirt_domain::case::{Case, Event};
use csirt_domain::tracking::TrackingCode;

/// Transactions tried before a key that stays contested is reported as unavailability.
const ATTEMPTS: u32 = 5;
/// Reads of the record while another submission with the key is in flight …
const READS_WHILE_IN_FLIGHT: u32 = 20;
/// … and the pause between them.
const READ_PAUSE: Duration = Duration::from_millis(50);
/// Position of the idempotency record in the transaction, after the case and its event.
const RECORD_INDEX: usize = 2;

/// A live idempotency record as read back.
struct LiveRecord {
    fingerprint: String,
    code: String,
}

impl DynamoStore {
    /// Stores `case` with `event` and the idempotency `record` in one transaction, or answers from the live
    /// record that has the key already.
    pub(super) async fn submit_once(
        &self,
        case: &Case,
        event: &Event,
        record: &Idempotency,
        now: DateTime<Utc>,
    ) -> Result<Submitted, StoreError> {
        const OPERATION: &str = "TransactWriteItems (submit)";
        for _ in 0..ATTEMPTS {
            let record_put = self.put(
                OPERATION,
                idempotency_item(record, &case.code),
                "attribute_not_exists(#pk) OR #exp <= :now",
                &[("#pk", PK), ("#exp", EXPIRES_AT)],
                vec![(":now", epoch_seconds(now))],
            )?;
            let Some(reasons) = self
                .write_with_event(OPERATION, CaseCondition::New, case, event, vec![record_put])
                .await?
            else {
                return Ok(Submitted::New);
            };
            let (reads, contested) = match reasons.get(RECORD_INDEX).map(String::as_str) {
                // A live record has the key.
                Some(CONDITION_FAILED) => (1, true),
                // Another submission with the key is in flight: wait for its record.
                Some(TRANSACTION_CONFLICT) => (READS_WHILE_IN_FLIGHT, true),
                // No reasons given: the record may be why.
                None if reasons.is_empty() => (1, false),
                _ => (0, false),
            };
            if reads > 0 {
                if let Some(live) = self.live_record(record, now, reads).await? {
                    return answer(live, record);
                }
                if contested {
                    // The record expired or its writer failed: the key is free again.
                    continue;
                }
            }
            return Err(self.create_refused(OPERATION, case, &reasons).await?);
        }
        let message = format!(
            "{OPERATION} failed: the idempotency key stayed contested after {ATTEMPTS} attempts; try again later"
        );
        tracing::warn!(operation = OPERATION, "case store unavailable: {message}");
        Err(StoreError::Unavailable(message))
    }

    /// The live record of the key, read consistently up to `reads` times until one shows up.
    async fn live_record(
        &self,
        record: &Idempotency,
        now: DateTime<Utc>,
        reads: u32,
    ) -> Result<Option<LiveRecord>, StoreError> {
        const OPERATION: &str = "GetItem (idempotency record)";
        for read in 0..reads {
            if read > 0 {
                sleep(READ_PAUSE).await;
            }
            let out = self
                .client
                .get_item()
                .table_name(&self.table)
                .set_key(Some(idempotency_key(&record.key_hash)))
                .consistent_read(true)
                .projection_expression("#fp, #code, #exp")
                .expression_attribute_names("#fp", FINGERPRINT)
                .expression_attribute_names("#code", CODE)
                .expression_attribute_names("#exp", EXPIRES_AT)
                .send()
                .await
                .map_err(|e| self.unavailable(OPERATION, &e))?;
            if let Some(item) = out.item()
                && let Some(live) = live(item, now)?
            {
                return Ok(Some(live));
            }
        }
        Ok(None)
    }
}

/// The record in `item` if it is live at `now`.
fn live(item: &Item, now: DateTime<Utc>) -> Result<Option<LiveRecord>, StoreError> {
    let code = string_of(item, CODE);
    let corrupt = |what: &str| StoreError::Corrupt {
        code: code.unwrap_or("(unknown)").to_owned(),
        message: format!("its idempotency record's {what}"),
    };
    let expires_at: i64 =
        number_of(item, EXPIRES_AT).ok_or_else(|| corrupt("expiry is not a number"))?;
    if expires_at <= now.timestamp() {
        return Ok(None);
    }
    let fingerprint =
        string_of(item, FINGERPRINT).ok_or_else(|| corrupt("fingerprint is missing"))?;
    let code = code.ok_or_else(|| corrupt("code is missing"))?;
    Ok(Some(LiveRecord {
        fingerprint: fingerprint.to_owned(),
        code: code.to_owned(),
    }))
}

/// The answer of a live record to a submission under its key.
fn answer(live: LiveRecord, record: &Idempotency) -> Result<Submitted, StoreError> {
    if live.fingerprint != record.fingerprint {
        return Err(StoreError::IdempotencyMismatch);
    }
    TrackingCode::parse(&live.code)
        .map(Submitted::Repeated)
        .map_err(|_| StoreError::Corrupt {
            code: live.code.clone(),
            message: "its idempotency record's code is not a tracking code".to_owned(),
        })
}

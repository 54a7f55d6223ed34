//! Rate-limit counters: one item per bucket, counted by conditional updates that DynamoDB applies atomically.
//! A counter whose `expires_at` is at or before `now` (whole seconds; TTL deletes it late) starts afresh.
//!
//! A hit first adds one to a live counter; if there is none, it starts the counter at one, on condition that
//! it is still missing or expired. Should another hit have started it in between, the hit counts again.
//!
//! A claim ([`crate::CaseStore::claim`]) is a hit of any amount on condition that the total stays within a
//! limit: DynamoDB checks the condition and adds in one step, so concurrent claims never take the total past it.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::{UpdateItemError, UpdateItemOutput};
use aws_sdk_dynamodb::types::ReturnValue;
use chrono::{DateTime, Utc};

use super::DynamoStore;
use super::item::{EXPIRES_AT, HITS, PK, epoch_seconds, n, number_of, rate_key};
use crate::{Claim, StoreError};

/// Rounds of "add one, else start afresh" before a counter that keeps changing is reported as unavailability.
const ATTEMPTS: u32 = 10;

const OPERATION: &str = "UpdateItem (rate limit)";

/// Whether the update was refused by its condition.
fn condition_failed(err: &SdkError<UpdateItemError>) -> bool {
    matches!(
        err.as_service_error(),
        Some(UpdateItemError::ConditionalCheckFailedException(_))
    )
}

/// The count the update left, from the item as it is after the update (`ALL_NEW`: an attribute set to the
/// value it had is not among the `UPDATED_NEW` ones on every implementation, so a counter restarted at 1 from 1
/// would come back without its count).
fn hits_of(out: &UpdateItemOutput) -> Result<u32, StoreError> {
    out.attributes()
        .and_then(|attributes| number_of(attributes, HITS))
        .ok_or_else(|| {
            let message = format!("{OPERATION} failed: the new count was not returned");
            tracing::warn!(operation = OPERATION, "case store unavailable: {message}");
            StoreError::Unavailable(message)
        })
}

impl DynamoStore {
    /// The count of the counter `bucket` as of `now` (see [`crate::CaseStore::hits`]).
    pub(super) async fn count_of(
        &self,
        bucket: &str,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(rate_key(bucket)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| self.unavailable("GetItem (rate limit)", &e))?;
        let live = out.item().filter(|item| {
            number_of::<i64>(item, EXPIRES_AT).is_some_and(|expires| expires > now.timestamp())
        });
        Ok(live.and_then(|item| number_of(item, HITS)).unwrap_or(0))
    }

    /// Counts one hit on the counter `bucket` (see [`crate::CaseStore::count_hit`]).
    pub(super) async fn hit(
        &self,
        bucket: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        for _ in 0..ATTEMPTS {
            let counted = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(rate_key(bucket)))
                .update_expression("SET #hits = #hits + :one")
                .condition_expression("#exp > :now")
                .expression_attribute_names("#hits", HITS)
                .expression_attribute_names("#exp", EXPIRES_AT)
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":now", epoch_seconds(now))
                .return_values(ReturnValue::AllNew)
                .send()
                .await;
            match counted {
                Ok(out) => return hits_of(&out),
                Err(e) if condition_failed(&e) => {}
                Err(e) => return Err(self.unavailable(OPERATION, &e)),
            }
            let started = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(rate_key(bucket)))
                .update_expression("SET #hits = :one, #exp = :expires")
                .condition_expression("attribute_not_exists(#pk) OR #exp <= :now")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#hits", HITS)
                .expression_attribute_names("#exp", EXPIRES_AT)
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":expires", epoch_seconds(expires_at))
                .expression_attribute_values(":now", epoch_seconds(now))
                .return_values(ReturnValue::AllNew)
                .send()
                .await;
            match started {
                Ok(out) => return hits_of(&out),
                // Another hit started the counter meanwhile: count on it.
                Err(e) if condition_failed(&e) => {}
                Err(e) => return Err(self.unavailable(OPERATION, &e)),
            }
        }
        let message = format!(
            "{OPERATION} failed: the counter kept changing after {ATTEMPTS} attempts; try again later"
        );
        tracing::warn!(operation = OPERATION, "case store unavailable: {message}");
        Err(StoreError::Unavailable(message))
    }

    /// Claims `amount` on the counter `bucket` within `limit` (see [`crate::CaseStore::claim`]).
    pub(super) async fn claim_within(
        &self,
        bucket: &str,
        amount: u64,
        limit: u64,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Claim, StoreError> {
        const CLAIM: &str = "UpdateItem (claim)";
        let Some(room) = limit.checked_sub(amount) else {
            // More than the limit at once never fits.
            return Ok(Claim::Refused(self.total_of(bucket, now).await?));
        };
        for _ in 0..ATTEMPTS {
            let added = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(rate_key(bucket)))
                .update_expression("SET #hits = #hits + :amount")
                .condition_expression("#exp > :now AND #hits <= :room")
                .expression_attribute_names("#hits", HITS)
                .expression_attribute_names("#exp", EXPIRES_AT)
                .expression_attribute_values(":amount", n(amount))
                .expression_attribute_values(":room", n(room))
                .expression_attribute_values(":now", epoch_seconds(now))
                .return_values(ReturnValue::AllNew)
                .send()
                .await;
            match added {
                Ok(out) => return total_of_output(&out).map(Claim::Granted),
                Err(e) if condition_failed(&e) => {}
                Err(e) => return Err(self.unavailable(CLAIM, &e)),
            }
            // Refused: a live counter without room refuses the claim; a missing or expired one starts afresh.
            let total = self.total_of(bucket, now).await?;
            if total > room {
                return Ok(Claim::Refused(total));
            }
            if total > 0 {
                // It had room after all: it changed meanwhile.
                continue;
            }
            let started = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(rate_key(bucket)))
                .update_expression("SET #hits = :amount, #exp = :expires")
                .condition_expression("attribute_not_exists(#pk) OR #exp <= :now")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#hits", HITS)
                .expression_attribute_names("#exp", EXPIRES_AT)
                .expression_attribute_values(":amount", n(amount))
                .expression_attribute_values(":expires", epoch_seconds(expires_at))
                .expression_attribute_values(":now", epoch_seconds(now))
                .return_values(ReturnValue::AllNew)
                .send()
                .await;
            match started {
                Ok(out) => return total_of_output(&out).map(Claim::Granted),
                // Another claim started the counter meanwhile: claim on it.
                Err(e) if condition_failed(&e) => {}
                Err(e) => return Err(self.unavailable(CLAIM, &e)),
            }
        }
        let message = format!(
            "{CLAIM} failed: the counter kept changing after {ATTEMPTS} attempts; try again later"
        );
        tracing::warn!(operation = CLAIM, "case store unavailable: {message}");
        Err(StoreError::Unavailable(message))
    }

    /// Gives back `amount` claimed on the counter `bucket` (see [`crate::CaseStore::release`]).
    pub(super) async fn give_back(
        &self,
        bucket: &str,
        amount: u64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        const RELEASE: &str = "UpdateItem (release)";
        for _ in 0..ATTEMPTS {
            let total = self.total_of(bucket, now).await?;
            if total == 0 {
                return Ok(());
            }
            let taken = amount.min(total);
            let released = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(rate_key(bucket)))
                .update_expression("SET #hits = #hits - :taken")
                .condition_expression("#exp > :now AND #hits >= :taken")
                .expression_attribute_names("#hits", HITS)
                .expression_attribute_names("#exp", EXPIRES_AT)
                .expression_attribute_values(":taken", n(taken))
                .expression_attribute_values(":now", epoch_seconds(now))
                .send()
                .await;
            match released {
                Ok(_) => return Ok(()),
                // It changed or expired meanwhile: look again.
                Err(e) if condition_failed(&e) => {}
                Err(e) => return Err(self.unavailable(RELEASE, &e)),
            }
        }
        let message = format!(
            "{RELEASE} failed: the counter kept changing after {ATTEMPTS} attempts; try again later"
        );
        tracing::warn!(operation = RELEASE, "case store unavailable: {message}");
        Err(StoreError::Unavailable(message))
    }

    /// The total of the counter `bucket` as of `now`, in full (a claimed total may pass what a hit count holds).
    async fn total_of(&self, bucket: &str, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(rate_key(bucket)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| self.unavailable("GetItem (claim)", &e))?;
        let live = out.item().filter(|item| {
            number_of::<i64>(item, EXPIRES_AT).is_some_and(|expires| expires > now.timestamp())
        });
        Ok(live.and_then(|item| number_of(item, HITS)).unwrap_or(0))
    }
}

/// The total a claim left, from the item as it is after the update.
fn total_of_output(out: &UpdateItemOutput) -> Result<u64, StoreError> {
    out.attributes()
        .and_then(|attributes| number_of(attributes, HITS))
        .ok_or_else(|| {
            let message = "UpdateItem (claim) failed: the new total was not returned".to_owned();
            tracing::warn!(
                operation = "UpdateItem (claim)",
                "case store unavailable: {message}"
            );
            StoreError::Unavailable(message)
        })
}

//! Sequences (document numbers): one item per sequence under its own key prefix, counted up by an update that
//! DynamoDB applies atomically and never expires.
//!
//! Document numbers were once counted on rate-limit items (`RATE#document-number:…`); a sequence that does not
//! exist yet starts from such a counter's value, so no number is handed out twice across the change.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::ReturnValue;

use super::DynamoStore;
use super::item::{HITS, PK, VALUE, n, number_of, rate_key, sequence_key};
use crate::StoreError;

const OPERATION: &str = "UpdateItem (sequence)";

/// Rounds of "count up, else create" before giving up.
const ATTEMPTS: u32 = 3;

impl DynamoStore {
    /// The next value of the sequence `name` (see [`crate::CaseStore::next_in_sequence`]).
    pub(super) async fn next_value(&self, name: &str) -> Result<u32, StoreError> {
        for _ in 0..ATTEMPTS {
            let counted = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(sequence_key(name)))
                .update_expression("SET #value = #value + :one")
                .condition_expression("attribute_exists(#pk)")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#value", VALUE)
                .expression_attribute_values(":one", n(1))
                .return_values(ReturnValue::AllNew)
                .send()
                .await;
            match counted {
                Ok(out) => {
                    return out
                        .attributes()
                        .and_then(|attributes| number_of(attributes, VALUE))
                        .ok_or_else(|| {
                            StoreError::Unavailable(format!(
                                "{OPERATION} failed: the new value was not returned"
                            ))
                        });
                }
                Err(SdkError::ServiceError(e))
                    if matches!(e.err(), UpdateItemError::ConditionalCheckFailedException(_)) => {}
                Err(e) => return Err(self.unavailable(OPERATION, &e)),
            }
            self.start_sequence(name).await?;
        }
        Err(StoreError::Unavailable(format!(
            "{OPERATION} failed after {ATTEMPTS} attempts; try again later"
        )))
    }

    /// Creates the sequence `name` at the value of its legacy rate-limit counter (0 when there is none), unless
    /// another writer created it first.
    async fn start_sequence(&self, name: &str) -> Result<(), StoreError> {
        let legacy = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(rate_key(name)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| self.unavailable("GetItem (legacy counter)", &e))?;
        let start = legacy
            .item()
            .and_then(|item| number_of(item, HITS))
            .unwrap_or(0);
        let mut item = sequence_key(name);
        item.insert(VALUE.to_owned(), n(start));
        // Created here or by a concurrent caller: either way the counter now exists.
        self.put_if_absent(item, "PutItem (sequence)").await?;
        Ok(())
    }
}

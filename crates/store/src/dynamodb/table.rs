//! Creating the table: keys, the queue index, on-demand billing, and TTL for short-lived items.

use std::time::Duration;

use aws_sdk_dynamodb::operation::create_table::CreateTableError;
use aws_sdk_dynamodb::operation::describe_table::DescribeTableError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, IndexStatus, KeySchemaElement, KeyType,
    Projection, ProjectionType, ScalarAttributeType, TableDescription, TableStatus,
    TimeToLiveSpecification,
};
use tokio::time::{Instant, sleep};

use super::DynamoStore;
use super::error::{build_failed, unavailable};
use super::item::{EXPIRES_AT, PK, QUEUE_INDEX, QUEUE_SORT, QUEUE_STATE, SK};
use crate::StoreError;

/// How long a new table may take to become active.
const ACTIVE_WITHIN: Duration = Duration::from_secs(60);
/// How often its status is asked for meanwhile.
const POLL_EVERY: Duration = Duration::from_millis(500);

fn string_attribute(name: &str) -> Result<AttributeDefinition, StoreError> {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .map_err(build_failed("CreateTable"))
}

fn key(name: &str, kind: KeyType) -> Result<KeySchemaElement, StoreError> {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(kind)
        .build()
        .map_err(build_failed("CreateTable"))
}

/// Whether the table and every index of it are active, with the queue index among them.
fn is_active(table: &TableDescription) -> bool {
    let indexes = table.global_secondary_indexes();
    table.table_status() == Some(&TableStatus::Active)
        && indexes.iter().any(|i| i.index_name() == Some(QUEUE_INDEX))
        && indexes
            .iter()
            .all(|i| i.index_status() == Some(&IndexStatus::Active))
}

impl DynamoStore {
    /// Creates the store's table: key `pk` + `sk`, the `queue` index on `queue_state` + `queue_sort` holding
    /// whole items, on-demand billing. Waits until table and index are active (at most a minute), then turns on
    /// expiry of items by their `expires_at` attribute. Fails if the table exists already.
    pub async fn create_table(&self) -> Result<(), StoreError> {
        let queue_index = GlobalSecondaryIndex::builder()
            .index_name(QUEUE_INDEX)
            .key_schema(key(QUEUE_STATE, KeyType::Hash)?)
            .key_schema(key(QUEUE_SORT, KeyType::Range)?)
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::All)
                    .build(),
            )
            .build()
            .map_err(build_failed("CreateTable"))?;
        self.client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .attribute_definitions(string_attribute(PK)?)
            .attribute_definitions(string_attribute(SK)?)
            .attribute_definitions(string_attribute(QUEUE_STATE)?)
            .attribute_definitions(string_attribute(QUEUE_SORT)?)
            .key_schema(key(PK, KeyType::Hash)?)
            .key_schema(key(SK, KeyType::Range)?)
            .global_secondary_indexes(queue_index)
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(CreateTableError::ResourceInUseException(_)) => {
                    StoreError::Unavailable(format!(
                        "CreateTable failed: table {} exists already; nothing was changed",
                        self.table
                    ))
                }
                _ => unavailable("CreateTable", &e),
            })?;
        self.wait_until_active().await?;
        let ttl = TimeToLiveSpecification::builder()
            .enabled(true)
            .attribute_name(EXPIRES_AT)
            .build()
            .map_err(build_failed("UpdateTimeToLive"))?;
        self.client
            .update_time_to_live()
            .table_name(&self.table)
            .time_to_live_specification(ttl)
            .send()
            .await
            .map_err(|e| unavailable("UpdateTimeToLive", &e))?;
        Ok(())
    }

    async fn wait_until_active(&self) -> Result<(), StoreError> {
        let deadline = Instant::now() + ACTIVE_WITHIN;
        loop {
            let status = match self
                .client
                .describe_table()
                .table_name(&self.table)
                .send()
                .await
            {
                Ok(out) => match out.table() {
                    Some(table) if is_active(table) => return Ok(()),
                    Some(table) => table
                        .table_status()
                        .map_or_else(|| "unknown".to_owned(), |s| s.as_str().to_owned()),
                    None => "not described".to_owned(),
                },
                // Right after CreateTable the table may not be visible yet.
                Err(e)
                    if matches!(
                        e.as_service_error(),
                        Some(DescribeTableError::ResourceNotFoundException(_))
                    ) =>
                {
                    "not found yet".to_owned()
                }
                Err(e) => return Err(unavailable("DescribeTable", &e)),
            };
            if Instant::now() >= deadline {
                return Err(StoreError::Unavailable(format!(
                    "table {} did not become active (with its {QUEUE_INDEX} index) within {} s; last status: {status}",
                    self.table,
                    ACTIVE_WITHIN.as_secs()
                )));
            }
            sleep(POLL_EVERY).await;
        }
    }
}

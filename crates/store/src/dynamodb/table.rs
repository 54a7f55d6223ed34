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
use super::error::build_failed;
use super::item::{EXPIRES_AT, PK, QUEUE_INDEX, QUEUE_SORT, QUEUE_STATE, SK};
use crate::{Creation, StoreError};

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

/// How `table` differs from the layout the store expects: `pk` (hash) + `sk` (range), and the `queue` index on
/// `queue_state` (hash) + `queue_sort` (range) holding whole items.
fn layout_problems(table: &TableDescription) -> Vec<String> {
    let keys = |schema: &[KeySchemaElement]| -> Vec<(String, String)> {
        schema
            .iter()
            .map(|k| {
                (
                    k.attribute_name().to_owned(),
                    k.key_type().as_str().to_owned(),
                )
            })
            .collect()
    };
    let expected = |hash: &str, range: &str| {
        vec![
            (hash.to_owned(), KeyType::Hash.as_str().to_owned()),
            (range.to_owned(), KeyType::Range.as_str().to_owned()),
        ]
    };
    let name = table.table_name().unwrap_or("?");
    let mut problems = Vec::new();
    if keys(table.key_schema()) != expected(PK, SK) {
        problems.push(format!(
            "table {name}: its key is {:?}, the store expects {PK} (hash) + {SK} (range)",
            keys(table.key_schema())
        ));
    }
    match table
        .global_secondary_indexes()
        .iter()
        .find(|i| i.index_name() == Some(QUEUE_INDEX))
    {
        None => problems.push(format!("table {name}: it has no {QUEUE_INDEX} index")),
        Some(index) => {
            if keys(index.key_schema()) != expected(QUEUE_STATE, QUEUE_SORT) {
                problems.push(format!(
                    "table {name}: its {QUEUE_INDEX} index's key is {:?}, the store expects {QUEUE_STATE} \
                     (hash) + {QUEUE_SORT} (range)",
                    keys(index.key_schema())
                ));
            }
            let projection = index.projection().and_then(|p| p.projection_type());
            if projection != Some(&ProjectionType::All) {
                problems.push(format!(
                    "table {name}: its {QUEUE_INDEX} index must hold whole items (projection ALL)"
                ));
            }
        }
    }
    problems
}

impl DynamoStore {
    /// Creates the store's table: key `pk` + `sk`, the `queue` index on `queue_state` + `queue_sort` holding
    /// whole items, on-demand billing. Waits until table and index are active (at most a minute), then turns on
    /// expiry of items by their `expires_at` attribute. Fails if the table exists already.
    pub async fn create_table(&self) -> Result<(), StoreError> {
        match self.create_table_if_missing().await? {
            Creation::Created => Ok(()),
            Creation::Existed => Err(StoreError::Unavailable(format!(
                "CreateTable failed: table {} exists already; nothing was changed",
                self.table
            ))),
        }
    }

    /// Creates the store's table as [`create_table`](Self::create_table) does, unless a table of that name
    /// exists already: then nothing is changed and the answer is [`Creation::Existed`] (see
    /// [`layout_problems`](Self::layout_problems) for whether it is laid out as the store expects).
    pub async fn create_table_if_missing(&self) -> Result<Creation, StoreError> {
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
        match self
            .client
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
        {
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.as_service_error(),
                    Some(CreateTableError::ResourceInUseException(_))
                ) =>
            {
                return Ok(Creation::Existed);
            }
            Err(e) => return Err(self.unavailable("CreateTable", &e)),
        }
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
            .map_err(|e| self.unavailable("UpdateTimeToLive", &e))?;
        Ok(Creation::Created)
    }

    /// How the existing table differs from the layout the store expects (keys, the queue index and its
    /// projection); empty when it is as expected. A missing table is an error naming the command that creates
    /// it.
    pub async fn layout_problems(&self) -> Result<Vec<String>, StoreError> {
        let out = self
            .client
            .describe_table()
            .table_name(&self.table)
            .send()
            .await
            .map_err(|e| self.unavailable("DescribeTable", &e))?;
        let Some(table) = out.table() else {
            return Ok(vec![format!("table {} was not described", self.table)]);
        };
        Ok(layout_problems(table))
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
                Err(e) => return Err(self.unavailable("DescribeTable", &e)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::types::GlobalSecondaryIndexDescription;

    fn described(keys: [&str; 2], index: Option<([&str; 2], ProjectionType)>) -> TableDescription {
        let element = |name: &str, kind| key(name, kind).unwrap();
        let mut table = TableDescription::builder()
            .table_name("cases")
            .key_schema(element(keys[0], KeyType::Hash))
            .key_schema(element(keys[1], KeyType::Range));
        if let Some((index_keys, projection)) = index {
            table = table.global_secondary_indexes(
                GlobalSecondaryIndexDescription::builder()
                    .index_name(QUEUE_INDEX)
                    .key_schema(element(index_keys[0], KeyType::Hash))
                    .key_schema(element(index_keys[1], KeyType::Range))
                    .projection(Projection::builder().projection_type(projection).build())
                    .build(),
            );
        }
        table.build()
    }

    #[test]
    fn a_table_laid_out_otherwise_is_told_apart() {
        let good = described(
            [PK, SK],
            Some(([QUEUE_STATE, QUEUE_SORT], ProjectionType::All)),
        );
        assert!(
            layout_problems(&good).is_empty(),
            "{:?}",
            layout_problems(&good)
        );
        let wrong_key = described(
            ["id", SK],
            Some(([QUEUE_STATE, QUEUE_SORT], ProjectionType::All)),
        );
        assert_eq!(layout_problems(&wrong_key).len(), 1);
        let no_index = described([PK, SK], None);
        assert!(layout_problems(&no_index)[0].contains("no queue index"));
        let keys_only = described(
            [PK, SK],
            Some(([QUEUE_STATE, QUEUE_SORT], ProjectionType::KeysOnly)),
        );
        assert!(layout_problems(&keys_only)[0].contains("whole items"));
    }
}

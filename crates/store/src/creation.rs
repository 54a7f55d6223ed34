//! Creating the DynamoDB table and the S3 evidence bucket as the store expects them (`csirt store create`): for
//! moto, DynamoDB Local and first runs. A build without the `aws` feature refuses.

use crate::{Creation, StoreError};

/// What creating the AWS resources found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsResources {
    /// The table: created now, or there already.
    pub table: Creation,
    /// The evidence bucket: created now, or there already.
    pub bucket: Creation,
    /// How an existing table differs from the layout the store expects (empty when it matches or was created).
    pub table_problems: Vec<String>,
}

/// Creates `table` and `bucket` when missing, with the AWS SDK's environment (region, credentials, endpoints);
/// an existing table is checked against the store's layout and left as it is.
#[cfg(feature = "aws")]
pub async fn create_aws_resources(table: &str, bucket: &str) -> Result<AwsResources, StoreError> {
    let (store, evidence) = crate::aws_client::stores(table, bucket).await;
    let table_created = store.create_table_if_missing().await?;
    let table_problems = match table_created {
        Creation::Created => Vec::new(),
        Creation::Existed => store.layout_problems().await?,
    };
    let bucket_created = evidence.create_bucket_if_missing().await?;
    Ok(AwsResources {
        table: table_created,
        bucket: bucket_created,
        table_problems,
    })
}

/// Refuses: this build has no AWS backend.
#[cfg(not(feature = "aws"))]
pub async fn create_aws_resources(_table: &str, _bucket: &str) -> Result<AwsResources, StoreError> {
    Err(crate::settings::not_built(
        crate::CREATE_COMMAND,
        "DynamoDB and S3",
        "aws",
    ))
}

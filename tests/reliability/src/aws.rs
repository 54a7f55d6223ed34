//! A fresh DynamoDB table and S3 bucket on moto's server (which the test command starts and names in
//! `CSIRT_TEST_AWS_ENDPOINT`), and the settings that point an `intake` server at them.

use aws_sdk_dynamodb::config as ddb;
use aws_sdk_s3::config as s3;
use csirt_domain::tracking::{TrackingCode, TrackingPrefix};
use csirt_store::DynamoStore;

/// The region the tests name (moto takes any).
const REGION: &str = "ap-southeast-3";

/// A table and a bucket of their own on moto's server.
pub struct AwsResources {
    /// moto's endpoint.
    pub endpoint: String,
    /// The table's name.
    pub table: String,
    /// The bucket's name.
    pub bucket: String,
    /// A DynamoDB client on moto, straight (not through a fault proxy).
    pub dynamodb: aws_sdk_dynamodb::Client,
}

/// moto's endpoint from `CSIRT_TEST_AWS_ENDPOINT`. Panics, saying how to start it, when it is not set.
pub fn moto_endpoint() -> String {
    std::env::var("CSIRT_TEST_AWS_ENDPOINT").unwrap_or_else(|_| {
        panic!(
            "CSIRT_TEST_AWS_ENDPOINT is not set: the DynamoDB tests need moto's server. \
             Run the suite with tests/run, which installs and starts it."
        )
    })
}

impl AwsResources {
    /// Creates a table (through the store, so with its index) and a bucket with fresh names on moto.
    pub async fn create(endpoint: &str) -> Result<Self, String> {
        let prefix = TrackingPrefix::parse("TGL").map_err(|e| e.to_string())?;
        let suffix = TrackingCode::generate(&prefix)
            .map_err(|e| e.to_string())?
            .key()
            .to_lowercase();
        let dynamodb = aws_sdk_dynamodb::Client::from_conf(
            ddb::Builder::new()
                .behavior_version(ddb::BehaviorVersion::latest())
                .region(ddb::Region::new(REGION))
                .endpoint_url(endpoint)
                .credentials_provider(ddb::Credentials::new("test", "test", None, None, "tests"))
                .build(),
        );
        let s3 = aws_sdk_s3::Client::from_conf(
            s3::Builder::new()
                .behavior_version(s3::BehaviorVersion::latest())
                .region(s3::Region::new(REGION))
                .endpoint_url(endpoint)
                .force_path_style(true)
                .credentials_provider(s3::Credentials::new("test", "test", None, None, "tests"))
                .build(),
        );
        let table = format!("reliability-{suffix}");
        let bucket = format!("reliability-{suffix}");
        DynamoStore::new(dynamodb.clone(), table.clone())
            .create_table()
            .await
            .map_err(|e| format!("cannot create table {table}: {e}"))?;
        s3.create_bucket()
            .bucket(&bucket)
            .create_bucket_configuration(
                aws_sdk_s3::types::CreateBucketConfiguration::builder()
                    .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(REGION))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| format!("cannot create bucket {bucket}: {e}"))?;
        Ok(AwsResources {
            endpoint: endpoint.to_owned(),
            table,
            bucket,
            dynamodb,
        })
    }

    /// The store, read straight from moto.
    pub fn store(&self) -> DynamoStore {
        DynamoStore::new(self.dynamodb.clone(), self.table.clone())
    }

    /// The settings of an `intake` server on these resources, its DynamoDB calls sent to `dynamodb_endpoint`
    /// (moto's own, or a fault proxy in front of it).
    pub fn server_env(&self, dynamodb_endpoint: &str) -> Vec<(String, String)> {
        [
            ("CSIRT_STORE", "dynamodb"),
            ("CSIRT_TABLE", self.table.as_str()),
            ("CSIRT_EVIDENCE_BUCKET", self.bucket.as_str()),
            ("AWS_REGION", REGION),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("AWS_ENDPOINT_URL_DYNAMODB", dynamodb_endpoint),
            ("AWS_ENDPOINT_URL_S3", self.endpoint.as_str()),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
    }
}

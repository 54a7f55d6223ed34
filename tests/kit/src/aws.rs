//! moto's server, which `tests/run` starts on loopback and names in `CSIRT_TEST_AWS_ENDPOINT`: its endpoint (a
//! test that needs it fails loudly without it), the AWS SDK's variables and clients pointing at it, and fresh
//! tables (created by the store itself, so with its index) and buckets.

use csirt_domain::tracking::{TrackingCode, TrackingPrefix};
use csirt_store::DynamoStore;

/// The region the tests name (moto takes any).
pub const REGION: &str = "ap-southeast-3";

/// The environment variable naming the endpoint of moto's server, set by `tests/run`.
pub const AWS_ENDPOINT_VAR: &str = "CSIRT_TEST_AWS_ENDPOINT";

/// The AWS SDK's variables pointing at moto.
pub fn aws_env(endpoint: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ENDPOINT_URL", endpoint.to_owned()),
        ("AWS_REGION", REGION.to_owned()),
        ("AWS_ACCESS_KEY_ID", "test".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "test".to_owned()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
    ]
}

/// moto's endpoint; fails loudly when the suite was not started by `tests/run`.
pub fn moto_endpoint() -> String {
    std::env::var(AWS_ENDPOINT_VAR).unwrap_or_else(|_| {
        panic!(
            "{AWS_ENDPOINT_VAR} is not set: these tests need moto's server; run them with tests/run"
        )
    })
}

/// A DynamoDB client for moto. moto answers one request at a time: under the conformance suite's hundreds of
/// parallel writers its listening queue fills, so connections may take longer than the SDK's 3.1 s default to be
/// accepted; the client waits for them rather than report the store unavailable.
pub fn dynamodb_client(endpoint: &str) -> aws_sdk_dynamodb::Client {
    let timeouts = aws_sdk_dynamodb::config::timeout::TimeoutConfig::builder()
        .connect_timeout(std::time::Duration::from_secs(30))
        .build();
    aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .http_client(csirt_store::aws_client::http_client())
            .timeout_config(timeouts)
            .region(aws_sdk_dynamodb::config::Region::new(REGION))
            .endpoint_url(endpoint)
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                "test", "test", None, None, "tests",
            ))
            .build(),
    )
}

/// An S3 client for moto.
pub fn s3_client(endpoint: &str) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::Config::builder()
            .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
            .http_client(csirt_store::aws_client::http_client())
            .region(aws_sdk_s3::config::Region::new(REGION))
            .endpoint_url(endpoint)
            .force_path_style(true)
            .credentials_provider(aws_sdk_s3::config::Credentials::new(
                "test", "test", None, None, "tests",
            ))
            .build(),
    )
}

/// Creates a bucket on moto.
pub async fn create_bucket(client: &aws_sdk_s3::Client, bucket: &str) {
    client
        .create_bucket()
        .bucket(bucket)
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(REGION))
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// A name no test has used yet, `{prefix}-{a fresh tracking-code key}` in lower case: valid for a table and a
/// bucket.
pub fn unique_name(prefix: &str) -> String {
    let code = TrackingCode::generate(&TrackingPrefix::parse("TGL").unwrap()).unwrap();
    format!("{prefix}-{}", code.key().to_lowercase())
}

/// Creates the table `table` exactly as the store expects it: through the store's own `create_table`.
pub async fn create_table(client: &aws_sdk_dynamodb::Client, table: &str) {
    DynamoStore::new(client.clone(), table)
        .create_table()
        .await
        .unwrap();
}

/// A fresh table and bucket of their own on moto's server, their names, and clients for them.
pub struct AwsResources {
    /// moto's endpoint.
    pub endpoint: String,
    /// The table's name.
    pub table: String,
    /// The bucket's name.
    pub bucket: String,
    /// A DynamoDB client on moto.
    pub dynamodb: aws_sdk_dynamodb::Client,
    /// An S3 client on moto.
    pub s3: aws_sdk_s3::Client,
}

impl AwsResources {
    /// Creates a table (through the store, so with its index) and a bucket with fresh names on moto.
    pub async fn create(endpoint: &str) -> AwsResources {
        let name = unique_name("cases");
        let (table, bucket) = (name.clone(), name.replacen("cases", "evidence", 1));
        let dynamodb = dynamodb_client(endpoint);
        let s3 = s3_client(endpoint);
        create_table(&dynamodb, &table).await;
        create_bucket(&s3, &bucket).await;
        AwsResources {
            endpoint: endpoint.to_owned(),
            table,
            bucket,
            dynamodb,
            s3,
        }
    }

    /// The case store on the table, read through the DynamoDB client.
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

//! moto's server, which `tests/run` starts on loopback and names in `CSIRT_TEST_AWS_ENDPOINT`: its endpoint (a
//! test that needs it fails loudly without it), the AWS SDK's variables and clients pointing at it, and buckets.

/// The environment variable naming the endpoint of moto's server, set by `tests/run`.
pub const AWS_ENDPOINT_VAR: &str = "CSIRT_TEST_AWS_ENDPOINT";

/// The AWS SDK's variables pointing at moto.
pub fn aws_env(endpoint: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ENDPOINT_URL", endpoint.to_owned()),
        ("AWS_REGION", "ap-southeast-3".to_owned()),
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

/// A DynamoDB client for moto.
pub fn dynamodb_client(endpoint: &str) -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .region(aws_sdk_dynamodb::config::Region::new("ap-southeast-3"))
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
            .region(aws_sdk_s3::config::Region::new("ap-southeast-3"))
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
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(
                    "ap-southeast-3",
                ))
                .build(),
        )
        .send()
        .await
        .unwrap();
}

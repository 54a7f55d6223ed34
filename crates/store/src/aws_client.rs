//! The AWS SDK's HTTP client and shared configuration for every AWS client of the product (DynamoDB, S3, STS,
//! SES): HTTPS on rustls with ring — the crypto library the product's other HTTPS clients use — instead of the
//! SDK's default AWS-LC, so a build links one crypto library. The SDK's own environment applies as usual
//! (`AWS_REGION`, credentials, `AWS_ENDPOINT_URL*`).

use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_dynamodb::config::SharedHttpClient;
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};

/// An HTTPS client for the AWS SDK: rustls with ring, the system's trusted roots.
pub fn http_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

/// The DynamoDB store in `table` and the S3 evidence store in `bucket`, on one configuration read from the
/// environment (the credential chain resolved once).
pub async fn stores(
    table: &str,
    bucket: &str,
) -> (crate::DynamoStore, crate::evidence::S3Evidence) {
    let shared = shared_config().await;
    (
        crate::DynamoStore::new(aws_sdk_dynamodb::Client::new(&shared), table),
        crate::evidence::S3Evidence::new(crate::evidence::s3_client_for(&shared), bucket),
    )
}

/// The SDK's configuration from the environment, with [`http_client`] for the clients and the credential
/// providers alike.
pub async fn shared_config() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(http_client())
        .load()
        .await
}

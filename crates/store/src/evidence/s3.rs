//! Evidence in S3: one object per file at `cases/<case key>/<sha256>`, encrypted at rest (SSE-S3) and sent with
//! its SHA-256 checksum, so S3 refuses a body damaged on the way.

use csirt_domain::error_chain::error_chain;
use std::error::Error;

use async_trait::async_trait;
use aws_config::BehaviorVersion;
use aws_sdk_s3::Client;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::get_object::GetObjectError;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ServerSideEncryption;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest, Sha256};

use super::{EvidenceFile, EvidenceStore, object_key};
use crate::StoreError;

/// Environment variables that point the SDK at an endpoint of its own (a local S3 such as a test server).
const ENDPOINT_VARIABLES: &[&str] = &["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"];

/// Evidence files in an S3 bucket.
#[derive(Debug, Clone)]
pub struct S3Evidence {
    client: Client,
    bucket: String,
}

impl S3Evidence {
    /// Evidence in `bucket`, reached through `client`.
    pub fn new(client: Client, bucket: impl Into<String>) -> Self {
        S3Evidence {
            client,
            bucket: bucket.into(),
        }
    }

    /// Evidence in `bucket`, with the SDK configured from the environment (region, credentials, endpoint such
    /// as `AWS_ENDPOINT_URL_S3`, …). A custom endpoint is addressed path-style (`<endpoint>/<bucket>/<key>`),
    /// as local S3 servers expect.
    pub async fn from_env(bucket: impl Into<String>) -> Self {
        S3Evidence::new(client_from_env().await, bucket)
    }
}

/// An S3 client configured from the environment (region, credentials, endpoint such as `AWS_ENDPOINT_URL_S3`,
/// …); a custom endpoint is addressed path-style, as local S3 servers expect.
pub async fn client_from_env() -> Client {
    let shared = aws_config::defaults(BehaviorVersion::latest()).load().await;
    let custom_endpoint = ENDPOINT_VARIABLES
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()));
    let config = aws_sdk_s3::config::Builder::from(&shared)
        .force_path_style(custom_endpoint)
        .build();
    Client::from_conf(config)
}

/// A failed S3 request, by operation, error code and message: never the request or response itself.
fn unavailable<E>(operation: &str, err: &SdkError<E>) -> StoreError
where
    E: ProvideErrorMetadata + Error + 'static,
{
    let detail = match err {
        SdkError::ServiceError(service) => {
            let e = service.err();
            format!(
                "{}: {}",
                e.code().unwrap_or("unknown error"),
                e.message().unwrap_or("no message")
            )
        }
        SdkError::TimeoutError(_) => "timed out; try again later".to_owned(),
        SdkError::DispatchFailure(_) => format!("could not reach S3: {}", error_chain(err)),
        // The response's body may hold evidence: name the failure, not its details.
        SdkError::ResponseError(_) => "the response could not be read".to_owned(),
        _ => error_chain(err),
    };
    let message = format!("evidence s3 {operation}: {detail}");
    tracing::warn!(
        operation,
        error_code = err.code(),
        "evidence store unavailable: {message}"
    );
    StoreError::Unavailable(message)
}

#[async_trait]
impl EvidenceStore for S3Evidence {
    async fn put(&self, case_key: &str, file: &EvidenceFile) -> Result<(), StoreError> {
        let key = object_key(case_key, file.sha256())?;
        let checksum = BASE64.encode(Sha256::digest(file.bytes()));
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(file.media_type().as_str())
            .server_side_encryption(ServerSideEncryption::Aes256)
            .checksum_sha256(checksum)
            .body(ByteStream::from(file.bytes().to_vec()))
            .send()
            .await
            .map_err(|e| unavailable("put", &e))?;
        Ok(())
    }

    async fn get(&self, case_key: &str, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let key = object_key(case_key, sha256)?;
        let out = match self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) if matches!(e.as_service_error(), Some(GetObjectError::NoSuchKey(_))) => {
                return Ok(None);
            }
            Err(e) => return Err(unavailable("get", &e)),
        };
        let body = out.body.collect().await.map_err(|e| {
            let message = format!("evidence s3 get: the object could not be read: {e}");
            tracing::warn!(operation = "get", "evidence store unavailable: {message}");
            StoreError::Unavailable(message)
        })?;
        Ok(Some(body.into_bytes().to_vec()))
    }
}

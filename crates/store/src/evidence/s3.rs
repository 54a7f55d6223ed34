//! Evidence in S3: one object per file at `cases/<case key>/<sha256>`, encrypted at rest (SSE-S3) and sent with
//! its SHA-256 checksum, so S3 refuses a body damaged on the way.

use csirt_domain::error_chain::error_chain;
use std::error::Error;

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::create_bucket::CreateBucketError;
use aws_sdk_s3::operation::get_object::GetObjectError;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketVersioningStatus, CreateBucketConfiguration, Delete,
    ObjectIdentifier, PublicAccessBlockConfiguration, ServerSideEncryption,
    ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration, ServerSideEncryptionRule,
    VersioningConfiguration,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest, Sha256};

use super::{EvidenceFile, EvidenceStore, case_prefix, object_key};
use crate::{CREATE_COMMAND, Creation, StoreError};

/// The service error code of a bucket that does not exist.
const BUCKET_NOT_FOUND: &str = "NoSuchBucket";

/// What a missing bucket is reported as: its name and the command that creates it.
fn missing_bucket(bucket: &str, operation: &str) -> String {
    format!(
        "evidence s3 {operation}: bucket {bucket} does not exist: create it with `{CREATE_COMMAND}` (it reads \
         CSIRT_TABLE and CSIRT_EVIDENCE_BUCKET), or deploy functions/deploy/aws/template.yaml; check \
         CSIRT_EVIDENCE_BUCKET and the region (AWS_REGION) too"
    )
}

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

    /// Creates the bucket in the client's region, private (public access blocked), encrypted by default
    /// (SSE-S3) and versioned, as `functions/deploy/aws/template.yaml` declares it; a bucket of that name that
    /// this account has already is left as it is ([`Creation::Existed`]).
    pub async fn create_bucket_if_missing(&self) -> Result<Creation, StoreError> {
        if self
            .client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .is_ok()
        {
            return Ok(Creation::Existed);
        }
        let mut request = self.client.create_bucket().bucket(&self.bucket);
        // us-east-1 takes no location constraint; every other region needs its own.
        let region = self.client.config().region().map(|r| r.as_ref().to_owned());
        if let Some(region) = region.filter(|r| r != "us-east-1") {
            request = request.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(region.as_str()))
                    .build(),
            );
        }
        match request.send().await {
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.as_service_error(),
                    Some(CreateBucketError::BucketAlreadyOwnedByYou(_))
                ) =>
            {
                return Ok(Creation::Existed);
            }
            Err(e)
                if matches!(
                    e.as_service_error(),
                    Some(CreateBucketError::BucketAlreadyExists(_))
                ) =>
            {
                return Err(StoreError::Unavailable(format!(
                    "evidence s3 CreateBucket: the name {} is taken by another account: choose another \
                     CSIRT_EVIDENCE_BUCKET",
                    self.bucket
                )));
            }
            Err(e) => return Err(self.unavailable("CreateBucket", &e)),
        }
        self.secure_new_bucket().await?;
        Ok(Creation::Created)
    }

    /// Blocks public access, turns on default encryption and versioning of a bucket just created.
    async fn secure_new_bucket(&self) -> Result<(), StoreError> {
        let built = |e: aws_sdk_s3::error::BuildError| {
            StoreError::Unavailable(format!("evidence s3: a request could not be built: {e}"))
        };
        self.client
            .put_public_access_block()
            .bucket(&self.bucket)
            .public_access_block_configuration(
                PublicAccessBlockConfiguration::builder()
                    .block_public_acls(true)
                    .block_public_policy(true)
                    .ignore_public_acls(true)
                    .restrict_public_buckets(true)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| self.unavailable("PutPublicAccessBlock", &e))?;
        let encryption = ServerSideEncryptionConfiguration::builder()
            .rules(
                ServerSideEncryptionRule::builder()
                    .apply_server_side_encryption_by_default(
                        ServerSideEncryptionByDefault::builder()
                            .sse_algorithm(ServerSideEncryption::Aes256)
                            .build()
                            .map_err(built)?,
                    )
                    .bucket_key_enabled(true)
                    .build(),
            )
            .build()
            .map_err(built)?;
        self.client
            .put_bucket_encryption()
            .bucket(&self.bucket)
            .server_side_encryption_configuration(encryption)
            .send()
            .await
            .map_err(|e| self.unavailable("PutBucketEncryption", &e))?;
        self.client
            .put_bucket_versioning()
            .bucket(&self.bucket)
            .versioning_configuration(
                VersioningConfiguration::builder()
                    .status(BucketVersioningStatus::Enabled)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| self.unavailable("PutBucketVersioning", &e))?;
        Ok(())
    }

    /// A failed request on the bucket; a missing bucket is named as such.
    fn unavailable<E>(&self, operation: &str, err: &SdkError<E>) -> StoreError
    where
        E: ProvideErrorMetadata + Error + 'static,
    {
        if err.code() == Some(BUCKET_NOT_FOUND) {
            let message = missing_bucket(&self.bucket, operation);
            tracing::error!(operation, "evidence store unavailable: {message}");
            return StoreError::Unavailable(message);
        }
        unavailable(operation, err)
    }
}

impl S3Evidence {
    /// Every stored version and delete marker of the objects whose keys begin with `prefix` (of those equal to
    /// `exact`, when given): key and version id each.
    async fn versions(
        &self,
        prefix: &str,
        exact: Option<&str>,
    ) -> Result<Vec<(String, Option<String>)>, StoreError> {
        let mut found = Vec::new();
        let (mut key_marker, mut version_marker) = (None, None);
        loop {
            let out = self
                .client
                .list_object_versions()
                .bucket(&self.bucket)
                .prefix(prefix)
                .set_key_marker(key_marker.take())
                .set_version_id_marker(version_marker.take())
                .send()
                .await
                .map_err(|e| self.unavailable("delete (ListObjectVersions)", &e))?;
            let versions = out
                .versions()
                .iter()
                .map(|v| (v.key(), v.version_id()))
                .chain(
                    out.delete_markers()
                        .iter()
                        .map(|m| (m.key(), m.version_id())),
                );
            for (key, version) in versions {
                if let Some(key) = key.filter(|key| exact.is_none_or(|exact| exact == *key)) {
                    found.push((key.to_owned(), version.map(str::to_owned)));
                }
            }
            if out.is_truncated() != Some(true) {
                return Ok(found);
            }
            key_marker = out.next_key_marker().map(str::to_owned);
            version_marker = out.next_version_id_marker().map(str::to_owned);
            if key_marker.is_none() && version_marker.is_none() {
                return Ok(found);
            }
        }
    }

    /// Deletes these versions (and delete markers), at most 1,000 a request; a version that fails is named by
    /// its error code only.
    async fn delete_versions(
        &self,
        versions: &[(String, Option<String>)],
    ) -> Result<(), StoreError> {
        let built = |e: aws_sdk_s3::error::BuildError| {
            StoreError::Unavailable(format!(
                "evidence s3 delete: a request could not be built: {e}"
            ))
        };
        for chunk in versions.chunks(1000) {
            let objects = chunk
                .iter()
                .map(|(key, version)| {
                    ObjectIdentifier::builder()
                        .key(key)
                        .set_version_id(version.clone())
                        .build()
                        .map_err(built)
                })
                .collect::<Result<Vec<_>, _>>()?;
            let out = self
                .client
                .delete_objects()
                .bucket(&self.bucket)
                .delete(
                    Delete::builder()
                        .set_objects(Some(objects))
                        .quiet(true)
                        .build()
                        .map_err(built)?,
                )
                .send()
                .await
                .map_err(|e| self.unavailable("delete (DeleteObjects)", &e))?;
            if let Some(error) = out.errors().first() {
                let message = format!(
                    "evidence s3 delete: {} of {} object versions were not deleted ({})",
                    out.errors().len(),
                    chunk.len(),
                    error.code().unwrap_or("unknown error")
                );
                tracing::warn!(operation = "delete", "evidence store: {message}");
                return Err(StoreError::Unavailable(message));
            }
        }
        Ok(())
    }
}

/// An S3 client configured from the environment (region, credentials, endpoint such as `AWS_ENDPOINT_URL_S3`,
/// …); a custom endpoint is addressed path-style, as local S3 servers expect.
pub async fn client_from_env() -> Client {
    client_for(&crate::aws_client::shared_config().await)
}

/// An S3 client on `shared`, the SDK's configuration read from the environment; a custom endpoint is addressed
/// path-style, as local S3 servers expect.
pub fn client_for(shared: &aws_config::SdkConfig) -> Client {
    let custom_endpoint = ENDPOINT_VARIABLES
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()));
    let config = aws_sdk_s3::config::Builder::from(shared)
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
            .map_err(|e| self.unavailable("put", &e))?;
        Ok(())
    }

    async fn delete(&self, case_key: &str, sha256: &str) -> Result<(), StoreError> {
        let key = object_key(case_key, sha256)?;
        let versions = self.versions(&key, Some(&key)).await?;
        self.delete_versions(&versions).await
    }

    async fn delete_case(&self, case_key: &str) -> Result<u64, StoreError> {
        let prefix = case_prefix(case_key)?;
        let versions = self.versions(&prefix, None).await?;
        self.delete_versions(&versions).await?;
        let mut keys: Vec<&String> = versions.iter().map(|(key, _)| key).collect();
        keys.sort();
        keys.dedup();
        Ok(keys.len() as u64)
    }

    fn location(&self, case_key: &str) -> Result<String, StoreError> {
        Ok(format!(
            "bucket s3://{}/{} (every version)",
            self.bucket,
            case_prefix(case_key)?
        ))
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
            Err(e) => return Err(self.unavailable("get", &e)),
        };
        let body = out.body.collect().await.map_err(|e| {
            let message = format!("evidence s3 get: the object could not be read: {e}");
            tracing::warn!(operation = "get", "evidence store unavailable: {message}");
            StoreError::Unavailable(message)
        })?;
        Ok(Some(body.into_bytes().to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_bucket_is_named_with_the_command_that_creates_it() {
        let message = missing_bucket("csirt-evidence", "put");
        assert!(
            message.contains("bucket csirt-evidence does not exist"),
            "{message}"
        );
        assert!(message.contains("`csirt store create`"), "{message}");
    }
}

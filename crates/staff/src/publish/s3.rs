//! Carrying out an upload plan against the site's S3 bucket: each changed file sent with its content type, each
//! object whose file is gone deleted, and each recorded as it happens. A build without the `aws` feature refuses,
//! saying how to build one that uploads.

use super::{UploadPlan, Uploaded};
use crate::error::StaffError;

/// Sends and deletes what `plan` says in `bucket` (the AWS SDK's environment names the region, the credentials
/// and any endpoint); `progress` hears (done, total) after each file sent.
#[cfg(feature = "aws")]
pub async fn upload_site(
    bucket: &str,
    mut plan: UploadPlan,
    progress: &dyn Fn(usize, usize),
) -> Result<Uploaded, StaffError> {
    use aws_sdk_s3::primitives::ByteStream;

    let client = csirt_store::evidence::s3_client_from_env().await;
    let send = std::mem::take(&mut plan.send);
    let total = send.len();
    for upload in send {
        client
            .put_object()
            .bucket(bucket)
            .key(&upload.key)
            .content_type(&upload.content_type)
            .body(ByteStream::from(upload.bytes.clone()))
            .send()
            .await
            .map_err(|e| s3_failure(&format!("uploading {} to s3://{bucket}", upload.key), &e))?;
        plan.sent(&upload)?;
        progress(plan.done.sent, total);
    }
    for key in std::mem::take(&mut plan.delete) {
        client
            .delete_object()
            .bucket(bucket)
            .key(&key)
            .send()
            .await
            .map_err(|e| s3_failure(&format!("deleting {key} from s3://{bucket}"), &e))?;
        plan.deleted(&key)?;
    }
    plan.save()?;
    Ok(plan.done)
}

/// Refuses: this build has no S3 client.
#[cfg(not(feature = "aws"))]
pub async fn upload_site(
    bucket: &str,
    _plan: UploadPlan,
    _progress: &dyn Fn(usize, usize),
) -> Result<Uploaded, StaffError> {
    Err(StaffError::Unavailable(format!(
        "s3://{bucket}: this csirt was built without AWS and cannot upload the site; build it with \
         `cargo build --release --features aws --bin csirt`, or leave --bucket and CSIRT_SITE_BUCKET unset to \
         build only"
    )))
}

/// The bucket could not be reached or refused: nothing more was sent.
#[cfg(feature = "aws")]
fn s3_failure(doing: &str, error: &(dyn std::error::Error + 'static)) -> StaffError {
    StaffError::Unavailable(format!(
        "{doing}: {}",
        csirt_domain::error_chain::error_chain(error)
    ))
}

//! Carrying out an upload plan against the site's S3 bucket: each changed file sent with its content type, each
//! object whose file is gone deleted, and each recorded as it happens.

use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;
use csirt_domain::error_chain::error_chain;
use csirt_staff::publish::{UploadPlan, Uploaded};

use crate::failure::Failure;

/// Sends and deletes what `plan` says in `bucket`; `progress` hears (done, total) after each file sent.
pub async fn upload_site(
    client: &Client,
    bucket: &str,
    mut plan: UploadPlan,
    progress: &dyn Fn(usize, usize),
) -> Result<Uploaded, Failure> {
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

/// The bucket could not be reached or refused: nothing more was sent.
fn s3_failure(doing: &str, error: &(dyn std::error::Error + 'static)) -> Failure {
    Failure::unavailable(format!("{doing}: {}", error_chain(error)))
}

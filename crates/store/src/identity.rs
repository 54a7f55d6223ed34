//! Who the AWS credentials of this environment belong to, as AWS STS says (`GetCallerIdentity` needs no
//! permission): the identity `csirt` acts as on a team that runs on AWS.

use crate::StoreError;

/// The ARN of the IAM identity the environment's credentials belong to; refused by a build without the `aws`
/// feature.
#[cfg(not(feature = "aws"))]
pub async fn caller_arn() -> Result<String, StoreError> {
    Err(crate::settings::not_built("the IAM identity", "AWS", "aws"))
}

/// The ARN of the IAM identity the environment's credentials belong to.
#[cfg(feature = "aws")]
pub async fn caller_arn() -> Result<String, StoreError> {
    use aws_sdk_sts::error::ProvideErrorMetadata;

    let config = crate::aws_client::shared_config().await;
    let out = aws_sdk_sts::Client::new(&config)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| {
            let detail = e.message().or(e.code()).unwrap_or("no answer").to_owned();
            StoreError::Unavailable(format!(
                "AWS STS GetCallerIdentity failed ({detail}): csirt acts as the IAM identity of its AWS \
                 credentials, so they must be set (AWS_PROFILE, AWS_ACCESS_KEY_ID, …)"
            ))
        })?;
    out.arn().map(str::to_owned).ok_or_else(|| {
        StoreError::Unavailable("AWS STS GetCallerIdentity answered without an ARN".into())
    })
}

//! What the reliability tests share: where the built `intake` binary is, starting it and driving a load at it,
//! the reckoning of acknowledged against stored reports, and a proxy that stops or throttles the DynamoDB
//! endpoint on demand. Fresh DynamoDB and S3 resources on moto's server come from the test kit
//! (`csirt_test_kit::aws::AwsResources`).

pub mod binary;
pub mod drive;
pub mod fault;
pub mod ledger;

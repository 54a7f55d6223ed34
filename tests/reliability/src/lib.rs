//! What the reliability tests share: where the built `intake` binary is, the reckoning of acknowledged against
//! stored reports, fresh DynamoDB and S3 resources on moto's server, and a proxy that stops or throttles the
//! DynamoDB endpoint on demand.

pub mod aws;
pub mod binary;
pub mod fault;
pub mod ledger;

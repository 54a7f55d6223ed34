//! Evidence in S3 (being written).

/// Evidence files in an S3 bucket.
#[derive(Debug)]
pub struct S3Evidence;

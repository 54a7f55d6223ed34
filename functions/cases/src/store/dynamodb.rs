//! DynamoDB backend (being written).

/// The DynamoDB case store.
#[derive(Debug)]
pub struct DynamoStore;

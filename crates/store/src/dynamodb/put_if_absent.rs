//! Writing an item only where none has its key: the one conditional put that the store's write-once items (a
//! document's verification entry, a counter's first value, the audit key) share.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;

use super::DynamoStore;
use super::item::{Item, PK};
use crate::StoreError;

impl DynamoStore {
    /// Puts `item` unless an item with its key exists: `true` when it was written, `false` when one was there
    /// already (and is left as it was). `operation` names the write in the error when the table cannot be reached.
    pub(super) async fn put_if_absent(
        &self,
        item: Item,
        operation: &str,
    ) -> Result<bool, StoreError> {
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(#pk)")
            .expression_attribute_names("#pk", PK)
            .send()
            .await;
        match put {
            Ok(_) => Ok(true),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), PutItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(false)
            }
            Err(e) => Err(self.unavailable(operation, &e)),
        }
    }
}

//! The public verification entries of issued documents, on DynamoDB.
//!
//! Layout: each entry is an item of its own keyed by the code alone (`pk = CHECK#<verification code>`,
//! `sk = CHECK`), so a lookup is one `GetItem` with no index and no scan, the intake may be granted exactly these
//! items (`dynamodb:LeadingKeys` `CHECK#*`) and no key leads from an entry to its case or back. An entry is
//! written once, only where no item is (`attribute_not_exists(pk)`).

use std::collections::HashMap;

use super::DynamoStore;
use super::item::{DOC, Item, PK, SK, s, string_of};
use crate::StoreError;
use csirt_domain::case::{DocumentCheck, VerificationCode};

/// The partition key prefix of verification entries.
pub(super) const CHECK_PK_PREFIX: &str = "CHECK#";
const CHECK_SK: &str = "CHECK";

fn check_key(code: &VerificationCode) -> Item {
    HashMap::from([
        (
            PK.to_owned(),
            s(format!("{CHECK_PK_PREFIX}{}", code.as_str())),
        ),
        (SK.to_owned(), s(CHECK_SK)),
    ])
}

fn corrupt(code: &VerificationCode, message: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        code: format!("document check {}", code.printed()),
        message: message.into(),
    }
}

impl DynamoStore {
    /// Files `check` under its code, only where no entry is.
    pub(super) async fn write_document_check(
        &self,
        check: &DocumentCheck,
    ) -> Result<(), StoreError> {
        let doc = serde_json::to_string(check).map_err(|e| corrupt(&check.code, e.to_string()))?;
        let mut item = check_key(&check.code);
        item.insert(DOC.to_owned(), s(doc));
        if self.put_if_absent(item, "PutItem (document check)").await? {
            Ok(())
        } else {
            Err(StoreError::DuplicateCheck(check.code.printed()))
        }
    }

    /// The entry filed under `code`.
    pub(super) async fn read_document_check(
        &self,
        code: &VerificationCode,
    ) -> Result<Option<DocumentCheck>, StoreError> {
        let Some(item) = self
            .get_item(check_key(code), "GetItem (document check)")
            .await?
        else {
            return Ok(None);
        };
        let doc = string_of(&item, DOC).ok_or_else(|| corrupt(code, "attribute doc is missing"))?;
        serde_json::from_str(doc)
            .map(Some)
            .map_err(|e| corrupt(code, e.to_string()))
    }
}

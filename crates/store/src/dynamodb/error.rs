//! From the SDK's errors to [`StoreError`]. Messages carry the operation, the service's error code and its
//! message, never case data: reporters' personal data must not reach logs.

use csirt_domain::error_chain::error_chain;
use std::error::Error;

use aws_sdk_dynamodb::error::{BuildError, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;

use super::DynamoStore;
use crate::{CREATE_COMMAND, StoreError};

/// The service error code of a table that does not exist.
const TABLE_NOT_FOUND: &str = "ResourceNotFoundException";

/// What a missing table is reported as: its name and the command that creates it.
pub(crate) fn missing_table(table: &str, operation: &str) -> String {
    format!(
        "table {table} does not exist (DynamoDB answered {operation} with {TABLE_NOT_FOUND}): create it with \
         `{CREATE_COMMAND}` (it reads CSIRT_TABLE and CSIRT_EVIDENCE_BUCKET), or deploy \
         functions/deploy/aws/template.yaml; check CSIRT_TABLE and the region (AWS_REGION) too"
    )
}

impl DynamoStore {
    /// Any failure of `operation` on the store's table that has no meaning of its own for the store: the store
    /// is unavailable, and a missing table is named as such.
    pub(super) fn unavailable<E>(&self, operation: &str, err: &SdkError<E>) -> StoreError
    where
        E: ProvideErrorMetadata + Error + 'static,
    {
        if err.code() == Some(TABLE_NOT_FOUND) {
            let message = missing_table(&self.table, operation);
            tracing::error!(operation, "case store unavailable: {message}");
            return StoreError::Unavailable(message);
        }
        unavailable(operation, err)
    }
}

/// Service error codes that mean "busy or failing, try again later".
const TRANSIENT: &[&str] = &[
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "LimitExceededException",
    "TransactionInProgressException",
];

/// Cancellation reason of an item whose condition failed.
pub(super) const CONDITION_FAILED: &str = "ConditionalCheckFailed";
/// Cancellation reason of an item another transaction was writing at the same time.
pub(super) const TRANSACTION_CONFLICT: &str = "TransactionConflict";

/// Any failure of `operation` that has no meaning of its own for the store: the store is unavailable.
fn unavailable<E>(operation: &str, err: &SdkError<E>) -> StoreError
where
    E: ProvideErrorMetadata + Error + 'static,
{
    let message = match err {
        SdkError::ServiceError(service) => {
            let e = service.err();
            let code = e.code().unwrap_or("unknown error");
            let detail = e.message().unwrap_or("no message");
            let hint = if TRANSIENT.contains(&code) {
                " (DynamoDB is busy or failing; try again later)"
            } else {
                ""
            };
            format!("{operation} failed: {code}: {detail}{hint}")
        }
        SdkError::TimeoutError(_) => format!("{operation} timed out; try again later"),
        SdkError::DispatchFailure(_) => {
            format!("{operation} could not reach DynamoDB: {}", error_chain(err))
        }
        // The response's body may hold case data: name the failure, not its details.
        SdkError::ResponseError(_) => format!("{operation} failed: the response could not be read"),
        _ => format!("{operation} failed: {}", error_chain(err)),
    };
    tracing::warn!(
        operation,
        error_code = err.code(),
        "case store unavailable: {message}"
    );
    StoreError::Unavailable(message)
}

/// A request that could not be built (a required field missing): a bug, reported as unavailability.
pub(super) fn build_failed(operation: &str) -> impl Fn(BuildError) -> StoreError + '_ {
    move |e| {
        let message = format!("{operation} failed: the request could not be built: {e}");
        tracing::error!(operation, "case store: {message}");
        StoreError::Unavailable(message)
    }
}

/// The per-item cancellation reason codes, when the transaction was cancelled (`None` for any other
/// failure). DynamoDB lists one reason per item in request order, `None` for items that were fine; the list
/// is empty when the service sent none.
pub(super) fn cancellation_reasons(err: &SdkError<TransactWriteItemsError>) -> Option<Vec<String>> {
    match err.as_service_error()? {
        TransactWriteItemsError::TransactionCanceledException(cancelled) => Some(
            cancelled
                .cancellation_reasons()
                .iter()
                .map(|reason| reason.code().unwrap_or("None").to_owned())
                .collect(),
        ),
        _ => None,
    }
}

/// A cancelled transaction whose reasons do not mean anything to the store.
pub(super) fn cancelled(operation: &str, reasons: &[String]) -> StoreError {
    let reasons = if reasons.is_empty() {
        "no reason given".to_owned()
    } else {
        reasons.join(", ")
    };
    let message = format!("{operation} was cancelled by DynamoDB ({reasons}); try again later");
    tracing::warn!(operation, "case store unavailable: {message}");
    StoreError::Unavailable(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_table_is_named_with_the_command_that_creates_it() {
        let message = missing_table("csirt-cases", "GetItem");
        assert!(
            message.starts_with("table csirt-cases does not exist"),
            "{message}"
        );
        assert!(message.contains("`csirt store create`"), "{message}");
    }
}

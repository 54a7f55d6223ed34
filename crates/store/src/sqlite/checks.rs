//! The public verification entries of issued documents, on SQLite: one row per verification code, apart from
//! the cases (the entry holds nothing that leads to its case).

use rusqlite::{Connection, OptionalExtension, params};

use super::unavailable;
use crate::StoreError;
use csirt_domain::case::{DocumentCheck, VerificationCode};

/// Files `check` under its code; refused when the code is filed already.
pub fn put_document_check(
    connection: &Connection,
    check: &DocumentCheck,
) -> Result<(), StoreError> {
    let doc = serde_json::to_string(check)
        .map_err(|e| unavailable("put_document_check", format!("encoding the entry: {e}")))?;
    let written = connection
        .execute(
            "INSERT INTO document_checks (code, doc) VALUES (?1, ?2) ON CONFLICT (code) DO NOTHING",
            params![check.code.as_str(), doc],
        )
        .map_err(|e| unavailable("put_document_check", e))?;
    if written == 0 {
        return Err(StoreError::DuplicateCheck(check.code.printed()));
    }
    Ok(())
}

/// The entry filed under `code`.
pub fn document_check(
    connection: &Connection,
    code: &VerificationCode,
) -> Result<Option<DocumentCheck>, StoreError> {
    let doc: Option<String> = connection
        .query_row(
            "SELECT doc FROM document_checks WHERE code = ?1",
            [code.as_str()],
            |row| row.get(0),
        )
        .optional()
        .map_err(|e| unavailable("document_check", e))?;
    doc.map(|doc| {
        serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt {
            code: format!("document check {}", code.printed()),
            message: e.to_string(),
        })
    })
    .transpose()
}

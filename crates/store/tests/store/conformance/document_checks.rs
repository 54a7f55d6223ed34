//! Issued documents' verification entries: filed once under their code, found by it alone.

use chrono::{TimeZone, Utc};
use csirt_domain::case::{DocumentCheck, DocumentKind, VerificationCode};
use csirt_domain::lang::Localized;
use csirt_store::{CaseStore, StoreError};
use std::sync::Arc;

fn check(code: &VerificationCode, number: &str) -> DocumentCheck {
    DocumentCheck {
        code: code.clone(),
        kind: DocumentKind::NotificationLetter,
        number: number.to_owned(),
        issued_at: Utc.with_ymd_and_hms(2026, 11, 30, 3, 0, 0).unwrap(),
        team: "TTIS".to_owned(),
        organisation: Localized::new("Dinas Kominfo", "Communication Office"),
        signed_as: Some(Localized::new("Kepala Dinas", "Head of the Office")),
        sha256: vec!["ab".repeat(32)],
    }
}

pub(super) async fn document_checks_are_filed_once_and_found_by_their_code(
    store: Arc<dyn CaseStore>,
) {
    let code = VerificationCode::generate().unwrap();
    let other = VerificationCode::generate().unwrap();
    assert_eq!(store.document_check(&code).await.unwrap(), None);
    let filed = check(&code, "001/TTIS/XI/2026");
    store.put_document_check(&filed).await.unwrap();
    assert_eq!(
        store.document_check(&code).await.unwrap(),
        Some(filed.clone())
    );
    assert_eq!(
        store.document_check(&other).await.unwrap(),
        None,
        "another code finds nothing"
    );
    // A second entry under the same code is refused and the first stays as it was.
    let again = store
        .put_document_check(&check(&code, "999/FORGED"))
        .await
        .unwrap_err();
    assert!(matches!(again, StoreError::DuplicateCheck(_)), "{again:?}");
    assert_eq!(store.document_check(&code).await.unwrap(), Some(filed));
}

//! Kutai Kartanegara's procedure, which thanks the reporter with a certificate.

use super::{publish_and_check, state};
use crate::seeds::*;
use serde_json::Value;

/// Kutai Kartanegara's procedure from verification to resolution: verification and categorisation in the team
/// meeting (1 day), the notification letter to the system operator and the certificate of appreciation (both
/// signed by the head of office). Returns the resolved case.
pub(super) fn walk_kukar_to_resolved(site: &SeedSite, c: &str) -> Value {
    verify_and_analyse(site, c);
    super::signing::sign_letter_and_certificate(site, c);
    let resolved = site.step(&["resolve", c, "--summary", "PSE memperbaiki celah."]);
    assert_eq!(state(&resolved), "resolved");
    resolved
}

/// Kutai Kartanegara's case verified, categorised, analysed and summarised for the system operator: ready for its
/// letter and certificate.
pub(crate) fn verify_and_analyse(site: &SeedSite, c: &str) {
    site.step(&["start-verification", c]);
    site.step(&["verify", c, "--valid"]);
    site.step(&[
        "classify",
        c,
        "--class",
        "vulnerable",
        "--type",
        "vulnerable-system",
        "--priority",
        "medium",
    ]);
    site.step(&[
        "analysis",
        c,
        "--analysis",
        "Bukti konsep menunjukkan injeksi SQL pada formulir pencarian.",
        "--recommendations",
        "Gunakan kueri berparameter.",
    ]);
    site.step(&[
        "summary",
        c,
        "--text",
        "Injeksi SQL pada formulir pencarian situs dinas.",
    ]);
}

#[tokio::test]
async fn kutai_kartanegara_thanks_the_reporter_with_a_certificate() {
    let site = SeedSite::new("kukar");
    let code = site
        .submit("pemburu_celah", "vulnerable", "vulnerable-system")
        .await;
    assert!(code.starts_with("TTIS-"), "{code}");
    let c = code.as_str();
    // The reporter holds a ticket code and can follow the status.
    assert_eq!(site.status(c).await["state"], "received");
    let resolved = walk_kukar_to_resolved(&site, c);
    let documents = resolved["documents"].as_array().unwrap();
    assert_eq!(
        documents.len(),
        2,
        "the letter and the certificate are recorded"
    );
    assert_ne!(documents[0]["number"], documents[1]["number"]);
    // The letter keeps the case's marking; the certificate, given to the reporter, is TLP:CLEAR.
    assert_eq!(documents[0]["kind"], "notification_letter");
    assert_eq!(documents[0]["tlp"], "amber");
    assert_eq!(documents[1]["kind"], "certificate_of_appreciation");
    assert_eq!(documents[1]["tlp"], "clear");
    // The register number is the team's: on the case, never on the reporter's status page.
    let shown: Value = serde_json::from_str(&site.csirt(&["case", "show", c, "--json"])).unwrap();
    let register = shown["case"]["register"].as_str().unwrap().to_owned();
    assert!(register.ends_with("/0001"), "{register}");
    let status = site.status(c).await.to_string();
    assert!(!status.contains(&register), "{status}");
    site.step(&["close", c, "--hall-of-fame"]);
    publish_and_check(&site, c, "pemburu_celah").await;
}

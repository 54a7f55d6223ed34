//! Reports accepted: JSON and form reports stored with every field, evidence typed by content and stored by
//! hash, a disguised file refused.

use super::stored_count;
use crate::support::*;
use csirt_domain::tracking::TrackingCode;

#[tokio::test]
async fn a_json_report_gets_a_code_that_finds_its_status() {
    let app = app();
    let reply = app.post_json(&report_json(), &[]).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let body = reply.json();
    let code = body["tracking_code"].as_str().unwrap();
    assert!(code.starts_with("TGL-"), "{code}");
    assert_eq!(body["status_url"], format!("/status/?code={code}"));
    assert_eq!(
        reply.headers["location"],
        format!("/api/reports/{code}").as_str()
    );

    let status = app.status(code, &[]).await;
    assert_eq!(status.status, 200, "{}", status.body);
    let view = status.json();
    assert_eq!(view["state"], "received");
    assert_eq!(view["label"], "Laporan diterima");
    assert_eq!(view["timeline"].as_array().unwrap().len(), 1);
    assert_eq!(view["overdue"], false);
    assert!(
        view["due_at"].is_string(),
        "Tegal's first steps have time standards"
    );
    for secret in PERSONAL_DATA
        .iter()
        .chain(["judi online", "dinkes.tegalkab"].iter())
    {
        assert!(
            !status.body.contains(secret),
            "{secret} in the status: {}",
            status.body
        );
    }
    // Typed loosely, the code finds the same case; in English, the label is English.
    let loose = code.to_lowercase().replace('-', "");
    let english = app
        .status(&loose, &[("accept-language", "en-GB,en;q=0.9")])
        .await;
    assert_eq!(english.json()["label"], "Report received");
}

#[tokio::test]
async fn a_form_report_is_stored_with_every_field() {
    let app = app();
    let reply = app.post_form(&report_fields(), &[]).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let code = TrackingCode::parse(reply.json()["tracking_code"].as_str().unwrap()).unwrap();
    let case = app.cases.get(&code).await.unwrap().unwrap();
    assert_eq!(
        case.report.reporter.email.unwrap().as_str(),
        "siti.rahayu@contoh.id"
    );
    assert_eq!(
        case.report.reporter.phone.unwrap().as_str(),
        "+6281298765432"
    );
    assert_eq!(case.report.hall_of_fame.alias().unwrap().as_str(), "siti_r");
    assert_eq!(app.cases.events(&code).await.unwrap().len(), 1);
}

#[tokio::test]
async fn evidence_is_typed_by_content_and_stored_by_hash() {
    let app = app();
    let log =
        b"Nov 23 10:01:02 web sshd[311]: Failed password for root from 203.0.113.5\n".to_vec();
    // A phishing page's source, sent as a text file: kept, as opaque bytes.
    let page = b"Sumber halaman palsu:\n<html><script>kirim(sandi)</script></html>\n".to_vec();
    let reply = app
        .post_multipart(
            &report_fields(),
            &[
                ("tangkapan.exe", "application/octet-stream", png()),
                ("auth.log", "image/png", log.clone()),
                ("halaman.txt", "text/plain", page.clone()),
            ],
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let code = TrackingCode::parse(reply.json()["tracking_code"].as_str().unwrap()).unwrap();
    let case = app.cases.get(&code).await.unwrap().unwrap();
    let types: Vec<&str> = case
        .evidence
        .iter()
        .map(|e| e.media_type.as_str())
        .collect();
    assert_eq!(
        types,
        [
            "image/png",
            "text/plain; charset=utf-8",
            "application/octet-stream"
        ]
    );
    assert!(case.evidence[2].is_opaque() && !case.evidence[1].is_opaque());
    for (reference, bytes) in case.evidence.iter().zip([png(), log, page]) {
        assert_eq!(
            app.evidence
                .get(code.key(), &reference.sha256)
                .await
                .unwrap(),
            Some(bytes)
        );
    }
    // A file input left empty is not a file.
    let empty = app
        .post_multipart(
            &report_fields(),
            &[("", "application/octet-stream", Vec::new())],
        )
        .await;
    assert_eq!(empty.status, 201, "{}", empty.body);
}

#[tokio::test]
async fn evidence_keeps_its_file_name_cleaned_of_paths_and_hidden_characters() {
    let app = app();
    let log = b"Nov 23 10:01:02 web sshd[311]: Failed password for root\n".to_vec();
    let reply = app
        .post_multipart(
            &report_fields(),
            &[
                ("../../bukti/tangkapan\u{202e}layar.png", "image/png", png()),
                ("auth.log", "text/plain", log),
            ],
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let code = TrackingCode::parse(reply.json()["tracking_code"].as_str().unwrap()).unwrap();
    let case = app.cases.get(&code).await.unwrap().unwrap();
    let names: Vec<Option<&str>> = case.evidence.iter().map(|e| e.name.as_deref()).collect();
    assert_eq!(names, [Some("tangkapanlayar.png"), Some("auth.log")]);
    // A file whose part names nothing is kept without a name.
    let unnamed = app
        .post_multipart(&report_fields(), &[("", "image/png", png())])
        .await;
    assert_eq!(unnamed.status, 201, "{}", unnamed.body);
    let code = TrackingCode::parse(unnamed.json()["tracking_code"].as_str().unwrap()).unwrap();
    let case = app.cases.get(&code).await.unwrap().unwrap();
    assert_eq!(case.evidence.len(), 1);
    assert_eq!(case.evidence[0].name, None);
}

#[tokio::test]
async fn a_disguised_file_is_refused_and_nothing_is_stored() {
    let app = app();
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0".to_vec();
    let reply = app
        .post_multipart(&report_fields(), &[("screenshot.png", "image/png", elf)])
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(
        reply.json()["errors"]["evidence"]
            .as_str()
            .unwrap()
            .contains("ke-1")
    );
    assert_eq!(stored_count(&app).await, 0);
}

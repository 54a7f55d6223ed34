//! Browsers without JavaScript: pages instead of JSON, and the status form redirected to the status.

use crate::support::*;

#[tokio::test]
async fn a_browser_without_javascript_gets_pages_not_json() {
    let app = app();
    let html = [("accept", "text/html,application/xhtml+xml,*/*;q=0.8")];
    let reply = app.post_form(&report_fields(), &html).await;
    assert_eq!(reply.status, 201);
    assert!(
        reply.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let code = reply.headers["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/api/reports/")
        .to_owned();
    assert!(reply.body.contains(&code), "{}", reply.body);
    assert!(reply.body.contains("Kode pelacakan Anda"));
    // Its status link works without JavaScript: the intake's own status page.
    assert!(
        reply.body.contains(&format!(
            "href=\"&#x2F;api&#x2F;reports&#x2F;{code}?lang=id\""
        )) || reply
            .body
            .contains(&format!("href=\"/api/reports/{code}?lang=id\"")),
        "{}",
        reply.body
    );
    // A mistyped code gets the status form again, holding what was typed.
    let typo = app
        .get("/api/status?code=TGL-0000-0000-000X&lang=en", &html)
        .await;
    assert_eq!(typo.status, 422);
    assert!(
        typo.body.contains(r#"value="TGL-0000-0000-000X""#),
        "{}",
        typo.body
    );
    assert!(!typo.body.contains("Back button"), "{}", typo.body);
    let status = app.status(&code, &html).await;
    assert_eq!(status.status, 200);
    assert!(status.body.contains("Laporan diterima"), "{}", status.body);
    let errors = app
        .post_form(&[("title", "<script>alert(1)</script>")], &html)
        .await;
    assert_eq!(errors.status, 422);
    assert!(
        errors.body.contains("Periksa kembali laporan Anda")
            && errors
                .body
                .contains("<strong>Apa yang terjadi?</strong> Wajib diisi."),
        "each problem is named by its field's label, without doubled punctuation: {}",
        errors.body
    );
    // In the form's order, not the alphabet's.
    let listed: Vec<usize> = csirt_domain::report::FIELDS
        .iter()
        .filter_map(|field| csirt_domain::report::field_label(field))
        .filter_map(|label| errors.body.find(&format!("<strong>{}</strong>", label.id)))
        .collect();
    assert!(listed.len() >= 3, "{}", errors.body);
    assert!(
        listed.windows(2).all(|w| w[0] < w[1]),
        "problems in the form's order: {}",
        errors.body
    );
    assert!(!errors.body.contains("<script>"));
}

#[tokio::test]
async fn the_status_form_without_javascript_is_redirected_to_the_status() {
    let app = app();
    let code = app.post_json(&report_json(), &[]).await.json()["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let typed = code.to_lowercase().replace('-', " ");
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("code", &typed)
        .append_pair("lang", "en")
        .finish();
    let reply = app
        .send(
            axum::http::Request::get(format!("/api/status?{query}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, 303);
    assert_eq!(
        reply.headers["location"],
        format!("/api/reports/{code}?lang=en").as_str()
    );
    let bad = app
        .send(
            axum::http::Request::get("/api/status?code=TGL-0000")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(bad.status, 422);
}

//! The status lookup: mistyped codes refused before lookup, unknown codes 404, repeated query parameters read.

use crate::support::*;
use csirt_domain::tracking::TrackingCode;
use serde_json::json;

#[tokio::test]
async fn a_mistyped_code_is_refused_before_lookup_and_unknown_codes_are_404() {
    let app = app();
    let reply = app.post_json(&report_json(), &[]).await;
    let code = reply.json()["tracking_code"].as_str().unwrap().to_owned();
    // Swap two different symbols of the code's body.
    let mut chars: Vec<char> = code.chars().collect();
    let (i, j) = (4..chars.len())
        .flat_map(|i| (i + 1..chars.len()).map(move |j| (i, j)))
        .find(|&(i, j)| chars[i] != chars[j] && chars[i] != '-' && chars[j] != '-')
        .unwrap();
    chars.swap(i, j);
    let typo: String = chars.into_iter().collect();
    let refused = app.status(&typo, &[]).await;
    assert_eq!(refused.status, 422, "{typo}");
    assert!(
        refused.json()["errors"]["tracking_code"]
            .as_str()
            .unwrap()
            .contains("salah ketik")
    );
    for garbage in ["%3Cscript%3E", "..%2F..%2Fetc", "x", "%7B%7B7*7%7D%7D"] {
        assert_eq!(app.status(garbage, &[]).await.status, 422, "{garbage}");
    }
    let unknown =
        TrackingCode::generate(&csirt_domain::tracking::TrackingPrefix::parse("TGL").unwrap())
            .unwrap();
    let missing = app.status(&unknown.to_string(), &[]).await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json(),
        json!({"error": "Tidak ada laporan dengan kode pelacakan ini."})
    );
}

/// Found by schemathesis: a repeated query parameter was refused with an undocumented plain-text `400`.
#[tokio::test]
async fn repeated_query_parameters_are_read_not_refused() {
    let app = app();
    let reply = app.post_json(&report_json(), &[]).await;
    let code = reply.json()["tracking_code"].as_str().unwrap().to_owned();
    let status = app.status(&format!("{code}?lang=en&lang=null"), &[]).await;
    assert_eq!(status.status, 200, "{}", status.body);
    assert_eq!(status.json()["label"], "Report received");
    let unknown = app
        .status("0000000000000000?lang=null&lang=null", &[])
        .await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    let lookup = app
        .send(
            axum::http::Request::get(format!("/api/status?code={code}&code=x&lang=en&lang=id"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(lookup.status, 303, "{}", lookup.body);
}

/// A report nobody took for twelve days: the status says its step runs past the team's standard, as the team's
/// clock has it, and claims nothing more (no reminder is said to have gone out).
#[tokio::test]
async fn an_overdue_report_is_told_only_that_it_is_past_the_standard() {
    use chrono::{TimeDelta, Utc};
    use csirt_domain::case::{Actor, Case};
    use csirt_domain::channel::Channel;
    use csirt_domain::report::{ParseContext, Report, ReportInput};

    let app = app();
    let received = Utc::now() - TimeDelta::days(12);
    let context = ParseContext {
        received_at: received,
        local_offset: chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
    };
    let report = Report::parse(&ReportInput::from_pairs(report_fields()), &context).unwrap();
    let code =
        TrackingCode::generate(&csirt_domain::tracking::TrackingPrefix::parse("TGL").unwrap())
            .unwrap();
    let (case, event) = Case::receive(
        code.clone(),
        report,
        Channel::WebForm,
        Vec::new(),
        Actor::Reporter,
        received,
    );
    app.cases.create(&case, &event).await.unwrap();

    let view = app.status(&code.to_string(), &[]).await.json();
    assert_eq!(view["state"], "received");
    assert_eq!(view["overdue"], true, "{view}");
    let html = [("accept", "text/html,application/xhtml+xml,*/*;q=0.8")];
    for (lang, past) in [
        (
            "id",
            "Tahap ini berjalan lebih lama dari waktu standar tim.",
        ),
        (
            "en",
            "This step is taking longer than the team's standard time.",
        ),
    ] {
        let page = app
            .status(&format!("{code}?lang={lang}"), &html)
            .await
            .body
            .replace("&#x27;", "'");
        assert!(page.contains(past), "{page}");
        for claim in ["remind", "ingatkan", "pengingat"] {
            assert!(!page.to_lowercase().contains(claim), "{claim}: {page}");
        }
    }
}

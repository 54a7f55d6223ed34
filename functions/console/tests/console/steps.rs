//! The step forms: only the steps the SOP gives the account's roles in the case's state, each posted as the
//! signed-in account; stale, forged and refused forms write nothing.

use axum::http::StatusCode;
use chrono::Utc;
use csirt_domain::case::{Actor, Change, Priority, Verdict};
use csirt_domain::state::CaseState;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::steps::take_step;
use csirt_test_kit::cases::classification;

use crate::case_page::{recorded_case, unescaped};
use crate::support::{Answer, Browser, Console};

/// A Bali case moved by the admin through verification and classification: `triaged`.
async fn triaged_case(console: &Console) -> TrackingCode {
    let code = recorded_case(console, Vec::new()).await;
    let changes = [
        Change::StartVerification,
        Change::Verify {
            verdict: Verdict::Valid,
            reason: None,
        },
        Change::Classify {
            classification: classification("intrusions", "application-compromise", Priority::High),
        },
    ];
    for change in changes {
        take_step(&console.desk, &code, change, &console.admin, Utc::now())
            .await
            .unwrap();
    }
    code
}

/// The case's version and state as stored.
async fn stored(console: &Console, code: &TrackingCode) -> (u32, CaseState) {
    let case = console.desk.cases.get(code).await.unwrap().unwrap();
    (case.version, case.state)
}

/// Posts the step `step` of case `code` with `pairs` as `browser`.
async fn post_step(
    console: &Console,
    browser: &mut Browser,
    code: &TrackingCode,
    step: &str,
    pairs: &[(&str, &str)],
) -> Answer {
    let path = format!("/staff/cases/{code}/steps/{step}");
    console.post(browser, &path, pairs).await
}

fn offers(page: &Answer, step: &str) -> bool {
    page.body
        .contains(&format!("<section class=\"step-form\" id=\"step-{step}\""))
}

#[tokio::test]
async fn the_front_desk_and_an_agent_are_offered_their_own_steps_on_the_same_case() {
    let console = Console::new("bali").await;
    let desk_secret = console.add("made", &["front-desk"]).await;
    let agent_secret = console.add("wayan", &["agent"]).await;
    let mut front_desk = console.signed_in("made", &desk_secret).await;
    let mut agent = console.signed_in("wayan", &agent_secret).await;

    let received = recorded_case(&console, Vec::new()).await;
    let path = format!("/staff/cases/{received}");
    let desk_page = console.get(&mut front_desk, &path).await;
    let agent_page = console.get(&mut agent, &path).await;
    assert!(offers(&desk_page, "start_verification"));
    assert!(!offers(&agent_page, "start_verification"));
    assert!(offers(&desk_page, "add_note") && offers(&agent_page, "add_note"));
    assert!(desk_page.body.contains(&format!(
        "<form method=\"post\" action=\"/staff/cases/{received}/steps/start_verification\">"
    )));
    assert!(desk_page.body.contains("name=\"version\" value=\"1\""));
    assert!(desk_page.body.contains(">Mulai verifikasi</button>"));

    let triaged = triaged_case(&console).await;
    let path = format!("/staff/cases/{triaged}");
    let desk_page = console.get(&mut front_desk, &path).await;
    let agent_page = console.get(&mut agent, &path).await;
    for step in ["assign", "classify"] {
        assert!(offers(&desk_page, step), "front desk: {step}");
        assert!(!offers(&agent_page, step), "agent: {step}");
    }
    for step in [
        "start_handling",
        "plan_mitigation",
        "escalate",
        "record_analysis",
    ] {
        assert!(offers(&agent_page, step), "agent: {step}");
        assert!(!offers(&desk_page, step), "front desk: {step}");
    }
    // Choices carry human labels; the classification is one choice of RSIT class and type.
    assert!(agent_page.body.contains(">Backup data</option>"));
    assert!(desk_page.body.contains("<optgroup label="));
    assert!(
        unescaped(&desk_page.body).contains("value=\"intrusions/application-compromise\" selected")
    );
    assert!(
        desk_page
            .body
            .contains("value=\"high\" selected>Tinggi</option>")
    );
}

#[tokio::test]
async fn a_posted_step_moves_the_case_as_the_signed_in_account() {
    let console = Console::new("bali").await;
    let secret = console.add("made", &["front-desk"]).await;
    let mut front_desk = console.signed_in("made", &secret).await;
    let code = recorded_case(&console, Vec::new()).await;

    let answer = post_step(
        &console,
        &mut front_desk,
        &code,
        "start_verification",
        &[("version", "1")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let location = answer.header("location").to_owned();
    assert_eq!(
        location,
        format!("/staff/cases/{code}?done=start_verification#timeline")
    );
    assert_eq!(stored(&console, &code).await, (2, CaseState::Verifying));
    let events = console.desk.cases.events(&code).await.unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.change, Change::StartVerification);
    assert!(matches!(&last.actor, Actor::Staff(name) if name.as_str() == "made"));

    let page = console.get(&mut front_desk, &location).await;
    assert!(
        page.body
            .contains("Langkah \u{201c}Mulai verifikasi\u{201d} sudah dicatat."),
        "the notice"
    );
    assert!(page.body.contains("<span class=\"actor\">made</span>"));

    // The classification's one choice reaches the library as class and type.
    let triaged = triaged_case(&console).await;
    let version = stored(&console, &triaged).await.0.to_string();
    let answer = post_step(
        &console,
        &mut front_desk,
        &triaged,
        "classify",
        &[
            ("version", &version),
            ("incident", "availability/ddos"),
            ("priority", "critical"),
            ("tlp", "TLP:RED"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let case = console.desk.cases.get(&triaged).await.unwrap().unwrap();
    let classified = case.classification.unwrap();
    assert_eq!(classified.incident.kind(), "ddos");
    assert_eq!(classified.priority, Priority::Critical);
}

#[tokio::test]
async fn a_form_from_an_older_version_gets_409_and_writes_nothing() {
    let console = Console::new("bali").await;
    let secret = console.add("made", &["front-desk"]).await;
    let mut front_desk = console.signed_in("made", &secret).await;
    let code = recorded_case(&console, Vec::new()).await;
    take_step(
        &console.desk,
        &code,
        Change::StartVerification,
        &console.admin,
        Utc::now(),
    )
    .await
    .unwrap();
    let answer = post_step(
        &console,
        &mut front_desk,
        &code,
        "add_note",
        &[("version", "1"), ("text", "Pelapor sudah ditelepon.")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert!(
        answer.body.contains("versi 1, sekarang 2"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("Tidak ada yang disimpan"));
    assert!(
        answer
            .body
            .contains(&format!("href=\"/staff/cases/{code}\""))
    );
    assert!(
        answer.body.contains("Pelapor sudah ditelepon."),
        "what was typed stays"
    );
    assert_eq!(stored(&console, &code).await, (2, CaseState::Verifying));
}

#[tokio::test]
async fn a_forged_form_gets_403_and_writes_nothing() {
    let console = Console::new("bali").await;
    let secret = console.add("made", &["front-desk"]).await;
    let mut front_desk = console.signed_in("made", &secret).await;
    let code = recorded_case(&console, Vec::new()).await;
    let answer = post_step(
        &console,
        &mut front_desk,
        &code,
        "start_verification",
        &[("csrf", "dari-situs-lain"), ("version", "1")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(answer.body.contains("anti-pemalsuan"));
    assert_eq!(stored(&console, &code).await, (1, CaseState::Received));
}

#[tokio::test]
async fn a_refused_field_is_shown_at_its_field_in_the_pages_language() {
    let console = Console::new("bali").await;
    let secret = console.add("made", &["front-desk"]).await;
    let mut front_desk = console.signed_in("made", &secret).await;
    let code = recorded_case(&console, Vec::new()).await;
    take_step(
        &console.desk,
        &code,
        Change::StartVerification,
        &console.admin,
        Utc::now(),
    )
    .await
    .unwrap();
    let invalid_without_reason = [("version", "2"), ("verdict", "invalid"), ("reason", "  ")];

    let answer = post_step(
        &console,
        &mut front_desk,
        &code,
        "verify",
        &invalid_without_reason,
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.body
    );
    assert!(
        answer
            .body
            .contains("Laporan yang tidak valid perlu alasannya.")
    );
    assert!(
        answer
            .body
            .contains("class=\"error-summary\" role=\"alert\"")
    );
    assert!(answer.body.contains("href=\"#f-verify-reason\""));
    assert!(
        answer
            .body
            .contains("aria-invalid=\"true\" aria-describedby=\"e-f-verify-reason\"")
    );
    assert!(answer.body.contains("id=\"e-f-verify-reason\""));
    assert!(
        answer.body.contains("value=\"invalid\" selected"),
        "the choice is kept"
    );
    assert_eq!(stored(&console, &code).await, (2, CaseState::Verifying));

    console
        .get(
            &mut front_desk,
            &format!("/staff/language/en?back=/staff/cases/{code}"),
        )
        .await;
    let answer = post_step(
        &console,
        &mut front_desk,
        &code,
        "verify",
        &invalid_without_reason,
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.body
    );
    assert!(answer.body.contains("An invalid verdict needs the reason."));
    assert!(
        !answer
            .body
            .contains("Laporan yang tidak valid perlu alasannya.")
    );
    assert_eq!(stored(&console, &code).await, (2, CaseState::Verifying));

    // Corrected, it is taken.
    let answer = post_step(
        &console,
        &mut front_desk,
        &code,
        "verify",
        &[
            ("version", "2"),
            ("verdict", "invalid"),
            ("reason", "Bukan insiden siber: situs uji coba."),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(stored(&console, &code).await, (3, CaseState::Invalid));
}

#[tokio::test]
async fn an_agent_posting_a_front_desk_step_is_refused_with_the_librarys_words() {
    let console = Console::new("bali").await;
    let secret = console.add("wayan", &["agent"]).await;
    let mut agent = console.signed_in("wayan", &secret).await;
    let code = recorded_case(&console, Vec::new()).await;
    let answer = post_step(
        &console,
        &mut agent,
        &code,
        "start_verification",
        &[("version", "1")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(
        answer.body.contains(
            "wayan may not start verifying a report: the procedure gives `start_verification` to front-desk only"
        ),
        "{}",
        answer.body
    );
    assert_eq!(stored(&console, &code).await, (1, CaseState::Received));
    assert_eq!(console.desk.cases.events(&code).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_incident_summary_is_written_from_the_case_page_as_the_signed_in_account() {
    let console = Console::new("bali").await;
    let agent_secret = console.add("wayan", &["agent"]).await;
    let desk_secret = console.add("made", &["front-desk"]).await;
    let mut agent = console.signed_in("wayan", &agent_secret).await;
    let mut front_desk = console.signed_in("made", &desk_secret).await;
    let code = triaged_case(&console).await;
    let path = format!("/staff/cases/{code}");

    // Bali's SOP gives the summary to its agents only; the page says why documents wait for it.
    let page = console.get(&mut agent, &path).await;
    assert!(offers(&page, "write_summary"));
    assert!(page.body.contains("name=\"include_reporter_description\""));
    assert!(page.body.contains("Belum ada ringkasan"), "{}", page.body);
    assert!(!offers(
        &console.get(&mut front_desk, &path).await,
        "write_summary"
    ));
    let (version, state) = stored(&console, &code).await;
    let refused = post_step(
        &console,
        &mut front_desk,
        &code,
        "write_summary",
        &[("version", &version.to_string()), ("text", "Ringkasan.")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

    // Neither text nor the choice: refused on the field, what was typed kept, nothing written.
    let empty = post_step(
        &console,
        &mut agent,
        &code,
        "write_summary",
        &[("version", &version.to_string()), ("text", "  ")],
    )
    .await;
    assert_eq!(
        empty.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        empty.body
    );
    assert!(
        empty.body.contains("menyertakan uraian pelapor"),
        "{}",
        empty.body
    );
    assert!(
        empty.body.contains("href=\"#f-write_summary-text\""),
        "{}",
        empty.body
    );
    assert_eq!(stored(&console, &code).await, (version, state));

    let written = post_step(
        &console,
        &mut agent,
        &code,
        "write_summary",
        &[
            ("version", &version.to_string()),
            (
                "text",
                "Situs dinas diubah pihak luar melalui <plugin> usang.",
            ),
            ("include_reporter_description", "on"),
        ],
    )
    .await;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.body);
    assert_eq!(stored(&console, &code).await, (version + 1, state));
    let events = console.desk.cases.events(&code).await.unwrap();
    let last = events.last().unwrap();
    assert!(matches!(&last.actor, Actor::Staff(name) if name.as_str() == "wayan"));
    let Change::WriteSummary {
        text,
        include_reporter_description,
    } = &last.change
    else {
        panic!("not a summary: {:?}", last.change);
    };
    assert_eq!(
        text.as_ref().map(|t| t.as_str()),
        Some("Situs dinas diubah pihak luar melalui <plugin> usang.")
    );
    assert!(
        include_reporter_description,
        "the choice is recorded in the event"
    );

    let page = console.get(&mut agent, written.header("location")).await;
    assert!(
        page.body
            .contains("Situs dinas diubah pihak luar melalui &lt;plugin&gt; usang.")
    );
    assert!(page.body.contains("Uraian pelapor juga disertakan"));
    assert!(!page.body.contains("Belum ada ringkasan"));
    assert!(
        page.body.contains("Ringkasan insiden ditulis"),
        "the timeline names it"
    );
}

#[tokio::test]
async fn an_sop_step_is_marked_done_from_the_case_page_by_its_own_actors() {
    let console = Console::new("tegal").await;
    let office = console.add("dinas", &["diskominfo"]).await;
    let team = console.add("tim", &["tim"]).await;
    let mut office = console.signed_in("dinas", &office).await;
    let mut team = console.signed_in("tim", &team).await;
    let code = recorded_case(&console, Vec::new()).await;
    let path = format!("/staff/cases/{code}");

    // Steps 1 and 2 (the office's) share `received`: the office is offered both, the team neither.
    let page = console.get(&mut office, &path).await;
    assert!(offers(&page, "complete_step"));
    assert!(page.body.contains("<option value=\"1\""));
    assert!(page.body.contains("<option value=\"2\""));
    assert!(!offers(
        &console.get(&mut team, &path).await,
        "complete_step"
    ));

    // The team may not mark the office's step done: refused, nothing written.
    let refused = post_step(
        &console,
        &mut team,
        &code,
        "complete_step",
        &[("version", "1"), ("step", "1")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(stored(&console, &code).await, (1, CaseState::Received));

    let answer = post_step(
        &console,
        &mut office,
        &code,
        "complete_step",
        &[("version", "1"), ("step", "1")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let events = console.desk.cases.events(&code).await.unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.change, Change::CompleteStep { step: 1 });
    assert!(matches!(&last.actor, Actor::Staff(name) if name.as_str() == "dinas"));

    // Step 1 is done: the clock shows its completion and step 2 running; only step 2 is left to mark done.
    let page = console.get(&mut office, &path).await;
    assert!(!page.body.contains("<option value=\"1\""), "step 1 is done");
    assert!(page.body.contains("<option value=\"2\""));
    assert!(page.body.contains("Langkah SOP dinyatakan selesai"));
}

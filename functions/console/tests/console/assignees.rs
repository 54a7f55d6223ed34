//! Several assignees through the console: the assign and unassign forms add and remove one each (for the whole
//! case or one SOP step) as the signed-in account, the case page lists them all, the queue's filters find the case
//! under each, and a step the SOP does not have is refused with nothing written.

use axum::http::StatusCode;
use csirt_domain::case::{Actor, Change};
use csirt_domain::tracking::TrackingCode;

use crate::case_page::{recorded_case, unescaped};
use crate::support::{Answer, Browser, Console};

async fn version(console: &Console, code: &TrackingCode) -> String {
    let case = console.desk.cases.get(code).await.unwrap().unwrap();
    case.version.to_string()
}

/// Posts the step form `step` of `code` at its current version.
async fn post(
    console: &Console,
    browser: &mut Browser,
    code: &TrackingCode,
    step: &str,
    pairs: &[(&str, &str)],
) -> Answer {
    let version = version(console, code).await;
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(pairs);
    let path = format!("/staff/cases/{code}/steps/{step}");
    console.post(browser, &path, &all).await
}

/// Whether the queue at `query` lists `code`.
async fn listed(
    console: &Console,
    browser: &mut Browser,
    query: &str,
    code: &TrackingCode,
) -> bool {
    let page = console.get(browser, &format!("/staff/?{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.body.contains(&code.to_string())
}

#[tokio::test]
async fn the_front_desk_assigns_two_and_the_queue_finds_the_case_under_each() {
    let console = Console::new("bali").await;
    let secret = console.add("made", &["front-desk"]).await;
    let mut made = console.signed_in("made", &secret).await;
    let code = recorded_case(&console, Vec::new()).await;
    let other = recorded_case(&console, Vec::new()).await;

    for pairs in [
        &[("to", "Tim Forensik"), ("step", "4")][..],
        &[("to", "made"), ("step", "")][..],
    ] {
        let answer = post(&console, &mut made, &code, "assign", pairs).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    }
    let events = console.desk.cases.events(&code).await.unwrap();
    let last = events.last().unwrap();
    assert!(
        matches!(&last.change, Change::Assign { handler, step: None } if handler.as_str() == "made")
    );
    assert!(matches!(&last.actor, Actor::Staff(name) if name.as_str() == "made"));

    let page = console
        .get(&mut made, &format!("/staff/cases/{code}"))
        .await;
    let body = unescaped(&page.body);
    assert!(
        body.contains("Tim Forensik (langkah 4); made"),
        "both listed"
    );
    assert!(body.contains("name=\"step\""), "the forms take a step");

    // The queue's text filter and "mine" find the case under each of its assignees, not the other case.
    assert!(listed(&console, &mut made, "assignee=forensik", &code).await);
    assert!(!listed(&console, &mut made, "assignee=forensik", &other).await);
    assert!(listed(&console, &mut made, "mine=on", &code).await);
    assert!(!listed(&console, &mut made, "mine=on", &other).await);
    assert!(!listed(&console, &mut made, "assignee=budi", &code).await);
    // The printed sheet (the lembar antrian) names each assignee with its step.
    let sheet = console
        .get(&mut made, "/staff/queue/print?assignee=forensik")
        .await;
    assert_eq!(sheet.status, StatusCode::OK, "{}", sheet.body);
    assert!(
        unescaped(&sheet.body).contains("Tim Forensik (langkah 4); made"),
        "{}",
        sheet.body
    );
    assert!(!sheet.body.contains(&other.to_string()));

    // A step Bali's SOP does not have: refused, named, nothing written.
    let before = version(&console, &code).await;
    let answer = post(
        &console,
        &mut made,
        &code,
        "assign",
        &[("to", "budi"), ("step", "99")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("no step 99"), "{}", answer.body);
    assert_eq!(version(&console, &code).await, before);

    // Unassigned from step 4, the sub-team no longer finds the case; made still does.
    let answer = post(
        &console,
        &mut made,
        &code,
        "unassign",
        &[("from", "Tim Forensik"), ("step", "4")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert!(!listed(&console, &mut made, "assignee=forensik", &code).await);
    assert!(listed(&console, &mut made, "mine=on", &code).await);
    let page = console
        .get(&mut made, &format!("/staff/cases/{code}"))
        .await;
    assert!(
        page.body.contains("Penugasan dicabut"),
        "the history names it"
    );
}

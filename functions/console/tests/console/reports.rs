//! Management reports in the console: the figures of `csirt report cases` and `csirt report steps` as tables
//! with captions and header cells, and as server-drawn SVG charts named and described for assistive
//! technology, for the cases created here; the command's CSV as a download; the cases chart on its own.

use axum::http::StatusCode;
use chrono::Utc;
use csirt_domain::case::Change;
use csirt_domain::taxonomy::Taxonomy;
use csirt_test_kit::cases::text;

use crate::publish::{analysed_and_resolved, recorded, verified, walked};
use crate::support::Console;

/// The current period's name as the reports write it: the team's local month, e.g. `2026-11`.
fn this_month(console: &Console) -> String {
    let offset = console.desk.procedure().calendar.offset();
    Utc::now()
        .with_timezone(&offset)
        .format("%Y-%m")
        .to_string()
}

/// Three cases: two intrusions (one closed) and one fraud.
async fn three_cases(console: &Console) {
    let first = recorded(console, "intrusions", "application-compromise").await;
    let mut changes = verified("intrusions", "application-compromise");
    changes.extend(analysed_and_resolved());
    changes.push(Change::Close {
        hall_of_fame: false,
    });
    walked(console, &first, changes).await;
    recorded(console, "intrusions", "application-compromise").await;
    let fraud = recorded(console, "fraud", "phishing").await;
    walked(
        console,
        &fraud,
        vec![
            Change::StartVerification,
            Change::AddNote {
                text: text("Menunggu tangkapan layar."),
            },
        ],
    )
    .await;
}

#[tokio::test]
async fn the_reports_page_shows_tables_and_charts_with_the_counts_of_the_cases() {
    let console = Console::new("tegal").await;
    three_cases(&console).await;
    let mut admin = console.admin_browser().await;
    let page = console.get(&mut admin, "/staff/reports").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let month = this_month(&console);
    let intrusions = &Taxonomy::rsit().class("intrusions").unwrap().label.id;
    let fraud = &Taxonomy::rsit().class("fraud").unwrap().label.id;
    for expected in [
        // The cases chart: one bar of three, its parts titled with their counts, named and described.
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"cases-chart\"".to_owned(),
        "role=\"img\" aria-labelledby=\"cases-chart-title\" aria-describedby=\"cases-table\""
            .to_owned(),
        format!("<title>{month} · {intrusions}: 2</title>"),
        format!("<title>{month} · {fraud}: 1</title>"),
        "font-weight=\"bold\" fill=\"#1b1f24\">3</text>".to_owned(),
        format!("{intrusions}: 2</li>"),
        // Its table: received 2, valid 1, invalid 0, closed 1, open at the end 1.
        "<table class=\"stack\" id=\"cases-table\">".to_owned(),
        "<caption class=\"muted\">Kasus per periode".to_owned(),
        "<th scope=\"col\">Diterima</th>".to_owned(),
        format!("<th scope=\"row\" data-label=\"Periode\">{month}</th>"),
        // The steps chart and table.
        "id=\"steps-chart\"".to_owned(),
        "aria-describedby=\"steps-table\"".to_owned(),
        "<table class=\"stack\" id=\"steps-table\">".to_owned(),
        "<th scope=\"col\">Persentil ke-90</th>".to_owned(),
        "download=cases".to_owned(),
    ] {
        assert!(page.body.contains(&expected), "{expected}: {}", page.body);
    }
    let row = |class: &str| {
        let start = page
            .body
            .find(&format!("<td data-label=\"Kelas insiden\">{class}</td>"))
            .unwrap_or_else(|| panic!("no row for {class}"));
        let end = start + page.body[start..].find("</tr>").unwrap();
        page.body[start..end]
            .split("\">")
            .skip(2)
            .map(|cell| cell.split('<').next().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(row(intrusions), ["2", "1", "0", "1", "1"]);
    assert_eq!(row(fraud), ["1", "0", "0", "0", "1"]);
    assert!(!page.body.contains("<script>"));
    assert!(!page.body.contains("style="));
    for personal in ["Siti Aminah", "siti.rahayu@contoh.id"] {
        assert!(!page.body.contains(personal));
    }

    let english = console
        .get(&mut admin, "/staff/language/en?back=%2Fstaff%2Freports")
        .await;
    assert_eq!(english.status, StatusCode::SEE_OTHER);
    let page = console.get(&mut admin, "/staff/reports?period=year").await;
    let year = &month[..4];
    assert!(
        page.body
            .contains(&format!("<title>{year} · Intrusions: 2</title>")),
        "{}",
        page.body
    );
    assert!(page.body.contains("<th scope=\"col\">90th percentile</th>"));
}

#[tokio::test]
async fn the_csv_is_the_commands_and_the_chart_stands_alone() {
    let console = Console::new("bali").await;
    three_cases(&console).await;
    let mut admin = console.admin_browser().await;
    let csv = console
        .get(&mut admin, "/staff/reports?period=month&download=cases")
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        csv.header("content-disposition"),
        "attachment; filename=\"laporan-kasus-month.csv\""
    );
    assert!(csv.body.starts_with(
        "period,first_day,last_day,incident_class,incident_class_label_id,incident_class_label_en,received,valid,invalid,closed,open_at_end\n"
    ));
    let month = this_month(&console);
    assert!(
        csv.body.lines().any(|line| line.starts_with(&month)
            && line.contains(",intrusions,")
            && line.ends_with(",2,1,0,1,1")),
        "{}",
        csv.body
    );
    // Bali's SOP sets no time standards: no step rows, an empty CSV as the command writes, and the page says so.
    let steps = console
        .get(&mut admin, "/staff/reports?download=steps")
        .await;
    assert_eq!(steps.status, StatusCode::OK);
    assert_eq!(steps.body, "");
    let page = console.get(&mut admin, "/staff/reports").await;
    assert!(
        page.body.contains(
            "<p id=\"steps-table\">SOP ini tidak punya langkah dengan standar waktu.</p>"
        ),
        "{}",
        page.body
    );

    let chart = console
        .get(&mut admin, "/staff/reports/chart.svg?period=quarter")
        .await;
    assert_eq!(chart.status, StatusCode::OK, "{}", chart.body);
    assert_eq!(chart.header("content-type"), "image/svg+xml; charset=utf-8");
    assert_eq!(chart.header("x-content-type-options"), "nosniff");
    assert!(
        chart
            .body
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
    );
    assert!(chart.body.contains(">3</text>"), "{}", chart.body);
}

#[tokio::test]
async fn a_range_needs_both_days_in_order_and_a_known_period() {
    let console = Console::new("tegal").await;
    let mut admin = console.admin_browser().await;
    for query in [
        "from=2026-01-01",
        "from=2026-02-01&to=2026-01-01",
        "from=kemarin&to=2026-01-01",
        "period=week",
    ] {
        let answer = console
            .get(&mut admin, &format!("/staff/reports?{query}"))
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
    }
    let empty = console
        .get(
            &mut admin,
            "/staff/reports?period=quarter&from=2026-01-01&to=2026-06-30",
        )
        .await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert!(empty.body.contains(">2026-Q1</text>") && empty.body.contains(">2026-Q2</text>"));
    assert!(
        empty
            .body
            .contains("<p id=\"cases-table\">Belum ada kasus dalam rentang ini.</p>")
    );
}

//! The printed queue sheet against Maluku Utara's *lembar antrian* (steps 1, 2 and 8): each incident to be
//! resolved under its register number (never the reporter's tracking code as its reference), the agency (OPD) it
//! came from, its type and priority, where it stands and who handles it; nothing of the reporter.

use axum::http::StatusCode;
use chrono::Utc;
use csirt_domain::channel::Channel;
use csirt_domain::report::ReportInput;
use csirt_staff::record::{Recording, record_report};
use csirt_test_kit::reports::report_fields;

use crate::case_page::unescaped;
use crate::support::Console;

#[tokio::test]
async fn the_queue_sheet_lists_register_agency_type_and_priority() {
    let console = Console::new("malut").await;
    let mut fields = report_fields();
    fields.push(("affected_agency", "Dinas Pendidikan Provinsi Maluku Utara"));
    let recording = Recording {
        input: ReportInput::from_pairs(fields),
        evidence: Vec::new(),
        channel: Channel::Letter,
        received_at: Utc::now(),
    };
    let code = record_report(&console.desk, recording, &console.admin)
        .await
        .unwrap();
    let case = console.desk.cases.get(&code).await.unwrap().unwrap();
    let register = case
        .register
        .expect("a register number at receipt")
        .to_string();

    let mut admin = console.admin_browser().await;
    let sheet = console.get(&mut admin, "/staff/queue/print").await;
    assert_eq!(sheet.status, StatusCode::OK, "{}", sheet.body);
    let body = unescaped(&sheet.body);
    for expected in [
        "Lembar antrean",
        "<th scope=\"col\">No. register</th>",
        "<th scope=\"col\">OPD pemilik sistem</th>",
        "<th scope=\"col\">Jenis insiden</th>",
        "<th scope=\"col\">Prioritas</th>",
        "<th scope=\"col\">Status</th>",
        "<th scope=\"col\">Petugas</th>",
        &format!("<td class=\"code\">{register}</td>"),
        "<td>Dinas Pendidikan Provinsi Maluku Utara</td>",
        "<td>Kompromi aplikasi (Intrusi)</td>",
        "<td>Laporan diterima</td>",
    ] {
        assert!(
            body.contains(expected),
            "the sheet lacks {expected:?}: {body}"
        );
    }
    assert!(
        !body.contains(&format!("<td class=\"code\">{code}</td>")),
        "the tracking code is the printed reference"
    );
    for personal in [
        "Siti Aminah Rahayu",
        "siti.rahayu@contoh.id",
        "+6281298765432",
        "Rahasia-deskripsi",
    ] {
        assert!(!body.contains(personal), "the sheet prints {personal:?}");
    }
}

//! `csirt case record`, `show` and refused input: reports that came by e-mail, letter or telephone are parsed
//! as the form's are, bad input is refused naming every field and stores nothing.

use super::seeds::*;
use serde_json::Value;

#[test]
fn a_report_by_letter_is_recorded_with_its_evidence_and_clocked_from_its_arrival() {
    let site = SeedSite::new("tegal");
    let report = site.path("surat.json");
    std::fs::write(
        &report,
        serde_json::json!({
            "reporter_name": NAME,
            "reporter_phone": PHONE[0],
            "reporter_kind": "agency",
            "reporter_organisation": "Dinas Kesehatan",
            "incident_class": "fraud",
            "incident_type": "phishing",
            "description": DESCRIPTION,
            "affected_application": "SIMPEG",
        })
        .to_string(),
    )
    .unwrap();
    let evidence = site.path("bukti.txt");
    std::fs::write(&evidence, "2026-11-20 07:45 GET /wp-admin/upload.php 200\n").unwrap();
    let out: Value = serde_json::from_str(&site.csirt(&[
        "case",
        "record",
        "--channel",
        "letter",
        "--from",
        report.to_str().unwrap(),
        "--field",
        "title=Surat dari Dinas Kesehatan",
        "--evidence",
        evidence.to_str().unwrap(),
        "--received-at",
        "2026-11-20T01:00:00Z",
        "--json",
    ]))
    .unwrap();
    let code = out["tracking_code"].as_str().unwrap();
    assert!(code.starts_with("TGL-"), "{out}");
    let shown: Value =
        serde_json::from_str(&site.csirt(&["case", "show", code, "--json"])).unwrap();
    let case = &shown["case"];
    assert_eq!(case["channel"], "letter");
    assert_eq!(case["received_at"], "2026-11-20T01:00:00Z");
    // The first case the team received in 2026 (its year of receipt, not of recording).
    assert_eq!(case["register"], "2026/0001");
    assert_eq!(case["report"]["title"], "Surat dari Dinas Kesehatan");
    assert_eq!(case["report"]["reporter"]["phone"], PHONE[1]);
    assert_eq!(
        case["evidence"][0]["media_type"],
        "text/plain; charset=utf-8"
    );
    assert_eq!(
        case["evidence"][0]["name"], "bukti.txt",
        "the file's own name"
    );
    let text = site.csirt(&["case", "show", code]);
    assert!(text.contains("\nregister   2026/0001\n"), "{text}");
    let sha256 = case["evidence"][0]["sha256"].as_str().unwrap();
    assert!(
        text.contains(&format!(
            "evidence   bukti.txt (text/plain; charset=utf-8, 46 bytes) sha256 {sha256}"
        )),
        "{text}"
    );
    assert_eq!(
        shown["events"][0]["actor"]["name"], "andi.pratama",
        "who recorded it"
    );
    // Received three days ago: Tegal's 10-minute steps are overdue, and the queue says so first.
    assert_eq!(shown["clock"]["steps"][0]["overdue"], true);
    let queue = site.csirt(&["case", "queue"]);
    assert!(queue.contains(code) && queue.contains("OVERDUE"), "{queue}");
    let row = queue.lines().find(|line| line.starts_with(code)).unwrap();
    assert!(row.contains(" 2026/0001 "), "{row}");
    // An advisory names the case by its register number: staff find the case by that number and see the
    // advisory listed on it; the published page says nothing of the case.
    let advisory = site.path("content/peringatan/deface-cms-usang.md");
    let text = std::fs::read_to_string(&advisory).unwrap();
    std::fs::write(
        &advisory,
        text.replacen("+++\n", "+++\ncases = [\"2026/0001\"]\n", 1),
    )
    .unwrap();
    let by_number = site.csirt(&["case", "show", "2026/0001"]);
    assert!(by_number.starts_with(code), "{by_number}");
    assert!(
        by_number.contains(
            "\nadvisory   Deface situs melalui CMS, tema, dan plugin yang usang \
             (peringatan/deface-cms-usang.md, https://"
        ),
        "{by_number}"
    );
    let shown: Value =
        serde_json::from_str(&site.csirt(&["case", "show", "2026/0001", "--json"])).unwrap();
    assert_eq!(
        shown["advisories"][0]["source"],
        "peringatan/deface-cms-usang.md"
    );
    assert_eq!(shown["advisories"].as_array().unwrap().len(), 1);
    let unknown = site.csirt_fails(&["case", "show", "2026/0099"]);
    assert!(
        unknown.contains("no case has register number 2026/0099"),
        "{unknown}"
    );
    // The reminder command finds it; without any way to send, sending is refused naming what to set.
    let overdue: Value =
        serde_json::from_str(&site.csirt(&["remind", "--dry-run", "--json"])).unwrap();
    assert_eq!(overdue, serde_json::json!([code]));
    let refused = site.csirt_fails(&["remind"]);
    assert!(
        refused.contains("CSIRT_SMTP_URL") && refused.contains("CSIRT_WEBHOOK_URL"),
        "{refused}"
    );
}

#[test]
fn bad_input_is_refused_naming_each_field_and_stores_nothing() {
    let site = SeedSite::new("bali");
    let error = site.csirt_fails(&[
        "case",
        "record",
        "--channel",
        "email",
        "--field",
        "reporter_email=bukan-alamat",
        "--field",
        "incident_class=intrusions",
    ]);
    for field in [
        "reporter_email",
        "incident_type",
        "description",
        "affected_url",
    ] {
        assert!(error.contains(field), "{field} is named: {error}");
    }
    let unknown = site.csirt_fails(&[
        "case",
        "record",
        "--channel",
        "phone",
        "--field",
        "password=x",
    ]);
    assert!(
        unknown.contains("password") && unknown.contains("not a field"),
        "{unknown}"
    );
    let channel = site.csirt_fails(&["case", "record", "--channel", "pigeon"]);
    assert!(
        channel.contains("pigeon") && channel.contains("email"),
        "{channel}"
    );
    let queue: Value = serde_json::from_str(&site.csirt(&["case", "queue", "--json"])).unwrap();
    assert_eq!(queue, serde_json::json!([]), "nothing was stored");
    let code = site.csirt_fails(&["case", "show", "BALI-0000-0000-0000"]);
    assert!(code.contains("BALI-0000-0000-0000"), "{code}");
}

#[tokio::test]
async fn assign_adds_unassign_removes_and_show_and_queue_name_each_assignee() {
    let site = SeedSite::new("tegal");
    let code = site
        .submit("budi", "intrusions", "application-compromise")
        .await;
    let c = code.as_str();
    site.step(&["assign", c, "--to", "budi"]);
    let case = site.step(&["assign", c, "--to", "Tim Forensik", "--step", "3"]);
    assert_eq!(
        case["assignees"].as_array().unwrap().len(),
        2,
        "added, not replaced"
    );
    let shown = site.csirt(&["case", "show", c]);
    assert!(
        shown.contains("assigned   budi\nassigned   Tim Forensik (step 3)"),
        "{shown}"
    );
    let queue = site.csirt(&["case", "queue"]);
    assert!(queue.contains("budi; Tim Forensik (step 3)"), "{queue}");
    let queue_of = |name: &str| -> Value {
        serde_json::from_str(&site.csirt(&["case", "queue", "--assignee", name, "--json"])).unwrap()
    };
    assert_eq!(
        queue_of("tim forensik")[0]["code"],
        c,
        "found whatever the case of the letters"
    );
    assert_eq!(
        queue_of("Tim").as_array().unwrap().len(),
        0,
        "a name is matched whole"
    );

    // Refused, named, and nothing written: a step the SOP lacks, an assignment already there, one that is not.
    let events = |site: &SeedSite| -> usize {
        let file: Value =
            serde_json::from_str(&site.csirt(&["case", "show", c, "--json"])).unwrap();
        file["events"].as_array().unwrap().len()
    };
    let before = events(&site);
    let refused = site.csirt_fails(&["case", "assign", c, "--to", "citra", "--step", "42"]);
    assert!(
        refused.contains("step: the SOP profile tegal has no step 42"),
        "{refused}"
    );
    let refused = site.csirt_fails(&["case", "assign", c, "--to", "Budi"]);
    assert!(
        refused.contains("Budi for the whole case is already assigned"),
        "{refused}"
    );
    let refused = site.csirt_fails(&["case", "unassign", c, "--from", "Tim Forensik"]);
    assert!(
        refused.contains("the case has Tim Forensik (step 3)"),
        "{refused}"
    );
    assert_eq!(events(&site), before);

    let out: Value = serde_json::from_str(&site.csirt(&[
        "case",
        "unassign",
        c,
        "--from",
        "Tim Forensik",
        "--step",
        "3",
        "--json",
    ]))
    .unwrap();
    assert_eq!(out["event"]["change"]["action"], "unassign");
    assert_eq!(out["event"]["actor"]["name"], "andi.pratama", "who acted");
    assert_eq!(
        out["case"]["assignees"],
        serde_json::json!([{ "assignee": "budi" }])
    );
    assert_eq!(queue_of("Tim Forensik").as_array().unwrap().len(), 0);
}

//! End to end, one test per seed procedure: a report filed through the intake function is walked by `csirt`
//! through every step of that team's SOP, its documents are issued, it is closed with the reporter named in
//! the Hall of Fame, and the site is published. Then the alias is on the rebuilt Hall of Fame page, the status
//! lookup says closed, and the reporter's personal data and the description appear nowhere in the site.

use super::seeds::*;
use serde_json::Value;

/// The case's state after a step.
fn state(case: &Value) -> &str {
    case["state"].as_str().unwrap()
}

/// Publishes, then checks what the reporter and the public see.
async fn publish_and_check(site: &SeedSite, code: &str, alias: &str) {
    let out = site.csirt(&["publish", "--output", site.path("public").to_str().unwrap()]);
    assert!(out.contains("the site is built, not uploaded"), "{out}");
    let hall_of_fame =
        std::fs::read_to_string(site.path("public/hall-of-fame/index.html")).unwrap();
    assert!(
        hall_of_fame.contains(alias),
        "{alias} is on the Hall of Fame"
    );
    let english = std::fs::read_to_string(site.path("public/en/hall-of-fame/index.html")).unwrap();
    assert!(english.contains(alias));
    let status = site.status(code).await;
    assert_eq!(status["state"], "closed", "{status}");
    assert_eq!(status["label"], "Laporan ditutup");
    for secret in [NAME, EMAIL, PHONE[1], DESCRIPTION] {
        assert!(
            !status.to_string().contains(secret),
            "{secret} in the status lookup"
        );
    }
    assert_no_personal_data(&site.path("public"));
}

#[tokio::test]
async fn batam_walks_its_sop_to_the_final_report() {
    let site = SeedSite::new("batam");
    let code = site
        .submit("penjaga_batam", "intrusions", "application-compromise")
        .await;
    assert!(code.starts_with("BTM-"), "{code}");
    let c = code.as_str();
    // Step 2 (receive and forward), step 3 (verify: identity, incident type, server location, system log).
    assert_eq!(state(&site.step(&["start-verification", c])), "verifying");
    assert_eq!(state(&site.step(&["verify", c, "--valid"])), "valid");
    site.step(&[
        "classify",
        c,
        "--class",
        "intrusions",
        "--type",
        "application-compromise",
        "--priority",
        "high",
    ]);
    // Step 4: the mitigation strategy — deactivate the domain, maintenance page, back up the data.
    for kind in ["suspend-domain", "maintenance-page", "backup-data"] {
        site.step(&[
            "mitigate",
            c,
            "--kind",
            kind,
            "--detail",
            "dinas.contoh.go.id",
        ]);
    }
    for item in ["1", "2", "3"] {
        site.step(&["mitigation", c, item, "--status", "done"]);
    }
    // Step 5: handling; not done in 3 days, so coordination with KEPRIPROV-CSIRT.
    assert_eq!(
        state(&site.step(&["handle", c, "--note", "Pemeriksaan berkas situs"])),
        "handling"
    );
    site.step(&[
        "action",
        c,
        "--note",
        "Berkas PHP asing ditemukan dan dikarantina",
    ]);
    let escalated = site.step(&[
        "escalate",
        c,
        "--to",
        "provincial",
        "--request",
        "Mohon dukungan analisis",
    ]);
    assert_eq!(state(&escalated), "escalated");
    assert_eq!(
        escalated["escalations"][0]["partner_name"],
        "KEPRIPROV-CSIRT"
    );
    site.step(&[
        "escalation-answer",
        c,
        "1",
        "--text",
        "Celah pada plugin unggah berkas; perbarui CMS",
    ]);
    site.issue(c, "escalation-report");
    site.step(&["handle", c]);
    // Step 6: the analysis and recommendations report, to the province, BSSN and the agency.
    let reported = site.step(&[
        "analysis",
        c,
        "--analysis",
        "Penyerang mengunggah web shell melalui plugin unggah berkas yang usang.",
        "--recommendations",
        "Perbarui CMS dan plugin, ganti semua kata sandi admin, aktifkan WAF.",
    ]);
    assert_eq!(state(&reported), "reported");
    site.issue(c, "analysis-report");
    site.issue(c, "notification-letter");
    // Steps 7-9: follow-up with the application's developer.
    assert_eq!(
        state(&site.step(&[
            "follow-up",
            c,
            "--note",
            "Koordinasi dengan pengembang aplikasi"
        ])),
        "follow_up"
    );
    site.step(&[
        "action",
        c,
        "--note",
        "Pengembang memperbarui CMS dan menutup celah",
    ]);
    // Step 10: the final handling report.
    site.step(&["resolve", c, "--summary", "Situs pulih dan celah ditutup."]);
    site.issue(c, "final-report");
    site.issue(c, "certificate-of-appreciation");
    let closed = site.step(&["close", c, "--hall-of-fame"]);
    assert_eq!(state(&closed), "closed");
    assert_eq!(closed["documents"].as_array().unwrap().len(), 5);
    publish_and_check(&site, c, "penjaga_batam").await;
}

#[tokio::test]
async fn tegal_mitigates_escalates_to_jatengprov_and_follows_up() {
    let site = SeedSite::new("tegal");
    let code = site
        .submit("relawan_slawi", "intrusions", "application-compromise")
        .await;
    assert!(code.starts_with("TGL-"), "{code}");
    let c = code.as_str();
    site.step(&["start-verification", c]);
    site.step(&["verify", c, "--valid"]);
    site.step(&[
        "classify",
        c,
        "--class",
        "intrusions",
        "--type",
        "application-compromise",
        "--priority",
        "critical",
        "--tlp",
        "TLP:AMBER",
    ]);
    // Step 4: suspend the domain, back up the data, isolate the application, close ports.
    for kind in [
        "suspend-domain",
        "backup-data",
        "isolate-application",
        "close-ports",
    ] {
        assert_eq!(
            state(&site.step(&["mitigate", c, "--kind", kind])),
            "mitigating"
        );
    }
    let done = site.step(&["mitigation", c, "4", "--status", "done"]);
    assert_eq!(done["mitigation"][3]["status"], "done");
    // Steps 5-6: handling.
    site.step(&["handle", c]);
    site.step(&[
        "action",
        c,
        "--note",
        "Web shell dihapus, kata sandi diganti",
    ]);
    // Step 7: analysis; step 8: escalation to JatengProv-CSIRT with the report.
    site.step(&[
        "analysis",
        c,
        "--analysis",
        "Kompromi melalui kata sandi admin yang lemah.",
        "--recommendations",
        "Terapkan autentikasi dua faktor.",
    ]);
    site.issue(c, "analysis-report");
    let escalated = site.step(&["escalate", c, "--to", "provincial"]);
    assert_eq!(
        escalated["escalations"][0]["partner_name"],
        "JatengProv-CSIRT"
    );
    site.issue(c, "escalation-report");
    site.step(&[
        "escalation-answer",
        c,
        "1",
        "--text",
        "Disarankan pemindaian seluruh server OPD",
    ]);
    site.step(&[
        "analysis",
        c,
        "--analysis",
        "Kompromi melalui kata sandi admin yang lemah; server lain bersih.",
        "--recommendations",
        "Terapkan autentikasi dua faktor dan pemindaian berkala.",
    ]);
    // Steps 9-10: follow-up with the agency and the developer; step 11: done.
    site.step(&["follow-up", c]);
    site.step(&["resolve", c, "--summary", "Aplikasi kembali normal."]);
    site.issue(c, "final-report");
    // A refused step names the case, its state and what is allowed, and changes nothing.
    let refused = site.csirt_fails(&["case", "handle", c]);
    assert!(
        refused.contains(c) && refused.contains("resolved") && refused.contains("closed"),
        "{refused}"
    );
    site.step(&["close", c, "--hall-of-fame"]);
    publish_and_check(&site, c, "relawan_slawi").await;

    // The management reports count the case, and the steps it went through, without personal data.
    let by_class: Value =
        serde_json::from_str(&site.csirt(&["report", "cases", "--period", "year", "--json"]))
            .unwrap();
    assert_eq!(by_class["profile"], "tegal");
    let intrusions: Vec<&Value> = by_class["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["incident_class"] == "intrusions")
        .collect();
    assert_eq!(intrusions.len(), 1, "one year, one row per class");
    assert_eq!(intrusions[0]["received"], 1);
    assert_eq!(intrusions[0]["closed"], 1);
    let steps = site.csirt(&["report", "steps"]);
    let header = steps.lines().next().unwrap();
    assert!(header.starts_with("step,title_id,"), "{header}");
    let verification = steps.lines().find(|line| line.starts_with("3,")).unwrap();
    assert!(
        verification.contains(",30 menit,"),
        "Tegal verifies in 30 minutes: {verification}"
    );
    for secret in [NAME, EMAIL, PHONE[1], DESCRIPTION, c] {
        assert!(!steps.contains(secret) && !by_class.to_string().contains(secret));
    }
}

#[tokio::test]
async fn maluku_utara_queues_by_priority_and_escalates_to_bssn() {
    let site = SeedSite::new("malut");
    let code = site
        .submit("nusa_ternate", "intrusions", "application-compromise")
        .await;
    let other = site.submit("pelapor_kedua", "fraud", "phishing").await;
    assert!(code.starts_with("MALUT-"), "{code}");
    let c = code.as_str();
    // The coordinator's queue sheet: both open; after classification the critical case leads.
    for case in [c, other.as_str()] {
        site.step(&["start-verification", case]);
        site.step(&["verify", case, "--valid"]);
    }
    site.step(&[
        "classify",
        other.as_str(),
        "--class",
        "fraud",
        "--type",
        "phishing",
        "--priority",
        "low",
    ]);
    site.step(&[
        "classify",
        c,
        "--class",
        "intrusions",
        "--type",
        "application-compromise",
        "--priority",
        "critical",
    ]);
    let queue: Value = serde_json::from_str(&site.csirt(&["case", "queue", "--json"])).unwrap();
    let codes: Vec<&str> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, [c, other.as_str()], "critical before low");
    // Sub-team, then the chair decides to escalate to BSSN.
    let assigned = site.step(&[
        "assign",
        c,
        "--to",
        "Sub Tim Website Administrator dan Aplikasi",
    ]);
    assert_eq!(
        assigned["assignee"],
        "Sub Tim Website Administrator dan Aplikasi"
    );
    let escalated = site.step(&["escalate", c, "--to", "bssn"]);
    assert_eq!(escalated["escalations"][0]["partner_name"], "BSSN");
    site.issue(c, "escalation-report");
    site.step(&[
        "escalation-answer",
        c,
        "1",
        "--text",
        "BSSN membantu forensik server",
    ]);
    site.step(&["handle", c]);
    site.step(&["action", c, "--note", "Server dipulihkan dari cadangan"]);
    site.step(&[
        "analysis",
        c,
        "--analysis",
        "Eksploitasi celah CMS.",
        "--recommendations",
        "Perbarui CMS secara berkala.",
    ]);
    site.issue(c, "analysis-report");
    site.step(&["resolve", c, "--summary", "Selesai ditangani bersama BSSN."]);
    site.issue(c, "final-report");
    // Closing the queue entry with status "closed".
    site.step(&["close", c, "--hall-of-fame"]);
    let queue: Value = serde_json::from_str(&site.csirt(&["case", "queue", "--json"])).unwrap();
    assert_eq!(
        queue.as_array().unwrap().len(),
        1,
        "the closed case left the queue"
    );
    publish_and_check(&site, c, "nusa_ternate").await;
}

/// Kutai Kartanegara's procedure from verification to resolution: verification and categorisation in the team
/// meeting (1 day), the notification letter to the system operator and the certificate of appreciation (both
/// signed by the head of office). Returns the resolved case.
fn walk_kukar_to_resolved(site: &SeedSite, c: &str) -> Value {
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
    site.issue(c, "notification-letter");
    site.issue(c, "certificate-of-appreciation");
    let resolved = site.step(&["resolve", c, "--summary", "PSE memperbaiki celah."]);
    assert_eq!(state(&resolved), "resolved");
    resolved
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
    site.step(&["close", c, "--hall-of-fame"]);
    publish_and_check(&site, c, "pemburu_celah").await;
}

#[tokio::test]
async fn bali_goes_from_open_ticket_through_the_agent_to_close_ticket() {
    let site = SeedSite::new("bali");
    let code = site
        .submit("penjaga_dewata", "intrusions", "application-compromise")
        .await;
    assert!(code.starts_with("BALI-"), "{code}");
    let c = code.as_str();
    // Front desk verifies and forwards to an agent.
    site.step(&["start-verification", c]);
    site.step(&["verify", c, "--valid"]);
    site.step(&[
        "classify",
        c,
        "--class",
        "intrusions",
        "--type",
        "application-compromise",
        "--priority",
        "high",
    ]);
    site.step(&["assign", c, "--to", "Agent Tim Penanggulangan"]);
    // The agent coordinates with the reporter, guides, handles on site, and recommends.
    site.step(&["handle", c, "--note", "Koordinasi dengan pelapor"]);
    site.step(&["action", c, "--note", "Penanganan di lokasi"]);
    site.step(&[
        "analysis",
        c,
        "--analysis",
        "Akun admin dibobol.",
        "--recommendations",
        "Ganti kata sandi dan aktifkan 2FA.",
    ]);
    site.issue(c, "analysis-report");
    // Monitoring, then Close Ticket.
    site.step(&["follow-up", c, "--note", "Pemantauan selama seminggu"]);
    site.step(&[
        "resolve",
        c,
        "--summary",
        "Tidak ada aktivitas mencurigakan lagi.",
    ]);
    site.step(&["close", c, "--hall-of-fame"]);
    publish_and_check(&site, c, "penjaga_dewata").await;
}

/// The site bucket's objects: key → content.
async fn bucket_objects(
    client: &aws_sdk_s3::Client,
    bucket: &str,
) -> std::collections::BTreeMap<String, String> {
    let listed = client
        .list_objects_v2()
        .bucket(bucket)
        .send()
        .await
        .unwrap();
    let mut objects = std::collections::BTreeMap::new();
    for object in listed.contents() {
        let key = object.key().unwrap().to_owned();
        let body = client
            .get_object()
            .bucket(bucket)
            .key(&key)
            .send()
            .await
            .unwrap()
            .body
            .collect()
            .await
            .unwrap();
        objects.insert(
            key,
            String::from_utf8_lossy(&body.into_bytes()).into_owned(),
        );
    }
    objects
}

/// Runs `csirt publish` to `bucket` and returns how many files it sent and left alone.
fn publish_to(site: &SeedSite, bucket: &str) -> (u64, u64) {
    let out: Value = serde_json::from_str(&site.csirt(&[
        "publish",
        "--output",
        site.path("public").to_str().unwrap(),
        "--bucket",
        bucket,
        "--json",
    ]))
    .unwrap();
    let uploaded = &out["uploaded"];
    assert_eq!(uploaded["deleted"], 0, "{out}");
    (
        uploaded["sent"].as_u64().unwrap(),
        uploaded["unchanged"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn on_dynamodb_and_s3_the_procedure_runs_and_publishing_uploads_only_what_changed() {
    let endpoint = moto_endpoint();
    let unique =
        std::process::id().to_string() + &chrono::Utc::now().timestamp_micros().to_string();
    let (table, evidence, website) = (
        format!("cases-{unique}"),
        format!("evidence-{unique}"),
        format!("site-{unique}"),
    );
    csirt_store::DynamoStore::new(dynamodb_client(&endpoint), table.clone())
        .create_table()
        .await
        .unwrap();
    let s3 = s3_client(&endpoint);
    create_bucket(&s3, &evidence).await;
    create_bucket(&s3, &website).await;
    let mut site = SeedSite::new("kukar");
    site.store = Store::Aws {
        endpoint,
        table,
        bucket: evidence,
    };

    let mut codes = Vec::new();
    for alias in ["pertama_kukar", "kedua_kukar"] {
        let code = site.submit(alias, "vulnerable", "vulnerable-system").await;
        walk_kukar_to_resolved(&site, &code);
        codes.push(code);
    }
    site.step(&["close", &codes[0], "--hall-of-fame"]);
    assert_eq!(site.status(&codes[0]).await["state"], "closed");

    // The first upload sends the whole site; the Hall of Fame in the bucket names the first reporter.
    let (sent, unchanged) = publish_to(&site, &website);
    assert!(
        sent > 20 && unchanged == 0,
        "sent {sent}, unchanged {unchanged}"
    );
    let objects = bucket_objects(&s3, &website).await;
    assert_eq!(objects.len() as u64, sent);
    assert!(objects["hall-of-fame/index.html"].contains("pertama_kukar"));
    for (key, text) in &objects {
        for secret in [NAME, EMAIL, PHONE[1], DESCRIPTION] {
            assert!(!text.contains(secret), "{secret} in s3://{website}/{key}");
        }
    }
    // Nothing changed: nothing sent.
    assert_eq!(publish_to(&site, &website), (0, sent));
    // One more case closed: only the Hall of Fame and statistics pages, in both languages.
    site.step(&["close", &codes[1], "--hall-of-fame"]);
    assert_eq!(publish_to(&site, &website), (4, sent - 4));
    let objects = bucket_objects(&s3, &website).await;
    assert!(objects["hall-of-fame/index.html"].contains("kedua_kukar"));
    assert!(objects["en/hall-of-fame/index.html"].contains("kedua_kukar"));
}

//! The reporter's rights (UU 27/2022) in the console, on the Bali procedure, whose SOP gives `find_reporter` to
//! the front desk and the agent, `access_export` and `correct_reporter` to the front desk, `redact_reporter` and
//! `erase_case` to the agent: the reporter data page searched by a posted form, and on the case page the access
//! export, a correction, a redaction and an erasure behind their confirmations. A role without the action sees no
//! control and its forged form is refused by the library; a bad value is refused beside its field and changes
//! nothing.

use axum::http::StatusCode;
use csirt_domain::account::AccountChange;
use csirt_domain::case::{Change, PrivacyAction, ReporterField};
use csirt_domain::digest::sha256_hex;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::case_access::evidence_file;
use csirt_test_kit::reports::png;

use crate::case_page::{recorded_case, unescaped};
use crate::support::{Browser, Console};

/// The kit's reporter, as the report form took them.
const EMAIL: &str = "siti.rahayu@contoh.id";
const PHONE: &str = "+6281298765432";

/// A Bali console with a front desk (`made`), an agent (`wayan`) and a viewer (`ketut`), each signed in.
struct Team {
    console: Console,
    front_desk: Browser,
    agent: Browser,
    viewer: Browser,
}

async fn team() -> Team {
    let console = Console::new("bali").await;
    let desk_secret = console.add("made", &["front-desk"]).await;
    let agent_secret = console.add("wayan", &["agent"]).await;
    let viewer_secret = console.add("ketut", &["viewer"]).await;
    let front_desk = console.signed_in("made", &desk_secret).await;
    let agent = console.signed_in("wayan", &agent_secret).await;
    let viewer = console.signed_in("ketut", &viewer_secret).await;
    Team {
        console,
        front_desk,
        agent,
        viewer,
    }
}

/// The privacy entries of the account audit log: action, cases, account. The log never holds the reporter's data.
async fn audit(console: &Console) -> Vec<(PrivacyAction, String, String)> {
    let log = console.desk.cases.audit_log().await.unwrap();
    let text = serde_json::to_string(&log).unwrap();
    for personal in [EMAIL, PHONE, "Siti", "9876"] {
        assert!(!text.contains(personal), "{personal} in the audit log");
    }
    log.into_iter()
        .filter_map(|event| match event.change {
            AccountChange::ReporterData { operation, cases } => {
                Some((operation, cases, event.actor.to_string()))
            }
            _ => None,
        })
        .collect()
}

/// The case as stored.
async fn stored(console: &Console, code: &TrackingCode) -> Option<csirt_domain::case::Case> {
    console.desk.cases.get(code).await.unwrap()
}

/// The text of the element with `id` on a page (up to its closing `</p>`).
fn error_text<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"{id}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {id} on the page:\n{html}"))
        + marker.len();
    let end = html[start..].find("</p>").map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[tokio::test]
async fn the_reporter_data_page_is_in_the_menu_of_the_roles_that_may_search_and_searches_by_post() {
    let mut team = team().await;
    let console = &team.console;
    let code = recorded_case(console, Vec::new()).await;

    let queue = console.get(&mut team.front_desk, "/staff/").await;
    assert!(
        queue.body.contains("<a href=\"/staff/reporters\""),
        "in the menu"
    );
    let queue = console.get(&mut team.viewer, "/staff/").await;
    assert!(!queue.body.contains("/staff/reporters"), "not for a viewer");
    let refused = console.get(&mut team.viewer, "/staff/reporters").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

    let page = console.get(&mut team.front_desk, "/staff/reporters").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<h1>Data pelapor</h1>"));
    assert!(
        page.body.contains(
            "<form class=\"step-form reporter-search\" method=\"post\" action=\"/staff/reporters\">"
        ),
        "posted, never in the URL"
    );
    assert!(page.body.contains("aria-current=\"page\">Data pelapor"));

    // By e-mail in any case, and by the number as the reporter says it.
    for (by, contact) in [
        ("email", EMAIL.to_uppercase()),
        ("phone", "0812-9876-5432".to_owned()),
    ] {
        let found = console
            .post(
                &mut team.front_desk,
                "/staff/reporters",
                &[("by", by), ("contact", &contact)],
            )
            .await;
        assert_eq!(found.status, StatusCode::OK, "{}", found.body);
        let text = unescaped(&found.body);
        assert!(text.contains("1 kasus ditemukan."), "{text}");
        assert!(text.contains(&format!("<a href=\"/staff/cases/{code}\">{code}</a>")));
        assert!(text.contains("Diterima"), "its state");
    }
    let none = console
        .post(
            &mut team.front_desk,
            "/staff/reporters",
            &[("by", "email"), ("contact", "orang.lain@contoh.id")],
        )
        .await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(
        none.body
            .contains("Tidak ada kasus dengan kontak pelapor ini.")
    );
    assert!(!none.body.contains(&code.to_string()));

    // A value the report form would refuse: beside its field, nothing looked up.
    let before = audit(console).await.len();
    let bad = console
        .post(
            &mut team.front_desk,
            "/staff/reporters",
            &[("by", "phone"), ("contact", "0812-rahasia")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(error_text(&bad.body, "e-contact").contains("Nomor telepon tidak valid"));
    assert!(bad.body.contains("aria-invalid=\"true\""));
    let empty = console
        .post(
            &mut team.front_desk,
            "/staff/reporters",
            &[("by", "email"), ("contact", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_text(&empty.body, "e-contact").contains("Isi alamat e-mail yang dicari."));
    let unchosen = console
        .post(
            &mut team.front_desk,
            "/staff/reporters",
            &[("contact", EMAIL)],
        )
        .await;
    assert_eq!(unchosen.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_text(&unchosen.body, "e-by").contains("Pilih e-mail atau telepon."));
    assert_eq!(audit(console).await.len(), before, "nothing looked up");

    // A viewer's forged search, and a form from elsewhere, are refused.
    let forged = console
        .post(
            &mut team.viewer,
            "/staff/reporters",
            &[("by", "email"), ("contact", EMAIL)],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    assert!(
        forged.body.contains("find_reporter"),
        "the library's refusal"
    );
    assert!(!forged.body.contains(&code.to_string()));
    let elsewhere = console
        .post(
            &mut team.front_desk,
            "/staff/reporters",
            &[
                ("csrf", "dari-situs-lain"),
                ("by", "email"),
                ("contact", EMAIL),
            ],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);

    // Each search recorded by the codes found and the account, never what was looked for.
    let entries = audit(console).await;
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert!(
        entries
            .iter()
            .all(|(action, _, actor)| *action == PrivacyAction::FindReporter
                && actor.contains("made"))
    );
    assert_eq!(entries[0].1, code.to_string());
}

#[tokio::test]
async fn the_case_page_offers_each_right_only_to_the_roles_the_sop_gives_it() {
    let mut team = team().await;
    let console = &team.console;
    let code = recorded_case(console, Vec::new()).await;
    let path = format!("/staff/cases/{code}");

    let page = console.get(&mut team.front_desk, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"privacy\""));
    assert!(
        page.body
            .contains(&format!("action=\"/staff/cases/{code}/privacy/export\""))
    );
    assert!(
        page.body
            .contains(&format!("action=\"/staff/cases/{code}/privacy/correct\""))
    );
    assert!(!page.body.contains("/privacy/redact\""));
    assert!(!page.body.contains("/privacy/erase\""));

    let page = console.get(&mut team.agent, &path).await;
    assert!(page.body.contains("id=\"privacy\""));
    assert!(!page.body.contains("/privacy/export\""));
    assert!(!page.body.contains("/privacy/correct\""));
    assert!(
        page.body
            .contains(&format!("action=\"/staff/cases/{code}/privacy/redact\""))
    );
    assert!(page.body.contains("name=\"keep_evidence\""));
    assert!(
        page.body
            .contains(&format!("action=\"/staff/cases/{code}/privacy/erase\""))
    );

    let page = console.get(&mut team.viewer, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("id=\"privacy\""));
    assert!(!page.body.contains("/privacy/"));
}

#[tokio::test]
async fn the_access_export_is_a_json_attachment_no_cache_keeps_and_only_its_role_gets() {
    let mut team = team().await;
    let console = &team.console;
    let code = recorded_case(console, vec![("foto.png".to_owned(), png())]).await;
    let path = format!("/staff/cases/{code}");
    console.get(&mut team.front_desk, &path).await;

    let export = console
        .post(&mut team.front_desk, &format!("{path}/privacy/export"), &[])
        .await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    assert_eq!(export.header("content-type"), "application/json");
    assert_eq!(
        export.header("content-disposition"),
        format!(
            "attachment; filename=\"data-pelapor-{code}.json\"; filename*=UTF-8''data-pelapor-{code}.json"
        )
    );
    assert_eq!(export.header("cache-control"), "no-store");
    assert_eq!(export.header("x-content-type-options"), "nosniff");
    assert_eq!(
        export.header("content-security-policy"),
        "default-src 'none'; sandbox"
    );
    let json: serde_json::Value = serde_json::from_str(&export.body).expect("JSON");
    assert_eq!(json["code"], code.to_string());
    assert_eq!(json["report"]["reporter"]["email"], EMAIL);
    assert_eq!(json["evidence"][0]["sha256"], sha256_hex(&png()));
    assert_eq!(
        audit(console).await,
        vec![(
            PrivacyAction::AccessExport,
            code.to_string(),
            "made".to_owned()
        )]
    );

    // Not by a GET (a link or a prefetch), not by a role without `access_export`, not from another site.
    let get = console
        .get(&mut team.front_desk, &format!("{path}/privacy/export"))
        .await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    console.get(&mut team.agent, &path).await;
    let refused = console
        .post(&mut team.agent, &format!("{path}/privacy/export"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("access_export"));
    assert!(!refused.body.contains(EMAIL));
    let forged = console
        .post(
            &mut team.front_desk,
            &format!("{path}/privacy/export"),
            &[("csrf", "dari-situs-lain")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!forged.body.contains(EMAIL));
    assert_eq!(audit(console).await.len(), 1, "nothing more handed over");
}

#[tokio::test]
async fn a_correction_is_refused_beside_its_field_and_changes_nothing_until_it_is_right() {
    let mut team = team().await;
    let console = &team.console;
    let code = recorded_case(console, Vec::new()).await;
    let path = format!("/staff/cases/{code}");
    let correct = format!("{path}/privacy/correct");
    console.get(&mut team.front_desk, &path).await;
    let version = stored(console, &code).await.unwrap().version;

    let bad = console
        .post(
            &mut team.front_desk,
            &correct,
            &[("field", "email"), ("value", "siti@contoh")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(error_text(&bad.body, "e-correct-value").contains("Alamat e-mail tidak valid"));
    assert!(
        bad.body.contains("value=\"siti@contoh\""),
        "what was typed, kept"
    );
    assert!(bad.body.contains("<option value=\"email\" selected>"));
    assert!(
        bad.body.contains("href=\"#privacy-correct\""),
        "the page says where"
    );
    let unknown = console
        .post(
            &mut team.front_desk,
            &correct,
            &[("field", "alamat_rumah"), ("value", "Jl. Rahasia 1")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_text(&unknown.body, "e-correct-field").contains("Pilih isian yang dikoreksi"));
    // The phone goes; then the e-mail address cannot go too (the reporter must stay reachable).
    let phone = console
        .post(
            &mut team.front_desk,
            &correct,
            &[("field", "phone"), ("value", "")],
        )
        .await;
    assert_eq!(phone.status, StatusCode::SEE_OTHER, "{}", phone.body);
    let version = {
        let case = stored(console, &code).await.unwrap();
        assert_eq!(
            case.version,
            version + 1,
            "only the phone's correction was made"
        );
        assert_eq!(case.report.reporter.phone, None);
        case.version
    };
    let unreachable = console
        .post(
            &mut team.front_desk,
            &correct,
            &[("field", "email"), ("value", "")],
        )
        .await;
    assert_eq!(
        unreachable.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        unreachable.body
    );
    assert!(
        error_text(&unreachable.body, "e-correct-value")
            .contains("Isi e-mail atau nomor telepon agar tim dapat menghubungi Anda.")
    );

    // A role without `correct_reporter` sees no form, and its forged one is refused before any field is read.
    console.get(&mut team.agent, &path).await;
    let refused = console
        .post(
            &mut team.agent,
            &correct,
            &[("field", "email"), ("value", "bukan-alamat")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("correct_reporter"));
    let case = stored(console, &code).await.unwrap();
    assert_eq!(case.version, version, "nothing changed");
    assert_eq!(case.report.reporter.email.as_ref().unwrap().as_str(), EMAIL);

    let done = console
        .post(
            &mut team.front_desk,
            &correct,
            &[("field", "email"), ("value", " siti.baru@contoh.id ")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        done.header("location"),
        format!("{path}?privacy=corrected&field=email#privacy")
    );
    let case = stored(console, &code).await.unwrap();
    assert_eq!(
        case.report.reporter.email.as_ref().unwrap().as_str(),
        "siti.baru@contoh.id"
    );
    let events = console.desk.cases.events(&code).await.unwrap();
    assert_eq!(
        events.last().unwrap().change,
        Change::CorrectReporter {
            fields: vec![ReporterField::Email]
        }
    );
    let page = console
        .get(
            &mut team.front_desk,
            &format!("{path}?privacy=corrected&field=email"),
        )
        .await;
    assert!(
        page.body.contains("Data pelapor dikoreksi: E-mail."),
        "{}",
        page.body
    );

    // The same value again changes nothing: the case says so.
    let again = console
        .post(
            &mut team.front_desk,
            &correct,
            &[("field", "email"), ("value", "siti.baru@contoh.id")],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body.contains("nothing changes"));
}

#[tokio::test]
async fn a_redaction_names_what_will_be_lost_before_it_is_made() {
    let mut team = team().await;
    let console = &team.console;
    let code = recorded_case(console, vec![("foto pelapor.png".to_owned(), png())]).await;
    let sha = sha256_hex(&png());
    let path = format!("/staff/cases/{code}");
    let redact = format!("{path}/privacy/redact");

    let confirm = console.get(&mut team.agent, &redact).await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.body);
    let text = unescaped(&confirm.body);
    for named in [
        "Redaksi data pelapor kasus",
        "Data pelapor: Nama, E-mail, Telepon",
        "Teks bebas laporan: judul, uraian, kronologi, dampak",
        "Alias Hall of Fame pelapor",
        "1 berkas pelapor, dihapus dari penyimpanan bukti",
        "foto pelapor.png",
        sha.as_str(),
        "Redaksi tidak dapat dibatalkan",
    ] {
        assert!(text.contains(named), "{named} not named:\n{text}");
    }
    assert!(!text.contains("name=\"keep_evidence\""), "the files go");
    let keeping = console
        .get(&mut team.agent, &format!("{redact}?keep_evidence=on"))
        .await;
    assert_eq!(keeping.status, StatusCode::OK);
    assert!(keeping.body.contains("Berkas pelapor tetap disimpan"));
    assert!(
        keeping
            .body
            .contains("<input type=\"hidden\" name=\"keep_evidence\" value=\"on\">")
    );
    assert!(
        !keeping.body.contains("foto pelapor.png"),
        "no file is listed to go"
    );

    // The front desk may not redact: neither the confirmation nor a forged form.
    let refused = console.get(&mut team.front_desk, &redact).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let forged = console
        .post(&mut team.front_desk, &redact, &[("keep_evidence", "on")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    assert!(forged.body.contains("redact_reporter"));
    assert!(stored(console, &code).await.unwrap().redacted_at.is_none());

    console
        .get(&mut team.agent, &format!("{redact}?keep_evidence=on"))
        .await;
    let done = console
        .post(&mut team.agent, &redact, &[("keep_evidence", "on")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        done.header("location"),
        format!("{path}?privacy=redacted#privacy")
    );
    let case = stored(console, &code).await.unwrap();
    assert!(case.redacted_at.is_some());
    assert_eq!(case.report.reporter.email, None);
    assert!(
        evidence_file(&console.desk, &code, &sha)
            .await
            .unwrap()
            .is_some(),
        "the file kept"
    );
    let page = console
        .get(&mut team.agent, &format!("{path}?privacy=redacted"))
        .await;
    let text = unescaped(&page.body);
    assert!(text.contains("Data pribadi dan teks bebas pelapor sudah diredaksi."));
    assert!(text.contains("Data pribadi pelapor sudah diredaksi pada"));
    assert!(!text.contains(EMAIL) && !text.contains("Rahasia-deskripsi"));

    // Nothing left to redact while the files are kept: the library says so; then the files may go.
    let nothing = console
        .get(&mut team.agent, &format!("{redact}?keep_evidence=on"))
        .await;
    assert_eq!(nothing.status, StatusCode::CONFLICT, "{}", nothing.body);
    assert!(nothing.body.contains("redacted already"));
    let files = console.get(&mut team.agent, &redact).await;
    assert_eq!(files.status, StatusCode::OK, "{}", files.body);
    assert!(files.body.contains("sudah pernah diredaksi"));
    let gone = console.post(&mut team.agent, &redact, &[]).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER, "{}", gone.body);
    assert!(
        evidence_file(&console.desk, &code, &sha)
            .await
            .unwrap()
            .is_none()
    );
    // The case still lists the file (its name redacted), as deleted: no link to what is gone.
    let page = console.get(&mut team.agent, &path).await;
    assert!(
        page.body.contains("Dihapus atas permintaan pelapor"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(&format!("/evidence/{sha}")));
    let entries = audit(console).await;
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(entries.iter().all(
        |(action, cases, actor)| *action == PrivacyAction::RedactReporter
            && *cases == code.to_string()
            && actor == "wayan"
    ));
}

#[tokio::test]
async fn an_erasure_needs_the_cases_code_typed_and_lands_on_a_page_that_says_it_is_gone() {
    let mut team = team().await;
    let console = &team.console;
    let code = recorded_case(console, vec![("foto.png".to_owned(), png())]).await;
    let path = format!("/staff/cases/{code}");
    let erase = format!("{path}/privacy/erase");

    let confirm = console.get(&mut team.agent, &erase).await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.body);
    let text = unescaped(&confirm.body);
    for named in [
        format!("Hapus kasus {code} seluruhnya"),
        "Riwayatnya: 1 peristiwa".to_owned(),
        "Percakapan dengan pelapor: 0 pesan".to_owned(),
        ": 1, setiap versinya".to_owned(),
        "Penghapusan tidak dapat dibatalkan".to_owned(),
        format!("Ketik kode kasus ({code}) untuk memastikan"),
    ] {
        assert!(text.contains(&named), "{named} not named:\n{text}");
    }
    assert!(text.contains("name=\"confirm_code\""));

    // The front desk may not erase, even with the code typed.
    let refused = console.get(&mut team.front_desk, &erase).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let forged = console
        .post(
            &mut team.front_desk,
            &erase,
            &[("confirm_code", &code.to_string())],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    assert!(forged.body.contains("erase_case"));
    assert!(stored(console, &code).await.is_some());

    // A code typed wrong, or none: the confirmation again, the reason beside the field.
    for typed in ["", "BALI-0000-0000-0000", code.key()] {
        let wrong = console
            .post(&mut team.agent, &erase, &[("confirm_code", typed)])
            .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{typed}: {}",
            wrong.body
        );
        assert!(error_text(&wrong.body, "e-confirm-code").contains("Tidak ada yang dihapus."));
        assert!(wrong.body.contains("aria-invalid=\"true\""));
        assert!(
            stored(console, &code).await.is_some(),
            "{typed}: nothing erased"
        );
    }
    assert!(audit(console).await.is_empty());

    let typed = code.to_string().to_lowercase();
    let done = console
        .post(&mut team.agent, &erase, &[("confirm_code", &typed)])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let gone_path = format!("{path}/erased");
    assert_eq!(done.header("location"), gone_path);
    assert!(stored(console, &code).await.is_none());
    assert!(console.desk.cases.events(&code).await.unwrap().is_empty());
    let gone = console.get(&mut team.agent, &gone_path).await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
    assert!(gone.body.contains(&format!("Kasus {code} sudah dihapus")));
    assert!(gone.body.contains("href=\"/staff/reporters\""));
    let page = console.get(&mut team.agent, &path).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(
        audit(console).await,
        vec![(
            PrivacyAction::EraseCase,
            code.to_string(),
            "wayan".to_owned()
        )]
    );

    // The page says a case is gone only when it is.
    let other = recorded_case(console, Vec::new()).await;
    let still = console
        .get(&mut team.agent, &format!("/staff/cases/{other}/erased"))
        .await;
    assert_eq!(still.status, StatusCode::SEE_OTHER);
    assert_eq!(still.header("location"), format!("/staff/cases/{other}"));
}

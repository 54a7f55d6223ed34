//! `csirt staff` and `csirt audit` as a team runs them: accounts managed by admins, identity taken from whoever
//! runs `csirt` (never typed in), every step checked against the SOP's roles, and a history that shows when it
//! was rewritten behind the store's back.

use std::io::Write;
use std::process::Stdio;

use super::seeds::*;
use serde_json::Value;

fn code_of(site: &SeedSite, alias: &str) -> String {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(site.submit(alias, "intrusions", "application-compromise"))
}

#[test]
fn the_first_account_is_an_admin_and_later_ones_are_added_by_one() {
    let site = SeedSite::new("bali");
    let me = os_user();
    let out = site.csirt_bare(&["case", "queue"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "no account, no queue");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no staff accounts yet") && err.contains("--role admin"),
        "{err}"
    );

    let out = site
        .csirt_bare(&[
            "staff",
            "add",
            "wayan",
            "--name",
            "Wayan Sudarma",
            "--role",
            "agent",
            "--os-user",
            &me,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("must be an admin"));

    let out = site
        .csirt_bare(&[
            "staff",
            "add",
            "wayan",
            "--name",
            "Wayan Sudarma",
            "--role",
            "admin",
            "--role",
            "front-desk",
            "--os-user",
            &me,
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let added: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        added["account"]["roles"],
        serde_json::json!(["admin", "front-desk"])
    );
    assert_eq!(added["enrolment_code"].as_str().unwrap().len(), 43);
    assert!(
        added["account"].get("secrets").is_none(),
        "no secret is printed"
    );

    let roles = site.csirt_bare(&["staff", "roles"]).output().unwrap();
    assert_eq!(
        String::from_utf8(roles.stdout).unwrap(),
        "front-desk\nagent\nadmin\nviewer\n"
    );

    let run = |args: &[&str]| site.csirt_bare(args).output().unwrap();
    assert!(
        run(&[
            "staff", "add", "made", "--name", "Made Ayu", "--role", "agent"
        ])
        .status
        .success()
    );
    assert!(run(&["staff", "grant", "made", "viewer"]).status.success());
    assert!(run(&["staff", "revoke", "made", "viewer"]).status.success());
    let out = run(&["staff", "grant", "made", "bssn"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("front-desk, agent, admin, viewer"));
    let out = run(&["staff", "disable", "wayan"]);
    assert_eq!(out.status.code(), Some(2), "the last admin stays");
    assert!(run(&["staff", "disable", "made"]).status.success());

    let list: Value = serde_json::from_slice(&run(&["staff", "list", "--json"]).stdout).unwrap();
    let made = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["login"] == "made")
        .unwrap();
    assert_eq!(made["disabled"], true);
    assert_eq!(made["os_user"], "made", "bound to the login by default");

    let log = String::from_utf8(run(&["audit", "log"]).stdout).unwrap();
    for action in [
        "created",
        "role_granted",
        "role_revoked",
        "disabled",
        "enrolment_issued",
    ] {
        assert!(
            log.contains(action),
            "{action} missing from the audit log:\n{log}"
        );
    }
}

#[test]
fn a_step_outside_the_accounts_roles_is_refused_with_exit_3_and_changes_nothing() {
    let site = SeedSite::new("kukar");
    let code = code_of(&site, "penguji_kukar");
    site.csirt(&["staff", "revoke", OPERATOR, "ttis"]);
    let out = site.csirt_output(&["case", "start-verification", &code]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{OPERATOR} may not start verifying a report")),
        "{err}"
    );
    assert!(err.contains("`start_verification` to ttis only"), "{err}");
    assert!(err.contains("holds admin, kepala-dinas"), "{err}");
    let shown: Value =
        serde_json::from_str(&site.csirt(&["case", "show", &code, "--json"])).unwrap();
    assert_eq!(
        shown["events"].as_array().unwrap().len(),
        1,
        "nothing was written"
    );

    // A viewer reads, and does nothing else.
    site.csirt(&["staff", "revoke", OPERATOR, "kepala-dinas"]);
    site.csirt(&["staff", "grant", OPERATOR, "viewer"]);
    site.csirt(&["case", "queue"]);
    let out = site.csirt_output(&["publish"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site.csirt(&["staff", "grant", OPERATOR, "ttis"]);
    site.step(&["start-verification", &code]);
}

#[test]
fn who_acts_is_never_typed_in() {
    let site = SeedSite::new("tegal");
    site.csirt(&["case", "queue"]);
    let out = site.csirt_output(&["case", "queue", "--actor", "kepala.dinas"]);
    assert_eq!(out.status.code(), Some(2), "--actor is gone");
    let out = site
        .csirt_command(&["case", "queue"])
        .env("CSIRT_STAFF", "kepala.dinas")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CSIRT_STAFF"));
    let out = site
        .csirt_command(&["case", "queue"])
        .env("USER", "kepala.dinas")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "USER is not who acts: the kernel's user id is"
    );

    for reserved in ["system", "reporter"] {
        let out = site
            .csirt_bare(&["staff", "add", reserved, "--name", "X", "--role", "tim"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("reserved"));
    }
    // Unbind the operator (an admin's rebinding is an account of its own): nobody acts any more.
    site.csirt(&[
        "staff",
        "add",
        "cadangan",
        "--name",
        "Admin Cadangan",
        "--role",
        "admin",
        "--os-user",
        "cadangan",
    ]);
    site.csirt(&["staff", "disable", OPERATOR]);
    let out = site.csirt_output(&["case", "queue"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is disabled"));
}

#[test]
fn password_stdin_and_totp_print_one_otpauth_line_for_scripts() {
    let site = SeedSite::new("tegal");
    site.csirt(&["staff", "list"]);
    let mut child = site
        .csirt_command(&[
            "staff",
            "add",
            "budi",
            "--name",
            "Budi Santoso",
            "--role",
            "tim",
            "--password-stdin",
            "--totp",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"kata-sandi-yang-panjang-sekali\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("enrolment code"),
        "both factors set: no code: {stderr}"
    );
    assert!(
        stdout.starts_with("otpauth://totp/TegalKab-CSIRT:budi?secret="),
        "{stdout}"
    );
    let list: Value = serde_json::from_str(&site.csirt(&["staff", "list", "--json"])).unwrap();
    let budi = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["login"] == "budi")
        .unwrap();
    assert_eq!(
        (&budi["password_set"], &budi["totp_enrolled"]),
        (&Value::Bool(true), &Value::Bool(true))
    );

    let mut short = site
        .csirt_command(&[
            "staff",
            "add",
            "citra",
            "--name",
            "Citra",
            "--role",
            "tim",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    short.stdin.take().unwrap().write_all(b"pendek\n").unwrap();
    let out = short.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 12 characters"));
}

#[test]
fn audit_verify_names_the_case_and_the_first_event_rewritten_behind_the_store() {
    let site = SeedSite::new("tegal");
    let code = code_of(&site, "penguji_tegal");
    site.step(&["start-verification", &code]);
    site.step(&["verify", &code, "--valid"]);
    assert!(
        site.csirt(&["audit", "verify"])
            .contains(&format!("{code}: 3 event(s), intact"))
    );

    let Store::Sqlite(dir) = &site.store else {
        unreachable!()
    };
    let db = rusqlite::Connection::open(dir.join("cases.sqlite3")).unwrap();
    let refused = db
        .execute(
            "UPDATE events SET doc = replace(doc, 'andi.pratama', 'kepala') WHERE seq = 2",
            [],
        )
        .unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
    db.execute_batch("DROP TRIGGER events_never_change")
        .unwrap();
    db.execute(
        "UPDATE events SET doc = replace(doc, 'andi.pratama', 'kepala') WHERE seq = 2",
        [],
    )
    .unwrap();

    let out = site.csirt_output(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{code}: BROKEN: event 2 was altered")),
        "{err}"
    );
    let out = site.csirt_output(&["audit", "verify", &code, "--json"]);
    let failure: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(failure["error"]["details"][0]["first_bad_event"], 2);

    let out = site.csirt_output(&["case", "show", &code]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("WARNING") && err.contains("event 2 was altered"),
        "{err}"
    );

    // A case record moved out of every state still has its events checked.
    db.execute(
        "UPDATE cases SET state = 'tersembunyi' WHERE doc LIKE ?1",
        [format!("%{code}%")],
    )
    .unwrap();
    let out = site.csirt_output(&["audit", "verify"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("event 2 was altered"),
        "a hidden case is still checked: {err}"
    );

    // An account given a role straight in the store, around the log.
    let doc: String = db
        .query_row(
            "SELECT doc FROM accounts WHERE login = ?1",
            [OPERATOR],
            |row| row.get(0),
        )
        .unwrap();
    let mut account: Value = serde_json::from_str(&doc).unwrap();
    account["roles"]
        .as_array_mut()
        .unwrap()
        .push("viewer".into());
    db.execute(
        "UPDATE accounts SET doc = ?1 WHERE login = ?2",
        rusqlite::params![account.to_string(), OPERATOR],
    )
    .unwrap();
    let out = site.csirt_output(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let expected =
        format!("account records: BROKEN: account {OPERATOR} is not what its log makes it");
    assert!(err.contains(&expected), "{err}");
}

#[tokio::test]
async fn on_dynamodb_csirt_acts_as_the_iam_identity_and_finds_forged_events() {
    let endpoint = moto_endpoint();
    let (table, bucket) = (unique_name("cases"), unique_name("evidence"));
    let dynamodb = dynamodb_client(&endpoint);
    create_table(&dynamodb, &table).await;
    create_bucket(&s3_client(&endpoint), &bucket).await;
    let mut site = SeedSite::new("malut");
    site.store = Store::Aws {
        endpoint,
        table: table.clone(),
        bucket,
    };
    let code = site
        .submit("penguji_malut", "intrusions", "application-compromise")
        .await;
    site.step(&["start-verification", &code]);
    let shown: Value =
        serde_json::from_str(&site.csirt(&["case", "show", &code, "--json"])).unwrap();
    assert_eq!(shown["events"][1]["actor"]["name"], OPERATOR);
    let list: Value = serde_json::from_str(&site.csirt(&["staff", "list", "--json"])).unwrap();
    assert_eq!(list[0]["iam_arn"], MOTO_CALLER_ARN);

    // An event put straight into the table, without the store's link.
    let forged = serde_json::json!({
        "seq": 3, "at": "2026-12-01T00:00:00Z", "actor": {"kind": "staff", "name": "ketua"},
        "from": "verifying", "to": "verifying", "change": {"action": "add_note", "text": "Palsu"}
    });
    let case_pk = format!("CASE#{}", case_key(&code));
    dynamodb
        .put_item()
        .table_name(&table)
        .item("pk", aws_sdk_dynamodb::types::AttributeValue::S(case_pk))
        .item(
            "sk",
            aws_sdk_dynamodb::types::AttributeValue::S("EVENT#0000000003".into()),
        )
        .item(
            "doc",
            aws_sdk_dynamodb::types::AttributeValue::S(forged.to_string()),
        )
        .send()
        .await
        .unwrap();
    let out = site.csirt_output(&["audit", "verify", &code]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{code}: BROKEN: event 3 has no link")),
        "{err}"
    );

    // Another IAM identity bound instead: this one may no longer act.
    site.csirt(&[
        "staff",
        "add",
        "ketua",
        "--name",
        "Ketua",
        "--role",
        "admin",
        "--iam-arn",
        "arn:aws:iam::123456789012:user/ketua",
    ]);
    site.csirt(&["staff", "disable", OPERATOR]);
    let out = site.csirt_output(&["case", "queue"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(MOTO_CALLER_ARN) && err.contains("is disabled"),
        "{err}"
    );
}

/// The store key of a tracking code, as the domain computes it.
fn case_key(code: &str) -> String {
    csirt_domain::tracking::TrackingCode::parse(code)
        .unwrap()
        .key()
        .to_owned()
}

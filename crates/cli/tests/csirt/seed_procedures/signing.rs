//! Kutai Kartanegara's steps 5–7 as the SOP writes them: the incident response team drafts the notification
//! letter and the certificate of appreciation (no number yet) and submits them for approval; the head of the
//! office — another account, at another terminal — signs them, which takes their numbers and records the signer,
//! the time and each file's SHA-256; then the verification code printed on each finds it on the public page.
//!
//! Who acts is the identity running `csirt`, never typed in: on SQLite the head's commands run as the system's
//! `nobody` user (the tests run as root, as CI does), bound to the head's account; on DynamoDB with the access key
//! of an IAM user of its own made on moto's server, bound the same way.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

use super::kukar::verify_and_analyse;
use super::state;
use crate::seeds::*;
use csirt_domain::digest::sha256_hex;
use serde_json::Value;

/// The head of the office's login, bound to the `nobody` user.
const HEAD: &str = "kepala.dinas";
/// The system's `nobody` user and group.
const NOBODY: u32 = 65534;

/// Lets `nobody` read and write the site and its store (files the operator made are root's).
fn open_to_everyone(path: &Path) {
    let status = Command::new("chmod")
        .args(["-R", "a+rwX"])
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "chmod {}", path.display());
}

/// Where the head's IAM access key is kept on a site on DynamoDB: `key secret arn`.
const HEAD_IAM: &str = "head-iam";

/// `csirt ARGS` as the head of the office: the `nobody` user, or the head's IAM user on DynamoDB.
fn as_head(site: &SeedSite, args: &[&str]) -> Output {
    let mut command = site.csirt_bare(args);
    if let Ok(iam) = std::fs::read_to_string(site.path(HEAD_IAM)) {
        let mut parts = iam.split_whitespace();
        let (key, secret) = (parts.next().unwrap(), parts.next().unwrap());
        command
            .env("AWS_ACCESS_KEY_ID", key)
            .env("AWS_SECRET_ACCESS_KEY", secret);
    } else {
        open_to_everyone(site.dir.path());
        if let Some((_, dir)) = site
            .store_env()
            .iter()
            .find(|(k, _)| *k == "CSIRT_DATA_DIR")
        {
            open_to_everyone(Path::new(dir));
        }
        command.uid(NOBODY).gid(NOBODY).env("HOME", site.dir.path());
    }
    command.output().unwrap()
}

/// One IAM query action on moto's server (which reads the service from the credential scope and checks no
/// signature); the answer's XML.
fn iam(endpoint: &str, action: &str) -> String {
    let output = Command::new("curl")
        .args(["-sS", "-X", "POST", &format!("{endpoint}/"), "-H"])
        .arg(
            "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, \
             SignedHeaders=host, Signature=0",
        )
        .args(["-d", &format!("{action}&Version=2010-05-08")])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The text of the first `<tag>` in `xml`.
fn xml_text<'a>(xml: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("no {tag} in {xml}"))
        + open.len();
    let end = start + xml[start..].find('<').unwrap();
    &xml[start..end]
}

/// The identity the head's account is bound to: `--os-user nobody`, or on DynamoDB a new IAM user's ARN (its
/// access key kept for [`as_head`]).
fn head_identity(site: &SeedSite) -> [String; 2] {
    let Store::Aws {
        endpoint, table, ..
    } = &site.store
    else {
        return ["--os-user".to_owned(), "nobody".to_owned()];
    };
    let user = format!("head-{table}");
    let created = iam(endpoint, &format!("Action=CreateUser&UserName={user}"));
    let arn = xml_text(&created, "Arn").to_owned();
    let key = iam(endpoint, &format!("Action=CreateAccessKey&UserName={user}"));
    std::fs::write(
        site.path(HEAD_IAM),
        format!(
            "{} {} {arn}",
            xml_text(&key, "AccessKeyId"),
            xml_text(&key, "SecretAccessKey")
        ),
    )
    .unwrap();
    ["--iam-arn".to_owned(), arn]
}

/// The head's account: role `kepala-dinas` only, bound to its own identity (once per site).
pub(crate) fn add_head(site: &SeedSite) {
    if site.csirt(&["staff", "list"]).contains(HEAD) {
        return;
    }
    let [option, identity] = head_identity(site);
    site.csirt(&[
        "staff",
        "add",
        HEAD,
        "--name",
        "Kepala Dinas Kominfo",
        "--role",
        "kepala-dinas",
        &option,
        &identity,
    ]);
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Steps 5–7 for one document: drafted and submitted by the operator (the team), signed by the head. Returns
/// what the signing printed (the record and its files).
pub(crate) fn draft_submit_and_sign(site: &SeedSite, c: &str, kind: &str) -> Value {
    draft_submit_and_sign_with(site, c, kind, &[])
}

/// [`draft_submit_and_sign`] with more options for the signing (`--pdf`).
pub(crate) fn draft_submit_and_sign_with(
    site: &SeedSite,
    c: &str,
    kind: &str,
    options: &[&str],
) -> Value {
    let draft: Value =
        serde_json::from_str(&site.csirt(&["case", "document", c, "draft", kind, "--json"]))
            .unwrap();
    assert_eq!(draft["status"], "draft");
    assert!(
        draft.get("number").is_none(),
        "a draft has no number: {draft}"
    );
    let id = draft["id"].to_string();
    let submitted: Value =
        serde_json::from_str(&site.csirt(&["case", "document", c, "submit", &id, "--json"]))
            .unwrap();
    assert_eq!(submitted["status"], "submitted");
    let output = site.path("documents");
    let mut args = vec![
        "case",
        "document",
        c,
        "sign",
        &id,
        "--output",
        output.to_str().unwrap(),
        "--json",
    ];
    args.extend_from_slice(options);
    json(&as_head(site, &args))
}

/// Kukar's letter and certificate through steps 5–7 (the head's account is made on first use).
pub(crate) fn sign_letter_and_certificate(site: &SeedSite, c: &str) -> Vec<Value> {
    add_head(site);
    ["notification-letter", "certificate-of-appreciation"]
        .iter()
        .map(|kind| draft_submit_and_sign(site, c, kind))
        .collect()
}

#[tokio::test]
async fn kutai_kartanegara_submits_and_the_head_of_the_office_signs() {
    let site = SeedSite::new("kukar");
    let code = site
        .submit("pemburu_celah", "vulnerable", "vulnerable-system")
        .await;
    let c = code.as_str();
    verify_and_analyse(&site, c);
    // Kukar's letter is signed before it is issued: `csirt case issue` says so and takes no number.
    let refused = site.csirt_output(&["case", "issue", c, "notification-letter"]);
    assert_eq!(refused.status.code(), Some(3), "refused");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("csirt case document"), "{stderr}");

    // Step 5: the team drafts; step 6: it submits. The operator holds every role, the head's too, but drafted
    // the letter, so it may not sign it (four eyes).
    add_head(&site);
    let draft: Value = serde_json::from_str(&site.csirt(&[
        "case",
        "document",
        c,
        "draft",
        "notification-letter",
        "--json",
    ]))
    .unwrap();
    let id = draft["id"].to_string();
    // The head cannot sign what is not submitted.
    let early = as_head(&site, &["case", "document", c, "sign", &id]);
    assert_eq!(early.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&early.stderr).contains("only a document submitted"));
    site.csirt(&["case", "document", c, "submit", &id]);
    let own = site.csirt_fails(&["case", "document", c, "sign", &id]);
    assert!(own.contains("another account"), "{own}");
    // The head does not draft: the SOP gives it to the team.
    let drafting = as_head(
        &site,
        &[
            "case",
            "document",
            c,
            "draft",
            "certificate-of-appreciation",
        ],
    );
    assert_eq!(drafting.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&drafting.stderr).contains("submit_document"));

    // Step 7: the head signs. The number is taken then; the file's hash and the code are recorded.
    let output = site.path("documents");
    let letter = json(&as_head(
        &site,
        &[
            "case",
            "document",
            c,
            "sign",
            &id,
            "--output",
            output.to_str().unwrap(),
            "--json",
        ],
    ));
    let certificate = draft_submit_and_sign(&site, c, "certificate-of-appreciation");
    for signed in [&letter, &certificate] {
        let html = std::fs::read(signed["html"].as_str().unwrap()).unwrap();
        let sha256 = sha256_hex(&html);
        assert_eq!(signed["document"]["sha256"], sha256.as_str());
        let verification = signed["document"]["verification"].as_str().unwrap();
        let page = String::from_utf8_lossy(&html);
        assert!(page.contains("/verifikasi/?kode="), "the QR code's address");
        assert!(page.contains("<svg"), "the QR code");
        assert_eq!(verification.len(), 20, "{verification}");
        assert!(!verification.contains(&c.to_lowercase()[5..]));
        // The code printed on it finds it through the intake, and the file's hash matches; another does not.
        for (hash, outcome) in [(sha256.clone(), "match"), ("0".repeat(64), "mismatch")] {
            let request = axum::http::Request::get(format!(
                "/api/verifikasi?kode={verification}&sha256={hash}"
            ))
            .body(axum::body::Body::empty())
            .unwrap();
            let (status, view) = site.intake(request).await;
            assert_eq!(status, 200, "{view}");
            assert_eq!(view["found"], true, "{view}");
            assert_eq!(view["hash"], outcome, "{view}");
            assert_eq!(view["document"]["number"], signed["document"]["number"]);
            assert_eq!(view["document"]["signed_as"], "Kepala Dinas");
            for personal in [NAME, EMAIL, PHONE[1], c] {
                assert!(!view.to_string().contains(personal), "{personal}");
            }
        }
    }
    assert_ne!(
        letter["document"]["number"],
        certificate["document"]["number"]
    );

    // The case's event log names the head as the signer of both, with the hashes.
    let shown: Value = serde_json::from_str(&site.csirt(&["case", "show", c, "--json"])).unwrap();
    let signings: Vec<&Value> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["change"]["action"] == "sign_document")
        .collect();
    assert_eq!(signings.len(), 2);
    for event in &signings {
        assert_eq!(event["actor"]["name"], HEAD, "{event}");
        assert!(event["change"]["document"]["sha256"].is_string());
    }
    let drafts = site.csirt(&["case", "document", c, "list"]);
    assert_eq!(drafts.matches(" signed ").count(), 2, "{drafts}");
    assert_eq!(shown["case"]["documents"].as_array().unwrap().len(), 2);
    let resolved = site.step(&["resolve", c, "--summary", "PSE memperbaiki celah."]);
    assert_eq!(state(&resolved), "resolved");
}

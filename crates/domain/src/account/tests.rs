use super::*;
use crate::sop::{SopProfile, action_of, issue_key};

#[test]
fn logins_are_short_lowercase_and_never_the_products_own_names() {
    assert_eq!(Login::parse("ayu.lestari").unwrap().as_str(), "ayu.lestari");
    let nip = "198503102010011001";
    assert_eq!(Login::parse(nip).unwrap().as_str(), nip, "a NIP is a login");
    for bad in [
        "system",
        "reporter",
        "A",
        "Ayu",
        "-ayu",
        "ayu lestari",
        "ayu/../x",
        "",
        "a-very-long-login-name-over-32-chars",
    ] {
        assert!(Login::parse(bad).is_err(), "{bad:?} was accepted");
    }
    let error = Login::parse("system").unwrap_err();
    assert!(error.to_string().contains("reserved"), "{error}");
}

#[test]
fn roles_are_the_staff_actors_of_the_profile_plus_admin_and_viewer() {
    let bali = SopProfile::builtin("bali").unwrap();
    let roles: Vec<String> = Role::all(&bali).iter().map(|r| r.to_string()).collect();
    assert_eq!(roles, ["front-desk", "agent", "admin", "viewer"]);
    let refused = Role::parse("pelapor", &bali).unwrap_err();
    assert!(
        refused.contains("front-desk, agent, admin, viewer"),
        "{refused}"
    );
}

#[test]
fn every_shipped_profile_says_who_may_take_every_action() {
    for (id, _) in crate::sop::BUILTIN {
        let profile = SopProfile::builtin(id).unwrap();
        for (action, _) in crate::sop::ACTIONS {
            assert!(!profile.roles_for(action).is_empty(), "{id}: {action}");
        }
    }
}

#[test]
fn only_kukars_head_of_office_issues_the_letter_and_the_certificate() {
    use crate::case::DocumentKind;
    let kukar = SopProfile::builtin("kukar").unwrap();
    for kind in [
        DocumentKind::NotificationLetter,
        DocumentKind::CertificateOfAppreciation,
    ] {
        assert_eq!(kukar.roles_for(&issue_key(kind)), ["kepala-dinas"]);
    }
    assert_eq!(
        kukar.roles_for(&issue_key(DocumentKind::AnalysisReport)),
        ["ttis"]
    );
    let bali = SopProfile::builtin("bali").unwrap();
    assert_eq!(
        bali.roles_for(&action_of(&crate::case::Change::StartVerification)),
        ["front-desk"]
    );
}

#[test]
fn a_profile_without_permissions_for_an_action_is_refused_by_name() {
    let text = crate::sop::BUILTIN[4]
        .1
        .replace("verify = [\"front-desk\"]\n", "");
    let error = SopProfile::from_toml(&text, "bali-copy.toml").unwrap_err();
    assert!(error.to_string().contains("\"verify\""), "{error}");
    let text = crate::sop::BUILTIN[4]
        .1
        .replace("verify = [\"front-desk\"]", "verify = [\"pelapor\"]");
    let error = SopProfile::from_toml(&text, "bali-copy.toml").unwrap_err();
    assert!(error.to_string().contains("not a staff actor"), "{error}");
}

#[test]
fn secrets_never_show_in_debug() {
    let secrets = SignInSecrets {
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
        totp_secret: Some("JBSWY3DPEHPK3PXP".into()),
        totp_last_step: Some(1),
        enrolment: None,
        ..SignInSecrets::default()
    };
    let shown = format!("{secrets:?}");
    assert!(
        !shown.contains("argon2") && !shown.contains("JBSWY3DP"),
        "{shown}"
    );
}

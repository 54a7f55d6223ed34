//! `csirt sop` run as a user runs it.

use std::process::Command;

fn csirt(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_csirt"))
        .args(args)
        .output()
        .expect("csirt runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn lists_the_five_seed_procedures() {
    let (ok, out, _) = csirt(&["sop", "list"]);
    assert!(ok);
    for name in ["BATAM-CSIRT", "TegalKab-CSIRT", "TTIS", "Baliprov-CSIRT"] {
        assert!(out.contains(name), "{name} missing from:\n{out}");
    }
    assert_eq!(out.lines().count(), 5);
}

#[test]
fn shows_a_profile_in_either_language() {
    let (ok, out, _) = csirt(&["sop", "show", "tegal"]);
    assert!(ok);
    assert!(out.contains(" 3. Melakukan verifikasi"), "{out}");
    assert!(out.contains("time: 1-3 hari"), "{out}");
    let (ok, out, _) = csirt(&["sop", "show", "tegal", "--lang", "en"]);
    assert!(ok);
    assert!(out.contains("state: verifying"), "{out}");
    let (ok, out, _) = csirt(&["sop", "show", "kukar"]);
    assert!(ok);
    assert!(
        out.contains("Peran dan siapa yang boleh mengambil tiap langkah"),
        "{out}"
    );
    let line = |key: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("no line for {key} in:\n{out}"))
            .to_owned()
    };
    assert!(line("issue_document:certificate_of_appreciation").contains("kepala-dinas"));
    assert!(line("verify").contains("ttis") && !line("verify").contains("kepala-dinas"));
    assert!(out.contains("role ttis"), "{out}");
    assert!(
        !out.contains("role pelapor"),
        "the reporter is no role:\n{out}"
    );
    let (ok, _, err) = csirt(&["sop", "show", "jakarta"]);
    assert!(!ok);
    assert!(
        err.contains("choose one of batam, tegal, malut, kukar, bali"),
        "{err}"
    );
}

#[test]
fn check_lists_every_broken_file_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("tegal.toml");
    let tegal = csirt_domain::sop::BUILTIN[1].1;
    std::fs::write(&good, tegal).unwrap();
    let bad_actor = dir.path().join("bad-actor.toml");
    std::fs::write(
        &bad_actor,
        tegal.replacen("actors = [\"", "actors = [\"nobody\", \"", 1),
    )
    .unwrap();
    let not_toml = dir.path().join("not-toml.toml");
    std::fs::write(&not_toml, "id = \n").unwrap();

    let (ok, out, _) = csirt(&["sop", "check", good.to_str().unwrap()]);
    assert!(ok, "{out}");
    let (ok, _, err) = csirt(&[
        "sop",
        "check",
        good.to_str().unwrap(),
        bad_actor.to_str().unwrap(),
        not_toml.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("2 of 3 profile(s) have problems"), "{err}");
    assert!(
        err.contains("bad-actor.toml: step 1 names actor \"nobody\""),
        "{err}"
    );
    assert!(err.contains("not-toml.toml"), "{err}");
}

//! What the seed procedure tests share: the kit's seed site (a copy of the shipped site set to one SOP profile,
//! its store, the intake function in-process on that store) and this crate's `csirt` binary run on it as staff
//! run it.

use std::collections::HashSet;
use std::process::Command;
use std::sync::Mutex;

use serde_json::Value;

pub use csirt_test_kit::aws::{
    create_bucket, create_table, dynamodb_client, moto_endpoint, s3_client, unique_name,
};
pub use csirt_test_kit::seed::{
    DESCRIPTION, EMAIL, NAME, PHONE, SeedSite, Store, assert_no_personal_data,
};

/// The login of the seed sites' operator: an admin holding every staff role of the site's SOP.
pub const OPERATOR: &str = "andi.pratama";

/// The IAM identity moto's STS says its test credentials belong to.
pub const MOTO_CALLER_ARN: &str = "arn:aws:sts::123456789012:user/moto";

/// The operating-system user the tests run as.
pub fn os_user() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// The sites (directory and store) whose operator account exists.
static OPERATORS: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// `csirt` run on a seed site (the binary exists only for this crate's tests, so it is not in the kit).
pub trait Csirt {
    /// `csirt ARGS` as staff member `andi.pratama` runs it on this site and store (the account bound to the
    /// operating-system user, or on DynamoDB to moto's IAM identity, created with every role on first use): its
    /// standard output, or a panic with its error output.
    fn csirt(&self, args: &[&str]) -> String;
    /// `csirt ARGS` expected to fail: its error output.
    fn csirt_fails(&self, args: &[&str]) -> String;
    /// `csirt ARGS` run to its end, whatever its exit code.
    fn csirt_output(&self, args: &[&str]) -> std::process::Output;
    /// `csirt ARGS` on this site with the store variables `store` instead of the site's own.
    fn csirt_command_with_store(&self, args: &[&str], store: &[(&str, &str)]) -> Command;
    /// `csirt ARGS` on this site and its store, as the operator.
    fn csirt_command(&self, args: &[&str]) -> Command;
    /// `csirt ARGS` on this site and its store, whoever runs it (no account is made).
    fn csirt_bare(&self, args: &[&str]) -> Command;
    /// The staff role keys of the site's SOP (not `admin` or `viewer`).
    fn staff_roles(&self) -> Vec<String>;
    /// A step on a case; returns the case as the step left it.
    fn step(&self, args: &[&str]) -> Value;
    /// Issues a document on a case; returns its record and checks its file (a document to the system owner
    /// never quotes the reporter).
    fn issue(&self, code: &str, kind: &str) -> Value;
}

impl Csirt for SeedSite {
    fn csirt(&self, args: &[&str]) -> String {
        let output = self.csirt_command(args).output().unwrap();
        assert!(
            output.status.success(),
            "csirt {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn csirt_fails(&self, args: &[&str]) -> String {
        let output = self.csirt_command(args).output().unwrap();
        assert!(
            !output.status.success(),
            "csirt {} succeeded",
            args.join(" ")
        );
        String::from_utf8(output.stderr).unwrap()
    }

    fn csirt_output(&self, args: &[&str]) -> std::process::Output {
        self.csirt_command(args).output().unwrap()
    }

    fn csirt_command_with_store(&self, args: &[&str], store: &[(&str, &str)]) -> Command {
        let mut command = self.csirt_command(args);
        for (name, _) in self.store_env() {
            command.env_remove(name);
        }
        command.env("CSIRT_CONFIG", self.path("content/config.toml"));
        command.envs(store.iter().copied());
        command
    }

    fn csirt_command(&self, args: &[&str]) -> Command {
        let site = format!("{}|{:?}", self.dir.path().display(), self.store);
        let mut ready = OPERATORS.lock().unwrap();
        if ready.get_or_insert_with(HashSet::new).insert(site) {
            let mut add = vec![
                "staff".to_owned(),
                "add".to_owned(),
                OPERATOR.to_owned(),
                "--name".to_owned(),
                "Andi Pratama".to_owned(),
                "--role".to_owned(),
                "admin".to_owned(),
            ];
            for role in self.staff_roles() {
                add.extend(["--role".to_owned(), role]);
            }
            match self.store {
                Store::Sqlite(_) => add.extend(["--os-user".to_owned(), os_user()]),
                Store::Aws { .. } => {
                    add.extend(["--iam-arn".to_owned(), MOTO_CALLER_ARN.to_owned()])
                }
            }
            let add: Vec<&str> = add.iter().map(String::as_str).collect();
            let output = self.csirt_bare(&add).output().unwrap();
            assert!(
                output.status.success(),
                "the operator account was not made: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        drop(ready);
        self.csirt_bare(args)
    }

    fn staff_roles(&self) -> Vec<String> {
        let output = self.csirt_bare(&["staff", "roles"]).output().unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .filter(|role| !["admin", "viewer"].contains(role))
            .map(str::to_owned)
            .collect()
    }

    fn csirt_bare(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_csirt"));
        command
            .args(args)
            .arg("--config")
            .arg(self.path("content/config.toml"))
            .env_remove("CSIRT_SITE_BUCKET")
            .env_remove("CSIRT_SMTP_URL")
            .env_remove("CSIRT_MAIL")
            .env_remove("CSIRT_WEBHOOK_URL")
            .env("SOURCE_DATE_EPOCH", "1795392000")
            .current_dir(self.dir.path());
        for (name, value) in self.store_env() {
            command.env(name, value);
        }
        command
    }

    fn step(&self, args: &[&str]) -> Value {
        let mut all = vec!["case"];
        all.extend_from_slice(args);
        all.push("--json");
        let out: Value = serde_json::from_str(&self.csirt(&all)).unwrap();
        out["case"].clone()
    }

    fn issue(&self, code: &str, kind: &str) -> Value {
        let output = self.path("documents");
        let out: Value = serde_json::from_str(&self.csirt(&[
            "case",
            "issue",
            code,
            kind,
            "--output",
            output.to_str().unwrap(),
            "--json",
        ]))
        .unwrap();
        let number = out["document"]["number"].as_str().unwrap();
        let html = std::fs::read_to_string(out["html"].as_str().unwrap()).unwrap();
        assert!(html.contains(number), "{kind} carries its number {number}");
        assert!(html.contains("TLP:"), "{kind} is TLP-marked");
        if ["notification-letter", "analysis-report", "final-report"].contains(&kind) {
            // A document to the system owner carries the team's summary, never the reporter's words or contact.
            for secret in [
                DESCRIPTION,
                "Tampilan situs dinas berubah",
                "Pukul 07.45",
                NAME,
                EMAIL,
                PHONE[1],
            ] {
                assert!(
                    !html.contains(secret),
                    "{kind} quotes the reporter: {secret}"
                );
            }
        }
        out["document"].clone()
    }
}

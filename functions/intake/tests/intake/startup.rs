//! The `intake` binary as an operator starts it: `--help` and `--version` answer and exit without starting a
//! server, an argument it does not take is refused with exit code 2, and its logs carry no colour escapes
//! when they do not go to a terminal.

use std::fs::File;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use csirt_test_kit::paths::workspace_root;

/// How long the binary may take to answer `--help` and the like; a server would never exit.
const ANSWER_WITHIN: Duration = Duration::from_secs(20);

/// The ANSI escape that starts a colour (or any other control sequence).
const ESCAPE: &str = "\u{1b}[";

/// `intake ARGS` with only `env` in its environment, standard output and error to files in `dir`.
fn start(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_intake"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(File::create(dir.join("stdout")).unwrap())
        .stderr(File::create(dir.join("stderr")).unwrap())
        .spawn()
        .unwrap()
}

/// Waits for `child` to exit, killing it and failing when it has not within [`ANSWER_WITHIN`].
fn finish(mut child: Child, what: &str) -> ExitStatus {
    let deadline = Instant::now() + ANSWER_WITHIN;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("intake {what} did not exit within {ANSWER_WITHIN:?}: it started a server");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The binary's exit code, standard output and standard error for `args`.
fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let status = finish(start(dir.path(), args, env), &args.join(" "));
    let read = |name| std::fs::read_to_string(dir.path().join(name)).unwrap();
    (status.code().unwrap(), read("stdout"), read("stderr"))
}

/// An address nothing else listens on while the test runs: the port is held open, so a server the binary
/// started would fail to bind it rather than answer; `--help` must not get that far.
fn held_address() -> (std::net::TcpListener, String) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    (listener, addr)
}

#[test]
fn help_prints_the_usage_with_its_settings_and_starts_nothing() {
    let (_held, addr) = held_address();
    for flag in ["--help", "-h"] {
        let (code, out, err) = run(&[flag], &[("CSIRT_ADDR", &addr)]);
        assert_eq!(code, 0, "intake {flag}: {out}{err}");
        assert!(out.contains("Usage: intake"), "{out}");
        for variable in [
            "CSIRT_STORE",
            "CSIRT_DATA_DIR",
            "CSIRT_TABLE",
            "CSIRT_EVIDENCE_BUCKET",
            "CSIRT_ADDR",
            "CSIRT_CONFIG",
            "CSIRT_RATE_LIMIT",
            "CSIRT_SMTP_URL",
            "CSIRT_WEBHOOK_URL",
            "AWS_LAMBDA_RUNTIME_API",
        ] {
            assert!(
                out.contains(variable),
                "{variable} missing from the usage: {out}"
            );
        }
        assert!(
            !out.contains("intake listening") && !err.contains("intake listening"),
            "{out}{err}"
        );
    }
}

#[test]
fn version_prints_the_version() {
    let (code, out, err) = run(&["--version"], &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.trim(),
        format!("intake {}", env!("CARGO_PKG_VERSION")),
        "{err}"
    );
    let (code, short, _) = run(&["-V"], &[]);
    assert_eq!((code, short), (0, out));
}

#[test]
fn an_argument_it_does_not_take_exits_2_naming_it() {
    let (_held, addr) = held_address();
    for args in [&["--port"][..], &["serve"], &["--help", "--verbose"]] {
        let (code, out, err) = run(args, &[("CSIRT_ADDR", &addr)]);
        assert_eq!(code, 2, "intake {args:?}: {out}{err}");
        let named = args.last().unwrap();
        assert!(err.contains(named), "{err}");
        assert!(err.contains("intake --help"), "{err}");
    }
}

#[test]
fn a_failure_is_logged_without_colour_escapes_to_a_file() {
    // A setting that cannot be used: the binary logs the failure and exits 1.
    let (code, out, err) = run(&[], &[("CSIRT_STORE", "kertas")]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("CSIRT_STORE"),
        "the log line is missing: {out:?}"
    );
    assert!(err.contains("CSIRT_STORE"), "{err:?}");
    assert!(
        !out.contains(ESCAPE),
        "colour escapes in the log file: {out:?}"
    );
    assert!(
        !err.contains(ESCAPE),
        "colour escapes in the error file: {err:?}"
    );
}

#[test]
fn a_local_server_logs_without_colour_escapes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = workspace_root().join("content/config.toml");
    let mut child = start(
        dir.path(),
        &[],
        &[
            ("CSIRT_ADDR", "127.0.0.1:0"),
            ("CSIRT_DATA_DIR", data.to_str().unwrap()),
            ("CSIRT_CONFIG", config.to_str().unwrap()),
        ],
    );
    let read = |name| std::fs::read_to_string(dir.path().join(name)).unwrap_or_default();
    let deadline = Instant::now() + ANSWER_WITHIN;
    while !read("stdout").contains("intake listening") {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "intake exited ({status}) before listening: {}{}",
                read("stdout"),
                read("stderr")
            );
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!(
                "intake did not start listening within {ANSWER_WITHIN:?}: {}",
                read("stdout")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let (out, err) = (read("stdout"), read("stderr"));
    assert!(
        !out.contains(ESCAPE),
        "colour escapes in the log file: {out:?}"
    );
    assert!(
        !err.contains(ESCAPE),
        "colour escapes in the error file: {err:?}"
    );
}

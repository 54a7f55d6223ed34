//! The `intake` binary the tests run: `CSIRT_INTAKE_BIN` when set, else the one cargo built beside the test
//! executable (`cargo test --workspace` builds it, as `csirt-intake` has integration tests).

use std::path::PathBuf;

/// The `intake` binary to test. Panics, saying how to build it, when there is none.
pub fn intake() -> PathBuf {
    if let Some(path) = std::env::var_os("CSIRT_INTAKE_BIN") {
        return PathBuf::from(path);
    }
    // The test executable is <target>/<profile>/deps/<name>: the binaries are in <target>/<profile>.
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("intake")));
    match beside {
        Some(path) if path.is_file() => path,
        _ => panic!(
            "no intake binary beside the test executable: build it first (cargo build --bin intake, or \
             cargo test --workspace), or name one with CSIRT_INTAKE_BIN"
        ),
    }
}

/// A size from the environment variable `name` (a long run sets it), or `default`.
pub fn scale(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(value) => value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value:?} is not a whole number")),
        Err(_) => default,
    }
}

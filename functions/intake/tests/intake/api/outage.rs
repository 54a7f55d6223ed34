//! The store failing: 503 and no code.

use super::stored_count;
use crate::support::*;

#[tokio::test]
async fn the_store_failing_means_503_and_no_code() {
    let app = app();
    // Another process holds the database's write lock for longer than the store waits.
    let path = app.dir.path().join("data").join("cases.sqlite3");
    let blocker = rusqlite_blocker(&path);
    let reply = app.post_json(&report_json(), &[]).await;
    drop(blocker);
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(reply.headers.contains_key("retry-after"));
    assert!(reply.json().get("tracking_code").is_none());
    assert_eq!(stored_count(&app).await, 0);
    assert_eq!(
        app.post_json(&report_json(), &[]).await.status,
        201,
        "the store recovers by itself"
    );
}

/// Takes SQLite's write lock on `path` from a separate connection and keeps it until dropped.
fn rusqlite_blocker(path: &std::path::Path) -> impl Drop {
    struct Blocker(Option<std::process::Child>);
    impl Drop for Blocker {
        fn drop(&mut self) {
            if let Some(mut child) = self.0.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
    let child = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3, sys, time\n\
             c = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
             c.execute('BEGIN EXCLUSIVE')\n\
             print('locked', flush=True)\n\
             time.sleep(60)\n",
        )
        .arg(path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut blocker = Blocker(Some(child));
    let stdout = blocker.0.as_mut().unwrap().stdout.take().unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).unwrap();
    assert_eq!(line.trim(), "locked");
    blocker
}

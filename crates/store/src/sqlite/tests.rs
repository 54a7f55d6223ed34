//! The writer and its checkpointer as they behave under load: writes share commits and none is lost, the
//! writer never checkpoints, the checkpointer does (copying the WAL into the database file, restarting the WAL
//! under a steady load, emptying it when idle). The database file of a WAL-mode store is written by checkpoints
//! only, so its size tells whether one ran.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use csirt_domain::case::{Case, Event};
use csirt_domain::report::ReportInput;
use csirt_domain::tracking::TrackingCode;
use csirt_test_kit::cases::receive;
use csirt_test_kit::reports::parse;

use super::checkpoint::Policy;
use super::{DATABASE_FILE, SqliteStore};
use crate::CaseStore;

const HOUR: Duration = Duration::from_secs(3600);

/// A checkpointer that does nothing within a test's time.
const NEVER: Policy = Policy {
    pass_every: HOUR,
    restart_frames: i64::MAX,
    idle: HOUR,
};

fn new_case(n: usize) -> (Case, Event) {
    let at = Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).unwrap();
    let description = format!("Halaman depan situs diganti ({n}).");
    let input = ReportInput::from_pairs([
        ("reporter_name", "Siti Aminah"),
        ("reporter_email", "siti@contoh.id"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("description", description.as_str()),
        ("chronology", "Pukul 08.10 tampilan situs berubah."),
        ("impact", "Layanan informasi publik tidak dapat diakses."),
        ("affected_url", "https://dinkes.tegalkab.go.id"),
    ]);
    receive("TGL", parse(&input, at, 7), at)
}

/// Stores `count` new cases from `workers` tasks, each storing one after another: the writer always has work
/// waiting. Their codes.
async fn submit_many(store: &SqliteStore, count: usize, workers: usize) -> Vec<TrackingCode> {
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..workers {
        let store = store.clone();
        tasks.spawn(async move {
            let mut codes = Vec::new();
            for n in (worker..count).step_by(workers) {
                let (case, event) = new_case(n);
                store.create(&case, &event).await.unwrap();
                codes.push(case.code);
            }
            codes
        });
    }
    tasks.join_all().await.concat()
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn wal(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join(format!("{DATABASE_FILE}-wal"))
}

/// Waits up to five seconds for `done`.
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(5), "never: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_submissions_share_commits_and_none_is_lost() {
    const SUBMISSIONS: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_with(dir.path(), NEVER).unwrap();
    let before = store.writer.commits();
    let codes = submit_many(&store, SUBMISSIONS, SUBMISSIONS).await;
    let commits = store.writer.commits() - before;
    assert!(
        commits * 3 <= SUBMISSIONS as u64,
        "{SUBMISSIONS} concurrent submissions took {commits} commits"
    );
    for code in &codes {
        assert!(store.get(code).await.unwrap().is_some(), "{code} lost");
    }
    let stored: u64 = rusqlite::Connection::open(dir.path().join(DATABASE_FILE))
        .unwrap()
        .query_row("SELECT count(*) FROM cases", [], |row| row.get(0))
        .unwrap();
    assert_eq!(stored, SUBMISSIONS as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_writer_never_checkpoints() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_with(dir.path(), NEVER).unwrap();
    let database = dir.path().join(DATABASE_FILE);
    let at_open = size(&database);
    // Far more pages than SQLite's automatic checkpoint would let the WAL hold (1,000).
    submit_many(&store, 600, 32).await;
    assert!(
        size(&wal(dir.path())) > 1_000 * 4096,
        "the WAL is only {} bytes",
        size(&wal(dir.path()))
    );
    assert_eq!(
        size(&database),
        at_open,
        "something copied the WAL into the database"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checkpointer_copies_the_wal_into_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let policy = Policy {
        pass_every: Duration::from_millis(1),
        ..NEVER
    };
    let store = SqliteStore::open_with(dir.path(), policy).unwrap();
    let database = dir.path().join(DATABASE_FILE);
    let at_open = size(&database);
    submit_many(&store, 200, 32).await;
    eventually("the database file grows", || {
        size(&database) > at_open + 100 * 4096
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_steady_load_restarts_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let policy = Policy {
        pass_every: Duration::from_millis(1),
        restart_frames: 128,
        idle: HOUR,
    };
    let store = SqliteStore::open_with(dir.path(), policy).unwrap();
    // The writer busy from one transaction to the next: it never pauses by itself.
    submit_many(&store, 3_000, 64).await;
    let (wal, database) = (
        size(&wal(dir.path())),
        size(&dir.path().join(DATABASE_FILE)),
    );
    assert!(
        database > 8 << 20,
        "too little was written to tell: {database} bytes"
    );
    assert!(
        wal * 2 < database,
        "the WAL grew to {wal} bytes beside a database of {database}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_store_empties_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let policy = Policy {
        pass_every: Duration::from_millis(1),
        restart_frames: i64::MAX,
        idle: Duration::from_millis(100),
    };
    let store = SqliteStore::open_with(dir.path(), policy).unwrap();
    let codes = submit_many(&store, 100, 16).await;
    eventually("the WAL file is emptied", || size(&wal(dir.path())) == 0).await;
    // Still a working store, whose cases are in the database file.
    assert!(store.get(&codes[0]).await.unwrap().is_some());
    submit_many(&store, 10, 10).await;
}

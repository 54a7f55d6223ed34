//! WAL checkpoints off the writer's path. The writer only appends to the WAL (its automatic checkpoints are
//! off); this thread, on a connection of its own, copies committed pages into the database file while the writer
//! goes on:
//!
//! - a *passive* checkpoint once transactions were committed, at most every [`Policy::pass_every`] (pages
//!   written several times in between are copied once);
//! - once the WAL holds [`Policy::restart_frames`] pages, passes until the writer is nearly caught up, then, with
//!   the writer held at the [`Gate`] for that moment only, a *restart* checkpoint of the few pages left, so that
//!   the next transaction writes the WAL from its beginning again (under a steady load the writer never pauses
//!   by itself, and a WAL is only reused from its start when every page in it is in the database);
//! - after [`Policy::idle`] without a commit, a *truncate* checkpoint that leaves an empty WAL file.
//!
//! Durability does not depend on any of this: a transaction is durable once its WAL frames are synced at
//! `COMMIT` (`synchronous = FULL`); a checkpoint only moves pages, syncing the WAL before and the database after.

use std::path::Path;
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use super::gate::{Gate, Wake};
use crate::StoreError;

/// When the checkpointer works.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// The shortest time between two passive checkpoints.
    pub pass_every: Duration,
    /// WAL pages (frames) from which the WAL is restarted from its beginning.
    pub restart_frames: i64,
    /// Time without a commit after which the WAL file is truncated.
    pub idle: Duration,
}

impl Policy {
    /// The store's policy: passes at most every 20 ms; the WAL restarted from 16,384 pages (64 MiB of 4 KiB
    /// pages); truncated after a second without writes.
    pub const DEFAULT: Policy = Policy {
        pass_every: Duration::from_millis(20),
        restart_frames: 16_384,
        idle: Duration::from_secs(1),
    };
}

/// How long the checkpointer's connection waits for readers (and for another process's writer) before a restart
/// or truncation gives up until the next time.
const BUSY_TIMEOUT: Duration = Duration::from_millis(20);
/// A catch-up pass copying at most this many pages is the last before the writer is held.
const CAUGHT_UP_FRAMES: i64 = 256;
/// Catch-up passes before holding the writer, at most.
const CATCH_UP_PASSES: usize = 4;
/// The pause after a failed checkpoint (a full disk, an unreadable file) before the next attempt.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// A checkpoint's mode (`PRAGMA wal_checkpoint(MODE)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Copies what it can without waiting for anyone.
    Passive,
    /// Copies everything and waits for readers to leave the WAL, so that the next writer starts it afresh.
    Restart,
    /// As restart, and truncates the WAL file to nothing.
    Truncate,
}

/// What a checkpoint found: pages in the WAL and pages of it now in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Whether it could not do all it was asked (a reader or a writer in the way).
    pub busy: bool,
    /// Pages (frames) in the WAL.
    pub log: i64,
    /// Of those, pages copied into the database file.
    pub checkpointed: i64,
}

impl Progress {
    /// Whether every page of the WAL is in the database file.
    pub fn complete(&self) -> bool {
        !self.busy && self.checkpointed >= self.log
    }
}

/// Runs one checkpoint on `connection`.
pub fn checkpoint(connection: &Connection, mode: Mode) -> rusqlite::Result<Progress> {
    let sql = match mode {
        Mode::Passive => "PRAGMA wal_checkpoint(PASSIVE)",
        Mode::Restart => "PRAGMA wal_checkpoint(RESTART)",
        Mode::Truncate => "PRAGMA wal_checkpoint(TRUNCATE)",
    };
    connection.query_row(sql, [], |row| {
        Ok(Progress {
            busy: row.get::<_, i64>(0)? != 0,
            log: row.get(1)?,
            checkpointed: row.get(2)?,
        })
    })
}

/// The checkpointer thread. It ends when the writer stops ([`Gate::stop`]); [`Checkpointer::join`] waits for it.
#[derive(Debug)]
pub struct Checkpointer {
    thread: JoinHandle<()>,
}

impl Checkpointer {
    /// Opens the checkpointer's connection to the database at `path` and starts its thread.
    pub fn start(path: &Path, gate: Arc<Gate>, policy: Policy) -> Result<Self, StoreError> {
        let connection = open(path).map_err(|e| super::unavailable("start checkpointer", e))?;
        let thread = thread::Builder::new()
            .name("sqlite-checkpointer".into())
            .spawn(move || run(&connection, &gate, policy))
            .map_err(|e| super::unavailable("start checkpointer", e))?;
        Ok(Checkpointer { thread })
    }

    /// Waits for the thread to end (after [`Gate::stop`]).
    pub fn join(self) {
        // A panic in the thread has already been reported by the panic hook; there is nothing to add.
        let _ = self.thread.join();
    }
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags)?;
    // A checkpoint syncs the WAL before copying and the database file after, unless synchronous is off.
    connection.execute_batch("PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;")?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    Ok(connection)
}

fn run(connection: &Connection, gate: &Gate, policy: Policy) {
    let mut seen = 0;
    let mut truncated = false;
    let mut last_pass = Instant::now();
    loop {
        match gate.wait_for_commits(seen, policy.idle) {
            Wake::Stopped => return,
            Wake::Idle => {
                if !truncated {
                    truncated = truncate(connection, gate).unwrap_or_else(|error| {
                        failed(gate, &error);
                        false
                    });
                }
                continue;
            }
            Wake::Commits(commits) => {
                seen = commits;
                truncated = false;
            }
        }
        // Let pages gather: one copy of a page written by several transactions.
        if let Some(wait) = policy.pass_every.checked_sub(last_pass.elapsed())
            && !gate.pause(wait)
        {
            return;
        }
        last_pass = Instant::now();
        if let Err(error) = pass(connection, gate, policy) {
            failed(gate, &error);
        }
    }
}

/// A passive checkpoint, then a restart when the WAL has grown past the policy's size.
fn pass(connection: &Connection, gate: &Gate, policy: Policy) -> rusqlite::Result<()> {
    let mut progress = checkpoint(connection, Mode::Passive)?;
    if progress.log < policy.restart_frames {
        return Ok(());
    }
    // Each pass copies what the writer committed during the one before: a few passes leave little.
    for _ in 0..CATCH_UP_PASSES {
        let before = progress.checkpointed;
        progress = checkpoint(connection, Mode::Passive)?;
        if progress.checkpointed - before <= CAUGHT_UP_FRAMES {
            break;
        }
    }
    if let Some(_held) = gate.hold() {
        checkpoint(connection, Mode::Restart)?;
    }
    Ok(())
}

/// Empties the WAL file while the writer is idle; whether it is empty now.
fn truncate(connection: &Connection, gate: &Gate) -> rusqlite::Result<bool> {
    let Some(_held) = gate.hold() else {
        return Ok(false);
    };
    Ok(checkpoint(connection, Mode::Truncate)?.complete())
}

/// A checkpoint failed: the WAL grows meanwhile, nothing is lost. Says so and waits before the next attempt.
fn failed(gate: &Gate, error: &rusqlite::Error) {
    tracing::warn!("sqlite checkpoint failed (the WAL grows until one succeeds): {error}");
    gate.pause(RETRY_AFTER);
}

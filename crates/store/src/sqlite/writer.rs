//! Group commit: one thread owns the writing connection; writes queue up while a commit is on disk and go
//! together into the next transaction, so one fsync acknowledges many writes. Each write runs in its own
//! savepoint: one that fails is rolled back alone. No write is acknowledged before its transaction committed.
//! The writer never checkpoints the WAL: the [`checkpoint`](super::checkpoint) thread it starts does, beside it.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, TrySendError, sync_channel};
use std::thread;

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::checkpoint::{Checkpointer, Policy};
use super::gate::Gate;
use crate::StoreError;

/// The most writes committed together.
const MAX_BATCH: usize = 512;
/// Writes waiting for the writer before senders wait too.
const QUEUE_DEPTH: usize = 4096;

/// One queued write.
trait Job: Send {
    /// Runs the write inside the open transaction, keeping its result.
    fn run(&mut self, connection: &Connection);
    /// Answers the caller once the transaction's fate is known.
    fn finish(self: Box<Self>, committed: Result<(), StoreError>);
}

struct Pending<T, F> {
    operation: &'static str,
    work: Option<F>,
    result: Option<Result<T, StoreError>>,
    reply: oneshot::Sender<Result<T, StoreError>>,
}

impl<T, F> Job for Pending<T, F>
where
    T: Send,
    F: FnOnce(&Connection) -> Result<T, StoreError> + Send,
{
    fn run(&mut self, connection: &Connection) {
        if let Some(work) = self.work.take() {
            self.result = Some(in_savepoint(connection, self.operation, work));
        }
    }

    fn finish(self: Box<Self>, committed: Result<(), StoreError>) {
        let Pending {
            operation,
            result,
            reply,
            ..
        } = *self;
        let outcome = committed.and_then(|()| {
            result.unwrap_or_else(|| Err(super::unavailable(operation, "the write did not run")))
        });
        // The caller may have gone away (a cancelled request); the write stands all the same.
        let _ = reply.send(outcome);
    }
}

fn in_savepoint<T>(
    connection: &Connection,
    operation: &'static str,
    work: impl FnOnce(&Connection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let run = |sql: &str| {
        connection
            .prepare_cached(sql)
            .and_then(|mut statement| statement.execute([]))
            .map_err(|e| super::unavailable(operation, e))
    };
    run("SAVEPOINT job")?;
    let result = work(connection);
    if result.is_err() {
        run("ROLLBACK TO job")?;
    }
    run("RELEASE job")?;
    result
}

/// The handle through which writes reach the writer thread. The thread ends when every handle is dropped, and
/// stops its checkpointer then.
#[derive(Clone)]
pub struct Writer {
    jobs: SyncSender<Box<dyn Job>>,
    #[cfg(test)]
    gate: Arc<Gate>,
}

impl Writer {
    /// Starts the writer thread on `connection` to the database at `path`, with its checkpointer under `policy`.
    pub fn start(connection: Connection, path: &Path, policy: Policy) -> Result<Self, StoreError> {
        connection
            .execute_batch("PRAGMA wal_autocheckpoint = 0;")
            .map_err(|e| super::unavailable("start writer", e))?;
        let gate = Arc::new(Gate::default());
        let checkpointer = Checkpointer::start(path, Arc::clone(&gate), policy)?;
        let (jobs, queue) = sync_channel::<Box<dyn Job>>(QUEUE_DEPTH);
        let shared = Arc::clone(&gate);
        let started = thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                let stop = StopOnExit(&shared);
                run(&connection, &queue, &shared);
                drop(stop);
                checkpointer.join();
            });
        if let Err(error) = started {
            gate.stop();
            return Err(super::unavailable("start writer", error));
        }
        Ok(Writer {
            jobs,
            #[cfg(test)]
            gate,
        })
    }

    /// Transactions committed since the writer started (each acknowledges a group of writes).
    #[cfg(test)]
    pub fn commits(&self) -> u64 {
        self.gate.commits()
    }

    /// Runs `work` in the next transaction and answers once it is committed (or failed).
    pub async fn write<T, F>(&self, operation: &'static str, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(Pending {
            operation,
            work: Some(work),
            result: None,
            reply,
        });
        let stopped = || super::unavailable(operation, "the writer thread has stopped");
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Disconnected(_)) => return Err(stopped()),
            Err(TrySendError::Full(job)) => {
                // A full queue blocks the sender: wait for room off the async threads.
                let jobs = self.jobs.clone();
                tokio::task::spawn_blocking(move || jobs.send(job))
                    .await
                    .map_err(|e| super::unavailable(operation, e))?
                    .map_err(|_| stopped())?;
            }
        }
        answer
            .await
            .map_err(|_| super::unavailable(operation, "the writer thread dropped the write"))?
    }
}

/// Stops the checkpointer when the writer thread ends, by returning or by a panic.
struct StopOnExit<'a>(&'a Gate);

impl Drop for StopOnExit<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

fn run(connection: &Connection, queue: &Receiver<Box<dyn Job>>, gate: &Gate) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        gate.enter();
        let committed = commit_batch(connection, &mut batch);
        gate.leave(committed.is_ok());
        for job in batch {
            job.finish(committed.clone());
        }
    }
}

fn commit_batch(connection: &Connection, batch: &mut [Box<dyn Job>]) -> Result<(), StoreError> {
    connection
        .execute_batch("BEGIN IMMEDIATE")
        .map_err(|e| super::unavailable("begin", e))?;
    for job in batch.iter_mut() {
        job.run(connection);
    }
    connection.execute_batch("COMMIT").map_err(|e| {
        let _ = connection.execute_batch("ROLLBACK");
        super::unavailable("commit", e)
    })
}

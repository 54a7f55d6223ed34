//! Group commit: one thread owns the writing connection; writes queue up while a commit is on disk and go
//! together into the next transaction, so one fsync acknowledges many writes. Each write runs in its own
//! savepoint: one that fails is rolled back alone. No write is acknowledged before its transaction committed.

use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, TrySendError, sync_channel};
use std::thread;

use rusqlite::Connection;
use tokio::sync::oneshot;

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

/// The handle through which writes reach the writer thread. The thread ends when every handle is dropped.
#[derive(Clone)]
pub struct Writer {
    jobs: SyncSender<Box<dyn Job>>,
}

impl Writer {
    /// Starts the writer thread on `connection`.
    pub fn start(connection: Connection) -> Result<Self, StoreError> {
        let (jobs, queue) = sync_channel::<Box<dyn Job>>(QUEUE_DEPTH);
        thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run(connection, queue))
            .map_err(|e| super::unavailable("start writer", e))?;
        Ok(Writer { jobs })
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

fn run(connection: Connection, queue: Receiver<Box<dyn Job>>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let committed = commit_batch(&connection, &mut batch);
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

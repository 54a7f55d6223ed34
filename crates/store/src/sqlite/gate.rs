//! What the writer thread and the checkpointer share: the count of committed transactions (the checkpointer
//! wakes when it grows), whether the writer is inside a transaction, and a gate the checkpointer closes for the
//! short moment it needs the writer to stand still (restarting the WAL from its beginning, truncating it when
//! idle). The writer never waits at the gate for longer than [`HOLD_LIMIT`]: a slow checkpoint costs the WAL's
//! size, never a stalled write.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The longest the writer waits at a closed gate, and the checkpointer for the writer to leave its transaction.
pub const HOLD_LIMIT: Duration = Duration::from_millis(200);

#[derive(Debug, Default)]
struct State {
    /// Transactions the writer committed.
    commits: u64,
    /// The writer is between `BEGIN` and `COMMIT`.
    writing: bool,
    /// The checkpointer holds the gate: the writer waits before its next `BEGIN`.
    held: bool,
    /// The writer has stopped for good.
    stopped: bool,
}

/// Why [`Gate::wait_for_commits`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The writer committed since; the count so far.
    Commits(u64),
    /// Nothing was committed for the whole wait.
    Idle,
    /// The writer has stopped.
    Stopped,
}

/// The writer's and the checkpointer's meeting point.
#[derive(Debug, Default)]
pub struct Gate {
    state: Mutex<State>,
    changed: Condvar,
}

impl Gate {
    // The state is a handful of flags that every holder leaves consistent: a panic elsewhere does not spoil it.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writer: about to begin a transaction. Waits while the gate is held, at most [`HOLD_LIMIT`].
    pub fn enter(&self) {
        let mut state = self.lock();
        let deadline = Instant::now() + HOLD_LIMIT;
        while state.held {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        state.writing = true;
    }

    /// Writer: its transaction has ended, committed or not.
    pub fn leave(&self, committed: bool) {
        let mut state = self.lock();
        state.writing = false;
        if committed {
            state.commits += 1;
        }
        self.changed.notify_all();
    }

    /// Writer: it has stopped; the checkpointer ends.
    pub fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }

    /// Transactions committed so far.
    #[cfg(test)]
    pub fn commits(&self) -> u64 {
        self.lock().commits
    }

    /// Checkpointer: waits until more than `seen` transactions are committed, the writer stops, or `idle` passes.
    pub fn wait_for_commits(&self, seen: u64, idle: Duration) -> Wake {
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, idle, |state| !state.stopped && state.commits <= seen)
            .unwrap_or_else(PoisonError::into_inner);
        if state.stopped {
            Wake::Stopped
        } else if state.commits > seen {
            Wake::Commits(state.commits)
        } else {
            Wake::Idle
        }
    }

    /// Checkpointer: sleeps for `length`, or less when the writer stops; whether it is still running.
    pub fn pause(&self, length: Duration) -> bool {
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, length, |state| !state.stopped)
            .unwrap_or_else(PoisonError::into_inner);
        !state.stopped
    }

    /// Checkpointer: closes the gate and waits for the writer to finish the transaction it is in, at most
    /// [`HOLD_LIMIT`]. While the returned guard lives the writer begins nothing (for at most [`HOLD_LIMIT`]);
    /// `None` (gate open again) when the writer did not finish in time or has stopped.
    pub fn hold(&self) -> Option<Held<'_>> {
        let mut state = self.lock();
        if state.stopped {
            return None;
        }
        state.held = true;
        let (mut state, waited) = self
            .changed
            .wait_timeout_while(state, HOLD_LIMIT, |state| state.writing && !state.stopped)
            .unwrap_or_else(PoisonError::into_inner);
        if waited.timed_out() || state.stopped {
            state.held = false;
            self.changed.notify_all();
            return None;
        }
        Some(Held { gate: self })
    }
}

/// The gate held by the checkpointer; dropping it lets the writer go on.
#[derive(Debug)]
pub struct Held<'a> {
    gate: &'a Gate,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.gate.lock().held = false;
        self.gate.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::thread;

    use super::*;

    #[test]
    fn the_checkpointer_wakes_on_commits_and_on_idleness() {
        let gate = Gate::default();
        assert_eq!(
            gate.wait_for_commits(0, Duration::from_millis(5)),
            Wake::Idle
        );
        gate.enter();
        gate.leave(true);
        gate.enter();
        gate.leave(false);
        assert_eq!(gate.commits(), 1);
        assert_eq!(gate.wait_for_commits(0, HOLD_LIMIT), Wake::Commits(1));
        gate.stop();
        assert_eq!(gate.wait_for_commits(1, HOLD_LIMIT), Wake::Stopped);
        assert!(gate.hold().is_none(), "no hold on a stopped writer");
    }

    #[test]
    fn a_held_gate_keeps_the_writer_out_until_released() {
        let gate = Arc::new(Gate::default());
        let held = gate.hold().expect("an idle writer lets the gate be held");
        let writer = {
            let gate = Arc::clone(&gate);
            thread::spawn(move || {
                let asked = Instant::now();
                gate.enter();
                let waited = asked.elapsed();
                gate.leave(true);
                waited
            })
        };
        thread::sleep(Duration::from_millis(30));
        assert_eq!(
            gate.commits(),
            0,
            "the writer began while the gate was held"
        );
        drop(held);
        let waited = writer.join().expect("the writer thread ran");
        assert!(waited >= Duration::from_millis(25), "waited {waited:?}");
        assert_eq!(gate.commits(), 1);
    }

    #[test]
    fn holding_waits_for_the_writer_to_leave_its_transaction() {
        let gate = Arc::new(Gate::default());
        gate.enter();
        let writer = {
            let gate = Arc::clone(&gate);
            thread::spawn(move || {
                thread::sleep(Duration::from_millis(30));
                gate.leave(true);
            })
        };
        let held = gate.hold().expect("the writer left in time");
        assert_eq!(gate.commits(), 1, "held while the writer was still writing");
        drop(held);
        writer.join().expect("the writer thread ran");
    }

    #[test]
    fn a_writer_never_waits_past_the_limit() {
        let gate = Gate::default();
        let _held = gate.hold().expect("an idle writer lets the gate be held");
        let asked = Instant::now();
        gate.enter();
        assert!(asked.elapsed() >= HOLD_LIMIT);
        assert!(asked.elapsed() < HOLD_LIMIT * 5);
    }
}

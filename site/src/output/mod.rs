//! Writing a build into the directory the site is served from: only the files whose bytes differ from what is
//! there, and never leaving that directory half one build and half another.
//!
//! Everything a build keeps for itself lives in one directory beside the output, `.NAME.build/` for an output
//! `NAME` (so it is never served and a rename between the two never crosses file systems): the input stamp, a
//! lock, the staging directory and the journal.
//!
//! How a build writes:
//!
//! 1. It takes the lock (an exclusive lock on `.NAME.build/lock`): one build at a time per output, across
//!    processes.
//! 2. It finishes or undoes whatever an earlier build left (see [`recover`]).
//! 3. While rendering, nothing in the output is touched. When there is no output yet, every file is written into
//!    `staging/` as the output's tree. When there is one, each rendered file is compared with the file there
//!    (length, then bytes): an equal file is left alone (not rewritten: same inode, same modification time), a
//!    new or different one is written into `staging/` under a number. A build that fails, or is killed, here
//!    leaves the old output as it was; the next build removes `staging/`.
//! 4. Once everything rendered, the files the output has but the build did not produce are listed (stale pages).
//! 5. Commit. A first build renames `staging/` to the output: one atomic rename. Otherwise the build writes the
//!    journal (`journal`: every rename and removal to make), atomically (a temporary file renamed into place),
//!    then removes the stale files and renames each staged file over its target; then it removes the journal.
//!    The journal is the commit point: a build killed after it is written is completed by the next build before
//!    it does anything else (each step is idempotent: a staged file already moved is skipped), so the output is
//!    the old site until the journal exists and the new one once it has been replayed. Only the commit phase —
//!    renames and removals, no rendering and no writing of contents — runs between the two.
//!
//! A power cut is another matter: nothing is flushed to disk (`fsync`), as before.
//!
//! Each text file of at least a kilobyte comes with its compressed copies, `NAME.br` and `NAME.gz` (see
//! [`compress`]), which go the same way: written beside a new file, compared with the output's (and left alone
//! when equal) beside a changed one, removed with a removed one. Beside a file equal to the output's they are
//! neither made again nor written when both are there.

pub mod compress;
mod journal;
mod walk;

use std::collections::HashSet;
use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::SiteError;
use journal::Journal;

/// The directory beside `output` where a build keeps its stamp, lock, staging directory and journal.
pub fn build_dir(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    parent.join(format!(".{name}.build"))
}

/// What a finished write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Files the build produced.
    pub files: usize,
    /// Of those, files written (new or changed); the others were already there, byte for byte.
    pub changed: usize,
    /// Files removed because the build no longer produces them.
    pub removed: usize,
}

/// Whether the output existed when the build began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// No output yet: `staging/` is the new output, renamed into place whole.
    Fresh,
    /// An output to update: changed files are staged by number and renamed in at the commit.
    Update,
}

/// An output directory being written by one build (see the module's documentation). Dropped without
/// [`OutputDir::commit`], it removes what it staged and the output stays as it was.
#[derive(Debug)]
pub struct OutputDir {
    output: PathBuf,
    staging: PathBuf,
    journal: PathBuf,
    mode: Mode,
    next: AtomicUsize,
    /// (staged file number, output path) of each changed file.
    staged: Mutex<Vec<(usize, String)>>,
    /// Every path produced, to find stale files and two files with one address.
    produced: Mutex<HashSet<String>>,
    /// Compressed copies the build does not produce (their file is too small now), removed at the commit if
    /// they are there (update mode, when the output's files are not listed).
    unwanted: Mutex<Vec<String>>,
    /// The files of the output, listed in the background while the build renders (update mode, full builds).
    existing: Option<std::thread::JoinHandle<Result<Vec<String>, SiteError>>>,
    committed: bool,
    /// Held until the build ends.
    _lock: File,
}

impl OutputDir {
    /// Opens `output` for a build: takes the lock (waiting for another build of it to end) and completes or
    /// undoes what an interrupted build left.
    pub fn open(output: &Path) -> Result<OutputDir, SiteError> {
        let build = build_dir(output);
        std::fs::create_dir_all(&build).map_err(|e| SiteError::io(&build, e))?;
        let lock_path = build.join("lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| SiteError::io(&lock_path, e))?;
        lock.lock().map_err(|e| SiteError::io(&lock_path, e))?;
        recover(output)?;
        let staging = build.join("staging");
        std::fs::create_dir(&staging).map_err(|e| SiteError::io(&staging, e))?;
        let mode = match std::fs::symlink_metadata(output) {
            Ok(metadata) if metadata.is_dir() => Mode::Update,
            Ok(_) => {
                return Err(SiteError::at(
                    output,
                    "the output is not a directory; remove it or choose another output",
                ));
            }
            Err(e) if e.kind() == ErrorKind::NotFound => Mode::Fresh,
            Err(e) => return Err(SiteError::io(output, e)),
        };
        Ok(OutputDir {
            output: output.to_owned(),
            staging,
            journal: build.join("journal"),
            mode,
            next: AtomicUsize::new(0),
            staged: Mutex::new(Vec::new()),
            produced: Mutex::new(HashSet::new()),
            unwanted: Mutex::new(Vec::new()),
            existing: None,
            committed: false,
            _lock: lock,
        })
    }

    /// The output directory.
    pub fn path(&self) -> &Path {
        &self.output
    }

    /// Whether the output existed when the build began (else the build writes a new one).
    pub fn exists(&self) -> bool {
        self.mode == Mode::Update
    }

    /// For a build that produces every file of the site: starts listing the output's files in the background, so
    /// that the commit removes those the build did not produce.
    pub fn list_existing(&mut self) {
        if self.mode == Mode::Update && self.existing.is_none() {
            let output = self.output.clone();
            self.existing = Some(std::thread::spawn(move || walk::files(&output)));
        }
    }

    /// Puts the file `path` (relative to the output, `/`-separated) with `bytes` in the new site, with its
    /// compressed copies when it is a text file of at least [`compress::MIN_SIZE`] bytes: each staged when it is
    /// new or differs from the output's, left alone otherwise. Returns whether anything was staged. Safe to call
    /// from many threads at once.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<bool, SiteError> {
        let target = self.output.join(path);
        if path.is_empty() || path.starts_with('/') || path.split('/').any(|s| s == "..") {
            return Err(SiteError::at(&target, "not a path inside the output"));
        }
        if path.contains(['\n', '\r']) {
            return Err(SiteError::at(
                &target,
                "a file name with a line break cannot be published",
            ));
        }
        let compressed = compress::wanted(path, bytes.len());
        let siblings = compress::siblings(path);
        {
            let mut produced = lock(&self.produced);
            let mut paths = std::iter::once(path)
                .chain(siblings.iter().map(String::as_str).filter(|_| compressed));
            if let Some(taken) = paths.find(|p| !produced.insert((*p).to_owned())) {
                return Err(SiteError::at(
                    &self.output.join(taken),
                    "two files of the site have this address",
                ));
            }
        }
        if !compressed && self.mode == Mode::Update && self.existing.is_none() {
            lock(&self.unwanted).extend(siblings.iter().cloned());
        }
        let copies = || compress::compress(path, bytes).map_err(|e| SiteError::io(&target, e));
        match self.mode {
            Mode::Fresh => {
                write_file(&self.staging.join(path), bytes)?;
                if compressed {
                    for (sibling, data) in copies()? {
                        write_file(&self.staging.join(sibling), &data)?;
                    }
                }
                Ok(true)
            }
            Mode::Update => {
                let same = same_contents(&target, bytes)?;
                let mut staged = false;
                if !same {
                    self.stage(path, bytes)?;
                    staged = true;
                }
                // Beside an unchanged file, copies that are there are taken as made from it.
                if compressed && !(same && siblings.iter().all(|s| self.output.join(s).is_file())) {
                    for (sibling, data) in copies()? {
                        if !same_contents(&self.output.join(&sibling), &data)? {
                            self.stage(&sibling, &data)?;
                            staged = true;
                        }
                    }
                }
                Ok(staged)
            }
        }
    }

    /// Writes `bytes` into the staging directory under the next number, to be renamed over `path` at the commit.
    fn stage(&self, path: &str, bytes: &[u8]) -> Result<(), SiteError> {
        let number = self.next.fetch_add(1, Ordering::Relaxed);
        let staged = self.staging.join(number.to_string());
        std::fs::write(&staged, bytes).map_err(|e| SiteError::io(&staged, e))?;
        lock(&self.staged).push((number, path.to_owned()));
        Ok(())
    }

    /// Makes the new site the output (see the module's documentation): when the output's files were listed
    /// ([`OutputDir::list_existing`]), those the build did not produce are removed; otherwise the files `remove`
    /// names (paths relative to the output) with their compressed copies, and the compressed copies of files
    /// that no longer get them; those that are not there are skipped.
    pub fn commit(&mut self, remove: &[String]) -> Result<Written, SiteError> {
        if self.committed {
            return Err(SiteError::at(
                &self.output,
                "this build was already committed",
            ));
        }
        let produced = std::mem::take(&mut *lock(&self.produced));
        let mut staged = std::mem::take(&mut *lock(&self.staged));
        let files = produced.len();
        if self.mode == Mode::Fresh {
            std::fs::rename(&self.staging, &self.output)
                .map_err(|e| SiteError::io(&self.output, e))?;
            self.committed = true;
            return Ok(Written {
                files,
                changed: files,
                removed: 0,
            });
        }
        let mut stale: Vec<String> = match self.existing.take() {
            Some(walk) => walk
                .join()
                .map_err(|_| SiteError::at(&self.output, "listing the output failed"))??
                .into_iter()
                .filter(|path| !produced.contains(path))
                .collect(),
            None => {
                let unwanted = std::mem::take(&mut *lock(&self.unwanted));
                remove
                    .iter()
                    .flat_map(|path| std::iter::once(path.clone()).chain(compress::siblings(path)))
                    .chain(unwanted)
                    .filter(|path| !produced.contains(path))
                    .filter(|path| std::fs::symlink_metadata(self.output.join(path)).is_ok())
                    .collect::<HashSet<String>>()
                    .into_iter()
                    .collect()
            }
        };
        stale.sort();
        staged.sort_by(|a, b| a.1.cmp(&b.1));
        let changed = staged.len();
        let removed = stale.len();
        if changed + removed > 0 {
            let journal = Journal {
                renames: staged,
                removals: stale,
            };
            journal.write(&self.journal)?;
            journal.replay(&self.staging, &self.output)?;
            std::fs::remove_file(&self.journal).map_err(|e| SiteError::io(&self.journal, e))?;
        }
        std::fs::remove_dir_all(&self.staging).map_err(|e| SiteError::io(&self.staging, e))?;
        self.committed = true;
        Ok(Written {
            files,
            changed,
            removed,
        })
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.committed {
            if let Some(walk) = self.existing.take() {
                let _ = walk.join();
            }
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Completes or undoes what a build of `output` left behind when it was killed: a journal is replayed (the
/// build had finished rendering and staging and was committing), staged files without a journal are removed
/// (it had not). Every build calls this first, under its lock.
pub fn recover(output: &Path) -> Result<(), SiteError> {
    let build = build_dir(output);
    let staging = build.join("staging");
    let journal = build.join("journal");
    if let Some(pending) = Journal::read(&journal)? {
        pending.replay(&staging, output)?;
        std::fs::remove_file(&journal).map_err(|e| SiteError::io(&journal, e))?;
    }
    let _ = std::fs::remove_file(Journal::temporary(&journal));
    match std::fs::remove_dir_all(&staging) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(SiteError::io(&staging, e)),
    }
}

/// Whether the file at `path` holds exactly `bytes` (a missing file does not).
fn same_contents(path: &Path, bytes: &[u8]) -> Result<bool, SiteError> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Ok(false);
        }
        Err(e) => return Err(SiteError::io(path, e)),
    };
    let metadata = file.metadata().map_err(|e| SiteError::io(path, e))?;
    if !metadata.is_file() || metadata.len() != bytes.len() as u64 {
        return Ok(false);
    }
    let mut existing = Vec::with_capacity(bytes.len() + 1);
    file.read_to_end(&mut existing)
        .map_err(|e| SiteError::io(path, e))?;
    Ok(existing == bytes)
}

/// Writes `bytes` to `path`, creating its directory.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), SiteError> {
    match std::fs::write(path, bytes) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
            }
            std::fs::write(path, bytes).map_err(|e| SiteError::io(path, e))
        }
        Err(e) => Err(SiteError::io(path, e)),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

//! Output files, written the way openssl writes them except where we are
//! deliberately safer (see README, "Differences from openssl").
//!
//! openssl opens `-keyout` with `bio_open_owner` (open(2), O_TRUNC, 0600)
//! and `-out` with `bio_open_default` (fopen "w" or "a"), truncating in
//! place. Here a regular-file target is *staged*: at the moment openssl
//! opens it we check that it could be opened (so a bad path fails at the
//! same point with the same message) and create a temporary file next to
//! it; what openssl writes goes into that file when openssl would close
//! it; and only when the whole run has succeeded are the temporaries
//! synced and renamed over their targets, the key first. A failed or
//! killed run therefore never leaves a torn, empty or replaced file.
//!
//! Targets that are not regular files (a FIFO, a terminal, `/dev/stdout`,
//! `-`), and the file standard output is open on, are written directly,
//! exactly as openssl does, because replacing them would change what the
//! user sees.

use crate::durable;
use crate::failure::Failure;
use crate::ffi::{Bio, stdio};
use crate::text;
use std::ffi::{CStr, CString, OsStr};
use std::fs::{File, Metadata, OpenOptions};
use std::io::{Seek, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// How a file is opened, in `bio_open_default`'s terms.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Write,
    Append,
}

impl Mode {
    fn verb(self) -> &'static str {
        match self {
            Mode::Write => "writing",
            Mode::Append => "appending",
        }
    }

    fn fopen_mode(self, text: bool) -> &'static CStr {
        match (self, text) {
            (Mode::Write, true) => c"w",
            (Mode::Write, false) => c"wb",
            (Mode::Append, true) => c"a",
            (Mode::Append, false) => c"ab",
        }
    }
}

/// Where an output really goes.
enum Sink {
    /// `-` or no file name: C's stdout, shared with everything else.
    Stdout(Bio),
    /// Not a regular file: opened and written exactly as openssl does.
    Direct(Bio),
    /// A regular file: collected in memory, stored in a temporary file at
    /// close, renamed over `target` at commit.
    Staged(Staged),
}

struct Staged {
    /// The name the user gave, for messages.
    name: CString,
    buffer: Bio,
    target: PathBuf,
    identity: PathBuf,
    /// The mode the file gets.
    mode: u32,
    private: bool,
    place: Place,
    /// How much of the content is already in the temporary file (a file
    /// reopened for appending is stored again, from there on).
    stored: usize,
}

enum Place {
    /// A temporary file in the target's directory.
    Temp(tempfile::NamedTempFile),
    /// The directory cannot take a temporary file but the existing target
    /// is writable: openssl would succeed, so we rewrite it in place at
    /// commit (only then, and only once the run has succeeded).
    InPlace,
}

/// One output of a run.
pub struct OutputFile {
    name: CString,
    sink: Sink,
}

impl OutputFile {
    /// The BIO libcrypto writes into.
    pub fn bio(&self) -> &Bio {
        match &self.sink {
            Sink::Stdout(b) => b,
            Sink::Direct(b) => b,
            Sink::Staged(s) => &s.buffer,
        }
    }
}

/// All outputs of a run, committed together at its end.
pub struct Outputs {
    prog: &'static str,
    staged: Vec<Staged>,
    umask: u32,
}

impl Outputs {
    pub fn new(prog: &'static str) -> Outputs {
        Outputs {
            prog,
            staged: Vec::new(),
            umask: stdio::umask(),
        }
    }

    /// `bio_open_owner(filename, format, 1)`: the private key output.
    pub fn open_private(&mut self, name: Option<&CStr>, text: bool) -> Result<OutputFile, Failure> {
        let Some(name) = name.filter(|n| n.to_bytes() != b"-") else {
            return self.open(name, Mode::Write, text);
        };
        let prog = self.prog;
        self.staged_or_direct(name, Mode::Write, true, || {
            Bio::open_owner(name, text).map_err(|errno| {
                Failure::msg(text!(
                    prog,
                    ": Can't open \"",
                    name,
                    "\" for writing, ",
                    stdio::strerror(errno),
                    "\n"
                ))
                .then_errors()
            })
        })
    }

    /// `bio_open_default(filename, mode, format)`: the request output.
    /// `Append` continues a file this run has already staged under the same
    /// name (`-keyout` equal to `-out`).
    pub fn open(
        &mut self,
        name: Option<&CStr>,
        mode: Mode,
        text: bool,
    ) -> Result<OutputFile, Failure> {
        let Some(name) = name.filter(|n| n.to_bytes() != b"-") else {
            let bio = Bio::stdout_for(text).ok_or_else(|| {
                Failure::msg(text!(
                    "Can't open stdout, ",
                    stdio::strerror(stdio::last_errno()),
                    "\n"
                ))
                .then_errors()
            })?;
            return Ok(OutputFile {
                name: c"stdout".to_owned(),
                sink: Sink::Stdout(bio),
            });
        };
        if mode == Mode::Append
            && let Some(i) = self.staged.iter().position(|s| s.target_name_matches(name))
        {
            let staged = self.staged.remove(i);
            return Ok(OutputFile {
                name: name.to_owned(),
                sink: Sink::Staged(staged),
            });
        }
        self.staged_or_direct(name, mode, false, || {
            // BIO_new_file itself: its success is openssl's, and its
            // failure queues exactly openssl's errors.
            Bio::file(name, mode.fopen_mode(text)).ok_or_else(|| {
                let reason = stdio::strerror(stdio::last_errno());
                Failure::msg(text!(
                    "Can't open \"",
                    name,
                    "\" for ",
                    mode.verb(),
                    ", ",
                    reason,
                    "\n"
                ))
                .then_errors()
            })
        })
    }

    /// A staged file for `name` if it can have one; otherwise (not a
    /// regular file, or our check says openssl's open would fail) exactly
    /// openssl's own open, `direct`, whose outcome and message are then the
    /// user's.
    fn staged_or_direct(
        &mut self,
        name: &CStr,
        mode: Mode,
        private: bool,
        direct: impl FnOnce() -> Result<Bio, Failure>,
    ) -> Result<OutputFile, Failure> {
        let staged = plan(name, mode).and_then(|p| {
            // Appending to an existing file starts from its content.
            let initial = match (&p, mode) {
                (
                    Plan::Stage {
                        target,
                        existing: Some(_),
                        ..
                    },
                    Mode::Append,
                ) => Some(std::fs::read(target).map_err(|e| errno_of(&e))?),
                _ => None,
            };
            self.stage(name, p, private, initial)
        });
        let sink = match staged {
            Ok(Some(staged)) => Sink::Staged(staged),
            Ok(None) | Err(_) => Sink::Direct(direct()?),
        };
        Ok(OutputFile {
            name: name.to_owned(),
            sink,
        })
    }

    /// Turns a plan into a staged file (None: write directly).
    fn stage(
        &self,
        name: &CStr,
        plan: Plan,
        private: bool,
        initial: Option<Vec<u8>>,
    ) -> Result<Option<Staged>, i32> {
        let (target, identity, existing) = match plan {
            Plan::Direct => return Ok(None),
            Plan::Stage {
                target,
                identity,
                existing,
            } => (target, identity, existing),
        };
        // A file this run already wrote under another name (`-keyout k`,
        // `-out ./k`) exists, for openssl, with the mode it got then.
        let earlier = self.staged.iter().rev().find(|s| s.identity == identity);
        let mode = match (private, earlier, &existing) {
            (true, _, _) => 0o600,
            (false, Some(e), _) => e.mode,
            (false, None, Some(meta)) => meta.mode() & 0o777,
            (false, None, None) => 0o666 & !self.umask,
        };
        // The temporary goes into the target's own directory, named by its
        // canonical path (`identity`'s parent): the same directory, so the
        // rename stays within one file system, and no getcwd(2) to make
        // a relative name absolute.
        let dir = identity.parent().unwrap_or(Path::new(".")).to_path_buf();
        let base = target.file_name().map(OsStr::as_bytes).unwrap_or(b"out");
        // Keep the temporary name within NAME_MAX whatever the target's.
        let short = &base[..base.len().min(200)];
        let prefix = OsStr::from_bytes(&text!(".", short, ".")).to_os_string();
        // Interrupts delete our temporaries from the moment one can exist.
        crate::interrupt::install();
        let place = match tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".tmp")
            // Created with its final mode where the umask leaves it whole
            // (a key: 0600 from the first instant, never wider).
            .permissions(std::fs::Permissions::from_mode(mode))
            .tempfile_in(&dir)
        {
            Ok(tmp) => {
                crate::interrupt::register(tmp.path());
                let f = tmp.as_file();
                if mode & self.umask != 0 {
                    f.set_permissions(std::fs::Permissions::from_mode(mode))
                        .map_err(|e| errno_of(&e))?;
                }
                if let Some(meta) = &existing {
                    // Keep the owner of a file we replace, where allowed
                    // (a new file is already ours: no fchown to make).
                    let ours = stdio::effective_ids();
                    if (meta.uid(), meta.gid()) != ours {
                        let _ = std::os::unix::fs::fchown(f, Some(meta.uid()), Some(meta.gid()));
                    }
                }
                Place::Temp(tmp)
            }
            Err(e) if existing.is_some() => {
                let _ = e;
                Place::InPlace
            }
            Err(e) => return Err(errno_of(&e)),
        };
        let buffer = Bio::mem().ok_or(libc::ENOMEM)?;
        if let Some(data) = initial
            && !buffer.write(&data)
        {
            return Err(libc::ENOMEM);
        }
        Ok(Some(Staged {
            name: name.to_owned(),
            buffer,
            target,
            identity,
            mode,
            private,
            place,
            stored: 0,
        }))
    }

    /// Where openssl frees the BIO: for a staged file, its content so far
    /// is written to the temporary file now, so a full disk (which write(2)
    /// reports) is an error at the same point; it is synced and stays
    /// pending until `commit`.
    pub fn close(&mut self, file: OutputFile) -> Result<(), Failure> {
        match file.sink {
            Sink::Stdout(_) => Ok(()),
            Sink::Direct(bio) => {
                let ok = bio.flush();
                drop(bio);
                if ok {
                    Ok(())
                } else {
                    Err(self.write_error(&file.name, stdio::last_errno()))
                }
            }
            Sink::Staged(mut staged) => {
                let data = staged.buffer.mem_contents();
                if let Place::Temp(tmp) = &mut staged.place {
                    if let Err(e) = store(tmp.as_file_mut(), &data, staged.stored) {
                        return Err(self.write_error(&file.name, errno_of(&e)));
                    }
                    staged.stored = data.len();
                }
                self.staged.push(staged);
                Ok(())
            }
        }
    }

    /// Whether `name` is one of the files this run will commit.
    pub fn stages(&self, name: &[u8]) -> bool {
        let Ok(c) = CString::new(name) else {
            return false;
        };
        match plan(&c, Mode::Write) {
            Ok(Plan::Stage { identity, .. }) => self.staged.iter().any(|s| s.identity == identity),
            _ => false,
        }
    }

    /// The run succeeded: sync every staged file's data, then move each
    /// into place, the key first (it was opened first), then the request;
    /// then make the renames durable, with one sync of each directory they
    /// were made in (both outputs usually share one).
    ///
    /// The data syncs come together here rather than one at each close.
    /// The write-out of every file but the first is started before the
    /// first file's fdatasync, so that sync's journal commit (ext4) carries
    /// them all and the later fdatasyncs only wait for a cache flush; and
    /// building and signing the request no longer wait behind the key's
    /// sync. (An error only a sync reports, such as EIO, ends the run here
    /// rather than at the close, with the same message.) Either way every
    /// byte is on disk before any rename (README, difference 1).
    pub fn commit(mut self) -> Result<(), Failure> {
        let temps: Vec<(&CString, &File)> = self
            .staged
            .iter()
            .filter_map(|s| match &s.place {
                Place::Temp(tmp) => Some((&s.name, tmp.as_file())),
                Place::InPlace => None,
            })
            .collect();
        for (name, file) in temps.iter().skip(1) {
            if let Err(e) = durable::start_write_out(file) {
                return Err(self.write_error(name, errno_of(&e)));
            }
        }
        for (name, file) in &temps {
            if let Err(e) = durable::sync_data(file) {
                return Err(self.write_error(name, errno_of(&e)));
            }
        }
        let staged = std::mem::take(&mut self.staged);
        let mut renamed_in: Vec<(PathBuf, CString)> = Vec::new();
        for s in staged {
            let name = s.name;
            let result = match s.place {
                Place::Temp(tmp) => {
                    let path = tmp.path().to_path_buf();
                    let r = tmp.persist(&s.target).map(|_| ()).map_err(|e| e.error);
                    crate::interrupt::unregister(&path);
                    if r.is_ok() {
                        let dir = s.identity.parent().unwrap_or(Path::new(".")).to_path_buf();
                        if !renamed_in.iter().any(|(d, _)| *d == dir) {
                            renamed_in.push((dir, name.clone()));
                        }
                    }
                    r
                }
                Place::InPlace => rewrite_in_place(&s.target, &s.buffer.mem_contents(), s.private),
            };
            if let Err(e) = result {
                return Err(self.write_error(&name, errno_of(&e)));
            }
        }
        for (dir, name) in renamed_in {
            if let Err(e) = durable::sync_dir(&dir) {
                return Err(self.write_error(&name, errno_of(&e)));
            }
        }
        Ok(())
    }

    fn write_error(&self, name: &CStr, errno: i32) -> Failure {
        Failure::msg(text!(
            self.prog,
            ": Error writing \"",
            name,
            "\": ",
            stdio::strerror(errno),
            "\n"
        ))
    }
}

impl Drop for Outputs {
    fn drop(&mut self) {
        // Uncommitted temporaries are deleted by NamedTempFile's own Drop.
        for s in &self.staged {
            if let Place::Temp(t) = &s.place {
                crate::interrupt::unregister(t.path());
            }
        }
    }
}

impl Staged {
    fn target_name_matches(&self, name: &CStr) -> bool {
        // openssl appends when the -keyout and -out strings are equal; the
        // file staged under that name is the one to continue.
        match plan(name, Mode::Append) {
            Ok(Plan::Stage { identity, .. }) => identity == self.identity,
            _ => false,
        }
    }
}

/// What to do with a file name. (One per output, and short-lived: the size
/// of the `Stage` variant's metadata does not matter.)
#[allow(clippy::large_enum_variant)]
enum Plan {
    Direct,
    Stage {
        target: PathBuf,
        /// The target with its directory canonicalized: two names of one
        /// file have the same identity.
        identity: PathBuf,
        existing: Option<Metadata>,
    },
}

/// Decides how `name` is written; Err(errno) when openssl's open would
/// fail (the caller then lets openssl's own call report it).
fn plan(name: &CStr, mode: Mode) -> Result<Plan, i32> {
    // "", "dir/", "x/." and "x/..": no file of that name can be replaced
    // (openssl's own open decides what happens).
    let last = name
        .to_bytes()
        .rsplit(|&b| b == b'/')
        .next()
        .unwrap_or_default();
    if matches!(last, b"" | b"." | b"..") {
        return Ok(Plan::Direct);
    }
    let path = Path::new(OsStr::from_bytes(name.to_bytes()));
    let (target, meta) = resolve_links(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let canonical_dir = std::fs::canonicalize(&dir).map_err(|e| errno_of(&e))?;
    // /dev/stdout, /dev/fd/N and the like lead into /proc: not a file to replace.
    if canonical_dir.starts_with("/proc") {
        return Ok(Plan::Direct);
    }
    let identity = canonical_dir.join(target.file_name().unwrap_or_default());
    match meta {
        Some(m) if !m.file_type().is_file() => Ok(Plan::Direct),
        // The file standard output or error goes to, by whatever name
        // (`/dev/stdout`, `/dev/fd/1`, which on systems without /proc are
        // the file itself, or its own name): written through as openssl
        // writes it, not replaced under the descriptor that points at it.
        Some(m) if is_standard_output(&m) => Ok(Plan::Direct),
        Some(m) => {
            // The permission check openssl's open(2)/fopen would make.
            let mut o = OpenOptions::new();
            match mode {
                Mode::Write => o.write(true),
                Mode::Append => o.append(true),
            };
            o.custom_flags(libc::O_NOCTTY | libc::O_NONBLOCK)
                .open(&target)
                .map_err(|e| errno_of(&e))?;
            Ok(Plan::Stage {
                target,
                identity,
                existing: Some(m),
            })
        }
        None => {
            let base_len = target.file_name().map_or(0, |b| b.len());
            if base_len > 255 || target.as_os_str().len() >= libc::PATH_MAX as usize {
                return Err(libc::ENAMETOOLONG);
            }
            Ok(Plan::Stage {
                target,
                identity,
                existing: None,
            })
        }
    }
}

/// Whether `meta` is the file (same device and inode) that descriptor 1
/// or 2 is open on.
fn is_standard_output(meta: &Metadata) -> bool {
    use std::os::fd::FromRawFd;
    [1, 2].into_iter().any(|fd| {
        // SAFETY: descriptors 1 and 2 are always open (process::start_up);
        // ManuallyDrop never closes them.
        let stream = std::mem::ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
        stream
            .metadata()
            .is_ok_and(|s| (s.dev(), s.ino()) == (meta.dev(), meta.ino()))
    })
}

/// Follows symbolic links on the last component (as open(2) does), so
/// that a link is written through to its target. Returns the final path
/// and its metadata, or None if it does not exist yet.
fn resolve_links(path: &Path) -> Result<(PathBuf, Option<Metadata>), i32> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let t = std::fs::read_link(&p).map_err(|e| errno_of(&e))?;
                p = if t.is_absolute() {
                    t
                } else {
                    p.parent().map_or_else(|| t.clone(), |d| d.join(&t))
                };
            }
            Ok(m) => return Ok((p, Some(m))),
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => return Ok((p, None)),
            Err(e) => return Err(errno_of(&e)),
        }
    }
    Err(libc::ELOOP)
}

/// The content from `from` on (what is before it was stored at an
/// earlier close, and the file offset is there); `commit` syncs it
/// (fdatasync: the data and what is needed to read it back; the times can
/// wait).
fn store(file: &mut File, data: &[u8], from: usize) -> std::io::Result<()> {
    match data.get(from..) {
        Some(rest) => file.write_all(rest)?,
        None => {
            // Never happens (appending only grows a file); rewrite it all.
            file.set_len(0)?;
            file.rewind()?;
            file.write_all(data)?;
        }
    }
    Ok(())
}

/// The errno of an I/O error (EIO for one that has none), as C reports it.
fn errno_of(e: &std::io::Error) -> i32 {
    e.raw_os_error().unwrap_or(libc::EIO)
}

/// The fallback when the directory cannot take a temporary file: rewrite
/// the existing target. A key file is made 0600 *before* it is truncated
/// and filled; if it belongs to someone else who kept it more open, it
/// keeps its mode (as with openssl), but it is never left emptied by us.
fn rewrite_in_place(target: &Path, data: &[u8], private: bool) -> std::io::Result<()> {
    let mut f = OpenOptions::new().write(true).open(target)?;
    if private {
        match f.set_permissions(std::fs::Permissions::from_mode(0o600)) {
            Err(e) if e.raw_os_error() == Some(libc::EPERM) => {}
            r => r?,
        }
    }
    f.set_len(0)?;
    f.write_all(data)?;
    durable::sync_all(&f)
}

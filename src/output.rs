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
//! `-`), and files standard output or error already write into, are
//! written directly, exactly as openssl does, because replacing them would
//! change what the user sees.
//!
//! What the run reads stays openssl's: a file it reads after writing it
//! (the key, then `-in`, `-CA`, `-CAkey` or a redirected stdin naming that
//! file) is read from the staged file (`Outputs::read_path`), matched by
//! the file, not its name; an existing file keeps its whole mode
//! (`give_mode`); and two outputs that are one file end as one file
//! (`Outputs::commit`).

use crate::durable;
use crate::failure::Failure;
use crate::ffi::stdio::Errno;
use crate::ffi::{Bio, file_owner};
use crate::line::LINE;
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
    /// Which file openssl would have written: what a later read of the
    /// same file must find (`Outputs::read_path`).
    file: FileId,
    /// A copy of the content for later reads, where there is no temporary
    /// file to read (`Place::InPlace`); made when first needed.
    read_copy: Option<tempfile::NamedTempFile>,
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
    /// Other names of staged files, written through after the commit
    /// (`stages_linked`): made links to the committed file again.
    other_names: Vec<OtherName>,
}

/// Another path of a staged file (a hard link to it).
struct OtherName {
    file: FileId,
    target: PathBuf,
    identity: PathBuf,
    shown: CString,
}

impl Outputs {
    pub fn new(prog: &'static str) -> Outputs {
        Outputs {
            prog,
            staged: Vec::new(),
            umask: file_owner::umask(),
            other_names: Vec::new(),
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
                    errno.text(),
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
            let bio = crate::console::stdout_for(text).ok_or_else(|| {
                Failure::msg(text!("Can't open stdout, ", Errno::last().text(), "\n")).then_errors()
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
                let reason = Errno::last().text();
                // 1.1.1 names the file bare, 3.x in quotes.
                let q = if LINE.quotes_file_in_open_error() {
                    "\""
                } else {
                    ""
                };
                Failure::msg(text!(
                    "Can't open ",
                    q,
                    name,
                    q,
                    " for ",
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
                ) => Some(std::fs::read(target).map_err(|e| Errno::of(&e))?),
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
    ) -> Result<Option<Staged>, Errno> {
        let (target, identity, existing) = match plan {
            Plan::Direct => return Ok(None),
            Plan::Stage {
                target,
                identity,
                existing,
            } => (target, identity, existing),
        };
        // An existing file keeps its whole mode, set-user-ID, set-group-ID
        // and sticky bits included, as openssl's in-place truncation
        // leaves it (what the kernel takes away at that truncation it
        // takes away here too: see `give_mode`). A new file that this
        // run's key went to under another name (`-keyout k -out ./k`) was
        // created, for openssl, by bio_open_owner: 0600 under the umask;
        // the request replaces the key there (`commit`), so it is no key
        // file any more and has openssl's mode.
        let key_went_there = self
            .staged
            .iter()
            .any(|s| s.private && s.identity == identity);
        let mode = match (private, &existing) {
            (true, _) => 0o600,
            (false, Some(meta)) => meta.mode() & 0o7777,
            (false, None) if key_went_there => 0o600 & !self.umask,
            (false, None) => 0o666 & !self.umask,
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
                give_mode(tmp.as_file(), mode, existing.as_ref(), self.umask)
                    .map_err(|e| Errno::of(&e))?;
                Place::Temp(tmp)
            }
            Err(e) if existing.is_some() => {
                let _ = e;
                Place::InPlace
            }
            Err(e) => return Err(Errno::of(&e)),
        };
        let buffer = Bio::mem().ok_or(Errno(libc::ENOMEM))?;
        if let Some(data) = initial
            && !buffer.write(&data)
        {
            return Err(Errno(libc::ENOMEM));
        }
        let file = FileId::of(existing.as_ref(), &identity);
        let mut staged = Staged {
            name: name.to_owned(),
            buffer,
            target,
            identity,
            file,
            read_copy: None,
            private,
            place,
            stored: 0,
        };
        // openssl's open has just emptied the file: a stdin that is this
        // file reads nothing more until the content is written (a
        // pass-phrase prompt while the key is written finds EOF).
        if let Place::Temp(_) = staged.place {
            staged.follow_with_stdin().map_err(|e| Errno::of(&e))?;
        }
        Ok(Some(staged))
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
                    Err(self.write_error(&file.name, Errno::last()))
                }
            }
            Sink::Staged(mut staged) => {
                let data = staged.buffer.mem_contents();
                if let Place::Temp(tmp) = &mut staged.place {
                    if let Err(e) = store(tmp.as_file_mut(), &data, staged.stored) {
                        return Err(self.write_error(&file.name, Errno::of(&e)));
                    }
                    staged.stored = data.len();
                }
                // Rewritten in place at the commit, it has no file of its
                // own until now (stdin read the old content until here).
                if let Place::InPlace = staged.place
                    && let Err(e) = staged.follow_with_stdin()
                {
                    return Err(self.write_error(&file.name, Errno::of(&e)));
                }
                self.staged.push(staged);
                Ok(())
            }
        }
    }

    /// Whether `name` is one of the files this run will commit (by file,
    /// not by name: a link or another name of it counts), for a write
    /// through `name` after the commit (`-writerand`, saved at exit). A
    /// hard link to an existing output would still lead to the old file
    /// once the new one is renamed into place, where openssl's write went
    /// into the one file both names share: at commit, `name` is made a
    /// link to the new file.
    pub fn stages_linked(&mut self, name: &[u8]) -> bool {
        let Some(i) = self.staged_at(name) else {
            return false;
        };
        let path = Path::new(OsStr::from_bytes(name));
        if let Ok((target, _)) = resolve_links(path)
            && let Ok(identity) = identity_of(&target)
            && identity != self.staged[i].identity
        {
            self.other_names.push(OtherName {
                file: self.staged[i].file.clone(),
                target,
                identity,
                shown: CString::new(name).unwrap_or_default(),
            });
        }
        true
    }

    /// The output already written that a read of `name` would find (the
    /// file itself, not its name: `./k`, a symbolic or a hard link to it).
    fn staged_at(&self, name: &[u8]) -> Option<usize> {
        let path = Path::new(OsStr::from_bytes(name));
        let (target, meta) = resolve_links(path).ok()?;
        let file = match &meta {
            Some(m) if !m.file_type().is_file() => return None,
            _ => FileId::of(meta.as_ref(), &identity_of(&target).ok()?),
        };
        self.staged.iter().rposition(|s| s.file == file)
    }

    /// What to open to read the file `name` at this point of the run.
    /// openssl rewrote its outputs in place, so a file it reads after
    /// writing it (`-keyout k` and then `-in k`, `-CA k` or `-CAkey k`:
    /// req_main writes the key before it loads them) has the new
    /// content: here that is the staged file, which `name` does not show
    /// until the commit. None: `name` itself is what openssl would read.
    ///
    /// A file the user cannot read is left to the real open, which fails
    /// as openssl's read of it would.
    pub fn read_path(&mut self, name: &[u8]) -> Option<CString> {
        let i = self.staged_at(name)?;
        let s = &mut self.staged[i];
        if let FileId::Inode(..) = s.file
            && File::open(&s.target).is_err()
        {
            return None;
        }
        let path = s.readable().ok()?;
        CString::new(path.as_os_str().as_bytes()).ok()
    }

    /// `read_path` for a URI given to OSSL_STORE (`-CA`, `-CAkey`): the
    /// file the file store would open for it (`store_file_paths`), which
    /// is then opened as the staged file's own path, absolute and without
    /// a scheme.
    pub fn read_uri(&mut self, uri: &[u8]) -> Option<CString> {
        // The first candidate that exists is the file (stat(2) in
        // file_open); a path after `file:` must be absolute, or the open
        // fails there.
        for (path, must_be_absolute) in store_file_paths(uri) {
            if must_be_absolute && !path.starts_with(b"/") {
                return None;
            }
            let exists = std::fs::metadata(OsStr::from_bytes(path)).is_ok();
            if exists || self.staged_at(path).is_some() {
                return self.read_path(path);
            }
        }
        None
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
    ///
    /// An output that a later one replaces (`-keyout k -out ./k`, or a
    /// hard link to k: openssl truncated the file and wrote the request
    /// over the key) is not moved into place at all: the later one is,
    /// and where the two names differ (hard links), the earlier name is
    /// made a link to it again, so both show the final content, as with
    /// openssl.
    pub fn commit(mut self) -> Result<(), Failure> {
        let replaced_by: Vec<Option<usize>> = (0..self.staged.len())
            .map(|i| {
                let file = &self.staged[i].file;
                (i + 1..self.staged.len()).rfind(|&j| self.staged[j].file == *file)
            })
            .collect();
        let temps: Vec<(&CString, &File)> = self
            .staged
            .iter()
            .zip(&replaced_by)
            .filter(|(_, later)| later.is_none())
            .filter_map(|(s, _)| match &s.place {
                Place::Temp(tmp) => Some((&s.name, tmp.as_file())),
                Place::InPlace => None,
            })
            .collect();
        for (name, file) in temps.iter().skip(1) {
            if let Err(e) = durable::start_write_out(file) {
                return Err(self.write_error(name, Errno::of(&e)));
            }
        }
        for (name, file) in &temps {
            if let Err(e) = durable::sync_data(file) {
                return Err(self.write_error(name, Errno::of(&e)));
            }
        }
        // The earlier names to make links to the later file again: only a
        // renamed file has a new inode (one rewritten in place is still
        // the file both names lead to), and only a name that is another
        // path (a hard link) needs it.
        let earlier_names = replaced_by.iter().enumerate().filter_map(|(i, later)| {
            let s = &self.staged[i];
            Some((*later)?).map(|later| (later, &s.target, &s.identity, &s.name))
        });
        let other_names = self.other_names.iter().filter_map(|n| {
            let last = self.staged.iter().rposition(|s| s.file == n.file)?;
            Some((last, &n.target, &n.identity, &n.shown))
        });
        let relinks: Vec<Relink> = earlier_names
            .chain(other_names)
            .filter_map(|(later, target, identity, shown)| {
                let later = &self.staged[later];
                let renamed = matches!(later.place, Place::Temp(_));
                (renamed && later.identity != *identity).then(|| Relink {
                    file: later.target.clone(),
                    name: target.clone(),
                    dir: identity.parent().unwrap_or(Path::new(".")).to_path_buf(),
                    shown: shown.clone(),
                })
            })
            .collect();
        let staged = std::mem::take(&mut self.staged);
        let mut renamed_in: Vec<(PathBuf, CString)> = Vec::new();
        for (s, later) in staged.into_iter().zip(&replaced_by) {
            if let Some(copy) = &s.read_copy {
                crate::interrupt::unregister(copy.path());
            }
            if later.is_some() {
                // Replaced: its temporary is deleted as it is dropped.
                if let Place::Temp(tmp) = &s.place {
                    crate::interrupt::unregister(tmp.path());
                }
                continue;
            }
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
                return Err(self.write_error(&name, Errno::of(&e)));
            }
        }
        for r in relinks {
            if let Err(e) = link_over(&r.file, &r.name, &r.dir) {
                return Err(self.write_error(&r.shown, Errno::of(&e)));
            }
            if !renamed_in.iter().any(|(d, _)| *d == r.dir) {
                renamed_in.push((r.dir, r.shown));
            }
        }
        for (dir, name) in renamed_in {
            if let Err(e) = durable::sync_dir(&dir) {
                return Err(self.write_error(&name, Errno::of(&e)));
            }
        }
        Ok(())
    }

    fn write_error(&self, name: &CStr, errno: Errno) -> Failure {
        Failure::msg(text!(
            self.prog,
            ": Error writing \"",
            name,
            "\": ",
            errno.text(),
            "\n"
        ))
    }
}

/// An earlier output's name made a link to the later output that
/// replaced its content (`Outputs::commit`).
struct Relink {
    file: PathBuf,
    name: PathBuf,
    dir: PathBuf,
    /// The earlier name as the user gave it, for messages.
    shown: CString,
}

impl Drop for Outputs {
    fn drop(&mut self) {
        // Uncommitted temporaries are deleted by NamedTempFile's own Drop.
        for s in &self.staged {
            if let Place::Temp(t) = &s.place {
                crate::interrupt::unregister(t.path());
            }
            if let Some(t) = &s.read_copy {
                crate::interrupt::unregister(t.path());
            }
        }
    }
}

impl Staged {
    /// A path holding the content written so far.
    fn readable(&mut self) -> std::io::Result<&Path> {
        if let Place::Temp(tmp) = &self.place {
            return Ok(tmp.path());
        }
        if self.read_copy.is_none() {
            // Outside the target's directory, which cannot take a file;
            // private to us (it may hold a private key), and deleted at
            // exit or on an interrupt like every temporary.
            crate::interrupt::install();
            let mut copy = tempfile::Builder::new()
                .prefix(".openssl-req.")
                .suffix(".tmp")
                .permissions(std::fs::Permissions::from_mode(0o600))
                .tempfile()?;
            crate::interrupt::register(copy.path());
            copy.as_file_mut().write_all(&self.buffer.mem_contents())?;
            self.read_copy = Some(copy);
        }
        match &self.read_copy {
            Some(copy) => Ok(copy.path()),
            None => Err(std::io::Error::from_raw_os_error(libc::ENOENT)),
        }
    }

    /// When standard input is this very file (`< k.pem` and `-keyout
    /// k.pem`), openssl's later reads of it (the request from stdin, the
    /// prompts) see the truncated and rewritten file from where stdin's
    /// offset stands: standard input is moved onto the staged file (the
    /// temporary, filled at `close`) at that offset. C's stdin keeps what
    /// it had already buffered, as openssl's does.
    fn follow_with_stdin(&mut self) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom};
        use std::os::fd::AsRawFd;
        let FileId::Inode(dev, ino) = self.file else {
            return Ok(());
        };
        let Some(mut stdin) = standard_stream(0) else {
            return Ok(());
        };
        match stdin.metadata() {
            Ok(m) if m.file_type().is_file() && (m.dev(), m.ino()) == (dev, ino) => {}
            _ => return Ok(()),
        }
        let offset = stdin.stream_position()?;
        let mut staged = File::open(self.readable()?)?;
        staged.seek(SeekFrom::Start(offset))?;
        // SAFETY: both descriptors are open; dup2 only replaces 0.
        if unsafe { libc::dup2(staged.as_raw_fd(), 0) } < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }

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
fn plan(name: &CStr, mode: Mode) -> Result<Plan, Errno> {
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
    let identity = identity_of(&target)?;
    // /dev/stdout, /dev/fd/N and the like lead into /proc: not a file to replace.
    if identity.starts_with("/proc") {
        return Ok(Plan::Direct);
    }
    match meta {
        Some(m) if !m.file_type().is_file() => Ok(Plan::Direct),
        // The file standard output or error already writes into (`-keyout
        // k.pem > k.pem`): what goes there lands in this very file, beside
        // what openssl writes into it, which a replaced file would lose.
        Some(m) if written_by_stdout_or_stderr(&m) => Ok(Plan::Direct),
        Some(m) => {
            // The permission check openssl's open(2)/fopen would make.
            let mut o = OpenOptions::new();
            match mode {
                Mode::Write => o.write(true),
                Mode::Append => o.append(true),
            };
            o.custom_flags(libc::O_NOCTTY | libc::O_NONBLOCK)
                .open(&target)
                .map_err(|e| Errno::of(&e))?;
            Ok(Plan::Stage {
                target,
                identity,
                existing: Some(m),
            })
        }
        None => {
            let base_len = target.file_name().map_or(0, |b| b.len());
            if base_len > 255 || target.as_os_str().len() >= libc::PATH_MAX as usize {
                return Err(Errno(libc::ENAMETOOLONG));
            }
            Ok(Plan::Stage {
                target,
                identity,
                existing: None,
            })
        }
    }
}

/// Gives a new temporary file the owner and mode of the file it replaces
/// (`existing`), or `mode` under the umask for a new one, before anything
/// is written into it.
///
/// The owner is kept where allowed; where only the group can be given (a
/// member of the file's group who does not own it), the group. The mode
/// comes after the owner, since chown(2) clears the set-ID bits. Then the
/// data is written, as openssl writes into the truncated file: a writer
/// without the privilege to keep them (CAP_FSETID on Linux, root on the
/// BSDs) loses the set-user-ID bit, and the set-group-ID bit where the
/// system drops it, exactly as the truncation and writes of an in-place
/// rewrite would take them. One case the kernel cannot see here: a file
/// whose group we could not give is one whose group we are not in, and
/// the in-place rewrite of a set-group-ID file by a non-member loses that
/// bit (Linux, `setattr_should_drop_sgid`), so it is dropped here too.
fn give_mode(
    f: &File,
    mut mode: u32,
    existing: Option<&Metadata>,
    umask: u32,
) -> std::io::Result<()> {
    if let Some(meta) = existing {
        // A new file is already ours: no fchown to make.
        let ours = file_owner::effective_ids();
        if (meta.uid(), meta.gid()) != ours {
            let group_given = std::os::unix::fs::fchown(f, Some(meta.uid()), Some(meta.gid()))
                .is_ok()
                || meta.gid() == ours.1
                || std::os::unix::fs::fchown(f, None::<u32>, Some(meta.gid())).is_ok();
            if !group_given {
                mode &= !0o2000; // S_ISGID
            }
        }
    }
    if mode & umask != 0 || mode & 0o7000 != 0 {
        let set = f.set_permissions(std::fs::Permissions::from_mode(mode));
        if set.is_err() && mode & 0o7000 != 0 {
            // The BSDs refuse a sticky bit on a file to all but root
            // (EFTYPE): the file gets the rest of its mode.
            f.set_permissions(std::fs::Permissions::from_mode(mode & 0o6777))?;
        } else {
            set?;
        }
    }
    Ok(())
}

/// The paths OSSL_STORE's file store tries for `uri`, in order, each
/// with whether it must be absolute (`file_open` in
/// providers/implementations/storemgmt/file_store.c): the URI itself as a
/// path, unless it has an authority (`file://`); then, for a `file:` URI
/// (the scheme in any case), the part after `file:`, or after
/// `file://localhost` or `file://` where an authority is given (any other
/// authority is refused: no path at all).
fn store_file_paths(uri: &[u8]) -> Vec<(&[u8], bool)> {
    let strip_case = |s: &'static [u8], from: &[u8]| -> Option<usize> {
        from.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
            .then_some(s.len())
    };
    let Some(n) = strip_case(b"file:", uri) else {
        return vec![(uri, false)];
    };
    let rest = &uri[n..];
    let Some(authority) = rest.strip_prefix(b"//") else {
        return vec![(uri, false), (rest, true)];
    };
    // The path keeps the '/' that ends the authority.
    match strip_case(b"localhost/", authority) {
        Some(n) => vec![(&authority[n - 1..], true)],
        None if authority.starts_with(b"/") => vec![(authority, true)],
        None => Vec::new(),
    }
}

/// `target` (links resolved) with its directory made canonical: two
/// names of one path have the same identity.
fn identity_of(target: &Path) -> Result<PathBuf, Errno> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let canonical_dir = std::fs::canonicalize(dir).map_err(|e| Errno::of(&e))?;
    Ok(canonical_dir.join(target.file_name().unwrap_or_default()))
}

/// Which file a name leads to: an existing file by its (device, inode),
/// so that hard links count as the same file; a file still to be
/// created by its path.
#[derive(Clone, PartialEq, Eq, Debug)]
enum FileId {
    Inode(u64, u64),
    New(PathBuf),
}

impl FileId {
    fn of(existing: Option<&Metadata>, identity: &Path) -> FileId {
        match existing {
            Some(m) => FileId::Inode(m.dev(), m.ino()),
            None => FileId::New(identity.to_path_buf()),
        }
    }
}

/// Whether descriptor 1 or 2 is open on the file `m` describes.
fn written_by_stdout_or_stderr(m: &Metadata) -> bool {
    [1, 2].into_iter().any(|fd| {
        standard_stream(fd)
            .and_then(|f| f.metadata().ok())
            .is_some_and(|s| (s.dev(), s.ino()) == (m.dev(), m.ino()))
    })
}

/// A descriptor of our own for standard stream `fd` (0, 1 or 2), sharing
/// its file offset.
fn standard_stream(fd: std::os::fd::RawFd) -> Option<File> {
    // SAFETY: descriptors 0-2 are open for the whole run (the process
    // start-up reopens closed ones on /dev/null); only borrowed here.
    let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    fd.try_clone_to_owned().map(File::from).ok()
}

/// Follows symbolic links on the last component (as open(2) does), so
/// that a link is written through to its target. Returns the final path
/// and its metadata, or None if it does not exist yet.
fn resolve_links(path: &Path) -> Result<(PathBuf, Option<Metadata>), Errno> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let t = std::fs::read_link(&p).map_err(|e| Errno::of(&e))?;
                p = if t.is_absolute() {
                    t
                } else {
                    p.parent().map_or_else(|| t.clone(), |d| d.join(&t))
                };
            }
            Ok(m) => return Ok((p, Some(m))),
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => return Ok((p, None)),
            Err(e) => return Err(Errno::of(&e)),
        }
    }
    Err(Errno(libc::ELOOP))
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

/// Makes `target` another name of the file `src` (in `dir`, the same
/// directory as `target`): a hard link under a temporary name, renamed
/// over it, so that `target` is never missing.
fn link_over(src: &Path, target: &Path, dir: &Path) -> std::io::Result<()> {
    let base = target.file_name().map(OsStr::as_bytes).unwrap_or(b"out");
    let short = &base[..base.len().min(200)];
    let prefix = OsStr::from_bytes(&text!(".", short, ".")).to_os_string();
    let link = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .make_in(dir, |path| std::fs::hard_link(src, path))?;
    let path = link.path().to_path_buf();
    crate::interrupt::register(&path);
    let r = link.persist(target).map(|_| ()).map_err(|e| e.error);
    crate::interrupt::unregister(&path);
    r
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_file_paths_are_file_opens() {
        let paths = |u: &'static [u8]| store_file_paths(u);
        assert_eq!(paths(b"k.pem"), [(&b"k.pem"[..], false)]);
        assert_eq!(
            paths(b"file:k.pem"),
            [(&b"file:k.pem"[..], false), (&b"k.pem"[..], true)]
        );
        assert_eq!(
            paths(b"FILE:/d/k.pem"),
            [(&b"FILE:/d/k.pem"[..], false), (&b"/d/k.pem"[..], true)]
        );
        assert_eq!(paths(b"file:///d/k.pem"), [(&b"/d/k.pem"[..], true)]);
        assert_eq!(
            paths(b"file://LocalHost/d/k.pem"),
            [(&b"/d/k.pem"[..], true)]
        );
        assert!(paths(b"file://host/d/k.pem").is_empty());
    }
}

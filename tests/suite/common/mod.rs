//! Differential test harness: run the real `openssl req` and our `openssl-req`
//! side by side on the same inputs and demand the same observable behaviour.
//!
//! A test reads like a transcript:
//!
//! ```ignore
//! // a module of the suite (tests/suite/main.rs)
//! use crate::common::Case;
//!
//! #[test]
//! fn csr_from_fixed_rsa_key() {
//!     Case::new(&["-new", "-key", "rsa2048.pem", "-subj", "/CN=x", "-out", "r.pem"])
//!         .fixture("rsa2048.pem")
//!         .assert_same();
//! }
//!
//! #[test]
//! fn new_encrypted_ec_key() {
//!     let (_openssl, ours) = Case::new(&["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
//!                                        "-subj", "/CN=x", "-keyout", "k.pem", "-passout", "pass:abcd"])
//!         .fresh_key()          // a key is generated: compare PEM blocks structurally
//!         .key_pass("abcd")     // ...and decrypt the encrypted key to compare it too
//!         .assert_same();
//!     ours.assert_file_mode("k.pem", 0o600);
//! }
//! ```
//!
//! What is compared: exit code, stdout, stderr, and every regular file left in the
//! run directory (inputs included, so a clobbered input is caught) with its mode.
//! [`Case::assert_same_output`] leaves the files out, for the README's deliberate
//! differences in how files are written; the test then checks our files itself.
//! Besides files, a case can set up directories ([`Case::dir`]) and symbolic
//! links ([`Case::symlink`]) and hard links ([`Case::hardlink`], collected under
//! each name) in the run dir, and a shell redirection ([`Case::redirect`]);
//! links are not collected, what they
//! point to inside the run dir is.
//!
//! What is masked, and only that, because it is legitimately random or local:
//! * the temp dir path (each side runs in its own dir) -> `$TMP` (done at capture);
//! * key-generation progress lines on stderr (`...+++*` runs) -> `<progress>`;
//! * the thread id leading OpenSSL error lines (`80ABCD:error:...`) -> `<tid>`;
//! * opt-in, per case (see [`Masks`]): generated keys, random signatures, random
//!   certificate serials and validity times. PEM/DER objects are then compared by
//!   a description made by the *real* `openssl` (text form with the random parts
//!   masked, plus signature verification and which key each object carries).
//!
//! Everything else must be byte-for-byte identical. An item (stdout, a file) that
//! is already identical on both sides is never described, only compared.
//!
//! Each run: a fresh temp dir as cwd holding the case's files, an environment of
//! just PATH and HOME=<that dir> (plus `.env(..)`; so `OPENSSL_CONF` is unset and
//! /usr/lib/ssl/openssl.cnf applies), umask 022 unless `.umask(..)`, stdin a pipe
//! (empty = immediate EOF), no controlling terminal (setsid: OpenSSL's pass
//! phrase UI then reads stdin and prompts on stderr), a 60 s timeout.
//!
//! Terminal mode ([`Case::terminal`], [`Case::answer`], [`Case::answer_secret`],
//! [`Case::terminal_with_piped_stdin`]): the child runs with stdin (unless
//! piped), stdout and stderr on a fresh pseudo-terminal that is also its
//! controlling terminal (so `/dev/tty`, which OpenSSL's pass-phrase
//! UI opens, is that pty). A script of (prompt, answer) steps drives it like a
//! user: wait until the prompt text has appeared in the output (after the
//! previous one) *and* the program is blocked reading the terminal, then type
//! the answer. Waiting for the read, not for a prompt or an echo flag, is what
//! makes a `^C` safe to type: libcrypto's console UI prints the prompt, turns
//! echo off and installs its SIGINT handler before it reads, and a signal that
//! lands in that window is recorded without interrupting any read, leaving the
//! program waiting for ever. A program that forgets to hide a pass phrase shows
//! it in its transcript, since the answer is typed whatever the echo flag says. The [`Outcome`]'s `stdout` then holds
//! the whole terminal transcript as the user saw it (output and echoed input
//! interleaved, with the terminal's `\r\n` line ends) and `stderr` is empty;
//! files are collected as usual. Progress lines are masked in it as on stderr.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Replaces the run directory's path in captured output.
pub const TMP_TOKEN: &str = "$TMP";
/// Default wall-clock limit for one program run; a hung program fails the test.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Path to our binary (built by cargo for integration tests).
pub fn ours_path() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_openssl-req"))
}

/// The version type of the program (src/version.rs), so that lines compare
/// as versions ("3.10" after "3.5").
#[path = "../../../src/version.rs"]
#[allow(dead_code)]
mod version;
pub use version::Version;

mod presets;
pub use presets::*;

/// An OpenSSL release line by its name: "1.1.1", "3.0" ... "4.0".
pub type Line = &'static str;

/// The version our program was built against (its full version).
pub fn built_version() -> Version {
    let v = env!("OPENSSL_REQ_BUILT_AGAINST");
    Version::parse(v).unwrap_or_else(|| panic!("unreadable OpenSSL version {v}"))
}

/// The release line our program was built against (and reproduces).
pub fn line() -> Line {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        let built = built_version().line();
        assert!(
            version::SUPPORTED_LINES.contains(&built),
            "built against an unsupported OpenSSL {built}"
        );
        built.line_name()
    })
}

/// The version a line name or a full version stands for ("3.2" is 3.2.0).
#[track_caller]
pub fn version(l: &str) -> Version {
    Version::parse(l).unwrap_or_else(|| panic!("not a version: {l:?}"))
}

/// Whether our line is at least `l`, compared as versions ("3.10" > "3.5").
#[track_caller]
pub fn line_at_least(l: &str) -> bool {
    built_version().line() >= version(l)
}

/// Whether our build's line is older than `l` (lacks what `l` brought): the
/// complement of [`line_at_least`].
#[track_caller]
pub fn before(l: &str) -> bool {
    !line_at_least(l)
}

/// Whether our build's version is at least the release `v` ("3.4.2"):
/// for changes that came with a patch release.
#[track_caller]
pub fn version_at_least(v: &str) -> bool {
    built_version() >= version(v)
}

/// The real `openssl` from PATH, which must belong to the release line our
/// program was built against (the matrix puts that line's prefix first in
/// PATH). Panics when missing or of another line: a differential test that
/// cannot run the right reference must fail loudly, never pass silently.
pub fn openssl_path() -> PathBuf {
    static CHECKED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    CHECKED
        .get_or_init(|| {
            let path = std::env::var_os("PATH").unwrap_or_default();
            let p = find_in_path("openssl", &path).unwrap_or_else(|| {
                panic!(
                    "the real `openssl` binary was not found in PATH ({path:?}); the \
                     differential tests need it (e.g. `apt-get install openssl`)"
                )
            });
            let out = Command::new(&p)
                .arg("version")
                .output()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", p.display()));
            let version = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(
                reference_line(&version).as_deref() == Some(line()),
                "the reference {} is {:?}, but openssl-req was built against OpenSSL {}: put \
                 that line's `openssl` first in PATH (see tools/matrix)",
                p.display(),
                version.trim(),
                env!("OPENSSL_REQ_BUILT_AGAINST"),
            );
            p
        })
        .clone()
}

/// The release line named by `openssl version`'s output: "OpenSSL 3.5.5 27
/// Jan 2026" is 3.5, "OpenSSL 1.1.1w  11 Sep 2023" is 1.1.1 (the letter is
/// the release). None for another library ("LibreSSL 3.8.2").
pub fn reference_line(version_output: &str) -> Option<String> {
    let mut words = version_output.split_whitespace();
    if words.next()? != "OpenSSL" {
        return None;
    }
    let release = words.next()?;
    let end = release
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(release.len());
    Some(Version::parse(&release[..end])?.line().line_name())
}

/// First executable `name` in a PATH-style list.
pub fn find_in_path(name: &str, path: &std::ffi::OsStr) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(path).map(|d| d.join(name)).find(|p| {
        std::fs::metadata(p).is_ok_and(|md| md.is_file() && md.permissions().mode() & 0o111 != 0)
    })
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// How the child's stdin is fed.
#[derive(Clone, Debug)]
pub enum Input {
    /// A pipe holding these bytes, then EOF (empty = immediate EOF).
    Pipe(Vec<u8>),
    /// A pseudo-terminal on stdout and stderr, driven by `steps`; on stdin too,
    /// unless `piped_stdin` gives the bytes of a pipe for stdin instead (as in
    /// `printf ... | openssl req ...` typed in a terminal: the pty is still the
    /// controlling terminal, so `/dev/tty` reaches it).
    Pty {
        steps: Vec<PtyStep>,
        piped_stdin: Option<Vec<u8>>,
    },
}

/// One step of a terminal script: wait for `prompt` to appear in the output
/// (searched after the end of the previous step's prompt) and for the program
/// to block in a read of the terminal, then type `send`.
#[derive(Clone, Debug)]
pub struct PtyStep {
    pub prompt: String,
    pub send: Vec<u8>,
    /// A pass-phrase answer (echo expected off). It is typed the same way as
    /// any other: the transcript then shows whether the program hid it.
    pub secret: bool,
}

/// Opt-in masking of legitimately random output. All off by default, so that
/// cases with a fixed key and a deterministic signature (RSA PKCS#1 v1.5,
/// Ed25519, Ed448) are compared byte for byte.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Masks {
    /// A key is generated in this run: key material, public keys, key ids and
    /// signatures are compared structurally (algorithm, size, curve...).
    pub fresh_key: bool,
    /// Signatures are random (ECDSA, DSA, RSA-PSS, or implied by the other two):
    /// "Signature Value" dumps are masked; each request/certificate is instead
    /// checked with `openssl req -verify` / `openssl verify`.
    pub fresh_sig: bool,
    /// A certificate is made (`-x509`): a random (multi-byte) serial is masked,
    /// notBefore is shown as `<now>` when within 15 minutes of the clock, and
    /// notAfter as `<notBefore + N days>`. Small serials (`-set_serial 5`) stay.
    pub fresh_cert: bool,
}

impl Masks {
    fn sig(&self) -> bool {
        self.fresh_sig || self.fresh_key || self.fresh_cert
    }
    fn any(&self) -> bool {
        self.fresh_key || self.fresh_sig || self.fresh_cert
    }
}

/// One invocation, described once and run against either program.
#[derive(Clone, Debug)]
pub struct Case {
    args: Vec<String>,
    input: Input,
    /// (relative name, contents, mode) created before the run.
    files: Vec<(String, Vec<u8>, u32)>,
    /// (relative dir name, mode) created before the run (after the files).
    dirs: Vec<(String, u32)>,
    /// (relative link name, target as written) created before the run.
    links: Vec<(String, String)>,
    /// (relative name, existing file it is another name of).
    hardlinks: Vec<(String, String)>,
    /// A redirection both programs run under (`sh -c 'exec "$@" REDIRECT'`).
    redirect: Option<String>,
    env: Vec<(String, String)>,
    umask: u32,
    masks: Masks,
    key_pass: Option<String>,
    timeout: Duration,
}

/// What one run left behind. Outputs already have the temp dir path replaced by
/// [`TMP_TOKEN`]; nothing else is masked here (see [`normalize`]).
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Exit status; 128 + signal number if killed by a signal.
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Every regular file under the run dir after the run (relative path ->
    /// (mode & 0o7777, contents)), inputs included.
    pub files: BTreeMap<String, (u32, Vec<u8>)>,
}

impl Case {
    /// `args` come after `req`: openssl runs as `openssl req ARGS`, ours as
    /// `openssl-req ARGS`.
    pub fn new(args: &[&str]) -> Case {
        Case {
            args: args.iter().map(|s| s.to_string()).collect(),
            input: Input::Pipe(Vec::new()),
            files: Vec::new(),
            dirs: Vec::new(),
            links: Vec::new(),
            hardlinks: Vec::new(),
            redirect: None,
            env: Vec::new(),
            umask: 0o022,
            masks: Masks::default(),
            key_pass: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Bytes available on stdin (a pipe, closed after them).
    pub fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Case {
        self.input = Input::Pipe(bytes.as_ref().to_vec());
        self
    }

    /// Runs on a pseudo-terminal (see the module doc), with an empty script
    /// so far: add steps with [`Case::answer`] / [`Case::answer_secret`].
    pub fn terminal(mut self) -> Case {
        if !matches!(self.input, Input::Pty { .. }) {
            self.input = Input::Pty {
                steps: Vec::new(),
                piped_stdin: None,
            };
        }
        self
    }

    /// Terminal mode with stdin a pipe holding `bytes` (then EOF): stdout and
    /// stderr stay on the terminal, which is still the controlling terminal.
    pub fn terminal_with_piped_stdin(mut self, bytes: impl AsRef<[u8]>) -> Case {
        self = self.terminal();
        if let Input::Pty { piped_stdin, .. } = &mut self.input {
            *piped_stdin = Some(bytes.as_ref().to_vec());
        }
        self
    }

    /// Terminal mode: wait for `prompt` on the terminal, then type `send`
    /// (include the `\n`; `\x04` at the start of a line is EOF).
    pub fn answer(self, prompt: &str, send: impl AsRef<[u8]>) -> Case {
        self.pty_step(prompt, send.as_ref(), false)
    }

    /// Terminal mode: like [`Case::answer`], for an echo-off pass-phrase
    /// prompt (typed, like every answer, once the program reads the terminal).
    pub fn answer_secret(self, prompt: &str, send: impl AsRef<[u8]>) -> Case {
        self.pty_step(prompt, send.as_ref(), true)
    }

    fn pty_step(mut self, prompt: &str, send: &[u8], secret: bool) -> Case {
        self = self.terminal();
        if let Input::Pty { steps, .. } = &mut self.input {
            steps.push(PtyStep {
                prompt: prompt.to_string(),
                send: send.to_vec(),
                secret,
            });
        }
        self
    }

    /// A file created (mode 0644) in the run dir before the run. `name` may
    /// contain subdirectories.
    pub fn file(self, name: &str, contents: impl AsRef<[u8]>) -> Case {
        self.file_mode(name, contents, 0o644)
    }

    /// Like [`Case::file`] with an explicit mode (set with chmod, so umask does
    /// not interfere).
    pub fn file_mode(mut self, name: &str, contents: impl AsRef<[u8]>, mode: u32) -> Case {
        self.files.retain(|(n, _, _)| n != name);
        self.files
            .push((name.to_string(), contents.as_ref().to_vec(), mode));
        self
    }

    /// An (empty unless files are put in it) directory in the run dir, with
    /// this mode (set last, so files can be put in a read-only one).
    pub fn dir(mut self, name: &str, mode: u32) -> Case {
        self.dirs.retain(|(n, _)| n != name);
        self.dirs.push((name.to_string(), mode));
        self
    }

    /// A symbolic link `name` -> `target` (written as given: relative targets
    /// resolve from the link's directory) in the run dir. Links are not
    /// collected as files; what they point to is, when inside the run dir.
    pub fn symlink(mut self, name: &str, target: &str) -> Case {
        self.links.retain(|(n, _)| n != name);
        self.links.push((name.to_string(), target.to_string()));
        self
    }

    /// A hard link `name` to the file `target` of the run dir (both
    /// relative to it; made after the files and symbolic links).
    pub fn hardlink(mut self, name: &str, target: &str) -> Case {
        self.hardlinks.retain(|(n, _)| n != name);
        self.hardlinks.push((name.to_string(), target.to_string()));
        self
    }

    /// Runs each program under a shell redirection made in the run dir, as
    /// `sh -c 'exec "$@" REDIRECT' sh PROGRAM ARGS...`: `3<fd3.txt` (a
    /// descriptor 3 open on a file), `<in.txt` (stdin a file rather than a
    /// pipe; the case's stdin bytes are then not read).
    pub fn redirect(mut self, redirection: &str) -> Case {
        self.redirect = Some(redirection.to_string());
        self
    }

    /// Copies `fixtures/<name>` into the run dir under its base name, mode 0644
    /// (fixed, so the result does not depend on how the checkout set modes).
    pub fn fixture(self, name: &str) -> Case {
        let src = fixtures_dir().join(name);
        let data = std::fs::read(&src)
            .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", src.display()));
        let base = Path::new(name)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        self.file(&base, data)
    }

    /// Several fixtures at once.
    pub fn fixtures(self, names: &[&str]) -> Case {
        names.iter().fold(self, |c, n| c.fixture(n))
    }

    /// An environment variable for the child (the env is otherwise cleared to
    /// PATH and HOME=<run dir>; `OPENSSL_CONF` only if set here).
    pub fn env(mut self, k: &str, v: &str) -> Case {
        self.env.retain(|(n, _)| n != k);
        self.env.push((k.to_string(), v.to_string()));
        self
    }

    /// The child's umask (default 0o022, fixed so file modes are reproducible).
    pub fn umask(mut self, m: u32) -> Case {
        self.umask = m;
        self
    }

    /// A key is generated in this run (see [`Masks::fresh_key`]).
    pub fn fresh_key(mut self) -> Case {
        self.masks.fresh_key = true;
        self
    }

    /// Signatures are randomized (see [`Masks::fresh_sig`]).
    pub fn fresh_sig(mut self) -> Case {
        self.masks.fresh_sig = true;
        self
    }

    /// A certificate with random serial and current dates is made
    /// (see [`Masks::fresh_cert`]).
    pub fn fresh_cert(mut self) -> Case {
        self.masks.fresh_cert = true;
        self
    }

    /// Pass phrase of encrypted private keys in the output. Encrypted keys are
    /// always compared structurally (their salt/IV are random); with this, they
    /// are also decrypted and their content compared, which proves the right
    /// pass phrase was used.
    pub fn key_pass(mut self, p: &str) -> Case {
        self.key_pass = Some(p.to_string());
        self
    }

    pub fn timeout(mut self, t: Duration) -> Case {
        self.timeout = t;
        self
    }

    pub fn masks(&self) -> Masks {
        self.masks
    }

    pub fn run_openssl(&self) -> Outcome {
        let p = openssl_path();
        self.run_program(&[p.to_str().unwrap(), "req"])
    }

    /// Runs our binary. `OPENSSL_REQ_WRAPPER`, if set, is a command prefix
    /// (words split at whitespace) put before it, as tools/memcheck puts
    /// valgrind; `OPENSSL_REQ_TIMEOUT_SCALE` multiplies the case's timeout,
    /// since such a wrapper runs the program many times slower.
    pub fn run_ours(&self) -> Outcome {
        let p = ours_path();
        let wrapper = std::env::var("OPENSSL_REQ_WRAPPER").unwrap_or_default();
        let mut argv: Vec<&str> = wrapper.split_whitespace().collect();
        argv.push(p.to_str().unwrap());
        let scale = std::env::var("OPENSSL_REQ_TIMEOUT_SCALE")
            .ok()
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(1);
        let mut case = self.clone();
        case.timeout = self.timeout * scale;
        case.run_program(&argv)
    }

    /// Runs `argv_prefix ++ args` in a fresh temp dir. Public so the harness
    /// self-test can pit openssl against itself or against a stand-in.
    pub fn run_program(&self, argv_prefix: &[&str]) -> Outcome {
        let dir = tempfile::Builder::new()
            .prefix("req-diff-")
            .tempdir()
            .expect("create temp dir");
        for (name, data, mode) in &self.files {
            let p = dir.path().join(name);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(&p, data).unwrap();
            set_mode(&p, *mode);
        }
        for (name, target) in &self.links {
            let p = dir.path().join(name);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::os::unix::fs::symlink(target, &p).unwrap();
        }
        for (name, target) in &self.hardlinks {
            std::fs::hard_link(dir.path().join(target), dir.path().join(name)).unwrap();
        }
        for (name, mode) in &self.dirs {
            let p = dir.path().join(name);
            std::fs::create_dir_all(&p).unwrap();
            set_mode(&p, *mode);
        }

        let shell = self.redirect.as_ref().map(|r| {
            [
                "/bin/sh".to_string(),
                "-c".into(),
                format!("exec \"$@\" {r}"),
                "sh".into(),
            ]
        });
        let argv: Vec<&str> = shell
            .iter()
            .flatten()
            .map(String::as_str)
            .chain(argv_prefix.iter().copied())
            .collect();
        let mut cmd = Command::new(argv[0]);
        cmd.args(&argv[1..])
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        run_in(&mut cmd, dir.path());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let umask = self.umask;
        // setsid: no controlling terminal, so OpenSSL's UI cannot open /dev/tty
        // and reads pass phrases from stdin / prompts on stderr, the same on a
        // developer's terminal as in CI (otherwise a test would block on the
        // developer's keyboard).
        // The signals a user's keyboard sends start at their default action,
        // as under an interactive shell. A test runner started in the
        // background of a non-interactive shell (`cargo test &` in a script)
        // inherits SIGINT and SIGQUIT ignored, and so would both programs:
        // a ^C typed at a prompt would then be lost and the run hang.
        // SAFETY: umask(2), setsid(2) and signal(2) are async-signal-safe;
        // nothing else runs in the hook.
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(move || {
                // mode_t is 16 bits on macOS and FreeBSD; every mode fits.
                libc::umask(umask as libc::mode_t);
                libc::setsid();
                for sig in [libc::SIGINT, libc::SIGQUIT] {
                    libc::signal(sig, libc::SIG_DFL);
                }
                Ok(())
            });
        }

        let (code, stdout, stderr) = match &self.input {
            Input::Pipe(bytes) => {
                run_with_timeout(cmd, bytes.clone(), self.timeout, || self.describe())
            }
            #[cfg(not(target_os = "linux"))]
            Input::Pty { .. } => panic!(
                "terminal cases need Linux (/proc/PID/task/*/syscall tells when the program \
                 reads): mark the test #[cfg_attr(not(target_os = \"linux\"), ignore = ...)]"
            ),
            #[cfg(target_os = "linux")]
            Input::Pty { steps, piped_stdin } => {
                let (code, transcript) =
                    pty::run(cmd, steps, piped_stdin.as_deref(), self.timeout, || {
                        self.describe()
                    });
                (code, transcript, Vec::new())
            }
        };

        let mut files = BTreeMap::new();
        collect_files(dir.path(), dir.path(), &mut files);

        // The two sides run in different dirs: mask the path (and its canonical
        // form, in case /tmp is a symlink) wherever it shows up.
        let mut roots = vec![dir.path().to_string_lossy().into_owned()];
        if let Ok(c) = dir.path().canonicalize() {
            roots.push(c.to_string_lossy().into_owned());
        }
        let m = |b: Vec<u8>| mask_tmp(&b, &roots);
        Outcome {
            code,
            stdout: m(stdout),
            stderr: m(stderr),
            files: files
                .into_iter()
                .map(|(k, (mode, d))| (k, (mode, m(d))))
                .collect(),
        }
    }

    /// Runs both programs, masks, compares everything; panics with a readable
    /// report on any difference. Returns (openssl, ours) as captured (only the
    /// temp path masked) for further assertions.
    #[track_caller]
    pub fn assert_same(&self) -> (Outcome, Outcome) {
        let theirs = self.run_openssl();
        let ours = self.run_ours();
        if let Err(report) = compare(self, &theirs, &ours) {
            panic!("{report}");
        }
        (theirs, ours)
    }

    /// Like [`Case::assert_same`] but the files left behind are NOT compared:
    /// only exit code, stdout and stderr (masked the same way). For the
    /// deliberate differences in how output files are written (see README):
    /// the test then asserts our files itself. Returns (openssl, ours).
    #[track_caller]
    pub fn assert_same_output(&self) -> (Outcome, Outcome) {
        let theirs = self.run_openssl();
        let ours = self.run_ours();
        assert_same_streams(self, &theirs, &ours);
        (theirs, ours)
    }

    /// [`Case::assert_same`] with both programs run as an unprivileged user
    /// ([`run_unprivileged`]); `root_owned` files stay root's.
    #[track_caller]
    pub fn assert_same_unprivileged(&self, root_owned: &[&str]) -> (Outcome, Outcome) {
        let (case, theirs, ours) = self.run_both_unprivileged(root_owned);
        if let Err(report) = compare(&case, &theirs, &ours) {
            panic!("{report}");
        }
        (theirs, ours)
    }

    /// [`Case::assert_same_output`] with both programs run as an
    /// unprivileged user.
    #[track_caller]
    pub fn assert_same_output_unprivileged(&self) -> (Outcome, Outcome) {
        let (case, theirs, ours) = self.run_both_unprivileged(&[]);
        assert_same_streams(&case, &theirs, &ours);
        (theirs, ours)
    }

    /// Both programs as an unprivileged user. Nobody must be able to read
    /// the default config, or both stop at "Can't open ... for reading,
    /// Permission denied": the run gets a copy of the reference's default
    /// config in the run dir, named by OPENSSL_CONF (the same settings).
    fn run_both_unprivileged(&self, root_owned: &[&str]) -> (Case, Outcome, Outcome) {
        let conf = std::fs::read(default_config())
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", default_config()));
        let case = self
            .clone()
            .file("openssl.cnf", conf)
            .env("OPENSSL_CONF", "openssl.cnf");
        let openssl = openssl_path();
        let ours = ours_path();
        let theirs = run_unprivileged(&case, root_owned, &[openssl.to_str().unwrap(), "req"]);
        let ours = run_unprivileged(&case, root_owned, &[ours.to_str().unwrap()]);
        (case, theirs, ours)
    }

    /// A shell-like rendering of the case for failure reports.
    pub fn describe(&self) -> String {
        let mut s = String::from("case: openssl req");
        for a in &self.args {
            s.push(' ');
            s.push_str(&shell_quote(a));
        }
        s.push('\n');
        match &self.input {
            Input::Pipe(bytes) if !bytes.is_empty() => {
                let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(400)]);
                let _ = writeln!(
                    s,
                    "stdin: {:?}{}",
                    shown,
                    if bytes.len() > 400 { " ..." } else { "" }
                );
            }
            Input::Pipe(_) => {}
            Input::Pty { steps, piped_stdin } => {
                match piped_stdin {
                    None => {
                        let _ = writeln!(
                            s,
                            "on a terminal (\"stdout\" below is the terminal transcript)"
                        );
                    }
                    Some(b) => {
                        let _ = writeln!(
                            s,
                            "stdin: {:?}; stdout and stderr on a terminal (\"stdout\" below is \
                             the terminal transcript)",
                            String::from_utf8_lossy(b)
                        );
                    }
                }
                let _ = writeln!(s, "typing:");
                for st in steps {
                    let _ = writeln!(
                        s,
                        "  at {:?}{} type {:?}",
                        st.prompt,
                        if st.secret { " (echo off)" } else { "" },
                        String::from_utf8_lossy(&st.send)
                    );
                }
            }
        }
        for (n, d, mode) in &self.files {
            let _ = writeln!(s, "input file: {n} ({} bytes, mode {:o})", d.len(), mode);
        }
        for (n, mode) in &self.dirs {
            let _ = writeln!(s, "input dir: {n} (mode {mode:o})");
        }
        for (n, t) in &self.hardlinks {
            let _ = writeln!(s, "input hard link: {n} = {t}");
        }
        if let Some(r) = &self.redirect {
            let _ = writeln!(s, "redirection: {r}");
        }
        for (n, t) in &self.links {
            let _ = writeln!(s, "input symlink: {n} -> {t}");
        }
        for (k, v) in &self.env {
            let _ = writeln!(s, "env: {k}={v}");
        }
        if self.umask != 0o022 {
            let _ = writeln!(s, "umask: {:03o}", self.umask);
        }
        if self.masks.any() {
            let _ = writeln!(s, "masks: {:?}", self.masks);
        }
        if let Some(p) = &self.key_pass {
            let _ = writeln!(s, "key pass: {p}");
        }
        s
    }
}

impl Outcome {
    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr_str(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    pub fn has_file(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Contents of a file left in the run dir; panics (listing what exists) if absent.
    #[track_caller]
    pub fn file(&self, name: &str) -> &[u8] {
        match self.files.get(name) {
            Some((_, d)) => d,
            None => panic!(
                "no file {name:?} after the run; files: {:?}",
                self.files.keys().collect::<Vec<_>>()
            ),
        }
    }

    #[track_caller]
    pub fn file_str(&self, name: &str) -> String {
        String::from_utf8_lossy(self.file(name)).into_owned()
    }

    #[track_caller]
    pub fn file_mode(&self, name: &str) -> u32 {
        self.file(name);
        self.files[name].0
    }

    #[track_caller]
    pub fn assert_file_mode(&self, name: &str, mode: u32) {
        let got = self.file_mode(name);
        assert_eq!(got, mode, "mode of {name}: got {got:04o}, want {mode:04o}");
    }
}

// ---------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The environment every program under test runs in: the directory `dir`
/// as its working directory and HOME, the caller's PATH and nothing else,
/// but for the module directories below.
pub fn run_in(cmd: &mut Command, dir: &Path) {
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir);
    // Where libcrypto looks for engines and provider modules is fixed
    // when it is built (ENGINESDIR, MODULESDIR). When the program under
    // test was built elsewhere than the reference (tools/vendored-check:
    // openssl-sys's own OpenSSL build), the runner that knows both
    // points both programs at the reference's directories, so that a
    // missing module is looked for, and named, in the same place.
    for (var, dirs) in [
        ("OPENSSL_ENGINES", "OPENSSL_REQ_TEST_ENGINES_DIR"),
        ("OPENSSL_MODULES", "OPENSSL_REQ_TEST_MODULES_DIR"),
    ] {
        if let Some(d) = std::env::var_os(dirs) {
            cmd.env(var, d);
        }
    }
}

/// Spawns, feeds stdin from a thread (a child that never reads must not block
/// us; EPIPE is ignored), drains stdout/stderr from threads (so a chatty child
/// cannot deadlock on a full pipe), and kills the child after `timeout`.
fn run_with_timeout(
    mut cmd: Command,
    input: Vec<u8>,
    timeout: Duration,
    describe: impl Fn() -> String,
) -> (i32, Vec<u8>, Vec<u8>) {
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot spawn {:?}: {e}", cmd.get_program()));
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
        // dropping stdin closes the pipe: EOF after the given bytes
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });

    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            let o = out_t.join().unwrap();
            let e = err_t.join().unwrap();
            panic!(
                "{:?} timed out after {:?} (waiting for input?)\n{}--- stdout so far ---\n{}\n--- stderr so far ---\n{}",
                cmd.get_program(),
                timeout,
                describe(),
                String::from_utf8_lossy(&o),
                String::from_utf8_lossy(&e)
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    let o = out_t.join().unwrap();
    let e = err_t.join().unwrap();
    use std::os::unix::process::ExitStatusExt;
    let code = status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
    (code, o, e)
}

/// Running a child on a pseudo-terminal (terminal mode of [`Case`]). Linux
/// only: whether the child is blocked reading the terminal is read off
/// /proc (and ptsname_r is not in every C library).
#[cfg(target_os = "linux")]
mod pty {
    use super::PtyStep;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    /// A new pty pair, both ends close-on-exec (so children spawned at the same
    /// moment by other test threads cannot inherit them and keep the terminal
    /// open), the slave not yet anyone's controlling terminal.
    fn open_pair() -> (OwnedFd, OwnedFd) {
        // SAFETY: plain libc calls on fds we own; every result is checked.
        unsafe {
            let m = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
            assert!(m >= 0, "posix_openpt: {}", std::io::Error::last_os_error());
            let master = OwnedFd::from_raw_fd(m);
            assert_eq!(libc::grantpt(m), 0, "grantpt");
            assert_eq!(libc::unlockpt(m), 0, "unlockpt");
            let mut name = [0 as libc::c_char; 128];
            assert_eq!(
                libc::ptsname_r(m, name.as_mut_ptr(), name.len()),
                0,
                "ptsname_r"
            );
            let s = libc::open(
                name.as_ptr(),
                libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC,
            );
            assert!(
                s >= 0,
                "open pty slave: {}",
                std::io::Error::last_os_error()
            );
            let slave = OwnedFd::from_raw_fd(s);
            let ws = libc::winsize {
                ws_row: 24,
                ws_col: 80,
                ws_xpixel: 0,
                ws_ypixel: 0,
            };
            libc::ioctl(s, libc::TIOCSWINSZ, &ws);
            (master, slave)
        }
    }

    /// The device number of a terminal fd (`st_rdev`).
    fn rdev(fd: &OwnedFd) -> u64 {
        // SAFETY: fstat fills a plain struct.
        unsafe {
            let mut st: libc::stat = std::mem::zeroed();
            assert_eq!(libc::fstat(fd.as_raw_fd(), &mut st), 0, "fstat pty slave");
            st.st_rdev
        }
    }

    /// Is some thread of `pid` blocked in read(2) on the terminal `tty` (the
    /// pty slave, or /dev/tty, which OpenSSL's UI opens)? Read off
    /// /proc/PID/task/TID/syscall: "running", or the syscall number and its
    /// arguments in hex while the thread sleeps in it.
    pub(super) fn reading_terminal(pid: u32, tty: u64) -> bool {
        let dev_tty = libc::makedev(5, 0);
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
            return false;
        };
        tasks.flatten().any(|task| {
            let Ok(line) = std::fs::read_to_string(task.path().join("syscall")) else {
                return false;
            };
            let mut fields = line.split_whitespace();
            let nr = fields.next().and_then(|n| n.parse::<i64>().ok());
            if nr != Some(libc::SYS_read) {
                return false;
            }
            let Some(fd) = fields
                .next()
                .and_then(|a| i64::from_str_radix(a.trim_start_matches("0x"), 16).ok())
            else {
                return false;
            };
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(format!("/proc/{pid}/fd/{fd}"))
                .is_ok_and(|md| md.rdev() == tty || md.rdev() == dev_tty)
        })
    }

    /// Reads what is available within `wait`. Returns false at the end of
    /// the terminal (EIO: every slave fd is closed, i.e. the child is gone).
    fn pump(master: &OwnedFd, out: &mut Vec<u8>, wait: Duration) -> bool {
        let mut pfd = libc::pollfd {
            fd: master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: poll/read on our own fd into a local buffer.
        unsafe {
            let r = libc::poll(&mut pfd, 1, wait.as_millis() as libc::c_int);
            if r <= 0 {
                return true;
            }
            let mut buf = [0u8; 4096];
            let n = libc::read(master.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len());
            if n > 0 {
                out.extend_from_slice(&buf[..n as usize]);
                true
            } else {
                n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
            }
        }
    }

    fn type_in(master: &OwnedFd, bytes: &[u8]) {
        let mut off = 0;
        while off < bytes.len() {
            // SAFETY: write from a live slice to our own fd.
            let n = unsafe {
                libc::write(
                    master.as_raw_fd(),
                    bytes[off..].as_ptr().cast(),
                    bytes.len() - off,
                )
            };
            if n <= 0 {
                return; // the child is gone: nothing more to type
            }
            off += n as usize;
        }
    }

    fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
        if needle.is_empty() {
            return Some(from);
        }
        hay.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| from + p)
    }

    /// Runs `cmd` on a new pty following `steps`; returns (exit code, transcript).
    /// A prompt that never comes while the child lives, or a child that does
    /// not end, fails the test after `timeout` with the transcript so far.
    pub fn run(
        mut cmd: Command,
        steps: &[PtyStep],
        piped_stdin: Option<&[u8]>,
        timeout: Duration,
        describe: impl Fn() -> String,
    ) -> (i32, Vec<u8>) {
        let (master, slave) = open_pair();
        let dup = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup pty slave"));
        match piped_stdin {
            None => cmd.stdin(dup(&slave)),
            Some(_) => cmd.stdin(Stdio::piped()),
        };
        cmd.stdout(dup(&slave)).stderr(dup(&slave));
        // After the harness's own hook (umask, setsid): make the pty, already
        // on fd 2, the controlling terminal of the new session.
        // SAFETY: ioctl(2) is async-signal-safe.
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(|| {
                if libc::ioctl(2, libc::TIOCSCTTY, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot spawn {:?} on a pty: {e}", cmd.get_program()));
        let tty = rdev(&slave);
        let pid = child.id();
        // Only the child may hold the slave now, so that its exit ends the terminal.
        drop(cmd);
        drop(slave);
        let writer = piped_stdin.map(|bytes| {
            let mut stdin = child.stdin.take().expect("piped stdin");
            let bytes = bytes.to_vec();
            std::thread::spawn(move || {
                use std::io::Write;
                let _ = stdin.write_all(&bytes); // then dropped: EOF
            })
        });

        let start = Instant::now();
        let mut out = Vec::new();
        let mut open = true;
        let mut pos = 0;
        let fail = |out: &[u8], child: &mut std::process::Child, what: String| -> ! {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{what} after {timeout:?}\n{}--- terminal so far ---\n{}",
                describe(),
                String::from_utf8_lossy(out)
            );
        };
        for step in steps {
            let needle = step.prompt.as_bytes();
            let found = loop {
                if let Some(p) = find(&out, needle, pos) {
                    break Some(p);
                }
                if !open {
                    break None;
                }
                if start.elapsed() > timeout {
                    fail(
                        &out,
                        &mut child,
                        format!("terminal: no prompt {:?}", step.prompt),
                    );
                }
                open = pump(&master, &mut out, Duration::from_millis(20));
            };
            let Some(p) = found else {
                break; // the program ended before this prompt: the transcripts tell
            };
            pos = p + needle.len();
            // Typed only once the program waits for it (see the module doc:
            // a ^C typed between the prompt and the read would be lost).
            while open && !reading_terminal(pid, tty) {
                if start.elapsed() > timeout {
                    fail(
                        &out,
                        &mut child,
                        format!("terminal: never read after prompt {:?}", step.prompt),
                    );
                }
                open = pump(&master, &mut out, Duration::from_millis(2));
            }
            if !open {
                break; // the program ended without reading: the transcripts tell
            }
            type_in(&master, &step.send);
        }
        while open {
            if start.elapsed() > timeout {
                fail(&out, &mut child, "terminal: the program did not end".into());
            }
            open = pump(&master, &mut out, Duration::from_millis(20));
        }
        let status = loop {
            if let Some(st) = child.try_wait().expect("wait") {
                break st;
            }
            if start.elapsed() > timeout {
                fail(
                    &out,
                    &mut child,
                    "terminal closed but the program did not exit".into(),
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        if let Some(w) = writer {
            let _ = w.join();
        }
        use std::os::unix::process::ExitStatusExt;
        let code = status
            .code()
            .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
        (code, out)
    }
}

fn collect_files(root: &Path, dir: &Path, out: &mut BTreeMap<String, (u32, Vec<u8>)>) {
    use std::os::unix::fs::PermissionsExt;
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        let md = std::fs::symlink_metadata(&p).unwrap();
        if md.is_dir() {
            collect_files(root, &p, out);
        } else if md.is_file() {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            out.insert(
                rel,
                (md.permissions().mode() & 0o7777, std::fs::read(&p).unwrap()),
            );
        }
    }
}

/// S quoted for a POSIX shell where it needs quoting.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=,@+%".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

// ---------------------------------------------------------------------------
// Masking primitives (pure functions; unit-tested in tests/suite/harness_selftest.rs)
// ---------------------------------------------------------------------------

fn replace_all(hay: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    if needle.is_empty() {
        return hay.to_vec();
    }
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

/// Replaces each of `roots` (longest first) by [`TMP_TOKEN`].
pub fn mask_tmp(data: &[u8], roots: &[String]) -> Vec<u8> {
    let mut roots: Vec<&String> = roots.iter().filter(|r| !r.is_empty()).collect();
    roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
    let mut d = data.to_vec();
    for r in roots {
        d = replace_all(&d, r.as_bytes(), TMP_TOKEN.as_bytes());
    }
    d
}

/// Splits into lines keeping the `\n` terminators (last line may lack one).
fn lines_with_nl(data: &[u8]) -> Vec<&[u8]> {
    data.split_inclusive(|&b| b == b'\n').collect()
}

/// Each line made only of `.`, `+`, `*` (the genpkey_cb progress characters)
/// and ended by `\n` becomes `<progress>\n`. One line per prime is printed, so
/// the line count is kept and compared. On a terminal the line ends in
/// `\r\n`, which is kept: `<progress>\r\n`.
pub fn mask_progress(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for line in lines_with_nl(data) {
        let body = line.strip_suffix(b"\n");
        let (body, cr) = match body {
            Some(b) => match b.strip_suffix(b"\r") {
                Some(b) => (Some(b), &b"\r"[..]),
                None => (Some(b), &b""[..]),
            },
            None => (None, &b""[..]),
        };
        match body {
            Some(b) if !b.is_empty() && b.iter().all(|c| b".+*".contains(c)) => {
                out.extend_from_slice(b"<progress>");
                out.extend_from_slice(cr);
                out.push(b'\n');
            }
            _ => out.extend_from_slice(line),
        }
    }
    out
}

/// `40B7A1D1B67F0000:error:...` -> `<tid>:error:...` (the thread id differs
/// per process). The rest of the line, including OpenSSL's source file and
/// line, is kept.
pub fn mask_tids(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for line in lines_with_nl(data) {
        let n = line.iter().take_while(|c| c.is_ascii_hexdigit()).count();
        let rest = &line[n..];
        if (1..=16).contains(&n) && (rest.starts_with(b":error:") || rest.starts_with(b":warning:"))
        {
            out.extend_from_slice(b"<tid>");
            out.extend_from_slice(rest);
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

/// An indented line of `xx:xx:...` hex pairs (openssl's `-text` dumps, and the
/// one-line `AB:CD:...` key identifiers, optionally after `keyid:`).
pub fn is_hex_dump_line(line: &str) -> bool {
    let indent = line.len() - line.trim_start().len();
    if indent < 4 {
        return false;
    }
    let t = line.trim();
    let t = t.strip_prefix("keyid:").unwrap_or(t);
    let t = t.strip_suffix(':').unwrap_or(t);
    !t.is_empty()
        && t.split(':')
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Parses openssl's `Mmm dd hh:mm:ss yyyy GMT` into Unix seconds.
pub fn parse_openssl_time(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.len() != 5 || parts[4] != "GMT" {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mon = MONTHS.iter().position(|m| *m == parts[0])? as i64 + 1;
    let day: i64 = parts[1].parse().ok()?;
    let year: i64 = parts[3].parse().ok()?;
    let hms: Vec<i64> = parts[2]
        .split(':')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    if hms.len() != 3 {
        return None;
    }
    // days_from_civil (H. Hinnant)
    let y = if mon <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (mon + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    Some(days * 86400 + hms[0] * 3600 + hms[1] * 60 + hms[2])
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Masks the random parts of openssl-style text (`-text` output, descriptions)
/// according to `m`. Without any mask it is the identity.
pub fn mask_text(text: &str, m: &Masks) -> String {
    if !m.any() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut not_before: Option<i64> = None;
    // What a run of hex-dump lines that follows should become, if masked.
    let mut pending: Option<&str> = None;
    let mut in_masked_run = false;
    // Indent of the line that opened a signature while its (more indented)
    // dump lasts: DSA prints `r:`/`s:` labels and RSA-PSS its parameters
    // between the hex runs, which are kept while the hex stays masked. 3.0
    // and later open the dump with "Signature Value:"; 1.1.1 has no such
    // line, its dump follows the outer "Signature Algorithm: ..." (after
    // RSA-PSS's parameters and a blank line). A "Signature Algorithm:"
    // opens a region in both layouts: in 3.x the "Signature Value:" that
    // follows at the same indent opens the next one, and the one inside a
    // certificate's TBS part is followed by "Issuer:", never by hex.
    let mut sig_indent: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let nl = if line.ends_with('\n') { "\n" } else { "" };
        let indent = &body[..body.len() - body.trim_start().len()];
        let t = body.trim();

        if is_hex_dump_line(body) {
            let token = pending.or(if m.fresh_key { Some("<hex>") } else { None });
            if let Some(tok) = token {
                if !in_masked_run {
                    out.push_str(indent);
                    out.push_str(tok);
                    out.push_str(nl);
                    in_masked_run = true;
                }
                continue;
            }
        }
        in_masked_run = false;
        match sig_indent {
            Some(n) if indent.len() > n || t.is_empty() => {
                out.push_str(line);
                continue;
            }
            _ => sig_indent = None,
        }
        pending = None;

        if m.sig() && (t == "Signature Value:" || t.starts_with("Signature Algorithm:")) {
            pending = Some("<signature>");
            sig_indent = Some(indent.len());
        } else if m.fresh_cert && t == "Serial Number:" {
            pending = Some("<serial>");
        } else if m.fresh_cert && t.starts_with("Not Before:") {
            let v = t["Not Before:".len()..].trim();
            if let Some(secs) = parse_openssl_time(v) {
                not_before = Some(secs);
                if (secs - now_secs()).abs() <= 15 * 60 {
                    let _ = write!(out, "{indent}Not Before: <now>{nl}");
                    continue;
                }
            }
        } else if m.fresh_cert && t.starts_with("Not After :") {
            let v = t["Not After :".len()..].trim();
            if let (Some(a), Some(b)) = (parse_openssl_time(v), not_before) {
                let span = a - b;
                let days = (span as f64 / 86400.0).round() as i64;
                if (span - days * 86400).abs() <= 2 {
                    let _ = write!(out, "{indent}Not After : <notBefore + {days} days>{nl}");
                } else {
                    let _ = write!(out, "{indent}Not After : <notBefore + {span} s>{nl}");
                }
                continue;
            }
        } else if m.fresh_key && t.starts_with("Modulus=") {
            let _ = write!(out, "{indent}Modulus=<hex>{nl}");
            continue;
        } else if m.fresh_key && !modulus_hex(t).is_empty() {
            // 1.1.1's -modulus writes "Modulus=" and the newline to stdout
            // and only the hex (BN_print) to -out: the file starts with it.
            let rest = &t[modulus_hex(t).len()..];
            let _ = write!(out, "{indent}<hex>{rest}{nl}");
            continue;
        }
        out.push_str(line);
    }
    out
}

/// The hex modulus at the start of `t` (upper-case digits, as `BN_print`
/// writes them, at least a 512-bit key's), or "" for none.
fn modulus_hex(t: &str) -> &str {
    let n = t
        .bytes()
        .take_while(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F'))
        .count();
    if n >= 128 { &t[..n] } else { "" }
}

/// Masks applied to stdout/stderr text of both sides regardless of the case.
pub fn mask_stream(data: &[u8]) -> Vec<u8> {
    mask_tids(&mask_progress(data))
}

// ---------------------------------------------------------------------------
// Structural description of PEM / DER objects (only used under masks)
// ---------------------------------------------------------------------------

/// Runs the real openssl as a filter (stdin -> stdout) for describing objects.
/// Returns (exit code, stdout, stderr-with-tids-masked).
pub fn openssl_filter(args: &[&str], input: &[u8]) -> (i32, String, String) {
    let mut cmd = Command::new(openssl_path());
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let (code, o, e) = run_with_timeout(cmd, input.to_vec(), DEFAULT_TIMEOUT, || {
        format!("helper: openssl {args:?}\n")
    });
    (
        code,
        String::from_utf8_lossy(&o).into_owned(),
        String::from_utf8_lossy(&mask_tids(&e)).into_owned(),
    )
}

/// Per-outcome state while describing: numbers distinct public keys K1, K2...
/// in order of appearance, so "the CSR carries the key written to -keyout" is
/// checked without comparing key bytes across sides.
struct Describer<'a> {
    masks: Masks,
    key_pass: Option<&'a str>,
    keys: Vec<String>,
    /// All certificates (PEM) seen in the outcome, as candidate issuers.
    certs: Vec<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Csr,
    Cert,
    PrivKey,
    EncPrivKey,
    PubKey,
    Other,
}

fn kind_of(label: &str) -> Kind {
    match label {
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => Kind::Csr,
        "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" => Kind::Cert,
        "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "DSA PRIVATE KEY" => Kind::PrivKey,
        "ENCRYPTED PRIVATE KEY" => Kind::EncPrivKey,
        "PUBLIC KEY" => Kind::PubKey,
        _ => Kind::Other,
    }
}

fn failed(what: &str, code: i32, err: &str) -> String {
    format!(
        "<{what} failed: exit {code}: {}>\n",
        err.lines().next().unwrap_or("").trim()
    )
}

impl<'a> Describer<'a> {
    fn key_token(&mut self, pubkey_pem: &str) -> String {
        let k = pubkey_pem.trim().to_string();
        if k.is_empty() {
            return "?".into();
        }
        let i = match self.keys.iter().position(|x| *x == k) {
            Some(i) => i,
            None => {
                self.keys.push(k);
                self.keys.len() - 1
            }
        };
        format!("K{}", i + 1)
    }

    /// Whether an object of this kind must be described rather than compared
    /// byte for byte, given the case's masks.
    fn wants(&self, kind: Kind, encrypted_headers: bool) -> bool {
        let m = self.masks;
        match kind {
            Kind::EncPrivKey => true, // random salt/IV, always
            Kind::PrivKey => m.fresh_key || encrypted_headers,
            Kind::PubKey => m.fresh_key,
            Kind::Csr => m.fresh_key || m.sig(),
            Kind::Cert => m.any(),
            Kind::Other => false,
        }
    }

    /// `input` is a PEM block (text) or DER bytes (`der == true`).
    fn describe(&mut self, kind: Kind, input: &[u8], der: bool) -> String {
        let inform: &[&str] = if der { &["-inform", "DER"] } else { &[] };
        let with = |base: &[&str]| -> Vec<String> {
            base.iter()
                .chain(inform.iter())
                .map(|s| s.to_string())
                .collect()
        };
        let run = |args: Vec<String>, input: &[u8]| {
            let a: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
            openssl_filter(&a, input)
        };
        let m = self.masks;
        let mut d = String::new();
        match kind {
            Kind::Csr => {
                let (c, o, e) = run(with(&["req", "-noout", "-text"]), input);
                d += &if c == 0 {
                    mask_text(&o, &m)
                } else {
                    failed("req -text", c, &e)
                };
                // `req -verify` exits 0 even when the signature is bad in
                // 1.1.1 and 3.0 (it only prints "...verify failure"), so its
                // message is what counts: on stderr in 1.1.1 ("verify OK")
                // and 3.0, on stdout since 3.2, and nothing else may be said
                // (3.2 warns on stderr of a bad signature).
                let (c, o, e) = run(with(&["req", "-noout", "-verify"]), input);
                // 3.2 and 3.3 say on every run without -in (not only on a
                // terminal, as since 3.4) that the request comes from stdin.
                let e = e.replace(
                    "Warning: Will read cert request from stdin since no -in option is given\n",
                    "",
                );
                let said = format!("{o}{e}");
                let verdict = match said.trim() {
                    "Certificate request self-signature verify OK" | "verify OK" if c == 0 => {
                        "verified".to_string()
                    }
                    other => format!("NOT verified (exit {c}): {}", other.replace('\n', " / ")),
                };
                let _ = writeln!(d, "self-signature: {verdict}");
                if m.fresh_key {
                    let (_, o, _) = run(with(&["req", "-noout", "-pubkey"]), input);
                    let _ = writeln!(d, "public key: {}", self.key_token(&o));
                }
            }
            Kind::Cert => {
                let (c, o, e) = run(with(&["x509", "-noout", "-text"]), input);
                d += &if c == 0 {
                    mask_text(&o, &m)
                } else {
                    failed("x509 -text", c, &e)
                };
                let _ = writeln!(d, "verify: {}", self.verify_cert(input, der));
                if m.fresh_key {
                    let (_, o, _) = run(with(&["x509", "-noout", "-pubkey"]), input);
                    let _ = writeln!(d, "public key: {}", self.key_token(&o));
                }
            }
            Kind::PrivKey | Kind::EncPrivKey => {
                let encrypted =
                    kind == Kind::EncPrivKey || input.windows(9).any(|w| w == b"Proc-Type");
                if encrypted {
                    d += &describe_encryption(input, der);
                }
                let pass = match (encrypted, self.key_pass) {
                    (false, _) => Some(String::new()),
                    (true, Some(p)) => Some(p.to_string()),
                    (true, None) => None,
                };
                if let Some(p) = pass {
                    let mut base = with(&["pkey", "-noout", "-text"]);
                    base.extend(["-passin".into(), format!("pass:{p}")]);
                    let (c, o, e) = run(base, input);
                    d += &if c == 0 {
                        mask_text(&o, &m)
                    } else {
                        failed("pkey -text", c, &e)
                    };
                    if m.fresh_key {
                        let mut base = with(&["pkey", "-pubout"]);
                        base.extend(["-passin".into(), format!("pass:{p}")]);
                        let (_, o, _) = run(base, input);
                        let _ = writeln!(d, "public key: {}", self.key_token(&o));
                    }
                }
            }
            Kind::PubKey => {
                let (c, o, e) = run(with(&["pkey", "-pubin", "-noout", "-text"]), input);
                d += &if c == 0 {
                    mask_text(&o, &m)
                } else {
                    failed("pkey -pubin -text", c, &e)
                };
                if m.fresh_key {
                    let (_, o, _) = run(with(&["pkey", "-pubin", "-pubout"]), input);
                    let _ = writeln!(d, "public key: {}", self.key_token(&o));
                }
            }
            Kind::Other => d += &String::from_utf8_lossy(input),
        }
        d
    }

    /// `openssl verify` against the other certificates of the outcome (and the
    /// certificate itself when self-issued), checking self-signatures too.
    fn verify_cert(&self, input: &[u8], der: bool) -> String {
        let pem = if der {
            let (c, o, e) = openssl_filter(&["x509", "-inform", "DER"], input);
            if c != 0 {
                return failed("x509 -inform DER", c, &e);
            }
            o
        } else {
            String::from_utf8_lossy(input).into_owned()
        };
        let (_, subj, _) = openssl_filter(
            &["x509", "-noout", "-subject", "-nameopt", "RFC2253"],
            pem.as_bytes(),
        );
        let (_, iss, _) = openssl_filter(
            &["x509", "-noout", "-issuer", "-nameopt", "RFC2253"],
            pem.as_bytes(),
        );
        let self_issued =
            subj.trim().strip_prefix("subject=") == iss.trim().strip_prefix("issuer=");
        let me = pem.trim();
        let mut cafile: String = self
            .certs
            .iter()
            .filter(|c| c.trim() != me)
            .map(|c| format!("{}\n", c.trim()))
            .collect();
        if self_issued {
            cafile += &format!("{me}\n");
        }
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("ca.pem");
        let leaf = dir.path().join("cert.pem");
        std::fs::write(&ca, cafile).unwrap();
        std::fs::write(&leaf, &pem).unwrap();
        // Only the certificates given: no directory, no store (1.1.1 has
        // no stores, nor `-no-CAstore`).
        let mut args = vec!["verify", "-no-CApath"];
        if line_at_least("3.0") {
            args.push("-no-CAstore");
        }
        args.extend([
            "-check_ss_sig",
            "-CAfile",
            ca.to_str().unwrap(),
            leaf.to_str().unwrap(),
        ]);
        let (c, o, e) = openssl_filter(&args, b"");
        let leaf_s = leaf.to_string_lossy();
        if c == 0 {
            "OK".into()
        } else {
            let msg: Vec<String> = format!("{o}{e}")
                .lines()
                .filter(|l| l.starts_with("error"))
                .map(|l| l.replace(&*leaf_s, "CERT"))
                .collect();
            format!("exit {c}: {}", msg.join(" / "))
        }
    }
}

/// Structure of an encrypted key with the random parts (salt, IV, ciphertext)
/// masked: PBES2/PBKDF2/cipher OIDs and the iteration count remain. For a
/// traditional `Proc-Type: 4,ENCRYPTED` PEM, the headers with the IV masked.
pub fn describe_encryption(input: &[u8], der: bool) -> String {
    let text = String::from_utf8_lossy(input);
    if !der && text.contains("Proc-Type:") {
        let mut d = String::from("encryption (traditional PEM headers):\n");
        for l in text
            .lines()
            .filter(|l| l.contains(':') && !l.starts_with("-----"))
        {
            match l.split_once(',') {
                Some((k, _)) if l.starts_with("DEK-Info:") => {
                    let _ = writeln!(d, "  {k},<iv>");
                }
                _ => {
                    let _ = writeln!(d, "  {l}");
                }
            }
        }
        return d;
    }
    let args: &[&str] = if der {
        &["asn1parse", "-inform", "DER"]
    } else {
        &["asn1parse"]
    };
    let (c, o, e) = openssl_filter(args, input);
    if c != 0 {
        return failed("asn1parse", c, &e);
    }
    let mut d = String::from("encryption (asn1parse, offsets/lengths/random bytes masked):\n");
    for l in o.lines() {
        // "   34:d=5  hl=2 l=   8 prim: OCTET STRING      [HEX DUMP]:F96A..."
        let Some((_, rest)) = l.split_once(":d=") else {
            continue;
        };
        let depth: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        let Some(pos) = rest.find("cons:").or_else(|| rest.find("prim:")) else {
            continue;
        };
        let body = &rest[pos..];
        let (ty, val) = match body[5..].split_once(':') {
            Some((t, v)) => (t.trim(), Some(v)),
            None => (body[5..].trim(), None),
        };
        // Every OCTET STRING of an encrypted key (salt, IV, the ciphertext)
        // is random. asn1parse prints one as "[HEX DUMP]:..." unless all its
        // bytes happen to be printable: then as raw text, which may even hold
        // a newline (about one 8-byte salt in two thousand). So the length
        // comes from the header's "l=", never from the value.
        let header_len = || {
            rest[..pos]
                .split_once(" l=")
                .and_then(|(_, l)| l.split_whitespace().next())
                .and_then(|l| l.parse::<usize>().ok())
        };
        let val = match val {
            Some(_) if ty.trim_end_matches("[HEX DUMP]").trim() == "OCTET STRING" => {
                let n = header_len().map_or("?".to_string(), |n| n.to_string());
                if depth == "1" {
                    "<ciphertext>".to_string()
                } else {
                    format!("<{n} random bytes>")
                }
            }
            Some(v) => v.to_string(),
            None => String::new(),
        };
        let ty = ty.trim_end_matches("[HEX DUMP]").trim();
        let _ = writeln!(d, "  d={depth} {} {ty} {val}", &body[..4]);
    }
    d
}

/// Parses PEM blocks: returns (label, full block text including BEGIN/END
/// lines, byte range) in order.
pub fn pem_blocks(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = text[i..].find("-----BEGIN ") {
        let start = i + off;
        let after = start + "-----BEGIN ".len();
        let Some(lend) = text[after..].find("-----") else {
            break;
        };
        let label = &text[after..after + lend];
        let end_marker = format!("-----END {label}-----");
        let Some(e) = text[after..].find(&end_marker) else {
            break;
        };
        let mut end = after + e + end_marker.len();
        if text[end..].starts_with('\n') {
            end += 1;
        }
        out.push((label.to_string(), start..end));
        i = end;
    }
    out
}

impl Describer<'_> {
    /// Normalizes one stream or file: PEM blocks that need it are replaced by
    /// `-----BEGIN X----- (described)` + description; DER objects likewise;
    /// the surrounding text goes through [`mask_text`].
    fn content(&mut self, data: &[u8]) -> Vec<u8> {
        if !self.masks.any()
            && !data
                .windows(21)
                .any(|w| w == b"ENCRYPTED PRIVATE KEY" || w.starts_with(b"Proc-Type: 4,ENCRYPT"))
        {
            return data.to_vec();
        }
        let text = std::str::from_utf8(data).ok().filter(|t| !t.contains('\0'));
        match text {
            Some(text) => {
                let mut out = String::new();
                let mut last = 0;
                for (label, r) in pem_blocks(text) {
                    out += &mask_text(&text[last..r.start], &self.masks);
                    let block = &text[r.clone()];
                    let kind = kind_of(&label);
                    if self.wants(kind, block.contains("Proc-Type:")) {
                        let _ = writeln!(out, "-----BEGIN {label}----- (described)");
                        out += &self.describe(kind, block.as_bytes(), false);
                        let _ = writeln!(out, "-----END {label}-----");
                    } else {
                        out += block;
                    }
                    last = r.end;
                }
                out += &mask_text(&text[last..], &self.masks);
                out.into_bytes()
            }
            None if data.first() == Some(&0x30) && self.masks.any() => {
                // DER: find out what it is by asking openssl, most specific first.
                for (kind, args) in [
                    (Kind::Csr, &["req", "-inform", "DER", "-noout"][..]),
                    (Kind::Cert, &["x509", "-inform", "DER", "-noout"][..]),
                    (
                        Kind::PrivKey,
                        &["pkey", "-inform", "DER", "-noout", "-passin", "pass:"][..],
                    ),
                    (
                        Kind::PubKey,
                        &["pkey", "-pubin", "-inform", "DER", "-noout"][..],
                    ),
                ] {
                    if openssl_filter(args, data).0 == 0 && self.wants(kind, false) {
                        let mut out = String::from("<DER, described>\n");
                        out += &self.describe(kind, data, true);
                        return out.into_bytes();
                    }
                }
                data.to_vec()
            }
            None if self.masks.any() => match text_then_der(data) {
                // `-text -outform DER`: the text, then the object; each is
                // masked as it would be alone (the validity times of two
                // runs a second apart differ in both).
                Some(split) => {
                    let mut out = self.content(&data[..split]);
                    out.extend(self.content(&data[split..]));
                    out
                }
                None => data.to_vec(),
            },
            None => data.to_vec(),
        }
    }
}

/// Where the DER object starts in a file of text followed by DER (the text
/// ends with a newline; the object is a SEQUENCE, 0x30), if it is one.
fn text_then_der(data: &[u8]) -> Option<usize> {
    let valid = match std::str::from_utf8(data) {
        Ok(_) => return None,
        Err(e) => e.valid_up_to(),
    };
    let split = data[..valid].iter().rposition(|&b| b == b'\n')? + 1;
    (data.get(split) == Some(&0x30)).then_some(split)
}

/// An outcome with every mask applied: what is actually compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub files: BTreeMap<String, (u32, Vec<u8>)>,
}

impl<'a> Describer<'a> {
    fn new(o: &Outcome, masks: &Masks, key_pass: Option<&'a str>) -> Self {
        let mut certs = Vec::new();
        for data in std::iter::once(&o.stdout).chain(o.files.values().map(|(_, d)| d)) {
            if let Ok(t) = std::str::from_utf8(data) {
                for (label, r) in pem_blocks(t) {
                    if kind_of(&label) == Kind::Cert {
                        certs.push(t[r].to_string());
                    }
                }
            }
        }
        Describer {
            masks: *masks,
            key_pass,
            keys: Vec::new(),
            certs,
        }
    }
}

/// Stderr after the masks. The text masks work on UTF-8; bytes that are not
/// UTF-8 (a name echoed from a Latin-1 config) are compared as they are, so
/// that a re-encoded byte is still a difference.
fn stderr_norm(e: &[u8], masks: &Masks) -> Vec<u8> {
    let streamed = mask_stream(e);
    match std::str::from_utf8(&streamed) {
        Ok(text) => mask_text(text, masks).into_bytes(),
        Err(_) => streamed,
    }
}

/// One outcome with every mask applied (for inspection and the self-test;
/// [`compare`] does the same per item, skipping items equal byte for byte).
pub fn normalize(o: &Outcome, masks: &Masks, key_pass: Option<&str>) -> Normalized {
    let mut d = Describer::new(o, masks, key_pass);
    // Order matters for key numbering: stdout first, then files by name.
    let stdout = d.content(&mask_stream(&o.stdout));
    let files = o
        .files
        .iter()
        .map(|(k, (mode, data))| (k.clone(), (*mode, d.content(data))))
        .collect();
    Normalized {
        code: o.code,
        stdout,
        stderr: stderr_norm(&o.stderr, masks),
        files,
    }
}

/// Normalizes both outcomes in step. Items already equal byte for byte (after
/// the stream masks) are kept as they are on both sides: that is stricter than
/// describing them, and cheaper. Both describers see the same sequence of
/// differing items, so key numbers K1, K2... stay comparable.
pub fn normalize_pair(
    a: &Outcome,
    b: &Outcome,
    masks: &Masks,
    key_pass: Option<&str>,
) -> (Normalized, Normalized) {
    let mut da = Describer::new(a, masks, key_pass);
    let mut db = Describer::new(b, masks, key_pass);
    let mut step = |x: &[u8], y: &[u8]| -> (Vec<u8>, Vec<u8>) {
        if x == y {
            (x.to_vec(), y.to_vec())
        } else {
            (da.content(x), db.content(y))
        }
    };
    let (sa, sb) = step(&mask_stream(&a.stdout), &mask_stream(&b.stdout));
    let mut fa = BTreeMap::new();
    let mut fb = BTreeMap::new();
    let names: std::collections::BTreeSet<&String> = a.files.keys().chain(b.files.keys()).collect();
    for n in names {
        match (a.files.get(n), b.files.get(n)) {
            (Some((ma, x)), Some((mb, y))) => {
                let (x, y) = step(x, y);
                fa.insert(n.clone(), (*ma, x));
                fb.insert(n.clone(), (*mb, y));
            }
            (Some((ma, x)), None) => {
                fa.insert(n.clone(), (*ma, x.clone()));
            }
            (None, Some((mb, y))) => {
                fb.insert(n.clone(), (*mb, y.clone()));
            }
            (None, None) => unreachable!(),
        }
    }
    (
        Normalized {
            code: a.code,
            stdout: sa,
            stderr: stderr_norm(&a.stderr, masks),
            files: fa,
        },
        Normalized {
            code: b.code,
            stdout: sb,
            stderr: stderr_norm(&b.stderr, masks),
            files: fb,
        },
    )
}

// ---------------------------------------------------------------------------
// Comparison and reporting
// ---------------------------------------------------------------------------

/// Compares two outcomes of `case` (openssl first, ours second) after masking.
/// `Err` holds a human-readable report.
/// Exit code, stdout and stderr compared as [`compare`] does; the files left
/// behind are not (a deliberate difference: the test checks them itself).
#[track_caller]
pub fn assert_same_streams(case: &Case, openssl: &Outcome, ours: &Outcome) {
    let streams = |o: &Outcome| Outcome {
        files: BTreeMap::new(),
        ..o.clone()
    };
    if let Err(report) = compare(case, &streams(openssl), &streams(ours)) {
        panic!("{report}(files not compared: a deliberate difference)\n");
    }
}

/// Runs `program` on the case as an unprivileged user: as root, through a
/// shell that hands the run dir to uid 65534 (except `root_owned`, which stay
/// root's) and drops to it with setpriv.
pub fn run_unprivileged(case: &Case, root_owned: &[&str], program: &[&str]) -> Outcome {
    if !running_as_root() {
        return case.run_program(program);
    }
    let script = format!(
        "chmod 755 . && chown -R 65534:65534 . {} && \
         exec setpriv --reuid=65534 --regid=65534 --clear-groups \"$@\"",
        root_owned
            .iter()
            .map(|f| format!("&& chown 0:0 '{f}' "))
            .collect::<String>()
    );
    let mut prefix = vec!["sh", "-c", script.as_str(), "sh"];
    prefix.extend_from_slice(program);
    case.run_program(&prefix)
}

pub fn compare(case: &Case, openssl: &Outcome, ours: &Outcome) -> Result<(), String> {
    let (a, b) = normalize_pair(openssl, ours, &case.masks, case.key_pass.as_deref());
    let report = diff_normalized(&a, &b);
    if report.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "\n===== openssl req and openssl-req differ =====\n{}{report}(- openssl, + ours; after masking)\n",
            case.describe()
        ))
    }
}

/// Empty when equal; otherwise one section per difference.
pub fn diff_normalized(a: &Normalized, b: &Normalized) -> String {
    let mut r = String::new();
    if a.code != b.code {
        let _ = writeln!(r, "--- exit code: openssl {} vs ours {}", a.code, b.code);
    }
    if a.stdout != b.stdout {
        let _ = writeln!(
            r,
            "--- stdout differs:\n{}",
            diff_bytes(&a.stdout, &b.stdout)
        );
    }
    if a.stderr != b.stderr {
        let _ = writeln!(
            r,
            "--- stderr differs:\n{}",
            diff_bytes(&a.stderr, &b.stderr)
        );
    }
    let names: std::collections::BTreeSet<&String> = a.files.keys().chain(b.files.keys()).collect();
    for n in names {
        match (a.files.get(n), b.files.get(n)) {
            (Some((m, d)), None) => {
                let _ = writeln!(
                    r,
                    "--- file {n}: written by openssl (mode {m:04o}, {} bytes), missing from ours:\n{}",
                    d.len(),
                    diff_bytes(d, b"")
                );
            }
            (None, Some((m, d))) => {
                let _ = writeln!(
                    r,
                    "--- file {n}: only ours wrote it (mode {m:04o}, {} bytes):\n{}",
                    d.len(),
                    diff_bytes(b"", d)
                );
            }
            (Some((ma, da)), Some((mb, db))) => {
                if ma != mb {
                    let _ = writeln!(
                        r,
                        "--- file {n}: mode differs: openssl {ma:04o} vs ours {mb:04o}"
                    );
                }
                if da != db {
                    let _ = writeln!(r, "--- file {n}: contents differ:\n{}", diff_bytes(da, db));
                }
            }
            (None, None) => unreachable!(),
        }
    }
    r
}

/// Text as lines; binary as a hex dump (16 bytes a line), so one line diff
/// serves both.
fn to_lines(d: &[u8]) -> Vec<String> {
    let printable = std::str::from_utf8(d).is_ok_and(|s| !s.contains('\0'));
    if printable {
        String::from_utf8_lossy(d)
            .split_inclusive('\n')
            .map(|l| format!("{l:?}"))
            .collect()
    } else {
        d.chunks(16)
            .enumerate()
            .map(|(i, c)| {
                let hex: Vec<String> = c.iter().map(|b| format!("{b:02x}")).collect();
                format!("{:06x}: {}", i * 16, hex.join(" "))
            })
            .collect()
    }
}

/// A line diff (LCS) with runs of equal lines collapsed. Lines are shown
/// Rust-escaped so trailing spaces, missing newlines and control characters
/// are visible.
pub fn diff_bytes(a: &[u8], b: &[u8]) -> String {
    let (la, lb) = (to_lines(a), to_lines(b));
    let (n, m) = (la.len(), lb.len());
    let mut ops: Vec<(char, &str)> = Vec::new();
    if n * m <= 4_000_000 {
        let mut t = vec![vec![0u32; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                t[i][j] = if la[i] == lb[j] {
                    t[i + 1][j + 1] + 1
                } else {
                    t[i + 1][j].max(t[i][j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && la[i] == lb[j] {
                ops.push((' ', &la[i]));
                i += 1;
                j += 1;
            } else if i < n && (j == m || t[i + 1][j] >= t[i][j + 1]) {
                ops.push(('-', &la[i]));
                i += 1;
            } else {
                ops.push(('+', &lb[j]));
                j += 1;
            }
        }
    } else {
        ops.extend(la.iter().map(|l| ('-', l.as_str())));
        ops.extend(lb.iter().map(|l| ('+', l.as_str())));
    }
    const CONTEXT: usize = 3;
    let mut s = String::new();
    let mut k = 0;
    while k < ops.len() {
        if ops[k].0 == ' ' {
            let run_end = ops[k..]
                .iter()
                .position(|o| o.0 != ' ')
                .map_or(ops.len(), |p| k + p);
            let head = if k == 0 { 0 } else { CONTEXT };
            let tail = if run_end == ops.len() { 0 } else { CONTEXT };
            if run_end - k > head + tail + 1 {
                for o in &ops[k..k + head] {
                    let _ = writeln!(s, "  {}", o.1);
                }
                let _ = writeln!(s, "  ... ({} equal lines)", run_end - k - head - tail);
                for o in &ops[run_end - tail..run_end] {
                    let _ = writeln!(s, "  {}", o.1);
                }
            } else {
                for o in &ops[k..run_end] {
                    let _ = writeln!(s, "  {}", o.1);
                }
            }
            k = run_end;
        } else {
            let _ = writeln!(s, "{} {}", ops[k].0, ops[k].1);
            k += 1;
        }
    }
    s
}

// ---------------------------------------------------------------------------
// Release lines: what the reference of each line says differently
// ---------------------------------------------------------------------------
//
// Tests that assert the reference's own text (besides the differential
// comparison) state it for every line, with these helpers.

/// The value for our build from `(release, value)` pairs in ascending order
/// of version (compared as versions): the value of the last pair whose
/// release is not after ours. A release is a line ("3.2", its first
/// release) or, for a change that came with a patch release, a full
/// version ("3.4.2"). So `by_line([("3.0", a), ("3.2", b)])` is `a` on 3.0
/// and 3.1 and `b` from 3.2 on; `by_line([("3.0", a), ("3.2", b), ("4.0",
/// c)])` is `b` on 3.2 to 3.6 only.
///
/// 1.1.1 is a line like the others, before 3.0: `by_line([("1.1.1", x),
/// ("3.0", a), ("3.2", b)])` is `x` on 1.1.1. Pairs that start at "3.0" do
/// not cover it: on 1.1.1 they panic, asking for a ("1.1.1", ...) pair. The
/// first pair is not stretched back over 1.1.1, because 1.1.1's `req` words
/// nearly every message and many outcomes differently from 3.0's (see
/// RELEASE-LINES.md), and a `by_line` value is not always an expectation
/// checked against the reference: it can choose the arguments of a case,
/// or whether a check runs at all, and 3.0's choice could silently make a
/// 1.1.1 test check less. Each 1.1.1 value is written once, from the 1.1.1
/// reference's own output. Panics when no pair applies.
#[track_caller]
pub fn by_line<T>(values: impl IntoIterator<Item = (Line, T)>) -> T {
    let mut chosen = None;
    let mut last: Option<Version> = None;
    for (l, v) in values {
        let l = version(l);
        assert!(
            last < Some(l),
            "by_line: lines must ascend ({last:?} then {l})"
        );
        last = Some(l);
        if built_version() >= l {
            chosen = Some(v);
        }
    }
    // A match, not unwrap_or_else: a panic in a closure would be located
    // here, not at the caller's by_line.
    match chosen {
        Some(v) => v,
        None => panic!(
            "by_line: no value for line {} (the first pair is for a later line: add a \
             pair for {} with the reference's own value)",
            line(),
            line()
        ),
    }
}

/// The reference's OPENSSLDIR, as `openssl version -d` prints it:
/// `/usr/lib/ssl` for the system's 3.0, `<prefix>/ssl` for a line built by
/// tools/openssl-prefix.
pub fn openssl_dir() -> String {
    static DIR: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let out = Command::new(openssl_path())
            .args(["version", "-d"])
            .output()
            .expect("run openssl version -d");
        let s = String::from_utf8(out.stdout).expect("OPENSSLDIR is UTF-8");
        s.trim()
            .strip_prefix("OPENSSLDIR: \"")
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or_else(|| panic!("unexpected `openssl version -d` output {s:?}"))
            .to_string()
    })
    .clone()
}

/// The default config file the reference (and ours, built against the same
/// libcrypto) reads without `-config` and `OPENSSL_CONF`.
pub fn default_config() -> String {
    format!("{}/openssl.cnf", openssl_dir())
}

/// `-verbose`'s first line with the default config file.
pub fn using_default_config() -> String {
    format!("Using configuration from {}\n", default_config())
}

// ----- expectations that differ by line, shared by several test files ---------

impl Outcome {
    /// stderr as text for a literal expectation: the thread ids of error
    /// lines masked (`<tid>:error:...`) and libcrypto's source file:line
    /// ([`mask_source_lines`]).
    pub fn masked_stderr(&self) -> String {
        mask_source_lines(&String::from_utf8_lossy(&mask_tids(&self.stderr)))
    }
}

/// libcrypto's source file and line in error lines
/// (`...:no start line:crypto/pem/pem_lib.c:763:Expecting: ...`, with `../`
/// in Debian's out-of-tree 3.0 build) -> `<file:line>`. They change with
/// every point release of a line, so an expectation written as a literal
/// says `<file:line>` where libcrypto prints them, and is compared with the
/// output masked ([`Outcome::masked_stderr`], or this on the text);
/// differential comparisons (ours against openssl) keep them exact.
pub fn mask_source_lines(text: &str) -> String {
    let b = text.as_bytes();
    let path_byte = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'/' | b'-');
    let (mut out, mut last, mut from) = (String::new(), 0, 0);
    while let Some(p) = text[from..].find(".c:") {
        let dot = from + p;
        let digits = dot + 3;
        let end = digits
            + b[digits..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
        let start = b[..dot]
            .iter()
            .rposition(|&c| !path_byte(c))
            .map_or(0, |i| i + 1);
        from = end.max(digits);
        if end == digits || start == dot || start < last {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str("<file:line>");
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// stderr with the thread id of every error line masked, also where the
/// error line does not start the line (it follows a prompt or a message
/// printed without a newline): `...text<tid>:error:...`.
pub fn mask_inline_tids(stderr: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in stderr.split_inclusive(|&b| b == b'\n') {
        match line.windows(7).position(|w| w == b":error:") {
            Some(i) => {
                let n = line[..i]
                    .iter()
                    .rev()
                    .take_while(|b| b.is_ascii_hexdigit())
                    .count()
                    .min(16);
                out.extend_from_slice(&line[..i - n]);
                out.extend_from_slice(b"<tid>");
                out.extend_from_slice(&line[i..]);
            }
            None => out.extend_from_slice(line),
        }
    }
    out
}

/// Whether the tests run as root: no permission stops it, and its writes
/// keep a file's set-ID bits (CAP_FSETID).
pub fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The bytes of `fixtures/NAME`.
pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name),
    )
    .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// load_key's first line when the file holds no usable private key:
/// 1.1.1 "unable to load Private Key", without the file (1.1.1 apps.c:
/// load_key, its `key_descrip`); 3.0 and 3.1 "Could not read" (3.0
/// lib/apps.c:1023); 3.2 reworded it "Could not find" (3.5
/// lib/apps.c:1095); 4.0 "Could not find or decode" (4.0 lib/apps.c:1117).
pub fn no_private_key_in(file: &str) -> String {
    let what = by_line([
        ("1.1.1", None),
        ("3.0", Some("Could not read")),
        ("3.2", Some("Could not find")),
        ("4.0", Some("Could not find or decode")),
    ]);
    match what {
        Some(what) => format!("{what} private key from {file}\n"),
        None => "unable to load Private Key\n".to_string(),
    }
}

/// The stream `-verbose`'s "Writing private key to ..." line goes to:
/// stderr through 3.6 (3.5 req.c:737 BIO_printf(bio_err, ...)), stdout since
/// 4.0 (4.0 req.c:713 BIO_puts(bio_out, ...)). 1.1.1 says "writing new
/// private key to ..." on every run that makes a key, `-verbose` or not,
/// on stderr (1.1.1 req.c BIO_printf(bio_err, ...)). Returns (that stream,
/// the other).
pub fn writing_key_streams(o: &Outcome) -> (String, String) {
    by_line([
        ("1.1.1", (o.stderr_str(), o.stdout_str())),
        ("3.0", (o.stderr_str(), o.stdout_str())),
        ("4.0", (o.stdout_str(), o.stderr_str())),
    ])
}

//! What the program takes from the system it runs on, each done the
//! portable way (see README, "Platforms") and checked here where it can
//! run: the arguments from C's `main` (never std's `env::args_os`, which
//! is empty on musl, macOS and the BSDs under our own `main`), with
//! non-UTF-8 bytes kept; closed descriptors 0–2 at start (found with
//! fcntl, reopened on /dev/null); the file standard output goes to, named
//! `/dev/stdout`, `/dev/fd/1` or by its own name, written directly rather
//! than replaced (its device and inode, not a /proc path); and the
//! `openssl` link finding itself through `std::env::current_exe` when
//! argv[0] is a bare name.

use crate::common::*;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `program args` in `dir`, in the harness's environment, stdin empty.
fn command(dir: &Path, program: &Path, args: &[OsString]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args).stdin(Stdio::null());
    run_in(&mut cmd, dir);
    cmd
}

fn words(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

/// A fresh directory holding the fixture `rsa1024.pem`.
fn dir_with_key() -> tempfile::TempDir {
    let d = tempfile::Builder::new()
        .prefix("req-platform-")
        .tempdir()
        .unwrap();
    std::fs::write(d.path().join("rsa1024.pem"), fixture_bytes("rsa1024.pem")).unwrap();
    d
}

/// The code of `rs` with comments dropped, by line.
fn code_lines(rs: &str) -> impl Iterator<Item = &str> {
    rs.lines().map(|l| l.split("//").next().unwrap_or_default())
}

/// Whether Rust code reads std's argument list (`std::env::args`,
/// `args_os`, or either imported from `std::env`).
fn reads_std_args(rs: &str) -> bool {
    code_lines(rs).any(|l| {
        l.contains("args_os")
            || l.contains("env::args")
            || (l.contains("std::env::{") && l.contains("args"))
    })
}

#[test]
fn no_source_reads_std_args() {
    // Under our own C `main` std fills `env::args_os()` only on linux-gnu
    // (a glibc .init_array hook): anywhere else every argument would be
    // lost without a word. The arguments come from main's argc/argv.
    assert!(reads_std_args("    let a = std::env::args_os().collect();"));
    assert!(reads_std_args("use std::env::{self, args};"));
    assert!(reads_std_args("for a in env::args() {"));
    assert!(!reads_std_args("//! never std's `env::args_os()`"));
    let mut files = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    let mut checked = 0;
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.extension() == Some(OsStr::new("rs")) {
            let rs = std::fs::read_to_string(&p).unwrap();
            assert!(
                !reads_std_args(&rs),
                "{} reads std's argument list: take the arguments from C main's argc/argv \
                 (process::args)",
                p.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} source files found");
}

#[test]
fn arguments_with_bytes_that_are_not_utf8() {
    // $ openssl req -new -key rsa1024.pem -subj $'/O=caf\xe9' -utf8 -out $'r\xff.csr'
    // (Latin-1 bytes where UTF-8 is expected: openssl's own error, naming
    // the bytes as given) and the same with a plain subject: a file whose
    // name is not UTF-8.
    for subj in [&b"/O=caf\xe9"[..], b"/CN=x"] {
        let mut outcomes = Vec::new();
        for ours in [false, true] {
            let d = dir_with_key();
            let mut args = words(&["-new", "-key", "rsa1024.pem", "-utf8", "-subj"]);
            args.push(OsStr::from_bytes(subj).into());
            args.push("-out".into());
            args.push(OsStr::from_bytes(b"r\xff.csr").into());
            let out = if ours {
                command(d.path(), &ours_path(), &args).output().unwrap()
            } else {
                let mut args = args.clone();
                args.insert(0, "req".into());
                command(d.path(), &openssl_path(), &args).output().unwrap()
            };
            let file = std::fs::read(d.path().join(OsStr::from_bytes(b"r\xff.csr"))).ok();
            // Error lines start with the thread's id.
            outcomes.push((
                out.status.code(),
                out.stdout,
                mask_inline_tids(&out.stderr),
                file,
            ));
        }
        let stderr = String::from_utf8_lossy(&outcomes[0].2).into_owned();
        assert_eq!(
            outcomes[0], outcomes[1],
            "subject {subj:?}; openssl said {stderr}"
        );
        // Each case shows what it is meant to: the bytes reached both.
        if subj == b"/CN=x" {
            assert_eq!(outcomes[0].0, Some(0), "{stderr}");
            assert!(outcomes[0].3.is_some());
        } else {
            assert_eq!(outcomes[0].0, Some(1), "{stderr}");
        }
    }
}

/// The seed command's two files with an EC key (no prime search).
const SEED_EC: &str =
    "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k.pem -subj /CN=x -out r.csr";

#[test]
fn closed_standard_descriptors_at_start() {
    // $ openssl-req -newkey ec ... -keyout k.pem -out r.csr 2>&-   (and with
    // 0 and 1 closed too) Each closed descriptor is reopened on /dev/null
    // before anything is opened: otherwise the key's temporary file would
    // become descriptor 2 (the lowest free), and the "-----" line that goes
    // to stderr after the key would land in the key file.
    let d = dir_with_key();
    for closed in ["2>&-", ">&- 2>&-", "<&- >&- 2>&-"] {
        let status = command(
            d.path(),
            Path::new("/bin/sh"),
            &words(
                &[
                    "-c",
                    &format!("exec \"$0\" \"$@\" {closed}"),
                    ours_path().to_str().unwrap(),
                ]
                .into_iter()
                .chain(SEED_EC.split(' '))
                .collect::<Vec<_>>(),
            ),
        )
        .status()
        .unwrap();
        assert_eq!(status.code(), Some(0), "{closed}");
        let key = std::fs::read_to_string(d.path().join("k.pem")).unwrap();
        assert!(
            key.starts_with("-----BEGIN PRIVATE KEY-----\n")
                && key.ends_with("-----END PRIVATE KEY-----\n")
                && key.matches("-----").count() == 4,
            "{closed}: {key}"
        );
        let verify = command(
            d.path(),
            &openssl_path(),
            &words(&["req", "-in", "r.csr", "-noout", "-verify", "-subject"]),
        )
        .output()
        .unwrap();
        // (Where "verify OK" goes depends on the line: only the status and
        // the subject line count.)
        let subject = by_line([
            ("1.1.1", "subject=CN = x\n"),
            ("3.0", "subject=CN = x\n"),
            ("3.2", "subject=CN=x\n"),
        ]);
        assert!(
            verify.status.success() && verify.stdout.ends_with(subject.as_bytes()),
            "{closed}: {verify:?}"
        );
        let mut names: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["k.pem", "r.csr", "rsa1024.pem"], "{closed}");
    }

    // $ openssl req -in r.csr -noout -subject >&-   (what goes to a closed
    // stdout vanishes and the run succeeds, as openssl's does)
    let run = |program: &Path, req: &[&str]| {
        let mut args = req.to_vec();
        args.extend(["-in", "r.csr", "-noout", "-subject"]);
        let mut sh = vec!["-c", "exec \"$0\" \"$@\" >&-", program.to_str().unwrap()];
        sh.extend(args);
        let out: Output = command(d.path(), Path::new("/bin/sh"), &words(&sh))
            .output()
            .unwrap();
        (out.status.code(), out.stderr)
    };
    let theirs = run(&openssl_path(), &["req"]);
    assert_eq!(theirs, (Some(0), Vec::new()));
    assert_eq!(run(&ours_path(), &[]), theirs);
}

/// Runs `-new -key rsa1024.pem -subj /CN=x -out OUT` with standard output
/// on the regular file `out.txt` (old content, opened without truncation,
/// as `1<>out.txt`); returns the exit code, stderr, what out.txt then holds
/// and whether it is still the same file (inode).
fn out_to_the_stdout_file(program: &Path, req: &[&str], out: &str) -> (i32, String, String, bool) {
    let d = dir_with_key();
    let path = d.path().join("out.txt");
    std::fs::write(&path, "old content, longer than nothing\n").unwrap();
    let inode = std::fs::metadata(&path).unwrap().ino();
    let stdout = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    let mut args = req.to_vec();
    args.extend(["-new", "-key", "rsa1024.pem", "-subj", "/CN=x", "-out", out]);
    let o = command(d.path(), program, &words(&args))
        .stdout(stdout)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        std::fs::read_to_string(&path).unwrap(),
        std::fs::metadata(&path).unwrap().ino() == inode,
    )
}

#[test]
fn the_file_standard_output_goes_to_is_written_directly_under_any_name() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -out /dev/stdout 1<>out.txt
    // (and -out /dev/fd/1, -out out.txt): openssl truncates and writes the
    // file standard output is open on. Ours must too, not stage a new file
    // and rename it over out.txt: where there is no /proc, /dev/stdout and
    // /dev/fd/1 lead to the file itself, and only its device and inode say
    // that it is standard output.
    for out in ["/dev/stdout", "/dev/fd/1", "out.txt"] {
        let theirs = out_to_the_stdout_file(&openssl_path(), &["req"], out);
        let ours = out_to_the_stdout_file(&ours_path(), &[], out);
        assert_eq!(ours, theirs, "-out {out}");
        assert_eq!(theirs.0, 0, "{}", theirs.1);
        assert!(
            theirs
                .2
                .starts_with("-----BEGIN CERTIFICATE REQUEST-----\n"),
            "{}",
            theirs.2
        );
        assert!(ours.3, "-out {out}: out.txt was replaced by another file");
    }
}

#[test]
fn the_link_finds_itself_when_argv0_is_a_bare_name() {
    // argv[0] = "openssl", no directory: which file we are comes from
    // std::env::current_exe, not from argv[0]. PATH's first `openssl` is a
    // link to us and is skipped (run, it would hand the command back to
    // itself for ever); then the real one runs `version`; with only the
    // link on PATH there is no real openssl, and the answer is ours.
    let links = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(ours_path(), links.path().join("openssl")).unwrap();
    let copies = tempfile::tempdir().unwrap();
    std::fs::copy(ours_path(), copies.path().join("openssl")).unwrap();
    let real = openssl_path().parent().unwrap().to_path_buf();
    let cwd = tempfile::tempdir().unwrap();
    let run = |path: &[&Path]| {
        let out = command(cwd.path(), &ours_path(), &words(&["version"]))
            .arg0("openssl")
            .env("PATH", std::env::join_paths(path).unwrap())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let version = command(cwd.path(), &openssl_path(), &words(&["version"]))
        .output()
        .unwrap();
    let expected = (
        Some(0),
        String::from_utf8_lossy(&version.stdout).into_owned(),
        String::new(),
    );
    assert!(expected.1.starts_with("OpenSSL "), "{expected:?}");
    assert_eq!(run(&[links.path(), copies.path(), &real]), expected);
    let invalid = (
        Some(1),
        String::new(),
        "Invalid command 'version'; type \"help\" for a list.\n".to_string(),
    );
    assert_eq!(run(&[links.path()]), invalid);
    assert_eq!(run(&[copies.path(), links.path()]), invalid);
}

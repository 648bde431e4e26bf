//! Speed and memory of `openssl-req` beside the real `openssl req`, as
//! ratios (ours / openssl), never as pass/fail thresholds.
//!
//!     cargo bench --bench vs_openssl            # all cases
//!     cargo bench --bench vs_openssl -- text    # cases whose name contains "text"
//!
//! Each case runs both programs alternately in a fresh temp dir with the
//! fixtures, RUNS times; it reports the median wall time and the largest
//! peak RSS (from wait4's rusage) of each, and their ratio. Key generation
//! time is dominated by prime search and varies from run to run: read
//! those rows over many runs.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 15;

struct Sample {
    wall: Duration,
    max_rss_kib: i64,
}

/// Runs `argv` in `dir` with empty stdin; returns wall time and peak RSS.
fn run_once(dir: &Path, argv: &[&OsStr]) -> Sample {
    let start = Instant::now();
    let child = Command::new(argv[0])
        .args(&argv[1..])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data filled in by wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid, "wait4");
    let wall = start.elapsed();
    assert!(libc::WIFEXITED(status), "{argv:?} did not exit");
    Sample {
        wall,
        max_rss_kib: usage.ru_maxrss,
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn fresh_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(fixtures()).expect("fixtures") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    dir
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_openssl-req"));
    let cases: &[(&str, &[&str])] = &[
        (
            "csr from fixed RSA key",
            &[
                "-new",
                "-key",
                "rsa2048.pem",
                "-subj",
                "/CN=bench",
                "-out",
                "r.csr",
            ],
        ),
        (
            "csr from Ed25519 key",
            &[
                "-new",
                "-key",
                "ed25519.pem",
                "-subj",
                "/CN=bench",
                "-out",
                "r.csr",
            ],
        ),
        (
            "print request text",
            &[
                "-in",
                "csr-ext.pem",
                "-noout",
                "-text",
                "-subject",
                "-modulus",
            ],
        ),
        (
            "verify request",
            &["-in", "csr-rsa.pem", "-noout", "-verify"],
        ),
        (
            "self-signed cert",
            &[
                "-x509",
                "-key",
                "rsa2048.pem",
                "-subj",
                "/CN=bench",
                "-out",
                "c.pem",
            ],
        ),
        (
            "encrypted key input",
            &[
                "-new",
                "-key",
                "rsa2048-enc.pem",
                "-passin",
                "pass:secret",
                "-subj",
                "/CN=b",
            ],
        ),
        (
            "generate EC P-256 key",
            &[
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-subj",
                "/CN=b",
                "-keyout",
                "k.pem",
                "-out",
                "r.csr",
            ],
        ),
        (
            "generate RSA 2048 key",
            &[
                "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=b", "-keyout", "k.pem", "-out",
                "r.csr",
            ],
        ),
        ("help", &["-help"]),
    ];
    println!(
        "{:<26} {:>11} {:>11} {:>7}   {:>9} {:>9} {:>7}",
        "case", "openssl ms", "ours ms", "ratio", "openssl KiB", "ours KiB", "ratio"
    );
    for (name, args) in cases {
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let (mut t_ossl, mut t_ours) = (Vec::new(), Vec::new());
        let (mut m_ossl, mut m_ours) = (0, 0);
        for _ in 0..RUNS {
            let dir = fresh_dir();
            let mut a: Vec<&OsStr> = vec![OsStr::new("openssl"), OsStr::new("req")];
            a.extend(args.iter().map(OsStr::new));
            let s = run_once(dir.path(), &a);
            t_ossl.push(s.wall);
            m_ossl = m_ossl.max(s.max_rss_kib);

            let dir = fresh_dir();
            let mut b: Vec<&OsStr> = vec![ours.as_os_str()];
            b.extend(args.iter().map(OsStr::new));
            let s = run_once(dir.path(), &b);
            t_ours.push(s.wall);
            m_ours = m_ours.max(s.max_rss_kib);
        }
        let (a, b) = (median(t_ossl), median(t_ours));
        println!(
            "{:<26} {:>11.2} {:>11.2} {:>7.2}   {:>9} {:>9} {:>7.2}",
            name,
            a.as_secs_f64() * 1e3,
            b.as_secs_f64() * 1e3,
            b.as_secs_f64() / a.as_secs_f64(),
            m_ossl,
            m_ours,
            m_ours as f64 / m_ossl as f64
        );
    }
}

//! Cost of `openssl-req` beside the real `openssl req`, as ratios
//! (ours / openssl), never as pass/fail thresholds.
//!
//!     cargo bench --bench vs_openssl                 # every case
//!     cargo bench --bench vs_openssl -- seed         # cases whose name contains "seed"
//!     BENCH_RUNS=101 cargo bench --bench vs_openssl  # more runs per case
//!     cargo bench --bench vs_openssl -- --instructions   # also callgrind counts
//!
//! Each case runs the two programs in turn, RUNS pairs of runs, the order
//! within a pair alternating (ours first, then openssl first), each run in
//! a fresh directory holding only the files it reads. From each run's
//! `wait4` rusage come its CPU time (user + system of the child process)
//! and its peak RSS; its wall time is measured around spawn and wait.
//!
//! The machine this runs on is shared and busy, so a ratio of two medians
//! taken minutes apart would measure the load as much as the programs.
//! Instead every pair gives one ratio (the two runs are seconds apart and
//! see the same load), and the table shows the median of those ratios with
//! a distribution-free 95% confidence interval for it (order statistics of
//! the sorted ratios, binomial ranks). The `-newkey rsa` row is dominated by
//! libcrypto's random prime search, whose time varies severalfold from key
//! to key: read it over many runs. With `--instructions` each case (but the
//! RSA one, whose count is just as random) also runs once under
//! `valgrind --tool=callgrind`, whose instruction count is the same on a
//! loaded machine as on an idle one.

use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Pairs of runs per case, unless BENCH_RUNS says otherwise.
const RUNS: usize = 61;
/// The RSA key generation case costs ~1 s a run: fewer pairs.
const RSA_RUNS: usize = 21;

/// The answers of the README's seed command.
const SEED_ANSWERS: &[u8] = b"US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n";

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    /// Fixtures (or files made by `prepare`) the run reads.
    inputs: &'static [&'static str],
    stdin: &'static [u8],
    /// Whether the run generates an RSA key (random cost).
    rsa_keygen: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "-key rsa4096 -out f.csr",
        args: &[
            "-new",
            "-key",
            "rsa4096.pem",
            "-subj",
            "/CN=x/O=y",
            "-out",
            "f.csr",
        ],
        inputs: &["rsa4096.pem"],
        stdin: b"",
        rsa_keygen: false,
    },
    Case {
        name: "seed path, EC P-256 key",
        args: &[
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "k",
            "-out",
            "c",
            "-subj",
            "/CN=x/O=y",
        ],
        inputs: &[],
        stdin: b"",
        rsa_keygen: false,
    },
    Case {
        name: "seed command, RSA 4096",
        args: &[
            "-new",
            "-newkey",
            "rsa:4096",
            "-nodes",
            "-keyout",
            "api_private.key",
            "-out",
            "api_user.csr",
        ],
        inputs: &[],
        stdin: SEED_ANSWERS,
        rsa_keygen: true,
    },
    Case {
        name: "-text, large request",
        args: &["-in", "big.csr", "-noout", "-text"],
        inputs: &["big.csr"],
        stdin: b"",
        rsa_keygen: false,
    },
    Case {
        name: "-verify, large request",
        args: &["-in", "big.csr", "-noout", "-verify"],
        inputs: &["big.csr"],
        stdin: b"",
        rsa_keygen: false,
    },
    Case {
        name: "-x509 -key rsa2048",
        args: &[
            "-x509",
            "-key",
            "rsa2048.pem",
            "-subj",
            "/CN=bench",
            "-out",
            "c.pem",
        ],
        inputs: &["rsa2048.pem"],
        stdin: b"",
        rsa_keygen: false,
    },
    Case {
        name: "-help",
        args: &["-help"],
        inputs: &[],
        stdin: b"",
        rsa_keygen: false,
    },
];

#[derive(Clone, Copy)]
struct Sample {
    wall: f64,
    cpu: f64,
    max_rss_kib: f64,
}

/// The real `openssl` (the first on PATH, as the tests use it).
fn openssl() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join("openssl"))
        .find(|p| p.is_file())
        .expect("no openssl in PATH")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A large request: a 4096-bit key, a long subject and 400 names in a
/// subjectAltName, made once per benchmark run with the real openssl.
fn prepare(shared: &Path, openssl: &Path) {
    let mut cnf =
        String::from("[req]\nprompt = no\ndistinguished_name = dn\nreq_extensions = ext\n[dn]\n");
    for i in 0..20 {
        cnf.push_str(&format!("{i}.OU = Organisational unit number {i}\n"));
    }
    cnf.push_str("CN = big.example\n[ext]\nsubjectAltName = @alt\n");
    cnf.push_str("keyUsage = critical, digitalSignature, keyEncipherment\n");
    cnf.push_str("extendedKeyUsage = serverAuth, clientAuth\n[alt]\n");
    for i in 0..400 {
        cnf.push_str(&format!("DNS.{i} = host{i}.big.example\n"));
    }
    std::fs::write(shared.join("big.cnf"), cnf).expect("big.cnf");
    std::fs::copy(fixtures().join("rsa4096.pem"), shared.join("rsa4096.pem")).expect("copy");
    let ok = Command::new(openssl)
        .args(["req", "-new", "-config", "big.cnf", "-key", "rsa4096.pem"])
        .args(["-out", "big.csr"])
        .current_dir(shared)
        .status()
        .expect("openssl")
        .success();
    assert!(ok, "making big.csr failed");
}

/// A fresh directory holding the case's inputs.
fn fresh_dir(case: &Case, shared: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in case.inputs {
        let made = shared.join(name);
        let from = if made.exists() {
            made
        } else {
            fixtures().join(name)
        };
        std::fs::copy(&from, dir.path().join(name)).expect("copy input");
    }
    std::fs::write(dir.path().join(".stdin"), case.stdin).expect("stdin");
    dir
}

/// Runs `program args` in `dir`; returns wall time, CPU time and peak RSS.
fn run_once(dir: &Path, program: &Path, pre: &[&str], args: &[&str]) -> Sample {
    let stdin = File::open(dir.join(".stdin")).expect("stdin");
    let start = Instant::now();
    // Reaped by the wait4 below, which also gives its rusage.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(program)
        .args(pre)
        .args(args)
        .current_dir(dir)
        .stdin(stdin)
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
    let wall = start.elapsed();
    assert_eq!(rc, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{} {args:?} failed",
        program.display()
    );
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Sample {
        wall: wall.as_secs_f64(),
        cpu: (tv(usage.ru_utime) + tv(usage.ru_stime)).as_secs_f64(),
        max_rss_kib: usage.ru_maxrss as f64,
    }
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// The median of the per-pair ratios and its 95% confidence interval:
/// the ranks n/2 ± 1.96·√n/2 of the sorted ratios (normal approximation
/// of the binomial, which needs no assumption about the distribution).
fn ratio_ci(ours: &[f64], theirs: &[f64]) -> (f64, f64, f64) {
    let mut r: Vec<f64> = ours.iter().zip(theirs).map(|(a, b)| a / b).collect();
    r.sort_by(f64::total_cmp);
    let n = r.len() as f64;
    let half = 1.96 * n.sqrt() / 2.0;
    let lo = ((n / 2.0 - half).floor().max(0.0)) as usize;
    let hi = ((n / 2.0 + half).ceil() as usize).min(r.len() - 1);
    (median(&r), r[lo], r[hi])
}

/// Instructions of one run under callgrind (None without valgrind).
fn instructions(dir: &Path, program: &Path, pre: &[&str], args: &[&str]) -> Option<u64> {
    let out = dir.join(".callgrind.out");
    let stdin = File::open(dir.join(".stdin")).ok()?;
    let mut valgrind_args: Vec<OsString> = vec![
        "--tool=callgrind".into(),
        format!("--callgrind-out-file={}", out.display()).into(),
        program.into(),
    ];
    valgrind_args.extend(pre.iter().chain(args).map(OsString::from));
    let result = Command::new("valgrind")
        .args(&valgrind_args)
        .current_dir(dir)
        .stdin(stdin)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&result.stderr);
    let line = stderr.lines().find(|l| l.contains("Collected :"))?;
    line.rsplit(':')
        .next()?
        .trim()
        .replace(',', "")
        .parse()
        .ok()
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "?".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores, {cpu}")
}

fn main() {
    let mut filter = None;
    let mut count_instructions = false;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--instructions" => count_instructions = true,
            "--bench" => {}
            s if !s.starts_with('-') => filter = Some(s.to_owned()),
            _ => {}
        }
    }
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(RUNS);
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_openssl-req"));
    let openssl = openssl();
    let version = Command::new(&openssl)
        .arg("version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let shared = tempfile::tempdir().expect("tempdir");
    prepare(shared.path(), &openssl);

    println!("machine: {}", machine());
    println!("reference: {} ({version})", openssl.display());
    println!("load average at start: {}", loadavg());
    println!(
        "ratios ours/openssl: median of the per-pair ratios [95% CI]; \
         times are medians; CPU = user+sys of the process"
    );
    println!();
    println!(
        "{:<26} {:>5} {:>9} {:>9} {:>20} {:>9} {:>9} {:>20} {:>6}{}",
        "case",
        "pairs",
        "CPU ms",
        "ours",
        "CPU ratio",
        "wall ms",
        "ours",
        "wall ratio",
        "RSS",
        if count_instructions {
            "   instructions"
        } else {
            ""
        }
    );
    for case in CASES {
        if filter.as_deref().is_some_and(|f| !case.name.contains(f)) {
            continue;
        }
        let n = if case.rsa_keygen {
            runs.min(RSA_RUNS)
        } else {
            runs
        };
        let programs: [(&Path, &[&str]); 2] = [(&ours, &[]), (&openssl, &["req"])];
        // One unmeasured run of each: page cache, dynamic loader caches.
        for (p, pre) in programs {
            let dir = fresh_dir(case, shared.path());
            run_once(dir.path(), p, pre, case.args);
        }
        let mut samples: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
        for i in 0..n {
            let order = if i % 2 == 0 { [0, 1] } else { [1, 0] };
            for which in order {
                let (p, pre) = programs[which];
                let dir = fresh_dir(case, shared.path());
                samples[which].push(run_once(dir.path(), p, pre, case.args));
            }
        }
        let get = |which: usize, f: fn(&Sample) -> f64| -> Vec<f64> {
            samples[which].iter().map(f).collect()
        };
        let (cpu_o, cpu_t) = (get(0, |s| s.cpu), get(1, |s| s.cpu));
        let (wall_o, wall_t) = (get(0, |s| s.wall), get(1, |s| s.wall));
        let (rss_o, rss_t) = (get(0, |s| s.max_rss_kib), get(1, |s| s.max_rss_kib));
        let ci = |(m, lo, hi): (f64, f64, f64)| format!("{m:.3} [{lo:.3}, {hi:.3}]");
        let instr = if count_instructions && !case.rsa_keygen {
            let mut counts = programs.map(|(p, pre)| {
                let dir = fresh_dir(case, shared.path());
                instructions(dir.path(), p, pre, case.args)
            });
            match (counts[0].take(), counts[1].take()) {
                (Some(a), Some(b)) => {
                    format!(
                        "   {:.1}M/{:.1}M {:.3}",
                        a as f64 / 1e6,
                        b as f64 / 1e6,
                        a as f64 / b as f64
                    )
                }
                _ => "   (no valgrind)".into(),
            }
        } else {
            String::new()
        };
        println!(
            "{:<26} {:>5} {:>9.2} {:>9.2} {:>20} {:>9.2} {:>9.2} {:>20} {:>6.3}{}",
            case.name,
            n,
            median(&cpu_t) * 1e3,
            median(&cpu_o) * 1e3,
            ci(ratio_ci(&cpu_o, &cpu_t)),
            median(&wall_t) * 1e3,
            median(&wall_o) * 1e3,
            ci(ratio_ci(&wall_o, &wall_t)),
            median(&rss_o) / median(&rss_t),
            instr
        );
    }
    println!();
    println!("load average at end: {}", loadavg());
    println!("(CPU ms, wall ms: openssl's median, then ours; RSS: ratio of median peak RSS)");
}

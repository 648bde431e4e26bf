//! The differential fuzzer, run by `tools/difffuzz --seed S --cases N`.
//!
//! Each case is a random but plausible `openssl req` invocation: a scenario
//! (a request from a fixed key, a new key, reading a request, `-x509`, `-CA`,
//! the DN dialogue, or options drawn at random), extra options and values
//! from the option table (`openssl_req::req::options::REQ_OPTIONS`: the rows
//! of the build's release line, and now and then one of another line, an
//! unknown option here), openssl's grammar corners (`--opt`, `-opt=value`, a missing
//! value, `--`, extra words), a generated config (sections, `$var`,
//! `${sect::name}`, `$ENV::`, `.include`, attributes, `_default/_min/_max`,
//! syntax errors), a random `-subj`, random stdin (answers, pass phrases, a
//! request, EOF anywhere), pass-phrase sources, unusual paths, modes and
//! umasks. Both programs run it through the harness of the differential tests
//! (`Case`, fresh directories, the same masks) and are compared by
//! `common::compare`, allowing only the README's deliberate differences (a
//! failed run changes no file; a private key file is 0600).
//!
//! A case depends only on the seed and its number, so any case can be run
//! again alone. For each difference the case is shrunk (options, words,
//! stdin lines, files and config lines dropped one by one while the same
//! difference persists) and printed as a minimal command line with its
//! inputs.
//!
//! Environment (set by tools/difffuzz): DIFFFUZZ_SEED (default 1),
//! DIFFFUZZ_CASES (default 100), DIFFFUZZ_FIRST (first case number, default
//! 0), DIFFFUZZ_JOBS (parallel cases, default the number of CPUs),
//! DIFFFUZZ_VERBOSE=1 (print every case as it is run), DIFFFUZZ_STATS=1
//! (count what openssl did: exit codes and first lines of stderr).
// `*rng.pick(list)` copies the picked `&str` out of its slice: clippy calls
// the `*` redundant, but without it `pick`'s element type is inferred as
// `str` where a `&str` is wanted.
#![allow(clippy::explicit_auto_deref)]

use crate::common::*;

use openssl_req::options::{Entry, Row, Value, rows};
use openssl_req::req::options::REQ_OPTIONS;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

// ---------------------------------------------------------------------------
// A seeded generator of our own (splitmix64): the same seed gives the same
// cases on every machine, with no crate to pin.
// ---------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    /// The generator of case `index` under `seed`: independent of the other
    /// cases, so one case can be replayed alone.
    fn for_case(seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// A case as data: what can be shrunk and printed
// ---------------------------------------------------------------------------

/// One input file: a fixture (printed by name) or generated content.
#[derive(Clone, Debug)]
struct InputFile {
    name: String,
    data: Vec<u8>,
    mode: u32,
    fixture: bool,
}

#[derive(Clone, Debug, Default)]
struct Spec {
    args: Vec<String>,
    stdin: Vec<u8>,
    files: Vec<InputFile>,
    dirs: Vec<(String, u32)>,
    links: Vec<(String, String)>,
    env: Vec<(String, String)>,
    umask: u32,
}

/// The option name of a word as openssl's parser sees it: `--x=v` -> `x`.
fn option_name(word: &str) -> Option<&str> {
    let w = word.strip_prefix('-')?;
    let w = w.strip_prefix('-').unwrap_or(w);
    Some(w.split('=').next().unwrap_or(w))
}

impl Spec {
    fn has_option(&self, names: &[&str]) -> bool {
        self.args
            .iter()
            .filter_map(|a| option_name(a))
            .any(|n| names.contains(&n))
    }

    /// The harness's masks that this case needs, decided from its words as a
    /// test author would, erring on the side of masking: a key may be
    /// generated unless `-key` is given; signatures are random with EC,
    /// DSA, PSS and SM2 keys or `-sigopt`; `-x509`/`-CA`/`-precert` make a
    /// certificate with a random serial and the current time.
    fn case(&self) -> Case {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        let mut c = Case::new(&args)
            .stdin(&self.stdin)
            .umask(self.umask)
            .timeout(Duration::from_secs(15));
        for f in &self.files {
            c = c.file_mode(&f.name, &f.data, f.mode);
        }
        for (n, m) in &self.dirs {
            c = c.dir(n, *m);
        }
        for (n, t) in &self.links {
            c = c.symlink(n, t);
        }
        for (k, v) in &self.env {
            c = c.env(k, v);
        }
        let new_cert = self
            .args
            .iter()
            .filter_map(|a| option_name(a))
            .any(|n| n.starts_with("x509") || n == "CA" || n == "precert");
        if !self.has_option(&["key"]) {
            c = c.fresh_key();
        }
        let random_sig = self.has_option(&["sigopt"])
            || self.args.iter().any(|a| {
                // A value, alone or after `-opt=`.
                let v = match a.strip_prefix('-') {
                    Some(o) => o.split_once('=').map_or("", |(_, v)| v),
                    None => a,
                };
                ["ec", "dsa", "pss", "PSS", "sm2", "SM2", "EC", "DSA"]
                    .iter()
                    .any(|k| v.contains(k))
            });
        if random_sig {
            c = c.fresh_sig();
        }
        if new_cert {
            c = c.fresh_cert();
        }
        if let Some(p) = self.key_pass() {
            c = c.key_pass(&p);
        }
        c
    }

    /// An encrypted new key is decrypted for the comparison when the pass
    /// phrase is on the command line.
    fn key_pass(&self) -> Option<String> {
        let i = self
            .args
            .iter()
            .position(|a| option_name(a) == Some("passout"))?;
        let p = self.args.get(i + 1)?.strip_prefix("pass:")?;
        Some(p.to_string())
    }

    /// What a file was before the run: Some((mode, contents)) for an input.
    fn input_state(&self, name: &str) -> Option<(u32, Vec<u8>)> {
        self.files
            .iter()
            .find(|f| f.name == name)
            .map(|f| (f.mode & 0o7777, f.data.clone()))
    }

    /// The files that get random bytes: each `-writerand` target and the
    /// `RANDFILE` the generated configs name.
    fn random_files(&self) -> Vec<String> {
        let mut names = vec![".rnd".to_string()];
        for (i, a) in self.args.iter().enumerate() {
            if option_name(a) == Some("writerand") {
                match a.split_once('=') {
                    Some((_, v)) => names.push(v.to_string()),
                    None => names.extend(self.args.get(i + 1).cloned()),
                }
            }
        }
        names
    }

    /// A reproducer: the command line and every input.
    fn render(&self) -> String {
        let mut s = String::from("openssl req");
        for a in &self.args {
            s.push(' ');
            s.push_str(&shell_quote(a));
        }
        s.push('\n');
        if !self.stdin.is_empty() {
            let _ = writeln!(s, "  stdin: \"{}\"", self.stdin.escape_ascii());
        }
        for f in &self.files {
            if f.fixture {
                let _ = write!(s, "  file {} = fixtures/{}", f.name, f.name);
            } else {
                let _ = write!(s, "  file {} ({} bytes)", f.name, f.data.len());
            }
            if f.mode != 0o644 {
                let _ = write!(s, ", mode {:o}", f.mode);
            }
            s.push('\n');
            if !f.fixture {
                for line in f.data.split_inclusive(|&b| b == b'\n') {
                    let _ = writeln!(s, "    | {}", line.escape_ascii());
                }
            }
        }
        for (n, m) in &self.dirs {
            let _ = writeln!(s, "  dir {n} (mode {m:o})");
        }
        for (n, t) in &self.links {
            let _ = writeln!(s, "  symlink {n} -> {t}");
        }
        for (k, v) in &self.env {
            let _ = writeln!(s, "  env {k}={}", shell_quote(v));
        }
        if self.umask != 0o022 {
            let _ = writeln!(s, "  umask {:03o}", self.umask);
        }
        s
    }
}

// ---------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------

/// Whether the build's release line has option `name` (the table's rows of
/// this line): the scenarios use what the line has, so that its cases get
/// past the option parser (1.1.1 has no -CA and no -noenc).
fn line_has(name: &str) -> bool {
    rows(REQ_OPTIONS).any(|r| matches!(r, Row::Opt { name: n, .. } if n == name))
}

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", p.display()))
}

const KEYS: &[&str] = &[
    "rsa1024.pem",
    "rsa512.pem",
    "rsa2048.pem",
    "rsa2048-trad.pem",
    "rsa2048.der",
    "rsa2048-enc.pem",
    "rsa2048-trad-enc.pem",
    "ec-p256.pem",
    "ec-p256-trad.pem",
    "ed25519.pem",
    "ed448.pem",
    "dsa2048.pem",
    "rsapss.pem",
    "x25519.pem",
];
const CSRS: &[&str] = &[
    "csr-rsa.pem",
    "csr-ext.pem",
    "csr-rsa.der",
    "csr-ed25519.pem",
    "csr-pss.pem",
    "csr-tampered.pem",
    "csr-utf8.pem",
    "csr-attrs.pem",
];
const PARAMS: &[&str] = &["ecparam-p256.pem", "dsaparam-2048.pem", "dhparam.pem"];
const CONFIGS: &[&str] = &[
    "min.cnf",
    "prompt.cnf",
    "noattrs.cnf",
    "empty-dn.cnf",
    "nodn.cnf",
    "broken.cnf",
    "utf8.cnf",
    "ext.cnf",
    "keyfile.cnf",
    "server.cnf",
    "mdsha512.cnf",
    "include.cnf",
];

/// Builds one case.
struct Gen {
    rng: Rng,
    spec: Spec,
    /// Section names of the generated config, for option values.
    sections: Vec<String>,
}

impl Gen {
    fn new(rng: Rng) -> Gen {
        Gen {
            rng,
            spec: Spec {
                umask: 0o022,
                ..Spec::default()
            },
            sections: Vec::new(),
        }
    }

    fn arg(&mut self, a: &str) {
        self.spec.args.push(a.to_string());
    }

    fn args(&mut self, a: &[&str]) {
        for w in a {
            self.arg(w);
        }
    }

    fn has_file(&self, name: &str) -> bool {
        self.spec.files.iter().any(|f| f.name == name)
    }

    /// Puts a fixture into the run dir (once) and returns its name.
    fn fixture(&mut self, name: &str) -> String {
        if !self.has_file(name) {
            self.spec.files.push(InputFile {
                name: name.to_string(),
                data: fixture(name),
                mode: 0o644,
                fixture: true,
            });
        }
        name.to_string()
    }

    fn file(&mut self, name: &str, data: impl Into<Vec<u8>>) -> String {
        self.spec.files.retain(|f| f.name != name);
        self.spec.files.push(InputFile {
            name: name.to_string(),
            data: data.into(),
            mode: 0o644,
            fixture: false,
        });
        name.to_string()
    }

    fn env(&mut self, k: &str, v: &str) {
        self.spec.env.retain(|(n, _)| n != k);
        self.spec.env.push((k.to_string(), v.to_string()));
    }

    fn pick_str(&mut self, items: &[&str]) -> String {
        self.rng.pick(items).to_string()
    }

    // ----- values -----

    fn key_file(&mut self) -> String {
        match self.rng.below(20) {
            0 => self.pick_str(&["missing.pem", "", "-", "/dev/null", "dir"]),
            1 => {
                let c = *self.rng.pick(CSRS);
                self.fixture(c)
            }
            2 => self.fixture("ca-cert.pem"),
            3 | 4 => {
                // An encrypted key, its pass phrase from -passin or stdin.
                let k = *self.rng.pick(&["rsa2048-enc.pem", "rsa2048-trad-enc.pem"]);
                if self.rng.chance(60) {
                    let p = self.pass_source(false);
                    self.args(&["-passin", &p]);
                } else if self.rng.chance(50) {
                    self.spec.stdin.extend_from_slice(b"secret\n");
                }
                self.fixture(k)
            }
            _ => {
                let k = *self.rng.pick(KEYS);
                self.fixture(k)
            }
        }
    }

    fn csr_file(&mut self) -> String {
        match self.rng.below(20) {
            0 => self.pick_str(&["missing.csr", "", "-", "/dev/null"]),
            1 => {
                let k = *self.rng.pick(KEYS);
                self.fixture(k)
            }
            2 => self.fixture("ca-cert.pem"),
            3 => {
                // A truncated or damaged copy of a request.
                let mut d = fixture(*self.rng.pick(CSRS));
                let cut = self.rng.below(d.len());
                if self.rng.chance(50) {
                    d.truncate(cut);
                } else {
                    d[cut] ^= 1 << self.rng.below(8);
                }
                self.file("bad.csr", d)
            }
            _ => {
                let c = *self.rng.pick(CSRS);
                self.fixture(c)
            }
        }
    }

    fn out_file(&mut self, usual: &str) -> String {
        match self.rng.below(30) {
            0 => "-".to_string(),
            1 => "/dev/stdout".to_string(),
            2 => "/dev/null".to_string(),
            3 => "sub/x.pem".to_string(),
            4 => {
                self.spec.dirs.push(("dir".to_string(), 0o755));
                "dir".to_string()
            }
            5 => {
                // An existing file in the way, of some mode.
                let mode = *self.rng.pick(&[0o644, 0o600, 0o444, 0o666, 0o755]);
                self.file(usual, "old contents\n");
                if let Some(f) = self.spec.files.iter_mut().find(|f| f.name == usual) {
                    f.mode = mode;
                }
                usual.to_string()
            }
            6 => {
                let target = self.pick_str(&["target.pem", "nowhere/t.pem", "/dev/stdout"]);
                self.spec.links.push(("link.pem".to_string(), target));
                "link.pem".to_string()
            }
            7 => self.pick_str(&["", ".", "-x", "sp ace.pem", "ü.pem", "k.pem", "r.pem"]),
            8 if !self.spec.files.is_empty() => {
                // Onto an input file (the key, the request, the config...).
                let i = self.rng.below(self.spec.files.len());
                self.spec.files[i].name.clone()
            }
            _ => usual.to_string(),
        }
    }

    fn newkey_spec(&mut self) -> String {
        // Mostly a key that can be made (and quickly), else anything.
        if self.rng.chance(60) {
            return match self.rng.below(8) {
                0 => "rsa:512".into(),
                1 => "rsa:1024".into(),
                2 => {
                    self.args(&["-pkeyopt", "ec_paramgen_curve:P-256"]);
                    "ec".into()
                }
                3 => format!("ec:{}", self.fixture("ecparam-p256.pem")),
                4 => format!("param:{}", self.fixture("ecparam-p256.pem")),
                5 => "ed448".into(),
                6 => format!("dsa:{}", self.fixture("dsaparam-2048.pem")),
                _ => "ed25519".into(),
            };
        }
        match self.rng.below(24) {
            0 => "rsa:512".into(),
            1 => "rsa:1024".into(),
            2 => "512".into(),
            3 => "rsa".into(),
            4 | 5 => "ec".into(),
            6 => format!("ec:{}", self.fixture("ecparam-p256.pem")),
            7 | 8 => "ed25519".into(),
            9 => "ed448".into(),
            10 => "x25519".into(),
            11 => format!("dsa:{}", self.fixture("dsaparam-2048.pem")),
            12 => {
                let p = *self.rng.pick(PARAMS);
                format!("param:{}", self.fixture(p))
            }
            13 => "rsa-pss:1024".into(),
            14 => self.pick_str(&["rsa:511", "rsa:0", "rsa:abc", "rsa:-1", "rsa:1024x"]),
            15 => self.pick_str(&["bogus", "", ":", "RSA:512", "Ed25519"]),
            16 => self.pick_str(&["rsa:missing.pem", "ec:missing.pem", "param:"]),
            17 => format!("dh:{}", self.fixture("dhparam.pem")),
            18 => format!("ec:{}", self.fixture("csr-rsa.pem")),
            19 => format!("ec:{}", self.fixture("ca-cert.pem")),
            20 => format!("dsa:{}", self.fixture("ecparam-p256.pem")),
            21 => "sm2".into(),
            22 => format!("rsa:{}", self.fixture("rsa1024.pem")),
            _ => "ed25519".into(),
        }
    }

    fn pkeyopt(&mut self) -> String {
        self.pick_str(&[
            "ec_paramgen_curve:P-256",
            "ec_paramgen_curve:P-384",
            "ec_paramgen_curve:bogus",
            "rsa_keygen_bits:1024",
            "rsa_keygen_bits:512",
            "rsa_keygen_bits:abc",
            "rsa_keygen_pubexp:3",
            "rsa_keygen_primes:3",
            "ec_param_enc:explicit",
            "bogus:1",
            "nocolon",
            ":",
            "",
        ])
    }

    fn pass_source(&mut self, out: bool) -> String {
        let pw = if out { "abcd" } else { "secret" };
        match self.rng.below(16) {
            0 | 1 => format!("pass:{pw}"),
            2 => self.pick_str(&["pass:", "pass:wrong", "pass:abc", "pass:x y"]),
            3 => {
                self.env("PW", pw);
                "env:PW".into()
            }
            // A variable the environment sets, not the case: PATH, the same
            // for both programs. (Not HOME: each run has its own temporary
            // HOME, so the two would get different pass phrases, and a wrong
            // one fails in one of two places of the padding check at random.)
            4 => self.pick_str(&["env:UNSET", "env:", "env:PATH"]),
            5 => {
                let content = self.pick_str(&[
                    "secret\n",
                    "abcd\n",
                    "secret",
                    "secret\r\n",
                    "",
                    "\n",
                    "wrong\nsecret\n",
                ]);
                self.file("pw.txt", content);
                "file:pw.txt".into()
            }
            6 => self.pick_str(&["file:missing.txt", "file:", "file:dir"]),
            7 => {
                self.spec.stdin.splice(0..0, format!("{pw}\n").into_bytes());
                "stdin".into()
            }
            8 => {
                self.spec.stdin.splice(0..0, format!("{pw}\n").into_bytes());
                "fd:0".into()
            }
            9 => self.pick_str(&["fd:9", "fd:x", "fd:-1", "fd:1"]),
            10 => self.pick_str(&["bogus:x", "pass", "", "PASS:secret", "stdinx"]),
            _ => format!("pass:{pw}"),
        }
    }

    fn subj(&mut self) -> String {
        let types = [
            "C",
            "ST",
            "L",
            "O",
            "OU",
            "CN",
            "emailAddress",
            "serialNumber",
            "DC",
            "UID",
            "title",
            "2.5.4.3",
            "bogus",
            "",
            "cn",
            "commonName",
            "street",
            "GN",
            "SN",
        ];
        let values = [
            "x",
            "example.com",
            "US",
            "USA",
            "",
            "a b",
            "ü",
            "日本",
            "a\\/b",
            "a\\+b",
            "a\\\\",
            "a=b",
            " lead",
            "trail ",
            "\\",
            "x\\",
            "#x",
            "\t",
            "\x01",
            "1234567890123456789012345678901234567890123456789012345678901234567890",
        ];
        if self.rng.chance(30) {
            // A plain subject such as a user types.
            let mut s = String::new();
            for (t, v) in [
                ("C", "US"),
                ("ST", "CA"),
                ("O", "Acme"),
                ("OU", "IT"),
                ("CN", "x.example"),
                ("emailAddress", "a@b.c"),
            ] {
                if self.rng.chance(50) {
                    let _ = write!(s, "/{t}={v}");
                }
            }
            if s.is_empty() {
                s = "/CN=x".into();
            }
            return s;
        }
        match self.rng.below(12) {
            0 => self.pick_str(&[
                "", "/", "//", "CN=x", "/CN", "/=x", "/CN=x=y", "x", "/CN=x/",
            ]),
            _ => {
                let mut s = String::new();
                let n = 1 + self.rng.below(4);
                for i in 0..n {
                    let sep = if i > 0 && self.rng.chance(20) {
                        "+"
                    } else {
                        "/"
                    };
                    s.push_str(sep);
                    s.push_str(*self.rng.pick(&types));
                    if !self.rng.chance(5) {
                        s.push('=');
                    }
                    s.push_str(*self.rng.pick(&values));
                }
                if self.rng.chance(5) {
                    s.push('/');
                }
                s
            }
        }
    }

    fn addext(&mut self) -> String {
        self.pick_str(&[
            "subjectAltName=DNS:x.example",
            "subjectAltName = DNS:a.example,IP:192.0.2.1",
            "subjectAltName=@alt",
            "keyUsage=critical,digitalSignature",
            "keyUsage=bogus",
            "basicConstraints=CA:TRUE",
            "basicConstraints=critical,CA:TRUE,pathlen:0",
            "extendedKeyUsage=serverAuth,clientAuth",
            "subjectKeyIdentifier=hash",
            "authorityKeyIdentifier=keyid",
            "1.2.3.4=DER:05:00",
            "1.2.3.4=ASN1:UTF8String:x",
            "bogus=1",
            "=x",
            "noequals",
            "",
            "subjectAltName=DNS:$undefined",
            "subjectAltName=DNS:a\nkeyUsage=digitalSignature",
            "nsComment=\"unterminated",
        ])
    }

    fn section_name(&mut self) -> String {
        if !self.sections.is_empty() && self.rng.chance(70) {
            let s = self.rng.pick(&self.sections).clone();
            return s;
        }
        self.pick_str(&[
            "req", "v3_req", "v3_ca", "usr_cert", "missing", "", "default",
        ])
    }

    /// A value for option `name` (taking a value of kind `value`).
    fn value_for(&mut self, name: &str, value: Value) -> String {
        match name {
            "in" => self.csr_file(),
            "key" | "CAkey" => self.key_file(),
            "CA" => match self.rng.below(4) {
                0 => self.fixture("ca-combined.pem"),
                1 => self.key_file(),
                _ => self.fixture("ca-cert.pem"),
            },
            "config" => {
                if self.rng.chance(8) {
                    // The config read from stdin.
                    let c = self.config();
                    let data = self
                        .spec
                        .files
                        .iter()
                        .find(|f| f.name == c)
                        .map(|f| f.data.clone());
                    self.spec.stdin.extend(data.unwrap_or_default());
                    self.pick_str(&["-", "/dev/stdin"])
                } else if self.rng.chance(50) {
                    self.config()
                } else {
                    let c = *self.rng.pick(CONFIGS);
                    if c == "include.cnf" {
                        self.fixture("include-part.cnf");
                    }
                    self.fixture(c)
                }
            }
            "section" | "extensions" | "reqexts" => self.section_name(),
            "subj" => self.subj(),
            "newkey" => self.newkey_spec(),
            "pkeyopt" => self.pkeyopt(),
            "passin" => self.pass_source(false),
            "passout" => self.pass_source(true),
            "addext" => self.addext(),
            "nameopt" => self.pick_str(&[
                "oneline",
                "multiline",
                "RFC2253",
                "utf8",
                "esc_msb",
                "compat",
                "bogus",
                "-esc_msb",
                "",
                "sep_multiline,space_eq",
                "oneline,-space_eq",
            ]),
            "reqopt" => self.pick_str(&[
                "no_pubkey",
                "no_sigdump",
                "no_attributes",
                "no_extensions",
                "ca_default",
                "bogus",
                "no_version,no_subject",
                "ext_parse",
                "",
                "no_header",
            ]),
            "days" => self.pick_str(&[
                "1",
                "365",
                "0",
                "-1",
                "abc",
                "99999999",
                "2147483647",
                "",
                "1x",
            ]),
            "set_serial" => self.pick_str(&[
                "1",
                "0x10",
                "-5",
                "0",
                "abc",
                "123456789012345678901234567890",
                "",
                "0xZZ",
            ]),
            "copy_extensions" => self.pick_str(&["none", "copy", "copyall", "bogus", "COPY"]),
            "sigopt" | "vfyopt" => self.pick_str(&[
                "rsa_padding_mode:pss",
                "rsa_pss_saltlen:32",
                "rsa_padding_mode:pkcs1",
                "rsa_padding_mode:bogus",
                "bogus:1",
                "nocolon",
                "distid:abc",
            ]),
            "provider" => self.pick_str(&["default", "legacy", "base", "null", "fips", "bogus"]),
            "provider-path" => self.pick_str(&[".", "/nonexistent", ""]),
            "propquery" => {
                self.pick_str(&["provider=default", "?fips=yes", "fips=yes", "bogus===", ""])
            }
            "rand" => {
                self.file("rnd.bin", [7u8; 64]);
                self.pick_str(&["rnd.bin", "missing.bin", "rnd.bin:missing.bin", ""])
            }
            "writerand" => self.pick_str(&["wr.bin", "sub/wr.bin", "", "rnd.bin"]),
            "engine" | "keygen_engine" => self.pick_str(&["bogus", "dynamic"]),
            "keyout" => self.out_file("k.pem"),
            "out" => self.out_file("r.pem"),
            "cipher" => self.pick_str(&["aes256", "des3", "bogus", "aes-128-cbc"]),
            "not_before" | "not_after" => {
                self.pick_str(&["20250101000000Z", "today", "bogus", "250101000000Z"])
            }
            _ => match value {
                Value::None | Value::Bare => String::new(),
                Value::InFile => self.csr_file(),
                Value::OutFile => self.out_file("o.pem"),
                Value::PosInt => self.pick_str(&["1", "0", "-1", "x", "100"]),
                Value::PemDer | Value::Format => self.pick_str(&[
                    "PEM", "DER", "pem", "der", "P", "D", "ENGINE", "bogus", "", "p12",
                ]),
                _ => self.pick_str(&["x", "", "-", "a:b"]),
            },
        }
    }

    /// A random option of the table, with a value if it takes one: one of
    /// the build's line, or now and then one that only other lines have.
    fn random_option(&mut self) {
        let rows: Vec<(&str, Value)> = REQ_OPTIONS
            .iter()
            .filter_map(|e| match e {
                Entry::Opt { name, value, .. } => Some((*name, *value)),
                _ => None,
            })
            .collect();
        let has: Vec<bool> = rows.iter().map(|(n, _)| line_has(n)).collect();
        // Options that rarely end a run early are drawn more often, so
        // that cases get past option parsing and into the program.
        const BENIGN: &[&str] = &[
            "text",
            "noout",
            "subject",
            "pubkey",
            "modulus",
            "verify",
            "utf8",
            "batch",
            "verbose",
            "newhdr",
            "nodes",
            "noenc",
            "multivalue-rdn",
            "nameopt",
            "reqopt",
            "days",
            "set_serial",
            "addext",
            "sigopt",
            "",
            "outform",
            "rand",
            "writerand",
            "copy_extensions",
            "subj",
            "passout",
            "x509",
            "extensions",
            "reqexts",
        ];
        // An option of another line ends the run at the option parser: such
        // rows count once each, and the line's own count double when the
        // line lacks many (1.1.1 lacks eleven, from -CA to -cipher; its build
        // has no provider rows at all), so that they stay about one draw in
        // twenty on every line.
        let lacking = has.iter().filter(|h| !**h).count();
        let own = 1 + lacking / 8;
        let weighted: Vec<(&str, Value)> = rows
            .iter()
            .zip(&has)
            .flat_map(|(&(n, v), &has)| {
                let weight = match (has, BENIGN.contains(&n)) {
                    (false, _) => 1,
                    (true, true) => 4 * own,
                    (true, false) => own,
                };
                std::iter::repeat_n((n, v), weight)
            })
            .collect();
        let (name, value) = *self.rng.pick(&weighted);
        if name.is_empty() {
            // The catch-all row: any digest name is an option.
            let d = self.pick_str(&[
                "-sha256",
                "-sha1",
                "-sha512",
                "-md5",
                "-sha3-256",
                "-SHA256",
                "-md4",
                "-shake128",
                "-sm3",
                "-blake2b512",
                "-bogus",
                "-ripemd160",
            ]);
            self.arg(&d);
            return;
        }
        self.arg(&format!("-{name}"));
        if !matches!(value, Value::None | Value::Bare) {
            let v = self.value_for(name, value);
            self.arg(&v);
        }
    }

    // ----- config -----

    /// A generated config file; returns its name.
    fn config(&mut self) -> String {
        let r = &mut self.rng;
        let mut c = String::new();
        let crlf = r.chance(5);
        let dn = *r.pick(&["dn", "req_dn", "missing_dn"]);
        let attrs = *r.pick(&["attrs", "missing_attrs"]);
        let ext = *r.pick(&["ext", "v3", "missing_ext"]);
        self.sections = vec![
            "req".into(),
            "ext".into(),
            "v3".into(),
            "other".into(),
            dn.into(),
        ];
        let r = &mut self.rng;
        if r.chance(40) {
            c += "# generated\n";
            c += *r.pick(&[
                "HOME = .\n",
                "dir = .\n",
                "cn = from.default\n",
                "oid_section = oids\n",
            ]);
            if r.chance(50) {
                c += "cn = from.default\ndir = .\n";
            }
            if r.chance(30) {
                c += "RANDFILE = $ENV::HOME/.rnd\n";
            }
        }
        if r.chance(15) {
            c += ".include part.cnf\n";
        }
        if r.chance(5) {
            c += ".pragma dollarid:on\n";
        }
        let req_name = if r.chance(85) { "req" } else { "other" };
        let _ = writeln!(c, "[ {req_name} ]");
        let prompt_no = r.chance(50);
        if prompt_no {
            c += "prompt = no\n";
        } else if r.chance(10) {
            c += *r.pick(&["prompt = yes\n", "prompt = bogus\n", "prompt = NO\n"]);
        }
        if r.chance(90) {
            let _ = writeln!(c, "distinguished_name = {dn}");
        }
        if r.chance(40) {
            let _ = writeln!(c, "attributes = {attrs}");
        }
        let optional: &[&[&str]] = &[
            &[
                "default_bits = 512\n",
                "default_bits = 1024\n",
                "default_bits = abc\n",
                "default_bits = 511\n",
            ],
            &[
                "default_keyfile = dk.pem\n",
                "default_keyfile = $dir/dk.pem\n",
                "default_keyfile = sub/dk.pem\n",
            ],
            &[
                "default_md = sha256\n",
                "default_md = sha512\n",
                "default_md = bogus\n",
                "default_md = default\n",
                "default_md = md5\n",
            ],
            &[
                "encrypt_key = no\n",
                "encrypt_key = yes\n",
                "encrypt_rsa_key = no\n",
            ],
            &[
                "string_mask = utf8only\n",
                "string_mask = nombstr\n",
                "string_mask = pkix\n",
                "string_mask = default\n",
                "string_mask = bogus\n",
                "string_mask = MASK:0x2002\n",
            ],
            &["utf8 = yes\n", "utf8 = no\n"],
            &[
                "input_password = secret\n",
                "output_password = abcd\n",
                "input_password = wrong\n",
            ],
            &["oid_file = oids.txt\n", "oid_section = oids\n"],
            &["dirstring_type = nobmp\n"],
        ];
        for group in optional {
            if r.chance(20) {
                c += *r.pick(group);
            }
        }
        if r.chance(40) {
            let _ = writeln!(c, "req_extensions = {ext}");
        }
        if r.chance(30) {
            let _ = writeln!(c, "x509_extensions = {ext}");
        }
        // The DN section.
        let _ = writeln!(c, "\n[ {} ]", if dn == "missing_dn" { "dn" } else { dn });
        let fields = [
            "countryName",
            "C",
            "stateOrProvinceName",
            "localityName",
            "0.organizationName",
            "1.organizationName",
            "organizationalUnitName",
            "commonName",
            "CN",
            "emailAddress",
            "+serialNumber",
            "bogusFieldName",
            "2.5.4.3",
            "1.OU",
            "title",
        ];
        // Values that break the config (an undefined variable, a line
        // continued into the next) only now and then.
        let mut vals = vec![
            "x",
            "US",
            "",
            "\"quoted value\"",
            "'single'",
            "a\\nb",
            "ü",
            "a b  c",
            "x.example",
            "Acme",
        ];
        if r.chance(15) {
            vals.extend([
                "${dn::CN}",
                "$ENV::REQ_VALUE",
                "trailing\\",
                "$undefined",
                "1234567890123456789012345678901234567890123456789012345678901234567890",
            ]);
        }
        if c.contains("cn = ") {
            vals.push("$cn");
        }
        for _ in 0..r.below(5) {
            let f = *r.pick(&fields);
            if prompt_no {
                let _ = writeln!(c, "{f} = {}", r.pick(&vals));
            } else {
                let _ = writeln!(
                    c,
                    "{f} = {} prompt",
                    f.trim_start_matches(['0', '1', '.', '+'])
                );
                for suffix in ["_default", "_min", "_max", "_value"] {
                    if r.chance(30) {
                        let v = match suffix {
                            "_min" | "_max" => {
                                r.pick(&["0", "1", "2", "4", "64", "x", "-1"]).to_string()
                            }
                            _ => r.pick(&vals).to_string(),
                        };
                        let _ = writeln!(c, "{f}{suffix} = {v}");
                    }
                }
            }
        }
        if r.chance(60) {
            c += "\n[ attrs ]\n";
            if prompt_no {
                c += *r.pick(&[
                    "challengePassword = s3cret\n",
                    "unstructuredName = u\n",
                    "bogusAttr = x\n",
                ]);
            } else {
                c += "challengePassword = A challenge password\n";
                c += *r.pick(&[
                    "challengePassword_min = 4\n",
                    "challengePassword_max = 3\n",
                    "challengePassword_default = pw\n",
                    "",
                ]);
                if r.chance(50) {
                    c += "unstructuredName = An optional name\nunstructuredName_default = dflt\n";
                }
            }
        }
        if r.chance(60) {
            let _ = writeln!(c, "\n[ {} ]", *r.pick(&["ext", "v3"]));
            let lines = [
                "basicConstraints = CA:FALSE",
                "basicConstraints = critical,CA:TRUE,pathlen:1",
                "keyUsage = critical, digitalSignature, keyEncipherment",
                "keyUsage = bogus",
                "subjectAltName = @alt",
                "subjectAltName = DNS:$cn",
                "subjectKeyIdentifier = hash",
                "authorityKeyIdentifier = keyid:always,issuer",
                "extendedKeyUsage = serverAuth",
                "1.2.3.4 = DER:30:03:02:01:05",
                "nsComment = \"a comment\"",
                "certificatePolicies = 1.2.3.4",
                "bogusExtension = x",
            ];
            for _ in 0..1 + r.below(3) {
                let _ = writeln!(c, "{}", r.pick(&lines));
            }
            c += "\n[ alt ]\nDNS.1 = alt.example\nIP.1 = 192.0.2.7\n";
        }
        if r.chance(20) {
            c += "\n[ oids ]\nmyOid = 1.2.3.4.5\ntestOid = 1.2.3.4.6, Test OID Long\n";
        }
        if r.chance(10) {
            // Syntax corners.
            c += *r.pick(&[
                "[ unterminated\n",
                "novalue\n",
                "key = value \\\ncontinued\n",
                "x = $\n",
                "[ other ]\nprompt = no\ndistinguished_name = dn\n",
                "bad = ${nosection::x}\n",
                "\u{ff}\n",
            ]);
        }
        if c.contains("$ENV::REQ_VALUE") && self.rng.chance(70) {
            self.env("REQ_VALUE", "from env");
        }
        if c.contains(".include") {
            let part = *self.rng.pick(&[
                "[ other ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = included\n",
                "cn = from.part\n",
                "[ unterminated\n",
            ]);
            self.file("part.cnf", part);
        }
        if c.contains("oid_file") {
            self.file("oids.txt", "1.2.3.4.7 fileOid File OID\ngarbage\n");
        }
        let c = if crlf { c.replace('\n', "\r\n") } else { c };
        let mut bytes = c.into_bytes();
        // A Latin-1 byte now and then, which must come out as it is.
        if self.rng.chance(5) {
            let at = self.rng.below(bytes.len());
            bytes.insert(at, 0xe9);
        }
        self.file("gen.cnf", bytes)
    }

    // ----- stdin -----

    fn answers(&mut self) {
        let pool = [
            "",
            "",
            "",
            ".",
            "x",
            "US",
            "x",
            "Some Org",
            "ü",
            "a b",
            "toolongcountry",
            "1234567890123456789012345678901234567890123456789012345678901234567890",
            "secret",
            "abcd",
            "cr\r",
            "nul\0byte",
        ];
        let mut s = String::new();
        if self.rng.chance(5) {
            // Longer than openssl's line buffers.
            s.push_str(&"y".repeat(*self.rng.pick(&[1023, 1024, 1025, 2000, 8200])));
            s.push('\n');
        }
        let lines = if self.rng.chance(75) {
            6 + self.rng.below(7)
        } else {
            self.rng.below(6)
        };
        for _ in 0..lines {
            s.push_str(*self.rng.pick(&pool));
            s.push('\n');
        }
        if self.rng.chance(20) && s.ends_with('\n') {
            s.pop(); // a last line without its newline
        }
        self.spec.stdin.extend_from_slice(s.as_bytes());
    }

    // ----- scenarios -----

    fn scenario(&mut self) {
        match self.rng.below(10) {
            0 | 1 => {
                // A request from a fixed key.
                let k = self.key_file();
                self.args(&["-new", "-key", &k]);
                if self.rng.chance(70) {
                    let s = self.subj();
                    self.args(&["-subj", &s]);
                }
                let o = self.out_file("r.pem");
                self.args(&["-out", &o]);
            }
            2 => {
                // A new key.
                let nk = self.newkey_spec();
                self.args(&["-newkey", &nk]);
                if self.rng.chance(60) {
                    let flag = if self.rng.chance(50) || !line_has("noenc") {
                        "-nodes"
                    } else {
                        "-noenc"
                    };
                    self.arg(flag);
                }
                let k = self.out_file("k.pem");
                self.args(&["-keyout", &k]);
                if self.rng.chance(70) {
                    let s = self.subj();
                    self.args(&["-subj", &s]);
                }
                let o = self.out_file("r.pem");
                self.args(&["-out", &o]);
            }
            3 if self.rng.chance(30) => {
                // A certificate from a request, or a request changed.
                let i = self.csr_file();
                self.args(&["-in", &i]);
                if self.rng.chance(50) {
                    let k = self.key_file();
                    self.args(&["-x509", "-key", &k]);
                } else {
                    let s = self.subj();
                    self.args(&["-subj", &s]);
                }
                let o = self.out_file("o.pem");
                self.args(&["-out", &o]);
            }
            3 => {
                // Reading a request.
                let i = self.csr_file();
                self.args(&["-in", &i]);
                if i.ends_with(".der") {
                    self.args(&["-inform", "DER"]);
                }
                for f in [
                    "-text", "-noout", "-verify", "-subject", "-pubkey", "-modulus",
                ] {
                    if self.rng.chance(25) {
                        self.arg(f);
                    }
                }
            }
            4 => {
                // A self-signed certificate.
                self.arg("-x509");
                if self.rng.chance(60) {
                    let k = self.key_file();
                    self.args(&["-key", &k]);
                } else {
                    let nk = self.newkey_spec();
                    self.args(&["-newkey", &nk, "-nodes", "-keyout", "k.pem"]);
                }
                let s = self.subj();
                self.args(&["-subj", &s]);
                let o = self.out_file("c.pem");
                self.args(&["-out", &o]);
            }
            5 if !line_has("CA") && !self.rng.chance(20) => {
                // A line without -CA (1.1.1) signs certificates with -key
                // only: a request made into a certificate, or a new one
                // (and one case in five keeps -CA, an unknown option there).
                self.arg("-x509");
                if self.rng.chance(50) {
                    let i = self.csr_file();
                    self.args(&["-in", &i]);
                } else {
                    let s = self.subj();
                    self.args(&["-new", "-subj", &s]);
                }
                let k = self.key_file();
                self.args(&["-key", &k, "-out", "c.pem"]);
            }
            5 => {
                // Signed by a CA.
                let ca = self.fixture("ca-cert.pem");
                let cakey = self.fixture("ca-key.pem");
                self.args(&["-CA", &ca, "-CAkey", &cakey]);
                if self.rng.chance(50) {
                    let i = self.csr_file();
                    self.args(&["-in", &i]);
                } else {
                    let k = self.key_file();
                    let s = self.subj();
                    self.args(&["-new", "-key", &k, "-subj", &s]);
                }
                self.args(&["-out", "c.pem"]);
            }
            6 | 7 => {
                // The DN dialogue, from a config.
                let k = self.key_file();
                let c = self.config();
                self.args(&["-new", "-key", &k, "-config", &c, "-out", "r.pem"]);
                self.answers();
            }
            8 => {
                // The README's seed command, with answers.
                self.args(&[
                    "-new", "-newkey", "rsa:512", "-nodes", "-keyout", "k.pem", "-out", "r.csr",
                ]);
                self.answers();
            }
            _ => {
                // Options drawn from the table alone.
                for _ in 0..1 + self.rng.below(5) {
                    self.random_option();
                }
            }
        }
    }

    /// openssl's grammar corners, applied to a word or two.
    fn mutate(&mut self) {
        let n = self.spec.args.len();
        if n == 0 {
            return;
        }
        let i = self.rng.below(n);
        let args = &mut self.spec.args;
        match self.rng.below(9) {
            0 if args[i].starts_with('-') && args[i].len() > 1 => args[i].insert(0, '-'),
            1 if args[i].starts_with('-') && i + 1 < n => {
                let v = args.remove(i + 1);
                args[i] = format!("{}={v}", args[i]);
            }
            2 => {
                args.truncate(i + 1); // a value option at the end loses its value
            }
            3 => args.insert(i, "--".into()),
            4 => args.push(self.rng.pick(&["extra", "-", "-=x", "="]).to_string()),
            5 => {
                let w = args[i].clone();
                args.insert(i, w);
            }
            6 => args.insert(
                i,
                self.rng.pick(&["-h", "-help", "--help", "-?"]).to_string(),
            ),
            7 if args[i].starts_with('-') => args[i] = args[i].to_uppercase(),
            _ => {
                let j = self.rng.below(n);
                args.swap(i, j);
            }
        }
    }

    fn generate(mut self) -> Spec {
        self.scenario();
        for _ in 0..self.rng.below(3) {
            self.random_option();
        }
        if self.rng.chance(15) && !self.has_option_word("-config") {
            // The config named by OPENSSL_CONF instead of -config.
            let c = if self.rng.chance(10) {
                self.pick_str(&["missing.cnf", "", "."])
            } else {
                self.config()
            };
            self.env("OPENSSL_CONF", &c);
        }
        if self.rng.chance(15) {
            self.mutate();
        }
        // Answers for the DN prompts that a run without -subj may ask.
        if self
            .rng
            .chance(if self.spec.stdin.is_empty() { 50 } else { 10 })
        {
            self.answers();
        }
        if self.rng.chance(5) {
            // A request on stdin (for the runs that read one).
            let c = fixture(*self.rng.pick(CSRS));
            let cut = if self.rng.chance(30) {
                self.rng.below(c.len())
            } else {
                c.len()
            };
            self.spec.stdin.extend_from_slice(&c[..cut]);
        }
        if self.rng.chance(8) {
            self.spec.umask = *self.rng.pick(&[0o000, 0o077, 0o027, 0o277]);
        }
        self.spec
    }

    fn has_option_word(&self, w: &str) -> bool {
        self.spec.args.iter().any(|a| a == w)
    }
}

// ---------------------------------------------------------------------------
// Running, judging, shrinking
// ---------------------------------------------------------------------------

/// What a difference looks like, to tell whether a smaller case shows the
/// same one: the headings of the report (which items differ, exit codes),
/// without the sizes.
fn signature(report: &str) -> BTreeSet<String> {
    report
        .lines()
        .filter(|l| l.starts_with("--- ") || l.starts_with("panic"))
        .map(|l| l.split(" (").next().unwrap_or(l).to_string())
        .collect()
}

/// Compares as the tests do, allowing only the README's deliberate
/// differences: when both runs fail, ours changes no file that openssl
/// wrote (README point 2); and a private key file of ours is 0600 whatever
/// mode openssl gave it (point 4).
fn judge(spec: &Spec, case: &Case, theirs: &Outcome, ours: &Outcome) -> Result<(), String> {
    let mut theirs = theirs.clone();
    let mut ours = ours.clone();
    theirs.stderr = mask_inline_tids(&theirs.stderr);
    ours.stderr = mask_inline_tids(&ours.stderr);
    if theirs.code != 0 && ours.code == theirs.code {
        let names: BTreeSet<String> = theirs
            .files
            .keys()
            .chain(ours.files.keys())
            .cloned()
            .collect();
        for n in names {
            let before = spec.input_state(&n);
            let mine = ours.files.get(&n).cloned();
            if mine == before && theirs.files.get(&n) != mine.as_ref() {
                match mine {
                    Some(v) => theirs.files.insert(n, v),
                    None => theirs.files.remove(&n),
                };
            }
        }
    }
    // The random state saved by -writerand or the config's RANDFILE is 1024
    // random bytes: compared by its length, as tests/suite/other_options.rs does.
    for n in spec.random_files() {
        for o in [&mut theirs, &mut ours] {
            if let Some((_, data)) = o.files.get_mut(&n) {
                *data = format!("<{} random bytes>\n", data.len()).into_bytes();
            }
        }
    }
    for (n, (mode, data)) in &ours.files {
        let key = data.windows(11).any(|w| w == b"PRIVATE KEY");
        if *mode == 0o600
            && key
            && let Some(t) = theirs.files.get_mut(n)
        {
            t.0 = 0o600;
        }
    }
    split_mixed(&mut theirs);
    split_mixed(&mut ours);
    // What `compare` does, with one mask more (mask_aki_serial).
    let (mut a, mut b) = normalize_pair(&theirs, &ours, &case.masks(), spec.key_pass().as_deref());
    for n in [&mut a, &mut b] {
        n.stdout = mask_aki_serial(&n.stdout);
        for (_, data) in n.files.values_mut() {
            *data = mask_aki_serial(data);
        }
    }
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

/// The random serial of a new certificate shows twice in its text: after
/// "Serial Number:", where the harness masks it (`<serial>`), and in the
/// `serial:` line of an Authority Key Identifier that names the issuer of
/// a self-signed certificate (`authorityKeyIdentifier = keyid,issuer`, as
/// in the stock usr_cert), which it does not. Masked here when the text
/// has a masked serial.
fn mask_aki_serial(data: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(data) else {
        return data.to_vec();
    };
    if !text.contains("<serial>") {
        return data.to_vec();
    }
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let hex = t
            .strip_prefix("serial:")
            .map(|v| v.trim_end())
            .filter(|v| v.contains(':') && v.bytes().all(|b| b.is_ascii_hexdigit() || b == b':'));
        match hex {
            Some(_) => {
                out.push_str(&line[..line.len() - t.len()]);
                out.push_str("serial:<serial>");
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            None => out.push_str(line),
        }
    }
    out.into_bytes()
}

/// Text followed by DER (`-pubkey` or `-text` with `-outform DER`): the
/// text part and the DER part are given to the harness as two items
/// (`NAME` and `NAME (DER part)`), so that each gets its masks -- a random
/// serial in the DER certificate after a PEM public key is masked like any
/// other.
fn split_mixed(o: &mut Outcome) {
    fn split(data: &[u8]) -> Option<usize> {
        let valid = match std::str::from_utf8(data) {
            Ok(_) => return None,
            Err(e) => e.valid_up_to(),
        };
        let at = data[..valid].iter().rposition(|&b| b == b'\n')? + 1;
        (data[at] == 0x30).then_some(at)
    }
    if let Some(at) = split(&o.stdout) {
        let der = o.stdout.split_off(at);
        o.files.insert("(stdout, DER part)".into(), (0, der));
    }
    let names: Vec<String> = o.files.keys().cloned().collect();
    for n in names {
        let (mode, data) = o.files.get_mut(&n).unwrap();
        if let Some(at) = split(data) {
            let der = data.split_off(at);
            let mode = *mode;
            o.files.insert(format!("{n} (DER part)"), (mode, der));
        }
    }
}

fn panic_text(p: Box<dyn std::any::Any + Send>) -> String {
    match p.downcast::<String>() {
        Ok(s) => *s,
        Err(p) => match p.downcast::<&str>() {
            Ok(s) => s.to_string(),
            Err(_) => "panic".to_string(),
        },
    }
}

/// Runs both programs on `spec`: None when they agree, else the report.
fn check(spec: &Spec) -> Option<String> {
    check_noting(spec, &mut |_| {})
}

/// [`check`], showing openssl's outcome to `note` (for the statistics).
fn check_noting(spec: &Spec, note: &mut dyn FnMut(&Outcome)) -> Option<String> {
    let catch = |f: &dyn Fn() -> Outcome| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(panic_text)
    };
    let case = spec.case();
    let theirs = catch(&|| case.run_openssl());
    if let Ok(t) = &theirs {
        note(t);
    }
    let ours = catch(&|| case.run_ours());
    // A hung run (the harness's timeout) or a harness failure.
    match (theirs, ours) {
        (Ok(t), Ok(o)) => {
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                judge(spec, &case, &t, &o)
            })) {
                Ok(r) => r.err(),
                Err(p) => Some(format!("panic: comparing: {}\n", panic_text(p))),
            }
        }
        // Both hung (a key read from the pipe of stdout...): nothing to compare.
        (Err(_), Err(_)) => None,
        (Err(e), Ok(o)) => Some(format!(
            "panic: openssl: {e}\nbut ours ended with exit code {}\n",
            o.code
        )),
        (Ok(t), Err(e)) => Some(format!(
            "panic: ours: {e}\nbut openssl ended with exit code {}\n",
            t.code
        )),
    }
}

/// What openssl did, in a word: the exit code and the first line of
/// stderr with its variable parts cut, to see which paths the cases reach.
fn outcome_kind(o: &Outcome) -> String {
    let e = mask_inline_tids(&mask_stream(&o.stderr));
    let first = e.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    let first: String = first
        .split(['"', '\''])
        .next()
        .unwrap_or_default()
        .chars()
        .take(60)
        .collect();
    format!("exit {}: {first}", o.code)
}

/// Every one-step-smaller variant of `s`, the most promising first.
fn smaller(s: &Spec) -> Vec<Spec> {
    let mut out = Vec::new();
    // An option with its value, then single words.
    for i in (0..s.args.len().saturating_sub(1)).rev() {
        let mut t = s.clone();
        t.args.drain(i..i + 2);
        out.push(t);
    }
    for i in (0..s.args.len()).rev() {
        let mut t = s.clone();
        t.args.remove(i);
        out.push(t);
    }
    if !s.stdin.is_empty() {
        let mut t = s.clone();
        t.stdin.clear();
        out.push(t);
        let lines: Vec<&[u8]> = s.stdin.split_inclusive(|&b| b == b'\n').collect();
        for i in (0..lines.len()).rev() {
            let mut t = s.clone();
            t.stdin = lines
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .flat_map(|(_, l)| l.iter().copied())
                .collect();
            out.push(t);
        }
    }
    for i in (0..s.env.len()).rev() {
        let mut t = s.clone();
        t.env.remove(i);
        out.push(t);
    }
    if s.umask != 0o022 {
        let mut t = s.clone();
        t.umask = 0o022;
        out.push(t);
    }
    for i in (0..s.links.len()).rev() {
        let mut t = s.clone();
        t.links.remove(i);
        out.push(t);
    }
    for i in (0..s.dirs.len()).rev() {
        let mut t = s.clone();
        t.dirs.remove(i);
        out.push(t);
    }
    for i in (0..s.files.len()).rev() {
        let mut t = s.clone();
        t.files.remove(i);
        out.push(t);
        if s.files[i].mode != 0o644 {
            let mut t = s.clone();
            t.files[i].mode = 0o644;
            out.push(t);
        }
        if !s.files[i].fixture {
            let lines: Vec<&[u8]> = s.files[i].data.split_inclusive(|&b| b == b'\n').collect();
            for j in (0..lines.len()).rev() {
                let mut t = s.clone();
                t.files[i].data = lines
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != j)
                    .flat_map(|(_, l)| l.iter().copied())
                    .collect();
                out.push(t);
            }
        }
    }
    out
}

/// Shrinks `spec` while the difference keeps its signature (bounded number
/// of runs). Returns the smallest case and its report.
fn shrink(spec: Spec, report: String) -> (Spec, String) {
    let want = signature(&report);
    let (mut best, mut best_report) = (spec, report);
    // Bounded in runs and in time (a case that hangs costs the timeout).
    let mut budget = 400;
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    'outer: loop {
        for t in smaller(&best) {
            if budget == 0 || std::time::Instant::now() > deadline {
                break 'outer;
            }
            budget -= 1;
            if let Some(r) = check(&t)
                && signature(&r) == want
            {
                best = t;
                best_report = r;
                continue 'outer;
            }
        }
        break;
    }
    (best, best_report)
}

struct Finding {
    index: u64,
    original: Spec,
    minimal: Spec,
    report: String,
    reproduced: bool,
}

fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

#[test]
#[ignore = "the differential fuzzer: tools/difffuzz --seed S --cases N"]
fn difffuzz() {
    let seed = env_u64("DIFFFUZZ_SEED", 1);
    let cases = env_u64("DIFFFUZZ_CASES", 100);
    let first = env_u64("DIFFFUZZ_FIRST", 0);
    let jobs = env_u64(
        "DIFFFUZZ_JOBS",
        std::thread::available_parallelism().map_or(2, |n| n.get() as u64),
    );
    let verbose = std::env::var_os("DIFFFUZZ_VERBOSE").is_some();
    // Fail loudly here, not in every case, when the reference is missing.
    openssl_path();
    // Timeouts and harness failures are caught per case and reported as
    // differences; the default hook would print each one mid-run.
    std::panic::set_hook(Box::new(|_| {}));

    let next = AtomicUsize::new(0);
    let findings: Mutex<BTreeMap<u64, Finding>> = Mutex::new(BTreeMap::new());
    let kinds: Mutex<BTreeMap<String, usize>> = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed) as u64;
                    if k >= cases {
                        break;
                    }
                    let index = first + k;
                    let spec = Gen::new(Rng::for_case(seed, index)).generate();
                    if verbose {
                        eprint!("difffuzz: case {index}: {}", spec.render());
                    }
                    let mut kind = String::new();
                    let found = check_noting(&spec, &mut |o| kind = outcome_kind(o));
                    if verbose {
                        eprintln!("difffuzz: case {index}: openssl: {kind}");
                    }
                    *kinds.lock().unwrap().entry(kind).or_insert(0) += 1;
                    let Some(report) = found else { continue };
                    // A difference that does not come back is reported as such.
                    let reproduced =
                        check(&spec).is_some_and(|r| signature(&r) == signature(&report));
                    let (minimal, report) = if reproduced {
                        shrink(spec.clone(), report)
                    } else {
                        (spec.clone(), report)
                    };
                    findings.lock().unwrap().insert(
                        index,
                        Finding {
                            index,
                            original: spec,
                            minimal,
                            report,
                            reproduced,
                        },
                    );
                }
            });
        }
    });
    let _ = std::panic::take_hook();

    let findings = findings.into_inner().unwrap();
    // Several cases often shrink to the same one: print it once.
    let mut seen: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for f in findings.values() {
        seen.entry(f.minimal.render()).or_default().push(f.index);
    }
    let mut out = String::new();
    let mut printed = BTreeSet::new();
    for f in findings.values() {
        let min = f.minimal.render();
        if !printed.insert(min.clone()) {
            continue;
        }
        let _ = writeln!(
            out,
            "\n===== difference (case {} of seed {seed}{}; again: tools/difffuzz --seed {seed} --case {}){}",
            f.index,
            match seen[&min].len() {
                1 => String::new(),
                n => format!(", and {} other cases", n - 1),
            },
            f.index,
            if f.reproduced {
                ""
            } else {
                " -- did NOT reproduce on a second run"
            }
        );
        let _ = write!(out, "minimal: {min}");
        if f.reproduced && f.original.render() != min {
            let _ = write!(out, "as generated: {}", f.original.render());
        }
        out += &f.report;
    }
    if std::env::var_os("DIFFFUZZ_STATS").is_some() {
        let mut kinds: Vec<(usize, String)> = kinds
            .into_inner()
            .unwrap()
            .into_iter()
            .map(|(k, n)| (n, k))
            .collect();
        kinds.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let _ = writeln!(out, "difffuzz: what openssl did ({} kinds):", kinds.len());
        for (n, k) in kinds {
            let _ = writeln!(out, "{n:6}  {k}");
        }
    }
    let _ = writeln!(
        out,
        "difffuzz: seed {seed}, cases {first}..{}: {} with differences ({} distinct)",
        first + cases,
        findings.len(),
        printed.len()
    );
    eprint!("{out}");
    assert!(findings.is_empty(), "the fuzzer found differences (above)");
}

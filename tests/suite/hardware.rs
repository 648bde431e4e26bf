//! Keys that never leave hardware (issue 18): a PKCS#11 token through
//! libp11's `pkcs11` engine, and a TPM 2.0 through the `tpm2` provider, with
//! the real `openssl req` of the line beside ours on every case.
//!
//! Real components, not mocks, from Debian's packages (`tools/hardware-install`):
//! SoftHSM2 is the token (a directory of files named by `SOFTHSM2_CONF`),
//! `pkcs11-tool` makes its keys inside it, swtpm is the TPM (one per test, on
//! a pair of loopback TCP ports, as tpm2-tss's swtpm TCTI wants them), and
//! tpm2-tools makes a persistent key handle in it. The token and the TPMs
//! live in temporary directories made at test time.
//!
//! Where the components are missing the tests say so on stderr (past the
//! test runner's capture) and return; with `OPENSSL_REQ_REQUIRE_HARDWARE=1`
//! (`.ci/run` sets it, after `tools/hardware-install`) they fail instead.
//!
//! Every line: 3.0 is Debian's shared libcrypto, the engine's and
//! provider's own. The other lines' references are static `no-module`
//! builds that still load shared objects (DSO): Debian's engine and
//! provider, linked to the system's libcrypto, run inside them when
//! `OPENSSL_ENGINES`/`OPENSSL_MODULES` point at Debian's directories, which
//! every case sets for both programs. 4.0 has no engines: there the engine
//! cases compare how both refuse `-engine`, `-keyform engine` and an
//! `engines` config module, and the provider cases run as on every line.
//!
//! Signatures: RSA PKCS#1 v1.5 and PSS with salt length 0 are deterministic,
//! so those requests are compared byte for byte; ECDSA, PSS with a random
//! salt and certificates (random serial, times) are compared through the
//! harness's masks: the signed part must match and the signature verify.

use crate::common::*;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

/// The token's user PIN and label, and its keys, made inside it.
const PIN: &str = "1234";
const TOKEN_LABEL: &str = "openssl-req";
const RSA: &str = "pkcs11:object=rsa2048;type=private";
const RSA3072: &str = "pkcs11:object=rsa3072;type=private";
const EC: &str = "pkcs11:object=ec256;type=private";
const PIN_PROMPT: &str = "Enter PKCS#11 token PIN for openssl-req:";

/// The persistent TPM key handle made by [`Tpm::persistent_rsa`].
const HANDLE: &str = "handle:0x81000001";

/// Where Debian's packages put what the tests drive.
struct Components {
    /// The system libcrypto's ENGINESDIR and MODULESDIR (`openssl version -e -m`
    /// of /usr/bin/openssl), where libengine-pkcs11-openssl and tpm2-openssl
    /// install `pkcs11.so` and `tpm2.so`.
    engines_dir: String,
    modules_dir: String,
}

const SOFTHSM_MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
/// The system's own openssl (3.0), for setting up keys and a CA certificate
/// in the token and the TPM whatever line is under test.
const SYSTEM_OPENSSL: &str = "/usr/bin/openssl";

fn components() -> Option<&'static Components> {
    static C: OnceLock<Option<Components>> = OnceLock::new();
    C.get_or_init(|| {
        let dirs = Command::new(SYSTEM_OPENSSL)
            .args(["version", "-e", "-m"])
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&dirs.stdout).into_owned();
        let quoted = |key: &str| {
            let line = text.lines().find(|l| l.starts_with(key))?;
            Some(line.split('"').nth(1)?.to_string())
        };
        let c = Components {
            engines_dir: quoted("ENGINESDIR:")?,
            modules_dir: quoted("MODULESDIR:")?,
        };
        let needed = [
            format!("{}/pkcs11.so", c.engines_dir),
            format!("{}/tpm2.so", c.modules_dir),
            SOFTHSM_MODULE.to_string(),
        ];
        let tools = ["softhsm2-util", "pkcs11-tool", "swtpm", "tpm2_evictcontrol"];
        let path = std::env::var_os("PATH").unwrap_or_default();
        let missing: Vec<String> = needed
            .iter()
            .filter(|f| !Path::new(f).exists())
            .cloned()
            .chain(
                tools
                    .iter()
                    .filter(|t| find_in_path(t, &path).is_none())
                    .map(|t| t.to_string()),
            )
            .collect();
        missing.is_empty().then_some(c).or_else(|| {
            missing_components(&missing.join(", "));
            None
        })
    })
    .as_ref()
}

/// Fails under `OPENSSL_REQ_REQUIRE_HARDWARE=1`, else says so where the
/// runner does not capture it (a direct write, not `eprintln!`).
fn missing_components(what: &str) {
    let missing = format!("{what} missing (run tools/hardware-install as root)");
    assert!(
        std::env::var_os("OPENSSL_REQ_REQUIRE_HARDWARE").is_none(),
        "OPENSSL_REQ_REQUIRE_HARDWARE is set, but {missing}"
    );
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "hardware tests SKIPPED: {missing}");
}

/// Runs a set-up command; a failure there is the test's failure.
#[track_caller]
fn setup(cmd: &mut Command) -> Vec<u8> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "set-up failed: {cmd:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A directory under cargo's per-target scratch space that lives as long as
/// this test process: the token is made once and shared by every test.
/// Directories left by earlier runs (whose process is gone) are removed.
fn scratch_dir(kind: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
    if let Ok(entries) = std::fs::read_dir(base) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix(&format!("{kind}-"))
                && !Path::new("/proc").join(pid).exists()
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    let dir = base.join(format!("{kind}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

// ----- the PKCS#11 token -------------------------------------------------------

/// A SoftHSM2 token with RSA 2048, RSA 3072 and EC P-256 keys generated
/// inside it, and a CA certificate for the RSA 2048 key.
struct Token {
    /// Where the token was made, with its `tokens` directory.
    dir: PathBuf,
    ca_cert: Vec<u8>,
}

/// A softhsm2.conf for a token directory.
fn softhsm_conf(dir: &Path) -> PathBuf {
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n",
            dir.display()
        ),
    )
    .expect("write softhsm2.conf");
    conf
}

impl Token {
    /// A copy of the token for one case. SoftHSM rewrites the token's file
    /// at every login, good or bad (its PIN-count flags), and a process
    /// reading it meanwhile finds no initialized token; tests run in
    /// parallel, so each case has a token of its own (the two programs of
    /// a case run one after the other).
    fn copy_conf(&self) -> String {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let copy = self.dir.join(format!("case-{n}"));
        std::fs::create_dir(&copy).expect("token copy dir");
        setup(
            Command::new("cp")
                .arg("-a")
                .arg(self.dir.join("tokens"))
                .arg(copy.join("tokens")),
        );
        softhsm_conf(&copy).to_string_lossy().into_owned()
    }
}

fn token() -> Option<&'static Token> {
    let c = components()?;
    static T: OnceLock<Token> = OnceLock::new();
    Some(T.get_or_init(|| {
        let dir = scratch_dir("softhsm");
        std::fs::create_dir(dir.join("tokens")).expect("token dir");
        let conf = softhsm_conf(&dir).to_string_lossy().into_owned();
        let run = |program: &str, cmd: &str| {
            setup(
                Command::new(program)
                    .env("SOFTHSM2_CONF", &conf)
                    .env("PKCS11_MODULE_PATH", SOFTHSM_MODULE)
                    .env("OPENSSL_ENGINES", &c.engines_dir)
                    .current_dir(&dir)
                    .args(words(cmd)),
            )
        };
        run(
            "softhsm2-util",
            &format!("--init-token --free --label {TOKEN_LABEL} --so-pin 5678 --pin {PIN}"),
        );
        for (key_type, label, id) in [
            ("rsa:2048", "rsa2048", "01"),
            ("rsa:3072", "rsa3072", "02"),
            ("EC:prime256v1", "ec256", "03"),
        ] {
            run(
                "pkcs11-tool",
                &format!(
                    "--module {SOFTHSM_MODULE} --token-label {TOKEN_LABEL} --login --pin {PIN} \
                     --keypairgen --key-type {key_type} --label {label} --id {id}"
                ),
            );
        }
        run(
            SYSTEM_OPENSSL,
            &format!(
                "req -new -x509 -engine pkcs11 -keyform engine -key {RSA} -passin pass:{PIN} \
                 -subj /CN=Token_CA -set_serial 1 -days 30 -out ca.pem"
            ),
        );
        let ca_cert = std::fs::read(dir.join("ca.pem")).expect("read the CA certificate");
        Token { dir, ca_cert }
    }))
}

/// The words of a command line (split at spaces: no argument here has one).
fn words(cmd: &str) -> Vec<&str> {
    cmd.split_ascii_whitespace().collect()
}

/// A case that reaches the token: its own copy of the token, libp11's
/// module path (`PKCS11_MODULE_PATH`, so that the engine loads SoftHSM
/// itself, not p11-kit's proxy), Debian's engine and module directories,
/// the token's CA certificate as `ca.pem`, and file keys beside it.
fn token_case(cmd: &str) -> Option<Case> {
    let c = components()?;
    let t = token()?;
    Some(
        Case::new(&words(cmd))
            .env("SOFTHSM2_CONF", &t.copy_conf())
            .env("PKCS11_MODULE_PATH", SOFTHSM_MODULE)
            .env("OPENSSL_ENGINES", &c.engines_dir)
            .env("OPENSSL_MODULES", &c.modules_dir)
            .file("ca.pem", &t.ca_cert)
            .fixtures(&[
                "rsa2048.pem",
                "ec-p256.pem",
                "ca-cert.pem",
                "ca-key.pem",
                "csr-rsa.pem",
            ]),
    )
}

/// `token!("-new -key {RSA} ...")`: the case of that command line (a
/// `format!` string), or the test returns where the components are missing.
macro_rules! token {
    ($($fmt:tt)+) => {
        match token_case(&format!($($fmt)+)) {
            Some(case) => case,
            None => return,
        }
    };
}

/// The engine and the PIN from `-passin`, for a token key given by `-key`.
const ENGINE: &str = "-engine pkcs11 -keyform engine -passin pass:1234";

/// Like `assert_same`, tolerating one thing: SoftHSM killed by SIGSEGV at
/// exit. When libp11 loads SoftHSM, SoftHSM's C++ static destructors are
/// registered (`__cxa_atexit`) after libcrypto's own exit handler; at exit
/// they run first, and libcrypto's `OPENSSL_cleanup` then finishes the
/// engine, whose `C_CloseAllSessions`/`C_Finalize` land in the torn-down
/// SoftHSM. That happens after the program has printed everything, flushed
/// and left its files, and only on a run that fails (exit 1) with the engine
/// still holding the module. Tolerated: exit status 139 (128 + SIGSEGV) in
/// place of 1, on either side; both must still be 1 or 139, and stdout,
/// stderr and the files are compared exactly as `assert_same` does.
#[track_caller]
fn assert_same_failure_tolerating_softhsm_exit(case: &Case) -> (Outcome, Outcome) {
    let mut theirs = case.run_openssl();
    let mut ours = case.run_ours();
    for (who, o) in [("openssl", &mut theirs), ("openssl-req", &mut ours)] {
        assert!(
            o.code == 1 || o.code == 139,
            "{who} exited {} where 1 (or 139, SoftHSM at exit) was expected\n{}",
            o.code,
            case.describe()
        );
        o.code = 1;
    }
    if let Err(report) = compare(case, &theirs, &ours) {
        panic!("{report}");
    }
    (theirs, ours)
}

/// Whether the line has engines (4.0 has none: `-engine` is an unknown
/// option there, `-keyform engine` a bad format).
fn engines() -> bool {
    before("4.0")
}

/// Whether Debian's pkcs11 engine, the only one here, can sign inside this
/// line's reference. It is built for the system's libcrypto 3.0, which it
/// brings into the process beside the reference's own static libcrypto. On
/// 3.0 (the engine's own library) and in the static 3.3, 3.4, 3.5 and 3.6
/// builds that works; inside the static 3.1 and 3.2 builds the real openssl
/// dies with SIGSEGV (139) as soon as the engine signs or loads a key, or
/// hangs in the engine store, and openssl-req, on the same libcrypto, does
/// exactly the same (seen in a full run of these tests on each line). That
/// says nothing about either program, only that the two libcryptos do not
/// mix there: a real installation of those lines has an engine built for
/// its own library, which cannot be had here. So on 3.1 and 3.2 the cases
/// that need the engine to work are skipped, loudly; the cases where the
/// engine is refused or fails before it signs (a file key beside it, a
/// wrong PIN, a missing object or module, unknown engines) still run.
fn engine_signs_here() -> bool {
    use std::io::Write;
    if !engine_loads_here() {
        return false;
    }
    if line_at_least("3.1") && !line_at_least("3.3") {
        let _ = writeln!(
            std::io::stderr(),
            "hardware engine cases SKIPPED on {}: Debian's pkcs11 engine is built for \
             libcrypto 3.0 and crashes inside this line's static openssl (both programs alike)",
            line()
        );
        return false;
    }
    true
}

/// Whether Debian's pkcs11 engine loads into this line's reference at all:
/// not into 1.1.1's, which refuses an engine built for libcrypto 3.0
/// (`dynamic_load:version incompatibility`, both programs alike). There
/// every case that needs the engine is skipped, loudly; the cases that fail
/// before any engine is loaded (an unknown engine, `-keyform engine`
/// without one) still run.
fn engine_loads_here() -> bool {
    use std::io::Write;
    if !line_at_least("3.0") {
        let _ = writeln!(
            std::io::stderr(),
            "hardware engine cases SKIPPED on {}: Debian's pkcs11 engine is built for \
             libcrypto 3.0 and does not load into this line's openssl (version incompatibility)",
            line()
        );
        return false;
    }
    true
}

/// Returns from the test where the engine does not load (`engine_loads_here`).
macro_rules! needs_a_loadable_engine {
    () => {
        if !engine_loads_here() {
            return;
        }
    };
}

/// Returns from the test where the engine cannot sign (`engine_signs_here`).
macro_rules! needs_a_working_engine {
    () => {
        if !engine_signs_here() {
            return;
        }
    };
}

/// What openssl did, besides ours doing exactly the same (`assert_same`):
/// a test of a success must not pass on two identical failures.
trait Expect {
    /// openssl exited 0.
    fn signs(&self) -> (Outcome, Outcome);
    /// `signs` where the line has engines; exit 1 on 4.0, which has none.
    fn signs_with_engine(&self) -> (Outcome, Outcome);
    /// openssl exited 1 (on every line).
    fn fails(&self) -> (Outcome, Outcome);
    /// openssl exited with `code`.
    fn exits(&self, code: i32) -> (Outcome, Outcome);
    /// A failure with the engine holding SoftHSM: exit 1, or 139 as
    /// [`assert_same_failure_tolerating_softhsm_exit`] says; on 4.0 `fails`.
    fn fails_in_softhsm(&self) -> (Outcome, Outcome);
}

impl Expect for Case {
    #[track_caller]
    fn signs(&self) -> (Outcome, Outcome) {
        let (theirs, ours) = self.assert_same();
        assert_eq!(theirs.code, 0, "openssl failed:\n{}", theirs.stderr_str());
        (theirs, ours)
    }

    #[track_caller]
    fn signs_with_engine(&self) -> (Outcome, Outcome) {
        if engines() {
            self.signs()
        } else {
            self.fails()
        }
    }

    #[track_caller]
    fn fails(&self) -> (Outcome, Outcome) {
        self.exits(1)
    }

    #[track_caller]
    fn exits(&self, code: i32) -> (Outcome, Outcome) {
        let (theirs, ours) = self.assert_same();
        assert_eq!(
            theirs.code,
            code,
            "openssl exited {}:\n{}",
            theirs.code,
            theirs.stderr_str()
        );
        (theirs, ours)
    }

    #[track_caller]
    fn fails_in_softhsm(&self) -> (Outcome, Outcome) {
        if engines() {
            assert_same_failure_tolerating_softhsm_exit(self)
        } else {
            self.fails()
        }
    }
}

// ----- the failures: a file key beside -engine --------------------------

/// openssl's `setup_engine(id, 0)` makes the engine the default for every
/// method, so a file key is handed to the pkcs11 engine's RSA/EC methods,
/// which cannot sign with it: `default_check:command not supported`, exit 1,
/// nothing written.
#[test]
fn file_key_beside_the_engine_fails_as_in_openssl() {
    needs_a_loadable_engine!();
    token!("-new -engine pkcs11 -key rsa2048.pem -subj /CN=x -out r.csr").fails();
    token!("-new -engine pkcs11 -key ec-p256.pem -subj /CN=x -out r.csr").fails();
}

#[test]
fn file_key_beside_the_engine_fails_for_x509_and_ca() {
    needs_a_loadable_engine!();
    // On 3.6 both programs die here, in the request's self-signature check
    // (load_csr_autofmt, since 3.2): the engine's RSA method, now the
    // default, hands the static 3.6 libcrypto's RSA object to RSA_verify of
    // the system's 3.0 libcrypto that Debian's engine is linked to, which
    // dereferences a lock 3.6's object does not have. Two libcryptos in one
    // process: an artifact of testing Debian's engine against the static
    // reference build, not of a 3.6 installation with its own engine; ours
    // must still do exactly what openssl does.
    token!("-in csr-rsa.pem -x509 -key rsa2048.pem -engine pkcs11 -out c.pem")
        .fresh_cert()
        .exits(by_line([("3.0", 1), ("3.6", 139), ("4.0", 1)]));
    token!("-new -x509 -CA ca-cert.pem -CAkey ca-key.pem -engine pkcs11 -key rsa2048.pem -subj /CN=x -out c.pem")
        .fresh_cert()
        .fails();
    // The request key in the token, the CA key a file: the CA key is
    // handed to the engine too.
    token!(
        "-new -x509 -CA ca-cert.pem -CAkey ca-key.pem {ENGINE} -key {RSA} -subj /CN=x -out c.pem"
    )
    .fresh_cert()
    .fails();
}

#[test]
fn keygen_engine_is_set_up_as_the_default_too() {
    // An engine that cannot be found: the usage error naming "req".
    token!("-new -keygen_engine nosuch -key rsa2048.pem -subj /CN=x").fails();
    needs_a_loadable_engine!();
    // `-keygen_engine` is `setup_engine(id, 0)` as well (req.c), so a file
    // key is refused as with -engine; with -newkey libp11 has no key
    // generation method to give ("Error allocating keygen context").
    token!("-new -keygen_engine pkcs11 -key rsa2048.pem -subj /CN=x -out r.csr").fails();
    token!(
        "-new -keygen_engine pkcs11 -newkey rsa:2048 -nodes -keyout k.pem -subj /CN=x -out r.csr"
    )
    .fresh_key()
    .fails();
}

// ----- the PIN -------------------------------------------------------------------

#[test]
fn pin_from_each_passin_source() {
    needs_a_working_engine!();
    let req = format!("-new -engine pkcs11 -keyform engine -key {RSA} -subj /CN=api -out r.csr");
    token!("{req} -passin pass:1234").signs_with_engine();
    token!("{req} -passin file:pin.txt")
        .file("pin.txt", "1234\n")
        .signs_with_engine();
    token!("{req} -passin env:TOKEN_PIN")
        .env("TOKEN_PIN", PIN)
        .signs_with_engine();
    token!("{req} -passin stdin")
        .stdin("1234\n")
        .signs_with_engine();
    token!("{req} -passin fd:0")
        .stdin("1234\n")
        .signs_with_engine();
}

#[test]
fn pin_at_the_prompt() {
    needs_a_working_engine!();
    // No -passin: libp11 asks through openssl's UI; without a terminal the
    // prompt goes to stderr and the PIN is read from stdin.
    token!("-new -engine pkcs11 -keyform engine -key {RSA} -subj /CN=api -out r.csr")
        .stdin("1234\n")
        .signs_with_engine();
}

#[test]
fn pin_typed_at_the_terminal() {
    needs_a_working_engine!();
    token!("-new -engine pkcs11 -keyform engine -key {RSA} -subj /CN=api -out r.csr")
        .answer_secret(PIN_PROMPT, "1234\n")
        .signs_with_engine();
}

#[test]
fn pin_in_the_uri() {
    needs_a_working_engine!();
    token!(
        "-new -engine pkcs11 -keyform engine -key {RSA};pin-value=1234 -subj /CN=api -out r.csr"
    )
    .signs_with_engine();
    // libp11 takes the whole file as the PIN: no newline.
    token!("-new -engine pkcs11 -keyform engine -key {RSA};pin-source=file:pin.txt -subj /CN=api -out r.csr")
        .file("pin.txt", "1234")
        .signs_with_engine();
}

// ----- failures ------------------------------------------------------------------

#[test]
fn wrong_pin() {
    needs_a_loadable_engine!();
    token!("-new {ENGINE} -key {RSA} -passin pass:9999 -subj /CN=x -out r.csr").fails_in_softhsm();
    token!("-new -engine pkcs11 -keyform engine -key {RSA} -subj /CN=x -out r.csr")
        .stdin("9999\n")
        .fails_in_softhsm();
}

#[test]
fn missing_object() {
    needs_a_loadable_engine!();
    token!("-new {ENGINE} -key pkcs11:object=nosuch;type=private -subj /CN=x -out r.csr")
        .fails_in_softhsm();
}

#[test]
fn missing_pkcs11_module() {
    needs_a_loadable_engine!();
    // libp11 loads the module at the first use of the token, not when the
    // engine is set up: "Engine set", then the key cannot be loaded.
    token!("-new {ENGINE} -key {RSA} -subj /CN=x -out r.csr")
        .env("PKCS11_MODULE_PATH", "/nonexistent/libpkcs11.so")
        .fails();
}

#[test]
fn unknown_engine_and_no_engine_for_keyform_engine() {
    token!("-new -engine nosuch -keyform engine -key {RSA} -subj /CN=x").fails();
}

#[test]
fn engine_given_by_path() {
    needs_a_loadable_engine!();
    // ENGINE_by_id(path) first binds the file under the path as its id
    // (libp11: "bad engine id"); try_load_engine then loads it and "pkcs11"
    // is set, but not added to the engine list, so the store loader's
    // ENGINE_by_id("pkcs11") fails (dynamic_load: init failed) and the key
    // cannot be loaded.
    let dir = components().map_or("", |c| &c.engines_dir);
    token!("-new -engine {dir}/pkcs11.so -keyform engine -key {RSA} -passin pass:1234 -subj /CN=x")
        .fails();
}

#[test]
fn engine_auto_and_the_engine_store_uri() {
    needs_a_working_engine!();
    // The URI alone, through the loader openssl's main registers.
    token!("-new -key org.openssl.engine:pkcs11:{RSA} -passin pass:1234 -subj /CN=api -out r.csr")
        .signs_with_engine();
    token!("-new -engine auto -key org.openssl.engine:pkcs11:{RSA} -passin pass:1234 -subj /CN=api -out r.csr")
        .signs_with_engine();
}

// ----- engines from a config file ----------------------------------------------

fn engine_config() -> String {
    let dir = components().map_or("", |c| &c.engines_dir);
    format!(
        "openssl_conf = init\n\
         [init]\nengines = engines\n\
         [engines]\npkcs11 = pkcs11_engine\n\
         [pkcs11_engine]\nengine_id = pkcs11\ndynamic_path = {dir}/pkcs11.so\n\
         MODULE_PATH = {SOFTHSM_MODULE}\nPIN = {PIN}\ninit = 1\n\
         [req]\ndistinguished_name = dn\n[dn]\n"
    )
}

#[test]
fn engine_from_config_and_openssl_conf() {
    needs_a_working_engine!();
    // The engine configured (module path and PIN) and initialised by the
    // config's engines section; the key by its store URI.
    let req = format!("-new -key org.openssl.engine:pkcs11:{RSA} -subj /CN=api -out r.csr");
    token!("{req} -config hw.cnf")
        .file("hw.cnf", engine_config())
        .signs_with_engine();
    token!("{req}")
        .file("hw.cnf", engine_config())
        .env("OPENSSL_CONF", "hw.cnf")
        .signs_with_engine();
    token!("-new -engine pkcs11 -keyform engine -key {RSA} -subj /CN=api")
        .file("hw.cnf", engine_config())
        .env("OPENSSL_CONF", "hw.cnf")
        .signs_with_engine();
}

// ----- certificates, digests, printing -------------------------------------------

#[test]
fn self_signed_certificate_with_the_token_key() {
    needs_a_working_engine!();
    token!("-new -x509 -days 7 -subj /CN=api -out c.pem {ENGINE} -key {RSA}")
        .fresh_cert()
        .signs_with_engine();
}

#[test]
fn ca_key_in_the_token() {
    needs_a_working_engine!();
    // A file request key, signed by the token's CA key.
    token!("-new -x509 -key rsa2048.pem -CA ca.pem -CAkey org.openssl.engine:pkcs11:{RSA} -passin pass:1234 -subj /CN=leaf -out c.pem")
        .fresh_cert()
        .signs_with_engine();
    // Both keys in the token, the request key through -keyform engine.
    token!("-new -x509 -CA ca.pem -CAkey org.openssl.engine:pkcs11:{RSA} {ENGINE} -key {EC} -subj /CN=leaf -out c.pem")
        .fresh_cert()
        .signs_with_engine();
}

#[test]
fn digests_and_pss() {
    needs_a_working_engine!();
    token!("-new -subj /CN=api -out r.csr {ENGINE} -key {RSA} -sha384").signs_with_engine();
    // PSS with salt length 0 is deterministic: byte for byte.
    token!("-new -subj /CN=api -out r.csr {ENGINE} -key {RSA3072} -sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:0")
        .signs_with_engine();
    token!("-new -subj /CN=api -out r.csr {ENGINE} -key {RSA} -sigopt rsa_padding_mode:pss")
        .fresh_sig()
        .signs_with_engine();
}

#[test]
fn ec_key_in_the_token() {
    needs_a_working_engine!();
    token!("-new -subj /CN=api -out r.csr -text {ENGINE} -key {EC}")
        .fresh_sig()
        .signs_with_engine();
}

#[test]
fn printing_and_der_output() {
    needs_a_working_engine!();
    token!("-new -subj /CN=api -text -verify -pubkey -modulus {ENGINE} -key {RSA}")
        .signs_with_engine();
    token!("-new -subj /CN=api -outform DER -out r.der {ENGINE} -key {RSA}").signs_with_engine();
}

#[test]
fn dn_prompts_with_a_token_key() {
    needs_a_working_engine!();
    // Piped answers (prompts on stdout, as openssl prints them)...
    token!("-new -out r.csr {ENGINE} -key {RSA}")
        .stdin("US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n")
        .signs_with_engine();
    // ...and at the terminal, the PIN first.
    let mut case = token!("-new -engine pkcs11 -keyform engine -key {RSA} -out r.csr");
    if engines() {
        case = case.answer_secret(PIN_PROMPT, "1234\n");
        for (prompt, answer) in [
            ("Country Name (2 letter code) [AU]:", "US\n"),
            ("State or Province Name (full name) [Some-State]:", "CA\n"),
            ("Locality Name (eg, city) []:", "SF\n"),
            (
                "Organization Name (eg, company) [Internet Widgits Pty Ltd]:",
                "Acme\n",
            ),
            ("Organizational Unit Name (eg, section) []:", "IT\n"),
            ("Common Name (e.g. server FQDN or YOUR name) []:", "api\n"),
            ("Email Address []:", "a@b.c\n"),
            ("A challenge password []:", "\n"),
            ("An optional company name []:", "\n"),
        ] {
            case = case.answer(prompt, answer);
        }
    }
    case.signs_with_engine();
}

// ----- the TPM ---------------------------------------------------------------------

/// One swtpm for one test, on two consecutive loopback ports (tpm2-tss's
/// swtpm TCTI talks to the control channel on port + 1). The ports are
/// found free, then given to swtpm; should another process take one in
/// between, swtpm exits and another pair is tried. Killed when dropped.
struct Tpm {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for Tpm {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port_pair() -> Option<u16> {
    let a = std::net::TcpListener::bind("127.0.0.1:0").ok()?;
    let port = a.local_addr().ok()?.port();
    std::net::TcpListener::bind(("127.0.0.1", port.checked_add(1)?)).ok()?;
    Some(port)
}

fn tpm() -> Option<Tpm> {
    components()?;
    if !line_at_least("3.0") {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "TPM cases SKIPPED on {}: the tpm2 provider needs providers (3.0 and later)",
            line()
        );
        return None;
    }
    for _ in 0..20 {
        let Some(port) = free_port_pair() else {
            continue;
        };
        let dir = tempfile::Builder::new()
            .prefix("swtpm-")
            .tempdir()
            .expect("swtpm state dir");
        let mut child = Command::new("swtpm")
            .arg("socket")
            .arg("--tpm2")
            .arg("--tpmstate")
            .arg(format!("dir={}", dir.path().display()))
            .args([
                "--server",
                &format!("type=tcp,bindaddr=127.0.0.1,port={port}"),
            ])
            .args([
                "--ctrl",
                &format!("type=tcp,bindaddr=127.0.0.1,port={}", port + 1),
            ])
            .args(["--flags", "not-need-init,startup-clear"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("start swtpm");
        // Listening once the control port takes a connection.
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port + 1)).is_ok() {
                return Some(Tpm { child, port, dir });
            }
            if child.try_wait().ok().flatten().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("swtpm did not start on any free pair of loopback ports");
}

impl Tpm {
    fn tcti(&self) -> String {
        format!("swtpm:host=127.0.0.1,port={}", self.port)
    }

    /// A tpm2-tools command line, run in the TPM's directory.
    fn tool(&self, cmd: &str) {
        let w = words(cmd);
        setup(
            Command::new(w[0])
                .args(&w[1..])
                .env("TPM2TOOLS_TCTI", self.tcti())
                .current_dir(self.dir.path()),
        );
    }

    /// An RSA 2048 signing key made persistent at [`HANDLE`]: a primary
    /// storage key, a child key under it, evicted to the handle (the
    /// transient objects flushed between, as the TPM has few slots).
    fn persistent_rsa(&self) {
        for cmd in [
            "tpm2_createprimary -Q -C o -c primary.ctx",
            "tpm2_create -Q -C primary.ctx -G rsa2048 -u key.pub -r key.priv",
            "tpm2_load -Q -C primary.ctx -u key.pub -r key.priv -c key.ctx",
            "tpm2_evictcontrol -Q -C o -c key.ctx 0x81000001",
        ] {
            self.tool(cmd);
            self.tool("tpm2_flushcontext -t");
        }
    }

    /// A TSS2 key file (`-----BEGIN TSS2 PRIVATE KEY-----`): the key made
    /// in the TPM by the tpm2 provider, wrapped by the TPM's primary key.
    fn key_file(&self, genpkey_args: &str) -> Vec<u8> {
        setup(
            Command::new(SYSTEM_OPENSSL)
                .env("TPM2OPENSSL_TCTI", self.tcti())
                .args(words(&format!(
                    "genpkey -provider tpm2 -provider default {genpkey_args}"
                ))),
        )
    }

    /// A case that reaches this TPM through the tpm2 provider from
    /// Debian's module directory.
    fn case(&self, cmd: &str) -> Case {
        let c = components().expect("checked by tpm()");
        Case::new(&words(cmd))
            .env("TPM2OPENSSL_TCTI", &self.tcti())
            .env("OPENSSL_MODULES", &c.modules_dir)
    }
}

macro_rules! tpm {
    () => {
        match tpm() {
            Some(t) => t,
            None => return,
        }
    };
}

/// The providers of every TPM case given on the command line.
const TPM2: &str = "-provider tpm2 -provider default";

#[test]
fn tpm_persistent_handle() {
    let tpm = tpm!();
    tpm.persistent_rsa();
    tpm.case(&format!(
        "{TPM2} -new -key {HANDLE} -subj /CN=api -out r.csr"
    ))
    .signs();
    tpm.case(&format!(
        "{TPM2} -new -key {HANDLE} -subj /CN=api -text -verify -noout"
    ))
    .signs();
    tpm.case(&format!(
        "{TPM2} -new -x509 -key {HANDLE} -subj /CN=api -sha384 -out c.pem"
    ))
    .fresh_cert()
    .signs();
}

#[test]
fn tpm_key_files() {
    let tpm = tpm!();
    let rsa = tpm.key_file("-algorithm RSA -pkeyopt bits:2048");
    let ec = tpm.key_file("-algorithm EC -pkeyopt group:P-256");
    let ca = tpm
        .case(&format!(
            "{TPM2} -new -x509 -key rsa.tss2 -subj /CN=TPM_CA -out ca.pem"
        ))
        .file("rsa.tss2", &rsa)
        .run_openssl();
    assert_eq!(ca.code, 0, "{}", ca.stderr_str());
    let case = |cmd: &str| {
        tpm.case(&format!("{TPM2} -new {cmd}"))
            .file("rsa.tss2", &rsa)
            .file("ec.tss2", &ec)
            .file("ca.pem", ca.file("ca.pem"))
    };
    case("-key rsa.tss2 -subj /CN=api -out r.csr").signs();
    // The TPM makes PSS signatures with a salt as long as the digest
    // whatever rsa_pss_saltlen says (both requests carry saltLength 32),
    // so these are random.
    case("-key rsa.tss2 -subj /CN=api -out r.csr -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:0")
        .fresh_sig()
        .signs();
    case("-key ec.tss2 -subj /CN=api -out r.csr")
        .fresh_sig()
        .signs();
    // The CA key in the TPM.
    case("-x509 -key ec.tss2 -CA ca.pem -CAkey rsa.tss2 -subj /CN=leaf -out c.pem")
        .fresh_cert()
        .signs();
}

fn provider_config(modules_dir: &str) -> String {
    format!(
        "openssl_conf = init\n\
         [init]\nproviders = providers\n\
         [providers]\ntpm2 = tpm2_provider\ndefault = default_provider\n\
         [tpm2_provider]\nmodule = {modules_dir}/tpm2.so\nactivate = 1\n\
         [default_provider]\nactivate = 1\n\
         [req]\ndistinguished_name = dn\n[dn]\n"
    )
}

#[test]
fn tpm_provider_from_config_path_and_propquery() {
    let tpm = tpm!();
    tpm.persistent_rsa();
    let modules = &components().expect("checked by tpm()").modules_dir;
    let conf = provider_config(modules);
    let req = format!("-new -key {HANDLE} -subj /CN=api -out r.csr");
    tpm.case(&format!("{req} -config hw.cnf"))
        .file("hw.cnf", &conf)
        .signs();
    tpm.case(&req)
        .file("hw.cnf", &conf)
        .env("OPENSSL_CONF", "hw.cnf")
        .signs();
    // -provider-path instead of OPENSSL_MODULES, and a property query
    // that prefers the TPM's implementations.
    tpm.case(&format!(
        "-provider-path {modules} {TPM2} {req} -propquery ?provider=tpm2"
    ))
    .env("OPENSSL_MODULES", "/nonexistent")
    .signs();
    // A parameter for the provider (-provparam: 3.5 on; an unknown option
    // before).
    tpm.case(&format!("{TPM2} -provparam tpm2:openssl-req-test=1 {req}"))
        .exits(by_line([("3.0", 1), ("3.5", 0)]));
    // A provider that is not there, and the TPM key without its provider.
    tpm.case(&format!("-provider tpm3 {req}")).fails();
    tpm.case(&req).fails();
}

//! The remaining options: `-verbose`, `-rand`/`-writerand`, the provider
//! options (`-provider`, `-provider-path`, `-propquery`), the engine options
//! (`-engine`, `-keygen_engine`, `-keyform ENGINE`) and the obsolete
//! `-multivalue-rdn`.
//!
//! Mirrors `app_RAND_load`/`app_RAND_write`, `app_provider_load` and
//! `setup_engine` in apps/lib.
//!
//! What loads depends on how each line's reference was built:
//! * 3.0, Debian's shared build: no built-in hardware engines (`openssl
//!   engine` lists only `dynamic`, no rdrand); `loader_attic` is a shared
//!   object under engines-3/; the legacy provider is a module (legacy.so),
//!   found through `-provider-path` or `OPENSSL_MODULES`.
//! * 3.5 and 3.6, the openssl-src build of tools/openssl-prefix (`no-shared
//!   no-module`, which also disables dynamic engines: 3.5 Configure:670,679):
//!   `rdrand`, `dynamic` and `padlock` are built into libcrypto, engines-3/
//!   is empty (so `loader_attic` is found only by the path of Debian's
//!   3.0 module), and the legacy provider is built in as well (3.5
//!   crypto/provider_predefined.c, STATIC_LEGACY), so no module path matters.
//! * 4.0 removed engines: req has no `-engine`/`-keygen_engine` (they are
//!   then unknown options, see [`is_removed_engine_option`]), no ENGINE key
//!   format and no `org.openssl.engine:` store loader (apps/lib/engine.c and
//!   engine_loader.c are gone).

use crate::common::{
    Case, Outcome, before, by_line, compare, csr, line_at_least, mask_source_lines,
    using_default_config, version_at_least,
};
use crate::deliberate::assert_same_but_ours_leaves_no;

/// On 4.0, where the engine options are gone, asserts what the reference
/// says of `-OPT VAL` instead and returns true (the test's 3.x assertions
/// then do not apply). 4.0 req.c has no `engine`/`keygen_engine` rows, so
/// `-OPT` is taken by the catch-all digest row as an unknown option, and
/// `VAL` is the first word after the options: 4.0 lib/opt.c:1083
/// opt_check_rest_arg names both, and nothing runs.
#[track_caller]
fn is_removed_engine_option(theirs: &Outcome, opt: &str, val: &str) -> bool {
    if !line_at_least("4.0") {
        return false;
    }
    assert_eq!(theirs.code, 1);
    assert_eq!(theirs.stdout_str(), "");
    assert_eq!(
        theirs.stderr_str(),
        format!("req: Extra (unknown) options: \"{opt}\" \"{val}\"\nreq: Use -help for summary.\n")
    );
    true
}

/// On 1.1.1, which has no provider options (1.1.1 req.c:90-143), asserts
/// what the reference says of `-OPT` instead and returns true: the
/// catch-all digest row, looked up at once (1.1.1 req.c:414-417 opt_md,
/// opt.c:285 "Unrecognized flag"), before anything runs.
#[track_caller]
fn is_unknown_on_1_1_1(theirs: &Outcome, opt: &str) -> bool {
    if line_at_least("3.0") {
        return false;
    }
    assert_eq!(theirs.code, 1);
    assert_eq!(theirs.stdout_str(), "");
    assert_eq!(
        theirs.stderr_str(),
        format!("req: Unrecognized flag {opt}\nreq: Use -help for summary.\n")
    );
    true
}

/// 1.1.1's failure to open a key file that is not there (1.1.1 apps.c
/// load_key, bio_open_default_ without quotes): an `org.openssl.engine:`
/// URI is only a file name to it.
fn no_such_key_file_1_1_1(name: &str) -> String {
    format!(
        "Can't open {name} for reading, No such file or directory\n\
         <tid>:error:02001002:system library:fopen:No such file or directory:\
         <file:line>:fopen('{name}','r')\n\
         <tid>:error:2006D080:BIO routines:BIO_new_file:no such file:<file:line>:\n\
         unable to load Private Key\n"
    )
}

/// 4.0's failure to open an `org.openssl.engine:` URI (for `what`): without the
/// apps' engine store loader the URI is tried as a file name, then no
/// provider offers a loader for the scheme.
fn no_engine_store_loader(what: &str, uri: &str) -> String {
    format!(
        "Could not open file or uri for loading {what} from {uri}\n\
         <tid>:error:80000002:system library:file_open:No such file or directory:\
         <file:line>:calling stat({uri})\n\
         <tid>:error:1608010C:STORE routines:inner_loader_fetch:unsupported:\
         <file:line>:No store loader found. For standard store loaders \
         you need at least one of the default or base providers available. Did you forget \
         to load them? Info: Global default library context, Scheme (org.openssl.engine : 0), \
         Properties (<null>)\n"
    )
}

/// 3.5 and later with `-provider legacy` alone: the built-in legacy provider
/// loads, but has no store loader, so the key file cannot be opened (the
/// same as `provider_legacy_alone_cannot_read_files`).
const BUILT_IN_LEGACY_CANNOT_READ_FILES: &str = "Could not open file or uri for loading private key from rsa2048.pem\n\
     <tid>:error:1608010C:STORE routines:inner_loader_fetch:unsupported:\
     <file:line>:No store loader found. For standard store \
     loaders you need at least one of the default or base providers available. Did you \
     forget to load them? Info: Global default library context, Scheme (file : 0), \
     Properties (<null>)\n";

// ----- -verbose -------------------------------------------------------------------

#[test]
fn verbose_with_stock_config() {
    let (theirs, _) = csr(&["-verbose"]).assert_same();
    // /usr/lib/ssl/openssl.cnf on 3.0, <prefix>/ssl/openssl.cnf on the others
    assert_eq!(theirs.stderr_str(), using_default_config());
}

#[test]
fn verbose_with_own_config() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-verbose",
        "-config",
        "min.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.pem",
    ])
    .fixtures(&["min.cnf", "rsa2048.pem"])
    .assert_same();
    assert_eq!(theirs.stderr_str(), "Using configuration from min.cnf\n");
}

#[test]
fn verbose_with_openssl_conf_env() {
    let (theirs, _) = Case::new(&["-new", "-verbose", "-key", "rsa2048.pem", "-out", "r.pem"])
        .fixtures(&["min.cnf", "rsa2048.pem"])
        .env("OPENSSL_CONF", "min.cnf")
        .assert_same();
    assert_eq!(theirs.stderr_str(), "Using configuration from min.cnf\n");
}

#[test]
fn verbose_reading_a_request() {
    Case::new(&["-in", "csr-rsa.pem", "-verbose", "-noout", "-text"])
        .fixture("csr-rsa.pem")
        .assert_same();
}

#[test]
fn verbose_with_x509_and_new_key() {
    let (theirs, _) = Case::new(&[
        "-x509", "-verbose", "-newkey", "ed25519", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x",
        "-out", "c.pem",
    ])
    .fresh_key()
    .fresh_cert()
    .assert_same();
    let generating = format!(
        "{}Generating ed25519 key with 2048 bits\n",
        using_default_config()
    );
    let (stdout, stderr) = by_line([
        // 1.1.1 req.c:630, 653: the banner and the key file line always,
        // without -verbose and without a size
        (
            "1.1.1",
            (
                String::new(),
                format!(
                    "{}Generating a ED25519 private key\nwriting new private key to 'k.pem'\n-----\n",
                    using_default_config()
                ),
            ),
        ),
        (
            "3.0",
            (
                String::new(),
                format!("{generating}Writing private key to 'k.pem'\n-----\n"),
            ),
        ),
        // 4.0 req.c:713 writes "Writing private key to ..." to bio_out (3.x: bio_err)
        (
            "4.0",
            (
                "Writing private key to 'k.pem'\n".to_string(),
                format!("{generating}-----\n"),
            ),
        ),
    ]);
    assert_eq!(theirs.stdout_str(), stdout);
    assert_eq!(theirs.stderr_str(), stderr);
}

// ----- -rand / -writerand -----------------------------------------------------------

#[test]
fn rand_file() {
    let (theirs, _) = csr(&["-rand", "rsa2048.pem"]).assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(theirs.stderr_str(), "");
}

#[test]
fn rand_several_files() {
    csr(&["-rand", "rsa2048.pem:seed.bin"])
        .file("seed.bin", [7u8; 64])
        .assert_same();
}

#[test]
fn rand_option_repeated() {
    csr(&["-rand", "rsa2048.pem", "-rand", "seed.bin"])
        .file("seed.bin", [7u8; 64])
        .assert_same();
}

#[test]
fn rand_missing_file() {
    let (theirs, _) = csr(&["-rand", "nofile"]).assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(err.starts_with("Can't load nofile into RNG\n"), "{err}");
    assert!(
        mask_source_lines(&err)
            .contains("RAND_load_file:Cannot open file:<file:line>:Filename=nofile"),
        "{err}"
    );
    assert!(!theirs.has_file("r.pem"));
}

#[test]
fn rand_second_file_missing() {
    let (theirs, _) = csr(&["-rand", "rsa2048.pem:nofile"]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn rand_empty_name() {
    let (theirs, _) = csr(&["-rand", ""]).assert_same();
    assert!(theirs.stderr_str().starts_with("Can't load  into RNG\n"));
}

#[test]
fn rand_directory() {
    csr(&["-rand", "."]).assert_same();
}

#[test]
fn rand_empty_file() {
    csr(&["-rand", "empty.bin"])
        .file("empty.bin", "")
        .assert_same();
}

#[test]
fn rand_with_new_key() {
    Case::new(&[
        "-new", "-newkey", "ed25519", "-nodes", "-keyout", "k.pem", "-rand", "seed.bin", "-subj",
        "/CN=x", "-out", "r.pem",
    ])
    .file("seed.bin", [1u8; 32])
    .fresh_key()
    .assert_same();
}

/// Runs both sides; the random bytes in `file` are replaced by a note of
/// their length before comparing (RAND_write_file writes 1024 random bytes).
#[track_caller]
fn assert_same_random_file(case: &Case, file: &str) -> (Outcome, Outcome) {
    let mut theirs = case.run_openssl();
    let mut ours = case.run_ours();
    for o in [&mut theirs, &mut ours] {
        if let Some((_, data)) = o.files.get_mut(file) {
            *data = format!("<{} random bytes>\n", data.len()).into_bytes();
        }
    }
    if let Err(r) = compare(case, &theirs, &ours) {
        panic!("{r}");
    }
    (theirs, ours)
}

#[test]
fn writerand_writes_1024_bytes() {
    let (theirs, ours) = assert_same_random_file(&csr(&["-writerand", "wr.bin"]), "wr.bin");
    assert_eq!(theirs.code, 0);
    assert_eq!(ours.file("wr.bin"), b"<1024 random bytes>\n");
    ours.assert_file_mode("wr.bin", 0o600);
}

#[test]
fn writerand_replaces_existing_file() {
    let case = csr(&["-writerand", "wr.bin"]).file_mode("wr.bin", "old\n", 0o644);
    assert_same_random_file(&case, "wr.bin");
}

#[test]
fn rand_and_writerand_same_file() {
    let case = csr(&["-rand", "wr.bin", "-writerand", "wr.bin"]).file("wr.bin", [3u8; 100]);
    assert_same_random_file(&case, "wr.bin");
}

#[test]
fn writerand_written_even_when_rand_fails() {
    // app_RAND_write runs at the end of every run, failed or not
    let (theirs, _) =
        assert_same_random_file(&csr(&["-rand", "nofile", "-writerand", "wr.bin"]), "wr.bin");
    assert_eq!(theirs.code, 1);
    // 1.1.1 loads -rand files as it parses the option and stops there
    // (1.1.1 req.c:320-323 opt_rand, app_rand.c loadfiles): -writerand is
    // never seen.
    assert_eq!(theirs.has_file("wr.bin"), line_at_least("3.0"));
}

#[test]
fn writerand_written_even_when_the_run_fails() {
    let (theirs, _) = assert_same_random_file(
        &Case::new(&[
            "-new",
            "-key",
            "nokey.pem",
            "-subj",
            "/CN=x",
            "-writerand",
            "wr.bin",
        ]),
        "wr.bin",
    );
    assert_eq!(theirs.code, 1);
}

#[test]
fn writerand_into_missing_directory() {
    // RAND_write fails after everything else: the output is there, exit code 1
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-noout",
        "-subject",
        "-writerand",
        "nodir/wr.bin",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    // 1.1.1's app_RAND_write is void: its failure leaves the exit code
    // (1.1.1 app_rand.c:59-69, openssl.c:249); 3.0 fails the run.
    assert_eq!(theirs.code, by_line([("1.1.1", 0), ("3.0", 1)]));
    assert_eq!(
        theirs.stdout_str(),
        by_line([
            ("1.1.1", "subject=C = US, O = Acme, CN = example.com\n"),
            // 3.0 get_nameopt() default: XN_FLAG_ONELINE
            ("3.0", "subject=C = US, O = Acme, CN = example.com\n"),
            // since 3.2 XN_FLAG_SEP_CPLUS_SPC | ... (3.2 lib/apps.c:191)
            ("3.2", "subject=C=US, O=Acme, CN=example.com\n"),
        ])
    );
    assert!(
        theirs
            .stderr_str()
            .starts_with("Cannot write random bytes:\n")
    );
}

#[test]
fn writerand_to_a_directory() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-noout",
        "-subject",
        "-writerand",
        ".",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    assert!(
        theirs
            .stderr_str()
            .contains("RAND_write_file:Not a regular file")
    );
}

#[test]
fn writerand_failure_after_request_written() {
    // openssl has written r.pem when RAND_write_file fails at exit and exits
    // 1; a failed run of ours writes no file (README, deliberate difference 2).
    // 1.1.1 exits 0 (its app_RAND_write is void): both write r.pem.
    if !line_at_least("3.0") {
        let (theirs, ours) = csr(&["-writerand", "nodir/wr.bin"]).assert_same();
        assert_eq!((theirs.code, ours.has_file("r.pem")), (0, true));
        return;
    }
    let (theirs, ours) =
        assert_same_but_ours_leaves_no(&csr(&["-writerand", "nodir/wr.bin"]), &["r.pem"]);
    assert_eq!(theirs.code, 1);
    assert_eq!(ours.code, 1);
}

// ----- providers -------------------------------------------------------------------

#[test]
fn provider_default() {
    let (theirs, _) = csr(&["-provider", "default"]).assert_same();
    if is_unknown_on_1_1_1(&theirs, "provider") {
        return;
    }
    assert_eq!(theirs.code, 0);
}

#[test]
fn provider_legacy_alone_cannot_read_files() {
    let (theirs, _) = csr(&["-provider", "legacy"]).assert_same();
    if is_unknown_on_1_1_1(&theirs, "provider") {
        return;
    }
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with("Could not open file or uri for loading private key from rsa2048.pem\n")
    );
}

#[test]
fn provider_legacy_and_default_allow_md4() {
    let (theirs, _) = csr(&[
        "-provider",
        "legacy",
        "-provider",
        "default",
        "-md4",
        "-text",
    ])
    .assert_same();
    if is_unknown_on_1_1_1(&theirs, "provider") {
        return;
    }
    assert_eq!(theirs.code, 0);
    assert!(theirs.file_str("r.pem").contains("md4WithRSAEncryption"));
}

#[test]
fn provider_bad() {
    let (theirs, _) = csr(&["-provider", "bogus"]).assert_same();
    if is_unknown_on_1_1_1(&theirs, "provider") {
        return;
    }
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(err.starts_with("req: unable to load provider bogus\nHint: use -provider-path option or OPENSSL_MODULES environment variable.\n"), "{err}");
}

#[test]
fn provider_fips_not_installed() {
    let (theirs, _) = csr(&["-provider", "fips"]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn provider_base_alone() {
    let (theirs, _) = csr(&["-provider", "base"]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn provider_null() {
    let (theirs, _) = csr(&["-provider", "null"]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn provider_path_real() {
    // Debian's module directory: 3.0 loads legacy.so from it; 3.5 and later
    // have legacy built in and never look there
    csr(&[
        "-provider-path",
        "/usr/lib/x86_64-linux-gnu/ossl-modules",
        "-provider",
        "legacy",
        "-provider",
        "default",
    ])
    .assert_same();
}

#[test]
fn provider_path_missing_then_provider() {
    let (theirs, _) = csr(&["-provider-path", "/nonexistent", "-provider", "legacy"]).assert_same();
    if is_unknown_on_1_1_1(&theirs, "provider-path") {
        return;
    }
    assert_eq!(theirs.code, 1);
    // The system's 3.0 loads legacy.so; the prefix builds have it built in.
    if before("3.1") {
        // legacy.so is looked for in the given directory only
        let err = theirs.stderr_str();
        assert!(
            err.starts_with("req: unable to load provider legacy\n"),
            "{err}"
        );
        assert!(err.contains("filename(/nonexistent/legacy.so)"), "{err}");
    } else {
        // legacy is built in: the path is not used, the provider loads
        assert_eq!(theirs.masked_stderr(), BUILT_IN_LEGACY_CANNOT_READ_FILES);
    }
}

#[test]
fn provider_path_alone_is_harmless() {
    let (theirs, _) = csr(&["-provider-path", "/nonexistent"]).assert_same();
    if is_unknown_on_1_1_1(&theirs, "provider-path") {
        return;
    }
    assert_eq!(theirs.code, 0);
}

#[test]
fn provider_path_after_provider_is_too_late() {
    let (theirs, _) = csr(&[
        "-provider",
        "legacy",
        "-provider",
        "default",
        "-provider-path",
        "/nonexistent",
    ])
    .assert_same();
    if is_unknown_on_1_1_1(&theirs, "provider") {
        return;
    }
    assert_eq!(theirs.code, 0);
}

#[test]
fn openssl_modules_env() {
    let (theirs, _) = csr(&["-provider", "legacy"])
        .env("OPENSSL_MODULES", "/nonexistent")
        .assert_same();
    if is_unknown_on_1_1_1(&theirs, "provider") {
        return;
    }
    assert_eq!(theirs.code, 1);
    if before("3.1") {
        assert!(theirs.stderr_str().contains("/nonexistent/legacy.so"));
    } else {
        // legacy is built in: OPENSSL_MODULES is not used, the provider loads
        assert_eq!(theirs.masked_stderr(), BUILT_IN_LEGACY_CANNOT_READ_FILES);
    }
}

#[test]
fn propquery_default_provider() {
    let (theirs, _) = csr(&["-propquery", "provider=default"]).assert_same();
    if is_unknown_on_1_1_1(&theirs, "propquery") {
        return;
    }
    assert_eq!(theirs.code, 0);
}

#[test]
fn propquery_optional_fips() {
    csr(&["-propquery", "?fips=yes"]).assert_same();
}

#[test]
fn propquery_unsatisfiable() {
    let (theirs, _) = csr(&["-propquery", "provider=legacy"]).assert_same();
    if is_unknown_on_1_1_1(&theirs, "propquery") {
        return;
    }
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().contains("Properties (provider=legacy)"));
}

#[test]
fn propquery_malformed() {
    let (theirs, _) = csr(&["-propquery", "bad="]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn propquery_with_new_key() {
    Case::new(&[
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-propquery",
        "provider=default",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fresh_key()
    .assert_same();
}

// ----- engines -----------------------------------------------------------------------

#[test]
fn engine_bad_id() {
    // 3.x: the engine is reported as invalid, and the run goes on without it
    let (theirs, _) = csr(&["-engine", "bogus"]).assert_same();
    if is_removed_engine_option(&theirs, "engine", "bogus") {
        return;
    }
    assert_eq!(theirs.code, 0);
    let err = theirs.stderr_str();
    // 1.1.1 apps.c:1308 setup_engine: lower case
    let invalid = by_line([("1.1.1", "invalid engine"), ("3.0", "Invalid engine")]);
    assert!(err.starts_with(&format!("{invalid} \"bogus\"\n")), "{err}");
    assert!(
        mask_source_lines(&err).contains("ENGINE_by_id:no such engine:<file:line>:id=bogus"),
        "{err}"
    );
}

#[test]
fn engine_rdrand_is_built_in_only_on_3_5_and_3_6() {
    let (theirs, _) = csr(&["-engine", "rdrand"]).assert_same();
    if is_removed_engine_option(&theirs, "engine", "rdrand") {
        return;
    }
    assert_eq!(theirs.code, 0);
    if !line_at_least("3.0") {
        // 1.1.1's build has rdrand built in (apps.c:1323 "engine \"%s\" set.")
        assert_eq!(theirs.stderr_str(), "engine \"rdrand\" set.\n");
    } else if before("3.1") {
        // Debian's 3.0 has no rdrand engine (nor an rdrand.so)
        assert!(
            theirs
                .stderr_str()
                .starts_with("Invalid engine \"rdrand\"\n")
        );
    } else {
        // the openssl-src build has it built in (`openssl engine`: rdrand)
        assert_eq!(theirs.stderr_str(), "Engine \"rdrand\" set.\n");
    }
}

#[test]
fn engine_dynamic() {
    let (theirs, _) = csr(&["-engine", "dynamic"]).assert_same();
    if is_removed_engine_option(&theirs, "engine", "dynamic") {
        return;
    }
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            ("1.1.1", "engine \"dynamic\" set.\n"),
            ("3.0", "Engine \"dynamic\" set.\n"),
        ])
    );
}

#[test]
fn engine_loader_attic_from_shared_object() {
    let (theirs, _) = csr(&["-engine", "loader_attic"]).assert_same();
    if is_removed_engine_option(&theirs, "engine", "loader_attic") {
        return;
    }
    assert_eq!(theirs.code, 0);
    let err = theirs.stderr_str();
    if !line_at_least("3.0") {
        // 1.1.1 has no loader_attic (a 3.0 engine): none in engines-1.1/
        assert!(
            err.starts_with("invalid engine \"loader_attic\"\n"),
            "{err}"
        );
        assert!(
            err.contains("/lib/engines-1.1/loader_attic.so: cannot open shared object file"),
            "{err}"
        );
    } else if before("3.1") {
        assert_eq!(err, "Engine \"loader_attic\" set.\n");
    } else {
        // the openssl-src build's engines-3/ is empty: the dynamic engine
        // finds no loader_attic.so there, the run goes on without it
        assert!(
            err.starts_with("Invalid engine \"loader_attic\"\n"),
            "{err}"
        );
        assert!(
            err.contains(
                "/lib/engines-3/loader_attic.so: cannot open shared object file: \
                 No such file or directory\n"
            ),
            "{err}"
        );
        assert!(
            mask_source_lines(&err)
                .contains("ENGINE_by_id:no such engine:<file:line>:id=loader_attic\n"),
            "{err}"
        );
    }
}

#[test]
fn engine_by_path() {
    // Debian's 3.0 module, which the 3.5 and 3.6 builds load too
    let path = "/usr/lib/x86_64-linux-gnu/engines-3/loader_attic.so";
    let (theirs, _) = csr(&["-engine", path]).assert_same();
    if is_removed_engine_option(&theirs, "engine", path) {
        return;
    }
    if !std::path::Path::new(path).exists() {
        // Another system's layout: both failed alike, which is all there is.
        eprintln!("SKIPPED the loaded-engine check: no {path} (Debian's x86_64 layout)");
        return;
    }
    assert_eq!(theirs.code, 0);
    if !line_at_least("3.0") && !version_at_least("1.1.1n") {
        // Up to 1.1.1m the dynamic engine takes a 3.0 engine for one of its
        // own (libcrypto's eng_dyn.c checks only the version it reports).
        assert_eq!(theirs.stderr_str(), "engine \"loader_attic\" set.\n");
        return;
    }
    if !line_at_least("3.0") {
        // a 3.0 engine: 1.1.1n's dynamic engine refuses it (it exports
        // EVP_PKEY_get_base_id, a 3.x name)
        let err = theirs.masked_stderr();
        assert!(
            err.starts_with(&format!("invalid engine \"{path}\"\n")),
            "{err}"
        );
        assert!(
            err.contains("dynamic_load:version incompatibility"),
            "{err}"
        );
        return;
    }
    assert_eq!(theirs.stderr_str(), "Engine \"loader_attic\" set.\n");
}

#[test]
fn engine_twice() {
    csr(&["-engine", "dynamic", "-engine", "loader_attic"]).assert_same();
}

#[test]
fn keygen_engine_bad_id() {
    // "Can't find keygen engine" names *argv, which is "req" there
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "rsa:1024",
        "-keygen_engine",
        "bogus",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    if is_removed_engine_option(&theirs, "keygen_engine", "bogus") {
        return;
    }
    assert_eq!(theirs.code, 1);
    let usage = "Can't find keygen engine req\nreq: Use -help for summary.\n";
    let err = theirs.masked_stderr();
    if line_at_least("3.0") {
        assert!(err.ends_with(usage), "{err}");
    } else {
        // 1.1.1 req.c:272-276: ENGINE_by_id alone, whose errors `end:` prints
        // after the usage line
        assert!(err.starts_with(usage), "{err}");
        assert!(
            err.ends_with("ENGINE_by_id:no such engine:<file:line>:id=bogus\n"),
            "{err}"
        );
    }
}

#[test]
fn keygen_engine_dynamic_cannot_generate_rsa() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "rsa:1024",
        "-keygen_engine",
        "dynamic",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
    ])
    .fresh_key()
    .assert_same();
    if is_removed_engine_option(&theirs, "keygen_engine", "dynamic") {
        return;
    }
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.masked_stderr(),
        by_line([
            // 1.1.1: ENGINE_by_id without a word, and the failing context's
            // errors at `end:` (1.1.1 req.c:1595-1599)
            (
                "1.1.1",
                "Error allocating keygen context\n\
                 <tid>:error:0609D026:digital envelope routines:int_ctx_new:ENGINE lib:<file:line>:\n"
            ),
            (
                "3.0",
                "Engine \"dynamic\" set.\nError allocating keygen context\n"
            ),
        ])
    );
}

#[test]
fn keygen_engine_with_param_file() {
    Case::new(&[
        "-new",
        "-newkey",
        "ec:ecparam-p256.pem",
        "-keygen_engine",
        "dynamic",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("ecparam-p256.pem")
    .fresh_key()
    .assert_same();
}

#[test]
fn keygen_engine_with_key_is_unused_before_4_0() {
    let (theirs, _) = csr(&["-keygen_engine", "dynamic"]).assert_same();
    if is_removed_engine_option(&theirs, "keygen_engine", "dynamic") {
        return;
    }
    assert_eq!(theirs.code, 0);
    // 1.1.1 only looks the engine up (req.c:272 ENGINE_by_id): no word
    assert_eq!(
        theirs.stderr_str(),
        by_line([("1.1.1", ""), ("3.0", "Engine \"dynamic\" set.\n")])
    );
}

#[test]
fn keyform_engine_without_engine() {
    let (theirs, _) = csr(&["-keyform", "ENGINE"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1 apps.c load_key with FORMAT_ENGINE and no engine
            ("1.1.1", "no engine specified\nunable to load Private Key\n"),
            (
                "3.0",
                "No engine specified for loading private key\nNo filename or uri specified for loading\n private key\n"
            ),
            // 4.0 lib/opt.c opt_format has no ENGINE case any more
            (
                "4.0",
                "req: Bad format \"ENGINE\"\nreq: Invalid format \"ENGINE\" for option -keyform\nreq: Use -help for summary.\n"
            ),
        ])
    );
}

#[test]
fn keyform_engine_with_engine() {
    // the apps register an OSSL_STORE loader for the "org.openssl.engine:"
    // scheme (apps/lib/engine_loader.c): it finds no key, and no error queue
    let (theirs, _) = csr(&["-engine", "dynamic", "-keyform", "ENGINE"]).assert_same();
    if is_removed_engine_option(&theirs, "engine", "dynamic") {
        return;
    }
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1 apps.c load_key: ENGINE_load_private_key, no store
            (
                "1.1.1",
                "engine \"dynamic\" set.\ncannot load Private Key from engine\nunable to load Private Key\n"
            ),
            (
                "3.0",
                "Engine \"dynamic\" set.\nCould not read private key from org.openssl.engine:dynamic:rsa2048.pem\n"
            ),
            // since 3.2 load_key_certs_crls says "Could not find" when nothing
            // was loaded (3.5 lib/apps.c:1095)
            (
                "3.2",
                "Engine \"dynamic\" set.\nCould not find private key from org.openssl.engine:dynamic:rsa2048.pem\n"
            ),
        ])
    );
}

#[test]
fn keyform_engine_with_bad_engine() {
    let (theirs, _) = csr(&["-engine", "bogus", "-keyform", "ENGINE"]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn keyform_engine_lowercase() {
    csr(&["-keyform", "engine"]).assert_same();
}

// ----- -multivalue-rdn ----------------------------------------------------------------

#[test]
fn multivalue_rdn_is_accepted_and_ignored() {
    let (a, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/O=Org/OU=Unit+CN=name",
        "-multivalue-rdn",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    let (b, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/O=Org/OU=Unit+CN=name",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    if !line_at_least("3.0") {
        // 1.1.1 passes -multivalue-rdn's multirdn to parse_name (1.1.1
        // req.c:380, apps.c parse_name): without it '+' is part of the value
        assert!(
            a.file_str("r.pem")
                .contains("Subject: O = Org, CN = name + OU = Unit\n")
        );
        assert!(
            b.file_str("r.pem")
                .contains("Subject: O = Org, OU = \"Unit+CN=name\"\n"),
            "{}",
            b.file_str("r.pem")
        );
        return;
    }
    assert_eq!(a.file("r.pem"), b.file("r.pem"));
    // a multi-valued RDN is a SET: printed in DER order (3.0's default name
    // options XN_FLAG_ONELINE; since 3.2 without spaces around '=', 3.5
    // lib/apps.c:146)
    let subject = by_line([
        ("3.0", "Subject: O = Org, CN = name + OU = Unit\n"),
        ("3.2", "Subject: O=Org, CN=name + OU=Unit\n"),
    ]);
    assert!(
        a.file_str("r.pem").contains(subject),
        "{}",
        a.file_str("r.pem")
    );
}

#[test]
fn multivalue_rdn_with_escaped_plus() {
    Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=a\\+b",
        "-multivalue-rdn",
        "-noout",
        "-subject",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
}

// ----- engine key URIs ------------------------------------------------------------------

#[test]
fn key_engine_uri_without_engine_option() {
    // the "org.openssl.engine:" loader is registered by openssl's main() in
    // 3.x; 4.0 has none
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "org.openssl.engine:dynamic:rsa2048.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(theirs.code, 1);
    let uri = "org.openssl.engine:dynamic:rsa2048.pem";
    assert_eq!(
        theirs.masked_stderr(),
        by_line([
            // 1.1.1 has no key store: the URI is a file name
            ("1.1.1", no_such_key_file_1_1_1(uri)),
            ("3.0", format!("Could not read private key from {uri}\n")),
            // since 3.2 (3.5 lib/apps.c:1095)
            ("3.2", format!("Could not find private key from {uri}\n")),
            ("4.0", no_engine_store_loader("private key", uri)),
        ])
    );
}

#[test]
fn key_engine_uri_unknown_engine() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "org.openssl.engine:bogus:k",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    if !line_at_least("3.0") {
        // 1.1.1 has no key store: the URI is a file name
        assert_eq!(
            theirs.masked_stderr(),
            no_such_key_file_1_1_1("org.openssl.engine:bogus:k")
        );
    } else if line_at_least("4.0") {
        // no engine store loader, so no engine is looked for
        assert_eq!(
            theirs.masked_stderr(),
            no_engine_store_loader("private key", "org.openssl.engine:bogus:k")
        );
    } else {
        let err = theirs.stderr_str();
        assert!(
            err.starts_with(
                "Could not open file or uri for loading private key from org.openssl.engine:bogus:k\n"
            ),
            "{err}"
        );
        assert!(err.contains("ENGINE_by_id:no such engine"), "{err}");
    }
}

#[test]
fn key_engine_uri_without_key_id() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "org.openssl.engine:dynamic:",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    let uri = "org.openssl.engine:dynamic:";
    assert_eq!(
        theirs.masked_stderr(),
        by_line([
            ("1.1.1", no_such_key_file_1_1_1(uri)),
            (
                "3.0",
                format!(
                    "Could not open file or uri for loading private key from {uri}\n\
                     <tid>:error:16000069:STORE routines:ossl_store_get0_loader_int:\
                     unregistered scheme:<file:line>:scheme=file\n\
                     <tid>:error:80000002:system library:file_open:No such file or directory:\
                     <file:line>:calling stat({uri})\n"
                )
            ),
            // since 3.1 a system error ends the line as strerror() text and its
            // stack is dropped (3.5 lib/apps.c:1111-1115)
            (
                "3.1",
                format!(
                    "Could not open file or uri for loading private key from {uri}: \
                     No such file or directory\n"
                )
            ),
            ("4.0", no_engine_store_loader("private key", uri)),
        ])
    );
}

#[test]
fn cakey_engine_uri() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "org.openssl.engine:dynamic:k",
        "-subj",
        "/CN=x",
        "-out",
        "c.pem",
    ])
    .fixtures(&["rsa2048.pem", "ca-cert.pem"])
    .assert_same();
    if is_unknown_on_1_1_1(&theirs, "CA") {
        return;
    }
    assert_eq!(theirs.code, 1);
    let what = "issuer private key from -CAkey arg";
    let uri = "org.openssl.engine:dynamic:k";
    assert_eq!(
        theirs.masked_stderr(),
        by_line([
            ("3.0", format!("Could not read {what} from {uri}\n")),
            // since 3.2 (3.5 lib/apps.c:1095)
            ("3.2", format!("Could not find {what} from {uri}\n")),
            ("4.0", no_engine_store_loader(what, uri)),
        ])
    );
}

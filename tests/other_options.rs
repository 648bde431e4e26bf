//! The remaining options: `-verbose`, `-rand`/`-writerand`, the provider
//! options (`-provider`, `-provider-path`, `-propquery`), the engine options
//! (`-engine`, `-keygen_engine`, `-keyform ENGINE`) and the obsolete
//! `-multivalue-rdn`.
//!
//! Mirrors `app_RAND_load`/`app_RAND_write`, `app_provider_load` and
//! `setup_engine` in apps/lib. This build of OpenSSL has no built-in
//! hardware engines (no rdrand): the engines that load here are `dynamic`
//! and `loader_attic` (a shared object under engines-3/).

mod common;
mod deliberate;
use common::{Case, Outcome, compare};
use deliberate::assert_same_but_ours_leaves_no;

fn csr(extra: &[&str]) -> Case {
    let mut args = vec![
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ];
    args.extend_from_slice(extra);
    Case::new(&args).fixture("rsa2048.pem")
}

// ----- -verbose -------------------------------------------------------------------

#[test]
fn verbose_with_stock_config() {
    let (theirs, _) = csr(&["-verbose"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        "Using configuration from /usr/lib/ssl/openssl.cnf\n"
    );
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
    assert!(
        theirs
            .stderr_str()
            .contains("Writing private key to 'k.pem'\n")
    );
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
        err.contains(
            "RAND_load_file:Cannot open file:../crypto/rand/randfile.c:106:Filename=nofile"
        ),
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
    assert!(theirs.has_file("wr.bin"));
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
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stdout_str(),
        "subject=C = US, O = Acme, CN = example.com\n"
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
    // 1; a failed run of ours writes no file (README, deliberate difference 2)
    let (theirs, ours) =
        assert_same_but_ours_leaves_no(&csr(&["-writerand", "nodir/wr.bin"]), &["r.pem"]);
    assert_eq!(theirs.code, 1);
    assert_eq!(ours.code, 1);
}

// ----- providers -------------------------------------------------------------------

#[test]
fn provider_default() {
    let (theirs, _) = csr(&["-provider", "default"]).assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn provider_legacy_alone_cannot_read_files() {
    let (theirs, _) = csr(&["-provider", "legacy"]).assert_same();
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
    assert_eq!(theirs.code, 0);
    assert!(theirs.file_str("r.pem").contains("md4WithRSAEncryption"));
}

#[test]
fn provider_bad() {
    let (theirs, _) = csr(&["-provider", "bogus"]).assert_same();
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
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .contains("filename(/nonexistent/legacy.so)")
    );
}

#[test]
fn provider_path_alone_is_harmless() {
    let (theirs, _) = csr(&["-provider-path", "/nonexistent"]).assert_same();
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
    assert_eq!(theirs.code, 0);
}

#[test]
fn openssl_modules_env() {
    let (theirs, _) = csr(&["-provider", "legacy"])
        .env("OPENSSL_MODULES", "/nonexistent")
        .assert_same();
    assert!(theirs.stderr_str().contains("/nonexistent/legacy.so"));
}

#[test]
fn propquery_default_provider() {
    let (theirs, _) = csr(&["-propquery", "provider=default"]).assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn propquery_optional_fips() {
    csr(&["-propquery", "?fips=yes"]).assert_same();
}

#[test]
fn propquery_unsatisfiable() {
    let (theirs, _) = csr(&["-propquery", "provider=legacy"]).assert_same();
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
    // the engine is reported as invalid, and the run goes on without it
    let (theirs, _) = csr(&["-engine", "bogus"]).assert_same();
    assert_eq!(theirs.code, 0);
    let err = theirs.stderr_str();
    assert!(err.starts_with("Invalid engine \"bogus\"\n"), "{err}");
    assert!(
        err.contains("ENGINE_by_id:no such engine:../crypto/engine/eng_list.c:428:id=bogus"),
        "{err}"
    );
}

#[test]
fn engine_rdrand_not_built_in_here() {
    let (theirs, _) = csr(&["-engine", "rdrand"]).assert_same();
    assert!(
        theirs
            .stderr_str()
            .starts_with("Invalid engine \"rdrand\"\n")
    );
}

#[test]
fn engine_dynamic() {
    let (theirs, _) = csr(&["-engine", "dynamic"]).assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(theirs.stderr_str(), "Engine \"dynamic\" set.\n");
}

#[test]
fn engine_loader_attic_from_shared_object() {
    let (theirs, _) = csr(&["-engine", "loader_attic"]).assert_same();
    assert_eq!(theirs.stderr_str(), "Engine \"loader_attic\" set.\n");
}

#[test]
fn engine_by_path() {
    let (theirs, _) = csr(&[
        "-engine",
        "/usr/lib/x86_64-linux-gnu/engines-3/loader_attic.so",
    ])
    .assert_same();
    assert_eq!(theirs.code, 0);
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
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .ends_with("Can't find keygen engine req\nreq: Use -help for summary.\n")
    );
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
    assert!(theirs.stderr_str().starts_with("Engine \"dynamic\" set.\n"));
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
fn keygen_engine_with_key_is_unused() {
    let (theirs, _) = csr(&["-keygen_engine", "dynamic"]).assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn keyform_engine_without_engine() {
    let (theirs, _) = csr(&["-keyform", "ENGINE"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        "No engine specified for loading private key\nNo filename or uri specified for loading\n private key\n"
    );
}

#[test]
fn keyform_engine_with_engine() {
    // the apps register an OSSL_STORE loader for the "org.openssl.engine:"
    // scheme (apps/lib/engine_loader.c): it finds no key, and no error queue
    let (theirs, _) = csr(&["-engine", "dynamic", "-keyform", "ENGINE"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .contains("Could not read private key from org.openssl.engine:dynamic:rsa2048.pem\n")
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
    assert_eq!(a.file("r.pem"), b.file("r.pem"));
    // a multi-valued RDN is a SET: printed in DER order
    assert!(
        a.file_str("r.pem")
            .contains("Subject: O = Org, CN = name + OU = Unit")
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
    // the "org.openssl.engine:" loader is registered by openssl's main()
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
    assert_eq!(
        theirs.stderr_str(),
        "Could not read private key from org.openssl.engine:dynamic:rsa2048.pem\n"
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
    assert!(theirs.stderr_str().contains("ENGINE_by_id:no such engine"));
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
    assert!(theirs.stderr_str().starts_with(
        "Could not open file or uri for loading private key from org.openssl.engine:dynamic:\n"
    ));
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
    assert_eq!(
        theirs.stderr_str(),
        "Could not read issuer private key from -CAkey arg from org.openssl.engine:dynamic:k\n"
    );
}

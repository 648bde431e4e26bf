//! Keys: what `-newkey` generates (its `[alg:]nbits`, `alg[:file]`,
//! `param:file` grammar, every algorithm family, `-pkeyopt`) and what `-key`
//! loads (every encoding, `-keyform`, stdin, broken files).
//!
//! Mirrors `set_keygen_ctx`, `app_keygen` and `load_key` in apps/. Generated
//! keys are compared structurally (`.fresh_key()`); loaded keys are fixtures,
//! so everything made from them is compared byte for byte where the signature
//! is deterministic.

use crate::common;
use crate::common::{
    Case, EC_KEY_AND_REQUEST, by_line, line_at_least, no_private_key_in, using_default_config,
    writing_key_streams,
};
use crate::deliberate::assert_same_but_ours_leaves_no;

fn new_key(args: &[&str]) -> Case {
    Case::new(args).fresh_key()
}

/// What a failed DSA key generation leaves on stderr after app_keygen's
/// "req: Error generating dsa key" (unchanged, lib/apps.c app_keygen): nothing
/// on 3.0, whose evp_keymgmt_gen() just returns the provider's NULL (3.0
/// crypto/evp/keymgmt_meth.c:365); since 3.5 evp_keymgmt_gen() raises
/// EVP_R_PROVIDER_KEYMGMT_FAILURE when the provider gave no reason (3.5
/// crypto/evp/keymgmt_meth.c:458, 4.0 :468), and req prints the stack.
fn dsa_keygen_failure() -> &'static str {
    by_line([
        // 1.1.1 has no generation by provider (its own text is in the tests)
        ("1.1.1", ""),
        // libcrypto reports the provider's failure since 3.5
        ("3.0", ""),
        (
            "3.5",
            "<tid>:error:030000E9:digital envelope routines:evp_keymgmt_gen:provider keymgmt \
             failure:<file:line>:DSA key generation:OpenSSL DSA implementation\n",
        ),
    ])
}

/// load_key's message for a file that cannot be opened. 3.0 prints the bare
/// line, then the store's error stack (3.0 lib/apps.c:919); since 3.2 a
/// system error is appended as strerror() text and its stack dropped
/// (3.5 lib/apps.c:1110-1115 ERR_SYSTEM_ERROR ... ERR_pop_to_mark), so the
/// line is the whole of stderr.
fn cannot_open_private_key(file: &str) -> String {
    let msg = format!("Could not open file or uri for loading private key from {file}");
    by_line([
        // 1.1.1's bio_open_default: the name bare, then the fopen stack
        (
            "1.1.1",
            format!("Can't open {file} for reading, No such file or directory\n"),
        ),
        ("3.0", format!("{msg}\n")),
        // since 3.1 a system error is named (load_key_certs_crls)
        ("3.1", format!("{msg}: No such file or directory\n")),
    ])
}

/// A `-pkeyopt` the key context refuses: "parameter error" in 1.1.1's
/// req_main, "Key parameter error" in 3.x's.
fn key_parameter_error(opt: &str) -> String {
    by_line([
        ("1.1.1", format!("parameter error \"{opt}\"\n")),
        ("3.0", format!("Key parameter error \"{opt}\"\n")),
    ])
}

/// The note on where a new key goes: always in 1.1.1 ("writing new private
/// key to 'k.pem'"), with -verbose in 3.x ("Writing private key to ...").
fn writing_key_to(dest: &str) -> String {
    by_line([
        ("1.1.1", format!("writing new private key to {dest}\n")),
        ("3.0", format!("Writing private key to {dest}\n")),
    ])
}

/// What `-newkey rsa:<file>` says when <file> cannot be opened (3.x); 1.1.1
/// reads any text after "rsa:" as a size (atol: 0 here), which the RSA
/// method refuses.
fn rsa_param_file(file: &str) -> String {
    cannot_open_param_file_or(("1.1.1", "Error setting RSA keysize\n"), file)
}

/// `cannot_open_param_file` from 3.0 on, a message of its own on 1.1.1.
fn cannot_open_param_file_or((line, msg): (&'static str, &str), file: &str) -> String {
    by_line([
        (line, msg.to_string()),
        ("3.0", format!("Cannot open parameter file {file}\n")),
    ])
}

/// set_keygen_ctx's message for parameters of another key type.
fn key_type_does_not_match() -> String {
    by_line([
        ("1.1.1", "Key Type does not match parameters\n"),
        ("3.0", "Key type does not match parameters\n"),
    ])
    .to_string()
}

/// set_keygen_ctx's message for a parameter file it cannot open: "Can't
/// open" in 1.1.1, "Cannot open" since 3.0.
fn cannot_open_param_file(file: &str) -> String {
    by_line([
        ("1.1.1", format!("Can't open parameter file {file}\n")),
        ("3.0", format!("Cannot open parameter file {file}\n")),
    ])
}

// ----- -newkey grammar --------------------------------------------------------

#[test]
fn newkey_rsa_with_bits() {
    let (theirs, ours) = new_key(&[
        "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out",
        "r.pem",
    ])
    .assert_same();
    assert!(
        theirs.stderr_str().starts_with("<progress>") || theirs.stderr_str().contains("-----\n")
    );
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    ours.assert_file_mode("k.pem", 0o600);
}

#[test]
fn newkey_bare_bits_means_rsa() {
    let (theirs, _) = new_key(&[
        "-new", "-newkey", "1024", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-noout",
        "-text",
    ])
    .assert_same();
    assert!(theirs.stdout_str().contains("Public-Key: (1024 bit)"));
}

#[test]
fn newkey_rsa_without_bits_takes_default_bits_from_config() {
    let (theirs, _) = new_key(&[
        "-new", "-newkey", "rsa", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-noout", "-text",
    ])
    .assert_same();
    // the stock openssl.cnf says default_bits = 2048
    assert!(theirs.stdout_str().contains("Public-Key: (2048 bit)"));
}

#[test]
fn newkey_rsa_default_bits_from_own_config() {
    let cnf = "[req]\ndistinguished_name = dn\ndefault_bits = 1536\n[dn]\n";
    let (theirs, _) = new_key(&[
        "-new", "-config", "c.cnf", "-newkey", "rsa", "-nodes", "-keyout", "k.pem", "-subj",
        "/CN=x", "-noout", "-text",
    ])
    .file("c.cnf", cnf)
    .assert_same();
    assert!(theirs.stdout_str().contains("Public-Key: (1536 bit)"));
}

#[test]
fn newkey_without_newkey_uses_default_bits() {
    let cnf = "[req]\ndistinguished_name = dn\ndefault_bits = 1024\n[dn]\n";
    let (theirs, _) = new_key(&[
        "-new", "-config", "c.cnf", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-noout",
        "-text",
    ])
    .file("c.cnf", cnf)
    .assert_same();
    assert!(theirs.stdout_str().contains("Public-Key: (1024 bit)"));
}

#[test]
fn newkey_rsa_bits_with_trailing_garbage_uses_atol() {
    // "1024x": the second part starts with a digit, so it is a size, read by atol()
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "rsa:1024x",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .assert_same();
    assert!(theirs.stdout_str().contains("Public-Key: (1024 bit)"));
}

#[test]
fn newkey_rsa_511_bits_refused_by_the_provider() {
    let (theirs, _) = Case::new(&[
        "-new", "-newkey", "rsa:511", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().starts_with(by_line([
        // 1.1.1: EVP_PKEY_CTX_set_rsa_keygen_bits in set_keygen_ctx
        ("1.1.1", "Error setting RSA keysize\n"),
        ("3.0", "Error setting keysize\n"),
    ])));
    assert!(theirs.stderr_str().contains(by_line([
        ("1.1.1", "pkey_rsa_ctrl:key size too small"),
        ("3.0", "rsa_gen_set_params:key size too small"),
    ])));
    assert!(!theirs.has_file("k.pem"));
}

#[test]
fn newkey_rsa_pss_511_bits() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "rsa-pss:511",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    // 1.1.1: RSA-PSS takes no size after ':' (a parameter file "511")
    assert!(theirs.stderr_str().starts_with(by_line([
        ("1.1.1", "Can't open parameter file 511\n"),
        ("3.0", "Error setting keysize\n"),
    ])));
}

#[test]
fn newkey_dsa_too_short() {
    // the DSA provider takes any size; req itself refuses less than 512 bits
    let (theirs, _) = Case::new(&[
        "-new", "-newkey", "dsa:256", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.masked_stderr(),
        by_line([
            // 1.1.1's set_keygen_ctx: a size only for RSA; "256" is a parameter file
            (
                "1.1.1",
                "Can't open parameter file 256\n<tid>:error:02001002:system library:fopen:No such file or directory:<file:line>:fopen('256','r')\n<tid>:error:2006D080:BIO routines:BIO_new_file:no such file:<file:line>:\n"
            ),
            (
                "3.0",
                "Private key length too short, needs to be at least 512 bits, not 256.\n"
            ),
        ])
    );
}

#[test]
fn newkey_dsa_without_param_file_cannot_generate() {
    let (theirs, _) = Case::new(&[
        "-new", "-newkey", "dsa:1024", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    if !line_at_least("3.0") {
        // 1.1.1 takes no size for DSA: "1024" is a parameter file
        assert!(
            theirs
                .stderr_str()
                .starts_with(&cannot_open_param_file("1024"))
        );
        return;
    }
    assert_eq!(
        theirs.masked_stderr(),
        format!("req: Error generating dsa key\n{}", dsa_keygen_failure())
    );
}

#[test]
fn newkey_dsa_without_anything() {
    let (theirs, _) = Case::new(&[
        "-new", "-newkey", "dsa", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x",
    ])
    .assert_same();
    assert_eq!(
        theirs.masked_stderr(),
        by_line([
            // 1.1.1's req_main generates the key itself
            (
                "1.1.1",
                "Generating a DSA private key\nError Generating Key\n\
                 <tid>:error:0A07906B:dsa routines:pkey_dsa_keygen:no parameters set:<file:line>:\n"
                    .to_string(),
            ),
            (
                "3.0",
                format!("req: Error generating dsa key\n{}", dsa_keygen_failure()),
            ),
        ])
    );
}

#[test]
fn newkey_rsa_zero_bits() {
    let (theirs, _) = Case::new(&[
        "-new", "-newkey", "rsa:0", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn newkey_rsa_with_word_after_colon_is_a_param_file() {
    // "rsa:abc": not a digit, so a parameter file named abc
    let (theirs, _) =
        Case::new(&["-new", "-newkey", "rsa:abc", "-nodes", "-subj", "/CN=x"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().starts_with(&rsa_param_file("abc")));
}

#[test]
fn newkey_with_empty_param_file_name() {
    let (theirs, _) =
        Case::new(&["-new", "-newkey", "ec:", "-nodes", "-subj", "/CN=x"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().starts_with(&cannot_open_param_file("")));
}

#[test]
fn newkey_param_without_path() {
    let (theirs, _) =
        Case::new(&["-new", "-newkey", "param", "-nodes", "-subj", "/CN=x"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1 knows only "param:" and looks the rest up as an algorithm
            ("1.1.1", "Unknown algorithm param\n"),
            ("3.0", "Parameter file requested but no path given: param\n"),
        ])
    );
}

#[test]
fn newkey_param_prefix_is_matched_by_strncmp() {
    // strncmp(gstr, "param", len): "par:FILE" is the param form too
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "par:ecparam-p256.pem",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .fixture("ecparam-p256.pem")
    .assert_same();
    if line_at_least("3.0") {
        assert!(theirs.stdout_str().contains("ASN1 OID: prime256v1"));
    } else {
        // 1.1.1 matches "param:" only, whole
        assert_eq!(theirs.stderr_str(), "Unknown algorithm par\n");
    }
}

#[test]
fn newkey_unknown_algorithm() {
    let (theirs, _) =
        Case::new(&["-new", "-newkey", "foo", "-nodes", "-subj", "/CN=x"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().starts_with(by_line([
        // 1.1.1: EVP_PKEY_asn1_find_str finds no method
        ("1.1.1", "Unknown algorithm foo\n"),
        ("3.0", "Error allocating keygen context\n"),
    ])));
}

#[test]
fn newkey_unknown_algorithm_with_bits() {
    let (theirs, _) =
        Case::new(&["-new", "-newkey", "foo:2048", "-nodes", "-subj", "/CN=x"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().contains(by_line([
        ("1.1.1", "Unknown algorithm foo\n"),
        ("3.0", "Algorithm (foo : 0)"),
    ])));
}

#[test]
fn newkey_algorithm_name_is_case_insensitive() {
    new_key(&[
        "-new", "-newkey", "RSA:1024", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out",
        "r.pem",
    ])
    .assert_same();
}

// ----- algorithms -------------------------------------------------------------

#[test]
fn newkey_rsa_pss() {
    // 1.1.1 takes no size after "rsa-pss:"; the size as a -pkeyopt works on
    // every line
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "rsa-pss",
        "-pkeyopt",
        "rsa_keygen_bits:1024",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
        "-text",
    ])
    .assert_same();
    assert!(
        theirs
            .file_str("r.pem")
            .contains("Signature Algorithm: rsassaPss")
    );
}

#[test]
fn newkey_rsa_pss_with_pss_keygen_options() {
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "rsa-pss",
        "-pkeyopt",
        "rsa_keygen_bits:1024",
        "-pkeyopt",
        "rsa_pss_keygen_md:sha384",
        "-pkeyopt",
        "rsa_pss_keygen_saltlen:20",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .assert_same();
    // 1.1.1 prints no PSS restrictions of a request's key
    if line_at_least("3.0") {
        assert!(theirs.stdout_str().contains("sha384"));
    } else {
        assert!(
            theirs
                .stdout_str()
                .contains("RSA-PSS Public-Key: (1024 bit)")
        );
    }
}

#[test]
fn newkey_ec_from_param_file() {
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "ec:ecparam-p256.pem",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("ecparam-p256.pem")
    .assert_same();
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
}

#[test]
fn newkey_param_form_takes_type_from_file() {
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "param:ecparam-p384.pem",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .fixture("ecparam-p384.pem")
    .assert_same();
    assert!(theirs.stdout_str().contains("ASN1 OID: secp384r1"));
}

#[test]
fn newkey_ec_curve_from_pkeyopt() {
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .assert_same();
    assert!(theirs.stdout_str().contains("NIST CURVE: P-384"));
}

#[test]
fn newkey_ec_pkeyopt_given_twice_last_wins() {
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .assert_same();
    assert!(theirs.stdout_str().contains("ASN1 OID: prime256v1"));
}

#[test]
fn newkey_ec_without_curve_fails() {
    let (theirs, _) = Case::new(&[
        "-new", "-newkey", "ec", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(!theirs.has_file("k.pem"));
}

#[test]
fn newkey_ec_unknown_curve() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-999",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn newkey_ed25519() {
    let (theirs, _) = new_key(&[
        "-new", "-newkey", "ed25519", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out",
        "r.pem", "-text",
    ])
    .assert_same();
    assert!(
        theirs
            .file_str("r.pem")
            .contains("Signature Algorithm: ED25519")
    );
}

#[test]
fn newkey_ed448() {
    let (theirs, _) = new_key(&[
        "-new", "-newkey", "ED448", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out",
        "r.pem", "-text",
    ])
    .assert_same();
    assert!(
        theirs
            .file_str("r.pem")
            .contains("Signature Algorithm: ED448")
    );
}

#[test]
fn newkey_ed25519_with_bits_ignores_them() {
    // the size is set as a "bits" param the Ed25519 generator does not know,
    // which is not an error; no -keyout: the key goes to default_keyfile
    let (theirs, _) =
        new_key(&["-new", "-newkey", "ed25519:256", "-nodes", "-subj", "/CN=x"]).assert_same();
    if !line_at_least("3.0") {
        // 1.1.1 takes a size for RSA only: "256" is a parameter file
        assert!(
            theirs
                .stderr_str()
                .starts_with(&cannot_open_param_file("256"))
        );
        return;
    }
    assert_eq!(theirs.code, 0);
    assert!(theirs.has_file("privkey.pem"));
    assert!(
        theirs
            .stdout_str()
            .starts_with("-----BEGIN CERTIFICATE REQUEST-----")
    );
}

#[test]
fn newkey_dsa_from_param_file() {
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "dsa:dsaparam-2048.pem",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixture("dsaparam-2048.pem")
    .assert_same();
    assert!(
        theirs
            .file_str("r.pem")
            .contains("Signature Algorithm: dsa_with_SHA256")
    );
}

#[test]
fn newkey_param_dsa_file() {
    new_key(&[
        "-new",
        "-newkey",
        "param:dsaparam-2048.pem",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .fixture("dsaparam-2048.pem")
    .assert_same();
}

#[test]
fn newkey_x25519_cannot_sign() {
    // openssl has written k.pem before it tries to sign; ours leaves nothing
    let case = Case::new(&[
        "-new", "-newkey", "x25519", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out",
        "r.pem",
    ])
    .fresh_key();
    let (theirs, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().contains(by_line([
        ("1.1.1", "do_sigver_init:no default digest"),
        (
            "3.0",
            "do_sigver_init:operation not supported for this keytype"
        ),
    ])));
}

#[test]
fn newkey_x448_cannot_sign() {
    let case = Case::new(&[
        "-new", "-newkey", "X448", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.pem",
    ])
    .fresh_key();
    let (theirs, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
    assert_eq!(theirs.code, 1);
}

#[test]
fn newkey_dh_cannot_sign() {
    let case = Case::new(&[
        "-new",
        "-newkey",
        "dh:dhparam.pem",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("dhparam.pem")
    .fresh_key();
    let (theirs, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
    assert_eq!(theirs.code, 1);
}

#[test]
fn newkey_x25519_cannot_sign_a_certificate_either() {
    let case = Case::new(&[
        "-x509", "-newkey", "x25519", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out",
        "c.pem",
    ])
    .fresh_key();
    let (theirs, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
    assert_eq!(theirs.code, 1);
}

// ----- parameter files --------------------------------------------------------

#[test]
fn newkey_missing_param_file() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "ec:nonexistent.pem",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with(&cannot_open_param_file("nonexistent.pem"))
    );
    assert!(theirs.stderr_str().contains(by_line([
        ("1.1.1", "fopen('nonexistent.pem','r')"),
        ("3.0", "calling fopen(nonexistent.pem, r)"),
    ])));
}

#[test]
fn newkey_param_file_is_a_directory() {
    let (theirs, _) = Case::new(&["-new", "-newkey", "ec:params", "-nodes", "-subj", "/CN=x"])
        .file("params/README", "a directory, not a file\n")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn newkey_garbage_param_file() {
    let (theirs, _) = Case::new(&["-new", "-newkey", "ec:junk.pem", "-nodes", "-subj", "/CN=x"])
        .file("junk.pem", "this is not a parameter file\n")
        .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with("Error reading parameter file junk.pem\n")
    );
}

#[test]
fn newkey_empty_param_file() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "param:empty.pem",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .file("empty.pem", "")
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with("Error reading parameter file empty.pem\n")
    );
}

#[test]
fn newkey_private_key_is_not_a_param_file() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "ec:rsa2048.pem",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with("Error reading parameter file rsa2048.pem\n")
    );
}

#[test]
fn newkey_type_not_matching_params() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "rsa:ecparam-p256.pem",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .fixture("ecparam-p256.pem")
    .assert_same();
    assert_eq!(theirs.code, 1);
    if line_at_least("3.0") {
        assert_eq!(theirs.stderr_str(), "Key type does not match parameters\n");
    } else {
        // 1.1.1: after "rsa:" a size (atol: 0), never a file
        assert!(
            theirs
                .stderr_str()
                .starts_with("Error setting RSA keysize\n")
        );
    }
}

#[test]
fn newkey_dsa_with_ec_params() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "dsa:ecparam-p256.pem",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .fixture("ecparam-p256.pem")
    .assert_same();
    assert_eq!(theirs.stderr_str(), key_type_does_not_match());
}

#[test]
fn newkey_params_taken_from_a_certificate() {
    // set_keygen_ctx falls back to the public key of a certificate in the file
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "param:ca-cert.pem",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .fixture("ca-cert.pem")
    .assert_same();
    assert!(theirs.stdout_str().contains("Public-Key: (2048 bit)"));
}

#[test]
fn newkey_ec_params_from_certificate_with_rsa_key() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "ec:ca-cert.pem",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .fixture("ca-cert.pem")
    .assert_same();
    assert!(theirs.stderr_str().starts_with(&key_type_does_not_match()));
}

// ----- -pkeyopt ---------------------------------------------------------------

#[test]
fn pkeyopt_rsa_public_exponent() {
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "rsa:1024",
        "-pkeyopt",
        "rsa_keygen_pubexp:3",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .assert_same();
    assert!(theirs.stdout_str().contains("Exponent: 3 (0x3)"));
}

#[test]
fn pkeyopt_bits_overrides_newkey_bits() {
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "rsa:2048",
        "-pkeyopt",
        "rsa_keygen_bits:1024",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .assert_same();
    assert!(theirs.stdout_str().contains("Public-Key: (1024 bit)"));
}

#[test]
fn pkeyopt_unknown_option() {
    let (theirs, _) = Case::new(&[
        "-new", "-newkey", "rsa:1024", "-pkeyopt", "bogus:1", "-nodes", "-keyout", "k.pem",
        "-subj", "/CN=x",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with(&key_parameter_error("bogus:1"))
    );
    assert!(!theirs.has_file("k.pem"));
}

#[test]
fn pkeyopt_without_colon() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "rsa:1024",
        "-pkeyopt",
        "rsa_keygen_bits",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    assert!(
        theirs
            .stderr_str()
            .starts_with(&key_parameter_error("rsa_keygen_bits"))
    );
}

#[test]
fn pkeyopt_bad_value() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "rsa:1024",
        "-pkeyopt",
        "rsa_keygen_pubexp:notanumber",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn pkeyopt_second_one_bad() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-pkeyopt",
        "ec_param_enc:bogus",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    // the value is only checked when the key is generated (3.x); 1.1.1's
    // EC method refuses it as it is set
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().starts_with(by_line([
        ("1.1.1", "parameter error \"ec_param_enc:bogus\"\n"),
        ("3.0", "req: Error generating ec key\n"),
    ])));
}

#[test]
fn pkeyopt_ec_explicit_param_encoding() {
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-pkeyopt",
        "ec_param_enc:explicit",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .assert_same();
    assert!(theirs.stdout_str().contains("Field Type: prime-field"));
}

#[test]
fn pkeyopt_with_key_option_is_ignored() {
    // -pkeyopt only matters when a key is generated
    Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-pkeyopt",
        "bogus:1",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
}

// ----- -verbose while generating ----------------------------------------------

#[test]
fn verbose_newkey_rsa() {
    let (theirs, _) = new_key(&[
        "-new", "-verbose", "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x",
        "-out", "r.pem",
    ])
    .assert_same();
    let err = theirs.stderr_str();
    // the algorithm is named as it was typed (3.x), by its PEM name (1.1.1)
    assert!(
        err.contains(by_line([
            ("1.1.1", "Generating a RSA private key\n"),
            ("3.0", "Generating rsa key with 1024 bits\n"),
        ])),
        "{err}"
    );
    let (to, other) = writing_key_streams(&theirs);
    assert!(to.contains(&writing_key_to("'k.pem'")), "{to}");
    assert!(!other.contains(&writing_key_to("")[..10]), "{other}");
}

#[test]
fn verbose_newkey_ec_param_file() {
    let (theirs, _) = new_key(&[
        "-new",
        "-verbose",
        "-newkey",
        "ec:ecparam-p256.pem",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("ecparam-p256.pem")
    .assert_same();
    assert!(theirs.stderr_str().contains(by_line([
        // 1.1.1 says it always, naming the type by its PEM name
        ("1.1.1", "Generating an EC private key\n"),
        ("3.0", "Generating ec key with 256 bits\n"),
    ])));
}

#[test]
fn verbose_newkey_param_form() {
    let (theirs, _) = new_key(&[
        "-new",
        "-verbose",
        "-newkey",
        "param:ecparam-p384.pem",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("ecparam-p384.pem")
    .assert_same();
    assert!(theirs.stderr_str().contains(by_line([
        ("1.1.1", "Generating an EC private key\n"),
        ("3.0", "Generating EC key with 384 bits\n"),
    ])));
}

#[test]
fn verbose_newkey_ed25519_to_default_keyfile() {
    // the bit count shown is default_bits, which Ed25519 never used
    let (theirs, _) = new_key(&[
        "-new", "-verbose", "-newkey", "ed25519", "-nodes", "-subj", "/CN=x",
    ])
    .assert_same();
    let err = theirs.stderr_str();
    // the reference's own openssl.cnf (/usr/lib/ssl on 3.0, the prefix's on
    // the others), whose default_keyfile is privkey.pem on every line
    assert!(err.starts_with(&using_default_config()), "{err}");
    assert!(
        err.contains(by_line([
            ("1.1.1", "Generating a ED25519 private key\n"),
            ("3.0", "Generating ed25519 key with 2048 bits\n"),
        ])),
        "{err}"
    );
    let (to, other) = writing_key_streams(&theirs);
    assert!(to.contains(&writing_key_to("'privkey.pem'")), "{to}");
    assert!(!other.contains(&writing_key_to("")[..10]), "{other}");
}

#[test]
fn verbose_newkey_key_to_stdout() {
    // a config without default_keyfile: the key goes to stdout, before the request
    let cnf = "[req]\ndistinguished_name = dn\n[dn]\n";
    let (theirs, _) = new_key(&[
        "-new", "-verbose", "-config", "c.cnf", "-newkey", "ed25519", "-nodes", "-subj", "/CN=x",
    ])
    .file("c.cnf", cnf)
    .assert_same();
    let (to, other) = writing_key_streams(&theirs);
    assert!(to.contains(&writing_key_to("stdout")), "{to}");
    assert!(!other.contains(&writing_key_to("")[..10]), "{other}");
    // on 4.0 the verbose line itself, on stdout, comes just before the key
    let key_start = by_line([
        ("1.1.1", ""),
        ("3.0", ""),
        ("4.0", "Writing private key to stdout\n"),
    ]);
    assert!(
        theirs
            .stdout_str()
            .starts_with(&format!("{key_start}-----BEGIN PRIVATE KEY-----"))
    );
}

#[test]
fn verbose_newkey_ec_with_pkeyopt_curve() {
    new_key(&[
        "-new",
        "-verbose",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .assert_same();
}

// ----- -key in every encoding -------------------------------------------------

fn csr_from_key(key: &str) -> Case {
    Case::new(&["-new", "-key", key, "-subj", "/CN=x", "-out", "r.pem"]).fixture(key)
}

#[test]
fn key_pkcs8_pem() {
    let (theirs, ours) = csr_from_key("rsa2048.pem").assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(theirs.file("r.pem"), ours.file("r.pem"));
}

#[test]
fn key_traditional_rsa_pem() {
    csr_from_key("rsa2048-trad.pem").assert_same();
}

#[test]
fn key_traditional_and_pkcs8_give_the_same_request() {
    let (a, _) = csr_from_key("rsa2048-trad.pem").assert_same();
    let (b, _) = csr_from_key("rsa2048.pem").assert_same();
    assert_eq!(a.file("r.pem"), b.file("r.pem"));
}

#[test]
fn key_pkcs8_der_without_keyform() {
    csr_from_key("rsa2048.der").assert_same();
}

#[test]
fn key_pkcs8_der_with_keyform_der() {
    Case::new(&[
        "-new",
        "-key",
        "rsa2048.der",
        "-keyform",
        "DER",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.der")
    .assert_same();
}

#[test]
fn key_der_file_with_keyform_pem() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.der",
        "-keyform",
        "PEM",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.der")
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with(&no_private_key_in("rsa2048.der"))
    );
    assert!(!theirs.has_file("r.pem"));
}

#[test]
fn key_pem_file_with_keyform_der() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-keyform",
        "DER",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(theirs.code, 1);
    // The decoder's own error (libcrypto): 3.1 to 3.4 report none.
    assert_eq!(
        theirs.stderr_str().contains("Input type: DER"),
        by_line([
            ("1.1.1", false),
            ("3.0", true),
            ("3.1", false),
            ("3.5", true)
        ]),
        "{}",
        theirs.stderr_str()
    );
}

#[test]
fn key_keyform_lowercase_and_abbreviations() {
    Case::new(&[
        "-new",
        "-key",
        "rsa2048.der",
        "-keyform",
        "der",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.der")
    .assert_same();
    Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-keyform",
        "P",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
}

#[test]
fn key_keyform_p12_and_msblob_are_accepted_and_ignored() {
    // "Key file format (ENGINE, other values ignored)"
    for f in ["P12", "MSBLOB", "PVK", "SMIME"] {
        Case::new(&[
            "-new",
            "-key",
            "rsa2048.pem",
            "-keyform",
            f,
            "-subj",
            "/CN=x",
            "-out",
            "r.pem",
        ])
        .fixture("rsa2048.pem")
        .assert_same();
    }
}

#[test]
fn key_keyform_bad_value() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-keyform",
        "XYZ",
        "-subj",
        "/CN=x",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().contains("Use -help for summary."));
}

#[test]
fn key_traditional_ec() {
    Case::new(&[
        "-new",
        "-key",
        "ec-p256-trad.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("ec-p256-trad.pem")
    .fresh_sig()
    .assert_same();
}

#[test]
fn key_ec_p384_pkcs8() {
    Case::new(&[
        "-new",
        "-key",
        "ec-p384.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("ec-p384.pem")
    .fresh_sig()
    .assert_same();
}

#[test]
fn key_ed25519_byte_for_byte() {
    csr_from_key("ed25519.pem").assert_same();
}

#[test]
fn key_ed448_byte_for_byte() {
    csr_from_key("ed448.pem").assert_same();
}

#[test]
fn key_dsa() {
    Case::new(&[
        "-new",
        "-key",
        "dsa2048.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("dsa2048.pem")
    .fresh_sig()
    .assert_same();
}

#[test]
fn key_rsa_pss() {
    Case::new(&[
        "-new",
        "-key",
        "rsapss.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsapss.pem")
    .fresh_sig()
    .assert_same();
}

#[test]
fn key_x25519_cannot_sign() {
    let (theirs, _) = csr_from_key("x25519.pem").assert_same();
    assert_eq!(theirs.code, 1);
    assert!(!theirs.has_file("r.pem"));
}

#[test]
fn key_rsa512_signs_with_sha256() {
    csr_from_key("rsa512.pem").assert_same();
}

#[test]
fn key_from_stdin_dash_is_a_file_name() {
    // load_key is called with may_stdin = 0: "-" is looked up as a file
    // (3.x); 1.1.1's bio_open_default takes "-" for standard input
    let (theirs, _) = Case::new(&["-new", "-key", "-", "-subj", "/CN=x", "-out", "r.pem"])
        .stdin(common::fixture_bytes("rsa2048.pem"))
        .assert_same();
    if !line_at_least("3.0") {
        assert_eq!(theirs.code, 0, "{}", theirs.stderr_str());
        return;
    }
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(err.starts_with(&cannot_open_private_key("-")), "{err}");
    if line_at_least("3.1") {
        assert_eq!(err, cannot_open_private_key("-"));
    }
}

#[test]
fn key_file_named_dash_is_read() {
    Case::new(&["-new", "-key", "-", "-subj", "/CN=x", "-out", "r.pem"])
        .file("-", common::fixture_bytes("rsa2048.pem"))
        .assert_same();
}

#[test]
fn key_from_dev_stdin() {
    Case::new(&[
        "-new",
        "-key",
        "/dev/stdin",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .stdin(common::fixture_bytes("rsa2048.pem"))
    .assert_same();
}

#[test]
fn key_file_uri() {
    Case::new(&[
        "-new",
        "-key",
        "file:rsa2048.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
}

#[test]
fn key_missing_file() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "nokey.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(
        err.starts_with(&cannot_open_private_key("nokey.pem")),
        "{err}"
    );
    if line_at_least("3.1") {
        assert_eq!(err, cannot_open_private_key("nokey.pem"));
    }
}

#[test]
fn key_is_a_directory() {
    let (theirs, _) = Case::new(&["-new", "-key", "keys", "-subj", "/CN=x", "-out", "r.pem"])
        .file("keys/README", "a directory\n")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn key_file_is_empty() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "empty.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .file("empty.pem", "")
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn key_file_is_a_request() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "csr-rsa.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with(&no_private_key_in("csr-rsa.pem"))
    );
}

#[test]
fn key_file_is_a_certificate() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "ca-cert.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("ca-cert.pem")
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn key_file_is_only_parameters() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "ecparam-p256.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("ecparam-p256.pem")
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn key_file_is_text() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "notes.txt",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .file("notes.txt", "hello\nworld\n")
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn key_file_truncated_pem() {
    let pem = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rsa2048.pem"))
        .unwrap();
    let cut = &pem[..pem.len() / 2];
    let (theirs, _) = Case::new(&["-new", "-key", "cut.pem", "-subj", "/CN=x", "-out", "r.pem"])
        .file("cut.pem", cut)
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn key_second_block_in_file_after_a_certificate() {
    // ca-combined.pem holds the certificate first, then the key
    Case::new(&[
        "-new",
        "-key",
        "ca-combined.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("ca-combined.pem")
    .assert_same();
}

#[test]
fn key_given_twice_last_wins() {
    Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-key",
        "ed25519.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixtures(&["rsa2048.pem", "ed25519.pem"])
    .assert_same();
}

#[test]
fn key_with_keyout_rewrites_the_key() {
    // with -key and -keyout the loaded key is written out again (unencrypted: -nodes)
    let (theirs, ours) = Case::new(&[
        "-new",
        "-key",
        "rsa2048-trad.pem",
        "-keyout",
        "out.pem",
        "-nodes",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-trad.pem")
    .assert_same();
    if !line_at_least("3.0") {
        // 1.1.1 writes only a key it generated
        assert!(!theirs.has_file("out.pem"));
        return;
    }
    assert!(
        theirs
            .file_str("out.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    ours.assert_file_mode("out.pem", 0o600);
}

#[test]
fn key_and_newkey_key_wins() {
    // -key is loaded first; with a key present nothing is generated
    Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-newkey",
        "ec:nonexistent",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
}

#[test]
fn key_der_traditional_ec() {
    // made on the fly from the fixture with the real openssl: EC key, traditional DER
    let der = {
        let mut cmd = std::process::Command::new(common::openssl_path());
        cmd.args([
            "ec",
            "-in",
            concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/ec-p256.pem"),
            "-outform",
            "DER",
        ]);
        cmd.output().unwrap().stdout
    };
    Case::new(&["-new", "-key", "ec.der", "-subj", "/CN=x", "-out", "r.pem"])
        .file("ec.der", der)
        .fresh_sig()
        .assert_same();
}

// ----- size warnings, rarer algorithms, unwritable -keyout ----------------------

#[test]
fn newkey_rsa_over_16384_bits_warns() {
    // an even public exponent makes the (huge) generation fail at once
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "rsa:16385",
        "-pkeyopt",
        "rsa_keygen_pubexp:4",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    let warning = "Warning: It is not recommended to use more than 16384 bit for RSA keys.\n         Your key size is 16385! Larger key size may behave not as expected.\n";
    let failure = by_line([
        // 1.1.1's RSA method refuses the exponent as it is set
        ("1.1.1", "parameter error \"rsa_keygen_pubexp:4\"\n"),
        ("3.0", "req: Error generating rsa key\n"),
    ]);
    assert!(err.starts_with(&format!("{warning}{failure}")), "{err}");
}

#[test]
fn newkey_rsa_pss_over_16384_bits_warns() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "rsa-pss:16385",
        "-pkeyopt",
        "rsa_keygen_pubexp:4",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    // 1.1.1 neither takes a size for RSA-PSS ("16385" is a parameter file)
    // nor warns about one
    assert!(theirs.stderr_str().contains(&by_line([
        ("1.1.1", cannot_open_param_file("16385")),
        ("3.0", "Your key size is 16385!".to_string()),
    ])));
}

#[test]
fn newkey_dsa_over_10000_bits_warns() {
    let (theirs, _) =
        Case::new(&["-new", "-newkey", "dsa:10001", "-nodes", "-subj", "/CN=x"]).assert_same();
    if !line_at_least("3.0") {
        // 1.1.1 takes no size for DSA: "10001" is a parameter file
        assert!(
            theirs
                .stderr_str()
                .starts_with(&cannot_open_param_file("10001"))
        );
        return;
    }
    assert_eq!(
        theirs.masked_stderr(),
        format!(
            "Warning: It is not recommended to use more than 10000 bit for DSA keys.\n         Your key size is 10001! Larger key size may behave not as expected.\nreq: Error generating dsa key\n{}",
            dsa_keygen_failure()
        )
    );
}

#[test]
fn newkey_rsa_three_primes() {
    // multi-prime generation restarts at random (the product may miss the
    // size), so the number of progress lines varies from run to run: runs of
    // progress lines are collapsed to one before comparing
    let case = new_key(&[
        "-new",
        "-newkey",
        "rsa:1024",
        "-pkeyopt",
        "rsa_keygen_primes:3",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ]);
    let collapse = |o: &mut common::Outcome| {
        let masked = String::from_utf8_lossy(&common::mask_progress(&o.stderr)).into_owned();
        let mut out = String::new();
        for l in masked.split_inclusive('\n') {
            if !(l == "<progress>\n" && out.ends_with("<progress>\n")) {
                out.push_str(l);
            }
        }
        o.stderr = out.into_bytes();
    };
    let (mut theirs, mut ours) = (case.run_openssl(), case.run_ours());
    collapse(&mut theirs);
    collapse(&mut ours);
    if let Err(r) = common::compare(&case, &theirs, &ours) {
        panic!("{r}");
    }
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1's req_main always says what it generates and writes
            (
                "1.1.1",
                "Generating a RSA private key\n<progress>\nwriting new private key to 'k.pem'\n-----\n"
            ),
            ("3.0", "<progress>\n-----\n"),
        ])
    );
    let (_, t, _) = common::openssl_filter(&["pkey", "-noout", "-text"], ours.file("k.pem"));
    assert!(t.contains("prime3:"), "{t}");
}

#[test]
fn newkey_sm2_signs_with_sm3() {
    let (theirs, _) = new_key(&[
        "-new", "-newkey", "sm2", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-noout", "-text",
    ])
    .assert_same();
    if !line_at_least("3.0") {
        assert_eq!(theirs.stderr_str(), "Unknown algorithm sm2\n");
        return;
    }
    assert!(
        theirs
            .stdout_str()
            .contains("Signature Algorithm: SM2-with-SM3")
    );
}

#[test]
fn newkey_sm2_refuses_sha256() {
    let case = Case::new(&[
        "-new", "-newkey", "sm2", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-sha256",
        "-out", "r.pem",
    ])
    .fresh_key();
    if !line_at_least("3.0") {
        // 1.1.1's EVP_PKEY_asn1_find_str knows no "sm2"
        let (theirs, _) = case.assert_same();
        assert_eq!(theirs.stderr_str(), "Unknown algorithm sm2\n");
        return;
    }
    let (theirs, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
    assert!(
        theirs
            .stderr_str()
            .contains("sm2sig_set_mdname:invalid digest")
    );
}

#[test]
fn newkey_param_file_pkeyopt_curve_is_ignored() {
    // the curve comes from the parameters; ec_paramgen_curve is accepted but moot
    let (theirs, _) = new_key(&[
        "-new",
        "-newkey",
        "ec:ecparam-p256.pem",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-text",
    ])
    .fixture("ecparam-p256.pem")
    .assert_same();
    assert!(theirs.stdout_str().contains("NIST CURVE: P-256"));
}

#[test]
fn newkey_dhx_with_dh_params() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "dhx:dhparam.pem",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .fixture("dhparam.pem")
    .assert_same();
    assert!(theirs.stderr_str().starts_with(by_line([
        // 1.1.1 has no "DHX" name for EVP_PKEY_asn1_find_str
        ("1.1.1", "Unknown algorithm dhx\n"),
        ("3.0", "Key type does not match parameters\n"),
    ])));
}

#[test]
fn newkey_param_file_holding_a_private_key() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "param:ec-p256.pem",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .fixture("ec-p256.pem")
    .assert_same();
    assert!(
        theirs
            .stderr_str()
            .starts_with("Error reading parameter file ec-p256.pem\n")
    );
}

#[test]
fn keyout_into_missing_directory() {
    // the key is generated, then the output cannot be opened
    let (theirs, ours) = new_key(&[
        "-new",
        "-newkey",
        "rsa:1024",
        "-nodes",
        "-keyout",
        "nodir/k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .ends_with("req: Can't open \"nodir/k.pem\" for writing, No such file or directory\n")
    );
    assert!(!ours.has_file("r.pem"));
}

#[test]
fn keyout_is_a_directory() {
    let (theirs, _) = new_key(&[
        "-new", "-newkey", "ed25519", "-nodes", "-keyout", ".", "-subj", "/CN=x", "-out", "r.pem",
    ])
    .assert_same();
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1 says what it generates and writes before it opens the file
            (
                "1.1.1",
                "Generating a ED25519 private key\nwriting new private key to '.'\n\
                 req: Can't open \".\" for writing, Is a directory\n"
            ),
            ("3.0", "req: Can't open \".\" for writing, Is a directory\n"),
        ])
    );
}

// ----- corners of the -newkey grammar ----------------------------------------------

#[test]
fn newkey_empty_algorithm_before_colon_is_param() {
    // strncmp(gstr, "param", 0) == 0: ":1024" asks for a parameter file "1024"
    let (theirs, _) =
        Case::new(&["-new", "-newkey", ":1024", "-nodes", "-subj", "/CN=x"]).assert_same();
    assert!(theirs.stderr_str().starts_with(&cannot_open_param_file_or(
        ("1.1.1", "Unknown algorithm \n"),
        "1024"
    )));
}

#[test]
fn newkey_empty_string() {
    let (theirs, _) = Case::new(&["-new", "-newkey", "", "-nodes", "-subj", "/CN=x"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1 knows only "param:" and looks the rest up as an algorithm
            ("1.1.1", "Unknown algorithm \n"),
            ("3.0", "Parameter file requested but no path given: \n"),
        ])
    );
}

#[test]
fn newkey_prefix_of_param_without_path() {
    let (theirs, _) =
        Case::new(&["-new", "-newkey", "pa", "-nodes", "-subj", "/CN=x"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1 knows only "param:" and looks the rest up as an algorithm
            ("1.1.1", "Unknown algorithm pa\n"),
            ("3.0", "Parameter file requested but no path given: pa\n"),
        ])
    );
}

#[test]
fn newkey_rsa_with_empty_second_part() {
    let (theirs, _) =
        Case::new(&["-new", "-newkey", "rsa:", "-nodes", "-subj", "/CN=x"]).assert_same();
    assert!(theirs.stderr_str().starts_with(&rsa_param_file("")));
}

#[test]
fn newkey_rsa_negative_bits_is_a_file_name() {
    let (theirs, _) =
        Case::new(&["-new", "-newkey", "rsa:-5", "-nodes", "-subj", "/CN=x"]).assert_same();
    assert!(theirs.stderr_str().starts_with(&rsa_param_file("-5")));
}

#[test]
fn newkey_rsa_bits_overflowing_long() {
    // atol() saturates; the warning shows LONG_MAX, the generator refuses it
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "rsa:99999999999999999999",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    assert!(theirs.stderr_str().contains(by_line([
        ("1.1.1", "Error setting RSA keysize\n"),
        ("3.0", "Your key size is 9223372036854775807!"),
    ])));
}

#[test]
fn newkey_rsa_bits_beyond_32_bits() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "rsa:4294967296",
        "-nodes",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    // 1.1.1 hands the size to EVP_PKEY_CTX_set_rsa_keygen_bits (an int: 0)
    // before any check
    assert!(theirs.stderr_str().contains(by_line([
        ("1.1.1", "Error setting RSA keysize\n"),
        ("3.0", "Your key size is 4294967296!"),
    ])));
}

#[test]
fn key_and_keyout_same_file() {
    // the key is loaded, then written back (as PKCS#8) to the same path.
    // openssl keeps the file's mode 0644, ours makes it 0600 (README, point 4)
    let case = Case::new(&[
        "-new", "-key", "k.pem", "-keyout", "k.pem", "-nodes", "-subj", "/CN=x", "-out", "r.pem",
    ])
    .file(
        "k.pem",
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/rsa2048-trad.pem"
        ))
        .unwrap(),
    );
    if !line_at_least("3.0") {
        // 1.1.1 writes only a key it generated: k.pem stays as it was
        let (theirs, _) = case.assert_same();
        assert!(
            theirs
                .file_str("k.pem")
                .starts_with("-----BEGIN RSA PRIVATE KEY-----")
        );
        return;
    }
    let theirs = case.run_openssl();
    let ours = case.run_ours();
    theirs.assert_file_mode("k.pem", 0o644);
    ours.assert_file_mode("k.pem", 0o600);
    let mut theirs_0600 = theirs.clone();
    theirs_0600.files.get_mut("k.pem").unwrap().0 = 0o600;
    if let Err(r) = common::compare(&case, &theirs_0600, &ours) {
        panic!("{r}");
    }
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
}

// ----- -keyform: each format read as it says (1.1.1's load_key) --------------
//
// 1.1.1 reads the key with the call of the format given (PEM by default),
// 3.x's store by what the file holds; both are compared on every line.

fn key_with_keyform(key: &str, form: &str, extra: &[&str]) -> Case {
    let mut args = vec!["-new", "-key", key, "-keyform", form, "-subj", "/CN=x"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["-out", "r.pem"]);
    Case::new(&args).fixture(key)
}

#[test]
fn keyform_p12_with_its_pass_phrase() {
    let (theirs, _) =
        key_with_keyform("rsa1024.p12", "P12", &["-passin", "pass:secret"]).assert_same();
    assert_eq!(theirs.code, 0, "{}", theirs.stderr_str());
}

#[test]
fn keyform_p12_asks_for_its_pass_phrase() {
    let (theirs, _) = key_with_keyform("rsa1024.p12", "P12", &[])
        .stdin("secret\n")
        .assert_same();
    assert_eq!(theirs.code, 0, "{}", theirs.stderr_str());
    // 1.1.1's password_callback names the file; 3.x's store the import
    assert!(theirs.stderr_str().starts_with(by_line([
        ("1.1.1", "Enter pass phrase for rsa1024.p12:"),
        ("3.0", "Enter pass phrase for PKCS12 import pass phrase:"),
    ])));
}

#[test]
fn keyform_p12_with_a_wrong_pass_phrase() {
    let (theirs, _) =
        key_with_keyform("rsa1024.p12", "P12", &["-passin", "pass:wrong"]).assert_same();
    assert_eq!(theirs.code, 1);
    if !line_at_least("3.0") {
        // load_pkcs12's own words, then load_key's
        assert_eq!(
            theirs.stderr_str(),
            "Mac verify error (wrong password?) in PKCS12 file for Private Key\n\
             unable to load Private Key\n"
        );
    }
}

#[test]
fn keyform_p12_without_a_pass_phrase() {
    // an empty MAC password is tried first: no prompt
    let (theirs, _) = key_with_keyform("rsa1024-nopass.p12", "P12", &[]).assert_same();
    assert_eq!(theirs.code, 0, "{}", theirs.stderr_str());
    assert_eq!(theirs.stderr_str(), "");
}

#[test]
fn keyform_p12_on_a_pem_file() {
    let (theirs, _) = key_with_keyform("rsa1024.pem", "P12", &[]).assert_same();
    if !line_at_least("3.0") {
        assert_eq!(theirs.code, 1);
        assert!(theirs.stderr_str().starts_with(
            "Error loading PKCS12 file for Private Key\nunable to load Private Key\n"
        ));
    }
}

#[test]
fn keyform_msblob() {
    let (theirs, _) = key_with_keyform("rsa1024.msblob", "MSBLOB", &[]).assert_same();
    assert_eq!(theirs.code, 0, "{}", theirs.stderr_str());
}

#[test]
fn keyform_pvk() {
    let (theirs, _) = key_with_keyform("rsa1024.pvk", "PVK", &[]).assert_same();
    assert_eq!(theirs.code, 0, "{}", theirs.stderr_str());
}

#[test]
fn keyform_pvk_and_msblob_on_a_pem_file() {
    for form in ["PVK", "MSBLOB"] {
        let (theirs, _) = key_with_keyform("rsa1024.pem", form, &[]).assert_same();
        if !line_at_least("3.0") {
            assert_eq!(theirs.code, 1, "{form}");
            assert!(
                theirs
                    .stderr_str()
                    .starts_with("unable to load Private Key\n"),
                "{form}: {}",
                theirs.stderr_str()
            );
        }
    }
}

#[test]
fn keyform_engine_without_an_engine() {
    if !line_at_least("3.0") {
        let (theirs, _) = key_with_keyform("rsa1024.pem", "ENGINE", &[]).assert_same();
        assert_eq!(
            theirs.stderr_str(),
            "no engine specified\nunable to load Private Key\n"
        );
    } else if common::before("4.0") {
        key_with_keyform("rsa1024.pem", "ENGINE", &[]).assert_same();
    }
}

#[test]
fn keyform_engine_whose_engine_loads_no_keys() {
    // the dynamic engine (built in wherever there are engines) has no key
    // loader: 1.1.1's load_key says so ("cannot load ... from engine"), 3.x's
    // store cannot open the engine URI
    if !common::before("4.0") {
        return;
    }
    let (theirs, _) = Case::new(&[
        "-new", "-engine", "dynamic", "-keyform", "engine", "-key", "foo", "-subj", "/CN=x",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    if !line_at_least("3.0") {
        assert!(
            theirs
                .stderr_str()
                .ends_with("\ncannot load Private Key from engine\nunable to load Private Key\n")
        );
    }
}

#[test]
fn keyform_smime_is_no_key_format() {
    let (theirs, _) = key_with_keyform("rsa1024.pem", "SMIME", &[]).assert_same();
    if !line_at_least("3.0") {
        assert_eq!(
            theirs.stderr_str(),
            "bad input format specified for key file\nunable to load Private Key\n"
        );
    }
}

// ----- key sizes as 1.1.1's req_main checks them ------------------------------

#[test]
fn newkey_dsa_params_below_512_bits() {
    // a 256-bit p: refused by req before anything is generated
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "dsa:dsaparam-256.pem",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
    ])
    .fixture("dsaparam-256.pem")
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            (
                "1.1.1",
                "private key length is too short,\nit needs to be at least 512 bits, not 256\n"
            ),
            (
                "3.0",
                "Private key length too short, needs to be at least 512 bits, not 256.\n"
            ),
        ])
    );
}

#[test]
fn new_with_default_bits_below_512() {
    // without -newkey 1.1.1 checks no size (no key type yet); on every line
    // the RSA method refuses the size first
    let cnf = "[req]\ndistinguished_name = dn\ndefault_bits = 256\n[dn]\n";
    let (theirs, _) = Case::new(&[
        "-new", "-config", "c.cnf", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x",
    ])
    .file("c.cnf", cnf)
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().starts_with(by_line([
        ("1.1.1", "Error setting RSA keysize\n"),
        ("3.0", "Error setting keysize\n"),
    ])));
}

#[test]
fn newkey_rsa_pss_with_default_bits_above_16384_is_not_warned_on_1_1_1() {
    // 1.1.1 warns about RSA only, and gives RSA-PSS no size (the method's
    // default, 2048 bits, is generated); 3.x would generate 16385 bits
    if line_at_least("3.0") {
        return;
    }
    let cnf = "[req]\ndistinguished_name = dn\ndefault_bits = 16385\n[dn]\n";
    let (theirs, _) = new_key(&[
        "-new", "-config", "c.cnf", "-newkey", "rsa-pss", "-nodes", "-keyout", "k.pem", "-subj",
        "/CN=x", "-noout", "-text",
    ])
    .file("c.cnf", cnf)
    .assert_same();
    assert_eq!(theirs.code, 0);
    assert!(!theirs.stderr_str().contains("Warning"));
    assert!(
        theirs
            .stdout_str()
            .contains("RSA-PSS Public-Key: (2048 bit)")
    );
}

#[test]
fn newkey_announces_what_it_generates() {
    // 1.1.1 always says which key it makes (by PEM name, "an EC") and where
    // it goes; 3.x only with -verbose
    let (theirs, _) = new_key(&[&["-new"], EC_KEY_AND_REQUEST].concat()).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            (
                "1.1.1",
                "Generating an EC private key\nwriting new private key to 'k.pem'\n-----\n"
            ),
            ("3.0", "-----\n"),
        ])
    );
}

//! Signing: the digest each key type gets by default, `default_md` in the
//! config, the digest options (`-sha256`, `-md5`, any name libcrypto knows),
//! digests a key cannot use, and `-sigopt` (RSA-PSS padding, bad options).
//!
//! Mirrors `do_X509_REQ_sign`/`do_X509_sign` and `do_sign_init` in apps/:
//! a key whose default digest is mandatory "UNDEF" (Ed25519, Ed448) signs
//! with no digest, whatever was asked. RSA PKCS#1 v1.5 and EdDSA signatures
//! are deterministic and compared byte for byte; the others with `.fresh_sig()`.

use crate::common;
use crate::common::{Case, before, by_line, csr_with, line_at_least};
use crate::deliberate::assert_same_but_ours_leaves_no;

/// The error stack when an RSA key is asked to sign with `digest`, a digest
/// its signature provider does not take. rsa_setup_md refuses a digest
/// missing from ossl_digest_rsa_sign_get_md_nid's table with "digest not
/// allowed" (3.0 providers/implementations/signature/rsa_sig.c:304, a path
/// with "../" in Debian's out-of-tree build; 3.5 :391; 3.6 rsa_sig.c.in:397,
/// :394 in the generated file; 4.0 :402). 3.5's table has SM3 (3.5
/// providers/common/securitycheck_default.c:36; not in 3.0's, :30-37), so
/// rsa_setup_md takes it and signing fails later, in
/// rsa_generate_signature_aid: there is no sm3WithRSAEncryption OID (3.5
/// providers/common/der/der_rsa_sig.c:39-64; rsa_sig.c:335, 3.6
/// rsa_sig.c.in:341 = :338 generated, 4.0 :346).
fn rsa_refuses_digest(digest: &str) -> String {
    // 1.1.1's RSA method refuses them all alike (check_padding_md)
    if before("3.0") {
        return "<tid>:error:0408C09D:rsa routines:check_padding_md:invalid digest:<file:line>:\n"
            .to_string();
    }
    // 3.4 allows SM3 for RSA (providers/common/securitycheck_default.c), so
    // the SM3 error comes later; before, SM3 is refused like the others
    if digest == "sm3" && line_at_least("3.4") {
        "<tid>:error:1C88010C:Provider routines:rsa_generate_signature_aid:unsupported:\
         <file:line>:Algorithm ID generation - md NID: 1143\n"
            .to_string()
    } else {
        format!(
            "<tid>:error:1C8000AE:Provider routines:rsa_setup_md:digest not allowed:\
             <file:line>:digest={digest}\n"
        )
    }
}

fn sig_alg(out: &common::Outcome, file: &str) -> String {
    out.file_str(file)
        .lines()
        .find(|l| l.trim_start().starts_with("Signature Algorithm:"))
        .unwrap_or("")
        .trim()
        .to_string()
}

// ----- default digests ----------------------------------------------------------

#[test]
fn default_digest_rsa_is_sha256() {
    let (theirs, _) = csr_with("rsa2048.pem", &["-text"]).assert_same();
    assert_eq!(
        sig_alg(&theirs, "r.pem"),
        "Signature Algorithm: sha256WithRSAEncryption"
    );
}

#[test]
fn default_digest_ec_p384_is_sha256() {
    let (theirs, _) = csr_with("ec-p384.pem", &["-text"])
        .fresh_sig()
        .assert_same();
    assert_eq!(
        sig_alg(&theirs, "r.pem"),
        "Signature Algorithm: ecdsa-with-SHA256"
    );
}

#[test]
fn default_digest_dsa() {
    let (theirs, _) = csr_with("dsa2048.pem", &["-text"])
        .fresh_sig()
        .assert_same();
    assert_eq!(
        sig_alg(&theirs, "r.pem"),
        "Signature Algorithm: dsa_with_SHA256"
    );
}

#[test]
fn default_digest_rsa_pss() {
    let (theirs, _) = csr_with("rsapss.pem", &["-text"]).fresh_sig().assert_same();
    assert_eq!(sig_alg(&theirs, "r.pem"), "Signature Algorithm: rsassaPss");
}

#[test]
fn ed25519_signs_without_digest() {
    let (theirs, _) = csr_with("ed25519.pem", &["-text"]).assert_same();
    assert_eq!(sig_alg(&theirs, "r.pem"), "Signature Algorithm: ED25519");
}

#[test]
fn ed448_signs_without_digest() {
    let (theirs, _) = csr_with("ed448.pem", &["-text"]).assert_same();
    assert_eq!(sig_alg(&theirs, "r.pem"), "Signature Algorithm: ED448");
}

// ----- default_md ---------------------------------------------------------------------

#[test]
fn default_md_sha512_from_config() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "mdsha512.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixtures(&["mdsha512.cnf", "rsa2048.pem"])
    .assert_same();
    assert_eq!(
        sig_alg(&theirs, "r.pem"),
        "Signature Algorithm: sha512WithRSAEncryption"
    );
}

#[test]
fn default_md_default_in_stock_config_section_ca() {
    // the stock config's default_md lives in [CA_default], not [req]
    let (theirs, _) = csr_with("rsa2048.pem", &["-text"]).assert_same();
    assert!(theirs.file_str("r.pem").contains("sha256WithRSAEncryption"));
}

#[test]
fn default_md_overridden_by_option() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "mdsha512.cnf",
        "-key",
        "rsa2048.pem",
        "-sha384",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixtures(&["mdsha512.cnf", "rsa2048.pem"])
    .assert_same();
    assert_eq!(
        sig_alg(&theirs, "r.pem"),
        "Signature Algorithm: sha384WithRSAEncryption"
    );
}

#[test]
fn default_md_unknown_name_fails_at_signing() {
    // default_md is not checked up front like a digest option is (1.1.1:
    // it is, with opt_md, 1.1.1 req.c:474-482: "Unrecognized flag" and usage)
    let cnf = "[req]\ndistinguished_name = dn\nprompt = no\ndefault_md = nosuchmd\n[dn]\nCN = x\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(!theirs.has_file("r.pem"));
    if before("3.0") {
        assert_eq!(
            theirs.stderr_str(),
            "req: Unrecognized flag nosuchmd\nreq: Use -help for summary.\n"
        );
    }
}

#[test]
fn default_md_default_is_not_special_in_req() {
    // unlike `openssl ca`, req passes "default" on as a digest name
    let cnf = "[req]\ndistinguished_name = dn\nprompt = no\ndefault_md = default\n[dn]\nCN = x\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(
        err.contains(by_line([
            ("1.1.1", "req: Unrecognized flag default\n"),
            ("3.0", "Algorithm (default : 0)"),
        ])),
        "{err}"
    );
}

#[test]
fn default_md_in_default_section() {
    let cnf = "default_md = sha384\n[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = x\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .assert_same();
    assert_eq!(
        sig_alg(&theirs, "r.pem"),
        "Signature Algorithm: sha384WithRSAEncryption"
    );
}

#[test]
fn default_md_with_ed25519_is_ignored() {
    Case::new(&[
        "-new",
        "-config",
        "mdsha512.cnf",
        "-key",
        "ed25519.pem",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixtures(&["mdsha512.cnf", "ed25519.pem"])
    .assert_same();
}

// ----- digest options -------------------------------------------------------------------

#[test]
fn digest_options_with_rsa() {
    for (opt, alg) in [
        ("-sha256", "sha256WithRSAEncryption"),
        ("-sha384", "sha384WithRSAEncryption"),
        ("-sha512", "sha512WithRSAEncryption"),
        ("-sha224", "sha224WithRSAEncryption"),
        ("-sha1", "sha1WithRSAEncryption"),
        ("-md5", "md5WithRSAEncryption"),
        ("-sha3-256", "RSA-SHA3-256"),
        ("-sha3-512", "RSA-SHA3-512"),
        ("-sha512-256", "sha512-256WithRSAEncryption"),
        ("-ripemd160", "ripemd160WithRSA"),
    ] {
        let (theirs, _) = csr_with("rsa2048.pem", &["-text", opt]).assert_same();
        // 1.1.1's RSA method does not take SHA-512/256 (check_padding_md)
        if opt == "-sha512-256" && before("3.0") {
            assert_eq!(theirs.code, 1);
            continue;
        }
        assert_eq!(
            sig_alg(&theirs, "r.pem"),
            format!("Signature Algorithm: {alg}"),
            "{opt}"
        );
    }
}

#[test]
fn digest_option_spelled_in_capitals() {
    csr_with("rsa2048.pem", &["-text", "-SHA512"]).assert_same();
}

#[test]
fn digest_option_by_long_name() {
    csr_with("rsa2048.pem", &["-text", "-SHA2-256"]).assert_same();
}

/// 3.0's option parser lets a second digest option replace the first. Since
/// 3.2 req names its unknown options "digest" (3.5 req.c:319, 4.0 req.c:310)
/// and opt_next refuses a second one (3.5 apps/lib/opt.c:1025, 3.6
/// :1027, 4.0 :1011): rc 1, no request.
#[test]
fn digest_given_twice() {
    let (theirs, _) = csr_with("rsa2048.pem", &["-text", "-sha1", "-sha512"]).assert_same();
    match by_line([
        ("1.1.1", None),
        ("3.0", None),
        (
            "3.2",
            Some("req: Multiple digest or unknown options: -sha1 and -sha512\n"),
        ),
    ]) {
        None => {
            assert_eq!(theirs.code, 0);
            assert_eq!(
                sig_alg(&theirs, "r.pem"),
                "Signature Algorithm: sha512WithRSAEncryption"
            );
        }
        Some(err) => {
            assert_eq!(theirs.code, 1);
            assert_eq!(
                theirs.stderr_str(),
                format!("{err}req: Use -help for summary.\n")
            );
            assert!(!theirs.has_file("r.pem"));
        }
    }
}

#[test]
fn digest_options_with_ec() {
    for opt in ["-sha1", "-sha384", "-sha512", "-sha3-256"] {
        csr_with("ec-p256.pem", &["-text", opt])
            .fresh_sig()
            .assert_same();
    }
}

#[test]
fn unknown_digest_option() {
    let (theirs, _) = csr_with("rsa2048.pem", &["-text", "-foo"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            (
                "1.1.1",
                "req: Unrecognized flag foo\nreq: Use -help for summary.\n"
            ),
            (
                "3.0",
                "req: Unknown option or message digest: foo\nreq: Use -help for summary.\n"
            ),
        ])
    );
}

#[test]
fn digest_not_fetchable_md4() {
    // md4 lives in the legacy provider: known as a name, not fetchable for
    // signing; 1.1.1 (no providers) signs with it
    let (theirs, _) = csr_with("rsa2048.pem", &["-text", "-md4"]).assert_same();
    assert_eq!(theirs.code, by_line([("1.1.1", 0), ("3.0", 1)]));
}

#[test]
fn digest_not_allowed_for_rsa() {
    for opt in ["-shake256", "-sm3", "-blake2b512"] {
        let (theirs, _) = csr_with("rsa2048.pem", &["-text", opt]).assert_same();
        assert_eq!(theirs.code, 1, "{opt}");
        assert_eq!(
            theirs.masked_stderr(),
            rsa_refuses_digest(&opt[1..]),
            "{opt}"
        );
        assert!(!theirs.has_file("r.pem"), "{opt}");
    }
}

#[test]
fn digest_too_big_for_small_rsa_key() {
    let (theirs, _) = csr_with("rsa512.pem", &["-text", "-sha512"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().contains("digest too big for rsa key"));
}

#[test]
fn ed25519_with_sha256_is_ignored() {
    let (theirs, _) = csr_with("ed25519.pem", &["-text", "-sha256"]).assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(sig_alg(&theirs, "r.pem"), "Signature Algorithm: ED25519");
}

#[test]
fn ed448_with_sha512_is_ignored() {
    let (theirs, _) = csr_with("ed448.pem", &["-text", "-sha512"]).assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn ed25519_with_unfetchable_digest_still_checked_up_front() {
    let (theirs, _) = csr_with("ed25519.pem", &["-text", "-nosuchdigest"]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn dsa_with_sha512() {
    let (theirs, _) = csr_with("dsa2048.pem", &["-text", "-sha512"])
        .fresh_sig()
        .assert_same();
    // 1.1.1's DSA method takes SHA-1 and SHA-2 up to 256 bits only
    if before("3.0") {
        assert_eq!(theirs.code, 1);
        return;
    }
    assert_eq!(
        sig_alg(&theirs, "r.pem"),
        "Signature Algorithm: dsa_with_SHA512"
    );
}

#[test]
fn dsa_with_md5_fails() {
    let (theirs, _) = csr_with("dsa2048.pem", &["-text", "-md5"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert!(!theirs.has_file("r.pem"));
}

#[test]
fn rsa_pss_key_with_sha1() {
    let (theirs, _) = csr_with("rsapss.pem", &["-text", "-sha1"])
        .fresh_sig()
        .assert_same();
    assert!(
        theirs
            .file_str("r.pem")
            .contains("Hash Algorithm: sha1 (default)")
    );
}

#[test]
fn rsa_pss_key_with_sha512() {
    csr_with("rsapss.pem", &["-text", "-sha512"])
        .fresh_sig()
        .assert_same();
}

#[test]
fn x509_digest_option() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-sha384",
        "-set_serial",
        "1",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .fresh_cert()
    .assert_same();
    assert!(
        theirs
            .file_str("c.pem")
            .contains("Signature Algorithm: sha384WithRSAEncryption")
    );
}

// ----- -sigopt -----------------------------------------------------------------------------

#[test]
fn sigopt_rsa_pss_padding() {
    let (theirs, _) = csr_with(
        "rsa2048.pem",
        &[
            "-text",
            "-sigopt",
            "rsa_padding_mode:pss",
            "-sigopt",
            "rsa_pss_saltlen:20",
        ],
    )
    .fresh_sig()
    .assert_same();
    let text = theirs.file_str("r.pem");
    assert!(text.contains("Signature Algorithm: rsassaPss"));
    assert!(text.contains("Salt Length: 0x14 (default)"));
}

#[test]
fn sigopt_rsa_pss_saltlen_digest() {
    csr_with(
        "rsa2048.pem",
        &[
            "-text",
            "-sha384",
            "-sigopt",
            "rsa_padding_mode:pss",
            "-sigopt",
            "rsa_pss_saltlen:digest",
        ],
    )
    .fresh_sig()
    .assert_same();
}

#[test]
fn sigopt_rsa_pss_saltlen_max_and_mgf1() {
    csr_with(
        "rsa2048.pem",
        &[
            "-text",
            "-sigopt",
            "rsa_padding_mode:pss",
            "-sigopt",
            "rsa_pss_saltlen:max",
            "-sigopt",
            "rsa_mgf1_md:sha512",
        ],
    )
    .fresh_sig()
    .assert_same();
}

#[test]
fn sigopt_pss_on_certificate() {
    Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-set_serial",
        "7",
        "-sigopt",
        "rsa_padding_mode:pss",
        "-sigopt",
        "rsa_pss_saltlen:32",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .fresh_cert()
    .fresh_sig()
    .assert_same();
}

#[test]
fn sigopt_pkcs1_padding_is_deterministic() {
    csr_with(
        "rsa2048.pem",
        &["-text", "-sigopt", "rsa_padding_mode:pkcs1"],
    )
    .assert_same();
}

#[test]
fn sigopt_unknown_option() {
    let (theirs, _) = csr_with("rsa2048.pem", &["-text", "-sigopt", "bogus:1"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with("parameter error \"bogus:1\"\n")
    );
}

#[test]
fn sigopt_without_colon() {
    // 3.0 fails it untried; 1.1.1's pkey_ctrl_string hands it on with no
    // value, and the RSA method refuses it ("value missing")
    let (theirs, _) = csr_with("rsa2048.pem", &["-text", "-sigopt", "nocolon"]).assert_same();
    let err = theirs.masked_stderr();
    assert!(err.starts_with("parameter error \"nocolon\"\n"), "{err}");
    assert_eq!(err.contains(":value missing:"), before("3.0"), "{err}");
}

#[test]
fn sigopt_bad_padding_value_is_not_an_error() {
    let (theirs, _) = csr_with(
        "rsa2048.pem",
        &["-text", "-sigopt", "rsa_padding_mode:bogus"],
    )
    .assert_same();
    // (1.1.1's RSA method refuses it: "unknown padding type")
    assert_eq!(theirs.code, by_line([("1.1.1", 1), ("3.0", 0)]));
}

#[test]
fn sigopt_rsa_option_on_ed25519() {
    let (theirs, _) =
        csr_with("ed25519.pem", &["-text", "-sigopt", "rsa_padding_mode:pss"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with("parameter error \"rsa_padding_mode:pss\"\n")
    );
}

#[test]
fn sigopt_bad_saltlen() {
    let (theirs, _) = csr_with(
        "rsa2048.pem",
        &[
            "-text",
            "-sigopt",
            "rsa_padding_mode:pss",
            "-sigopt",
            "rsa_pss_saltlen:-9",
        ],
    )
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn sigopt_second_bad_after_good() {
    let (theirs, _) = csr_with(
        "rsa2048.pem",
        &["-text", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "x:y"],
    )
    .assert_same();
    assert!(theirs.stderr_str().starts_with("parameter error \"x:y\"\n"));
}

#[test]
fn sigopt_with_newkey_fails_after_writing_the_key() {
    // the key is written before signing: openssl leaves it, ours does not
    let case = Case::new(&[
        "-new", "-newkey", "ed25519", "-nodes", "-keyout", "k.pem", "-sigopt", "bogus:1", "-subj",
        "/CN=x", "-out", "r.pem",
    ])
    .fresh_key();
    let (theirs, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
    // (1.1.1 always names the key it generates and writes)
    let notes = by_line([
        (
            "1.1.1",
            "Generating a ED25519 private key\nwriting new private key to 'k.pem'\n",
        ),
        ("3.0", ""),
    ]);
    assert!(
        theirs
            .stderr_str()
            .starts_with(&format!("{notes}-----\nparameter error \"bogus:1\"\n")),
        "{}",
        theirs.stderr_str()
    );
}

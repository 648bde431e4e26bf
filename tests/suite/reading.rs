//! Reading an existing request: `-in FILE` (stdin when absent), `-inform
//! PEM|DER`, broken inputs (missing, a directory, truncated, bit-flipped,
//! wrong armour, DER given as PEM and the reverse), `-subj` on an existing
//! request (which is not re-signed), and `-verify`/`-vfyopt` with their
//! "verify OK" / "verify failure" lines.
//!
//! Mirrors `load_csr` and the `verify` block of `req_main`. Everything here
//! is deterministic: the fixtures are fixed and nothing is signed anew.

use crate::common;
use crate::common::{
    Case, by_line, fixture_bytes, line_at_least, mask_source_lines, using_default_config,
};

/// A name as `-subject` and `-text` print it by default, given in the newer
/// form (`C=US, CN=x`). 3.0's default nameopt is XN_FLAG_ONELINE, which puts
/// spaces around `=` (3.0 lib/apps.c:151); since 3.2 it is
/// XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_SN | ... without XN_FLAG_SPC_EQ
/// (3.5 lib/apps.c:146, 4.0 lib/apps.c:141).
fn dn(name: &str) -> String {
    by_line([
        ("1.1.1", name.replace('=', " = ")),
        ("3.0", name.replace('=', " = ")),
        ("3.2", name.to_string()),
    ])
}

const VERIFY_OK: &str = "Certificate request self-signature verify OK\n";
const VERIFY_FAILURE: &str = "Certificate request self-signature verify failure\n";

/// 1.1.1's `-verify` words (req.c: `BIO_printf(bio_err, ...)`).
const VERIFY_OK_1_1_1: &str = "verify OK\n";
const VERIFY_FAILURE_1_1_1: &str = "verify failure\n";

/// `-verify`'s OK line as the (stdout, stderr) it adds: stderr on 3.0 (3.0
/// req.c:975 BIO_printf(bio_err, ...)); stdout since 3.2 (3.5 req.c:987
/// BIO_printf(bio_out, ...), 4.0 req.c:955 BIO_puts(bio_out, ...)).
fn verify_ok_out_err() -> (&'static str, &'static str) {
    by_line([
        ("1.1.1", ("", VERIFY_OK_1_1_1)),
        ("3.0", ("", VERIFY_OK)),
        ("3.2", (VERIFY_OK, "")),
    ])
}

/// Exit code of a `-verify` whose signature check fails: 3.0 only reports it
/// and goes on (3.0 req.c:972-973); since 3.3 the failure is `goto end`
/// (3.5 req.c:983-985, 4.0 req.c:951-953).
fn verify_failure_code() -> i32 {
    by_line([("1.1.1", 0), ("3.0", 0), ("3.3", 1)])
}

/// Why a self-signature check failed (which errors libcrypto queued).
#[derive(Clone, Copy)]
enum Failure {
    /// RSA: the signature decrypts to another digest.
    BadSignature,
    /// RSA: signature of another size than the key (another key).
    WrongLength,
    /// RSA: the signature does not decrypt to PKCS#1 padding.
    InvalidPadding,
    /// EVP_DigestVerifyInit failed (a distid on an RSA key).
    InitFailed,
}

/// The provider function that reports an RSA self-signature failure on the
/// lines that print -verify's errors (since 3.3, see `verify_failure`; 3.0
/// prints none): `rsa_verify` until 3.3, `rsa_verify_directly` since 3.4. The
/// errors name their source lines (crypto/rsa/rsa_ossl.c, rsa_sign.c,
/// rsa_pk1.c, crypto/asn1/a_verify.c, the provider's rsa_sig.c), masked.
fn verify_func() -> Option<&'static str> {
    by_line([
        ("3.0", None),
        ("3.3", Some("rsa_verify")),
        ("3.4", Some("rsa_verify_directly")),
    ])
}

/// stderr (tids masked) of a `-verify` whose check fails for `why`. 3.0: the
/// failure line alone, the run goes on (3.0 req.c:972-973). Since 3.3 the
/// failure ends req (3.5 req.c:983-985, 4.0 req.c:951-953), whose exit prints
/// the error queue (3.5 req.c:1080, 4.0 req.c:1049): -verify's errors, and
/// first the same ones from the check load_csr_autofmt (since 3.2) makes
/// right after reading (3.5 lib/apps.c:530-539) when the request as read
/// already failed it (`load_warned`): that check warns "CSR self-signature
/// does not match the contents" before the failure line and leaves its
/// errors queued.
fn verify_failure(load_warned: bool, why: Failure) -> String {
    if !line_at_least("3.0") {
        return verify_failure_1_1_1(why);
    }
    let Some(func) = verify_func() else {
        // 3.2 checks the request when it loads it, but the run goes on.
        return if load_warned {
            format!("{}{VERIFY_FAILURE}", load_mismatch_warning())
        } else {
            VERIFY_FAILURE.to_string()
        };
    };
    let asn1 = "06880006:asn1 encoding routines:ASN1_item_verify_ctx:EVP lib:<file:line>:";
    let rsa_tail = [
        format!("1C880004:Provider routines:{func}:RSA lib:<file:line>:"),
        asn1.to_string(),
    ];
    let errors: Vec<String> = match why {
        Failure::BadSignature => {
            let bad = "02000068:rsa routines:ossl_rsa_verify:bad signature:<file:line>:";
            [vec![bad.to_string()], rsa_tail.to_vec()].concat()
        }
        Failure::WrongLength => {
            let len = "02000077:rsa routines:ossl_rsa_verify:wrong signature length:<file:line>:";
            [vec![len.to_string()], rsa_tail.to_vec()].concat()
        }
        Failure::InvalidPadding => {
            let padding = "0200008A:rsa routines:RSA_padding_check_PKCS1_type_1:invalid padding:\
                           <file:line>:";
            let check = "02000072:rsa routines:rsa_ossl_public_decrypt:padding check failed:\
                         <file:line>:";
            [
                vec![padding.to_string(), check.to_string()],
                rsa_tail.to_vec(),
            ]
            .concat()
        }
        Failure::InitFailed => vec![asn1.to_string()],
    };
    let queue: String = errors
        .iter()
        .map(|e| format!("<tid>:error:{e}\n"))
        .collect();
    if load_warned {
        format!("{}{VERIFY_FAILURE}{queue}{queue}", load_mismatch_warning())
    } else {
        format!("{VERIFY_FAILURE}{queue}")
    }
}

/// 1.1.1's `-verify` failure: "verify failure" and the queue at once
/// (`ERR_print_errors`), the run going on; 1.1.1's RSA method names the
/// failure itself (`int_rsa_verify`), and `ASN1_item_verify` adds its own.
fn verify_failure_1_1_1(why: Failure) -> String {
    let asn1 = "0D0C5006:asn1 encoding routines:ASN1_item_verify:EVP lib:<file:line>:";
    let errors: Vec<&str> = match why {
        Failure::BadSignature => vec![
            "04091068:rsa routines:int_rsa_verify:bad signature:<file:line>:",
            asn1,
        ],
        Failure::WrongLength => vec![
            "04091077:rsa routines:int_rsa_verify:wrong signature length:<file:line>:",
            asn1,
        ],
        Failure::InvalidPadding => vec![
            "0407008A:rsa routines:RSA_padding_check_PKCS1_type_1:invalid padding:<file:line>:",
            "04067072:rsa routines:rsa_ossl_public_decrypt:padding check failed:<file:line>:",
            asn1,
        ],
        Failure::InitFailed => unreachable!("1.1.1 has no -vfyopt"),
    };
    let queue: String = errors
        .iter()
        .map(|e| format!("<tid>:error:{e}\n"))
        .collect();
    format!("{VERIFY_FAILURE_1_1_1}{queue}")
}

/// 1.1.1 has no `-vfyopt`: the option is refused as unknown. True (the
/// test is done) where that is the line's answer.
#[track_caller]
fn no_vfyopt_here(theirs: &common::Outcome) -> bool {
    if line_at_least("3.0") {
        return false;
    }
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        "req: Unrecognized flag vfyopt\nreq: Use -help for summary.\n"
    );
    true
}

/// What load_csr_autofmt's check of the request just read prints when the
/// signature does not match: nothing on 3.0, which does not check; since 3.2
/// a warning (3.5 lib/apps.c:537-538, 4.0 lib/apps.c:537-538).
fn load_mismatch_warning() -> &'static str {
    by_line([
        ("1.1.1", ""),
        ("3.0", ""),
        (
            "3.2",
            "Warning: CSR self-signature does not match the contents\n",
        ),
    ])
}

/// What load_csr_autofmt's check of the request just read prints when a
/// -vfyopt is rejected: nothing on 3.0, which applies -vfyopt only in
/// -verify; since 3.2 that check uses the -vfyopt options too (3.5
/// lib/apps.c:532-536): do_x509_req_init's "parameter error" (3.5
/// lib/apps.c:2255, 4.0 lib/apps.c:2488) and a warning. -verify then rejects
/// the option again.
fn vfyopt_rejected_at_load(opt: &str) -> String {
    by_line([
        ("1.1.1", String::new()),
        ("3.0", String::new()),
        (
            "3.2",
            format!(
                "parameter error \"{opt}\"\nWarning: error while verifying CSR self-signature\n"
            ),
        ),
    ])
}

/// Printed when -key is given with -in: nothing on 3.0; since 3.2 a warning
/// (3.5 req.c:780-782, 4.0 req.c:756-758).
fn key_not_placed() -> &'static str {
    by_line([
        ("1.1.1", ""),
        ("3.0", ""),
        (
            "3.2",
            "Warning: Not placing -key in cert or request since request is used\n",
        ),
    ])
}

/// stderr (tids masked) when no request can be read without -inform from
/// `infile` (None: stdin). 3.0's load_csr tries PEM only: "Unable to load X509
/// request", then the queue, here the PEM reader's "no start line" (3.0
/// lib/apps.c:484-485). Since 3.2 load_csr_autofmt tries PEM quietly, clears
/// its errors and tries DER (3.5 lib/apps.c:518-525): load_csr prints that
/// attempt's queue, `der_errors` (3.5 lib/apps.c:500), then "error: unable to
/// load X509 request from file '<infile>'" (3.5 lib/apps.c:527, 4.0 :527). A
/// NULL infile is "<NULL>" through the own formatter of 3.5's and 3.6's
/// BIO_printf (3.5 crypto/bio/bio_print.c:387, 3.6 :475) and "(null)" on 4.0,
/// whose BIO_printf is the libc's vsnprintf (4.0 crypto/bio/bio_print.c:214).
fn unreadable_request(infile: Option<&str>, der_errors: &str) -> String {
    let name = infile.unwrap_or(by_line([
        ("1.1.1", ""),
        ("3.0", ""),
        ("3.2", "<NULL>"),
        ("4.0", "(null)"),
    ]));
    by_line([
        // 1.1.1 reads -in itself: "unable to load X509 request", the stack at end:
        (
            "1.1.1",
            "unable to load X509 request\n<tid>:error:0909006C:PEM routines:get_name:no start \
             line:<file:line>:Expecting: CERTIFICATE REQUEST\n"
                .to_string(),
        ),
        (
            "3.0",
            "Unable to load X509 request\n<tid>:error:0480006C:PEM routines:get_name:no start \
             line:<file:line>:Expecting: CERTIFICATE REQUEST\n"
                .to_string(),
        ),
        // 3.1: the stack first (load_csr), no DER attempt
        (
            "3.1",
            "<tid>:error:0480006C:PEM routines:get_name:no start line:\
             <file:line>:Expecting: CERTIFICATE REQUEST\nUnable to load X509 request\n"
                .to_string(),
        ),
        (
            "3.2",
            // 3.2 and 3.3 say first that the request comes from stdin.
            format!(
                "{}{der_errors}error: unable to load X509 request from file '{name}'\n",
                if infile.is_none() && !line_at_least("3.4") {
                    "Warning: Will read cert request from stdin since no -in option is given\n"
                } else {
                    ""
                }
            ),
        ),
    ])
}

// ----- -in / stdin / -inform ------------------------------------------------------

#[test]
fn in_file_reprinted_as_pem() {
    let (theirs, ours) = Case::new(&["-in", "csr-rsa.pem", "-out", "o.pem"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(ours.file("o.pem"), fixture_bytes("csr-rsa.pem"));
}

#[test]
fn in_file_to_stdout() {
    let (theirs, _) = Case::new(&["-in", "csr-ext.pem"])
        .fixture("csr-ext.pem")
        .assert_same();
    assert_eq!(theirs.stdout, fixture_bytes("csr-ext.pem"));
}

#[test]
fn request_from_stdin_when_no_in() {
    let (theirs, _) = Case::new(&["-noout", "-subject"])
        .stdin(fixture_bytes("csr-rsa.pem"))
        .assert_same();
    assert_eq!(
        theirs.stdout_str(),
        format!("subject={}\n", dn("C=US, O=Acme, CN=example.com"))
    );
}

#[test]
fn request_from_stdin_der() {
    let (theirs, _) = Case::new(&["-inform", "DER", "-noout", "-subject"])
        .stdin(fixture_bytes("csr-rsa.der"))
        .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn request_from_empty_stdin() {
    let (theirs, _) = Case::new(&["-noout", "-subject"]).assert_same();
    assert_eq!(theirs.code, 1);
    // the DER attempt at EOF: 3.6's asn1_d2i_read_bio takes any read of
    // nothing for "not enough data" (3.6 crypto/asn1/a_d2i_fp.c:142-143
    // `i <= 0`); 3.5 only a failed read (3.5 :141 `i < 0 && diff == 0`), 4.0
    // not a clean EOF at an object boundary (4.0 :143-158)
    let der_errors = by_line([
        ("1.1.1", ""),
        ("3.0", ""),
        (
            "3.6",
            "<tid>:error:0680008E:asn1 encoding routines:asn1_d2i_read_bio:not enough data:\
             <file:line>:\n",
        ),
        ("4.0", ""),
    ]);
    assert_eq!(theirs.masked_stderr(), unreadable_request(None, der_errors));
}

#[test]
fn in_dash_is_stdin() {
    Case::new(&["-in", "-", "-noout", "-subject"])
        .stdin(fixture_bytes("csr-rsa.pem"))
        .assert_same();
}

#[test]
fn in_der_with_inform_der() {
    let (theirs, _) = Case::new(&["-in", "csr-rsa.der", "-inform", "DER", "-out", "o.pem"])
        .fixture("csr-rsa.der")
        .assert_same();
    assert_eq!(theirs.file("o.pem"), fixture_bytes("csr-rsa.pem"));
}

#[test]
fn in_der_without_inform() {
    let (theirs, _) = Case::new(&["-in", "csr-rsa.der", "-noout", "-subject"])
        .fixture("csr-rsa.der")
        .assert_same();
    if line_at_least("3.2") {
        // since 3.2 load_csr_autofmt falls back to DER (3.5 lib/apps.c:521-525)
        assert_eq!(theirs.code, 0);
        assert_eq!(theirs.stderr_str(), "");
        assert_eq!(
            theirs.stdout_str(),
            format!("subject={}\n", dn("C=US, O=Acme, CN=example.com"))
        );
        return;
    }
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    // 3.0: the message, then the stack; 3.1 (load_csr) the other way round.
    let first = by_line([
        ("1.1.1", "unable to load X509 request\n"),
        ("3.0", "Unable to load X509 request\n"),
        ("3.1", ""),
    ]);
    assert!(err.starts_with(first), "{err}");
    assert!(
        mask_source_lines(&err)
            .contains("no start line:<file:line>:Expecting: CERTIFICATE REQUEST"),
        "{err}"
    );
}

#[test]
fn in_der_with_inform_pem() {
    let (theirs, _) = Case::new(&["-in", "csr-rsa.der", "-inform", "PEM", "-noout"])
        .fixture("csr-rsa.der")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn in_pem_with_inform_der() {
    let (theirs, _) = Case::new(&["-in", "csr-rsa.pem", "-inform", "DER", "-noout"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().contains("asn1_check_tlen:wrong tag"));
}

#[test]
fn inform_abbreviated_and_lowercase() {
    Case::new(&["-in", "csr-rsa.der", "-inform", "d", "-noout", "-subject"])
        .fixture("csr-rsa.der")
        .assert_same();
    Case::new(&["-in", "csr-rsa.pem", "-inform", "pem", "-noout", "-subject"])
        .fixture("csr-rsa.pem")
        .assert_same();
}

#[test]
fn inform_bad_value() {
    let (theirs, _) = Case::new(&["-in", "csr-rsa.pem", "-inform", "P12", "-noout"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .contains("req: Use -help for summary.\n")
    );
}

#[test]
fn outform_der_of_pem_request() {
    let (theirs, _) = Case::new(&["-in", "csr-rsa.pem", "-outform", "DER", "-out", "o.der"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(theirs.file("o.der"), fixture_bytes("csr-rsa.der"));
}

#[test]
fn new_certificate_request_armour_is_accepted() {
    let pem = String::from_utf8(fixture_bytes("csr-rsa.pem"))
        .unwrap()
        .replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    let (theirs, _) = Case::new(&["-in", "r.pem", "-noout", "-subject"])
        .file("r.pem", pem)
        .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn text_before_the_pem_block_is_skipped() {
    let mut data = b"Some preamble text\nand more\n".to_vec();
    data.extend(fixture_bytes("csr-rsa.pem"));
    let (theirs, _) = Case::new(&["-in", "r.pem", "-noout", "-subject"])
        .file("r.pem", data)
        .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn two_requests_in_one_file_first_wins() {
    let mut data = fixture_bytes("csr-ed25519.pem");
    data.extend(fixture_bytes("csr-rsa.pem"));
    let (theirs, _) = Case::new(&["-in", "r.pem", "-noout", "-subject"])
        .file("r.pem", data)
        .assert_same();
    assert_eq!(
        theirs.stdout_str(),
        format!("subject={}\n", dn("CN=ed25519.example"))
    );
}

// ----- broken inputs ------------------------------------------------------------------

#[test]
fn in_missing_file() {
    let (theirs, _) = Case::new(&["-in", "nope.pem", "-noout"]).assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.masked_stderr();
    // bio_open_default names the file bare on 1.1.1, quoted since 3.0
    let q = by_line([("1.1.1", ""), ("3.0", "\"")]);
    assert!(
        err.starts_with(&format!(
            "Can't open {q}nope.pem{q} for reading, No such file or directory\n"
        )),
        "{err}"
    );
    // 1.1.1 stops after the open's stack; 3.0 load_csr's line (3.0
    // lib/apps.c:484); since 3.2 load_csr_autofmt's, after the DER attempt
    // (3.5 lib/apps.c:527)
    let last = by_line([
        ("1.1.1", "BIO_new_file:no such file:<file:line>:\n"),
        ("3.0", "Unable to load X509 request\n"),
        (
            "3.2",
            "error: unable to load X509 request from file 'nope.pem'\n",
        ),
    ]);
    assert!(err.ends_with(last), "{err}");
}

#[test]
fn in_is_a_directory() {
    let (theirs, _) = Case::new(&["-in", "d", "-noout"])
        .file("d/x", "")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn in_empty_file() {
    let (theirs, _) = Case::new(&["-in", "e.pem", "-noout"])
        .file("e.pem", "")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn in_empty_file_der() {
    let (theirs, _) = Case::new(&["-in", "e.der", "-inform", "DER", "-noout"])
        .file("e.der", "")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn in_truncated_pem() {
    let pem = String::from_utf8(fixture_bytes("csr-rsa.pem")).unwrap();
    let cut: String = pem.lines().take(6).map(|l| format!("{l}\n")).collect();
    let (theirs, _) = Case::new(&["-in", "r.pem", "-noout"])
        .file("r.pem", cut)
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn in_truncated_pem_with_end_line() {
    let pem = String::from_utf8(fixture_bytes("csr-rsa.pem")).unwrap();
    let lines: Vec<&str> = pem.lines().collect();
    let mut cut: String = lines[..6].iter().map(|l| format!("{l}\n")).collect();
    cut.push_str("-----END CERTIFICATE REQUEST-----\n");
    let (theirs, _) = Case::new(&["-in", "r.pem", "-noout"])
        .file("r.pem", cut)
        .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().contains("asn1"));
}

#[test]
fn in_truncated_der() {
    let der = fixture_bytes("csr-rsa.der");
    let (theirs, _) = Case::new(&["-in", "r.der", "-inform", "DER", "-noout"])
        .file("r.der", &der[..der.len() - 10])
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn in_pem_with_bad_base64() {
    let pem = String::from_utf8(fixture_bytes("csr-rsa.pem")).unwrap();
    let bad = pem.replacen("MII", "M!I", 1);
    let (theirs, _) = Case::new(&["-in", "r.pem", "-noout"])
        .file("r.pem", bad)
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn in_der_with_flipped_length_byte() {
    let mut der = fixture_bytes("csr-rsa.der");
    der[1] ^= 0x01;
    let (theirs, _) = Case::new(&["-in", "r.der", "-inform", "DER", "-noout"])
        .file("r.der", der)
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn in_wrong_armour_certificate() {
    let (theirs, _) = Case::new(&["-in", "ca-cert.pem", "-noout"])
        .fixture("ca-cert.pem")
        .assert_same();
    assert_eq!(theirs.code, 1);
    // since 3.2 the DER attempt reads the certificate's outer SEQUENCE, then
    // finds no inner SEQUENCE-of-version (3.5 crypto/asn1/tasn_dec.c:1221,
    // 3.6 and 4.0 :1236)
    let der_errors = by_line([
        ("1.1.1", ""),
        ("3.0", ""),
        (
            "3.2",
            "<tid>:error:068000A8:asn1 encoding routines:asn1_check_tlen:wrong tag:\
             <file:line>:\n<tid>:error:0688010A:asn1 encoding \
             routines:asn1_item_embed_d2i:nested asn1 error:<file:line>:\
             Type=X509_REQ\n",
        ),
    ]);
    assert_eq!(
        theirs.masked_stderr(),
        unreadable_request(Some("ca-cert.pem"), der_errors)
    );
}

#[test]
fn in_wrong_armour_label_on_request_data() {
    let pem = String::from_utf8(fixture_bytes("csr-rsa.pem"))
        .unwrap()
        .replace("CERTIFICATE REQUEST", "CERTIFICATE");
    let (theirs, _) = Case::new(&["-in", "r.pem", "-noout"])
        .file("r.pem", pem)
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn in_certificate_as_der_request() {
    let out = std::process::Command::new(common::openssl_path())
        .args(["x509", "-outform", "DER", "-in"])
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ca-cert.pem"))
        .output()
        .unwrap();
    let (theirs, _) = Case::new(&["-in", "c.der", "-inform", "DER", "-noout"])
        .file("c.der", out.stdout)
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn in_private_key_file() {
    let (theirs, _) = Case::new(&["-in", "rsa2048.pem", "-noout"])
        .fixture("rsa2048.pem")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn in_with_new_ignores_in() {
    // -new makes a new request; -in is then not read at all
    let (theirs, _) = Case::new(&[
        "-new",
        "-in",
        "nope.pem",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn in_with_key_but_no_new() {
    // the key is loaded (and checked) even though it signs nothing
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-key",
        "ed25519.pem",
        "-noout",
        "-subject",
    ])
    .fixtures(&["csr-rsa.pem", "ed25519.pem"])
    .assert_same();
    assert_eq!(theirs.code, 0);
}

// ----- -subj on an existing request -----------------------------------------------------

#[test]
fn subj_replaces_subject_of_existing_request() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-subj",
        "/CN=new/O=Other",
        "-out",
        "o.pem",
        "-text",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    assert!(
        theirs
            .file_str("o.pem")
            .contains(&format!("Subject: {}\n", dn("CN=new, O=Other")))
    );
}

#[test]
fn subj_on_existing_request_is_not_resigned() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-subj",
        "/CN=new",
        "-verify",
        "-noout",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    // modified after loading, verified afterwards: the old signature no longer
    // fits (load_csr_autofmt's check, before the change, passes)
    assert_eq!(theirs.code, verify_failure_code());
    assert_eq!(
        theirs.masked_stderr(),
        verify_failure(false, Failure::BadSignature)
    );
}

#[test]
fn subj_on_existing_request_with_verbose() {
    // the old/new subject lines go to `out`, still NULL then (opened only at
    // 3.0 req.c:983, 3.5 req.c:995, 4.0 req.c:964): nothing shows on any line
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-subj",
        "/CN=new",
        "-verbose",
        "-out",
        "o.pem",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    // 1.1.1 prints them on stderr (bio_err)
    let notes = by_line([
        (
            "1.1.1",
            "Modifying Request's Subject\nold subject=C = US, O = Acme, CN = example.com\n\
             new subject=CN = new\n",
        ),
        ("3.0", ""),
    ]);
    assert_eq!(
        theirs.stderr_str(),
        format!("{}{notes}", using_default_config())
    );
    assert_eq!(theirs.stdout_str(), "");
}

#[test]
fn subj_on_existing_request_with_verbose_and_subject() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-subj",
        "/CN=new",
        "-verbose",
        "-noout",
        "-subject",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    assert_eq!(theirs.stdout_str(), format!("subject={}\n", dn("CN=new")));
}

#[test]
fn subj_bad_on_existing_request() {
    let (theirs, _) = Case::new(&["-in", "csr-rsa.pem", "-subj", "CN=noslash", "-noout"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn subj_empty_on_existing_request() {
    Case::new(&["-in", "csr-rsa.pem", "-subj", "/", "-noout", "-subject"])
        .fixture("csr-rsa.pem")
        .assert_same();
}

#[test]
fn subj_on_der_request_to_der() {
    Case::new(&[
        "-in",
        "csr-rsa.der",
        "-inform",
        "DER",
        "-subj",
        "/CN=der",
        "-outform",
        "DER",
        "-out",
        "o.der",
    ])
    .fixture("csr-rsa.der")
    .assert_same();
}

// ----- -verify ----------------------------------------------------------------------------

#[test]
fn verify_ok() {
    let (theirs, _) = Case::new(&["-in", "csr-rsa.pem", "-verify", "-noout"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(theirs.code, 0);
    let (out, err) = verify_ok_out_err();
    assert_eq!(theirs.stderr_str(), err);
    assert_eq!(theirs.stdout_str(), out);
}

#[test]
fn verify_ok_and_request_printed() {
    let (theirs, _) = Case::new(&["-in", "csr-ed25519.pem", "-verify"])
        .fixture("csr-ed25519.pem")
        .assert_same();
    let (out, err) = verify_ok_out_err();
    let mut expected = out.as_bytes().to_vec();
    expected.extend(fixture_bytes("csr-ed25519.pem"));
    assert_eq!(theirs.stdout, expected);
    assert_eq!(theirs.stderr_str(), err);
}

#[test]
fn verify_pss_request() {
    Case::new(&["-in", "csr-pss.pem", "-verify", "-noout", "-text"])
        .fixture("csr-pss.pem")
        .assert_same();
}

#[test]
fn verify_tampered_request() {
    let (theirs, _) = Case::new(&["-in", "csr-tampered.pem", "-verify", "-noout", "-subject"])
        .fixture("csr-tampered.pem")
        .assert_same();
    // 3.0 only reports the failure: exit code 0, and -subject still prints;
    // since 3.3 the failure ends the run before any output
    assert_eq!(theirs.code, verify_failure_code());
    assert_eq!(
        theirs.masked_stderr(),
        verify_failure(true, Failure::BadSignature)
    );
    let subject = format!("subject={}\n", dn("C=US, O=Acmf, CN=example.com"));
    assert_eq!(
        theirs.stdout_str(),
        by_line([
            ("1.1.1", subject.clone()),
            ("3.0", subject),
            ("3.3", String::new())
        ])
    );
}

#[test]
fn verify_request_with_flipped_signature_bit() {
    let mut der = fixture_bytes("csr-rsa.der");
    let n = der.len();
    der[n - 1] ^= 0x01;
    let (theirs, _) = Case::new(&["-in", "r.der", "-inform", "DER", "-verify", "-noout"])
        .file("r.der", der)
        .assert_same();
    assert_eq!(theirs.code, verify_failure_code());
    assert_eq!(
        theirs.masked_stderr(),
        verify_failure(true, Failure::InvalidPadding)
    );
}

#[test]
fn verify_with_other_key_of_same_type() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-key",
        "rsa1024.pem",
        "-verify",
        "-noout",
    ])
    .fixtures(&["csr-rsa.pem", "rsa1024.pem"])
    .assert_same();
    // the request's own key passes load_csr_autofmt's check; -key fails -verify
    assert_eq!(theirs.code, verify_failure_code());
    assert_eq!(
        theirs.masked_stderr(),
        format!(
            "{}{}",
            key_not_placed(),
            verify_failure(false, Failure::WrongLength)
        )
    );
}

#[test]
fn verify_with_key_of_other_type() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-key",
        "ed25519.pem",
        "-verify",
        "-noout",
    ])
    .fixtures(&["csr-rsa.pem", "ed25519.pem"])
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().contains(by_line([
        ("1.1.1", "ASN1_item_verify:wrong public key type"),
        ("3.0", "ASN1_item_verify_ctx:wrong public key type"),
    ])));
}

#[test]
fn verify_with_matching_key() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-key",
        "rsa2048-trad.pem",
        "-verify",
        "-noout",
    ])
    .fixtures(&["csr-rsa.pem", "rsa2048-trad.pem"])
    .assert_same();
    let (out, err) = verify_ok_out_err();
    assert_eq!(theirs.stderr_str(), format!("{}{err}", key_not_placed()));
    assert_eq!(theirs.stdout_str(), out);
}

#[test]
fn verify_new_request() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-verify",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    let (out, err) = verify_ok_out_err();
    assert_eq!(theirs.stderr_str(), err);
    assert_eq!(theirs.stdout_str(), out);
}

#[test]
fn verify_with_x509_checks_the_unsigned_request() {
    // with -x509 the internal request is never signed: verifying it is an error
    let (theirs, _) = Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-set_serial",
        "1",
        "-verify",
        "-out",
        "c.pem",
    ])
    .fixture("rsa2048.pem")
    .fresh_cert()
    .assert_same();
    if !line_at_least("3.0") {
        // 1.1.1 verifies nothing with -x509 (`verify && !x509`)
        assert_eq!((theirs.code, theirs.stderr_str()), (0, String::new()));
        assert!(theirs.has_file("c.pem"));
        return;
    }
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .contains("ASN1_item_verify_ctx:unknown signature algorithm")
    );
    assert!(!theirs.has_file("c.pem"));
}

#[test]
fn verify_with_x509_from_signed_request() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-in",
        "csr-rsa.pem",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "1",
        "-verify",
        "-out",
        "c.pem",
    ])
    .fixtures(&["csr-rsa.pem", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    if !line_at_least("3.0") {
        // 1.1.1 verifies nothing with -x509, and has no -copy_extensions
        assert_eq!((theirs.code, theirs.stderr_str()), (0, String::new()));
        return;
    }
    let (out, err) = verify_ok_out_err();
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "{}Warning: No -copy_extensions given; ignoring any extensions in the \
             request\n{err}",
            key_not_placed()
        )
    );
    assert_eq!(theirs.stdout_str(), out);
}

#[test]
fn vfyopt_not_applicable_to_rsa() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-pss.pem",
        "-verify",
        "-vfyopt",
        "rsa_pss_saltlen:32",
        "-noout",
    ])
    .fixture("csr-pss.pem")
    .assert_same();
    if no_vfyopt_here(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with("parameter error \"rsa_pss_saltlen:32\"\n")
    );
}

#[test]
fn vfyopt_bad() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-verify",
        "-vfyopt",
        "bogus:1",
        "-noout",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    if no_vfyopt_here(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "{}parameter error \"bogus:1\"\n",
            vfyopt_rejected_at_load("bogus:1")
        )
    );
}

#[test]
fn vfyopt_without_colon() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-verify",
        "-vfyopt",
        "nocolon",
        "-noout",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    if no_vfyopt_here(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "{}parameter error \"nocolon\"\n",
            vfyopt_rejected_at_load("nocolon")
        )
    );
}

#[test]
fn vfyopt_distid_makes_rsa_verification_fail() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-verify",
        "-vfyopt",
        "distid:abc",
        "-noout",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    if no_vfyopt_here(&theirs) {
        return;
    }
    // since 3.2 load_csr_autofmt's check uses the distid too and fails alike
    assert_eq!(theirs.code, verify_failure_code());
    assert_eq!(
        theirs.masked_stderr(),
        verify_failure(true, Failure::InitFailed)
    );
}

#[test]
fn vfyopt_hexdistid() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-verify",
        "-vfyopt",
        "hexdistid:0102",
        "-noout",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    if no_vfyopt_here(&theirs) {
        return;
    }
    Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-verify",
        "-vfyopt",
        "hexdistid:zz",
        "-noout",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
}

#[test]
fn vfyopt_without_verify() {
    // unused by -verify, that is: since 3.2 load_csr_autofmt's check of the
    // request just read applies it, warns and goes on
    let (theirs, _) = Case::new(&["-in", "csr-rsa.pem", "-vfyopt", "bogus:1", "-noout"])
        .fixture("csr-rsa.pem")
        .assert_same();
    if no_vfyopt_here(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 0);
    assert_eq!(theirs.stderr_str(), vfyopt_rejected_at_load("bogus:1"));
}

#[test]
fn vfyopt_repeated_first_bad_stops() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-verify",
        "-vfyopt",
        "distid:a",
        "-vfyopt",
        "bogus:1",
        "-noout",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    if no_vfyopt_here(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 1);
}

// ----- reading and writing the same file ------------------------------------------------

#[test]
fn in_and_out_same_file() {
    // the request is read completely before -out is opened
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-out",
        "csr-rsa.pem",
        "-subj",
        "/CN=new",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    assert_eq!(theirs.code, 0);
    assert_ne!(theirs.file("csr-rsa.pem"), fixture_bytes("csr-rsa.pem"));
}

#[test]
fn in_and_out_same_file_with_text() {
    Case::new(&["-in", "csr-rsa.pem", "-text", "-out", "csr-rsa.pem"])
        .fixture("csr-rsa.pem")
        .assert_same();
}

#[test]
fn in_and_out_same_file_when_reading_fails() {
    // nothing is read, so -out is never opened: the file stays
    let (theirs, _) = Case::new(&["-in", "x.pem", "-out", "x.pem"])
        .file("x.pem", "garbage\n")
        .assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(theirs.file("x.pem"), b"garbage\n");
}

//! Reading an existing request: `-in FILE` (stdin when absent), `-inform
//! PEM|DER`, broken inputs (missing, a directory, truncated, bit-flipped,
//! wrong armour, DER given as PEM and the reverse), `-subj` on an existing
//! request (which is not re-signed), and `-verify`/`-vfyopt` with their
//! "verify OK" / "verify failure" lines.
//!
//! Mirrors `load_csr` and the `verify` block of `req_main`. Everything here
//! is deterministic: the fixtures are fixed and nothing is signed anew.

mod common;
use common::Case;

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name),
    )
    .unwrap()
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
        "subject=C = US, O = Acme, CN = example.com\n"
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
    assert!(
        theirs
            .stderr_str()
            .starts_with("Unable to load X509 request\n")
    );
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
fn in_der_without_inform_is_read_as_pem() {
    let (theirs, _) = Case::new(&["-in", "csr-rsa.der", "-noout", "-subject"])
        .fixture("csr-rsa.der")
        .assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(err.starts_with("Unable to load X509 request\n"), "{err}");
    assert!(
        err.contains("no start line:../crypto/pem/pem_lib.c:760:Expecting: CERTIFICATE REQUEST"),
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
    assert_eq!(theirs.stdout_str(), "subject=CN = ed25519.example\n");
}

// ----- broken inputs ------------------------------------------------------------------

#[test]
fn in_missing_file() {
    let (theirs, _) = Case::new(&["-in", "nope.pem", "-noout"]).assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(
        err.starts_with("Can't open \"nope.pem\" for reading, No such file or directory\n"),
        "{err}"
    );
    assert!(err.ends_with("Unable to load X509 request\n"), "{err}");
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
    assert!(
        theirs
            .stderr_str()
            .contains("Expecting: CERTIFICATE REQUEST")
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
            .contains("Subject: CN = new, O = Other")
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
    // modified after loading, verified afterwards: the old signature no longer fits
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stderr_str(),
        "Certificate request self-signature verify failure\n"
    );
}

#[test]
fn subj_on_existing_request_with_verbose() {
    // 3.0 prints the old/new subject lines to a closed output BIO: nothing shows
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
    assert_eq!(
        theirs.stderr_str(),
        "Using configuration from /usr/lib/ssl/openssl.cnf\n"
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
    assert_eq!(theirs.stdout_str(), "subject=CN = new\n");
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
    assert_eq!(
        theirs.stderr_str(),
        "Certificate request self-signature verify OK\n"
    );
    assert_eq!(theirs.stdout_str(), "");
}

#[test]
fn verify_ok_and_request_printed() {
    let (theirs, _) = Case::new(&["-in", "csr-ed25519.pem", "-verify"])
        .fixture("csr-ed25519.pem")
        .assert_same();
    assert_eq!(theirs.stdout, fixture_bytes("csr-ed25519.pem"));
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
    // 3.0 only reports the failure: exit code 0
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stderr_str(),
        "Certificate request self-signature verify failure\n"
    );
    assert_eq!(
        theirs.stdout_str(),
        "subject=C = US, O = Acmf, CN = example.com\n"
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
    assert_eq!(
        theirs.stderr_str(),
        "Certificate request self-signature verify failure\n"
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
    assert_eq!(
        theirs.stderr_str(),
        "Certificate request self-signature verify failure\n"
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
    assert!(
        theirs
            .stderr_str()
            .contains("ASN1_item_verify_ctx:wrong public key type")
    );
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
    assert_eq!(
        theirs.stderr_str(),
        "Certificate request self-signature verify OK\n"
    );
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
    assert_eq!(
        theirs.stderr_str(),
        "Certificate request self-signature verify OK\n"
    );
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
    assert!(
        theirs
            .stderr_str()
            .contains("Certificate request self-signature verify OK\n")
    );
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
    assert_eq!(theirs.stderr_str(), "parameter error \"bogus:1\"\n");
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
    assert_eq!(theirs.stderr_str(), "parameter error \"nocolon\"\n");
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
    assert_eq!(
        theirs.stderr_str(),
        "Certificate request self-signature verify failure\n"
    );
}

#[test]
fn vfyopt_hexdistid() {
    Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-verify",
        "-vfyopt",
        "hexdistid:0102",
        "-noout",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
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
fn vfyopt_without_verify_is_unused() {
    let (theirs, _) = Case::new(&["-in", "csr-rsa.pem", "-vfyopt", "bogus:1", "-noout"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(theirs.stderr_str(), "");
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

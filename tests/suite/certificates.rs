//! Certificates: `-x509` (self-signed from a new request, from `-in` a
//! request, with `-key`), `-days`, `-set_serial` and the random serial,
//! `x509_extensions`/`-extensions` (the stock v3_ca; none at all gives a
//! version 1 certificate), `-copy_extensions`, `-precert`, signing by a CA
//! (`-CA`/`-CAkey`, a combined file, mismatches), the key-mismatch warning,
//! `-outform DER`, `-text`; and the two one-liners everybody copies.
//!
//! Validity times always differ between the two runs: `.fresh_cert()` shows
//! them as `<now>` and `<notBefore + N days>`. Serials are fixed with
//! `-set_serial` wherever the case is not about the random serial, so the
//! rest is compared as it is.

use crate::common;
use crate::common::{Case, before, by_line, cert, line_at_least, openssl_filter, x509};
use crate::deliberate::assert_same_but_ours_leaves_no;

/// 1.1.1's req has no -CA, -CAkey nor -copy_extensions: both programs
/// refuse the option as an unknown one ("req: Unrecognized flag CA" and the
/// usage line), and there is nothing more to check. False on 3.0 and later.
fn refused_on_1_1_1(theirs: &common::Outcome) -> bool {
    if line_at_least("3.0") {
        return false;
    }
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(
        err.starts_with("req: Unrecognized flag ")
            && err.ends_with("req: Use -help for summary.\n"),
        "{err}"
    );
    true
}

/// A distinguished name as `-subject` and `-text` print it by default, with
/// get_nameopt()'s flags: 3.0 uses XN_FLAG_ONELINE, spaces around `=`
/// (`CN = x`, 3.0 lib/apps.c:151); since 3.2 XN_FLAG_SEP_CPLUS_SPC without
/// XN_FLAG_SPC_EQ, so `CN=x` (3.5 lib/apps.c:146, 4.0 lib/apps.c:141). RDNs
/// are joined by ", " on every line.
fn dn(rdns: &[(&str, &str)]) -> String {
    let eq = by_line([("1.1.1", " = "), ("3.0", " = "), ("3.2", "=")]);
    rdns.iter()
        .map(|(k, v)| format!("{k}{eq}{v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The extensions listed by `-text` (their headings, e.g. `X509v3 Basic
/// Constraints: critical`), in order; empty when there are none. (1.1.1's
/// libcrypto ends an Authority Key Identifier with an empty line.)
fn extension_names(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| *l != "        X509v3 extensions:")
        .skip(1)
        .filter(|l| !l.is_empty())
        .take_while(|l| l.starts_with("            "))
        .filter(|l| !l.starts_with("             "))
        .map(|l| l.trim().to_string())
        .collect()
}

/// What -key given with -in (a request read, not made) prints: nothing on
/// 3.0, where the key just signs; since 3.2 a warning first (3.5
/// req.c:780-782, 4.0 req.c:756-758).
fn not_placing_key() -> &'static str {
    by_line([
        ("1.1.1", ""),
        ("3.0", ""),
        (
            "3.2",
            "Warning: Not placing -key in cert or request since request is used\n",
        ),
    ])
}

/// What -key given with -CA prints when the certificate is made: nothing on
/// 3.0; since 3.2 a warning that the CA key signs (3.5 req.c:846-848, 4.0
/// req.c:823-825).
fn not_using_key_for_signing() -> &'static str {
    by_line([
        ("3.0", ""),
        (
            "3.2",
            "Warning: Not using -key or -newkey for signing since -CA option is given\n",
        ),
    ])
}

/// req's notes on options that need -x509 (`Ignoring -days without
/// -x509...`): bare on 3.0 (3.0 req.c:524-526), prefixed `Warning: ` since
/// 3.4 (3.5 req.c:555-561, 4.0 req.c:534-540).
fn ignoring(what: &str) -> String {
    let prefix = by_line([("1.1.1", ""), ("3.0", ""), ("3.4", "Warning: ")]);
    format!("{prefix}Ignoring {what}\n")
}

/// load_key's line when the -CA file opened but holds no key: 3.0 "Could not
/// read" (3.0 lib/apps.c:1023); "Could not find" since 3.2 (3.5
/// lib/apps.c:1095); "Could not find or decode" in 4.0 (4.0 lib/apps.c:1117).
fn no_issuer_key_in(desc: &str, file: &str) -> String {
    let what = by_line([
        ("3.0", "Could not read"),
        ("3.2", "Could not find"),
        ("4.0", "Could not find or decode"),
    ]);
    format!("{what} {desc} from {file}\n")
}

/// load_key's line for a key file that cannot be opened: 3.0 prints it bare,
/// then the store's error stack (3.0 lib/apps.c:919); since 3.1 a system
/// error is appended as strerror() text and its stack dropped (3.5
/// lib/apps.c:1110-1115, ERR_SYSTEM_ERROR ... ERR_pop_to_mark), so the line
/// is the whole of stderr.
fn cannot_open_key(desc: &str, file: &str) -> String {
    let msg = format!("Could not open file or uri for loading {desc} from {file}");
    by_line([
        ("3.0", format!("{msg}\n")),
        ("3.1", format!("{msg}: No such file or directory\n")),
    ])
}

/// The stock `[ v3_ca ]` applied to a request (`-extensions v3_ca` without
/// -x509). 3.0 keeps two sections, -extensions for a certificate and -reqexts
/// for a request, and ignores the other (3.0 req.c:499-504): the request is
/// made, without extensions. Since 3.2 both options set the one `extsect`
/// (3.5 req.c:510-512, 4.0 req.c:489-491), applied to the request; the
/// section's authorityKeyIdentifier then fails for want of an issuer
/// certificate (3.5 req.c:936-939, 4.0 req.c:908-910), after the key is
/// loaded: rc 1, no request. The stack names the line's v3_akid.c (3.5 and
/// 3.6 :156, 4.0 :167) and the stock config's AKID value (3.5/3.6
/// `keyid:always,issuer`, 4.0 `keyid:nonss,issuer:nonss`;
/// src/default_config/openssl-{3.5,3.6,4.0}.cnf, upstream's apps/openssl.cnf).
fn stock_v3_ca_on_a_request() -> Option<String> {
    let stack = |akid: &str| {
        format!(
            "Error adding request extensions from section v3_ca\n\
             <tid>:error:11000079:X509 V3 routines:v2i_AUTHORITY_KEYID:no issuer \
             certificate:<file:line>:\n\
             <tid>:error:11000080:X509 V3 routines:X509V3_EXT_nconf_int:error in \
             extension:<file:line>:section=v3_ca, name=authorityKeyIdentifier, \
             value={akid}\n"
        )
    };
    by_line([
        ("1.1.1", None),
        ("3.0", None),
        ("3.2", Some(stack("keyid:always,issuer"))),
        ("4.0", Some(stack("keyid:nonss,issuer:nonss"))),
    ])
}

// ----- self-signed ------------------------------------------------------------------

#[test]
fn self_signed_with_key_uses_stock_v3_ca() {
    let (theirs, ours) = cert(&["-text"]).assert_same();
    assert_eq!(theirs.code, 0);
    let t = theirs.file_str("c.pem");
    assert!(t.contains("Version: 3 (0x2)"));
    // 4.0's stock v3_ca asks for `authorityKeyIdentifier=keyid:nonss,issuer:nonss`
    // (src/default_config/openssl-4.0.cnf:253, upstream's apps/openssl.cnf),
    // which 4.0 leaves out of a self-signed certificate (4.0
    // crypto/x509/v3_akid.c:134,178); 3.x's `keyid:always,issuer` gives one.
    let akid = by_line([("1.1.1", true), ("3.0", true), ("4.0", false)]);
    let mut want = vec!["X509v3 Subject Key Identifier:"];
    if akid {
        want.push("X509v3 Authority Key Identifier:");
    }
    want.push("X509v3 Basic Constraints: critical");
    assert_eq!(extension_names(&t), want, "{t}");
    assert!(t.contains("X509v3 Basic Constraints: critical\n                CA:TRUE"));
    assert_eq!(x509(&ours, "c.pem", &["-serial"]), "serial=01\n");
}

#[test]
fn self_signed_default_30_days() {
    let (theirs, ours) = cert(&[]).assert_same();
    for o in [&theirs, &ours] {
        let d = x509(o, "c.pem", &["-startdate", "-enddate"]);
        let mut l = d.lines();
        let nb =
            common::parse_openssl_time(l.next().unwrap().trim_start_matches("notBefore=")).unwrap();
        let na =
            common::parse_openssl_time(l.next().unwrap().trim_start_matches("notAfter=")).unwrap();
        assert_eq!(na - nb, 30 * 86400);
    }
}

#[test]
fn self_signed_days_365() {
    let (_, ours) = cert(&["-days", "365", "-text"]).assert_same();
    let d = x509(&ours, "c.pem", &["-startdate", "-enddate"]);
    let mut l = d.lines();
    let nb =
        common::parse_openssl_time(l.next().unwrap().trim_start_matches("notBefore=")).unwrap();
    let na = common::parse_openssl_time(l.next().unwrap().trim_start_matches("notAfter=")).unwrap();
    assert_eq!(na - nb, 365 * 86400);
}

#[test]
fn days_far_future_uses_generalized_time() {
    cert(&["-days", "36500", "-text"]).assert_same();
}

#[test]
fn days_zero() {
    let (theirs, _) = cert(&["-days", "0"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            (
                "1.1.1",
                "req: Non-positive number \"0\" for -days\nreq: Use -help for summary.\n"
            ),
            (
                "3.0",
                "req: Non-positive number \"0\" for option -days\nreq: Use -help for summary.\n"
            ),
        ])
    );
}

#[test]
fn days_negative() {
    let (theirs, _) = cert(&["-days", "-1"]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn days_not_a_number() {
    let (theirs, _) = cert(&["-days", "abc"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            (
                "1.1.1",
                "req: Can't parse \"abc\" as a number\nreq: Non-positive number \"abc\" for -days\nreq: Use -help for summary.\n"
            ),
            (
                "3.0",
                "req: Can't parse \"abc\" as a number\nreq: Use -help for summary.\n"
            ),
        ])
    );
}

#[test]
fn days_without_x509_warns() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-days",
        "10",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stderr_str(),
        ignoring(by_line([
            ("1.1.1", "-days; not generating a certificate"),
            ("3.0", "-days without -x509; not generating a certificate"),
        ]))
    );
}

#[test]
fn self_signed_with_new_key() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=new",
        "-out",
        "c.pem",
        "-text",
    ])
    .fresh_key()
    .fresh_cert()
    .assert_same();
    assert!(theirs.file_str("c.pem").contains("ecdsa-with-SHA256"));
}

#[test]
fn x509_implies_new() {
    // -x509 without -in makes a new request first
    cert(&["-new"]).assert_same();
}

#[test]
fn x509_ed25519_byte_for_byte_apart_from_dates() {
    Case::new(&[
        "-x509",
        "-key",
        "ed25519.pem",
        "-subj",
        "/CN=ed",
        "-set_serial",
        "3",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixture("ed25519.pem")
    .fresh_cert()
    .assert_same();
}

#[test]
fn x509_subject_with_several_rdns() {
    Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/C=US/ST=CA/O=Acme, Inc./OU=IT+CN=multi",
        "-set_serial",
        "9",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .fresh_cert()
    .assert_same();
}

#[test]
fn x509_outform_der() {
    let (theirs, ours) = cert(&["-outform", "DER"]).assert_same();
    assert_eq!(theirs.file("c.pem")[0], 0x30);
    assert_eq!(ours.file("c.pem")[0], 0x30);
}

#[test]
fn x509_text_and_noout() {
    // -out gets the text, and no PEM after it
    let (theirs, _) = cert(&["-text", "-noout"]).assert_same();
    assert!(theirs.stdout_str().is_empty());
    assert!(theirs.file_str("c.pem").starts_with("Certificate:\n"));
    assert!(!theirs.file_str("c.pem").contains("-----BEGIN"));
}

#[test]
fn x509_text_to_stdout() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-set_serial",
        "1",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .fresh_cert()
    .assert_same();
    let out = theirs.stdout_str();
    assert!(out.starts_with("Certificate:\n"));
    assert!(out.contains("-----BEGIN CERTIFICATE-----"));
}

#[test]
fn x509_subject_option_prints_cert_subject() {
    let (theirs, _) = cert(&["-noout", "-subject"]).assert_same();
    assert_eq!(
        theirs.file_str("c.pem"),
        format!("subject={}\n", dn(&[("CN", "x")]))
    );
}

#[test]
fn x509_modulus_and_pubkey() {
    cert(&["-noout", "-modulus", "-pubkey"]).assert_same();
}

// ----- serial numbers -------------------------------------------------------------------

#[test]
fn random_serial_is_positive_and_159_bits_at_most() {
    let case = Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .fresh_cert();
    let (_, ours) = case.assert_same();
    let (_, ours2) = case.assert_same();
    let s1 = x509(&ours, "c.pem", &["-serial"]);
    let s2 = x509(&ours2, "c.pem", &["-serial"]);
    assert_ne!(s1, s2, "two runs gave the same serial");
    let hex = s1.trim().trim_start_matches("serial=");
    assert!(hex.len() >= 30 && hex.len() <= 40, "serial {hex}");
    assert!(
        u8::from_str_radix(&hex[..2], 16).unwrap() < 0x80,
        "serial {hex} is negative"
    );
}

#[test]
fn set_serial_decimal() {
    let (theirs, ours) = Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-set_serial",
        "4242",
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
            .contains("Serial Number: 4242 (0x1092)")
    );
    assert_eq!(x509(&ours, "c.pem", &["-serial"]), "serial=1092\n");
}

fn with_serial(serial: &str) -> Case {
    Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-set_serial",
        serial,
        "-out",
        "c.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .fresh_cert()
}

#[test]
fn set_serial_hex() {
    let (theirs, _) = with_serial("0x1F").assert_same();
    assert!(
        theirs
            .file_str("c.pem")
            .contains("Serial Number: 31 (0x1f)")
    );
    let (theirs, _) = with_serial("0XAB").assert_same();
    assert!(
        theirs
            .file_str("c.pem")
            .contains("Serial Number: 171 (0xab)")
    );
}

#[test]
fn set_serial_negative() {
    let (theirs, _) = with_serial("-5").assert_same();
    assert!(
        theirs
            .file_str("c.pem")
            .contains("Serial Number: -5 (-0x5)")
    );
    with_serial("-0x10").assert_same();
}

#[test]
fn set_serial_zero() {
    let (theirs, _) = with_serial("0").assert_same();
    assert!(theirs.file_str("c.pem").contains("Serial Number: 0 (0x0)"));
}

#[test]
fn set_serial_huge_compared_outside_the_mask() {
    // a multi-byte serial is masked by .fresh_cert(): compare it explicitly
    let (theirs, ours) = with_serial("123456789012345678901234567890").assert_same();
    assert_eq!(
        x509(&theirs, "c.pem", &["-serial"]),
        x509(&ours, "c.pem", &["-serial"])
    );
    assert_eq!(
        x509(&ours, "c.pem", &["-serial"]),
        "serial=018EE90FF6C373E0EE4E3F0AD2\n"
    );
}

#[test]
fn set_serial_garbage() {
    let (theirs, _) = with_serial("abc").assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(err.starts_with("req: Use -help for summary.\n"), "{err}");
    assert!(err.contains("s2i_ASN1_INTEGER:bn dec2bn error"), "{err}");
}

#[test]
fn set_serial_bad_hex() {
    let (theirs, _) = with_serial("0xZZ").assert_same();
    assert_eq!(theirs.code, 1);
    let (theirs, _) = with_serial("0x").assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn set_serial_empty_and_spaces() {
    with_serial("").assert_same();
    with_serial(" 5").assert_same();
    with_serial("5 ").assert_same();
}

#[test]
fn set_serial_twice() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-set_serial",
        "1",
        "-set_serial",
        "2",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        "Serial number supplied twice\nreq: Use -help for summary.\n"
    );
}

#[test]
fn set_serial_without_x509_is_ignored() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-set_serial",
        "5",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(theirs.stderr_str(), "");
}

// ----- extension sections --------------------------------------------------------------

#[test]
fn x509_extensions_from_config() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-config",
        "ext.cnf",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "2",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["ext.cnf", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    let t = theirs.file_str("c.pem");
    assert!(t.contains("CA:TRUE, pathlen:0"));
    assert!(t.contains("Certificate Sign, CRL Sign"));
}

#[test]
fn extensions_option_selects_section() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-config",
        "ext.cnf",
        "-extensions",
        "v3_req",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "2",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["ext.cnf", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    assert!(theirs.file_str("c.pem").contains("CA:FALSE"));
}

#[test]
fn extensions_option_with_stock_usr_cert() {
    cert(&["-extensions", "usr_cert", "-text"]).assert_same();
}

#[test]
fn extensions_option_missing_section() {
    let (theirs, _) = cert(&["-extensions", "nosuch"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            ("1.1.1", "Error Loading extension section nosuch\n"),
            ("3.0", "Error checking x509 extension section nosuch\n"),
        ])
    );
}

/// With no extension section and no -addext, 1.1.1's req_main makes a version 1
/// certificate (X509_set_version(x, 2) only when a section is named or -addext
/// given, 1.1.1 req.c:676-679); do_X509_sign decides on 3.x: 3.0 makes a
/// version 1 certificate (v3 and key identifiers only if there are
/// extensions, 3.0 lib/apps.c:2243-2262); 3.2-3.6 always v3 plus a default
/// subjectKeyIdentifier, and an AKID only when not self-signed (3.5
/// lib/apps.c:2333-2349); 4.0 only sets v3, no extensions at all (4.0
/// lib/apps.c:2557).
#[test]
fn no_extension_section_version_of_each_line() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-config",
        "min.cnf",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "1",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["min.cnf", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    let t = theirs.file_str("c.pem");
    let (version, extensions) = by_line([
        ("1.1.1", ("Version: 1 (0x0)", vec![])),
        ("3.0", ("Version: 1 (0x0)", vec![])),
        (
            "3.2",
            ("Version: 3 (0x2)", vec!["X509v3 Subject Key Identifier:"]),
        ),
        ("4.0", ("Version: 3 (0x2)", vec![])),
    ]);
    assert!(t.contains(version), "{t}");
    assert_eq!(extension_names(&t), extensions, "{t}");
    assert_eq!(
        t.contains("X509v3 extensions"),
        !extensions.is_empty(),
        "{t}"
    );
}

#[test]
fn no_extension_section_but_addext_gives_version_3() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-config",
        "min.cnf",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "1",
        "-addext",
        "subjectAltName=DNS:a",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["min.cnf", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    let t = theirs.file_str("c.pem");
    assert!(t.contains("Version: 3 (0x2)"));
    // 1.1.1 adds no default key identifiers; 3.0-3.6 add a SKID
    assert_eq!(
        extension_names(&t).len(),
        by_line([("1.1.1", 1), ("3.0", 2), ("4.0", 1)]),
        "{t}"
    );
}

/// An extension section that is named but adds nothing: 1.1.1 makes a
/// version 3 certificate without extensions (the version is set because a
/// section is named, 1.1.1 req.c:676-679); 3.0 a version 1 (no extensions,
/// 3.0 lib/apps.c:2243-2262).
#[test]
fn empty_extension_section_version() {
    let cnf =
        "[req]\nprompt = no\ndistinguished_name = dn\nx509_extensions = e\n[dn]\nCN = x\n[e]\n";
    let (theirs, _) = Case::new(&[
        "-x509",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "1",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .fresh_cert()
    .assert_same();
    let t = theirs.file_str("c.pem");
    let version = by_line([
        ("1.1.1", "Version: 3 (0x2)"),
        ("3.0", "Version: 1 (0x0)"),
        ("3.2", "Version: 3 (0x2)"),
    ]);
    assert!(t.contains(version), "{t}");
}

/// An -addext repeating an extension of the section: 3.x's context replaces
/// it (X509V3_CTX_REPLACE); 1.1.1's (flags 0, 1.1.1 req.c:703) adds it a
/// second time.
#[test]
fn addext_repeating_a_section_extension() {
    let (theirs, _) = cert(&["-addext", "basicConstraints=CA:FALSE", "-text"]).assert_same();
    let t = theirs.file_str("c.pem");
    let names = extension_names(&t);
    let count = names
        .iter()
        .filter(|n| n.starts_with("X509v3 Basic Constraints"))
        .count();
    assert_eq!(count, by_line([("1.1.1", 2), ("3.0", 1)]), "{t}");
}

#[test]
fn x509_extensions_with_bad_value() {
    let cnf = "[req]\nprompt = no\ndistinguished_name = dn\nx509_extensions = e\n[dn]\nCN = x\n[e]\nsubjectKeyIdentifier = bogus\n";
    let (theirs, _) = Case::new(&[
        "-x509",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "1",
        "-out",
        "c.pem",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .fresh_cert()
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn authority_key_identifier_issuer_always_self_signed() {
    let cnf = "[req]\nprompt = no\ndistinguished_name = dn\nx509_extensions = e\n[dn]\nCN = x\n\
[e]\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always, issuer:always\n";
    Case::new(&[
        "-x509",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "1",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .fresh_cert()
    .assert_same();
}

#[test]
fn subject_key_identifier_none() {
    let cnf = "[req]\nprompt = no\ndistinguished_name = dn\nx509_extensions = e\n[dn]\nCN = x\n\
[e]\nsubjectKeyIdentifier = none\nauthorityKeyIdentifier = none\nbasicConstraints = CA:FALSE\n";
    Case::new(&[
        "-x509",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "1",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .fresh_cert()
    .assert_same();
}

// ----- from a request: -in, -copy_extensions -------------------------------------------

#[test]
fn x509_from_request_warns_about_extensions() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-in",
        "csr-ext.pem",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "5",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["csr-ext.pem", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    // 1.1.1 has no -copy_extensions, and no warning
    let no_copy = by_line([
        ("1.1.1", ""),
        (
            "3.0",
            "Warning: No -copy_extensions given; ignoring any extensions in the request\n",
        ),
    ]);
    assert_eq!(
        theirs.stderr_str(),
        format!("{}{no_copy}", not_placing_key())
    );
    assert!(
        !theirs
            .file_str("c.pem")
            .contains("Subject Alternative Name")
    );
}

#[test]
fn x509_from_request_without_key() {
    let (theirs, _) = Case::new(&["-x509", "-in", "csr-rsa.pem", "-out", "c.pem"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            ("1.1.1", "you need to specify a private key\n"),
            (
                "3.0",
                "Must provide a signature key using -key or provide -CA / -CAkey\n"
            ),
        ])
    );
}

#[test]
fn copy_extensions_copy() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-in",
        "csr-ext.pem",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "5",
        "-copy_extensions",
        "copy",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["csr-ext.pem", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.stderr_str(), not_placing_key());
    assert!(theirs.file_str("c.pem").contains("DNS:example.com"));
}

#[test]
fn copy_extensions_copyall() {
    Case::new(&[
        "-x509",
        "-in",
        "csr-ext.pem",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "5",
        "-copy_extensions",
        "copyall",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["csr-ext.pem", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
}

#[test]
fn copy_extensions_copy_vs_copyall_with_a_clashing_section() {
    // ext.cnf's v3_ca has its own subjectAltName
    for mode in ["copy", "copyall", "none"] {
        Case::new(&[
            "-x509",
            "-config",
            "ext.cnf",
            "-in",
            "csr-ext.pem",
            "-key",
            "rsa2048.pem",
            "-set_serial",
            "5",
            "-copy_extensions",
            mode,
            "-out",
            "c.pem",
            "-text",
        ])
        .fixtures(&["ext.cnf", "csr-ext.pem", "rsa2048.pem"])
        .fresh_cert()
        .assert_same();
    }
}

#[test]
fn copy_extensions_case_insensitive() {
    Case::new(&[
        "-x509",
        "-in",
        "csr-ext.pem",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "5",
        "-copy_extensions",
        "CopyAll",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["csr-ext.pem", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
}

#[test]
fn copy_extensions_none_with_x509_is_silent() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-in",
        "csr-ext.pem",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "5",
        "-copy_extensions",
        "none",
        "-out",
        "c.pem",
    ])
    .fixtures(&["csr-ext.pem", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    // silent about -copy_extensions; -key with -in has its own warning
    assert_eq!(theirs.stderr_str(), not_placing_key());
}

#[test]
fn copy_extensions_none_without_x509_warns() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-copy_extensions",
        "none",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(
        theirs.stderr_str(),
        ignoring("-copy_extensions 'none' when -x509 is not given")
    );
}

#[test]
fn copy_extensions_copy_without_x509_is_silent() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-copy_extensions",
        "copy",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.stderr_str(), "");
}

#[test]
fn copy_extensions_bad_value() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-copy_extensions",
        "bad",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        "Invalid extension copy option: \"bad\"\n"
    );
}

#[test]
fn x509_from_request_with_new_subject() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-in",
        "csr-rsa.pem",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=replaced",
        "-set_serial",
        "5",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["csr-rsa.pem", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    // 1.1.1 makes the certificate, then refuses to change its subject
    if before("3.0") {
        assert_eq!(theirs.code, 1);
        assert_eq!(theirs.stderr_str(), "Cannot modify certificate subject\n");
        return;
    }
    let t = theirs.file_str("c.pem");
    assert!(
        t.contains(&format!("Subject: {}\n", dn(&[("CN", "replaced")]))),
        "{t}"
    );
    // the issuer is the request's subject
    assert!(
        t.contains(&format!(
            "Issuer: {}\n",
            dn(&[("C", "US"), ("O", "Acme"), ("CN", "example.com")])
        )),
        "{t}"
    );
}

#[test]
fn x509_from_der_request() {
    Case::new(&[
        "-x509",
        "-in",
        "csr-rsa.der",
        "-inform",
        "DER",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "5",
        "-out",
        "c.pem",
    ])
    .fixtures(&["csr-rsa.der", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
}

#[test]
fn signing_key_not_matching_request_key_warns() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-in",
        "csr-rsa.pem",
        "-key",
        "ed25519.pem",
        "-set_serial",
        "5",
        "-copy_extensions",
        "copy",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["csr-rsa.pem", "ed25519.pem"])
    .fresh_cert()
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "{}Warning: Signature key and public key of cert do not match\n",
            not_placing_key()
        )
    );
}

/// The same without -copy_extensions, which 1.1.1 lacks: 1.1.1 signs with
/// the other key without a word (it has no X509_check_private_key there);
/// 3.0 warns, and that no extensions were copied.
#[test]
fn signing_key_not_matching_request_key_on_every_line() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-in",
        "csr-rsa.pem",
        "-key",
        "ed25519.pem",
        "-set_serial",
        "5",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["csr-rsa.pem", "ed25519.pem"])
    .fresh_cert()
    .assert_same();
    assert_eq!(theirs.code, 0);
    let warnings = by_line([
        ("1.1.1", ""),
        (
            "3.0",
            "Warning: No -copy_extensions given; ignoring any extensions in the request\n\
             Warning: Signature key and public key of cert do not match\n",
        ),
    ]);
    assert_eq!(
        theirs.stderr_str(),
        format!("{}{warnings}", not_placing_key())
    );
}

// ----- -precert ------------------------------------------------------------------------

#[test]
fn precert_adds_poison() {
    let (theirs, _) = cert(&["-precert", "-text"]).assert_same();
    assert!(
        theirs
            .file_str("c.pem")
            .contains("CT Precertificate Poison: critical")
    );
}

#[test]
fn precert_without_x509_makes_a_plain_request() {
    let (theirs, _) = Case::new(&[
        "-precert",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert!(theirs.file_str("r.pem").starts_with("Certificate Request:"));
}

// ----- signed by a CA ----------------------------------------------------------------------

#[test]
fn ca_signs_new_request() {
    let (theirs, _) = Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-key.pem",
        "-set_serial",
        "77",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["rsa2048.pem", "ca-cert.pem", "ca-key.pem"])
    .fresh_cert()
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    let t = theirs.file_str("c.pem");
    assert!(
        t.contains(&format!("Issuer: {}\n", dn(&[("CN", "Test CA")]))),
        "{t}"
    );
    assert!(
        t.contains(&format!("Subject: {}\n", dn(&[("CN", "leaf")]))),
        "{t}"
    );
    assert_eq!(theirs.stderr_str(), not_using_key_for_signing());
}

#[test]
fn ca_signs_existing_request() {
    let (theirs, _) = Case::new(&[
        "-in",
        "csr-ext.pem",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-key.pem",
        "-set_serial",
        "78",
        "-copy_extensions",
        "copy",
        "-days",
        "90",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["csr-ext.pem", "ca-cert.pem", "ca-key.pem"])
    .fresh_cert()
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert!(theirs.file_str("c.pem").contains("DNS:example.com"));
}

#[test]
fn ca_combined_file_holds_cert_and_key() {
    Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-combined.pem",
        "-set_serial",
        "79",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["rsa2048.pem", "ca-combined.pem"])
    .fresh_cert()
    .assert_same();
}

#[test]
fn ca_without_cakey_and_cert_only_file() {
    let (theirs, _) = Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-cert.pem",
        "-set_serial",
        "79",
        "-out",
        "c.pem",
    ])
    .fixtures(&["rsa2048.pem", "ca-cert.pem"])
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        no_issuer_key_in("issuer private key from -CA arg", "ca-cert.pem")
    );
}

#[test]
fn ca_key_does_not_match_ca_cert() {
    let (theirs, _) = Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ed25519.pem",
        "-out",
        "c.pem",
    ])
    .fixtures(&["rsa2048.pem", "ca-cert.pem", "ed25519.pem"])
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 1);
    assert!(
        theirs
            .stderr_str()
            .starts_with("Issuer CA certificate and key do not match\n")
    );
}

#[test]
fn ca_key_same_type_but_different_key() {
    let (theirs, _) = Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "rsa2048.pem",
        "-out",
        "c.pem",
    ])
    .fixtures(&["rsa2048.pem", "ca-cert.pem"])
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert!(
        theirs
            .stderr_str()
            .starts_with("Issuer CA certificate and key do not match\n")
    );
}

#[test]
fn cakey_without_ca_warns() {
    let (theirs, _) = cert(&["-CAkey", "ca-key.pem"])
        .fixture("ca-key.pem")
        .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stderr_str(),
        "Warning: Ignoring -CAkey option since no -CA option is given\n"
    );
}

#[test]
fn ca_missing_file() {
    let (theirs, _) = Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "nope.pem",
        "-CAkey",
        "ca-key.pem",
        "-out",
        "c.pem",
    ])
    .fixtures(&["rsa2048.pem", "ca-key.pem"])
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 1);
}

#[test]
fn cakey_missing_file() {
    let (theirs, _) = Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "nope.pem",
        "-out",
        "c.pem",
    ])
    .fixtures(&["rsa2048.pem", "ca-cert.pem"])
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    let err = theirs.stderr_str();
    let want = cannot_open_key("issuer private key from -CAkey arg", "nope.pem");
    assert!(err.starts_with(&want), "{err}");
    if line_at_least("3.1") {
        assert_eq!(err, want);
    }
}

#[test]
fn ca_file_is_not_a_certificate() {
    let (theirs, _) = Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-key.pem",
        "-out",
        "c.pem",
    ])
    .fixtures(&["rsa2048.pem", "ca-key.pem"])
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 1);
}

#[test]
fn ca_key_encrypted_uses_passin() {
    // -passin serves the CA key too; rsa2048-enc.pem is not the CA's key, so
    // the match check fails after a successful decryption
    let (theirs, _) = Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "rsa2048-enc.pem",
        "-passin",
        "pass:secret",
        "-out",
        "c.pem",
    ])
    .fixtures(&["rsa2048.pem", "ca-cert.pem", "rsa2048-enc.pem"])
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert!(
        theirs
            .stderr_str()
            .starts_with("Issuer CA certificate and key do not match\n")
    );
}

#[test]
fn ca_without_key_generates_one() {
    // no -key: -CA implies -x509 which implies -new, and a key is generated
    let (theirs, _) = Case::new(&[
        "-newkey",
        "ed25519",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-key.pem",
        "-set_serial",
        "80",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["ca-cert.pem", "ca-key.pem"])
    .fresh_key()
    .fresh_cert()
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 0);
}

#[test]
fn ca_without_key_and_no_pass_phrase() {
    // the generated key is to be encrypted: EOF at the prompt. openssl leaves
    // an empty privkey.pem (default_keyfile), ours nothing
    let case = Case::new(&[
        "-newkey",
        "ed25519",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-key.pem",
        "-out",
        "c.pem",
    ])
    .fixtures(&["ca-cert.pem", "ca-key.pem"])
    .fresh_key();
    if before("3.0") {
        let (theirs, _) = case.assert_same();
        assert!(refused_on_1_1_1(&theirs));
        return;
    }
    let (theirs, _) = assert_same_but_ours_leaves_no(&case, &["privkey.pem"]);
    assert!(theirs.stderr_str().starts_with("Enter PEM pass phrase:\n"));
}

#[test]
fn ca_with_x509_extensions_from_config() {
    Case::new(&[
        "-config",
        "ext.cnf",
        "-key",
        "rsa2048.pem",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-key.pem",
        "-set_serial",
        "81",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["ext.cnf", "rsa2048.pem", "ca-cert.pem", "ca-key.pem"])
    .fresh_cert()
    .assert_same();
}

#[test]
fn ca_with_subj_and_in() {
    Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-subj",
        "/CN=override",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-key.pem",
        "-set_serial",
        "82",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["csr-rsa.pem", "ca-cert.pem", "ca-key.pem"])
    .fresh_cert()
    .assert_same();
}

// ----- the two one-liners ------------------------------------------------------------------

#[test]
fn one_liner_self_signed_localhost() {
    let (theirs, ours) = Case::new(&[
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem",
        "-days",
        "365",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ])
    .fresh_key()
    .fresh_cert()
    .assert_same();
    assert_eq!(theirs.code, 0);
    assert!(theirs.stderr_str().ends_with("-----\n"));
    ours.assert_file_mode("key.pem", 0o600);
    ours.assert_file_mode("cert.pem", 0o644);
    let t = x509(&ours, "cert.pem", &["-text"]);
    assert!(t.contains("DNS:localhost, IP Address:127.0.0.1"), "{t}");
    // and the key written is the key certified
    let (_, cert_pub, _) = openssl_filter(&["x509", "-noout", "-pubkey"], ours.file("cert.pem"));
    let (_, key_pub, _) = openssl_filter(&["pkey", "-pubout"], ours.file("key.pem"));
    assert_eq!(cert_pub, key_pub);
}

#[test]
fn one_liner_csr_with_server_cnf_and_v3_req() {
    let key = common::fixture_bytes("rsa2048.pem");
    let (theirs, ours) = Case::new(&[
        "-new",
        "-key",
        "server.key",
        "-out",
        "server.csr",
        "-config",
        "server.cnf",
        "-reqexts",
        "v3_req",
    ])
    .file("server.key", key)
    .fixture("server.cnf")
    .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(theirs.stdout_str(), "");
    assert_eq!(theirs.stderr_str(), "");
    assert_eq!(theirs.file("server.csr"), ours.file("server.csr"));
    let (_, t, _) = openssl_filter(&["req", "-noout", "-text"], ours.file("server.csr"));
    assert!(
        t.contains("DNS:server.example.com, DNS:www.server.example.com, IP Address:10.0.0.1"),
        "{t}"
    );
}

#[test]
fn ca_key_encrypted_prompts_for_its_pass_phrase() {
    // made on the fly with the real openssl: the CA key, encrypted
    let out = std::process::Command::new(common::openssl_path())
        .args([
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-passout",
            "pass:capass",
            "-in",
        ])
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ca-key.pem"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let (theirs, _) = Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-enc.pem",
        "-set_serial",
        "90",
        "-out",
        "c.pem",
    ])
    .fixtures(&["rsa2048.pem", "ca-cert.pem"])
    .file("ca-enc.pem", &out.stdout)
    .stdin("capass\n")
    .fresh_cert()
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "Enter pass phrase for ca-enc.pem:\n{}",
            not_using_key_for_signing()
        )
    );
}

#[test]
fn ca_key_encrypted_with_passin() {
    let out = std::process::Command::new(common::openssl_path())
        .args([
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-passout",
            "pass:capass",
            "-in",
        ])
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ca-key.pem"))
        .output()
        .unwrap();
    let (theirs, _) = Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-enc.pem",
        "-passin",
        "pass:capass",
        "-set_serial",
        "91",
        "-out",
        "c.pem",
    ])
    .fixtures(&["rsa2048.pem", "ca-cert.pem"])
    .file("ca-enc.pem", &out.stdout)
    .fresh_cert()
    .assert_same();
    if refused_on_1_1_1(&theirs) {
        return;
    }
    assert_eq!(theirs.code, 0);
}

/// X509_time_adj_ex cannot go past 9999: 3.0's set_cert_times just returns 0
/// (3.0 lib/apps.c:3179-3182); since 3.4 it says so (3.5 lib/apps.c:3323,
/// 3.6 :3389, 4.0 :3545).
#[test]
fn days_ending_after_year_9999() {
    let (theirs, _) = cert(&["-days", "3000000"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            ("1.1.1", ""),
            ("3.0", ""),
            ("3.4", "Error setting notAfter certificate field\n")
        ])
    );
}

#[test]
fn days_int_max() {
    let (theirs, _) = cert(&["-days", "2147483647"]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn days_outside_int_range() {
    let (theirs, _) = cert(&["-days", "99999999999"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            (
                "1.1.1",
                "req: Value \"99999999999\" outside integer range\nreq: Non-positive number \"99999999999\" for -days\nreq: Use -help for summary.\n"
            ),
            (
                "3.0",
                "req: Value \"99999999999\" outside integer range\nreq: Use -help for summary.\n"
            ),
        ])
    );
}

#[test]
fn days_ending_in_year_9966() {
    cert(&["-days", "2900000", "-text"]).assert_same();
}

// ----- which section applies where -------------------------------------------------------

/// 3.0: -reqexts is syntax-checked, but a certificate gets x509_extensions
/// (or -extensions) only (3.0 req.c:499-504). Since 3.2 -reqexts is an alias
/// of -extensions (3.5 req.c:510-512, 4.0 req.c:489-491): the certificate gets
/// the stock v3_req instead of v3_ca, plus 3.5's default SKID (3.5
/// lib/apps.c:2342; none in 4.0, lib/apps.c:2557).
#[test]
fn reqexts_for_a_certificate() {
    let (theirs, _) = cert(&["-reqexts", "v3_req", "-text"]).assert_same();
    let t = theirs.file_str("c.pem");
    let v3_ca = vec![
        "X509v3 Subject Key Identifier:",
        "X509v3 Authority Key Identifier:",
        "X509v3 Basic Constraints: critical",
    ];
    let want = by_line([
        ("1.1.1", v3_ca.clone()),
        ("3.0", v3_ca),
        (
            "3.2",
            vec![
                "X509v3 Basic Constraints:",
                "X509v3 Key Usage:",
                "X509v3 Subject Key Identifier:",
            ],
        ),
        (
            "4.0",
            vec!["X509v3 Basic Constraints:", "X509v3 Key Usage:"],
        ),
    ]);
    assert_eq!(extension_names(&t), want, "{t}");
    assert_eq!(
        t.contains("Digital Signature, Non Repudiation, Key Encipherment"),
        line_at_least("3.2"),
        "{t}"
    );
}

#[test]
fn extensions_for_a_request() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-extensions",
        "v3_ca",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    // 3.0 ignores the section; since 3.2 it is applied, and fails
    match stock_v3_ca_on_a_request() {
        None => {
            assert_eq!(theirs.code, 0);
            assert_eq!(theirs.stderr_str(), "");
            assert!(!theirs.file_str("r.pem").contains("Basic Constraints"));
        }
        Some(err) => {
            assert_eq!(theirs.code, 1);
            assert_eq!(theirs.masked_stderr(), err);
            assert!(!theirs.has_file("r.pem"));
        }
    }
}

#[test]
fn precert_implies_new_so_in_is_not_read() {
    // -precert sets newreq: a new request is made (prompting for its DN), -in is ignored
    let (theirs, _) = Case::new(&[
        "-x509",
        "-precert",
        "-in",
        "csr-rsa.pem",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "6",
        "-out",
        "c.pem",
    ])
    .fixtures(&["csr-rsa.pem", "rsa2048.pem"])
    .assert_same();
    assert_eq!(theirs.code, 1);
    let failed = by_line([
        ("1.1.1", "problems making Certificate Request\n"),
        ("3.0", "Error making certificate request\n"),
    ]);
    assert!(
        theirs
            .stderr_str()
            .ends_with(&format!("Country Name (2 letter code) [AU]:{failed}"))
    );
}

#[test]
fn precert_with_in_and_subj() {
    let (theirs, _) = Case::new(&[
        "-x509",
        "-precert",
        "-in",
        "csr-rsa.pem",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=p",
        "-set_serial",
        "6",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["csr-rsa.pem", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    let t = theirs.file_str("c.pem");
    assert!(t.contains("CT Precertificate Poison"));
    assert!(
        t.contains(&format!("Subject: {}\n", dn(&[("CN", "p")]))),
        "{t}"
    );
    // -precert implies -new, so -in is not read: silently on 3.0, with a
    // warning since 3.2 (3.5 req.c:787-790, 4.0 req.c:763-766). The
    // -copy_extensions warning looks at whether -in was given, not whether
    // it was read.
    let ignoring_in = by_line([
        ("1.1.1", ""),
        ("3.0", ""),
        (
            "3.2",
            "Warning: Ignoring -in option since -new or -newkey or -precert is given\n",
        ),
    ]);
    let no_copy = by_line([
        ("1.1.1", ""),
        (
            "3.0",
            "Warning: No -copy_extensions given; ignoring any extensions in the request\n",
        ),
    ]);
    assert_eq!(theirs.stderr_str(), format!("{ignoring_in}{no_copy}"));
}

#[test]
fn ca_with_precert_copy_extensions_and_addext() {
    Case::new(&[
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=leaf",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-key.pem",
        "-set_serial",
        "0x0102030405",
        "-precert",
        "-copy_extensions",
        "copyall",
        "-addext",
        "extendedKeyUsage=serverAuth",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["rsa2048.pem", "ca-cert.pem", "ca-key.pem"])
    .fresh_cert()
    .assert_same();
}

#[test]
fn ca_signs_request_with_addext_and_copyall() {
    Case::new(&[
        "-in",
        "csr-ext.pem",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-key.pem",
        "-set_serial",
        "0x0102030405",
        "-copy_extensions",
        "copyall",
        "-addext",
        "extendedKeyUsage=serverAuth",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixtures(&["csr-ext.pem", "ca-cert.pem", "ca-key.pem"])
    .fresh_cert()
    .assert_same();
}

#[test]
fn x509_text_then_der() {
    let (theirs, _) = cert(&["-text", "-outform", "DER"]).assert_same();
    assert!(theirs.file("c.pem").starts_with(b"Certificate:\n"));
}

#[test]
fn x509_pubkey_is_the_request_key_even_when_signed_by_another() {
    // (1.1.1 cannot change a read request's subject with -x509: there
    // without -subj, the certificate keeps the request's)
    let mut args = vec![
        "-x509",
        "-in",
        "csr-rsa.pem",
        "-key",
        "ed25519.pem",
        "-set_serial",
        "5",
        "-noout",
        "-pubkey",
        "-subject",
    ];
    if line_at_least("3.0") {
        args.extend_from_slice(&["-subj", "/CN=over"]);
    }
    let (theirs, _) = Case::new(&args)
        .fixtures(&["csr-rsa.pem", "ed25519.pem"])
        .fresh_cert()
        .assert_same();
    let out = theirs.stdout_str();
    assert!(
        out.starts_with("-----BEGIN PUBLIC KEY-----\nMIIBIj"),
        "{out}"
    );
    let subject = by_line([
        (
            "1.1.1",
            dn(&[("C", "US"), ("O", "Acme"), ("CN", "example.com")]),
        ),
        ("3.0", dn(&[("CN", "over")])),
    ]);
    assert!(out.ends_with(&format!("subject={subject}\n")), "{out}");
}

#[test]
fn x509_rewrites_loaded_key_to_keyout() {
    // 1.1.1 writes -keyout only for a key it generated (1.1.1 req.c:560-604)
    let (theirs, _) = cert(&["-keyout", "k.pem", "-nodes"]).assert_same();
    if before("3.0") {
        assert!(!theirs.has_file("k.pem"));
        return;
    }
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
}

//! `-subj`: the `/type=value/...` syntax of apps/lib/apps.c `parse_name` —
//! escapes, `+` multi-valued RDNs, empty values and unknown types (warnings,
//! with the '+' hint), malformed strings, values libcrypto refuses (its error
//! stack), UTF-8 with and without `-utf8` and under each string_mask — and
//! `-subj` on an existing request (`-in`).
//!
//! Each case signs with the fixed key rsa2048.pem and writes the request in DER
//! (string types visible) or prints `-subject`: compared byte for byte.

use crate::common::*;

/// `-subject` under the default -nameopt, get_nameopt(). 3.0: XN_FLAG_ONELINE
/// (3.0 lib/apps.c:151): spaces around '=', RFC 2253 escaping (a '+' in a
/// value is quoted) and bytes above 0x7f as \XX. Since 3.2: XN_FLAG_SEP_CPLUS_SPC
/// | XN_FLAG_FN_SN | ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_UTF8_CONVERT | ...
/// (3.5 lib/apps.c:146, 3.6 :196, 4.0 :141): no spaces, no quoting, UTF-8
/// printed as is; a backslash is still escaped, as with any escape flag
/// (3.5 crypto/asn1/a_strex.c:114 ESC_FLAGS).
/// Takes the 3.0 and the 3.5+ line; 1.1.1's default is oneline too (1.1.1
/// apps/apps.c:170).
fn subject_printed<'a>(oneline: &'a str, since_3_2: &'a str) -> &'a str {
    by_line([("1.1.1", oneline), ("3.0", oneline), ("3.2", since_3_2)])
}

/// `openssl req -new -key rsa2048.pem -subj SUBJ -outform DER -out r.der`
fn subj(s: &str) -> Case {
    subj_with(s, &[])
}

/// `subj(SUBJ)` with more options.
fn subj_with(s: &str, more: &[&str]) -> Case {
    let mut args = vec![
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        s,
        "-outform",
        "DER",
        "-out",
        "r.der",
    ];
    args.extend_from_slice(more);
    Case::new(&args).fixture("rsa2048.pem")
}

/// `openssl req -new -key rsa2048.pem -subj SUBJ -noout -subject`
fn subject_line(s: &str) -> Case {
    Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        s,
        "-noout",
        "-subject",
    ])
    .fixture("rsa2048.pem")
}

#[test]
fn plain_subjects() {
    for s in [
        "/CN=x",
        "/C=US/ST=CA/L=SF/O=Acme/OU=IT/CN=api/emailAddress=a@b.c",
        "/commonName=long names/organizationName=Org",
        "/2.5.4.3=by oid",
        "/CN=x/CN=y",
        "/CN=spaces  inside /O= leading",
        "/DC=example/DC=com/UID=joe",
        "/serialNumber=123/title=Dr/GN=Jo/SN=Do/initials=JD/pseudonym=P",
    ] {
        let (openssl, _) = subj(s).assert_same();
        assert_eq!(openssl.code, 0, "{s}");
    }
}

#[test]
fn escapes() {
    // \/ inside a value, \+, \\, \= and an escaped ordinary character; a backslash in the type
    for (s, want) in [
        (
            r"/O=A\/B/CN=x",
            subject_printed("subject=O = A/B, CN = x\n", "subject=O=A/B, CN=x\n"),
        ),
        (
            r"/CN=a\+b",
            subject_printed("subject=CN = \"a+b\"\n", "subject=CN=a+b\n"),
        ),
        (
            r"/CN=a\\b",
            // 3.2.0 to 3.4.1 print the backslash as it is (no esc_ctrl)
            by_line([
                ("1.1.1", "subject=CN = a\\\\b\n"),
                ("3.0", "subject=CN = a\\\\b\n"),
                ("3.2", "subject=CN=a\\b\n"),
                ("3.4.2", "subject=CN=a\\\\b\n"),
            ]),
        ),
        (
            r"/CN=a\=b",
            subject_printed("subject=CN = a=b\n", "subject=CN=a=b\n"),
        ),
        (
            r"/CN=\x\y",
            subject_printed("subject=CN = xy\n", "subject=CN=xy\n"),
        ),
        // no escapes in the type: "C\N" is an unknown type, skipped
        (r"/C\N=x", "subject=\n"),
    ] {
        subj(s).assert_same();
        let (openssl, _) = subject_line(s).assert_same();
        assert_eq!(openssl.stdout_str(), want, "{s}");
    }
}

#[test]
fn multi_valued_rdns() {
    // /CN=a+OU=b/O=c  and a '+' at the start of the string
    for s in [
        "/CN=a+OU=b/O=c",
        "/O=c/CN=a+serialNumber=1+UID=u",
        "/+CN=x",
        "/CN=a+",
    ] {
        subj(s).assert_same();
    }
}

#[test]
fn multivalue_rdn_flag() {
    // 1.1.1 reads '+' as a separator only with -multivalue-rdn; 3.0 always
    // does (the flag is accepted and ignored)
    for s in [
        "/CN=a+O=b",
        "/O=c/CN=a+serialNumber=1+UID=u",
        "/CN=a\\+b+O=c",
    ] {
        subj_with(s, &["-multivalue-rdn"]).assert_same();
    }
    let printed = |more: &[&str]| {
        let mut args = vec!["-new", "-key", "rsa2048.pem", "-subj", "/CN=a+O=b"];
        args.extend_from_slice(more);
        args.extend_from_slice(&["-noout", "-subject"]);
        let (openssl, _) = Case::new(&args).fixture("rsa2048.pem").assert_same();
        openssl.stdout_str()
    };
    assert_eq!(
        printed(&[]),
        by_line([
            ("1.1.1", "subject=CN = \"a+O=b\"\n"),
            ("3.0", "subject=CN = a + O = b\n"),
            ("3.2", "subject=CN=a + O=b\n"),
        ])
    );
    assert_eq!(
        printed(&["-multivalue-rdn"]),
        subject_printed("subject=CN = a + O = b\n", "subject=CN=a + O=b\n")
    );
}

#[test]
fn subj_still_needs_a_distinguished_name_section_on_1_1_1() {
    // $ openssl req -new -key rsa2048.pem -subj /CN=x -config c.cnf   (no distinguished_name)
    // 1.1.1's make_REQ looks the section up even with -subj: "unable to find
    // 'distinguished_name' in config", "problems making Certificate Request",
    // the NCONF stack; 3.0 needs it only to prompt
    for conf in ["[ req ]\n", "[ req ]\ndistinguished_name = nosuch\n", ""] {
        let (openssl, _) = Case::new(&[
            "-new",
            "-key",
            "rsa2048.pem",
            "-subj",
            "/CN=x",
            "-config",
            "c.cnf",
            "-noout",
            "-subject",
        ])
        .fixture("rsa2048.pem")
        .file("c.cnf", conf)
        .assert_same();
        // (a section named but missing fails on every line)
        let code = if conf.contains("nosuch") {
            1
        } else {
            by_line([("1.1.1", 1), ("3.0", 0)])
        };
        assert_eq!(openssl.code, code, "{conf:?}");
        if before("3.0") {
            let want = if conf.contains("nosuch") {
                "unable to get 'nosuch' section\nproblems making Certificate Request\n"
            } else {
                "unable to find 'distinguished_name' in config\nproblems making Certificate Request\n"
            };
            assert!(openssl.stderr_str().starts_with(want), "{conf:?}");
        }
    }
    // /dev/null as the config
    Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-config",
        "/dev/null",
        "-noout",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
}

#[test]
fn subject_problems_come_after_the_key_on_1_1_1() {
    // 1.1.1 parses -subj in make_REQ, after the key was generated and written;
    // 3.0 right after the options
    let (openssl, ours) = Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-subj", "/CN", "-noout",
    ])
    .fresh_key()
    .assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(
        openssl.stderr_str().ends_with(by_line([
            (
                "1.1.1",
                "-----\nreq: Hit end of string before finding the equals.\nproblems making Certificate Request\n"
            ),
            (
                "3.0",
                "req: Missing '=' after RDN type string 'CN' in subject name string\n"
            ),
        ])),
        "{}",
        openssl.stderr_str()
    );
    assert_eq!(ours.code, 1);
}

#[test]
fn empty_values_are_skipped_with_a_warning() {
    // /CN=/O=x -> "req warning: No value provided for subject name attribute "CN", skipped"
    let (openssl, _) = subj("/CN=/O=x").assert_same();
    assert!(openssl.stderr_str().starts_with(by_line([
        (
            "1.1.1",
            "req: No value provided for Subject Attribute CN, skipped\n"
        ),
        (
            "3.0",
            "req warning: No value provided for subject name attribute \"CN\", skipped\n"
        ),
    ])));
    // every value empty: an empty subject
    subj("/CN=/O=").assert_same();
    // and the trailing slash: "/CN=x/" ends cleanly
    subj("/CN=x/").assert_same();
}

#[test]
fn unknown_types_are_skipped_with_a_warning() {
    // /foo=bar/CN=x -> "req warning: Skipping unknown subject name attribute "foo""
    let (openssl, _) = subj("/foo=bar/CN=x").assert_same();
    assert!(openssl.stderr_str().starts_with(by_line([
        ("1.1.1", "req: Skipping unknown attribute \"foo\"\n"),
        (
            "3.0",
            "req warning: Skipping unknown subject name attribute \"foo\"\n"
        ),
    ])));
}

#[test]
fn unknown_type_after_a_plus_gets_the_hint() {
    // /CN=a+b=c : "b" after '+' is unknown -> the hint about escaping '+'
    // (3.0); 1.1.1 has no hint: without -multivalue-rdn "a+b=c" is the
    // value, with it "b" is skipped as any unknown type
    let (openssl, _) = subj("/CN=a+b=c").assert_same();
    let hint = "req hint: a '+' in a value string needs be escaped using '\\' else a new member of a multi-valued RDN is expected\n";
    assert_eq!(
        openssl.stderr_str().contains(hint),
        line_at_least("3.0"),
        "{}",
        openssl.stderr_str()
    );
    let (openssl, _) = subj_with("/CN=a+b=c", &["-multivalue-rdn"]).assert_same();
    assert_eq!(openssl.stderr_str().contains(hint), line_at_least("3.0"));
    // a '+' inside a value without '=' after it is "Missing '='"
    subj("/CN=C++").assert_same();
}

#[test]
fn malformed_strings() {
    // no leading '/', missing '=', trailing backslash, just "/", "//", empty
    for s in [
        "CN=x", "/CN", "/CN=x/O", r"/CN=x\", "/", "//CN=x", "", "/=x", "/CN=x/=y",
    ] {
        let (openssl, _) = subj(s).assert_same();
        if ["CN=x", "/CN", "/CN=x/O", r"/CN=x\", ""].contains(&s) {
            assert_eq!(openssl.code, 1, "{s:?}");
        }
    }
}

#[test]
fn malformed_subject_message() {
    // $ openssl req -new -key rsa2048.pem -subj CN=x
    let (openssl, _) = subj("CN=x").assert_same();
    assert_eq!(
        openssl.stderr_str(),
        by_line([
            (
                "1.1.1",
                "name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: 'CN=x'\nproblems making Certificate Request\n"
            ),
            (
                "3.0",
                "req: subject name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: 'CN=x'\n"
            ),
        ])
    );
}

#[test]
fn country_too_long() {
    // /C=USA -> libcrypto's error stack, then "req: Error adding subject name attribute "/C=USA""
    // (1.1.1: no message of its own; "problems making Certificate Request"
    // and the stack)
    let (openssl, _) = subj("/C=USA/CN=x").assert_same();
    assert_eq!(openssl.code, 1);
    let err = openssl.stderr_str();
    if line_at_least("3.0") {
        assert!(err.ends_with("req: Error adding subject name attribute \"/C=USA\"\n"));
    } else {
        assert!(
            err.starts_with("problems making Certificate Request\n"),
            "{err}"
        );
        assert!(err.contains(":string too long:"), "{err}");
    }
}

#[test]
fn values_libcrypto_refuses() {
    // too long for the type, not printable for C, empty-looking types
    for s in [
        &format!("/CN={}", "c".repeat(65)),
        &format!("/CN={}", "c".repeat(64)),
        "/C=U$",
        "/emailAddress=caf\u{e9}@x",
        &format!("/O={}", "o".repeat(200)),
    ] {
        subj(s).assert_same();
    }
}

#[test]
fn subject_error_after_a_generated_key_leaves_no_orphan_key() {
    // $ openssl req -newkey rsa:1024 -nodes -keyout k.pem -subj /C=USA -out r.csr
    // openssl writes the key, then fails on the subject; ours (deliberately) keeps nothing
    let (openssl, ours) = Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-subj", "/C=USA", "-out", "r.csr",
    ])
    .fresh_key()
    .assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(openssl.has_file("k.pem"));
    assert!(ours.files.is_empty(), "{:?}", ours.files.keys());
}

// ----- UTF-8 -----------------------------------------------------------------------------

#[test]
fn utf8_values_with_and_without_utf8_flag() {
    // -subj /CN=Müller/O=Straße  as bytes (default) and as UTF-8 (-utf8)
    for extra in [&[][..], &["-utf8"]] {
        let mut args = vec![
            "-new",
            "-key",
            "rsa2048.pem",
            "-subj",
            "/CN=M\u{fc}ller/O=Stra\u{df}e/L=\u{65e5}\u{672c}",
            "-outform",
            "DER",
            "-out",
            "r.der",
            "-text",
        ];
        args.extend_from_slice(extra);
        Case::new(&args).fixture("rsa2048.pem").assert_same();
    }
}

#[test]
fn utf8_subject_printed() {
    // $ openssl req ... -utf8 -subj /CN=Müller -noout -subject   (printed escaped on
    // 3.0: M\C3\BCller; as UTF-8 since 3.2)
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-utf8",
        "-subj",
        "/CN=M\u{fc}ller",
        "-noout",
        "-subject",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(
        openssl.stdout_str(),
        subject_printed("subject=CN = M\\C3\\BCller\n", "subject=CN=M\u{fc}ller\n")
    );
}

#[test]
fn string_mask_that_forbids_utf8() {
    // string_mask = nombstr (no BMP/UTF8 strings) with -utf8 and non-Latin-1 characters
    for mask in ["nombstr", "pkix", "MASK:0x2"] {
        Case::new(&[
            "-new",
            "-key",
            "rsa2048.pem",
            "-config",
            "m.cnf",
            "-utf8",
            "-subj",
            "/CN=\u{65e5}\u{672c}",
            "-outform",
            "DER",
            "-out",
            "r.der",
        ])
        .fixture("rsa2048.pem")
        .file("m.cnf", format!("[ req ]\nstring_mask = {mask}\n"))
        .assert_same();
    }
}

#[test]
fn printable_versus_teletex_choice() {
    // characters outside PrintableString (e.g. '@', '_', '&') pick another string type
    for s in ["/CN=a@b", "/CN=under_score", "/O=A & B", "/CN=plain"] {
        subj(s).assert_same();
    }
}

// ----- -subj with -in (modifying an existing request) -----------------------------

#[test]
fn subj_replaces_the_subject_of_an_input_request() {
    // $ openssl req -in csr-rsa.pem -subj /CN=new -out r.csr   (signature not redone)
    Case::new(&["-in", "csr-rsa.pem", "-subj", "/CN=new", "-out", "r.csr"])
        .fixture("csr-rsa.pem")
        .assert_same();
    // with -verbose: 3.0's messages go to an output that is not open yet;
    // 1.1.1 prints them on stderr
    let (openssl, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-subj",
        "/CN=new",
        "-out",
        "r.csr",
        "-verbose",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
    assert_eq!(
        openssl
            .stderr_str()
            .contains("Modifying Request's Subject\nold subject="),
        before("3.0")
    );
    assert_eq!(
        openssl.stderr_str().ends_with("new subject=CN = new\n"),
        before("3.0")
    );
    // a subject that does not parse: 1.1.1 "ERROR: cannot modify subject"
    let (openssl, _) = Case::new(&["-in", "csr-rsa.pem", "-subj", "/CN", "-verbose"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(openssl.code, 1);
    if before("3.0") {
        assert!(openssl.stderr_str().ends_with(
            "req: Hit end of string before finding the equals.\nERROR: cannot modify subject\n"
        ));
    }
    // ... and checking the now-broken self-signature
    Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-subj",
        "/CN=new",
        "-noout",
        "-verify",
        "-subject",
    ])
    .fixture("csr-rsa.pem")
    .assert_same();
}

#[test]
fn subj_with_x509_sets_the_certificate_subject() {
    // $ openssl req -x509 -new -key rsa2048.pem -subj /CN=cert -set_serial 5 -days 1 -out c.pem
    Case::new(&[
        "-x509",
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=cert",
        "-set_serial",
        "5",
        "-days",
        "1",
        "-out",
        "c.pem",
    ])
    .fixture("rsa2048.pem")
    .fresh_cert()
    .assert_same();
}

#[test]
fn subj_with_x509_on_an_input_request() {
    // $ openssl req -x509 -in csr-rsa.pem -key rsa2048.pem -subj /CN=other -out c.pem
    // 3.0 makes -subj the certificate's subject; 1.1.1 makes the certificate,
    // then fails: "Cannot modify certificate subject"
    let (openssl, _) = Case::new(&[
        "-x509",
        "-in",
        "csr-rsa.pem",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=other",
        "-set_serial",
        "5",
        "-out",
        "c.pem",
    ])
    .fixtures(&["csr-rsa.pem", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    assert_eq!(openssl.code, by_line([("1.1.1", 1), ("3.0", 0)]));
    if before("3.0") {
        assert_eq!(openssl.stderr_str(), "Cannot modify certificate subject\n");
    }
}

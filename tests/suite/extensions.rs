//! Extensions: `req_extensions`/`-reqexts` and `x509_extensions`/`-extensions`
//! sections, `-addext` (its duplicate check, which is `duplicated()` in
//! apps/req.c, and its one-line config), the up-front syntax checks ("Error
//! checking ... extension section"), the value forms (`@section`,
//! `critical,`, `DER:`, `ASN1:`), and custom OIDs from `oid_section` and
//! `oid_file`.
//!
//! Requests are signed with the fixed RSA key, so they are compared byte for
//! byte; certificates use `.fresh_cert()` with `-set_serial`.

use crate::common;
use crate::common::{Case, before, by_line, cert, csr, line_at_least, using_default_config};

// ----- sections from the config -------------------------------------------------

#[test]
fn req_extensions_from_config() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "ext.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixtures(&["ext.cnf", "rsa2048.pem"])
    .assert_same();
    let t = theirs.file_str("r.pem");
    // (1.1.1's libcrypto indents an extension's value by 16, 3.x's by 20)
    let indent = by_line([("1.1.1", 16), ("3.0", 20)]);
    assert!(
        t.contains(&format!(
            "X509v3 Key Usage: critical\n{:indent$}Digital Signature, Key Encipherment",
            ""
        )),
        "{t}"
    );
    assert!(t.contains("DNS:ext.example.com, DNS:www.ext.example.com, IP Address:192.0.2.1, email:admin@ext.example.com"));
}

#[test]
fn reqexts_option_overrides_config() {
    let cnf = "[req]\nprompt = no\ndistinguished_name = dn\nreq_extensions = a\n[dn]\nCN = x\n[a]\nkeyUsage = digitalSignature\n[b]\nextendedKeyUsage = serverAuth, clientAuth\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-reqexts",
        "b",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .assert_same();
    let t = theirs.file_str("r.pem");
    assert!(t.contains("TLS Web Server Authentication, TLS Web Client Authentication"));
    assert!(!t.contains("Digital Signature"));
}

#[test]
fn reqexts_missing_section() {
    let (theirs, _) = csr(&["-text", "-reqexts", "nosuch"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            ("1.1.1", "Error Loading request extension section nosuch\n"),
            ("3.0", "Error checking request extension section nosuch\n"),
        ])
    );
    assert!(!theirs.has_file("r.pem"));
}

#[test]
fn extensions_missing_section_checked_even_without_x509() {
    // 3.0 checks the -extensions section as the x509 one even for a request,
    // which never uses it (3.0 req.c:584-661). Since 3.2 -extensions and
    // -reqexts are one option (3.5 req.c:510-513): the section is applied to
    // the request and checked as a request extension section (3.5 req.c:626-629:
    // "Error checking %s extension section %s", gen_x509 ? "x509" : "request").
    let (theirs, _) = csr(&["-text", "-extensions", "nosuch"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            ("1.1.1", "Error Loading extension section nosuch\n"),
            ("3.0", "Error checking x509 extension section nosuch\n"),
            ("3.2", "Error checking request extension section nosuch\n"),
        ])
    );
}

#[test]
fn req_extensions_section_with_syntax_error() {
    let cnf = "[req]\nprompt = no\ndistinguished_name = dn\nreq_extensions = bad\n[dn]\nCN = x\n[bad]\nkeyUsage = notAUsage\n";
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
    let err = theirs.stderr_str();
    assert!(
        err.starts_with(by_line([
            ("1.1.1", "Error Loading request extension section bad\n"),
            ("3.0", "Error checking request extension section bad\n"),
        ])),
        "{err}"
    );
    assert!(err.contains("unknown bit string argument"), "{err}");
}

#[test]
fn x509_extensions_section_with_syntax_error() {
    // 3.0 checks it up front even for a request, which never uses it (3.0
    // req.c:584-661): exit 1. Since 3.2 only the section in use is checked,
    // x509_extensions with -x509 and req_extensions otherwise (3.5
    // req.c:617-631), so the request is made as if the section were fine.
    let cnf = "[req]\nprompt = no\ndistinguished_name = dn\nx509_extensions = bad\n[dn]\nCN = x\n[bad]\nbasicConstraints = CA:maybe\n";
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
    assert_eq!(theirs.code, by_line([("1.1.1", 1), ("3.0", 1), ("3.2", 0)]));
    assert_eq!(
        theirs.stderr_str().lines().next(),
        by_line([
            ("1.1.1", Some("Error Loading extension section bad")),
            ("3.0", Some("Error checking x509 extension section bad")),
            ("3.2", None),
        ])
    );
    assert_eq!(theirs.has_file("r.pem"), line_at_least("3.2"));
}

#[test]
fn extension_section_unknown_extension_name() {
    let cnf = "[req]\nprompt = no\ndistinguished_name = dn\nreq_extensions = e\n[dn]\nCN = x\n[e]\nnoSuchExtension = foo\n";
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
    assert!(theirs.stderr_str().contains("unknown extension name"));
}

#[test]
fn extension_section_needing_issuer_fails_when_adding_to_a_request() {
    // passes the syntax check (test context) but AKID has no issuer in a request
    let (theirs, _) = csr(&["-text", "-reqexts", "v3_ca"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().starts_with(by_line([
        ("1.1.1", "Error Loading extension section v3_ca\n"),
        (
            "3.0",
            "Error adding request extensions from section v3_ca\n"
        ),
    ])));
}

#[test]
fn stock_config_v3_req_section() {
    let (theirs, _) = csr(&["-text", "-reqexts", "v3_req"]).assert_same();
    assert!(theirs.file_str("r.pem").contains("Non Repudiation"));
}

#[test]
fn at_section_reference_missing() {
    let cnf = "[req]\nprompt = no\ndistinguished_name = dn\nreq_extensions = e\n[dn]\nCN = x\n[e]\nsubjectAltName = @nosuch\n";
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
}

#[test]
fn at_section_in_certificate_policies() {
    let cnf = "[req]\nprompt = no\ndistinguished_name = dn\nreq_extensions = e\n[dn]\nCN = x\n\
[e]\ncertificatePolicies = ia5org, 1.2.3.4, @pol\n[pol]\npolicyIdentifier = 1.3.5.8\nCPS.1 = \"http://example.com/cps\"\nuserNotice.1 = @notice\n\
[notice]\nexplicitText = \"Explicit text\"\norganization = \"Org\"\nnoticeNumbers = 1, 2\n";
    Case::new(&[
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
}

#[test]
fn critical_der_and_asn1_forms_in_a_section() {
    let cnf = "[req]\nprompt = no\ndistinguished_name = dn\nreq_extensions = e\n[dn]\nCN = x\n\
[e]\nbasicConstraints = critical, CA:TRUE, pathlen:2\n1.2.3.4 = critical, DER:01:02:03\n1.2.3.5 = ASN1:UTF8String:hello\n\
1.2.3.6 = ASN1:SEQUENCE:seq\n[seq]\nfield1 = INTEGER:42\nfield2 = BOOLEAN:true\nfield3 = OID:1.2.3\n";
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
    let t = theirs.file_str("r.pem");
    assert!(t.contains("1.2.3.4: critical"), "{t}");
    assert!(t.contains("CA:TRUE, pathlen:2"), "{t}");
}

#[test]
fn asn1_form_with_bad_type() {
    let (theirs, _) = csr(&["-text", "-addext", "1.2.3.4=ASN1:NOTATYPE:x"]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn der_form_with_bad_hex() {
    let (theirs, _) = csr(&["-text", "-addext", "1.2.3.4=DER:zz"]).assert_same();
    assert_eq!(theirs.code, 1);
}

// ----- -addext ---------------------------------------------------------------------

#[test]
fn addext_subject_alt_name() {
    let (theirs, _) = csr(&[
        "-text",
        "-addext",
        "subjectAltName=DNS:a.example,IP:127.0.0.1",
    ])
    .assert_same();
    assert!(
        theirs
            .file_str("r.pem")
            .contains("DNS:a.example, IP Address:127.0.0.1")
    );
}

#[test]
fn addext_repeated() {
    let (theirs, _) = csr(&[
        "-text",
        "-addext",
        "subjectAltName=DNS:a",
        "-addext",
        "keyUsage=critical,digitalSignature",
        "-addext",
        "extendedKeyUsage=serverAuth",
    ])
    .assert_same();
    let t = theirs.file_str("r.pem");
    assert!(t.contains("X509v3 Key Usage: critical"));
    assert!(t.contains("TLS Web Server Authentication"));
}

#[test]
fn addext_together_with_section() {
    Case::new(&[
        "-new",
        "-config",
        "ext.cnf",
        "-key",
        "rsa2048.pem",
        "-addext",
        "extendedKeyUsage=clientAuth",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixtures(&["ext.cnf", "rsa2048.pem"])
    .assert_same();
}

#[test]
fn addext_same_extension_as_section() {
    // not a "duplicate": that check is among -addext options only
    Case::new(&[
        "-new",
        "-config",
        "ext.cnf",
        "-key",
        "rsa2048.pem",
        "-addext",
        "keyUsage=keyAgreement",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixtures(&["ext.cnf", "rsa2048.pem"])
    .assert_same();
}

#[test]
fn addext_duplicate() {
    let (theirs, _) = csr(&[
        "-text",
        "-addext",
        "subjectAltName=DNS:a",
        "-addext",
        "subjectAltName=DNS:b",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1 duplicated() answers 1, `goto opthelp`: the usage line alone
            ("1.1.1", "req: Use -help for summary.\n"),
            (
                "3.0",
                "Duplicate extension: subjectAltName=DNS:b\nreq: Use -help for summary.\n"
            ),
            // 3.2 req.c duplicated() names the trimmed key ("Duplicate
            // extension name: %s"), then `goto opthelp`: the usage line ...
            (
                "3.2",
                "Duplicate extension name: subjectAltName\nreq: Use -help for summary.\n",
            ),
            // ... since 3.4 `goto end` (3.5 req.c:523-524): none
            ("3.4", "Duplicate extension name: subjectAltName\n"),
        ])
    );
}

#[test]
fn addext_duplicate_with_blanks() {
    let (theirs, _) = csr(&[
        "-text",
        "-addext",
        "  subjectAltName=DNS:a",
        "-addext",
        "subjectAltName  =DNS:b",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1 duplicated() answers 1, `goto opthelp`: the usage line alone
            ("1.1.1", "req: Use -help for summary.\n"),
            (
                "3.0",
                "Duplicate extension: subjectAltName  =DNS:b\nreq: Use -help for summary.\n"
            ),
            // 3.2 duplicated(): leading blanks and those before '=' are
            // trimmed from the key it prints (3.5 req.c:248-272); the usage
            // line until 3.4
            (
                "3.2",
                "Duplicate extension name: subjectAltName\nreq: Use -help for summary.\n",
            ),
            ("3.4", "Duplicate extension name: subjectAltName\n"),
        ])
    );
}

#[test]
fn addext_duplicate_with_tab() {
    let (theirs, _) = csr(&[
        "-text",
        "-addext",
        "keyUsage=digitalSignature",
        "-addext",
        "\tkeyUsage\t=keyAgreement",
    ])
    .assert_same();
    assert_eq!(theirs.code, 1);
    if before("3.0") {
        assert_eq!(theirs.stderr_str(), "req: Use -help for summary.\n");
    }
}

#[test]
fn addext_duplicate_is_case_sensitive() {
    // "keyusage" is a different key for the duplicate check, and unknown to libcrypto
    let (theirs, _) = csr(&[
        "-text",
        "-addext",
        "keyUsage=digitalSignature",
        "-addext",
        "KeyUsage=keyAgreement",
    ])
    .assert_same();
    assert_ne!(theirs.stderr_str(), "");
    assert!(!theirs.stderr_str().starts_with("Duplicate"));
}

#[test]
fn addext_same_extension_by_short_and_long_name() {
    // "subjectAltName" and "X509v3 Subject Alternative Name" are not the same string
    let (theirs, _) = csr(&[
        "-text",
        "-addext",
        "subjectAltName=DNS:a",
        "-addext",
        "2.5.29.17=DER:30:00",
    ])
    .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn addext_without_equals() {
    let (theirs, _) = csr(&["-text", "-addext", "bogus"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1 duplicated() answers 1, `goto opthelp`: the usage line alone
            ("1.1.1", "req: Use -help for summary.\n"),
            // 3.0 duplicated() reports any syntax error as a duplicate
            (
                "3.0",
                "Duplicate extension: bogus\nreq: Use -help for summary.\n"
            ),
            // 3.2+ (3.5 req.c:251): a parse error of its own, no usage line
            ("3.2", "Parse error on -addext: missing '='\n"),
        ])
    );
}

#[test]
fn addext_blank() {
    let (theirs, _) = csr(&["-text", "-addext", "   "]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1 duplicated() answers 1, `goto opthelp`: the usage line alone
            ("1.1.1", "req: Use -help for summary.\n"),
            (
                "3.0",
                "Duplicate extension:    \nreq: Use -help for summary.\n"
            ),
            // 3.5 req.c:251
            ("3.2", "Parse error on -addext: missing '='\n"),
        ])
    );
}

#[test]
fn addext_empty() {
    let (theirs, _) = csr(&["-text", "-addext", ""]).assert_same();
    assert_eq!(theirs.code, 1);
    if before("3.0") {
        assert_eq!(theirs.stderr_str(), "req: Use -help for summary.\n");
    }
}

#[test]
fn addext_empty_key() {
    let (theirs, _) = csr(&["-text", "-addext", " =x"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        by_line([
            // 1.1.1 duplicated() answers 1, `goto opthelp`: the usage line alone
            ("1.1.1", "req: Use -help for summary.\n"),
            (
                "3.0",
                "Duplicate extension:  =x\nreq: Use -help for summary.\n"
            ),
            // 3.5 req.c:263
            ("3.2", "Parse error on -addext: missing key\n"),
        ])
    );
}

/// The first line when the up-front syntax check of the `-addext` extensions
/// fails (3.0 req.c:609 and 3.5 req.c:640: "Error checking extensions defined
/// using -addext"). 4.0 rewords it, even for a request (4.0 req.c:617).
fn addext_check_failed() -> &'static str {
    by_line([
        // 1.1.1 req.c:297
        ("1.1.1", "Error Loading command line extensions\n"),
        ("3.0", "Error checking extensions defined using -addext\n"),
        (
            "4.0",
            "Error checking x509 extensions defined via -addext\n",
        ),
    ])
}

#[test]
fn addext_malformed_value() {
    let (theirs, _) = csr(&["-text", "-addext", "subjectAltName=bogus:x"]).assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(err.starts_with(addext_check_failed()), "{err}");
    assert!(
        // (1.1.1's libcrypto names no section)
        err.contains("name=subjectAltName, value=bogus:x"),
        "{err}"
    );
}

#[test]
fn addext_unknown_extension() {
    let (theirs, _) = csr(&["-text", "-addext", "nosuchext=foo"]).assert_same();
    let err = theirs.stderr_str();
    assert!(err.starts_with(addext_check_failed()), "{err}");
    assert!(err.contains("unknown extension name"), "{err}");
}

#[test]
fn addext_bad_key_usage() {
    let (theirs, _) = csr(&["-text", "-addext", "keyUsage=bogusUsage"]).assert_same();
    assert!(theirs.stderr_str().contains("unknown bit string argument"));
}

#[test]
fn addext_with_newline_adds_two_extensions() {
    // each -addext is a line of a little config file
    let (theirs, _) = csr(&[
        "-text",
        "-addext",
        "subjectAltName=DNS:a\nkeyUsage=digitalSignature",
    ])
    .assert_same();
    assert!(theirs.file_str("r.pem").contains("Digital Signature"));
}

#[test]
fn addext_with_undefined_variable_is_a_config_error() {
    let case = csr(&["-text", "-addext", "subjectAltName=$foo"]);
    let (mut theirs, mut ours) = (case.run_openssl(), case.run_ours());
    theirs.stderr = common::mask_inline_tids(&theirs.stderr);
    ours.stderr = common::mask_inline_tids(&ours.stderr);
    if let Err(r) = common::compare(&case, &theirs, &ours) {
        panic!("{r}");
    }
    assert_eq!(theirs.code, 1);
    // no newline after "config input": the error queue follows on the same line
    // (conf_def.c str_copy(): CONFerr CONF_R_VARIABLE_HAS_NO_VALUE; its
    // file:line, each release's own, masked).
    // (1.1.1's error code packs its function code too: 0E065068)
    let code = by_line([("1.1.1", "0E065068"), ("3.0", "07000068")]);
    assert_eq!(
        common::mask_source_lines(&theirs.stderr_str()),
        format!(
            "req: Error on line 1 of config input<tid>:error:{code}:configuration file routines:str_copy:variable has no value:<file:line>:line 1\n"
        )
    );
}

#[test]
fn addext_with_unterminated_quote() {
    let case = csr(&["-text", "-addext", "subjectAltName=\"DNS:a"]);
    let (mut theirs, mut ours) = (case.run_openssl(), case.run_ours());
    theirs.stderr = common::mask_inline_tids(&theirs.stderr);
    ours.stderr = common::mask_inline_tids(&ours.stderr);
    if let Err(r) = common::compare(&case, &theirs, &ours) {
        panic!("{r}");
    }
}

#[test]
fn addext_with_section_header_line() {
    let (theirs, _) = csr(&[
        "-text",
        "-addext",
        "keyUsage=digitalSignature\n[other]\nsubjectAltName=DNS:a",
    ])
    .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn addext_at_section_of_main_config() {
    Case::new(&[
        "-new",
        "-config",
        "ext.cnf",
        "-key",
        "rsa2048.pem",
        "-reqexts",
        "dn",
        "-addext",
        "subjectAltName=@alt_names",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixtures(&["ext.cnf", "rsa2048.pem"])
    .assert_same();
}

#[test]
fn addext_at_section_missing() {
    let (theirs, _) = csr(&["-text", "-addext", "subjectAltName=@alts"]).assert_same();
    assert!(theirs.stderr_str().contains("invalid extension string"));
}

#[test]
fn addext_critical_der_asn1() {
    let (theirs, _) = csr(&[
        "-text",
        "-addext",
        "1.2.3.4=critical,DER:01:02",
        "-addext",
        "1.2.3.5=ASN1:UTF8String:hello",
        "-addext",
        "basicConstraints=critical,CA:TRUE,pathlen:3",
    ])
    .assert_same();
    assert!(theirs.file_str("r.pem").contains("CA:TRUE, pathlen:3"));
}

#[test]
fn addext_subject_key_identifier_in_request() {
    csr(&["-text", "-addext", "subjectKeyIdentifier=hash"]).assert_same();
}

#[test]
fn addext_verbose_message() {
    // the default config is the reference's OPENSSLDIR/openssl.cnf: /usr/lib/ssl
    // on 3.0, the prefix's ssl/ on the others
    let (theirs, _) =
        csr(&["-text", "-verbose", "-addext", "keyUsage=digitalSignature"]).assert_same();
    let from = by_line([("1.1.1", "command line"), ("3.0", "-addext options")]);
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "{}Using additional configuration from {from}\n",
            using_default_config()
        )
    );
}

#[test]
fn addext_in_certificate() {
    let (theirs, _) = cert(&[
        "-text",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "subjectAltName=DNS:x",
    ])
    .assert_same();
    assert!(
        theirs
            .file_str("c.pem")
            .contains("X509v3 Basic Constraints: critical")
    );
}

#[test]
fn addext_replaces_extension_of_x509_section() {
    // X509V3_EXT_add_nconf adds or replaces: -addext comes after the section
    let (theirs, _) = cert(&["-text", "-addext", "basicConstraints=CA:FALSE"]).assert_same();
    assert!(theirs.file_str("c.pem").contains("CA:FALSE"));
}

#[test]
fn addext_authority_key_identifier_in_request_fails() {
    let (theirs, _) =
        csr(&["-text", "-addext", "authorityKeyIdentifier=keyid:always"]).assert_same();
    assert_eq!(theirs.code, 1);
}

// ----- custom OIDs -------------------------------------------------------------------

const OID_CNF: &str = "oid_section = new_oids\noid_file = oids.txt\n\
[new_oids]\ntestOid = 1.3.6.1.4.1.99999.1\nfancyExt = 1.3.6.1.4.1.99999.2\n\
[req]\nprompt = no\ndistinguished_name = dn\nreq_extensions = exts\n\
[dn]\nCN = oid.example\ntestOid = custom value\nfileOid = from file\n\
[exts]\nfancyExt = ASN1:UTF8String:fancy\nfileOid = DER:05:00\n";
const OID_FILE: &str = "1.3.6.1.4.1.99999.3 fileOid File Loaded OID\n";

#[test]
fn oid_section_and_oid_file_in_names_and_extensions() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "oid.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.pem",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .file("oid.cnf", OID_CNF)
    .file("oids.txt", OID_FILE)
    .assert_same();
    let t = theirs.file_str("r.pem");
    // -text prints the subject with the default name options: XN_FLAG_ONELINE on
    // 3.0 (3.0 lib/apps.c:149), XN_FLAG_SEP_CPLUS_SPC | ... since 3.2 (3.5
    // lib/apps.c:144), which has no spaces around '='
    assert!(
        t.contains(by_line([
            (
                "1.1.1",
                "Subject: CN = oid.example, testOid = custom value, fileOid = from file\n"
            ),
            (
                "3.0",
                "Subject: CN = oid.example, testOid = custom value, fileOid = from file\n"
            ),
            (
                "3.2",
                "Subject: CN=oid.example, testOid=custom value, fileOid=from file\n"
            ),
        ])),
        "{t}"
    );
    assert!(t.contains("fancyExt: "), "{t}");
}

#[test]
fn custom_oids_printed_as_numbers() {
    Case::new(&[
        "-new",
        "-config",
        "oid.cnf",
        "-key",
        "rsa2048.pem",
        "-noout",
        "-text",
        "-nameopt",
        "oid",
    ])
    .fixture("rsa2048.pem")
    .file("oid.cnf", OID_CNF)
    .file("oids.txt", OID_FILE)
    .assert_same();
}

#[test]
fn custom_oid_in_subj_option() {
    let cnf = "oid_section = o\n[o]\nmyAttr = 1.2.3.4.5.6\n[req]\ndistinguished_name = dn\n[dn]\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x/myAttr=hello",
        "-noout",
        "-subject",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .assert_same();
    assert_eq!(
        theirs.stdout_str(),
        // default name options: no spaces around '=' since 3.2 (3.5 lib/apps.c:144)
        by_line([
            ("1.1.1", "subject=CN = x, myAttr = hello\n"),
            ("3.0", "subject=CN = x, myAttr = hello\n"),
            ("3.2", "subject=CN=x, myAttr=hello\n"),
        ])
    );
}

#[test]
fn oid_file_missing_is_silent_without_verbose() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "oid.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .file("oid.cnf", OID_CNF)
    .assert_same();
    // fileOid is then unknown in the extension section
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().starts_with(by_line([
        ("1.1.1", "Error Loading request extension section exts\n"),
        ("3.0", "Error checking request extension section exts\n"),
    ])));
}

#[test]
fn oid_file_missing_with_verbose() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-verbose",
        "-config",
        "oid.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .file("oid.cnf", OID_CNF)
    .assert_same();
    // (1.1.1 says nothing: its message is commented out, 1.1.1 req.c:461-464)
    assert!(theirs.stderr_str().starts_with(by_line([
        ("1.1.1", "Using configuration from oid.cnf\nError Loading"),
        (
            "3.0",
            "Using configuration from oid.cnf\nProblems opening 'oids.txt' for extra OIDs\n"
        ),
    ])));
}

#[test]
fn oid_section_missing() {
    let cnf = "oid_section = nosuch\n[req]\ndistinguished_name = dn\n[dn]\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn oid_section_bad_oid() {
    let cnf = "oid_section = o\n[o]\nbadOid = not.an.oid\n[req]\ndistinguished_name = dn\n[dn]\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn oid_section_with_long_name() {
    let cnf = "oid_section = o\n[o]\nshortOid = Long Name Here, 1.2.3.4.7\n[req]\ndistinguished_name = dn\n[dn]\n";
    Case::new(&[
        "-new",
        "-config",
        "c.cnf",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/shortOid=v",
        "-noout",
        "-text",
        "-nameopt",
        "lname",
    ])
    .fixture("rsa2048.pem")
    .file("c.cnf", cnf)
    .assert_same();
}

#[test]
fn oid_file_with_garbage_lines() {
    Case::new(&[
        "-new",
        "-config",
        "oid.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .file("oid.cnf", OID_CNF)
    .file(
        "oids.txt",
        "garbage line\n1.3.6.1.4.1.99999.3 fileOid File Loaded OID\n",
    )
    .assert_same();
}

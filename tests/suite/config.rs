//! The config file: which one is read (default, `OPENSSL_CONF`, `-config`),
//! how it fails (missing, broken, with the line number), `-section`, the NCONF
//! language (`.include`, `$var`, `${sec::name}`, `$ENV::`), and every `[req]`
//! key `req_main`/`make_REQ` read: prompt, distinguished_name, attributes,
//! default_bits, default_keyfile, default_md, encrypt_key, encrypt_rsa_key,
//! string_mask, utf8, input/output_password, oid_section, RANDFILE, and the
//! extension sections' syntax check.
//!
//! Requests are signed with fixed RSA keys (deterministic) and compared byte
//! for byte unless a key is generated.
//!
//! `-subject` lines differ by line in their default name options: 3.0's
//! get_nameopt() is XN_FLAG_ONELINE (3.0 lib/apps.c:149), "C = US, O = x";
//! since 3.2 it is XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_SN | ASN1_STRFLGS_ESC_CTRL
//! | ASN1_STRFLGS_UTF8_CONVERT | ... (3.5 lib/apps.c:144, 3.6 lib/apps.c:194,
//! 4.0 lib/apps.c:139), "C=US, O=x" (NEWS.md 3.2.0: "spaces surrounding `=` in
//! DN output are removed").

use crate::common::*;

/// `openssl req -new -key rsa1024.pem -noout -subject EXTRA...`
fn subject_with(extra: &[&str]) -> Case {
    let mut args = vec!["-new", "-key", "rsa1024.pem", "-noout", "-subject"];
    args.extend_from_slice(extra);
    Case::new(&args).fixture("rsa1024.pem")
}

/// A small non-prompting config whose `[req]` starts with `req_lines`.
fn cnf(req_lines: &str) -> String {
    format!(
        "[ req ]\n{req_lines}\nprompt = no\ndistinguished_name = dn\n\n[ dn ]\nCN = conf.example\n"
    )
}

// ----- which file ----------------------------------------------------------------

#[test]
fn default_config_file_with_batch_defaults() {
    // $ openssl req -new -key rsa1024.pem -batch -noout -subject   (OPENSSL_CONF unset)
    // The values are the [ req_distinguished_name ] *_default of the default
    // config: Debian's /usr/lib/ssl/openssl.cnf on 3.0, on the others the
    // prefix's openssl.cnf (src/default_config/openssl-<line>.cnf, installed by
    // tools/openssl-prefix); all of them have the same defaults.
    let (openssl, _) = subject_with(&["-batch"]).assert_same();
    assert_eq!(
        openssl.stdout_str(),
        by_line([
            (
                "1.1.1",
                "subject=C = AU, ST = Some-State, O = Internet Widgits Pty Ltd\n"
            ),
            (
                "3.0",
                "subject=C = AU, ST = Some-State, O = Internet Widgits Pty Ltd\n"
            ),
            // name options since 3.2 (module doc)
            (
                "3.2",
                "subject=C=AU, ST=Some-State, O=Internet Widgits Pty Ltd\n"
            ),
        ])
    );
}

#[test]
fn openssl_conf_names_the_config() {
    // $ OPENSSL_CONF=min.cnf openssl req -new -key rsa1024.pem -noout -subject
    let (openssl, _) = subject_with(&[])
        .fixture("min.cnf")
        .env("OPENSSL_CONF", "min.cnf")
        .assert_same();
    assert_eq!(
        openssl.stdout_str(),
        by_line([
            (
                "1.1.1",
                "subject=C = US, O = Acme Inc, CN = min.example.com\n"
            ),
            (
                "3.0",
                "subject=C = US, O = Acme Inc, CN = min.example.com\n"
            ),
            // name options since 3.2 (module doc)
            ("3.2", "subject=C=US, O=Acme Inc, CN=min.example.com\n"),
        ])
    );
}

#[test]
fn openssl_conf_absolute_path_and_text() {
    // $ OPENSSL_CONF=/usr/lib/ssl/openssl.cnf openssl req ... -batch -text
    subject_with(&["-batch", "-text"])
        .env("OPENSSL_CONF", "/usr/lib/ssl/openssl.cnf")
        .assert_same();
}

#[test]
fn openssl_conf_missing() {
    // $ OPENSSL_CONF=nonexist.cnf openssl req -new -key rsa1024.pem -subj /CN=x -noout
    let (openssl, _) = subject_with(&["-subj", "/CN=x"])
        .env("OPENSSL_CONF", "nonexist.cnf")
        .assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn config_option_beats_openssl_conf() {
    // $ OPENSSL_CONF=nonexist.cnf openssl req -config min.cnf -new -key rsa1024.pem -noout -subject
    subject_with(&["-config", "min.cnf"])
        .fixture("min.cnf")
        .env("OPENSSL_CONF", "nonexist.cnf")
        .assert_same();
}

#[test]
fn openssl_conf_with_a_syntax_error() {
    // $ OPENSSL_CONF=broken.cnf openssl req -new -key rsa1024.pem -subj /CN=x -noout
    // (libcrypto's own loading of the config at start-up also sees it)
    subject_with(&["-subj", "/CN=x"])
        .fixture("broken.cnf")
        .env("OPENSSL_CONF", "broken.cnf")
        .assert_same();
}

#[test]
fn config_option() {
    // $ openssl req -config min.cnf -new -key rsa1024.pem -noout -text
    let (openssl, _) = subject_with(&["-config", "min.cnf", "-text"])
        .fixture("min.cnf")
        .assert_same();
    assert!(openssl.stdout_str().contains("challengePassword"));
}

#[test]
fn empty_config_name_means_no_config() {
    // $ openssl req -config '' -new -key rsa1024.pem -subj /CN=x -noout -subject
    let (openssl, _) = subject_with(&["-config", "", "-subj", "/CN=x"]).assert_same();
    if !line_at_least("3.0") {
        // 1.1.1's app_load_config opens "" like any name (1.1.1 apps.c:484,
        // bio_open_default_: no quotes)
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.masked_stderr(),
            "Can't open  for reading, No such file or directory\n\
             <tid>:error:02001002:system library:fopen:No such file or directory:<file:line>:fopen('','r')\n\
             <tid>:error:2006D080:BIO routines:BIO_new_file:no such file:<file:line>:\n"
        );
        return;
    }
    assert_eq!(
        openssl.stdout_str(),
        // name options since 3.2 (module doc)
        by_line([("3.0", "subject=CN = x\n"), ("3.2", "subject=CN=x\n")])
    );
    // ... and without -subj there is no DN to prompt for
    let (openssl, _) = subject_with(&["-config", ""]).assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn config_file_missing() {
    // $ openssl req -config missing.cnf -new -key rsa1024.pem -noout
    let (openssl, _) = subject_with(&["-config", "missing.cnf"]).assert_same();
    assert_eq!(openssl.code, 1);
    // 1.1.1's bio_open_default_ names the file without quotes (1.1.1 apps.c)
    let q = by_line([("1.1.1", ""), ("3.0", "\"")]);
    assert!(
        openssl.stderr_str().starts_with(&format!(
            "Can't open {q}missing.cnf{q} for reading, No such file or directory\n"
        )),
        "{}",
        openssl.stderr_str()
    );
}

#[test]
fn config_is_a_directory() {
    // $ openssl req -config sub -new -key rsa1024.pem -subj /CN=x -noout -subject
    subject_with(&["-config", "sub", "-subj", "/CN=x"])
        .dir("sub", 0o755)
        .assert_same();
}

#[test]
fn broken_config_reports_the_line() {
    // $ openssl req -config broken.cnf -new -key rsa1024.pem -noout
    let (openssl, _) = subject_with(&["-config", "broken.cnf"])
        .fixture("broken.cnf")
        .assert_same();
    assert!(
        openssl
            .stderr_str()
            .starts_with("req: Error on line 5 of config file \"broken.cnf\"\n")
    );
}

#[test]
fn other_syntax_errors() {
    // unterminated quote, a line without '=', an undefined variable, a bad .include
    for (name, text) in [
        ("quote.cnf", "[ req ]\nprompt = no\nx = \"open\n"),
        ("noeq.cnf", "[ req ]\nprompt no\n"),
        ("var.cnf", "[ req ]\nx = $undefined_var\n"),
        ("badsec.cnf", "[ req ]\nx = ${nosuch::y}\n"),
        ("inc.cnf", ".include missing-part.cnf\n[ req ]\n"),
        ("dotinc.cnf", ".include\n"),
    ] {
        subject_with(&["-config", name, "-subj", "/CN=x"])
            .file(name, text)
            .assert_same();
    }
}

#[test]
fn includes_and_variables() {
    // $ REQ_COUNTRY=DE openssl req -config include.cnf -new -key rsa1024.pem -noout -subject
    let (openssl, _) = subject_with(&["-config", "include.cnf"])
        .fixtures(&["include.cnf", "include-part.cnf"])
        .env("REQ_COUNTRY", "DE")
        .assert_same();
    assert_eq!(
        openssl.stdout_str(),
        by_line([
            (
                "1.1.1",
                "subject=C = DE, O = Included Org, OU = Unit From Req Section, CN = include.example.com\n"
            ),
            (
                "3.0",
                "subject=C = DE, O = Included Org, OU = Unit From Req Section, CN = include.example.com\n"
            ),
            // name options since 3.2 (module doc)
            (
                "3.2",
                "subject=C=DE, O=Included Org, OU=Unit From Req Section, CN=include.example.com\n"
            ),
        ])
    );
}

#[test]
fn include_with_an_unset_env_variable_counts_lines_across_files() {
    // $ openssl req -config include.cnf ...   (REQ_COUNTRY unset: error "on line 17")
    let (openssl, _) = subject_with(&["-config", "include.cnf"])
        .fixtures(&["include.cnf", "include-part.cnf"])
        .assert_same();
    assert!(
        openssl
            .stderr_str()
            .starts_with("req: Error on line 17 of config file \"include.cnf\"\n")
    );
}

#[test]
fn variable_forms() {
    // $var, ${var}, $(var), ${sec::name}, $sec::name, $ENV::NAME, escapes and quotes
    let text = "base = Base\n[ other ]\nname = Other\n[ req ]\nprompt = no\ndistinguished_name = dn\n\
                [ dn ]\nO = $base-${base}-$(base)\nOU = ${other::name}/$other::name\n\
                L = $ENV::WHERE\nCN = \"quoted  $base\" \\$base\n";
    let (openssl, _) = subject_with(&["-config", "v.cnf"])
        .file("v.cnf", text)
        .env("WHERE", "Env Town")
        .assert_same();
    assert_eq!(openssl.code, 0);
}

// ----- -section ------------------------------------------------------------------

/// 1.1.1 has no `-section` (its req reads the fixed section "req", 1.1.1
/// req.c:35): the word is a digest name, refused at once (1.1.1 req.c:414
/// opt_md, opt.c:285). Asserts that on 1.1.1 and returns true.
#[track_caller]
fn section_is_unknown_on_1_1_1(openssl: &Outcome) -> bool {
    if line_at_least("3.0") {
        return false;
    }
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        "req: Unrecognized flag section\nreq: Use -help for summary.\n"
    );
    true
}

#[test]
fn section_option_selects_another_section() {
    // $ openssl req -config two.cnf -section alt -new -key rsa1024.pem -noout -subject
    let text = "[ req ]\nprompt = no\ndistinguished_name = dn1\n[ alt ]\nprompt = no\ndistinguished_name = dn2\n\
                [ dn1 ]\nCN = from-req\n[ dn2 ]\nCN = from-alt\n";
    let (openssl, _) = subject_with(&["-config", "two.cnf", "-section", "alt"])
        .file("two.cnf", text)
        .assert_same();
    if section_is_unknown_on_1_1_1(&openssl) {
        return;
    }
    assert_eq!(
        openssl.stdout_str(),
        // name options since 3.2 (module doc)
        by_line([
            ("3.0", "subject=CN = from-alt\n"),
            ("3.2", "subject=CN=from-alt\n"),
        ])
    );
}

#[test]
fn section_option_naming_a_missing_section() {
    // $ openssl req -section nosuch -new -key rsa1024.pem -noout -subject   (default config)
    subject_with(&["-section", "nosuch"]).assert_same();
    subject_with(&["-section", "nosuch", "-subj", "/CN=x"]).assert_same();
}

#[test]
fn section_option_falls_back_to_the_default_section() {
    // keys missing from the named section are looked up in the unnamed default section
    let text = "prompt = no\ndistinguished_name = dn\n[ alt ]\nx = y\n[ dn ]\nCN = from-default\n";
    let (openssl, _) = subject_with(&["-config", "d.cnf", "-section", "alt"])
        .file("d.cnf", text)
        .assert_same();
    if section_is_unknown_on_1_1_1(&openssl) {
        return;
    }
    assert_eq!(
        openssl.stdout_str(),
        // name options since 3.2 (module doc)
        by_line([
            ("3.0", "subject=CN = from-default\n"),
            ("3.2", "subject=CN=from-default\n"),
        ])
    );
}

// ----- prompt, distinguished_name, attributes -------------------------------------

#[test]
fn prompt_no_takes_the_dn_from_the_config() {
    // $ openssl req -config min.cnf -new -key rsa2048.pem -out r.csr
    Case::new(&[
        "-config",
        "min.cnf",
        "-new",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.csr",
    ])
    .fixtures(&["min.cnf", "rsa2048.pem"])
    .assert_same();
}

#[test]
fn prompt_no_with_repeated_and_multi_valued_fields() {
    let text = "[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\n0.OU = one\n1.OU = two\nCN = a\n+serialNumber = 7\nx,emailAddress = e@x\n";
    subject_with(&["-config", "m.cnf"])
        .file("m.cnf", text)
        .assert_same();
}

#[test]
fn prompt_no_with_a_field_that_is_not_a_name_type() {
    // countryName_default is no attribute type: libcrypto error stack
    let text = "[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nC = US\nC_default = AU\n";
    let (openssl, _) = subject_with(&["-config", "bad.cnf"])
        .file("bad.cnf", text)
        .assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn prompt_no_with_attributes_and_an_unknown_attribute() {
    let ok = "[ req ]\nprompt = no\ndistinguished_name = dn\nattributes = at\n[ dn ]\nCN = a\n[ at ]\nchallengePassword = pw1234\nunstructuredName = un\n";
    subject_with(&["-config", "a.cnf", "-text"])
        .file("a.cnf", ok)
        .assert_same();
    let bad = "[ req ]\nprompt = no\ndistinguished_name = dn\nattributes = at\n[ dn ]\nCN = a\n[ at ]\nbogusAttr = x\n";
    let (openssl, _) = subject_with(&["-config", "b.cnf"])
        .file("b.cnf", bad)
        .assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn prompt_values_other_than_no_mean_yes() {
    // prompt = No / yes / 0: prompting (stdin empty: EOF at the first prompt)
    for v in ["No", "yes", "0", "\"no\""] {
        let text =
            format!("[ req ]\nprompt = {v}\ndistinguished_name = dn\n[ dn ]\nCN = Common Name\n");
        subject_with(&["-config", "p.cnf"])
            .file("p.cnf", text)
            .assert_same();
    }
}

#[test]
fn distinguished_name_missing_or_empty() {
    // nodn.cnf: no distinguished_name key; empty-dn.cnf: an empty section
    for name in ["nodn.cnf", "empty-dn.cnf"] {
        let (openssl, _) = subject_with(&["-config", name]).fixture(name).assert_same();
        assert_eq!(openssl.code, 1);
        // 1.1.1's make_REQ: a missing key is "unable to find", an empty
        // section "error, no objects" (1.1.1 req.c:1005, 1169), then
        // "problems making Certificate Request"
        let says = match (line_at_least("3.0"), name) {
            (true, _) => "Error: No objects specified in config file\n",
            (false, "nodn.cnf") => "unable to find 'distinguished_name' in config\n",
            (false, _) => "error, no objects specified in config file\n",
        };
        assert!(
            openssl.stderr_str().contains(says),
            "{}",
            openssl.stderr_str()
        );
        // ... but -subj needs none
        subject_with(&["-config", name, "-subj", "/CN=y"])
            .fixture(name)
            .assert_same();
    }
}

#[test]
fn distinguished_name_naming_a_missing_section() {
    // distinguished_name = nosuch -> "Unable to get 'nosuch' section"
    let (openssl, _) = subject_with(&["-config", "c.cnf"])
        .file("c.cnf", "[ req ]\ndistinguished_name = nosuch\n")
        .assert_same();
    // 1.1.1 make_REQ: lower case (1.1.1 req.c:1011)
    let says = by_line([
        ("1.1.1", "unable to get 'nosuch' section\n"),
        ("3.0", "Unable to get 'nosuch' section\n"),
    ]);
    assert!(
        openssl.stderr_str().contains(says),
        "{}",
        openssl.stderr_str()
    );
}

#[test]
fn attributes_naming_a_missing_section() {
    // attributes = nosuch -> "Unable to get 'nosuch' section" (even with -subj)
    let (openssl, _) = subject_with(&["-config", "c.cnf", "-subj", "/CN=x"])
        .file("c.cnf", cnf("attributes = nosuch"))
        .assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn no_attributes_key() {
    // $ openssl req -config noattrs.cnf -new -key rsa2048.pem -noout -text
    Case::new(&[
        "-config",
        "noattrs.cnf",
        "-new",
        "-key",
        "rsa2048.pem",
        "-noout",
        "-text",
    ])
    .fixtures(&["noattrs.cnf", "rsa2048.pem"])
    .assert_same();
}

// ----- key generation settings ---------------------------------------------------

#[test]
fn default_bits_and_default_keyfile_and_encrypt_key_no() {
    // $ openssl req -new -config keyfile.cnf -out kf.csr
    // -> an unencrypted 1024-bit key in key-from-config.pem (0600), the CSR in kf.csr
    let (openssl, ours) = Case::new(&["-new", "-config", "keyfile.cnf", "-out", "kf.csr"])
        .fixture("keyfile.cnf")
        .fresh_key()
        .assert_same();
    assert_eq!(openssl.code, 0);
    ours.assert_file_mode("key-from-config.pem", 0o600);
    assert!(
        ours.file_str("key-from-config.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
}

#[test]
fn keyout_beats_default_keyfile() {
    // $ openssl req -new -config keyfile.cnf -keyout mine.pem -out kf.csr
    let (_, ours) = Case::new(&[
        "-new",
        "-config",
        "keyfile.cnf",
        "-keyout",
        "mine.pem",
        "-out",
        "kf.csr",
    ])
    .fixture("keyfile.cnf")
    .fresh_key()
    .assert_same();
    assert!(!ours.has_file("key-from-config.pem"));
}

#[test]
fn default_keyfile_is_not_written_with_a_given_key() {
    // $ openssl req -new -config keyfile.cnf -key rsa1024.pem -out kf.csr   (no key output)
    let (_, ours) = Case::new(&[
        "-new",
        "-config",
        "keyfile.cnf",
        "-key",
        "rsa1024.pem",
        "-out",
        "kf.csr",
    ])
    .fixtures(&["keyfile.cnf", "rsa1024.pem"])
    .assert_same();
    assert!(!ours.has_file("key-from-config.pem"));
}

#[test]
fn default_bits_values_too_small_for_rsa() {
    // default_bits = 511 / abc (NCONF reads it as 0) / empty / -1, with -new:
    // the provider refuses the size ("Error setting keysize"), exit 1
    for v in ["511", "abc", "", "-1"] {
        let (openssl, _) = Case::new(&[
            "-new", "-config", "b.cnf", "-nodes", "-keyout", "k.pem", "-noout",
        ])
        .file("b.cnf", cnf(&format!("default_bits = {v}")))
        .assert_same();
        assert_eq!(openssl.code, 1, "default_bits = {v:?}");
        // 1.1.1 req.c:1584 (set_keygen_ctx: EVP_PKEY_CTX_set_rsa_keygen_bits)
        let refused = by_line([
            ("1.1.1", "Error setting RSA keysize\n"),
            ("3.0", "Error setting keysize\n"),
        ]);
        assert!(openssl.stderr_str().starts_with(refused), "{v:?}");
    }
}

#[test]
fn default_bits_used_by_newkey_rsa_without_a_size() {
    // $ openssl req -newkey rsa -config b.cnf ...   with default_bits = 1024
    let (_, ours) = Case::new(&[
        "-newkey", "rsa", "-config", "b.cnf", "-nodes", "-keyout", "k.pem", "-out", "r.csr",
        "-text",
    ])
    .file("b.cnf", cnf("default_bits = 1024"))
    .fresh_key()
    .assert_same();
    assert!(ours.file_str("r.csr").contains("Public-Key: (1024 bit)"));
}

#[test]
fn default_bits_with_trailing_garbage() {
    // default_bits = 1024xyz: NCONF reads the leading digits
    let (_, ours) = Case::new(&[
        "-new", "-config", "b.cnf", "-nodes", "-keyout", "k.pem", "-out", "r.csr",
    ])
    .file("b.cnf", cnf("default_bits = 1024xyz"))
    .fresh_key()
    .assert_same();
    ours.assert_file_mode("k.pem", 0o600);
}

#[test]
fn encrypt_rsa_key_beats_encrypt_key() {
    // encrypt_rsa_key = no, encrypt_key = yes -> unencrypted, no pass phrase asked
    let (_, ours) = Case::new(&[
        "-newkey", "rsa:1024", "-config", "e.cnf", "-keyout", "k.pem", "-out", "r.csr",
    ])
    .file("e.cnf", cnf("encrypt_rsa_key = no\nencrypt_key = yes"))
    .fresh_key()
    .assert_same();
    assert!(
        ours.file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
}

#[test]
fn encrypt_key_yes_with_output_password() {
    // encrypt_key = yes, output_password = abcd -> encrypted with abcd, nothing asked
    let (_, ours) = Case::new(&[
        "-newkey", "rsa:1024", "-config", "e.cnf", "-keyout", "k.pem", "-out", "r.csr",
    ])
    .file("e.cnf", cnf("encrypt_key = yes\noutput_password = abcd"))
    .fresh_key()
    .key_pass("abcd")
    .assert_same();
    assert!(
        ours.file_str("k.pem")
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    );
}

#[test]
fn encrypt_key_other_values_still_encrypt() {
    // encrypt_key = No (only "no" turns it off): passout from the command line
    Case::new(&[
        "-newkey",
        "rsa:1024",
        "-config",
        "e.cnf",
        "-keyout",
        "k.pem",
        "-passout",
        "pass:abcd",
        "-out",
        "r.csr",
    ])
    .file("e.cnf", cnf("encrypt_key = No"))
    .fresh_key()
    .key_pass("abcd")
    .assert_same();
}

#[test]
fn input_password_from_the_config() {
    // input_password = secret  decrypts -key rsa2048-enc.pem
    Case::new(&[
        "-new",
        "-config",
        "i.cnf",
        "-key",
        "rsa2048-enc.pem",
        "-out",
        "r.csr",
    ])
    .fixture("rsa2048-enc.pem")
    .file("i.cnf", cnf("input_password = secret"))
    .assert_same();
}

#[test]
fn default_md_from_the_config_and_its_override() {
    // $ openssl req -config mdsha512.cnf -new -key rsa2048.pem -noout -text   (sha512)
    // $ ... -sha256                                                            (sha256)
    let (openssl, _) = Case::new(&[
        "-config",
        "mdsha512.cnf",
        "-new",
        "-key",
        "rsa2048.pem",
        "-noout",
        "-text",
    ])
    .fixtures(&["mdsha512.cnf", "rsa2048.pem"])
    .assert_same();
    assert!(openssl.stdout_str().contains("sha512WithRSAEncryption"));
    let (openssl, _) = Case::new(&[
        "-config",
        "mdsha512.cnf",
        "-new",
        "-key",
        "rsa2048.pem",
        "-noout",
        "-text",
        "-sha256",
    ])
    .fixtures(&["mdsha512.cnf", "rsa2048.pem"])
    .assert_same();
    assert!(openssl.stdout_str().contains("sha256WithRSAEncryption"));
}

#[test]
fn default_md_unknown() {
    // default_md = nosuchmd -> error at signing time
    let (openssl, _) = subject_with(&["-config", "m.cnf"])
        .file("m.cnf", cnf("default_md = nosuchmd"))
        .assert_same();
    assert_eq!(openssl.code, 1);
}

// ----- string_mask and utf8 ----------------------------------------------------------

#[test]
fn string_masks() {
    // string_mask = utf8only / nombstr / pkix / default / MASK:0x2 with an ASCII and a
    // UTF-8 subject (-utf8); the DER of the request shows the string types chosen.
    for mask in [
        "utf8only",
        "nombstr",
        "pkix",
        "default",
        "MASK:0x2002",
        "MASK:4",
    ] {
        for subj in ["/CN=plain/O=Acme", "/CN=Müller/O=Straße"] {
            Case::new(&[
                "-new",
                "-key",
                "rsa1024.pem",
                "-config",
                "s.cnf",
                "-utf8",
                "-subj",
                subj,
                "-outform",
                "DER",
                "-out",
                "r.der",
            ])
            .fixture("rsa1024.pem")
            .file("s.cnf", cnf(&format!("string_mask = {mask}")))
            .assert_same();
        }
    }
}

#[test]
fn invalid_string_mask() {
    // string_mask = bogus -> "Invalid global string mask setting bogus", exit 1
    let (openssl, _) = subject_with(&["-config", "s.cnf"])
        .file("s.cnf", cnf("string_mask = bogus"))
        .assert_same();
    assert_eq!(openssl.code, 1);
    assert!(
        openssl
            .stderr_str()
            .starts_with("Invalid global string mask setting bogus\n")
    );
}

#[test]
fn utf8_yes_in_the_config() {
    // $ openssl req -new -config utf8.cnf -key rsa2048.pem -out r.csr   (and -text)
    Case::new(&[
        "-new",
        "-config",
        "utf8.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.csr",
        "-text",
    ])
    .fixtures(&["utf8.cnf", "rsa2048.pem"])
    .assert_same();
}

#[test]
fn utf8_values_without_utf8_are_taken_as_latin1_bytes() {
    // the same DN with utf8 = no: each byte is a character
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/utf8.cnf"))
        .unwrap()
        .replace("utf8               = yes", "utf8 = no");
    Case::new(&[
        "-new",
        "-config",
        "u.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.csr",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .file("u.cnf", text)
    .assert_same();
}

// ----- oid_section, RANDFILE, extension sections -------------------------------------

#[test]
fn oid_section_defines_new_name_types() {
    // oid_section = oids, myAttr = 1.2.3.4.5  then  -subj /myAttr=x/CN=y
    let text = "oid_section = oids\n[ oids ]\nmyAttr = 1.2.3.4.5\n[ req ]\ndistinguished_name = dn\n[ dn ]\n";
    let (openssl, _) = subject_with(&["-config", "o.cnf", "-subj", "/myAttr=x/CN=y"])
        .file("o.cnf", text)
        .assert_same();
    assert_eq!(
        openssl.stdout_str(),
        // name options since 3.2 (module doc)
        by_line([
            ("1.1.1", "subject=myAttr = x, CN = y\n"),
            ("3.0", "subject=myAttr = x, CN = y\n"),
            ("3.2", "subject=myAttr=x, CN=y\n"),
        ])
    );
}

#[test]
fn oid_section_errors() {
    // a missing oid section; an invalid OID
    for text in [
        "oid_section = nosuch\n[ req ]\n",
        "oid_section = oids\n[ oids ]\nbad = not.an.oid\n[ req ]\n",
    ] {
        let (openssl, _) = subject_with(&["-config", "o.cnf", "-subj", "/CN=y"])
            .file("o.cnf", text)
            .assert_same();
        assert_eq!(openssl.code, 1);
    }
}

#[test]
fn randfile_that_does_not_exist_is_reported_then_written() {
    // RANDFILE = rnd in [req]: "Can't load rnd into RNG" + error; at the end the file
    // is (re)written with 1024 random bytes, mode 0600 (its content is random: compared
    // by size and mode only)
    let (openssl, ours) = Case::new(&["-new", "-key", "rsa1024.pem", "-config", "r.cnf", "-noout"])
        .fixture("rsa1024.pem")
        .file("r.cnf", cnf("RANDFILE = rnd"))
        .assert_same_output();
    assert!(
        openssl
            .stderr_str()
            .starts_with("Can't load rnd into RNG\n")
    );
    for o in [&openssl, &ours] {
        assert_eq!((o.file_mode("rnd"), o.file("rnd").len()), (0o600, 1024));
    }
}

#[test]
fn extension_sections_a_request_checks() {
    // x509_extensions / req_extensions naming a missing section; a bad extension
    // value. 3.0 checks both sections up front on every run (3.0 req.c:584-661),
    // so even a request fails on a broken x509_extensions. Since 3.2 only the
    // section that is used is checked (3.5 req.c:617-631: x509_extensions with
    // -x509, req_extensions otherwise), so a request ignores x509_extensions.
    for (lines, code, err) in [
        // 1.1.1 checks both as 3.0 does, in its own words (1.1.1
        // req.c:498, 556: "Error Loading ...")
        (
            "x509_extensions = nosuch",
            by_line([("1.1.1", 1), ("3.0", 1), ("3.2", 0)]),
            by_line([
                ("1.1.1", Some("Error Loading extension section nosuch")),
                ("3.0", Some("Error checking x509 extension section nosuch")),
                ("3.2", None),
            ]),
        ),
        (
            "req_extensions = nosuch",
            1,
            Some(by_line([
                ("1.1.1", "Error Loading request extension section nosuch"),
                ("3.0", "Error checking request extension section nosuch"),
            ])),
        ),
        (
            "req_extensions = ext\n[ ext ]\nbasicConstraints = bogus",
            1,
            Some(by_line([
                ("1.1.1", "Error Loading request extension section ext"),
                ("3.0", "Error checking request extension section ext"),
            ])),
        ),
    ] {
        let (openssl, _) = subject_with(&["-config", "x.cnf"])
            .file("x.cnf", cnf(lines))
            .assert_same();
        assert_eq!(openssl.code, code, "{lines}");
        assert_eq!(openssl.stderr_str().lines().next(), err, "{lines}");
    }
}

#[test]
fn request_extensions_from_the_config() {
    // $ openssl req -new -config ext.cnf -key rsa2048.pem -out r.csr
    Case::new(&[
        "-new",
        "-config",
        "ext.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.csr",
    ])
    .fixtures(&["ext.cnf", "rsa2048.pem"])
    .assert_same();
}

#[test]
fn config_read_from_stdin() {
    // $ openssl req -config - -new -key rsa1024.pem -noout -subject < min.cnf
    let (openssl, _) = subject_with(&["-config", "-"])
        .stdin(include_bytes!("../../fixtures/min.cnf"))
        .assert_same();
    assert_eq!(
        openssl.stdout_str(),
        by_line([
            (
                "1.1.1",
                "subject=C = US, O = Acme Inc, CN = min.example.com\n"
            ),
            (
                "3.0",
                "subject=C = US, O = Acme Inc, CN = min.example.com\n"
            ),
            // name options since 3.2 (module doc)
            ("3.2", "subject=C=US, O=Acme Inc, CN=min.example.com\n"),
        ])
    );
}

// ----- 1.1.1's openssl.c and app_load_config -----------------------------------------

#[test]
fn openssl_conf_set_but_empty() {
    // $ OPENSSL_CONF= openssl req -new -key rsa1024.pem -subj /CN=x -noout -subject
    // 1.1.1's default_config_file is "" (openssl.c:99 make_config_name), which
    // app_load_config opens like any name (1.1.1 apps.c:484): "Can't open  for
    // reading" and the fopen stack, exit 1.
    let (openssl, _) = subject_with(&["-subj", "/CN=x"])
        .env("OPENSSL_CONF", "")
        .assert_same();
    if !line_at_least("3.0") {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.masked_stderr(),
            "Can't open  for reading, No such file or directory\n\
             <tid>:error:02001002:system library:fopen:No such file or directory:<file:line>:fopen('','r')\n\
             <tid>:error:2006D080:BIO routines:BIO_new_file:no such file:<file:line>:\n"
        );
    }
}

#[test]
fn openssl_fips_in_the_environment() {
    // $ OPENSSL_FIPS=1 openssl req -help
    // 1.1.1 openssl.c:143-146: refused before anything else, exit 1; 3.0's
    // main does not look at it.
    let (openssl, _) = Case::new(&["-help"]).env("OPENSSL_FIPS", "1").assert_same();
    assert_eq!(openssl.code, by_line([("1.1.1", 1), ("3.0", 0)]));
    if !line_at_least("3.0") {
        assert_eq!(openssl.stderr_str(), "FIPS mode not supported.\n");
    }
}

#[test]
fn verbose_notes_of_the_config_and_addext() {
    // $ openssl req -verbose -config ok.cnf -addext subjectAltName=DNS:x -new -newkey bogus
    // (stops at the unknown algorithm, after the config notes: 1.1.1 req.c:431,
    // 437 "Using additional configuration from command line"; 3.0's
    // "... from -addext options")
    let text = "[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n";
    let (openssl, _) = Case::new(&[
        "-verbose",
        "-config",
        "ok.cnf",
        "-addext",
        "subjectAltName=DNS:x",
        "-new",
        "-newkey",
        "bogus",
    ])
    .file("ok.cnf", text)
    .assert_same();
    assert_eq!(openssl.code, 1);
    let from = by_line([("1.1.1", "command line"), ("3.0", "-addext options")]);
    assert!(
        openssl.stderr_str().starts_with(&format!(
            "Using configuration from ok.cnf\nUsing additional configuration from {from}\n"
        )),
        "{}",
        openssl.stderr_str()
    );
}

#[test]
fn a_broken_default_config_and_an_unknown_option() {
    // $ OPENSSL_CONF=broken.cnf openssl req -bogus
    // The library loads the default config at start-up and ignores its
    // failure; 1.1.1 leaves the error on the queue, and the unknown option
    // (an unknown digest to opt_md) ends at `end:`, which prints it. 3.0
    // pops the start-up error (and clears the queue after opt_md anyway).
    let (openssl, _) = Case::new(&["-bogus"])
        .file("broken.cnf", ".pragma dollarid:on\n")
        .env("OPENSSL_CONF", "broken.cnf")
        .assert_same();
    assert_eq!(openssl.code, 1);
    let e = openssl.stderr_str();
    if before("3.0") {
        assert!(
            e.starts_with("req: Unrecognized flag bogus\nreq: Use -help for summary.\n"),
            "{e}"
        );
        assert!(e.contains(":def_load_bio:missing equal sign:"), "{e}");
    } else {
        assert!(!e.contains(":error:"), "{e}");
    }
}

//! The flow of a new request (apps/req.c `req_main` and `set_keygen_ctx`): where
//! the key comes from (`-key FILE`, `-newkey SPEC`, `-new` with default_bits),
//! the key-size checks and warnings, whether it is encrypted (`-nodes`,
//! `-noenc`, `-passout`), where it goes (`-keyout`, default_keyfile, stdout),
//! where the request goes (`-out`, stdout, the key file itself), in which format
//! (`-outform DER`), and `-batch`.
//!
//! Requests from the fixed keys are compared byte for byte; a generated key is
//! compared structurally (`fresh_key`: sizes, algorithms, which key the
//! request carries).

use crate::common::*;

/// The key-generation specs that fail fast (no key is made): the spec is
/// combined with an invalid `-pkeyopt`, so what runs is exactly the parsing of
/// the spec, the size checks and warnings, then "Key parameter error".
#[test]
fn newkey_spec_parsing_and_size_checks() {
    // $ openssl req -newkey SPEC -pkeyopt bogus:1 -nodes -keyout k.pem -subj /CN=x -noout
    for spec in [
        "rsa:511", // refused by the provider: "Error setting keysize"
        "511",     // a bare number means RSA
        "rsa:0",
        "rsa-pss:511",
        "dsa:511", // "Private key length too short, needs to be at least 512 bits, not 511."
        "rsa:16385", // "Warning: It is not recommended to use more than 16384 bit for RSA keys."
        "rsa-pss:16385",
        "dsa:20000", // the DSA warning (more than 10000 bit)
        "rsa:-5",    // not a digit: a parameter file named "-5"
        "rsa:",      // a parameter file named ""
        "rsa:abc",
        "param", // "Parameter file requested but no path given: param"
        "",      // "" is a prefix of "param"
        "par",
        "param:missing.pem",
        "rsa:ecparam-p256.pem", // "Key type does not match parameters"
        "ec:ecparam-p256.pem",
        "param:ecparam-p384.pem",
        "dsa:dsaparam-2048.pem",
        "dh:dhparam.pem",
        "ec:rsa1024.pem", // not a parameter file: "Error reading parameter file"
        "ec:ca-cert.pem", // a certificate: its public key gives the parameters
        "nosuchalg",      // "Error allocating keygen context"
        "ec",
        "ed25519",
        "x25519",
        "RSA:1024",
        "rsa:1024:extra",
    ] {
        let (openssl, _) = Case::new(&[
            "-newkey", spec, "-pkeyopt", "bogus:1", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x",
            "-noout",
        ])
        .fixtures(&[
            "ecparam-p256.pem",
            "ecparam-p384.pem",
            "dsaparam-2048.pem",
            "dhparam.pem",
            "rsa1024.pem",
            "ca-cert.pem",
        ])
        .assert_same();
        assert_eq!(openssl.code, 1, "-newkey {spec:?}");
    }
}

#[test]
fn key_too_long_warning_text() {
    // $ openssl req -newkey rsa:16385 -pkeyopt bogus:1 ...
    let (openssl, _) = Case::new(&[
        "-newkey",
        "rsa:16385",
        "-pkeyopt",
        "bogus:1",
        "-subj",
        "/CN=x",
    ])
    .assert_same();
    // "parameter error" in 1.1.1's req_main, "Key parameter error" in 3.x's
    let refused = by_line([
        ("1.1.1", "parameter error \"bogus:1\"\n"),
        ("3.0", "Key parameter error \"bogus:1\"\n"),
    ]);
    assert!(openssl.stderr_str().starts_with(&format!(
        "Warning: It is not recommended to use more than 16384 bit for RSA keys.\n         Your key size is 16385! Larger key size may behave not as expected.\n{refused}"
    )));
}

#[test]
fn key_too_short_message_for_dsa() {
    // $ openssl req -newkey dsa:511 -subj /CN=x
    let (openssl, _) = Case::new(&["-newkey", "dsa:511", "-subj", "/CN=x"]).assert_same();
    if !line_at_least("3.0") {
        // 1.1.1 takes a size for RSA only: "511" is a parameter file (the
        // message from a DSA parameter file: keys::newkey_dsa_params_below_512_bits)
        assert!(
            openssl
                .stderr_str()
                .starts_with("Can't open parameter file 511\n")
        );
        return;
    }
    assert_eq!(
        openssl.stderr_str(),
        "Private key length too short, needs to be at least 512 bits, not 511.\n"
    );
}

#[test]
fn rsa_511_is_refused_and_512_is_accepted() {
    // $ openssl req -newkey rsa:511 -nodes -keyout k.pem -subj /CN=x -out r.csr   -> exit 1
    let (openssl, ours) = Case::new(&[
        "-newkey", "rsa:511", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.csr",
    ])
    .assert_same();
    assert_eq!(openssl.code, 1);
    assert!(ours.files.is_empty());
    // $ openssl req -newkey rsa:512 ...   -> a 512-bit key and its request
    let (openssl, _) = Case::new(&[
        "-newkey", "rsa:512", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.csr",
    ])
    .fresh_key()
    .assert_same();
    assert_eq!(openssl.code, 0);
}

// ----- where the key comes from ------------------------------------------------------

#[test]
fn fixed_key_gives_a_byte_identical_request() {
    // $ openssl req -new -key rsa2048.pem -subj /C=US/O=Acme/CN=example.com -out r.csr
    let (_, ours) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/C=US/O=Acme/CN=example.com",
        "-out",
        "r.csr",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    // the fixture csr-rsa.pem was made by openssl with exactly this command
    assert_eq!(
        ours.file("r.csr"),
        include_bytes!("../../fixtures/csr-rsa.pem")
    );
}

#[test]
fn fixed_keys_of_every_kind() {
    // $ openssl req -new -key KEY -subj /CN=k -out r.csr   (deterministic signatures)
    for key in [
        "rsa2048-trad.pem",
        "rsa512.pem",
        "rsa4096.pem",
        "ed25519.pem",
        "ed448.pem",
    ] {
        Case::new(&["-new", "-key", key, "-subj", "/CN=k", "-out", "r.csr"])
            .fixture(key)
            .assert_same();
    }
    // randomized signatures: verified and compared structurally
    for key in [
        "ec-p256.pem",
        "ec-p256-trad.pem",
        "ec-p384.pem",
        "dsa2048.pem",
        "rsapss.pem",
    ] {
        Case::new(&["-new", "-key", key, "-subj", "/CN=k", "-out", "r.csr"])
            .fixture(key)
            .fresh_sig()
            .assert_same();
    }
}

#[test]
fn der_key_with_and_without_keyform() {
    // $ openssl req -new -key rsa2048.der [-keyform DER] -subj /CN=k -out r.csr
    for extra in [&[][..], &["-keyform", "DER"]] {
        let mut args = vec![
            "-new",
            "-key",
            "rsa2048.der",
            "-subj",
            "/CN=k",
            "-out",
            "r.csr",
        ];
        args.extend_from_slice(extra);
        Case::new(&args).fixture("rsa2048.der").assert_same();
    }
}

#[test]
fn key_that_cannot_be_used() {
    // a key that cannot sign (X25519, DH params as a key), a missing key, a non-key file,
    // an encrypted key with no pass phrase (stdin is empty)
    for (key, fixture) in [
        ("x25519.pem", "x25519.pem"),
        ("missing.pem", "rsa1024.pem"),
        ("csr-rsa.pem", "csr-rsa.pem"),
        ("dhparam.pem", "dhparam.pem"),
        ("rsa2048-enc.pem", "rsa2048-enc.pem"),
    ] {
        let (openssl, _) = Case::new(&["-new", "-key", key, "-subj", "/CN=k", "-out", "r.csr"])
            .fixture(fixture)
            .assert_same();
        assert_eq!(openssl.code, 1, "{key}");
    }
}

#[test]
fn new_without_a_key_needs_none_with_x509_input() {
    // $ openssl req -key rsa1024.pem -subj /CN=x -out r.csr   (no -new: reads a request on stdin)
    let (openssl, _) = Case::new(&["-key", "rsa1024.pem", "-subj", "/CN=x", "-out", "r.csr"])
        .fixture("rsa1024.pem")
        .assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn newkey_bare_number_is_rsa() {
    // $ openssl req -newkey 1024 -nodes -keyout k.pem -subj /CN=x -out r.csr -text
    let (_, ours) = Case::new(&[
        "-newkey", "1024", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.csr", "-text",
    ])
    .fresh_key()
    .assert_same();
    assert!(ours.file_str("r.csr").contains("Public-Key: (1024 bit)"));
}

#[test]
fn new_alone_makes_an_rsa_key_of_default_bits() {
    // $ openssl req -new -config b.cnf -nodes -keyout k.pem -subj /CN=x -out r.csr   (default_bits = 1024)
    Case::new(&[
        "-new", "-config", "b.cnf", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out",
        "r.csr", "-text",
    ])
    // (1.1.1's make_REQ needs a distinguished_name section even with -subj)
    .file(
        "b.cnf",
        "[ req ]\ndefault_bits = 1024\ndistinguished_name = dn\n[ dn ]\n",
    )
    .fresh_key()
    .assert_same();
}

/// A config of default_bits 2048 (and the distinguished_name section 1.1.1's
/// make_REQ needs even with -subj).
const DEFAULT_BITS_2048: &str = "[ req ]\ndefault_bits = 2048\ndistinguished_name = dn\n[ dn ]\n";

#[test]
fn newkey_size_beats_default_bits_and_pkeyopt_beats_both() {
    // $ openssl req -newkey rsa:1024 -config b.cnf ...                      (1024, not 2048)
    // $ openssl req -newkey rsa -pkeyopt rsa_keygen_bits:768 -config b.cnf ... (768)
    Case::new(&[
        "-newkey", "rsa:1024", "-config", "b.cnf", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x",
        "-out", "r.csr", "-text",
    ])
    .file("b.cnf", DEFAULT_BITS_2048)
    .fresh_key()
    .assert_same();
    let (_, ours) = Case::new(&[
        "-newkey",
        "rsa",
        "-pkeyopt",
        "rsa_keygen_bits:768",
        "-config",
        "b.cnf",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.csr",
        "-text",
    ])
    .file("b.cnf", DEFAULT_BITS_2048)
    .fresh_key()
    .assert_same();
    assert!(ours.file_str("r.csr").contains("Public-Key: (768 bit)"));
}

#[test]
fn other_key_types_generated() {
    // $ openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 ... / ec:ecparam-p384.pem / ed25519
    for (spec, opts) in [
        ("ec", &["-pkeyopt", "ec_paramgen_curve:P-256"][..]),
        ("ec:ecparam-p384.pem", &[]),
        ("param:ecparam-p256.pem", &[]),
        ("ed25519", &[]),
        ("ed448", &[]),
        ("rsa-pss:1024", &[]),
    ] {
        let mut args = vec![
            "-newkey", spec, "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.csr",
        ];
        args.extend_from_slice(opts);
        Case::new(&args)
            .fixtures(&["ecparam-p256.pem", "ecparam-p384.pem"])
            .fresh_key()
            .assert_same();
    }
}

#[test]
fn generated_key_that_cannot_sign() {
    // $ openssl req -newkey x25519 -nodes -keyout k.pem -subj /CN=x -out r.csr
    // The key is written before signing fails: openssl leaves it (an orphan key);
    // ours (deliberately) leaves nothing.
    let (openssl, ours) = Case::new(&[
        "-newkey", "x25519", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.csr",
    ])
    .fresh_key()
    .assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(openssl.has_file("k.pem"));
    assert!(ours.files.is_empty(), "{:?}", ours.files.keys());
}

// ----- encryption of the new key -----------------------------------------------------

#[test]
fn nodes_and_noenc_are_the_same() {
    // 1.1.1 has no -noenc (refused as unknown: options.rs)
    let flags: &[&str] = if line_at_least("3.0") {
        &["-nodes", "-noenc"]
    } else {
        &["-nodes"]
    };
    for &flag in flags {
        let (_, ours) = Case::new(&[
            "-newkey", "rsa:1024", flag, "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.csr",
        ])
        .fresh_key()
        .assert_same();
        assert!(
            ours.file_str("k.pem")
                .starts_with("-----BEGIN PRIVATE KEY-----\n")
        );
    }
}

#[test]
fn passout_encrypts_the_new_key() {
    // $ openssl req -newkey rsa:1024 -keyout k.pem -passout pass:abcd -subj /CN=x -out r.csr
    let (_, ours) = Case::new(&[
        "-newkey",
        "rsa:1024",
        "-keyout",
        "k.pem",
        "-passout",
        "pass:abcd",
        "-subj",
        "/CN=x",
        "-out",
        "r.csr",
    ])
    .fresh_key()
    .key_pass("abcd")
    .assert_same();
    assert!(
        ours.file_str("k.pem")
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    );
    ours.assert_file_mode("k.pem", 0o600);
}

#[test]
fn nodes_beats_passout() {
    // $ openssl req -newkey rsa:1024 -nodes -passout pass:abcd -keyout k.pem ...   (unencrypted)
    Case::new(&[
        "-newkey",
        "rsa:1024",
        "-nodes",
        "-passout",
        "pass:abcd",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.csr",
    ])
    .fresh_key()
    .assert_same();
}

#[test]
fn pass_phrase_from_piped_stdin() {
    // $ printf 'abcd\nabcd\n' | openssl req -newkey rsa:1024 -keyout k.pem -subj /CN=x -out r.csr
    // (no terminal: the UI reads stdin and prompts on stderr)
    Case::new(&[
        "-newkey", "rsa:1024", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.csr",
    ])
    .stdin("abcd\nabcd\n")
    .fresh_key()
    .key_pass("abcd")
    .assert_same();
}

#[test]
fn pass_phrase_from_piped_stdin_failing() {
    // mismatch / too short / EOF: exit 1 and openssl's messages; openssl leaves an
    // empty k.pem, ours (deliberately) nothing
    for stdin in ["abcd\nabce\n", "abc\n", "", "abcd\n"] {
        let (openssl, ours) = Case::new(&[
            "-newkey", "rsa:1024", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.csr",
        ])
        .stdin(stdin)
        .fresh_key()
        .assert_same_output();
        assert_eq!(openssl.code, 1, "{stdin:?}");
        assert!(ours.files.is_empty(), "{stdin:?}: {:?}", ours.files.keys());
    }
}

// ----- where the key and the request go ----------------------------------------------

#[test]
fn key_goes_to_default_keyfile_of_the_default_config() {
    // $ openssl req -newkey rsa:1024 -nodes -subj /CN=x -out r.csr   -> privkey.pem (0600)
    let (_, ours) = Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=x", "-out", "r.csr",
    ])
    .fresh_key()
    .assert_same();
    ours.assert_file_mode("privkey.pem", 0o600);
    ours.assert_file_mode("r.csr", 0o644);
}

#[test]
fn key_and_request_on_stdout_without_any_file() {
    // $ openssl req -newkey rsa:1024 -nodes -subj /CN=x -config ''   (no default_keyfile)
    let (openssl, ours) = Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=x", "-config", "",
    ])
    .fresh_key()
    .assert_same();
    if !line_at_least("3.0") {
        // 1.1.1 opens "" like any file name, and fails
        assert_eq!(openssl.code, 1);
        assert!(
            openssl
                .stderr_str()
                .starts_with("Can't open  for reading, No such file or directory\n")
        );
        assert!(ours.files.is_empty());
        return;
    }
    let out = openssl.stdout_str();
    assert!(
        out.starts_with("-----BEGIN PRIVATE KEY-----\n")
            && out.contains("-----BEGIN CERTIFICATE REQUEST-----\n")
    );
    assert!(ours.files.is_empty());
}

#[test]
fn keyout_dash_is_stdout() {
    // $ openssl req -newkey rsa:1024 -nodes -keyout - -subj /CN=x -out r.csr
    Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-keyout", "-", "-subj", "/CN=x", "-out", "r.csr",
    ])
    .fresh_key()
    .assert_same();
}

#[test]
fn request_on_stdout_without_out() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x
    let (openssl, _) = Case::new(&["-new", "-key", "rsa1024.pem", "-subj", "/CN=x"])
        .fixture("rsa1024.pem")
        .assert_same();
    assert!(
        openssl
            .stdout_str()
            .starts_with("-----BEGIN CERTIFICATE REQUEST-----\n")
    );
}

#[test]
fn out_dash_is_stdout() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -out -
    Case::new(&["-new", "-key", "rsa1024.pem", "-subj", "/CN=x", "-out", "-"])
        .fixture("rsa1024.pem")
        .assert_same();
}

#[test]
fn keyout_equal_to_out_appends_the_request_to_the_key() {
    // $ openssl req -newkey rsa:1024 -nodes -keyout both.pem -out both.pem -subj /CN=x
    let (_, ours) = Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-keyout", "both.pem", "-out", "both.pem", "-subj",
        "/CN=x",
    ])
    .fresh_key()
    .assert_same();
    let both = ours.file_str("both.pem");
    assert!(both.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(both.contains("-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE REQUEST-----\n"));
    ours.assert_file_mode("both.pem", 0o600);
}

#[test]
fn keyout_equal_to_out_over_an_existing_file() {
    // both.pem exists (0644, old content): replaced by key + request
    Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-keyout", "both.pem", "-out", "both.pem", "-subj",
        "/CN=x",
    ])
    .file_mode("both.pem", "old content\n", 0o600)
    .fresh_key()
    .assert_same();
}

#[test]
fn keyout_and_out_naming_the_same_file_differently_do_not_append() {
    // $ openssl req ... -keyout both.pem -out ./both.pem   (strcmp differs: the request
    // truncates the file; the key is lost)
    Case::new(&[
        "-newkey",
        "rsa:1024",
        "-nodes",
        "-keyout",
        "both.pem",
        "-out",
        "./both.pem",
        "-subj",
        "/CN=x",
    ])
    .fresh_key()
    .assert_same();
}

#[test]
fn keyout_with_a_given_key_writes_that_key() {
    // $ openssl req -new -key rsa1024.pem -keyout copy.pem -nodes -subj /CN=x -out r.csr
    let (_, ours) = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-keyout",
        "copy.pem",
        "-nodes",
        "-subj",
        "/CN=x",
        "-out",
        "r.csr",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    if !line_at_least("3.0") {
        // 1.1.1 writes only a key it generated
        assert!(!ours.has_file("copy.pem"));
        return;
    }
    ours.assert_file_mode("copy.pem", 0o600);
}

#[test]
fn outform_der() {
    // $ openssl req -new -key rsa2048.pem -subj /C=US/O=Acme/CN=example.com -outform DER -out r.der
    let (_, ours) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/C=US/O=Acme/CN=example.com",
        "-outform",
        "DER",
        "-out",
        "r.der",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(
        ours.file("r.der"),
        include_bytes!("../../fixtures/csr-rsa.der")
    );
}

#[test]
fn outform_der_with_a_new_key_keeps_the_key_in_pem() {
    // $ openssl req -newkey rsa:1024 -nodes -keyout k.pem -outform DER -out r.der -subj /CN=x
    let (_, ours) = Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-outform", "DER", "-out", "r.der",
        "-subj", "/CN=x",
    ])
    .fresh_key()
    .assert_same();
    assert!(
        ours.file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
}

#[test]
fn outform_der_on_stdout() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -outform DER
    Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=x",
        "-outform",
        "DER",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
}

#[test]
fn noout_writes_no_request() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -out r.csr   (r.csr not created)
    let (_, ours) = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-out",
        "r.csr",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    assert!(!ours.has_file("r.csr"));
}

// ----- -batch -------------------------------------------------------------------------

#[test]
fn batch_takes_every_default() {
    // $ openssl req -new -key rsa2048.pem -batch -out r.csr   (stdin never read)
    let (openssl, _) = Case::new(&["-new", "-key", "rsa2048.pem", "-batch", "-out", "r.csr"])
        .fixture("rsa2048.pem")
        .stdin("ignored\n")
        .assert_same();
    assert_eq!(openssl.stderr_str(), "");
}

#[test]
fn batch_with_prompt_cnf() {
    // $ openssl req -new -config prompt.cnf -key rsa2048.pem -batch -out r.csr
    // (_value fields are still printed, without their prompt)
    Case::new(&[
        "-new",
        "-config",
        "prompt.cnf",
        "-key",
        "rsa2048.pem",
        "-batch",
        "-out",
        "r.csr",
    ])
    .fixtures(&["prompt.cnf", "rsa2048.pem"])
    .assert_same();
}

#[test]
fn batch_with_a_default_that_breaks_min_or_max() {
    // countryName_default = USA with _max 2: in batch mode no second chance, exit 1
    let text = "[ req ]\ndistinguished_name = dn\n[ dn ]\nC = Country\nC_default = USA\nC_max = 2\nCN = Name\nCN_default = x\n";
    let (openssl, _) = Case::new(&[
        "-new",
        "-config",
        "b.cnf",
        "-key",
        "rsa1024.pem",
        "-batch",
        "-out",
        "r.csr",
    ])
    .fixture("rsa1024.pem")
    .file("b.cnf", text)
    .assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn batch_with_a_new_key_and_all_defaults() {
    // $ openssl req -new -newkey rsa:1024 -nodes -keyout k.pem -out r.csr -batch
    Case::new(&[
        "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-out", "r.csr", "-batch",
    ])
    .fresh_key()
    .assert_same();
}

#[test]
fn batch_with_no_defaults_at_all() {
    // every field without default: "Error: No objects specified in config file"
    let text = "[ req ]\ndistinguished_name = dn\n[ dn ]\nCN = Name\nO = Org\n";
    let (openssl, _) = Case::new(&[
        "-new",
        "-config",
        "b.cnf",
        "-key",
        "rsa1024.pem",
        "-batch",
        "-out",
        "r.csr",
    ])
    .fixture("rsa1024.pem")
    .file("b.cnf", text)
    .assert_same();
    assert_eq!(openssl.code, 1);
}

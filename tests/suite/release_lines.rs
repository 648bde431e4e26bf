//! What differs between the release lines (1.1.1 to 4.0): every case runs on
//! every line, against that line's own `openssl req`, and then says what that
//! reference printed on each line, by the release that made the change
//! (`before("3.4")`, `by_line`, compared as versions). Where a line lacks a
//! feature (`-cipher` before 3.5, `-not_before` before 3.4, `-CA` and
//! `-noenc` on 1.1.1, `-engine` on 4.0), the reference's error is what is
//! expected.
//!
//! Sections: the options new since 1.1.1 or 3.0 (`-cipher`, `-x509v1`,
//! `-not_before`, `-not_after`, `-quiet`, `-provparam`) and those 4.0 removed
//! (`-engine`, `-keygen_engine`, `-keyform engine`); the option parser; the
//! messages that appeared or changed (warnings, `-addext`, `-verify`,
//! reading requests, loading keys and certificates, extension sections); the
//! encrypted key of each line; `-x509` certificates of each line byte for
//! byte; ML-DSA, SLH-DSA and ML-KEM keys; the defaults of each line's own
//! openssl.cnf. 1.1.1, older than all the others, words most messages its own
//! way (`verify OK`, `unable to load X509 request`, `Error Loading extension
//! section`), announces every key it generates and stops at the first
//! option it does not know (`req: Unrecognized flag X`).
//!
//! Fixed keys, serials and dates wherever the point is not randomness, so the
//! comparison is byte for byte; `.fresh_key()`/`.fresh_sig()`/`.fresh_cert()`
//! only where the output is random.

use crate::common::*;
use crate::deliberate::assert_same_but_ours_leaves_no;
use std::path::Path;

const USE_HELP: &str = "req: Use -help for summary.\n";

/// `openssl req -x509v1 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem EXTRA...`
/// (with the dates masked where [`dates`] are not fixed).
fn x509v1(extra: &[&str]) -> Case {
    let case = self_signed("-x509v1", extra);
    if dates() == FIXED_DATES {
        case
    } else {
        case.fresh_cert()
    }
}

/// The validity options of the `-x509v1` cases: [`FIXED_DATES`], except on
/// 3.2 and 3.3, which have -x509v1 but not yet -not_before (3.4): there the
/// default -days, and the dates are masked.
fn dates() -> &'static [&'static str] {
    if line_at_least("3.2") && before("3.4") {
        &["-days", "30"]
    } else {
        &FIXED_DATES
    }
}

/// The fixed validity used for byte-for-byte certificates (3.4+ options).
const FIXED_DATES: [&str; 4] = [
    "-not_before",
    "20250101000000Z",
    "-not_after",
    "20260101000000Z",
];

/// Asserts what `-opt value ...` says on a line that lacks `-opt` (named
/// `name`, without its dash): 1.1.1's opt_next hands an unknown option to
/// req's digest row, whose opt_md stops at once (`Unrecognized flag`). From
/// 3.0 on it is taken for a digest name and its value, a stray word, ends
/// the options: 3.0 and 3.1 print only the usage line; since 3.2
/// `opt_check_rest_arg` names both ("Extra (unknown) options").
#[track_caller]
fn assert_lacks_option(o: &Outcome, name: &str) {
    assert_eq!(o.code, 1);
    let e = o.stderr_str();
    if before("3.0") {
        assert_eq!(e, format!("req: Unrecognized flag {name}\n{USE_HELP}"));
    } else if before("3.2") {
        assert_eq!(e, USE_HELP);
    } else {
        // (an empty value passes that check, and the option is then
        // reported as an unknown digest)
        assert!(
            (e.starts_with("req: Extra (unknown) options: \"")
                && e.ends_with(&format!("\"\n{USE_HELP}")))
                || e.starts_with("req: Unknown option or message digest: "),
            "{e}"
        );
        assert_eq!(e.lines().count(), 2, "{e}");
    }
}

/// What the option parser says of an option it does not know, which is no
/// digest name either (`-bogus`, or an option of a later line given last,
/// without its value): 1.1.1 `opt_md`'s "Unrecognized flag", 3.x's check
/// of the digest candidate.
fn unknown_option(name: &str) -> String {
    by_line([
        ("1.1.1", format!("req: Unrecognized flag {name}\n")),
        (
            "3.0",
            format!("req: Unknown option or message digest: {name}\n"),
        ),
    ])
}

/// What 3.2 and 3.3 say on every run that reads the request from stdin
/// without -in; 3.4 says it only when stdin is a terminal (`isatty`).
fn stdin_hint() -> &'static str {
    if line_at_least("3.2") && before("3.4") {
        "Warning: Will read cert request from stdin since no -in option is given\n"
    } else {
        ""
    }
}

/// The value for this line: 1.1.1; 3.0 and 3.1; 3.2 to 3.6 (which behave
/// alike wherever this is used); 4.0. Shorthand for the commonest `by_line`.
fn pick<T>(v111: T, v30: T, v32: T, v40: T) -> T {
    by_line([("1.1.1", v111), ("3.0", v30), ("3.2", v32), ("4.0", v40)])
}

/// The option parser's last word on a bad format value: 1.1.1's opt.c
/// names the option without the word "option".
fn invalid_format(val: &str, opt: &str) -> String {
    by_line([
        (
            "1.1.1",
            format!("req: Invalid format \"{val}\" for {opt}\n"),
        ),
        (
            "3.0",
            format!("req: Invalid format \"{val}\" for option {opt}\n"),
        ),
    ])
}

/// What `-engine NAME` says once the engine is set up (apps.c
/// `setup_engine` on 1.1.1, lib/engine.c `setup_engine_methods` since 3.0).
fn engine_set(name: &str) -> String {
    by_line([
        ("1.1.1", format!("engine \"{name}\" set.\n")),
        ("3.0", format!("Engine \"{name}\" set.\n")),
    ])
}

/// An OpenSSL error-stack line (`<tid>:error:<code>:<lib>:<func>:<reason>:...`).
fn is_stack_line(l: &str) -> bool {
    let mut f = l.splitn(3, ':');
    matches!(
        (f.next(), f.next()),
        (Some(tid), Some("error")) if !tid.is_empty() && tid.chars().all(|c| c.is_ascii_hexdigit())
    )
}

/// Stderr without the error-stack lines: the program's own messages.
fn messages(o: &Outcome) -> String {
    o.stderr_str()
        .split_inclusive('\n')
        .filter(|l| !is_stack_line(l))
        .collect()
}

/// `<func>:<reason>` of each error-stack line, in order (file names and line
/// numbers of libcrypto's sources differ from line to line).
fn stack(o: &Outcome) -> Vec<String> {
    o.stderr_str()
        .lines()
        .filter(|l| is_stack_line(l))
        .map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            format!("{}:{}", f[4], f[5])
        })
        .collect()
}

/// What -verify says of a request whose self-signature verifies: 1.1.1's
/// own words, on stderr as 3.0's (3.2 moved it to stdout).
fn verify_ok_note() -> &'static str {
    by_line([
        ("1.1.1", "verify OK\n"),
        ("3.0", "Certificate request self-signature verify OK\n"),
    ])
}

/// The message of a request that could not be read (1.1.1 req.c's own,
/// 3.0/3.1 `load_csr`'s).
fn unable_to_load_request() -> &'static str {
    by_line([
        ("1.1.1", "unable to load X509 request"),
        ("3.0", "Unable to load X509 request"),
    ])
}

/// The last line of the stack of an extension libcrypto could not make
/// (1.1.1's error lines name the function through its function code).
fn ext_error() -> &'static str {
    by_line([
        ("1.1.1", "X509V3_EXT_nconf:error in extension"),
        ("3.0", "X509V3_EXT_nconf_int:error in extension"),
    ])
}

/// Stderr with progress lines masked (key generation).
fn stderr_masked(o: &Outcome) -> String {
    String::from_utf8_lossy(&mask_progress(&o.stderr)).into_owned()
}

/// Stderr of a run that generates an RSA key and writes it to `keyout`
/// (progress masked): 1.1.1 announces the key and the file on every run
/// (req.c: "Generating a %s private key", "writing new private key to"),
/// 3.x only with -verbose.
fn rsa_keygen_notes(keyout: &str) -> String {
    by_line([
        (
            "1.1.1",
            format!(
                "Generating a RSA private key\n<progress>\n<progress>\n\
                 writing new private key to '{keyout}'\n-----\n"
            ),
        ),
        ("3.0", "<progress>\n<progress>\n-----\n".to_string()),
    ])
}

/// `openssl req -noout ARGS` on a PEM request left by a run.
fn req(o: &Outcome, file: &str, args: &[&str]) -> String {
    let mut a = vec!["req", "-noout"];
    a.extend_from_slice(args);
    let (c, out, err) = openssl_filter(&a, o.file(file));
    assert_eq!(c, 0, "{err}");
    out
}

/// The certificate's version and the names of its extensions, e.g.
/// `["Version: 3 (0x2)", "X509v3 Subject Key Identifier", ...]`.
fn version_and_extensions(o: &Outcome, file: &str) -> Vec<String> {
    let text = x509(o, file, &["-text", "-certopt", "no_pubkey,no_sigdump"]);
    let mut v = Vec::new();
    for l in text.lines() {
        let t = l.trim();
        if t.starts_with("Version:") {
            v.push(t.to_string());
        } else if l.starts_with("            X509v3 ") || l.starts_with("            CT ") {
            v.push(
                t.trim_end_matches(':')
                    .trim_end_matches(": critical")
                    .to_string(),
            );
        }
    }
    v
}

/// The key identifier printed under `X509v3 <name>:` (SKID or AKID).
fn key_id(o: &Outcome, file: &str, name: &str) -> Option<String> {
    let text = x509(o, file, &["-text", "-certopt", "no_pubkey,no_sigdump"]);
    let mut lines = text.lines();
    while let Some(l) = lines.next() {
        if l.trim().starts_with(&format!("X509v3 {name}")) {
            return lines.next().map(|v| v.trim().to_string());
        }
    }
    None
}

/// The structure of a PKCS#8 encrypted key (`openssl asn1parse`): the
/// algorithms, the iteration count and the lengths of salt and IV, e.g.
/// `PBES2 PBKDF2 salt=16 iter=0800 hmacWithSHA256 aes-256-cbc iv=16`.
fn encryption(pem: &[u8]) -> String {
    let (c, out, err) = openssl_filter(&["asn1parse"], pem);
    assert_eq!(c, 0, "{err}");
    let mut v = Vec::new();
    for l in out.lines() {
        // "   34:d=5  hl=2 l=  16 prim: OCTET STRING      [HEX DUMP]:F96A..."
        let Some((_, rest)) = l.split_once(":d=") else {
            continue;
        };
        let depth: u32 = rest
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse()
            .unwrap();
        let Some((_, body)) = rest.split_once("prim: ") else {
            continue;
        };
        let (ty, val) = body.split_once(':').unwrap_or((body, ""));
        let ty = ty.trim();
        if ty == "OBJECT" {
            v.push(val.to_string());
        } else if ty.starts_with("OCTET STRING") && depth == 5 {
            v.push(format!("salt={}", val.len() / 2));
        } else if ty.starts_with("OCTET STRING") && depth == 4 {
            v.push(format!("iv={}", val.len() / 2));
        } else if ty == "INTEGER" && depth == 5 {
            v.push(format!("iter={val}"));
        }
    }
    v.join(" ")
}

// ----- -cipher (3.5) -------------------------------------------------------------

#[test]
fn cipher_aes_128_cbc_for_a_new_key() {
    // $ openssl req -newkey rsa:1024 -keyout k.pem -passout pass:abcd -cipher aes-128-cbc
    //       -subj /CN=x -out r.pem
    let (openssl, _) = Case::new(&[
        "-newkey",
        "rsa:1024",
        "-keyout",
        "k.pem",
        "-passout",
        "pass:abcd",
        "-cipher",
        "aes-128-cbc",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fresh_key()
    .key_pass("abcd")
    .assert_same();
    if before("3.5") {
        // 3.0 has no -cipher: an unknown option (a digest candidate) whose
        // value "aes-128-cbc" ends the options as a stray word.
        assert_eq!(openssl.code, 1);
        assert_lacks_option(&openssl, "cipher");
        assert!(!openssl.has_file("k.pem"));
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(stderr_masked(&openssl), "<progress>\n<progress>\n-----\n");
        assert_eq!(
            encryption(openssl.file("k.pem")),
            "PBES2 PBKDF2 salt=16 iter=0800 hmacWithSHA256 aes-128-cbc iv=16"
        );
    }
}

#[test]
fn cipher_for_the_fixed_key_written_again() {
    // $ openssl req -new -key rsa2048.pem -keyout k.pem -passout pass:abcd
    //       -cipher camellia-256-cbc -subj /CN=x -out r.pem
    // (-keyout with -key writes the loaded key out again, encrypted)
    for (cipher, oid, iv) in [
        ("camellia-256-cbc", "camellia-256-cbc", 16),
        ("des3", "des-ede3-cbc", 8),
        ("AES-256-CBC", "aes-256-cbc", 16),
    ] {
        let (openssl, _) = Case::new(&[
            "-new",
            "-key",
            "rsa2048.pem",
            "-keyout",
            "k.pem",
            "-passout",
            "pass:abcd",
            "-cipher",
            cipher,
            "-subj",
            "/CN=x",
            "-out",
            "r.pem",
        ])
        .fixture("rsa2048.pem")
        .key_pass("abcd")
        .assert_same();
        if before("3.5") {
            assert_eq!(openssl.code, 1, "{cipher}");
            assert_lacks_option(&openssl, "cipher");
        } else {
            assert_eq!(openssl.code, 0, "{cipher}");
            assert_eq!(openssl.stderr_str(), "-----\n");
            assert_eq!(
                encryption(openssl.file("k.pem")),
                format!("PBES2 PBKDF2 salt=16 iter=0800 hmacWithSHA256 {oid} iv={iv}")
            );
        }
    }
}

#[test]
fn cipher_unknown_names() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -cipher camellia
    // $ ... -cipher x   /   -cipher sha256 (a digest, not a cipher)
    for name in ["camellia", "x", "sha256"] {
        let (openssl, _) = quick(&["-cipher", name]).assert_same();
        if before("3.5") {
            assert_lacks_option(&openssl, "cipher");
        } else {
            assert_eq!(openssl.code, 1);
            assert_eq!(
                openssl.stderr_str(),
                format!("Unknown cipher: {name}\n{USE_HELP}")
            );
        }
    }
}

#[test]
fn cipher_without_a_value() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -cipher
    let (openssl, _) = quick(&["-cipher"]).assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        if before("3.5") {
            format!("{}{USE_HELP}", unknown_option("cipher"))
        } else {
            format!("req: Option -cipher needs a value\n{USE_HELP}")
        }
    );
}

#[test]
fn cipher_aead_fails_when_the_key_is_written() {
    // $ openssl req -new -key rsa1024.pem -keyout k.pem -passout pass:abcd -cipher aes-128-gcm
    //       -subj /CN=x -noout
    let case = quick(&[
        "-keyout",
        "k.pem",
        "-passout",
        "pass:abcd",
        "-cipher",
        "aes-128-gcm",
    ]);
    if before("3.5") {
        let (openssl, _) = case.assert_same();
        assert_eq!(openssl.code, 1);
        assert_lacks_option(&openssl, "cipher");
    } else {
        // openssl leaves an empty k.pem; ours writes no file on a failed run.
        let (openssl, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
        assert_eq!(openssl.file("k.pem"), b"");
        assert_eq!(messages(&openssl), "");
        assert_eq!(
            stack(&openssl),
            [
                "evp_cipher_param_to_asn1_ex:cipher parameter error",
                "PKCS5_pbe2_set_iv_ex:error setting cipher params",
                "PKCS8_encrypt_ex:ASN1 lib",
            ]
        );
    }
}

#[test]
fn cipher_is_unused_with_nodes() {
    // $ openssl req -new -key rsa2048.pem -keyout k.pem -nodes -cipher aes-128-cbc -subj /CN=x -noout
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-keyout",
        "k.pem",
        "-nodes",
        "-cipher",
        "aes-128-cbc",
        "-subj",
        "/CN=x",
        "-noout",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    if before("3.5") {
        assert_lacks_option(&openssl, "cipher");
    } else {
        assert_eq!(openssl.code, 0);
        assert!(
            openssl
                .file_str("k.pem")
                .starts_with("-----BEGIN PRIVATE KEY-----\n")
        );
    }
}

// ----- the encrypted key of each line ---------------------------------------------

/// How a new key is encrypted without -cipher: libcrypto's 16-byte PBES2
/// salt since 3.2, req's default cipher aes-256-cbc since 3.5 (des-ede3-cbc
/// before; 1.1.1 encrypts as 3.0 does).
fn default_key_encryption() -> &'static str {
    by_line([
        (
            "1.1.1",
            "PBES2 PBKDF2 salt=8 iter=0800 hmacWithSHA256 des-ede3-cbc iv=8",
        ),
        (
            "3.0",
            "PBES2 PBKDF2 salt=8 iter=0800 hmacWithSHA256 des-ede3-cbc iv=8",
        ),
        (
            "3.2",
            "PBES2 PBKDF2 salt=16 iter=0800 hmacWithSHA256 des-ede3-cbc iv=8",
        ),
        (
            "3.5",
            "PBES2 PBKDF2 salt=16 iter=0800 hmacWithSHA256 aes-256-cbc iv=16",
        ),
    ])
}

#[test]
fn default_cipher_of_a_generated_key() {
    // $ openssl req -newkey rsa:1024 -keyout k.pem -passout pass:abcd -subj /CN=x -out r.pem
    // (the seed command's path without -nodes)
    let (openssl, _) = Case::new(&[
        "-newkey",
        "rsa:1024",
        "-keyout",
        "k.pem",
        "-passout",
        "pass:abcd",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fresh_key()
    .key_pass("abcd")
    .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(stderr_masked(&openssl), rsa_keygen_notes("k.pem"));
    assert!(
        openssl
            .file_str("k.pem")
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    );
    assert_eq!(encryption(openssl.file("k.pem")), default_key_encryption());
}

#[test]
fn default_cipher_of_the_fixed_key() {
    // $ openssl req -new -key rsa2048.pem -keyout k.pem -passout pass:abcd -subj /CN=x -out r.pem
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-keyout",
        "k.pem",
        "-passout",
        "pass:abcd",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .key_pass("abcd")
    .assert_same();
    assert_eq!(openssl.code, 0);
    if before("3.0") {
        // 1.1.1 writes -keyout only for a key it generates.
        assert_eq!(openssl.stderr_str(), "");
        assert!(!openssl.has_file("k.pem"));
        return;
    }
    assert_eq!(openssl.stderr_str(), "-----\n");
    assert_eq!(encryption(openssl.file("k.pem")), default_key_encryption());
}

// ----- -x509v1 (3.2) ----------------------------------------------------------------

#[test]
fn x509v1_with_the_stock_config() {
    // $ openssl req -x509v1 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
    //       -not_before 20250101000000Z -not_after 20260101000000Z
    let (openssl, _) = x509v1(dates()).assert_same();
    if before("3.2") {
        // 1.1.1 stops at -x509v1. On 3.0, -not_before is unknown too, so its
        // value ends the options: that stray word is reported before any
        // unknown option.
        assert_lacks_option(&openssl, "x509v1");
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "");
    // 3.5/3.6 still apply the config's v3_ca (and then the certificate is
    // v3 after all); 4.0's -x509v1 skips the config's x509_extensions.
    assert_eq!(
        version_and_extensions(&openssl, "c.pem"),
        pick(
            vec![],
            vec![],
            vec![
                "Version: 3 (0x2)",
                "X509v3 Subject Key Identifier",
                "X509v3 Authority Key Identifier",
                "X509v3 Basic Constraints",
            ],
            vec!["Version: 1 (0x0)"],
        )
    );
}

#[test]
fn x509v1_with_the_default_validity() {
    // $ openssl req -x509v1 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
    let (openssl, _) = x509v1(&[]).fresh_cert().assert_same();
    if before("3.2") {
        // A flag 3.0 does not know: a digest candidate, checked last.
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            format!("{}{USE_HELP}", unknown_option("x509v1"))
        );
        assert!(!openssl.has_file("c.pem"));
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(
        version_and_extensions(&openssl, "c.pem")[0],
        pick("", "", "Version: 3 (0x2)", "Version: 1 (0x0)")
    );
}

#[test]
fn x509v1_with_a_config_without_extensions() {
    // $ openssl req -x509v1 -config min.cnf -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
    //       -not_before 20250101000000Z -not_after 20260101000000Z
    let mut args = vec![
        "-x509v1",
        "-config",
        "min.cnf",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-set_serial",
        "1",
        "-out",
        "c.pem",
    ];
    args.extend_from_slice(dates());
    let case = Case::new(&args).fixtures(&["rsa2048.pem", "min.cnf"]);
    let case = if dates() == FIXED_DATES {
        case
    } else {
        case.fresh_cert()
    };
    let (openssl, _) = case.assert_same();
    if before("3.2") {
        assert_lacks_option(&openssl, "x509v1");
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(
        version_and_extensions(&openssl, "c.pem"),
        ["Version: 1 (0x0)"]
    );
}

#[test]
fn x509v1_with_addext() {
    // $ openssl req -x509v1 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
    //       -addext subjectAltName=DNS:a.example [-config min.cnf] + fixed dates
    for config in [&[][..], &["-config", "min.cnf"]] {
        let mut extra = vec!["-addext", "subjectAltName=DNS:a.example"];
        extra.extend_from_slice(config);
        extra.extend_from_slice(dates());
        let (openssl, _) = x509v1(&extra).fixture("min.cnf").assert_same();
        if before("3.2") {
            assert_lacks_option(&openssl, "x509v1");
            continue;
        }
        assert_eq!(openssl.code, 0);
        // An extension makes the certificate v3 (X509_sign); with the stock
        // config 3.5/3.6 add v3_ca, 4.0 takes only the -addext.
        let want: Vec<&str> = if config.is_empty() && before("4.0") {
            vec![
                "Version: 3 (0x2)",
                "X509v3 Subject Key Identifier",
                "X509v3 Authority Key Identifier",
                "X509v3 Basic Constraints",
                "X509v3 Subject Alternative Name",
            ]
        } else {
            vec!["Version: 3 (0x2)", "X509v3 Subject Alternative Name"]
        };
        assert_eq!(
            version_and_extensions(&openssl, "c.pem"),
            want,
            "{config:?}"
        );
    }
}

// ----- -not_before / -not_after (3.4) -----------------------------------------------

#[test]
fn not_before_and_not_after_fixed_dates() {
    // $ openssl req -x509 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
    //       -not_before 20250101000000Z -not_after 20260101000000Z
    let (openssl, _) = self_signed("-x509", &FIXED_DATES).assert_same();
    if before("3.4") {
        // Unknown options taking the next word: it ends the options.
        assert_eq!(openssl.code, 1);
        assert_lacks_option(&openssl, "not_before");
        assert!(!openssl.has_file("c.pem"));
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "");
    assert_eq!(
        x509(&openssl, "c.pem", &["-dates"]),
        "notBefore=Jan  1 00:00:00 2025 GMT\nnotAfter=Jan  1 00:00:00 2026 GMT\n"
    );
}

#[test]
fn not_before_and_not_after_short_form_utctime() {
    // $ openssl req -x509 ... -not_before 250101000000Z -not_after 491231235959Z
    let (openssl, _) = self_signed(
        "-x509",
        &[
            "-not_before",
            "250101000000Z",
            "-not_after",
            "491231235959Z",
        ],
    )
    .assert_same();
    if before("3.4") {
        assert_lacks_option(&openssl, "not_before");
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(
        x509(&openssl, "c.pem", &["-dates"]),
        "notBefore=Jan  1 00:00:00 2025 GMT\nnotAfter=Dec 31 23:59:59 2049 GMT\n"
    );
}

#[test]
fn not_before_today_with_days() {
    // $ openssl req -x509 ... -not_before today -days 10
    let (openssl, _) = self_signed("-x509", &["-not_before", "today", "-days", "10", "-text"])
        .fresh_cert()
        .assert_same();
    if before("3.4") {
        assert_lacks_option(&openssl, "not_before");
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "");
    let d = x509(&openssl, "c.pem", &["-startdate", "-enddate"]);
    let mut l = d.lines();
    let nb = parse_openssl_time(l.next().unwrap().trim_start_matches("notBefore=")).unwrap();
    let na = parse_openssl_time(l.next().unwrap().trim_start_matches("notAfter=")).unwrap();
    assert_eq!(na - nb, 10 * 86400);
}

#[test]
fn not_before_and_not_after_today() {
    // $ openssl req -x509 ... -not_before today -not_after today
    // $ openssl req -x509 ... -not_after today
    for extra in [
        &["-not_before", "today", "-not_after", "today"][..],
        &["-not_after", "today"],
    ] {
        let (openssl, _) = self_signed("-x509", extra).fresh_cert().assert_same();
        if before("3.4") {
            assert_lacks_option(&openssl, &extra[0][1..]);
            continue;
        }
        assert_eq!(openssl.code, 0, "{extra:?}");
        let d = x509(&openssl, "c.pem", &["-startdate", "-enddate"]);
        let mut l = d.lines();
        let nb = parse_openssl_time(l.next().unwrap().trim_start_matches("notBefore=")).unwrap();
        let na = parse_openssl_time(l.next().unwrap().trim_start_matches("notAfter=")).unwrap();
        assert!((na - nb).abs() <= 1, "{d}");
    }
}

#[test]
fn not_before_invalid_strings() {
    // $ openssl req -x509 ... -not_before 2025   (and other malformed dates)
    for bad in ["2025", "20250101000000", "yesterday", "", "20251301000000Z"] {
        let (openssl, _) = self_signed("-x509", &["-not_before", bad]).assert_same();
        assert_eq!(openssl.code, 1, "{bad:?}");
        assert!(!openssl.has_file("c.pem"));
        if before("3.4") {
            assert_lacks_option(&openssl, "not_before");
        } else {
            assert_eq!(
                messages(&openssl),
                "start date is invalid, it should be \"today\" or have format [CC]YYMMDDHHMMSSZ\n",
                "{bad:?}"
            );
        }
    }
}

#[test]
fn not_after_invalid_strings() {
    // $ openssl req -x509 ... -not_after 20250101000000   (and other malformed dates)
    for bad in ["20250101000000", "tomorrow", "+30d"] {
        let (openssl, _) = self_signed("-x509", &["-not_after", bad]).assert_same();
        assert_eq!(openssl.code, 1, "{bad:?}");
        if before("3.4") {
            assert_lacks_option(&openssl, "not_after");
        } else {
            assert_eq!(
                messages(&openssl),
                "end date is invalid, it should be \"today\" or have format [CC]YYMMDDHHMMSSZ\n",
                "{bad:?}"
            );
        }
    }
}

#[test]
fn not_after_before_not_before() {
    // $ openssl req -x509 ... -not_before 20260101000000Z -not_after 20250101000000Z
    let (openssl, _) = self_signed(
        "-x509",
        &[
            "-not_before",
            "20260101000000Z",
            "-not_after",
            "20250101000000Z",
        ],
    )
    .assert_same();
    assert_eq!(openssl.code, 1);
    assert!(!openssl.has_file("c.pem"));
    if before("3.4") {
        assert_lacks_option(&openssl, "not_before");
    } else {
        assert_eq!(openssl.stderr_str(), "Error: end date before start date\n");
    }
}

#[test]
fn not_after_overrides_days() {
    // $ openssl req -x509 ... -days 10 -not_before 20250101000000Z -not_after 20260101000000Z
    let mut extra = vec!["-days", "10"];
    extra.extend_from_slice(&FIXED_DATES);
    let (openssl, _) = self_signed("-x509", &extra).assert_same();
    if before("3.4") {
        assert_lacks_option(&openssl, "not_before");
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stderr_str(),
        "Warning: -not_after option overriding -days option\n"
    );
    assert_eq!(
        x509(&openssl, "c.pem", &["-enddate"]),
        "notAfter=Jan  1 00:00:00 2026 GMT\n"
    );
}

#[test]
fn days_count_from_today_even_with_not_before() {
    // $ openssl req -x509 ... -not_before 20250101000000Z -days 10
    // (notAfter = now + 10 days, not notBefore + 10 days). The two runs'
    // notAfter (and so the signatures) differ by the time between them, which
    // no mask relative to the fixed notBefore can hide: the streams are
    // compared as usual, the certificates here, without notAfter and signature.
    let (openssl, ours) = self_signed("-x509", &["-not_before", "20250101000000Z", "-days", "10"])
        .fresh_cert()
        .assert_same_output();
    if before("3.4") {
        assert_lacks_option(&openssl, "not_before");
        assert!(!ours.has_file("c.pem"));
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let without_not_after = |o: &Outcome| -> String {
        let end = x509(o, "c.pem", &["-enddate"]);
        let na = parse_openssl_time(end.trim().trim_start_matches("notAfter=")).unwrap();
        assert!((na - (now + 10 * 86400)).abs() < 15 * 60, "{end}");
        x509(o, "c.pem", &["-text", "-certopt", "no_sigdump"])
            .lines()
            .filter(|l| !l.trim_start().starts_with("Not After :"))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let theirs = without_not_after(&openssl);
    assert!(
        theirs.contains("Not Before: Jan  1 00:00:00 2025 GMT\n"),
        "{theirs}"
    );
    assert_eq!(theirs, without_not_after(&ours));
}

#[test]
fn validity_options_without_x509_warn() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -days 10
    //       -not_before today -not_after 20300101000000Z
    let (openssl, _) = quick(&[
        "-days",
        "10",
        "-not_before",
        "today",
        "-not_after",
        "20300101000000Z",
    ])
    .assert_same();
    if before("3.4") {
        assert_eq!(openssl.code, 1);
        assert_lacks_option(&openssl, "not_before");
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(
            openssl.stderr_str(),
            "Warning: Ignoring -days without -x509; not generating a certificate\n\
             Warning: Ignoring -not_before without -x509; not generating a certificate\n\
             Warning: Ignoring -not_after without -x509; not generating a certificate\n"
        );
    }
}

#[test]
fn invalid_dates_without_x509_are_only_ignored() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -not_before garbage -not_after x
    let (openssl, _) = quick(&["-not_before", "garbage", "-not_after", "x"]).assert_same();
    if before("3.4") {
        assert_lacks_option(&openssl, "not_before");
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(
            openssl.stderr_str(),
            "Warning: Ignoring -not_before without -x509; not generating a certificate\n\
             Warning: Ignoring -not_after without -x509; not generating a certificate\n"
        );
    }
}

#[test]
fn days_without_x509_warning_text() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -days 10 -copy_extensions none
    let (openssl, _) = quick(&["-days", "10", "-copy_extensions", "none"]).assert_same();
    if before("3.0") {
        // No -copy_extensions on 1.1.1; its own text for -days alone:
        // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -days 10
        assert_lacks_option(&openssl, "copy_extensions");
        let (openssl, _) = quick(&["-days", "10"]).assert_same();
        assert_eq!(openssl.code, 0);
        assert_eq!(
            openssl.stderr_str(),
            "Ignoring -days; not generating a certificate\n"
        );
        return;
    }
    assert_eq!(openssl.code, 0);
    let w = by_line([("3.0", ""), ("3.4", "Warning: ")]);
    assert_eq!(
        openssl.stderr_str(),
        format!(
            "{w}Ignoring -days without -x509; not generating a certificate\n\
             {w}Ignoring -copy_extensions 'none' when -x509 is not given\n"
        )
    );
}

#[test]
fn not_before_needs_a_value() {
    // $ openssl req -x509 ... -not_after
    let (openssl, _) = self_signed("-x509", &["-not_after"]).assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        if before("3.4") {
            format!("{}{USE_HELP}", unknown_option("not_after"))
        } else {
            format!("req: Option -not_after needs a value\n{USE_HELP}")
        }
    );
}

// ----- -quiet (3.2) ---------------------------------------------------------------------

#[test]
fn quiet_hides_the_progress() {
    // $ openssl req -newkey rsa:1024 -nodes -keyout k.pem -subj /CN=x -out r.pem -quiet
    let (openssl, _) = new_key("r.pem", &["-quiet"]).assert_same();
    if before("3.2") {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            format!("{}{USE_HELP}", unknown_option("quiet"))
        );
        assert!(!openssl.has_file("k.pem"));
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stderr_str(), "-----\n");
        assert_eq!(openssl.stdout_str(), "");
    }
}

#[test]
fn quiet_then_verbose_is_verbose() {
    // $ openssl req -newkey rsa:1024 ... -quiet -verbose
    let (openssl, _) = new_key("r.pem", &["-quiet", "-verbose"]).assert_same();
    let cnf = default_config();
    if before("3.0") {
        // 1.1.1 stops at the unknown option, before -verbose is used.
        assert_lacks_option(&openssl, "quiet");
        return;
    }
    if before("3.2") {
        // 3.0 checks the digest candidate "quiet" after loading the config.
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            format!(
                "Using configuration from {cnf}\n\
                 req: Unknown option or message digest: quiet\n{USE_HELP}"
            )
        );
        return;
    }
    assert_eq!(openssl.code, 0);
    let key_note = "Writing private key to 'k.pem'\n";
    if line_at_least("4.0") {
        assert_eq!(
            stderr_masked(&openssl),
            format!(
                "Using configuration from {cnf}\nGenerating rsa key with 1024 bits\n\
                 <progress>\n<progress>\n-----\n"
            )
        );
        assert_eq!(openssl.stdout_str(), key_note);
    } else {
        assert_eq!(
            stderr_masked(&openssl),
            format!(
                "Using configuration from {cnf}\nGenerating rsa key with 1024 bits\n\
                 <progress>\n<progress>\n{key_note}-----\n"
            )
        );
        assert_eq!(openssl.stdout_str(), "");
    }
}

#[test]
fn verbose_then_quiet_is_quiet() {
    // $ openssl req -newkey rsa:1024 ... -verbose -quiet
    let (openssl, _) = new_key("r.pem", &["-verbose", "-quiet"]).assert_same();
    if before("3.0") {
        // 1.1.1 stops at the unknown option, before -verbose is used.
        assert_lacks_option(&openssl, "quiet");
    } else if before("3.2") {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            format!(
                "Using configuration from {}\n\
                 req: Unknown option or message digest: quiet\n{USE_HELP}",
                default_config()
            )
        );
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stderr_str(), "-----\n");
        assert_eq!(openssl.stdout_str(), "");
    }
}

#[test]
fn verbose_key_note_stream() {
    // $ openssl req -newkey rsa:1024 ... -verbose
    let (openssl, _) = new_key("r.pem", &["-verbose"]).assert_same();
    assert_eq!(openssl.code, 0);
    let on_stdout = line_at_least("4.0");
    // (1.1.1 words it its own way, and says it with or without -verbose)
    let note = by_line([
        ("1.1.1", "writing new private key to 'k.pem'\n"),
        ("3.0", "Writing private key to 'k.pem'\n"),
    ]);
    assert_eq!(openssl.stdout_str().contains(note), on_stdout);
    assert_eq!(openssl.stderr_str().contains(note), !on_stdout);
}

#[test]
fn quiet_with_a_fixed_key_changes_nothing_else() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -subject -quiet
    let (openssl, _) = quick(&["-subject", "-quiet"]).assert_same();
    if before("3.2") {
        assert_eq!(
            openssl.stderr_str(),
            format!("{}{USE_HELP}", unknown_option("quiet"))
        );
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stdout_str(), "subject=CN=x\n");
        assert_eq!(openssl.stderr_str(), "");
    }
}

// ----- -provparam (3.5) -------------------------------------------------------------

#[test]
fn provparam_accepted_forms() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -subject -provparam k=v
    // (also default:k=v, :k=v, " k = v ", and a parameter of a loaded legacy provider)
    for extra in [
        &["-provparam", "k=v"][..],
        &["-provparam", "default:k=v"],
        &["-provparam", ":k=v"],
        &["-provparam", " k = v "],
        &["-provparam", "default: k =v"],
        &[
            "-provider",
            "default",
            "-provider",
            "legacy",
            "-provparam",
            "legacy:k=v",
        ],
    ] {
        let mut args = vec!["-subject"];
        args.extend_from_slice(extra);
        let (openssl, _) = quick(&args).assert_same();
        if before("3.5") {
            assert_lacks_option(&openssl, &extra[0][1..]);
        } else {
            assert_eq!(openssl.code, 0, "{extra:?}: {}", openssl.stderr_str());
            assert_eq!(openssl.stdout_str(), "subject=CN=x\n");
            assert_eq!(openssl.stderr_str(), "");
        }
    }
}

#[test]
fn provparam_for_a_provider_not_loaded() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -provparam legacy:k=v
    let (openssl, _) = quick(&["-provparam", "legacy:k=v"]).assert_same();
    if before("3.5") {
        assert_lacks_option(&openssl, "provparam");
    } else {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            "req: No provider named 'legacy' is loaded\n"
        );
    }
}

#[test]
fn provparam_malformed_values() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -provparam noequals
    // (also "=v", "default:=v", " = v", "")
    for bad in ["noequals", "=v", "default:=v", " = v", ""] {
        let (openssl, _) = quick(&["-provparam", bad]).assert_same();
        assert_eq!(openssl.code, 1, "{bad:?}");
        if before("3.5") {
            assert_lacks_option(&openssl, "provparam");
        } else {
            assert_eq!(
                openssl.stderr_str(),
                format!("req: malformed '-provparam' option value: '{bad}'\n"),
                "{bad:?}"
            );
        }
    }
}

#[test]
fn provparam_without_a_value() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -provparam
    let (openssl, _) = quick(&["-provparam"]).assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        if before("3.5") {
            format!("{}{USE_HELP}", unknown_option("provparam"))
        } else {
            format!("req: Option -provparam needs a value\n{USE_HELP}")
        }
    );
}

// ----- engines (removed in 4.0) -----------------------------------------------------

#[test]
fn engine_dynamic() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -subject -engine dynamic
    let (openssl, _) = quick(&["-subject", "-engine", "dynamic"]).assert_same();
    if line_at_least("4.0") {
        // No such option: "engine" is an unknown option and "dynamic" a stray word.
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            format!("req: Extra (unknown) options: \"engine\" \"dynamic\"\n{USE_HELP}")
        );
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stderr_str(), engine_set("dynamic"));
        assert_eq!(
            openssl.stdout_str(),
            pick("subject=CN = x\n", "subject=CN = x\n", "subject=CN=x\n", "")
        );
    }
}

#[test]
fn engine_unknown() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -subject -engine foo
    let (openssl, _) = quick(&["-subject", "-engine", "foo"]).assert_same();
    if line_at_least("4.0") {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            format!("req: Extra (unknown) options: \"engine\" \"foo\"\n{USE_HELP}")
        );
    } else {
        // An engine that cannot be loaded is only reported; the run goes on.
        assert_eq!(openssl.code, 0);
        assert_eq!(
            messages(&openssl),
            by_line([
                ("1.1.1", "invalid engine \"foo\"\n"),
                ("3.0", "Invalid engine \"foo\"\n"),
            ])
        );
        assert!(stack(&openssl).contains(&"ENGINE_by_id:no such engine".to_string()));
        assert_eq!(
            openssl.stdout_str(),
            pick("subject=CN = x\n", "subject=CN = x\n", "subject=CN=x\n", "")
        );
    }
}

#[test]
fn keygen_engine_unknown() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -keygen_engine foo
    let (openssl, _) = quick(&["-keygen_engine", "foo"]).assert_same();
    assert_eq!(openssl.code, 1);
    if line_at_least("4.0") {
        assert_eq!(
            openssl.stderr_str(),
            format!("req: Extra (unknown) options: \"keygen_engine\" \"foo\"\n{USE_HELP}")
        );
    } else {
        // (sic: the program name, not the engine's). 1.1.1 looks the
        // engine up with ENGINE_by_id alone, which says nothing itself.
        assert_eq!(
            messages(&openssl),
            format!(
                "{}Can't find keygen engine req\n{USE_HELP}",
                if before("3.0") {
                    ""
                } else {
                    "Invalid engine \"foo\"\n"
                }
            )
        );
        assert!(stack(&openssl).contains(&"ENGINE_by_id:no such engine".to_string()));
    }
}

#[test]
fn engine_after_a_digest() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -subject -sha256 -engine dynamic
    let (openssl, _) = quick(&["-subject", "-sha256", "-engine", "dynamic"]).assert_same();
    if line_at_least("4.0") {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            format!("req: Multiple digest or unknown options: -sha256 and -engine\n{USE_HELP}")
        );
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stderr_str(), engine_set("dynamic"));
    }
}

#[test]
fn engine_without_a_value() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -engine
    let (openssl, _) = quick(&["-engine"]).assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        if line_at_least("4.0") {
            format!("req: Unknown option or message digest: engine\n{USE_HELP}")
        } else {
            format!("req: Option -engine needs a value\n{USE_HELP}")
        }
    );
}

#[test]
fn keyform_engine() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -keyform engine
    // $ ... -keyform e      (any word starting with "e")
    for form in ["engine", "ENGINE", "e"] {
        let (openssl, _) = quick(&["-keyform", form]).assert_same();
        assert_eq!(openssl.code, 1);
        if line_at_least("4.0") {
            assert_eq!(
                openssl.stderr_str(),
                format!(
                    "req: Bad format \"{form}\"\nreq: Invalid format \"{form}\" for option -keyform\n{USE_HELP}"
                )
            );
        } else {
            // An engine key needs -engine.
            assert_eq!(
                openssl.stderr_str(),
                by_line([
                    ("1.1.1", "no engine specified\nunable to load Private Key\n"),
                    (
                        "3.0",
                        "No engine specified for loading private key\n\
                         No filename or uri specified for loading\n private key\n"
                    ),
                ])
            );
        }
    }
}

#[test]
fn keyform_engine_with_engine_dynamic() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -keyform engine -engine dynamic
    let (openssl, _) = quick(&["-keyform", "engine", "-engine", "dynamic"]).assert_same();
    assert_eq!(openssl.code, 1);
    if line_at_least("4.0") {
        assert_eq!(
            openssl.stderr_str(),
            format!(
                "req: Bad format \"engine\"\nreq: Invalid format \"engine\" for option -keyform\n{USE_HELP}"
            )
        )
    } else {
        assert_eq!(
            messages(&openssl),
            format!(
                "{}{}",
                engine_set("dynamic"),
                by_line([
                    (
                        "1.1.1",
                        "cannot load Private Key from engine\nunable to load Private Key\n"
                    ),
                    (
                        "3.0",
                        "Could not read private key from org.openssl.engine:dynamic:rsa1024.pem\n"
                    ),
                    (
                        "3.2",
                        "Could not find private key from org.openssl.engine:dynamic:rsa1024.pem\n"
                    ),
                ])
            )
        );
    }
}

// ----- the option parser (apps/lib/opt.c, 3.2) --------------------------------------

#[test]
fn two_digest_options() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -subject -sha256 -sha512
    let (openssl, _) = quick(&["-subject", "-sha256", "-sha512"]).assert_same();
    if before("3.2") {
        // The last one wins, silently.
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stdout_str(), "subject=CN = x\n");
        assert_eq!(openssl.stderr_str(), "");
    } else {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            format!("req: Multiple digest or unknown options: -sha256 and -sha512\n{USE_HELP}")
        );
    }
}

#[test]
fn two_digest_options_last_one_signs_on_30() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -out r.pem -sha256 -sha512
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
        "-sha256",
        "-sha512",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    if before("3.2") {
        assert_eq!(openssl.code, 0);
        assert!(
            req(&openssl, "r.pem", &["-text"])
                .contains("Signature Algorithm: sha512WithRSAEncryption")
        );
    } else {
        assert_eq!(openssl.code, 1);
        assert!(!openssl.has_file("r.pem"));
    }
}

#[test]
fn unknown_option_then_a_digest() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -subject -bogus -sha256
    let (openssl, _) = quick(&["-subject", "-bogus", "-sha256"]).assert_same();
    if before("3.0") {
        // 1.1.1 stops at the unknown option.
        assert_lacks_option(&openssl, "bogus");
    } else if before("3.2") {
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stdout_str(), "subject=CN = x\n");
    } else {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            format!("req: Multiple digest or unknown options: -bogus and -sha256\n{USE_HELP}")
        );
    }
}

#[test]
fn unknown_option_then_an_extra_word() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -bogus junk
    // $ ... -sha256 junk
    for (opt, name) in [("-bogus", "bogus"), ("-sha256", "sha256")] {
        let (openssl, _) = quick(&[opt, "junk"]).assert_same();
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            if before("3.0") && opt == "-bogus" {
                // 1.1.1 stops at the unknown option, before the stray word.
                format!("req: Unrecognized flag {name}\n{USE_HELP}")
            } else if before("3.2") {
                USE_HELP.to_string()
            } else {
                format!("req: Extra (unknown) options: \"{name}\" \"junk\"\n{USE_HELP}")
            }
        );
    }
}

#[test]
fn stray_words() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout junk
    // $ ... junk ""      $ ... -- junk
    for extra in [&["junk"][..], &["junk", ""], &["--", "junk"]] {
        let (openssl, _) = quick(extra).assert_same();
        assert_eq!(openssl.code, 1, "{extra:?}");
        assert_eq!(
            openssl.stderr_str(),
            if before("3.2") {
                USE_HELP.to_string()
            } else {
                format!("req: Extra option: \"junk\"\n{USE_HELP}")
            },
            "{extra:?}"
        );
    }
}

#[test]
fn empty_word_before_a_stray_word() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -subject "" junk
    // (3.2's opt_check_rest_arg only looks at the first word left: empty is none)
    let (openssl, _) = quick(&["-subject", "", "junk"]).assert_same();
    if before("3.2") {
        assert_eq!(openssl.code, 1);
        assert_eq!(openssl.stderr_str(), USE_HELP);
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stdout_str(), "subject=CN=x\n");
        assert_eq!(openssl.stderr_str(), "");
    }
}

#[test]
fn new_then_stray_word() {
    // $ openssl req -new junk
    let (openssl, _) = Case::new(&["-new", "junk"]).assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        if before("3.2") {
            USE_HELP.to_string()
        } else {
            format!("req: Extra option: \"junk\"\n{USE_HELP}")
        }
    );
}

#[test]
fn inform_b64() {
    // $ openssl req -in csr-rsa.pem -noout -inform b64
    let (openssl, _) = Case::new(&["-in", "csr-rsa.pem", "-noout", "-inform", "b64"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        format!(
            "{}{}{USE_HELP}",
            pick(
                // (1.1.1's opt_format knows no "b" format: it fails without a word)
                "",
                "req: Bad format \"b64\"\n",
                "req: Bad format \"b64\"; must be one of:  pem der\n",
                "req: Bad format \"b64\"; must be one of:  pem der\n",
            ),
            invalid_format("b64", "-inform")
        )
    );
}

#[test]
fn inform_bogus() {
    // $ openssl req -in csr-rsa.pem -noout -inform bogus   (a "b" word that is not b64)
    let (openssl, _) = Case::new(&["-in", "csr-rsa.pem", "-noout", "-inform", "bogus"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        format!(
            "{}{}{USE_HELP}",
            if line_at_least("3.0") && before("3.2") {
                "req: Bad format \"bogus\"\n"
            } else {
                ""
            },
            invalid_format("bogus", "-inform")
        )
    );
}

#[test]
fn inform_smime_and_outform_text() {
    // $ openssl req -in csr-rsa.pem -noout -inform smime
    // $ openssl req -in csr-rsa.pem -noout -outform text
    for (opt, val) in [
        ("-inform", "smime"),
        ("-outform", "text"),
        ("-outform", "pvk"),
    ] {
        let (openssl, _) = Case::new(&["-in", "csr-rsa.pem", "-noout", opt, val])
            .fixture("csr-rsa.pem")
            .assert_same();
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            format!(
                "req: Bad format \"{val}\"; must be {}\n{}{USE_HELP}",
                if before("3.2") {
                    "pem or der"
                } else {
                    "one of:  pem der"
                },
                invalid_format(val, opt)
            )
        );
    }
}

#[test]
fn keyform_nope() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -keyform nope
    let (openssl, _) = quick(&["-keyform", "nope"]).assert_same();
    assert_eq!(openssl.code, 1);
    let list = by_line([
        (
            "1.1.1",
            ":\n   PEM/DER\n   pkcs12\n   smime\n   engine\n   msblob\n   nss\n   text\n   http\n   pvk\n",
        ),
        (
            "3.0",
            ":\n   PEM/DER\n   pkcs12\n   smime\n   engine\n   msblob\n   nss\n   text\n   http\n   pvk\n",
        ),
        (
            "3.2",
            ":  pem der b64 pkcs12 smime engine msblob nss text http pvk\n",
        ),
        (
            "4.0",
            ":  pem der b64 pkcs12 smime msblob nss text http pvk\n",
        ),
    ]);
    assert_eq!(
        openssl.stderr_str(),
        format!(
            "req: Bad format \"nope\"; must be one of{list}{}{USE_HELP}",
            invalid_format("nope", "-keyform")
        )
    );
}

#[test]
fn keyform_b64() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -subject -keyform b64
    let (openssl, _) = quick(&["-subject", "-keyform", "b64"]).assert_same();
    if before("3.2") {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            format!(
                "{}{}{USE_HELP}",
                if before("3.0") {
                    ""
                } else {
                    "req: Bad format \"b64\"\n"
                },
                invalid_format("b64", "-keyform")
            )
        );
    } else {
        // B64 is a format of its own since 3.2; the PEM key loads all the same.
        assert_eq!(openssl.code, 0, "{}", openssl.stderr_str());
        assert_eq!(openssl.stdout_str(), "subject=CN=x\n");
    }
}

// ----- warnings about options a combination leaves unused (3.2) ------------------------

#[test]
fn newkey_with_key_warns() {
    // $ openssl req -new -key rsa1024.pem -newkey rsa:1024 -subj /CN=x -noout
    let (openssl, _) = quick(&["-newkey", "rsa:1024"]).assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stderr_str(),
        if before("3.2") {
            ""
        } else {
            "Warning: Not generating key via given -newkey option since -key is given\n"
        }
    );
}

#[test]
fn in_with_new_warns() {
    // $ openssl req -in csr-rsa.pem -new -key rsa1024.pem -subj /CN=x -noout -subject
    let (openssl, _) = quick(&["-in", "csr-rsa.pem", "-subject"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stderr_str(),
        if before("3.2") {
            ""
        } else {
            "Warning: Ignoring -in option since -new or -newkey or -precert is given\n"
        }
    );
    assert_eq!(
        openssl.stdout_str(),
        pick(
            "subject=CN = x\n",
            "subject=CN = x\n",
            "subject=CN=x\n",
            "subject=CN=x\n"
        )
    );
}

#[test]
fn in_with_newkey_warns_after_the_key_is_written() {
    // $ openssl req -in csr-rsa.pem -newkey rsa:1024 -nodes -keyout k.pem -subj /CN=x -out r.pem
    let (openssl, _) = new_key("r.pem", &["-in", "csr-rsa.pem"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        stderr_masked(&openssl),
        format!(
            "{}{}",
            rsa_keygen_notes("k.pem"),
            if before("3.2") {
                ""
            } else {
                "Warning: Ignoring -in option since -new or -newkey or -precert is given\n"
            }
        )
    );
}

#[test]
fn in_with_key_warns() {
    // $ openssl req -in csr-rsa.pem -key rsa1024.pem -noout -subject
    let (openssl, _) = Case::new(&[
        "-in",
        "csr-rsa.pem",
        "-key",
        "rsa1024.pem",
        "-noout",
        "-subject",
    ])
    .fixtures(&["csr-rsa.pem", "rsa1024.pem"])
    .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stderr_str(),
        if before("3.2") {
            ""
        } else {
            "Warning: Not placing -key in cert or request since request is used\n"
        }
    );
    assert_eq!(
        openssl.stdout_str(),
        pick(
            "subject=C = US, O = Acme, CN = example.com\n",
            "subject=C = US, O = Acme, CN = example.com\n",
            "subject=C=US, O=Acme, CN=example.com\n",
            "subject=C=US, O=Acme, CN=example.com\n",
        )
    );
}

#[test]
fn ca_with_key_warns() {
    // $ openssl req -x509 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
    //       -CA ca-cert.pem -CAkey ca-key.pem -days 30
    let (openssl, _) = self_signed(
        "-x509",
        &["-CA", "ca-cert.pem", "-CAkey", "ca-key.pem", "-days", "30"],
    )
    .fixtures(&["ca-cert.pem", "ca-key.pem"])
    .fresh_cert()
    .assert_same();
    if before("3.0") {
        // No -CA on 1.1.1.
        assert_lacks_option(&openssl, "CA");
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stderr_str(),
        if before("3.2") {
            ""
        } else {
            "Warning: Not using -key or -newkey for signing since -CA option is given\n"
        }
    );
}

#[test]
fn ca_with_newkey_does_not_warn() {
    // $ openssl req -x509 -newkey rsa:1024 -nodes -keyout k.pem -subj /CN=x -out r.pem
    //       -CA ca-cert.pem -CAkey ca-key.pem -set_serial 7
    let (openssl, _) = new_key(
        "r.pem",
        &[
            "-x509",
            "-CA",
            "ca-cert.pem",
            "-CAkey",
            "ca-key.pem",
            "-set_serial",
            "7",
        ],
    )
    .fixtures(&["ca-cert.pem", "ca-key.pem"])
    .fresh_cert()
    .assert_same();
    if before("3.0") {
        // No -CA on 1.1.1: the options are all read before any key is made.
        assert_lacks_option(&openssl, "CA");
        assert!(!openssl.has_file("k.pem"));
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(stderr_masked(&openssl), rsa_keygen_notes("k.pem"));
}

#[test]
fn precert_without_x509_warns() {
    // $ openssl req -precert -key rsa1024.pem -subj /CN=x -noout
    let (openssl, _) = Case::new(&[
        "-precert",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=x",
        "-noout",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stderr_str(),
        if before("3.2") {
            ""
        } else {
            "Warning: Ignoring -precert flag since no cert is produced\n"
        }
    );
}

#[test]
fn precert_with_x509_does_not_warn() {
    // $ openssl req -x509 -precert -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem -days 30
    let (openssl, _) = self_signed("-x509", &["-precert", "-days", "30"])
        .fresh_cert()
        .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "");
    assert!(
        version_and_extensions(&openssl, "c.pem").contains(&"CT Precertificate Poison".to_string())
    );
}

#[test]
fn cakey_without_ca_warns_on_every_line() {
    // $ openssl req -x509 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem -CAkey ca-key.pem -days 30
    let (openssl, _) = self_signed("-x509", &["-CAkey", "ca-key.pem", "-days", "30"])
        .fixture("ca-key.pem")
        .fresh_cert()
        .assert_same();
    if before("3.0") {
        // (every line that has -CAkey: 1.1.1 has neither option)
        assert_lacks_option(&openssl, "CAkey");
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stderr_str(),
        "Warning: Ignoring -CAkey option since no -CA option is given\n"
    );
}

// ----- reading a request from a terminal (3.4's hint) -------------------------------

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name),
    )
    .unwrap()
}

const STDIN_HINT: &str = "Warning: Will read cert request from stdin since no -in option is given";

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "runs on a pseudo-terminal, watched through /proc: Linux only"
)]
fn request_typed_on_a_terminal() {
    // $ openssl req -noout -subject      (on a terminal; paste csr-rsa.pem, then ^D)
    let csr = fixture_text("csr-rsa.pem");
    let (openssl, _) = Case::new(&["-noout", "-subject"])
        .answer("", format!("{csr}\x04"))
        .assert_same();
    assert_eq!(openssl.code, 0);
    let typed = csr.replace('\n', "\r\n");
    let subject = pick(
        "subject=C = US, O = Acme, CN = example.com\r\n",
        "subject=C = US, O = Acme, CN = example.com\r\n",
        "subject=C=US, O=Acme, CN=example.com\r\n",
        "subject=C=US, O=Acme, CN=example.com\r\n",
    );
    assert_eq!(
        openssl.stdout_str(),
        if before("3.2") {
            format!("{typed}{subject}")
        } else {
            format!("{STDIN_HINT}\r\n{typed}{subject}")
        }
    );
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "runs on a pseudo-terminal, watched through /proc: Linux only"
)]
fn end_of_input_at_once_on_a_terminal() {
    // $ openssl req -noout      (on a terminal; ^D)
    let (openssl, _) = Case::new(&["-noout"]).answer("", "\x04").assert_same();
    assert_eq!(openssl.code, 1);
    let t = openssl.stdout_str();
    if before("3.0") {
        assert!(
            t.starts_with("unable to load X509 request\r\n")
                && t.contains(":get_name:no start line:"),
            "{t:?}"
        );
    } else if before("3.1") {
        assert!(
            t.starts_with("Unable to load X509 request\r\n")
                && t.contains(":get_name:no start line:"),
            "{t:?}"
        );
    } else if before("3.2") {
        // 3.1: the stack first (load_csr).
        assert!(
            t.ends_with("Unable to load X509 request\r\n")
                && t.contains(":get_name:no start line:"),
            "{t:?}"
        );
    } else if before("3.6") {
        assert_eq!(
            t,
            format!("{STDIN_HINT}\r\nerror: unable to load X509 request from file '<NULL>'\r\n")
        );
    } else if before("4.0") {
        assert!(t.starts_with(&format!("{STDIN_HINT}\r\n")), "{t:?}");
        assert!(
            t.ends_with("error: unable to load X509 request from file '<NULL>'\r\n"),
            "{t:?}"
        );
    } else {
        assert_eq!(
            t,
            format!("{STDIN_HINT}\r\nerror: unable to load X509 request from file '(null)'\r\n")
        );
    }
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "runs on a pseudo-terminal, watched through /proc: Linux only"
)]
fn request_piped_in_while_on_a_terminal_gives_no_hint() {
    // $ openssl req -noout -subject < csr-rsa.pem      (stdout and stderr on a terminal)
    let (openssl, _) = Case::new(&["-noout", "-subject"])
        .terminal_with_piped_stdin(fixture_text("csr-rsa.pem"))
        .assert_same();
    assert_eq!(openssl.code, 0);
    // (3.2 and 3.3 give it all the same)
    assert_eq!(
        openssl.stdout_str(),
        format!(
            "{}{}",
            stdin_hint().replace('\n', "\r\n"),
            pick(
                "subject=C = US, O = Acme, CN = example.com\r\n",
                "subject=C = US, O = Acme, CN = example.com\r\n",
                "subject=C=US, O=Acme, CN=example.com\r\n",
                "subject=C=US, O=Acme, CN=example.com\r\n",
            )
        )
    );
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "runs on a pseudo-terminal, watched through /proc: Linux only"
)]
fn new_request_on_a_terminal_gives_no_hint() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -subject   (on a terminal)
    // $ openssl req -x509 -key rsa1024.pem -subj /CN=x -noout -subject  (on a terminal)
    for first in ["-new", "-x509"] {
        let (openssl, _) = Case::new(&[
            first,
            "-key",
            "rsa1024.pem",
            "-subj",
            "/CN=x",
            "-noout",
            "-subject",
        ])
        .fixture("rsa1024.pem")
        .terminal()
        .fresh_cert()
        .assert_same();
        assert_eq!(openssl.code, 0, "{first}");
        assert_eq!(
            openssl.stdout_str(),
            pick(
                "subject=CN = x\r\n",
                "subject=CN = x\r\n",
                "subject=CN=x\r\n",
                "subject=CN=x\r\n"
            )
        );
    }
}

// ----- -addext (3.2, 3.4; 4.0) -----------------------------------------------------------

#[test]
fn addext_without_equals_sign() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -addext noequals
    // $ ... -addext "   "   (blank: no '=' either)
    for arg in ["noequals", "   "] {
        let (openssl, _) = quick(&["-addext", arg]).assert_same();
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            if before("3.0") {
                // 1.1.1's duplicated() fails a syntax error silently.
                USE_HELP.to_string()
            } else if before("3.2") {
                format!("Duplicate extension: {arg}\n{USE_HELP}")
            } else {
                "Parse error on -addext: missing '='\n".to_string()
            }
        );
    }
}

#[test]
fn addext_without_key() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -addext " =x"
    let (openssl, _) = quick(&["-addext", " =x"]).assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        if before("3.0") {
            USE_HELP.to_string()
        } else if before("3.2") {
            format!("Duplicate extension:  =x\n{USE_HELP}")
        } else {
            "Parse error on -addext: missing key\n".to_string()
        }
    );
}

#[test]
fn addext_duplicate_name() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout
    //       -addext subjectAltName=DNS:a -addext " subjectAltName = DNS:b"
    let (openssl, _) = quick(&[
        "-addext",
        "subjectAltName=DNS:a",
        "-addext",
        " subjectAltName = DNS:b",
    ])
    .assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        by_line([
            // 1.1.1: duplicated() says nothing itself.
            ("1.1.1", USE_HELP.to_string()),
            (
                "3.0",
                format!("Duplicate extension:  subjectAltName = DNS:b\n{USE_HELP}")
            ),
            // 3.2 and 3.3: `goto opthelp`; since 3.4 `goto end`
            (
                "3.2",
                format!("Duplicate extension name: subjectAltName\n{USE_HELP}")
            ),
            (
                "3.4",
                "Duplicate extension name: subjectAltName\n".to_string()
            ),
        ])
    );
}

#[test]
fn addext_unknown_extension() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -addext bogusExt=foo
    // $ openssl req -x509 -key rsa2048.pem ... -addext bogusExt=foo
    for case in [
        quick(&["-addext", "bogusExt=foo"]),
        self_signed("-x509", &["-addext", "bogusExt=foo", "-days", "1"]),
    ] {
        let (openssl, _) = case.assert_same();
        assert_eq!(openssl.code, 1);
        assert_eq!(
            messages(&openssl),
            pick(
                "Error Loading command line extensions\n",
                "Error checking extensions defined using -addext\n",
                "Error checking extensions defined using -addext\n",
                "Error checking x509 extensions defined via -addext\n",
            )
        );
        assert_eq!(
            stack(&openssl),
            ["do_ext_nconf:unknown extension name", ext_error()]
        );
    }
}

#[test]
fn addext_that_cannot_be_added_to_a_request() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -addext authorityKeyIdentifier=keyid:always
    let (openssl, _) = quick(&["-addext", "authorityKeyIdentifier=keyid:always"]).assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        messages(&openssl),
        by_line([
            ("1.1.1", "Error Loading command line extensions\n"),
            ("3.0", "Error adding extensions defined via -addext\n"),
            (
                "3.2",
                "Error adding request extensions defined via -addext\n"
            ),
        ])
    );
    assert_eq!(
        stack(&openssl),
        ["v2i_AUTHORITY_KEYID:no issuer certificate", ext_error()]
    );
}

/// A config with a policy section that `-addext certificatePolicies=@pols` names.
const POLS_CNF: &str = "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = pols\n\
                        [pols]\npolicyIdentifier = 1.2.3.4\nCPS.1 = \"http://example.com/cps\"\n";

#[test]
fn addext_naming_a_section_of_the_config() {
    // $ openssl req -x509 -config pols.cnf -key rsa2048.pem -set_serial 1 -out c.pem
    //       -addext certificatePolicies=@pols -days 30
    let (openssl, _) = Case::new(&[
        "-x509",
        "-config",
        "pols.cnf",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "1",
        "-out",
        "c.pem",
        "-addext",
        "certificatePolicies=@pols",
        "-days",
        "30",
    ])
    .fixture("rsa2048.pem")
    .file("pols.cnf", POLS_CNF)
    .fresh_cert()
    .assert_same();
    // Before "Fix openssl req with -addext subjectAltName=dirName" (3.0.14,
    // 3.1.6, 3.2.2, 3.3.0; never in 1.1.1) the -addext check looked sections
    // up in the -addext text, which has no [pols].
    let fixed = [
        version("3.0.14"),
        version("3.1.6"),
        version("3.2.2"),
        version("3.3"),
    ];
    if !built_version().has_fix(&fixed) {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            messages(&openssl),
            by_line([
                ("1.1.1", "Error Loading command line extensions\n"),
                ("3.0", "Error checking extensions defined using -addext\n"),
            ])
        );
        assert_eq!(
            stack(&openssl),
            ["r2i_certpol:invalid section", ext_error()]
        );
    } else if line_at_least("4.0") {
        // 4.0 adds the -addext extensions with the -addext text as the
        // database, which has no [pols] (the check used the config).
        assert_eq!(openssl.code, 1);
        assert_eq!(
            messages(&openssl),
            "Error adding x509 extensions defined via -addext\n"
        );
        assert_eq!(
            stack(&openssl),
            ["r2i_certpol:invalid section", ext_error()]
        );
        assert!(!openssl.has_file("c.pem"));
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(
            version_and_extensions(&openssl, "c.pem"),
            [
                "Version: 3 (0x2)",
                "X509v3 Certificate Policies",
                "X509v3 Subject Key Identifier"
            ]
        );
    }
}

// ----- -verify (3.2, 3.3) ---------------------------------------------------------------

#[test]
fn verify_ok() {
    // $ openssl req -in csr-rsa.pem -verify -noout
    let (openssl, _) = Case::new(&["-in", "csr-rsa.pem", "-verify", "-noout"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(openssl.code, 0);
    let ok = verify_ok_note();
    if before("3.2") {
        assert_eq!(openssl.stderr_str(), ok);
        assert_eq!(openssl.stdout_str(), "");
    } else {
        assert_eq!(openssl.stdout_str(), ok);
        assert_eq!(openssl.stderr_str(), "");
    }
}

#[test]
fn verify_ok_with_out_file() {
    // $ openssl req -in csr-rsa.pem -verify -out r.pem
    let (openssl, _) = Case::new(&["-in", "csr-rsa.pem", "-verify", "-out", "r.pem"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(openssl.code, 0);
    let ok = verify_ok_note();
    assert_eq!(openssl.stdout_str(), if before("3.2") { "" } else { ok });
    assert_eq!(openssl.stderr_str(), if before("3.2") { ok } else { "" });
    assert_eq!(openssl.file("r.pem"), openssl.file("csr-rsa.pem"));
}

#[test]
fn verify_of_a_new_request() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -verify
    let (openssl, _) = quick(&["-verify"]).assert_same();
    assert_eq!(openssl.code, 0);
    let ok = verify_ok_note();
    assert_eq!(openssl.stdout_str(), if before("3.2") { "" } else { ok });
    assert_eq!(openssl.stderr_str(), if before("3.2") { ok } else { "" });
}

#[test]
fn verify_failure() {
    // $ openssl req -in csr-tampered.pem -verify -noout
    let (openssl, _) = Case::new(&["-in", "csr-tampered.pem", "-verify", "-noout"])
        .fixture("csr-tampered.pem")
        .assert_same();
    let failure = "Certificate request self-signature verify failure\n";
    if before("3.0") {
        // The failure is only reported, with libcrypto's reasons.
        assert_eq!(openssl.code, 0);
        assert_eq!(messages(&openssl), "verify failure\n");
        assert_eq!(
            stack(&openssl),
            ["int_rsa_verify:bad signature", "ASN1_item_verify:EVP lib"]
        );
    } else if before("3.2") {
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stderr_str(), failure);
    } else if before("3.3") {
        // 3.2 checks the request when it loads it, and -verify still
        // succeeds: the queued errors are not printed.
        assert_eq!(openssl.code, 0);
        assert_eq!(
            openssl.stderr_str(),
            format!("Warning: CSR self-signature does not match the contents\n{failure}")
        );
    } else {
        // Since 3.3 it fails the run (the provider function is named
        // rsa_verify_directly since 3.4).
        assert_eq!(openssl.code, 1);
        assert_eq!(
            messages(&openssl),
            format!("Warning: CSR self-signature does not match the contents\n{failure}")
        );
        let bad = [
            "ossl_rsa_verify:bad signature",
            if before("3.4") {
                "rsa_verify:RSA lib"
            } else {
                "rsa_verify_directly:RSA lib"
            },
            "ASN1_item_verify_ctx:EVP lib",
        ];
        assert_eq!(stack(&openssl), [bad, bad].concat());
    }
    assert_eq!(openssl.stdout_str(), "");
}

#[test]
fn verify_failure_skips_the_output() {
    // $ openssl req -in csr-tampered.pem -verify -noout -subject
    let (openssl, _) = Case::new(&["-in", "csr-tampered.pem", "-verify", "-noout", "-subject"])
        .fixture("csr-tampered.pem")
        .assert_same();
    // Until 3.3 the failure does not end the run.
    if before("3.3") {
        assert_eq!(openssl.code, 0);
        assert_eq!(
            openssl.stdout_str(),
            pick(
                "subject=C = US, O = Acmf, CN = example.com\n",
                "subject=C = US, O = Acmf, CN = example.com\n",
                "subject=C=US, O=Acmf, CN=example.com\n",
                "",
            )
        );
    } else {
        assert_eq!(openssl.code, 1);
        assert_eq!(openssl.stdout_str(), "");
    }
}

#[test]
fn tampered_request_read_without_verify() {
    // $ openssl req -in csr-tampered.pem -noout -subject
    let (openssl, _) = Case::new(&["-in", "csr-tampered.pem", "-noout", "-subject"])
        .fixture("csr-tampered.pem")
        .assert_same();
    assert_eq!(openssl.code, 0);
    if before("3.2") {
        assert_eq!(openssl.stderr_str(), "");
        assert_eq!(
            openssl.stdout_str(),
            "subject=C = US, O = Acmf, CN = example.com\n"
        );
    } else {
        // The load checks the self-signature and only warns.
        assert_eq!(
            openssl.stderr_str(),
            "Warning: CSR self-signature does not match the contents\n"
        );
        assert_eq!(
            openssl.stdout_str(),
            "subject=C=US, O=Acmf, CN=example.com\n"
        );
    }
}

// ----- reading a request (-in, stdin; 3.2's load_csr_autofmt) -------------------------

#[test]
fn der_request_without_inform() {
    // $ openssl req -in csr-rsa.der -noout -subject
    let (openssl, _) = Case::new(&["-in", "csr-rsa.der", "-noout", "-subject"])
        .fixture("csr-rsa.der")
        .assert_same();
    if before("3.2") {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            messages(&openssl),
            format!("{}\n", unable_to_load_request())
        );
        assert_eq!(stack(&openssl), ["get_name:no start line"]);
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stderr_str(), "");
        assert_eq!(
            openssl.stdout_str(),
            "subject=C=US, O=Acme, CN=example.com\n"
        );
    }
}

#[test]
fn der_request_with_inform_der() {
    // $ openssl req -in csr-rsa.der -inform DER -noout -subject
    let (openssl, _) = Case::new(&["-in", "csr-rsa.der", "-inform", "DER", "-noout", "-subject"])
        .fixture("csr-rsa.der")
        .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stdout_str(),
        pick(
            "subject=C = US, O = Acme, CN = example.com\n",
            "subject=C = US, O = Acme, CN = example.com\n",
            "subject=C=US, O=Acme, CN=example.com\n",
            "subject=C=US, O=Acme, CN=example.com\n",
        )
    );
}

#[test]
fn missing_in_file() {
    // $ openssl req -in missing.pem -noout
    // $ openssl req -in missing.pem -noout -inform PEM / -inform DER
    for inform in [None, Some("PEM"), Some("DER")] {
        let mut args = vec!["-in", "missing.pem", "-noout"];
        if let Some(f) = inform {
            args.extend_from_slice(&["-inform", f]);
        }
        let (openssl, _) = Case::new(&args).assert_same();
        assert_eq!(openssl.code, 1);
        if before("3.0") {
            // 1.1.1: bio_open_default's message (no quotes) and fopen's
            // error, and nothing more.
            assert_eq!(
                messages(&openssl),
                "Can't open missing.pem for reading, No such file or directory\n",
                "{inform:?}"
            );
            assert_eq!(
                stack(&openssl),
                [
                    "fopen:No such file or directory",
                    "BIO_new_file:no such file"
                ]
            );
            let mode = if inform == Some("DER") { "rb" } else { "r" };
            assert!(
                openssl
                    .stderr_str()
                    .contains(&format!(":fopen('missing.pem','{mode}')\n")),
                "{inform:?}: {}",
                openssl.stderr_str()
            );
            continue;
        }
        let last = if inform.is_none() && !before("3.2") {
            "error: unable to load X509 request from file 'missing.pem'\n"
        } else {
            "Unable to load X509 request\n"
        };
        assert_eq!(
            messages(&openssl),
            format!("Can't open \"missing.pem\" for reading, No such file or directory\n{last}"),
            "{inform:?}"
        );
        assert_eq!(
            stack(&openssl),
            [
                "BIO_new_file:No such file or directory",
                "BIO_new_file:no such file"
            ]
        );
        // Without -inform, 3.2+ opens the file for the DER attempt ("rb").
        let mode = match (inform, line()) {
            (Some("PEM"), _) => "r",
            (None, _) if before("3.2") => "r",
            _ => "rb",
        };
        assert!(
            openssl
                .stderr_str()
                .contains(&format!("calling fopen(missing.pem, {mode})")),
            "{inform:?}: {}",
            openssl.stderr_str()
        );
    }
}

#[test]
fn in_file_that_is_not_a_request() {
    // $ openssl req -in rsa2048.pem -noout           (a key, not a request)
    // $ openssl req -in rsa2048.pem -noout -inform PEM
    for inform in [None, Some("PEM")] {
        let mut args = vec!["-in", "rsa2048.pem", "-noout"];
        if let Some(f) = inform {
            args.extend_from_slice(&["-inform", f]);
        }
        let (openssl, _) = Case::new(&args).fixture("rsa2048.pem").assert_same();
        assert_eq!(openssl.code, 1);
        let e = openssl.stderr_str();
        let lines: Vec<&str> = e.lines().collect();
        match (inform, line()) {
            (_, "1.1.1" | "3.0") => {
                // 1.1.1 and 3.0: the message, then the stack.
                assert_eq!(lines[0], unable_to_load_request());
                assert_eq!(stack(&openssl), ["get_name:no start line"]);
            }
            // Since 3.1 the stack, then the message (3.1 has no fallback to
            // DER without -inform).
            (Some(_), _) | (None, "3.1") => {
                assert_eq!(*lines.last().unwrap(), "Unable to load X509 request");
                assert_eq!(stack(&openssl), ["get_name:no start line"]);
                assert!(is_stack_line(lines[0]));
            }
            (None, _) => {
                // Only the DER attempt's errors are left.
                assert_eq!(
                    *lines.last().unwrap(),
                    "error: unable to load X509 request from file 'rsa2048.pem'"
                );
                assert_eq!(
                    stack(&openssl),
                    [
                        "asn1_check_tlen:wrong tag",
                        "asn1_item_embed_d2i:nested asn1 error"
                    ]
                );
            }
        }
    }
}

#[test]
fn pem_request_on_stdin() {
    // $ openssl req -noout -subject < csr-rsa.pem
    let (openssl, _) = Case::new(&["-noout", "-subject"])
        .stdin(fixture_text("csr-rsa.pem"))
        .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), stdin_hint());
    assert_eq!(
        openssl.stdout_str(),
        pick(
            "subject=C = US, O = Acme, CN = example.com\n",
            "subject=C = US, O = Acme, CN = example.com\n",
            "subject=C=US, O=Acme, CN=example.com\n",
            "subject=C=US, O=Acme, CN=example.com\n",
        )
    );
}

#[test]
fn der_request_on_stdin_needs_inform() {
    // $ openssl req -noout -subject < csr-rsa.der
    // (the PEM attempt has consumed the stream before the DER one)
    let (openssl, _) = Case::new(&["-noout", "-subject"])
        .stdin(fixture_bytes("csr-rsa.der"))
        .assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(openssl.stdout_str(), "");
    if before("3.2") {
        assert_eq!(
            messages(&openssl),
            format!("{}\n", unable_to_load_request())
        );
        assert_eq!(stack(&openssl), ["get_name:no start line"]);
    } else if before("3.6") {
        assert_eq!(
            openssl.stderr_str(),
            format!(
                "{}error: unable to load X509 request from file '<NULL>'\n",
                stdin_hint()
            )
        );
    } else if before("4.0") {
        assert_eq!(
            messages(&openssl),
            "error: unable to load X509 request from file '<NULL>'\n"
        );
        assert_eq!(stack(&openssl), ["asn1_d2i_read_bio:not enough data"]);
    } else {
        assert_eq!(
            openssl.stderr_str(),
            "error: unable to load X509 request from file '(null)'\n"
        );
    }
}

#[test]
fn der_request_on_stdin_with_inform_der() {
    // $ openssl req -inform DER -noout -subject < csr-rsa.der
    let (openssl, _) = Case::new(&["-inform", "DER", "-noout", "-subject"])
        .stdin(fixture_bytes("csr-rsa.der"))
        .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stdout_str(),
        pick(
            "subject=C = US, O = Acme, CN = example.com\n",
            "subject=C = US, O = Acme, CN = example.com\n",
            "subject=C=US, O=Acme, CN=example.com\n",
            "subject=C=US, O=Acme, CN=example.com\n",
        )
    );
}

#[test]
fn pem_request_on_stdin_with_inform_der() {
    // $ openssl req -inform DER -noout < csr-rsa.pem
    let (openssl, _) = Case::new(&["-inform", "DER", "-noout"])
        .stdin(fixture_text("csr-rsa.pem"))
        .assert_same();
    assert_eq!(openssl.code, 1);
    let e = openssl.stderr_str();
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(
        stack(&openssl),
        [
            "asn1_check_tlen:wrong tag",
            "asn1_item_embed_d2i:nested asn1 error"
        ]
    );
    // 3.1's load_csr already prints the stack first.
    if before("3.1") {
        assert_eq!(lines[0], unable_to_load_request());
    } else {
        assert_eq!(*lines.last().unwrap(), "Unable to load X509 request");
    }
}

#[test]
fn empty_stdin() {
    // $ openssl req -noout < /dev/null
    let (openssl, _) = Case::new(&["-noout"]).assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        messages(&openssl),
        by_line([
            ("1.1.1", "unable to load X509 request\n".to_string()),
            ("3.0", "Unable to load X509 request\n".to_string()),
            (
                "3.2",
                format!(
                    "{}error: unable to load X509 request from file '<NULL>'\n",
                    stdin_hint()
                )
            ),
            (
                "4.0",
                "error: unable to load X509 request from file '(null)'\n".to_string()
            ),
        ])
    );
}

// ----- loading keys and certificates (load_key_certs_crls, 3.2; 4.0) ---------------------

/// How `load_key_certs_crls` begins when the store held nothing usable
/// (since 3.0: 1.1.1 has no store, see [`key_not_loaded`]).
fn not_found() -> &'static str {
    by_line([
        ("3.0", "Could not read"),
        ("3.2", "Could not find"),
        ("4.0", "Could not find or decode"),
    ])
}

/// What -key says of a file that holds no key it can read: 1.1.1's
/// `load_key`, 3.x's `load_key_certs_crls`.
fn key_not_loaded(file: &str) -> String {
    if before("3.0") {
        "unable to load Private Key\n".to_string()
    } else {
        format!("{} private key from {file}\n", not_found())
    }
}

#[test]
fn key_file_missing() {
    // $ openssl req -new -key missing.pem -subj /CN=x -noout
    let (openssl, _) =
        Case::new(&["-new", "-key", "missing.pem", "-subj", "/CN=x", "-noout"]).assert_same();
    assert_eq!(openssl.code, 1);
    if before("3.0") {
        // 1.1.1: bio_open_default's message, then load_key's.
        assert_eq!(
            messages(&openssl),
            "Can't open missing.pem for reading, No such file or directory\n\
             unable to load Private Key\n"
        );
        assert_eq!(
            stack(&openssl),
            [
                "fopen:No such file or directory",
                "BIO_new_file:no such file"
            ]
        );
    } else if !line_at_least("3.1") {
        assert_eq!(
            messages(&openssl),
            "Could not open file or uri for loading private key from missing.pem\n"
        );
        assert_eq!(
            stack(&openssl),
            [
                "ossl_store_get0_loader_int:unregistered scheme",
                "file_open:No such file or directory"
            ]
        );
    } else {
        // Since 3.1 the reason joins the sentence; the stack of that load is
        // dropped.
        assert_eq!(
            openssl.stderr_str(),
            "Could not open file or uri for loading private key from missing.pem: No such file or directory\n"
        );
    }
}

#[test]
fn key_file_of_the_wrong_type() {
    // $ openssl req -new -key csr-rsa.pem -subj /CN=x -noout
    let (openssl, _) = Case::new(&["-new", "-key", "csr-rsa.pem", "-subj", "/CN=x", "-noout"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(messages(&openssl), key_not_loaded("csr-rsa.pem"));
    if before("3.0") {
        // 1.1.1 reads PEM only, without -keyform.
        assert_eq!(stack(&openssl), ["get_name:no start line"]);
        return;
    }
    // The decoder's own error (libcrypto): 3.1 to 3.4 report none.
    assert_eq!(
        stack(&openssl).contains(&"OSSL_DECODER_from_bio:unsupported".to_string()),
        by_line([("3.0", true), ("3.1", false), ("3.5", true)]),
        "{}",
        openssl.stderr_str()
    );
}

#[test]
fn key_with_a_wrong_pass_phrase() {
    // $ openssl req -new -key rsa2048-enc.pem -passin pass:wrong -subj /CN=x -noout
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-passin",
        "pass:wrong",
        "-subj",
        "/CN=x",
        "-noout",
    ])
    .fixture("rsa2048-enc.pem")
    .assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(messages(&openssl), key_not_loaded("rsa2048-enc.pem"));
    let s = stack(&openssl);
    if before("3.0") {
        assert_eq!(
            s.last().map(String::as_str),
            Some("PEM_read_bio_PrivateKey:ASN1 lib")
        );
        assert!(s.contains(&"EVP_DecryptFinal_ex:bad decrypt".to_string()));
        return;
    }
    assert_eq!(
        s.last().map(String::as_str),
        Some("PKCS12_pbe_crypt_ex:pkcs12 cipherfinal error")
    );
    assert!(s.contains(&"ossl_cipher_unpadblock:bad decrypt".to_string()));
}

#[test]
fn ca_file_missing() {
    // $ openssl req -x509 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem -CA missing.pem
    // (without -CAkey the CA key is loaded first, from the -CA file)
    let (openssl, _) = self_signed("-x509", &["-CA", "missing.pem"]).assert_same();
    assert_eq!(openssl.code, 1);
    if before("3.0") {
        // No -CA on 1.1.1.
        assert_lacks_option(&openssl, "CA");
        return;
    }
    let sentence =
        "Could not open file or uri for loading issuer private key from -CA arg from missing.pem";
    if !line_at_least("3.1") {
        assert_eq!(messages(&openssl), format!("{sentence}\n"));
        assert_eq!(
            stack(&openssl),
            [
                "ossl_store_get0_loader_int:unregistered scheme",
                "file_open:No such file or directory"
            ]
        );
    } else {
        assert_eq!(
            openssl.stderr_str(),
            format!("{sentence}: No such file or directory\n")
        );
    }
}

#[test]
fn ca_cert_missing_with_cakey() {
    // $ openssl req -x509 ... -CA missing.pem -CAkey ca-key.pem
    let (openssl, _) = self_signed("-x509", &["-CA", "missing.pem", "-CAkey", "ca-key.pem"])
        .fixture("ca-key.pem")
        .assert_same();
    assert_eq!(openssl.code, 1);
    if before("3.0") {
        assert_lacks_option(&openssl, "CA");
    } else if before("3.1") {
        assert_eq!(
            messages(&openssl),
            "Could not open file or uri for loading issuer cert from -CA arg from missing.pem\n\
             Unable to load issuer cert from -CA arg\n"
        );
    } else if before("3.2") {
        // 3.1: the reason joins the sentence, which still says "cert"
        assert_eq!(
            openssl.stderr_str(),
            "Could not open file or uri for loading issuer cert from -CA arg from missing.pem: \
             No such file or directory\n"
        );
    } else {
        assert_eq!(
            openssl.stderr_str(),
            "Could not open file or uri for loading certificate of issuer cert from -CA arg \
             from missing.pem: No such file or directory\n"
        );
    }
}

#[test]
fn ca_cert_of_the_wrong_type() {
    // $ openssl req -x509 ... -CA csr-rsa.pem -CAkey ca-key.pem
    // $ openssl req -x509 ... -CA ca-key.pem       (a key where the certificate should be)
    for (ca, extra) in [
        ("csr-rsa.pem", &["-CAkey", "ca-key.pem"][..]),
        ("ca-key.pem", &[]),
    ] {
        let mut args = vec!["-CA", ca];
        args.extend_from_slice(extra);
        let (openssl, _) = self_signed("-x509", &args)
            .fixtures(&["csr-rsa.pem", "ca-key.pem"])
            .assert_same();
        assert_eq!(openssl.code, 1);
        if before("3.0") {
            assert_lacks_option(&openssl, "CA");
            continue;
        }
        assert_eq!(
            messages(&openssl),
            if before("3.1") {
                format!(
                    "Could not read issuer cert from -CA arg from {ca}\n\
                     Unable to load issuer cert from -CA arg\n"
                )
            } else if before("3.2") {
                format!("Could not read issuer cert from -CA arg from {ca}\n")
            } else {
                format!(
                    "{} certificate of issuer cert from -CA arg from {ca}\n",
                    not_found()
                )
            },
            "{ca}"
        );
        // The decoders' errors (libcrypto); 3.1 to 3.4 report fewer, for a
        // request none at all.
        if before("3.1") || line_at_least("3.5") {
            assert!(!stack(&openssl).is_empty(), "{ca}");
        }
    }
}

#[test]
fn cakey_of_the_wrong_type() {
    // $ openssl req -x509 ... -CA ca-cert.pem -CAkey csr-rsa.pem
    let (openssl, _) = self_signed("-x509", &["-CA", "ca-cert.pem", "-CAkey", "csr-rsa.pem"])
        .fixtures(&["ca-cert.pem", "csr-rsa.pem"])
        .assert_same();
    assert_eq!(openssl.code, 1);
    if before("3.0") {
        assert_lacks_option(&openssl, "CA");
        return;
    }
    assert_eq!(
        messages(&openssl),
        format!(
            "{} issuer private key from -CAkey arg from csr-rsa.pem\n",
            not_found()
        )
    );
}

// ----- extension sections (3.2: one section, for what is made) -----------------------

#[test]
fn extensions_v3_req_on_a_request() {
    // $ openssl req -new -key rsa2048.pem -subj /CN=x -extensions v3_req -out r.pem
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-extensions",
        "v3_req",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "");
    let text = req(&openssl, "r.pem", &["-text"]);
    // 3.0 applies -extensions to certificates only; 3.2+ to what is made.
    assert_eq!(text.contains("X509v3 Key Usage"), !before("3.2"), "{text}");
    assert_eq!(
        text.contains("X509v3 Basic Constraints"),
        !before("3.2"),
        "{text}"
    );
}

#[test]
fn extensions_v3_ca_on_a_request() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -extensions v3_ca
    let (openssl, _) = quick(&["-extensions", "v3_ca"]).assert_same();
    if before("3.2") {
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stderr_str(), "");
    } else {
        // The stock v3_ca wants an issuer for its AKID: a request has none.
        assert_eq!(openssl.code, 1);
        assert_eq!(
            messages(&openssl),
            "Error adding request extensions from section v3_ca\n"
        );
        assert_eq!(
            stack(&openssl),
            ["v2i_AUTHORITY_KEYID:no issuer certificate", ext_error()]
        );
    }
}

#[test]
fn extensions_and_reqexts_last_one_wins() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -reqexts v3_ca -extensions v3_req
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -extensions v3_req -reqexts v3_ca
    let (first, _) = quick(&["-reqexts", "v3_ca", "-extensions", "v3_req"]).assert_same();
    let (second, _) = quick(&["-extensions", "v3_req", "-reqexts", "v3_ca"]).assert_same();
    // v3_ca on a request fails; v3_req does not.
    let v3_ca_failure = by_line([
        ("1.1.1", "Error Loading extension section v3_ca\n"),
        (
            "3.0",
            "Error adding request extensions from section v3_ca\n",
        ),
    ]);
    assert_eq!(messages(&second), v3_ca_failure);
    if before("3.2") {
        // Two variables: -reqexts is the request's section, whatever the order.
        assert_eq!(messages(&first), v3_ca_failure);
    } else {
        assert_eq!(first.code, 0);
        assert_eq!(first.stderr_str(), "");
    }
}

#[test]
fn reqexts_with_x509() {
    // $ openssl req -x509 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem -reqexts v3_req -days 30
    let (openssl, _) = self_signed("-x509", &["-reqexts", "v3_req", "-days", "30"])
        .fresh_cert()
        .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        version_and_extensions(&openssl, "c.pem"),
        pick(
            // 1.1.1 and 3.0: -reqexts is for requests; the certificate gets v3_ca.
            vec![
                "Version: 3 (0x2)",
                "X509v3 Subject Key Identifier",
                "X509v3 Authority Key Identifier",
                "X509v3 Basic Constraints",
            ],
            vec![
                "Version: 3 (0x2)",
                "X509v3 Subject Key Identifier",
                "X509v3 Authority Key Identifier",
                "X509v3 Basic Constraints",
            ],
            vec![
                "Version: 3 (0x2)",
                "X509v3 Basic Constraints",
                "X509v3 Key Usage",
                "X509v3 Subject Key Identifier",
            ],
            vec![
                "Version: 3 (0x2)",
                "X509v3 Basic Constraints",
                "X509v3 Key Usage"
            ],
        )
    );
}

#[test]
fn missing_sections_are_named_for_what_is_made() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -extensions nosuch
    // $ openssl req -x509 -key rsa1024.pem -subj /CN=x -noout -reqexts nosuch
    let (csr, _) = quick(&["-extensions", "nosuch"]).assert_same();
    let (crt, _) = Case::new(&[
        "-x509",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-reqexts",
        "nosuch",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    assert_eq!(csr.code, 1);
    assert_eq!(crt.code, 1);
    let (csr_kind, crt_kind) = if before("3.2") {
        // 1.1.1 and 3.0 check each option as its own kind, whatever is made.
        ("x509", "request")
    } else {
        ("request", "x509")
    };
    let checking = |kind: &str| {
        if before("3.0") {
            // (1.1.1 req.c's words; "x509" goes without saying)
            let kind = if kind == "x509" { "" } else { "request " };
            format!("Error Loading {kind}extension section nosuch\n")
        } else {
            format!("Error checking {kind} extension section nosuch\n")
        }
    };
    assert_eq!(csr.stderr_str(), checking(csr_kind));
    assert_eq!(crt.stderr_str(), checking(crt_kind));
}

#[test]
fn broken_x509_extensions_while_making_a_request() {
    // $ openssl req -new -key rsa1024.pem -config x509ext-broken.cnf -out r.pem
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-config",
        "x509ext-broken.cnf",
        "-out",
        "r.pem",
    ])
    .fixtures(&["rsa1024.pem", "x509ext-broken.cnf"])
    .assert_same();
    if before("3.2") {
        // 1.1.1 and 3.0 check both sections on every run.
        assert_eq!(openssl.code, 1);
        assert_eq!(messages(&openssl), x509_section_check_failed("bad_ext"));
        assert_eq!(
            stack(&openssl),
            ["v2i_BASIC_CONSTRAINTS:invalid name", ext_error()]
        );
        assert!(!openssl.has_file("r.pem"));
    } else {
        assert_eq!(openssl.code, 0);
        assert_eq!(openssl.stderr_str(), "");
        assert_eq!(
            req(&openssl, "r.pem", &["-subject"]),
            "subject=CN=broken.example\n"
        );
    }
}

#[test]
fn broken_x509_extensions_while_making_a_certificate() {
    // $ openssl req -x509 -key rsa1024.pem -config x509ext-broken.cnf -set_serial 1 -out c.pem
    let (openssl, _) = Case::new(&[
        "-x509",
        "-key",
        "rsa1024.pem",
        "-config",
        "x509ext-broken.cnf",
        "-set_serial",
        "1",
        "-out",
        "c.pem",
    ])
    .fixtures(&["rsa1024.pem", "x509ext-broken.cnf"])
    .assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(messages(&openssl), x509_section_check_failed("bad_ext"));
}

// ----- -x509 certificates of each line, byte for byte ---------------------------------

/// What the check of the config's or -extensions' x509 section says when
/// libcrypto cannot make its extensions.
fn x509_section_check_failed(name: &str) -> String {
    by_line([
        ("1.1.1", format!("Error Loading extension section {name}\n")),
        (
            "3.0",
            format!("Error checking x509 extension section {name}\n"),
        ),
    ])
}

/// The fixed certificate (`self_signed("-x509", )` + FIXED_DATES + `-text` +
/// `extra`), and the same with the default 30 days (dates masked) so that
/// the lines without -not_before show their certificate too. Returns the
/// outcomes of the references that made one: before 3.4 the fixed case
/// only fails (its usage error asserted), and on 1.1.1 the cases with -CA
/// fail too (1.1.1's error asserted).
fn both_certs(extra: &[&str], fixtures: &[&str]) -> Vec<Outcome> {
    let mut made = Vec::new();
    let mut fixed = FIXED_DATES.to_vec();
    fixed.push("-text");
    fixed.extend_from_slice(extra);
    let (openssl, _) = self_signed("-x509", &fixed)
        .fixtures(fixtures)
        .assert_same();
    if before("3.4") {
        assert_lacks_option(&openssl, "not_before");
    } else {
        assert_eq!(openssl.code, 0, "{}", openssl.stderr_str());
        assert_eq!(
            x509(&openssl, "c.pem", &["-dates", "-serial"]),
            "notBefore=Jan  1 00:00:00 2025 GMT\nnotAfter=Jan  1 00:00:00 2026 GMT\nserial=01\n"
        );
        made.push(openssl);
    }
    let mut days = vec!["-days", "30", "-text"];
    days.extend_from_slice(extra);
    let (openssl, _) = self_signed("-x509", &days)
        .fixtures(fixtures)
        .fresh_cert()
        .assert_same();
    if before("3.0") && extra.contains(&"-CA") {
        assert_lacks_option(&openssl, "CA");
    } else {
        assert_eq!(openssl.code, 0, "{}", openssl.stderr_str());
        made.push(openssl);
    }
    made
}

/// How the reference's `openssl x509 -text` shows a key identifier in an
/// authority key identifier (1.1.1's libcrypto names its kind).
fn akid_text(id: &str) -> String {
    by_line([("1.1.1", format!("keyid:{id}")), ("3.0", id.to_string())])
}

/// The subject key identifier of fixtures/rsa2048.pem (SHA-1 of its key).
const RSA2048_SKID: &str = "8A:D1:A8:BC:CC:4A:B0:E9:D3:5C:FC:D7:FA:4D:87:E7:13:95:89:2C";
/// The subject key identifier of fixtures/ca-cert.pem.
const CA_SKID: &str = "E3:2C:09:59:B1:D8:B2:08:B0:3D:2A:24:A3:75:D2:D6:D7:05:41:80";

#[test]
fn certificate_with_the_stock_config() {
    // $ openssl req -x509 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem -text
    //       -not_before 20250101000000Z -not_after 20260101000000Z    (and with -days 30)
    for o in &both_certs(&[], &[]) {
        assert_eq!(o.stderr_str(), "");
        // The stock v3_ca: SKID, AKID (keyid:always) and CA:TRUE; 4.0's
        // stock v3_ca says keyid:nonss, so a self-signed one has no AKID.
        assert_eq!(
            version_and_extensions(o, "c.pem"),
            pick(
                vec![
                    "Version: 3 (0x2)",
                    "X509v3 Subject Key Identifier",
                    "X509v3 Authority Key Identifier",
                    "X509v3 Basic Constraints",
                ],
                vec![
                    "Version: 3 (0x2)",
                    "X509v3 Subject Key Identifier",
                    "X509v3 Authority Key Identifier",
                    "X509v3 Basic Constraints",
                ],
                vec![
                    "Version: 3 (0x2)",
                    "X509v3 Subject Key Identifier",
                    "X509v3 Authority Key Identifier",
                    "X509v3 Basic Constraints",
                ],
                vec![
                    "Version: 3 (0x2)",
                    "X509v3 Subject Key Identifier",
                    "X509v3 Basic Constraints",
                ],
            )
        );
        assert_eq!(
            key_id(o, "c.pem", "Subject Key Identifier").as_deref(),
            Some(RSA2048_SKID)
        );
        if before("4.0") {
            assert_eq!(
                key_id(o, "c.pem", "Authority Key Identifier").as_deref(),
                Some(akid_text(RSA2048_SKID).as_str())
            );
        }
    }
}

#[test]
fn certificate_with_a_config_without_extensions() {
    // $ openssl req -x509 -config min.cnf -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
    //       -text + fixed dates (and with -days 30)
    for o in &both_certs(&["-config", "min.cnf"], &["min.cnf"]) {
        assert_eq!(
            version_and_extensions(o, "c.pem"),
            pick(
                // 1.1.1 and 3.0: no extensions, so version 1.
                vec!["Version: 1 (0x0)"],
                vec!["Version: 1 (0x0)"],
                // 3.2: always v3, with a default SKID (no AKID: self-signed).
                vec!["Version: 3 (0x2)", "X509v3 Subject Key Identifier"],
                // 4.0: v3 and nothing the config did not ask for.
                vec!["Version: 3 (0x2)"],
            )
        );
        if line_at_least("3.2") && !line_at_least("4.0") {
            assert_eq!(
                key_id(o, "c.pem", "Subject Key Identifier").as_deref(),
                Some(RSA2048_SKID)
            );
        }
    }
}

#[test]
fn certificate_signed_by_a_ca_with_the_stock_config() {
    // $ openssl req -x509 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem -text
    //       -CA ca-cert.pem -CAkey ca-key.pem + fixed dates (and with -days 30)
    for o in &both_certs(
        &["-CA", "ca-cert.pem", "-CAkey", "ca-key.pem"],
        &["ca-cert.pem", "ca-key.pem"],
    ) {
        assert_eq!(
            o.stderr_str(),
            if before("3.2") {
                ""
            } else {
                "Warning: Not using -key or -newkey for signing since -CA option is given\n"
            }
        );
        assert_eq!(
            version_and_extensions(o, "c.pem"),
            [
                "Version: 3 (0x2)",
                "X509v3 Subject Key Identifier",
                "X509v3 Authority Key Identifier",
                "X509v3 Basic Constraints",
            ]
        );
        assert_eq!(
            key_id(o, "c.pem", "Subject Key Identifier").as_deref(),
            Some(RSA2048_SKID)
        );
        assert_eq!(
            key_id(o, "c.pem", "Authority Key Identifier").as_deref(),
            Some(akid_text(CA_SKID).as_str())
        );
        assert!(x509(o, "c.pem", &["-issuer"]).contains("Test CA"));
    }
}

#[test]
fn certificate_signed_by_a_ca_with_a_config_without_extensions() {
    // $ openssl req -x509 -config min.cnf -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
    //       -text -CA ca-cert.pem -CAkey ca-key.pem + fixed dates (and with -days 30)
    for o in &both_certs(
        &[
            "-config",
            "min.cnf",
            "-CA",
            "ca-cert.pem",
            "-CAkey",
            "ca-key.pem",
        ],
        &["min.cnf", "ca-cert.pem", "ca-key.pem"],
    ) {
        assert_eq!(
            version_and_extensions(o, "c.pem"),
            pick(
                vec!["Version: 1 (0x0)"],
                vec!["Version: 1 (0x0)"],
                // The default AKID is the CA's SKID: not self-signed.
                vec![
                    "Version: 3 (0x2)",
                    "X509v3 Subject Key Identifier",
                    "X509v3 Authority Key Identifier",
                ],
                vec!["Version: 3 (0x2)"],
            )
        );
        if line_at_least("3.2") && !line_at_least("4.0") {
            assert_eq!(
                key_id(o, "c.pem", "Authority Key Identifier").as_deref(),
                Some(akid_text(CA_SKID).as_str())
            );
        }
    }
}

#[test]
fn certificate_with_addext_and_no_config_extensions() {
    // $ openssl req -x509 -config min.cnf -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
    //       -text -addext subjectAltName=DNS:x.example + fixed dates (and with -days 30)
    for o in &both_certs(
        &[
            "-config",
            "min.cnf",
            "-addext",
            "subjectAltName=DNS:x.example",
        ],
        &["min.cnf"],
    ) {
        assert_eq!(
            version_and_extensions(o, "c.pem"),
            pick(
                // 1.1.1: an extension, so v3 (X509_set_version when
                // extensions are added), and nothing else.
                vec!["Version: 3 (0x2)", "X509v3 Subject Alternative Name"],
                // 3.0: an extension, so v3 and the default SKID (self-signed: no AKID).
                vec![
                    "Version: 3 (0x2)",
                    "X509v3 Subject Alternative Name",
                    "X509v3 Subject Key Identifier",
                ],
                vec![
                    "Version: 3 (0x2)",
                    "X509v3 Subject Alternative Name",
                    "X509v3 Subject Key Identifier",
                ],
                vec!["Version: 3 (0x2)", "X509v3 Subject Alternative Name"],
            )
        );
    }
}

#[test]
fn certificate_from_a_request_with_the_default_config() {
    // $ openssl req -x509 -in csr-rsa.pem -key rsa2048.pem -set_serial 1 -out c.pem -days 30
    let (openssl, _) = Case::new(&[
        "-x509",
        "-in",
        "csr-rsa.pem",
        "-key",
        "rsa2048.pem",
        "-set_serial",
        "1",
        "-out",
        "c.pem",
        "-days",
        "30",
    ])
    .fixtures(&["csr-rsa.pem", "rsa2048.pem"])
    .fresh_cert()
    .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stderr_str(),
        if before("3.0") {
            // (1.1.1 has no -copy_extensions, and never copies them)
            String::new()
        } else {
            format!(
                "{}Warning: No -copy_extensions given; ignoring any extensions in the request\n",
                if before("3.2") {
                    ""
                } else {
                    "Warning: Not placing -key in cert or request since request is used\n"
                }
            )
        }
    );
    assert_eq!(
        x509(&openssl, "c.pem", &["-subject"]),
        pick(
            "subject=C = US, O = Acme, CN = example.com\n",
            "subject=C = US, O = Acme, CN = example.com\n",
            "subject=C=US, O=Acme, CN=example.com\n",
            "subject=C=US, O=Acme, CN=example.com\n",
        )
    );
}

// ----- ML-DSA, SLH-DSA, ML-KEM (libcrypto 3.5) -------------------------------------

/// What -newkey says of an algorithm libcrypto does not have: 1.1.1's
/// `set_keygen_ctx` looks the name up itself (`EVP_PKEY_asn1_find_str`),
/// 3.x fails to fetch it.
fn keygen_context_failed(alg: &str) -> String {
    by_line([
        ("1.1.1", format!("Unknown algorithm {alg}\n")),
        ("3.0", "Error allocating keygen context\n".to_string()),
    ])
}

/// The stack of a -key file holding a key of an algorithm libcrypto does
/// not have (1.1.1's PEM_read_bio_PrivateKey, 3.x's OSSL_STORE).
fn unsupported_key_stack() -> Vec<&'static str> {
    by_line([
        (
            "1.1.1",
            vec![
                "pkey_set_type:unsupported algorithm",
                "EVP_PKCS82PKEY:unsupported private key algorithm",
                "PEM_read_bio_PrivateKey:ASN1 lib",
            ],
        ),
        ("3.0", vec!["ossl_store_handle_load_result:unsupported"]),
    ])
}

#[test]
fn newkey_ml_dsa() {
    // $ openssl req -newkey ML-DSA-44 -nodes -keyout k.pem -subj /CN=pq -out r.pem -text
    let (openssl, _) = Case::new(&[
        "-newkey",
        "ML-DSA-44",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=pq",
        "-out",
        "r.pem",
        "-text",
    ])
    .fresh_key()
    .assert_same();
    if before("3.5") {
        assert_eq!(openssl.code, 1);
        assert_eq!(messages(&openssl), keygen_context_failed("ML-DSA-44"));
        assert_eq!(
            stack(&openssl),
            by_line([
                ("1.1.1", vec![]),
                ("3.0", vec!["inner_evp_generic_fetch:unsupported"])
            ])
        );
        assert!(!openssl.has_file("k.pem"));
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "-----\n");
    let r = openssl.file_str("r.pem");
    assert!(r.contains("Public Key Algorithm: ML-DSA-44\n"), "{r}");
    assert!(r.contains("ML-DSA-44 Public-Key:\n"), "{r}");
    assert!(r.contains("    Signature Algorithm: ML-DSA-44\n"), "{r}");
    assert!(
        openssl
            .file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
}

#[test]
fn key_ml_dsa_with_text_and_a_digest_option() {
    // $ openssl req -new -key mldsa44.pem -subj /CN=pq -out r.pem -text -sha512
    // (ML-DSA signs without a separate digest: -sha512 is dropped)
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "mldsa44.pem",
        "-subj",
        "/CN=pq",
        "-out",
        "r.pem",
        "-text",
        "-sha512",
    ])
    .fixture("mldsa44.pem")
    .fresh_sig()
    .assert_same();
    if before("3.5") {
        assert_eq!(openssl.code, 1);
        assert_eq!(messages(&openssl), key_not_loaded("mldsa44.pem"));
        assert_eq!(stack(&openssl), unsupported_key_stack());
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "");
    let r = openssl.file_str("r.pem");
    assert!(r.contains("        Subject: CN=pq\n"), "{r}");
    assert!(
        r.contains("ML-DSA-44 Public-Key:\n                pub:\n"),
        "{r}"
    );
    assert!(r.contains("    Signature Algorithm: ML-DSA-44\n"), "{r}");
    assert_eq!(
        req(&openssl, "r.pem", &["-verify"]),
        "Certificate request self-signature verify OK\n"
    );
}

#[test]
fn certificate_from_an_ml_dsa_key() {
    // $ openssl req -x509 -key mldsa44.pem -subj /CN=pq -set_serial 1 -out c.pem -text
    //       -not_before 20250101000000Z -not_after 20260101000000Z  (and with -days 30)
    for dates in [&FIXED_DATES[..], &["-days", "30"]] {
        let mut args = vec![
            "-x509",
            "-key",
            "mldsa44.pem",
            "-subj",
            "/CN=pq",
            "-set_serial",
            "1",
            "-out",
            "c.pem",
            "-text",
        ];
        args.extend_from_slice(dates);
        let (openssl, _) = Case::new(&args)
            .fixture("mldsa44.pem")
            .fresh_sig()
            .fresh_cert()
            .assert_same();
        if before("3.5") {
            // No ML-DSA before libcrypto 3.5.
            if dates[0] == "-days" {
                assert_eq!(openssl.code, 1);
                assert_eq!(messages(&openssl), key_not_loaded("mldsa44.pem"));
            } else if before("3.4") {
                assert_lacks_option(&openssl, "not_before");
            } else {
                assert_eq!(openssl.code, 1);
            }
            continue;
        }
        assert_eq!(openssl.code, 0, "{}", openssl.stderr_str());
        let c = openssl.file_str("c.pem");
        assert!(
            c.contains("        Signature Algorithm: ML-DSA-44\n"),
            "{c}"
        );
        assert_eq!(
            version_and_extensions(&openssl, "c.pem"),
            pick(
                vec![],
                vec![],
                vec![
                    "Version: 3 (0x2)",
                    "X509v3 Subject Key Identifier",
                    "X509v3 Authority Key Identifier",
                    "X509v3 Basic Constraints",
                ],
                vec![
                    "Version: 3 (0x2)",
                    "X509v3 Subject Key Identifier",
                    "X509v3 Basic Constraints",
                ],
            )
        );
    }
}

#[test]
fn certificate_from_an_slh_dsa_key() {
    // $ openssl req -x509 -key slhdsa128f.pem -subj /CN=slh -set_serial 2 -out c.pem -text -days 30
    let (openssl, _) = Case::new(&[
        "-x509",
        "-key",
        "slhdsa128f.pem",
        "-subj",
        "/CN=slh",
        "-set_serial",
        "2",
        "-out",
        "c.pem",
        "-text",
        "-days",
        "30",
    ])
    .fixture("slhdsa128f.pem")
    .fresh_sig()
    .fresh_cert()
    .assert_same();
    if before("3.5") {
        assert_eq!(openssl.code, 1);
        assert_eq!(messages(&openssl), key_not_loaded("slhdsa128f.pem"));
        return;
    }
    assert_eq!(openssl.code, 0, "{}", openssl.stderr_str());
    let c = openssl.file_str("c.pem");
    assert!(
        c.contains("Public Key Algorithm: SLH-DSA-SHA2-128f\n"),
        "{c}"
    );
    assert!(
        c.contains("    Signature Algorithm: SLH-DSA-SHA2-128f\n"),
        "{c}"
    );
}

#[test]
fn newkey_slh_dsa_request() {
    // $ openssl req -newkey SLH-DSA-SHA2-128f -nodes -keyout k.pem -subj /CN=slh -out r.pem
    let (openssl, _) = Case::new(&[
        "-newkey",
        "SLH-DSA-SHA2-128f",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=slh",
        "-out",
        "r.pem",
    ])
    .fresh_key()
    .assert_same();
    if before("3.5") {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            messages(&openssl),
            keygen_context_failed("SLH-DSA-SHA2-128f")
        );
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "-----\n");
    assert!(req(&openssl, "r.pem", &["-text"]).contains("Signature Algorithm: SLH-DSA-SHA2-128f"));
}

#[test]
fn newkey_ml_kem_writes_the_key_then_cannot_sign() {
    // $ openssl req -newkey ML-KEM-768 -nodes -keyout k.pem -subj /CN=kem -out r.pem
    let case = Case::new(&[
        "-newkey",
        "ML-KEM-768",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=kem",
        "-out",
        "r.pem",
    ])
    .fresh_key();
    if before("3.5") {
        let (openssl, _) = case.assert_same();
        assert_eq!(openssl.code, 1);
        assert_eq!(messages(&openssl), keygen_context_failed("ML-KEM-768"));
        assert!(!openssl.has_file("k.pem"));
        return;
    }
    // openssl has written the key before signing fails; ours keeps no file.
    let (openssl, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
    assert_eq!(messages(&openssl), "-----\n");
    assert_eq!(
        stack(&openssl),
        ["do_sigver_init:operation not supported for this keytype"]
    );
    assert!(!openssl.has_file("r.pem"));
    let (c, text, _) = openssl_filter(&["pkey", "-noout", "-text"], openssl.file("k.pem"));
    assert_eq!(c, 0);
    assert!(text.starts_with("ML-KEM-768 Private-Key:\n"), "{text}");
}

#[test]
fn key_ml_kem_cannot_sign() {
    // $ openssl req -new -key mlkem768.pem -subj /CN=kem -noout
    let (openssl, _) = Case::new(&["-new", "-key", "mlkem768.pem", "-subj", "/CN=kem", "-noout"])
        .fixture("mlkem768.pem")
        .assert_same();
    assert_eq!(openssl.code, 1);
    if before("3.5") {
        assert_eq!(messages(&openssl), key_not_loaded("mlkem768.pem"));
    } else {
        assert_eq!(messages(&openssl), "");
        assert_eq!(
            stack(&openssl),
            ["do_sigver_init:operation not supported for this keytype"]
        );
    }
}

// ----- the defaults of each line's openssl.cnf --------------------------------------------

const DN_BANNER: &str = "You are about to be asked to enter information that will be incorporated\n\
into your certificate request.\n\
What you are about to enter is what is called a Distinguished Name or a DN.\n\
There are quite a few fields but you can leave some blank\n\
For some fields there will be a default value,\n\
If you enter '.', the field will be left blank.\n\
-----\n";

const DEFAULT_PROMPTS: &str = "Country Name (2 letter code) [AU]:\
State or Province Name (full name) [Some-State]:\
Locality Name (eg, city) []:\
Organization Name (eg, company) [Internet Widgits Pty Ltd]:\
Organizational Unit Name (eg, section) []:\
Common Name (e.g. server FQDN or YOUR name) []:\
Email Address []:\n\
Please enter the following 'extra' attributes\n\
to be sent with your certificate request\n\
A challenge password []:An optional company name []:";

#[test]
fn seed_command_with_piped_answers() {
    // $ printf 'US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n' |
    //   openssl req -new -newkey rsa:2048 -nodes -keyout api_private.key -out api_user.csr
    let (openssl, _) = Case::new(&[
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "api_private.key",
        "-out",
        "api_user.csr",
    ])
    .stdin("US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n")
    .fresh_key()
    .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        stderr_masked(&openssl),
        format!(
            "{}{DN_BANNER}{DEFAULT_PROMPTS}",
            rsa_keygen_notes("api_private.key")
        )
    );
    assert_eq!(
        req(&openssl, "api_user.csr", &["-subject"]),
        pick(
            "subject=C = US, ST = CA, L = SF, O = Acme, OU = IT, CN = api, emailAddress = a@b.c\n",
            "subject=C = US, ST = CA, L = SF, O = Acme, OU = IT, CN = api, emailAddress = a@b.c\n",
            "subject=C=US, ST=CA, L=SF, O=Acme, OU=IT, CN=api, emailAddress=a@b.c\n",
            "subject=C=US, ST=CA, L=SF, O=Acme, OU=IT, CN=api, emailAddress=a@b.c\n",
        )
    );
    openssl.assert_file_mode("api_private.key", 0o600);
}

#[test]
fn prompts_of_the_default_config_with_a_fixed_key() {
    // $ printf 'US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n' | openssl req -new -key rsa2048.pem -out r.pem
    let (openssl, _) = Case::new(&["-new", "-key", "rsa2048.pem", "-out", "r.pem"])
        .fixture("rsa2048.pem")
        .stdin("US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n")
        .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stderr_str(),
        format!("{DN_BANNER}{DEFAULT_PROMPTS}")
    );
}

#[test]
fn batch_takes_the_defaults_of_the_default_config() {
    // $ openssl req -new -key rsa2048.pem -batch -out r.pem
    let (openssl, _) = Case::new(&["-new", "-key", "rsa2048.pem", "-batch", "-out", "r.pem"])
        .fixture("rsa2048.pem")
        .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "");
    assert_eq!(
        req(&openssl, "r.pem", &["-subject"]),
        pick(
            "subject=C = AU, ST = Some-State, O = Internet Widgits Pty Ltd\n",
            "subject=C = AU, ST = Some-State, O = Internet Widgits Pty Ltd\n",
            "subject=C=AU, ST=Some-State, O=Internet Widgits Pty Ltd\n",
            "subject=C=AU, ST=Some-State, O=Internet Widgits Pty Ltd\n",
        )
    );
    // No req_extensions in the stock [req]: nothing requested.
    let text = req(&openssl, "r.pem", &["-text"]);
    assert!(!text.contains("X509v3"), "{text}");
}

#[test]
fn x509_batch_with_the_default_config() {
    // $ openssl req -x509 -key rsa2048.pem -batch -set_serial 1 -out c.pem
    //       -not_before 20250101000000Z -not_after 20260101000000Z   (and with -days 30)
    for dates in [&FIXED_DATES[..], &["-days", "30"]] {
        let mut args = vec![
            "-x509",
            "-key",
            "rsa2048.pem",
            "-batch",
            "-set_serial",
            "1",
            "-out",
            "c.pem",
        ];
        args.extend_from_slice(dates);
        let (openssl, _) = Case::new(&args)
            .fixture("rsa2048.pem")
            .fresh_cert()
            .assert_same();
        if before("3.4") && dates[0] != "-days" {
            assert_lacks_option(&openssl, "not_before");
            continue;
        }
        assert_eq!(openssl.code, 0);
        assert_eq!(
            x509(&openssl, "c.pem", &["-subject", "-issuer"]),
            pick(
                "subject=C = AU, ST = Some-State, O = Internet Widgits Pty Ltd\n\
                 issuer=C = AU, ST = Some-State, O = Internet Widgits Pty Ltd\n",
                "subject=C = AU, ST = Some-State, O = Internet Widgits Pty Ltd\n\
                 issuer=C = AU, ST = Some-State, O = Internet Widgits Pty Ltd\n",
                "subject=C=AU, ST=Some-State, O=Internet Widgits Pty Ltd\n\
                 issuer=C=AU, ST=Some-State, O=Internet Widgits Pty Ltd\n",
                "subject=C=AU, ST=Some-State, O=Internet Widgits Pty Ltd\n\
                 issuer=C=AU, ST=Some-State, O=Internet Widgits Pty Ltd\n",
            )
        );
        // The stock [v3_ca]; 4.0's asks for the AKID only when not self-signed.
        let mut want = vec![
            "Version: 3 (0x2)",
            "X509v3 Subject Key Identifier",
            "X509v3 Authority Key Identifier",
            "X509v3 Basic Constraints",
        ];
        if line_at_least("4.0") {
            want.remove(2);
        }
        assert_eq!(version_and_extensions(&openssl, "c.pem"), want);
    }
}

#[test]
fn verbose_names_the_lines_default_config() {
    // $ openssl req -new -key rsa2048.pem -batch -noout -verbose
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-batch",
        "-noout",
        "-verbose",
    ])
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(openssl.code, 0);
    let cnf = default_config();
    assert_eq!(
        openssl.stderr_str(),
        format!("Using configuration from {cnf}\n")
    );
    // The system's 3.0 (Debian) and the prefix builds of the other lines.
    if line() == "3.0" {
        assert_eq!(cnf, "/usr/lib/ssl/openssl.cnf");
    } else {
        assert!(cnf.ends_with("/ssl/openssl.cnf"), "{cnf}");
    }
}

#[test]
fn ca_signed_with_the_default_config_of_each_line() {
    // $ openssl req -x509 -key rsa2048.pem -batch -set_serial 3 -out c.pem -days 30
    //       -CA ca-cert.pem -CAkey ca-key.pem
    // (4.0's stock v3_ca says keyid:nonss,issuer:nonss: the CA's keyid, as 3.x)
    let (openssl, _) = Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-batch",
        "-set_serial",
        "3",
        "-out",
        "c.pem",
        "-days",
        "30",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-key.pem",
    ])
    .fixtures(&["rsa2048.pem", "ca-cert.pem", "ca-key.pem"])
    .fresh_cert()
    .assert_same();
    if before("3.0") {
        // (1.1.1 has no -CA)
        assert_lacks_option(&openssl, "CA");
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(
        key_id(&openssl, "c.pem", "Authority Key Identifier").as_deref(),
        Some(akid_text(CA_SKID).as_str())
    );
}

// ----- -help ------------------------------------------------------------------------------

#[test]
fn help_of_each_line() {
    // $ openssl req -help
    let (openssl, _) = Case::new(&["-help"]).assert_same();
    assert_eq!(openssl.code, 0);
    let h = openssl.stderr_str();
    let has = |l: &str| h.lines().any(|x| x == l);
    if before("3.0") {
        // 1.1.1: one flat list in its req_options[] order, the help texts
        // at column 22, without the options that came with 3.0 and later.
        assert!(
            h.starts_with("Usage: req [options]\nValid options are:\n"),
            "{h}"
        );
        for l in [
            " -inform PEM|DER     Input format - DER or PEM",
            " -key val            Private key to use",
            " -keyform format     Key file format",
            " -x509               Output a x509 structure instead of a cert request",
            "                     (Required by some CA's)",
            " -days +int          Number of days cert is valid for",
            " -extensions val     Cert extension section (override value in config file)",
            " -reqexts val        Request extension section (override value in config file)",
            " -precert            Add a poison extension (implies -new)",
            " -engine val         Use engine, possibly a hardware device",
            " -keygen_engine val  Specify engine to be used for key generation operations",
        ] {
            assert!(has(l), "{l}");
        }
        let options: Vec<&str> = h
            .lines()
            .filter_map(|l| l.strip_prefix(" -")?.split(' ').next())
            .collect();
        for later in [
            "CA",
            "CAkey",
            "copy_extensions",
            "noenc",
            "section",
            "vfyopt",
            "provider",
            "provider-path",
            "propquery",
            "x509v1",
            "quiet",
            "not_before",
            "not_after",
            "cipher",
            "provparam",
        ] {
            assert!(!options.contains(&later), "{later}");
        }
        return;
    }
    // The rows that came (or changed their text) with a release, and the
    // old rows they replaced.
    let since = [
        (
            "3.2",
            " -inform PEM|DER       CSR input format to use (PEM or DER; by default try PEM first)",
        ),
        (
            "3.2",
            " -x509v1               Request cert generation with X.509 version 1",
        ),
        (
            "3.2",
            " -extensions val       Cert or request extension section (override value in config file)",
        ),
        ("3.2", " -reqexts val          An alias for -extensions"),
        (
            "3.2",
            " -precert              Add a poison extension to generated cert (implies -new)",
        ),
        ("3.2", " -quiet                Terse output"),
        (
            "3.4",
            " -not_before val       [CC]YYMMDDHHMMSSZ value for notBefore certificate field",
        ),
        (
            "3.4",
            " -not_after val        [CC]YYMMDDHHMMSSZ value for notAfter certificate field, overrides -days",
        ),
        (
            "3.4",
            " -days +int            Number of days certificate is valid for",
        ),
        (
            "3.5",
            " -cipher val           Specify the cipher for private key encryption",
        ),
        (
            "3.5",
            " -provparam val        Set a provider key-value parameter",
        ),
    ];
    let until = [
        ("3.2", " -inform PEM|DER       Input format - DER or PEM"),
        (
            "3.2",
            " -extensions val       Cert extension section (override value in config file)",
        ),
        (
            "3.2",
            " -reqexts val          Request extension section (override value in config file)",
        ),
        (
            "3.2",
            " -precert              Add a poison extension to the generated cert (implies -new)",
        ),
        (
            "3.4",
            " -days +int            Number of days cert is valid for",
        ),
    ];
    let engines = [
        " -engine val           Use engine, possibly a hardware device",
        " -keygen_engine val    Specify engine to be used for key generation operations",
        " -keyform format       Key file format (ENGINE, other values ignored)",
    ];
    for (v, l) in since {
        assert_eq!(has(l), line_at_least(v), "{l}");
    }
    for (v, l) in until {
        assert_eq!(has(l), before(v), "{l}");
    }
    for l in engines {
        assert_eq!(has(l), before("4.0"), "{l}");
    }
    assert_eq!(
        has(" -keyform format       Key file format (DER/PEM)"),
        line_at_least("4.0")
    );
}

// ----- more that differs ----------------------------------------------------------------

#[test]
fn keyform_pvk_and_msblob_are_passed_to_the_key_store() {
    // $ openssl req -new -key rsa2048.pem -keyform pvk -subj /CN=x -noout -subject
    // $ ... -keyform msblob
    for form in ["pvk", "msblob"] {
        let (openssl, _) = Case::new(&[
            "-new",
            "-key",
            "rsa2048.pem",
            "-keyform",
            form,
            "-subj",
            "/CN=x",
            "-noout",
            "-subject",
        ])
        .fixture("rsa2048.pem")
        .assert_same();
        if before("3.0") {
            // 1.1.1's load_key reads the file as the form says
            // (b2i_PVK_bio, b2i_PrivateKey_bio): not a PEM key.
            assert_eq!(openssl.code, 1, "{form}");
            assert_eq!(messages(&openssl), "unable to load Private Key\n");
            assert_eq!(
                stack(&openssl),
                if form == "pvk" {
                    vec!["do_PVK_header:bad magic number"]
                } else {
                    vec![]
                }
            );
        } else if before("3.5") {
            // From 3.0 to 3.4 the form is not passed on: the PEM key loads.
            assert_eq!(openssl.code, 0, "{form}");
            assert_eq!(
                openssl.stdout_str(),
                pick(
                    "subject=CN = x\n",
                    "subject=CN = x\n",
                    "subject=CN=x\n",
                    "subject=CN=x\n"
                )
            );
        } else {
            assert_eq!(openssl.code, 1, "{form}");
            assert_eq!(messages(&openssl), key_not_loaded("rsa2048.pem"));
            assert!(
                openssl
                    .stderr_str()
                    .contains(&format!("Input type: {}", form.to_uppercase())),
                "{}",
                openssl.stderr_str()
            );
        }
    }
}

#[test]
fn x509v1_with_precert() {
    // $ openssl req -x509v1 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem -precert + fixed dates
    let mut extra = vec!["-precert"];
    extra.extend_from_slice(dates());
    let (openssl, _) = x509v1(&extra).assert_same();
    if before("3.2") {
        assert_lacks_option(&openssl, "x509v1");
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(
        version_and_extensions(&openssl, "c.pem"),
        pick(
            vec![],
            vec![],
            vec![
                "Version: 3 (0x2)",
                "X509v3 Subject Key Identifier",
                "X509v3 Authority Key Identifier",
                "X509v3 Basic Constraints",
                "CT Precertificate Poison",
            ],
            // The poison alone makes it v3.
            vec!["Version: 3 (0x2)", "CT Precertificate Poison"],
        )
    );
}

#[test]
fn x509v1_with_extensions_option() {
    // $ openssl req -x509v1 -key rsa2048.pem ... -extensions v3_req + fixed dates
    let mut extra = vec!["-extensions", "v3_req"];
    extra.extend_from_slice(dates());
    let (openssl, _) = x509v1(&extra).assert_same();
    if before("3.2") {
        assert_lacks_option(&openssl, "x509v1");
        return;
    }
    assert_eq!(openssl.code, 0);
    // An explicit section is used by 4.0's -x509v1 too; 3.5 adds no default
    // key identifiers under -x509v1.
    assert_eq!(
        version_and_extensions(&openssl, "c.pem"),
        [
            "Version: 3 (0x2)",
            "X509v3 Basic Constraints",
            "X509v3 Key Usage"
        ]
    );
}

#[test]
fn provparam_is_applied_where_it_stands() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout
    //       -provider default -provparam legacy:k=v -provider legacy
    let (openssl, _) = quick(&[
        "-provider",
        "default",
        "-provparam",
        "legacy:k=v",
        "-provider",
        "legacy",
    ])
    .assert_same();
    if before("3.5") {
        assert_lacks_option(&openssl, "provider");
    } else {
        assert_eq!(openssl.code, 1);
        assert_eq!(
            openssl.stderr_str(),
            "req: No provider named 'legacy' is loaded\n"
        );
    }
}

#[test]
fn harness_prefix_on_stdout() {
    // $ HARNESS_OSSL_PREFIX='# ' openssl req -in csr-rsa.pem -noout -subject -verify
    let (openssl, _) = Case::new(&["-in", "csr-rsa.pem", "-noout", "-subject", "-verify"])
        .fixture("csr-rsa.pem")
        .env("HARNESS_OSSL_PREFIX", "# ")
        .assert_same();
    assert_eq!(openssl.code, 0);
    let ok = verify_ok_note();
    if before("3.2") {
        assert_eq!(openssl.stderr_str(), ok);
        assert_eq!(
            openssl.stdout_str(),
            "# subject=C = US, O = Acme, CN = example.com\n"
        );
    } else if before("3.6") {
        assert_eq!(
            openssl.stdout_str(),
            format!("# {ok}# subject=C=US, O=Acme, CN=example.com\n")
        );
    } else {
        // 3.6 dropped the prefix.
        assert_eq!(
            openssl.stdout_str(),
            format!("{ok}subject=C=US, O=Acme, CN=example.com\n")
        );
    }
}

#[test]
fn secure_memory_environment() {
    // $ OPENSSL_SEC_MEM=x openssl req -in csr-rsa.pem -noout -subject
    // $ OPENSSL_SEC_MEM=65536 OPENSSL_SEC_MEM_MINSIZE=y openssl req ...
    // $ OPENSSL_SEC_MEM=65536 openssl req ...
    for (env, bad) in [
        (&[("OPENSSL_SEC_MEM", "x")][..], Some("OPENSSL_SEC_MEM (x)")),
        (
            &[
                ("OPENSSL_SEC_MEM", "65536"),
                ("OPENSSL_SEC_MEM_MINSIZE", "y"),
            ],
            Some("OPENSSL_SEC_MEM_MINSIZE (y)"),
        ),
        (&[("OPENSSL_SEC_MEM", "65536")], None),
    ] {
        let mut case =
            Case::new(&["-in", "csr-rsa.pem", "-noout", "-subject"]).fixture("csr-rsa.pem");
        for (k, v) in env {
            case = case.env(k, v);
        }
        let (openssl, _) = case.assert_same();
        match bad {
            Some(what) if line_at_least("3.6") => {
                assert_eq!(openssl.code, 1);
                assert_eq!(
                    openssl.stderr_str(),
                    format!("FATAL: could not convert {what} to number\n")
                );
                assert_eq!(openssl.stdout_str(), "");
            }
            _ => {
                // Before 3.6 these variables are not read.
                assert_eq!(openssl.code, 0, "{env:?}");
                assert!(openssl.stdout_str().starts_with("subject="));
            }
        }
    }
}

#[test]
fn names_printed_by_default() {
    // $ openssl req -in csr-utf8.pem -noout -subject
    let (openssl, _) = Case::new(&["-in", "csr-utf8.pem", "-noout", "-subject"])
        .fixture("csr-utf8.pem")
        .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stdout_str(),
        if before("3.2") {
            "subject=C = DE, O = \"M\\C3\\BCller & S\\C3\\B6hne, \\\"GmbH\\\"\", \
             OU = \"#lead;trail<>/x\\\\y\\09\\01 \", L = \\E6\\97\\A5\\E6\\9C\\AC, \
             serialNumber = 42 + CN = stra\\C3\\9Fe.example, emailAddress = a@b.c\n"
        } else if !version_at_least("3.4.2") {
            // 3.2.0 to 3.4.1: UTF-8 as it is, and the control characters too.
            "subject=C=DE, O=Müller & Söhne, \"GmbH\", OU=#lead;trail<>/x\\y\t\u{1} , \
             L=日本, serialNumber=42 + CN=straße.example, emailAddress=a@b.c\n"
        } else {
            // UTF-8 as it is, "=" without spaces, control characters escaped.
            "subject=C=DE, O=Müller & Söhne, \"GmbH\", OU=#lead;trail<>/x\\\\y\\09\\01 , \
             L=日本, serialNumber=42 + CN=straße.example, emailAddress=a@b.c\n"
        }
    );
}

#[test]
fn request_text_layout() {
    // $ openssl req -in csr-rsa.pem -noout -text
    let (openssl, _) = Case::new(&["-in", "csr-rsa.pem", "-noout", "-text"])
        .fixture("csr-rsa.pem")
        .assert_same();
    assert_eq!(openssl.code, 0);
    let t = openssl.stdout_str();
    assert!(
        t.contains(pick(
            "        Subject: C = US, O = Acme, CN = example.com\n",
            "        Subject: C = US, O = Acme, CN = example.com\n",
            "        Subject: C=US, O=Acme, CN=example.com\n",
            "        Subject: C=US, O=Acme, CN=example.com\n",
        )),
        "{t}"
    );
    // 4.0's libcrypto prints key bytes 16 a line, without the leading 00.
    assert!(
        t.contains(pick("                Modulus:\n                    00:85:6f:c1:f7:5c:47:8b:db:a6:f2:b9:26:10:11:\n", 
            "                Modulus:\n                    00:85:6f:c1:f7:5c:47:8b:db:a6:f2:b9:26:10:11:\n",
            "                Modulus:\n                    00:85:6f:c1:f7:5c:47:8b:db:a6:f2:b9:26:10:11:\n",
            "                Modulus:\n                    85:6f:c1:f7:5c:47:8b:db:a6:f2:b9:26:10:11:17:76:\n",
        )),
        "{t}"
    );
}

#[test]
fn newkey_dsa_1024_cannot_be_generated() {
    // $ openssl req -newkey dsa:1024 -nodes -keyout k.pem -subj /CN=x -noout
    let (openssl, _) = Case::new(&[
        "-newkey", "dsa:1024", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-noout",
    ])
    .fresh_key()
    .assert_same();
    assert_eq!(openssl.code, 1);
    if before("3.0") {
        // 1.1.1's set_keygen_ctx takes what follows "dsa:" for the name of
        // a parameter file.
        assert_eq!(messages(&openssl), "Can't open parameter file 1024\n");
        assert_eq!(
            stack(&openssl),
            [
                "fopen:No such file or directory",
                "BIO_new_file:no such file"
            ]
        );
        return;
    }
    assert_eq!(messages(&openssl), "req: Error generating dsa key\n");
    // Up to 3.4 libcrypto reports no stack; since 3.5 the provider's
    // failure is printed.
    assert_eq!(
        stack(&openssl).first().map(String::as_str),
        if before("3.5") {
            None
        } else {
            Some("evp_keymgmt_gen:provider keymgmt failure")
        }
    );
}

#[test]
fn certificate_from_a_new_ml_dsa_65_key() {
    // $ openssl req -x509 -newkey ML-DSA-65 -nodes -keyout k.pem -subj /CN=pq -out c.pem -text
    let (openssl, _) = Case::new(&[
        "-x509",
        "-newkey",
        "ML-DSA-65",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=pq",
        "-out",
        "c.pem",
        "-text",
    ])
    .fresh_key()
    .fresh_cert()
    .assert_same();
    if before("3.5") {
        assert_eq!(openssl.code, 1);
        assert_eq!(messages(&openssl), keygen_context_failed("ML-DSA-65"));
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "-----\n");
    let c = openssl.file_str("c.pem");
    assert!(c.contains("Public Key Algorithm: ML-DSA-65\n"), "{c}");
    assert!(c.contains("    Signature Algorithm: ML-DSA-65\n"), "{c}");
}

#[test]
fn new_ml_dsa_key_encrypted_with_the_lines_cipher() {
    // $ openssl req -newkey ML-DSA-44 -keyout k.pem -passout pass:abcd -subj /CN=pq -out r.pem
    let (openssl, _) = Case::new(&[
        "-newkey",
        "ML-DSA-44",
        "-keyout",
        "k.pem",
        "-passout",
        "pass:abcd",
        "-subj",
        "/CN=pq",
        "-out",
        "r.pem",
    ])
    .fresh_key()
    .key_pass("abcd")
    .assert_same();
    if before("3.5") {
        assert_eq!(openssl.code, 1);
        assert_eq!(messages(&openssl), keygen_context_failed("ML-DSA-44"));
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(
        encryption(openssl.file("k.pem")),
        "PBES2 PBKDF2 salt=16 iter=0800 hmacWithSHA256 aes-256-cbc iv=16"
    );
}

#[test]
fn newkey_ml_kem_with_x509_cannot_sign() {
    // $ openssl req -x509 -newkey ML-KEM-512 -nodes -keyout k.pem -subj /CN=kem -out c.pem
    let case = Case::new(&[
        "-x509",
        "-newkey",
        "ML-KEM-512",
        "-nodes",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=kem",
        "-out",
        "c.pem",
    ])
    .fresh_key()
    .fresh_cert();
    if before("3.5") {
        let (openssl, _) = case.assert_same();
        assert_eq!(openssl.code, 1);
        assert_eq!(messages(&openssl), keygen_context_failed("ML-KEM-512"));
        return;
    }
    let (openssl, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
    assert_eq!(messages(&openssl), "-----\n");
    assert_eq!(
        stack(&openssl),
        ["do_sigver_init:operation not supported for this keytype"]
    );
    assert!(!openssl.has_file("c.pem"));
}

#[test]
fn ml_dsa_deterministic_signature_byte_for_byte() {
    // $ openssl req -new -key mldsa44.pem -subj /CN=pq -out r.pem -sigopt deterministic:1
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "mldsa44.pem",
        "-subj",
        "/CN=pq",
        "-out",
        "r.pem",
        "-sigopt",
        "deterministic:1",
    ])
    .fixture("mldsa44.pem")
    .assert_same();
    if before("3.5") {
        assert_eq!(openssl.code, 1);
        assert_eq!(messages(&openssl), key_not_loaded("mldsa44.pem"));
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stderr_str(), "");
    assert!(req(&openssl, "r.pem", &["-text"]).contains("Signature Algorithm: ML-DSA-44"));
}

#[test]
fn ml_dsa_with_an_unknown_sigopt() {
    // $ openssl req -new -key mldsa44.pem -subj /CN=pq -noout -sigopt bogus:1
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "mldsa44.pem",
        "-subj",
        "/CN=pq",
        "-noout",
        "-sigopt",
        "bogus:1",
    ])
    .fixture("mldsa44.pem")
    .assert_same();
    assert_eq!(openssl.code, 1);
    if before("3.5") {
        assert_eq!(messages(&openssl), key_not_loaded("mldsa44.pem"));
    } else {
        assert_eq!(messages(&openssl), "parameter error \"bogus:1\"\n");
        assert_eq!(
            stack(&openssl),
            ["default_fixup_args:command not supported"]
        );
    }
}

#[test]
fn x509v1_signed_by_a_ca() {
    // $ openssl req -x509v1 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
    //       -CA ca-cert.pem -CAkey ca-key.pem + fixed dates
    let mut extra = vec!["-CA", "ca-cert.pem", "-CAkey", "ca-key.pem"];
    extra.extend_from_slice(dates());
    let (openssl, _) = x509v1(&extra)
        .fixtures(&["ca-cert.pem", "ca-key.pem"])
        .assert_same();
    if before("3.2") {
        assert_lacks_option(&openssl, "x509v1");
        return;
    }
    assert_eq!(openssl.code, 0);
    assert_eq!(
        version_and_extensions(&openssl, "c.pem"),
        pick(
            vec![],
            vec![],
            vec![
                "Version: 3 (0x2)",
                "X509v3 Subject Key Identifier",
                "X509v3 Authority Key Identifier",
                "X509v3 Basic Constraints",
            ],
            vec!["Version: 1 (0x0)"],
        )
    );
}

#[test]
fn addext_akid_keyid_on_a_self_signed_certificate() {
    // $ openssl req -x509 -config min.cnf -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
    //       -addext authorityKeyIdentifier=keyid -days 1
    let (openssl, _) = self_signed(
        "-x509",
        &[
            "-config",
            "min.cnf",
            "-addext",
            "authorityKeyIdentifier=keyid",
            "-days",
            "1",
        ],
    )
    .fixture("min.cnf")
    .fresh_cert()
    .assert_same();
    assert_eq!(openssl.code, 0);
    // A self-signed certificate gets no keyid AKID (without :always) from
    // 3.0 on; 3.x then adds its default SKID, 4.0 nothing. 1.1.1's libcrypto
    // adds an empty AKID (the certificate has no SKID to take).
    assert_eq!(
        version_and_extensions(&openssl, "c.pem"),
        pick(
            vec!["Version: 3 (0x2)", "X509v3 Authority Key Identifier"],
            vec!["Version: 3 (0x2)", "X509v3 Subject Key Identifier"],
            vec!["Version: 3 (0x2)", "X509v3 Subject Key Identifier"],
            vec!["Version: 3 (0x2)"],
        )
    );
}

// ----- the subject made from the config (4.0: built apart, then copied in) ---------------

/// `-noout -subject` of a request made from a `[dn]` section with a
/// multi-valued RDN (`CN` + `serialNumber` + `UID`), one line per release:
/// 1.1.1 and 3.x add the entries to the request's own name and prints them in the
/// order they were added; 4.0's prompt_info/auto_info build the name apart
/// and X509_REQ_set_subject_name stores a DER copy, whose SET OF is sorted
/// (4.0 apps/req.c:1144/1224, 1301/1356).
fn multi_valued_subject() -> &'static str {
    by_line([
        (
            "1.1.1",
            "subject=O = Org, CN = Name + serialNumber = 42 + UID = uid\n",
        ),
        (
            "3.0",
            "subject=O = Org, CN = Name + serialNumber = 42 + UID = uid\n",
        ),
        (
            "3.2",
            "subject=O=Org, CN=Name + serialNumber=42 + UID=uid\n",
        ),
        (
            "4.0",
            "subject=O=Org, serialNumber=42 + CN=Name + UID=uid\n",
        ),
    ])
}

#[test]
fn multi_valued_rdn_from_prompt_no_prints_in_each_lines_order() {
    // $ openssl req -new -config p.cnf -key rsa2048.pem -noout -subject   (prompt = no)
    let cnf = "[req]\nprompt = no\ndistinguished_name = dn\n\
               [dn]\nO = Org\nCN = Name\n+serialNumber = 42\n+UID = uid\n";
    let (openssl, _) = Case::new(&[
        "-new",
        "-config",
        "p.cnf",
        "-key",
        "rsa2048.pem",
        "-noout",
        "-subject",
    ])
    .file("p.cnf", cnf)
    .fixture("rsa2048.pem")
    .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stdout_str(), multi_valued_subject());
}

#[test]
fn multi_valued_rdn_from_prompts_prints_in_each_lines_order() {
    // $ printf 'Org\nName\n42\nuid\n' | openssl req -new -config p.cnf -key rsa2048.pem -noout -subject
    let cnf = "[req]\ndistinguished_name = dn\n\
               [dn]\nO = Organization\nCN = Common Name\n\
               +serialNumber = Serial\n+UID = User id\n";
    let (openssl, _) = Case::new(&[
        "-new",
        "-config",
        "p.cnf",
        "-key",
        "rsa2048.pem",
        "-noout",
        "-subject",
    ])
    .file("p.cnf", cnf)
    .fixture("rsa2048.pem")
    .stdin("Org\nName\n42\nuid\n")
    .assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stdout_str(), multi_valued_subject());
}

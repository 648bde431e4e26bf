//! Pass phrases: the `-passin`/`-passout` sources of `app_passwd`
//! (`pass:`, `env:`, `file:`, `fd:`, `stdin`, and both options reading one
//! file or stream), `input_password`/`output_password` in the config, reading
//! encrypted keys (right, wrong and prompted pass phrases), and writing
//! encrypted keys (PKCS#8 PBES2 structure, the prompt and its failures).
//!
//! There is no terminal in the harness: OpenSSL's UI then prompts on stderr
//! and reads the answer from stdin, which is what these cases feed.

use crate::common;
use crate::common::{
    Case, Outcome, before, by_line, mask_source_lines, no_private_key_in, openssl_path,
    version_at_least,
};
use crate::deliberate::assert_same_but_ours_leaves_no;

/// How often the pass phrase of an encrypted PKCS#8 PEM key is asked for when
/// every answer fails (EOF). 3.0: three prompts; its pem2der only unwraps the
/// PEM, and after the failed decryption the store still hands the encrypted
/// DER to its fallbacks, which ask again (3.0 crypto/store/store_result.c:287
/// try_key_value, :335 try_key_value_legacy; hence the extra
/// "ossl_store_handle_load_result:unsupported" line). Since 3.5 pem2der
/// decrypts an ENCRYPTED PRIVATE KEY itself (3.5
/// providers/implementations/encode_decode/decode_pem2der.c:228, 4.0 :226,
/// ossl_epki2pki_der_decode) and a failed pass phrase ends the decoding: one.
fn pkcs8_pass_phrase_prompts() -> usize {
    // 1.1.1's PEM_read_bio_PrivateKey asks once (its password_callback)
    by_line([("1.1.1", 1), ("3.0", 3), ("3.5", 1)])
}

/// `app_get_pass` on an unset `env:` variable.
fn env_missing(var: &str) -> String {
    by_line([
        ("1.1.1", format!("Can't read environment variable {var}\n")),
        ("3.0", format!("No environment variable {var}\n")),
    ])
}

/// `app_get_pass` on a source it does not know: 1.1.1 shows the whole
/// argument, 3.x only up to the ':' (`shown`, None: no ':' in the first
/// five characters).
fn invalid_pass_argument(arg: &str, shown: Option<&str>) -> String {
    let hidden = match shown {
        Some(p) => format!("Invalid password argument, starting with \"{p}\"\n"),
        None => "Invalid password argument, missing ':' within the first 5 chars\n".to_string(),
    };
    by_line([
        ("1.1.1", format!("Invalid password argument \"{arg}\"\n")),
        ("3.0", hidden),
    ])
}

/// What 1.1.1's req_main says before it writes a key it generated (3.x:
/// nothing without -verbose).
fn generating(what: &str, keyout: &str) -> String {
    by_line([
        (
            "1.1.1",
            format!("Generating a {what} private key\nwriting new private key to '{keyout}'\n"),
        ),
        ("3.0", String::new()),
    ])
}

/// Whether `pem` decrypts with `pass` (`openssl pkey`). 1.1.1's own
/// `pkey` takes no pass phrase of 1024 characters or more (its UI's
/// limit), so there the check is the system's 3.0 openssl.
fn decrypts_with(pass: &str, pem: &[u8]) -> (i32, String) {
    let arg = format!("pass:{pass}");
    let args = ["pkey", "-noout", "-passin", arg.as_str()];
    if common::line_at_least("3.0") {
        let (c, _, e) = common::openssl_filter(&args, pem);
        return (c, e);
    }
    use std::io::Write;
    let mut child = std::process::Command::new("/usr/bin/openssl")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the system's openssl (/usr/bin/openssl)");
    child.stdin.take().unwrap().write_all(pem).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A request signed with the encrypted fixture key (pass phrase `secret`);
/// the key is the same as rsa2048.pem, so the result is deterministic.
fn csr_with_encrypted_key(key: &str, extra: &[&str]) -> Case {
    let mut args = vec!["-new", "-key", key, "-subj", "/CN=x", "-out", "r.pem"];
    args.extend_from_slice(extra);
    Case::new(&args).fixture(key)
}

// ----- reading an encrypted -key ----------------------------------------------

#[test]
fn passin_pass_pkcs8() {
    let (theirs, ours) =
        csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "pass:secret"]).assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(theirs.stderr_str(), "");
    assert_eq!(theirs.file("r.pem"), ours.file("r.pem"));
}

#[test]
fn passin_pass_traditional() {
    let (theirs, _) =
        csr_with_encrypted_key("rsa2048-trad-enc.pem", &["-passin", "pass:secret"]).assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn passin_wrong_pkcs8() {
    let (theirs, _) =
        csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "pass:wrong"]).assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(
        err.starts_with(&no_private_key_in("rsa2048-enc.pem")),
        "{err}"
    );
    // the store's hint (3.x); 1.1.1 has only libcrypto's "bad decrypt"
    assert!(
        err.contains(by_line([
            ("1.1.1", "EVP_DecryptFinal_ex:bad decrypt"),
            ("3.0", "maybe wrong password")
        ])),
        "{err}"
    );
    assert!(!theirs.has_file("r.pem"));
}

#[test]
fn passin_wrong_traditional() {
    let (theirs, _) =
        csr_with_encrypted_key("rsa2048-trad-enc.pem", &["-passin", "pass:wrong"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stderr_str().contains("PEM_do_header:bad decrypt"));
}

#[test]
fn passin_empty_pass_on_encrypted_key() {
    let (theirs, _) =
        csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "pass:"]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn passin_on_unencrypted_key_is_ignored() {
    let (theirs, _) =
        csr_with_encrypted_key("rsa2048.pem", &["-passin", "pass:whatever"]).assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn prompt_for_key_pass_phrase_pkcs8() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &[])
        .stdin("secret\n")
        .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stderr_str(),
        "Enter pass phrase for rsa2048-enc.pem:\n"
    );
}

#[test]
fn prompt_for_key_pass_phrase_traditional() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-trad-enc.pem", &[])
        .stdin("secret\n")
        .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stderr_str(),
        "Enter pass phrase for rsa2048-trad-enc.pem:\n"
    );
}

#[test]
fn prompt_for_key_pass_phrase_without_newline() {
    csr_with_encrypted_key("rsa2048-enc.pem", &[])
        .stdin("secret")
        .assert_same();
}

#[test]
fn prompt_wrong_answer_is_not_asked_again() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &[])
        .stdin("wrong\nsecret\n")
        .assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(
        err.starts_with(&format!(
            "Enter pass phrase for rsa2048-enc.pem:\n{}",
            no_private_key_in("rsa2048-enc.pem")
        )),
        "{err}"
    );
}

#[test]
fn prompt_wrong_answer_traditional() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-trad-enc.pem", &[])
        .stdin("wrong\n")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn prompt_eof_for_key_pass_phrase() {
    // EOF: the store loader asks three times (3.0) or once (3.5+), then gives up
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &[]).assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    // 1.1.1's password_callback says "User interface error" and prints the
    // queue at once, before load_key's "unable to load"
    let ui_error = by_line([
        (
            "1.1.1",
            "User interface error\n<tid>:error:2807106B:UI routines:UI_process:processing error:<file:line>:while reading strings\n",
        ),
        ("3.0", ""),
    ]);
    assert!(
        theirs.masked_stderr().starts_with(&format!(
            "{}{ui_error}{}",
            "Enter pass phrase for rsa2048-enc.pem:\n".repeat(pkcs8_pass_phrase_prompts()),
            no_private_key_in("rsa2048-enc.pem")
        )),
        "{err}"
    );
    assert!(err.contains("UI_process:processing error"), "{err}");
}

#[test]
fn prompt_eof_for_traditional_key_pass_phrase() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-trad-enc.pem", &[]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn prompt_empty_answer_for_key_pass_phrase() {
    // An empty answer is a wrong pass phrase; 1.1.1 up to 1.1.1m wants at
    // least 4 characters at this prompt and asks again (forever, at the
    // end of its input): there the next line answers, rightly.
    let refused = before("3.0") && !version_at_least("1.1.1o");
    let stdin = if refused { "\nsecret\n" } else { "\n" };
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &[])
        .stdin(stdin)
        .assert_same();
    assert_eq!(theirs.code, i32::from(!refused));
    if refused {
        assert!(
            theirs
                .stderr_str()
                .contains("You must type in 4 to 1023 characters"),
            "{}",
            theirs.stderr_str()
        );
    }
}

#[test]
fn encrypted_der_key_with_passin() {
    // made on the fly with the real openssl: the fixture key as encrypted PKCS#8 DER
    let out = std::process::Command::new(openssl_path())
        .args([
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-128-cbc",
            "-outform",
            "DER",
            "-passout",
            "pass:secret",
            "-in",
        ])
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rsa2048.pem"))
        .output()
        .unwrap();
    assert!(out.status.success());
    Case::new(&[
        "-new",
        "-key",
        "enc.der",
        "-keyform",
        "DER",
        "-passin",
        "pass:secret",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .file("enc.der", &out.stdout)
    .assert_same();
    Case::new(&["-new", "-key", "enc.der", "-subj", "/CN=x", "-out", "r.pem"])
        .file("enc.der", &out.stdout)
        .stdin("secret\n")
        .assert_same();
}

// ----- pass phrase sources ------------------------------------------------------

#[test]
fn passin_env_set() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "env:KEYPASS"])
        .env("KEYPASS", "secret")
        .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn passin_env_unset() {
    let (theirs, _) =
        csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "env:KEYPASS"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        format!("{}Error getting passwords\n", env_missing("KEYPASS"))
    );
}

#[test]
fn passin_env_empty_name() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "env:"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        format!("{}Error getting passwords\n", env_missing(""))
    );
}

#[test]
fn passin_env_set_but_empty() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "env:KEYPASS"])
        .env("KEYPASS", "")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn passin_file_with_newline() {
    csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "file:pw.txt"])
        .file("pw.txt", "secret\n")
        .assert_same();
}

#[test]
fn passin_file_without_newline() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "file:pw.txt"])
        .file("pw.txt", "secret")
        .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn passin_file_only_first_line_counts() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "file:pw.txt"])
        .file("pw.txt", "secret\nsomething else\n")
        .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn passin_file_crlf_keeps_the_carriage_return() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "file:pw.txt"])
        .file("pw.txt", "secret\r\n")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn passin_file_missing() {
    let (theirs, _) =
        csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "file:nope.txt"]).assert_same();
    assert_eq!(theirs.code, 1);
    let err = theirs.stderr_str();
    assert!(
        err.starts_with("Can't open file nope.txt\nError getting passwords\n"),
        "{err}"
    );
    assert!(
        err.contains(by_line([
            ("1.1.1", "fopen('nope.txt','r')"),
            ("3.0", "calling fopen(nope.txt, r)")
        ])),
        "{err}"
    );
}

#[test]
fn passin_file_empty() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "file:pw.txt"])
        .file("pw.txt", "")
        .assert_same();
    assert_eq!(
        theirs.stderr_str(),
        "Error reading password from BIO\nError getting passwords\n"
    );
}

#[test]
fn passin_file_is_a_directory() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "file:pwdir"])
        .file("pwdir/x", "")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn passin_file_empty_line() {
    // an empty first line is an empty pass phrase, not a read error (1.1.1's
    // UI takes it for none and asks)
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "file:pw.txt"])
        .file("pw.txt", "\nsecret\n")
        .assert_same();
    assert_eq!(theirs.code, 1);
    let start = by_line([
        (
            "1.1.1",
            "Enter pass phrase for rsa2048-enc.pem:\nUser interface error\n".to_string(),
        ),
        ("3.0", no_private_key_in("rsa2048-enc.pem")),
    ]);
    let err = theirs.stderr_str();
    assert!(err.starts_with(&start), "{err}");
}

#[test]
fn passin_file_long_line_is_cut() {
    // APP_PASS_LEN is 1024: BIO_gets reads at most 1023 bytes
    let long = "a".repeat(2000);
    csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "file:pw.txt"])
        .file("pw.txt", format!("{long}\n"))
        .assert_same();
}

#[test]
fn passin_stdin() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "stdin"])
        .stdin("secret\n")
        .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(theirs.stderr_str(), "");
}

#[test]
fn passin_stdin_at_eof() {
    let (theirs, _) =
        csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "stdin"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        "Error reading password from BIO\nError getting passwords\n"
    );
}

#[test]
fn passin_fd0() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "fd:0"])
        .stdin("secret\n")
        .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn passin_fd_not_a_number_is_fd0() {
    // atoi("abc") == 0
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "fd:abc"])
        .stdin("secret\n")
        .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn passin_fd_negative() {
    let (theirs, _) =
        csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "fd:-1"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        "Can't access file descriptor -1\nError getting passwords\n"
    );
}

#[test]
fn passin_fd_not_open() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "fd:9"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        "Error reading password from BIO\nError getting passwords\n"
    );
}

#[test]
fn passin_fd_write_only() {
    // fd 1 is the stdout pipe: reading it fails
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "fd:1"]).assert_same();
    assert_eq!(theirs.code, 1);
}

/// Runs both programs with `fd3.txt` of the run dir open as descriptor 3,
/// and compares as usual.
#[track_caller]
fn assert_same_with_fd3(case: &Case) -> (Outcome, Outcome) {
    case.clone().redirect("3<fd3.txt").assert_same()
}

#[test]
fn passin_fd3() {
    let case =
        csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "fd:3"]).file("fd3.txt", "secret\n");
    let (theirs, _) = assert_same_with_fd3(&case);
    assert_eq!(theirs.code, 0);
    assert!(theirs.has_file("r.pem"));
}

#[test]
fn passin_fd_beyond_32_bits_wraps_like_atoi() {
    // $ openssl req ... -passin fd:4294967299 3<fd3.txt
    // apps' atoi: glibc's (int) strtol, so 2^32 + 3 is descriptor 3.
    let case = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "fd:4294967299"])
        .file("fd3.txt", "secret\n");
    let (theirs, _) = assert_same_with_fd3(&case);
    assert_eq!(theirs.code, 0, "{}", theirs.stderr_str());
    assert!(theirs.has_file("r.pem"));
}

#[test]
fn passout_fd_beyond_32_bits_wraps_like_atoi() {
    // $ openssl req -new -key rsa2048-enc.pem -passin pass:secret -passout fd:4294967299 -keyout out.pem ... 3<fd3.txt
    let case = csr_with_encrypted_key(
        "rsa2048-enc.pem",
        &[
            "-passin",
            "pass:secret",
            "-passout",
            "fd:4294967299",
            "-keyout",
            "out.pem",
        ],
    )
    .file("fd3.txt", "newpass\n")
    .key_pass("newpass");
    let (theirs, _) = assert_same_with_fd3(&case);
    assert_eq!(theirs.code, 0, "{}", theirs.stderr_str());
    // 1.1.1 writes only a key it generated
    assert_eq!(theirs.has_file("out.pem"), common::line_at_least("3.0"));
}

#[test]
fn passin_fd_numbers_that_overflow_a_long() {
    // strtol saturates: LONG_MAX is -1 as an int (refused), LONG_MIN is 0
    // (stdin); -2^32 is 0 as well.
    let (theirs, _) =
        csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "fd:99999999999999999999"])
            .assert_same();
    assert_eq!(
        theirs.stderr_str(),
        "Can't access file descriptor 99999999999999999999\nError getting passwords\n"
    );
    for n in ["fd:-99999999999999999999", "fd:-4294967296"] {
        let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", n])
            .stdin("secret\n")
            .assert_same();
        assert_eq!(theirs.code, 0, "{n}: {}", theirs.stderr_str());
    }
}

#[test]
fn passin_and_passout_same_fd3() {
    let case = Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-keyout",
        "out.pem",
        "-passin",
        "fd:3",
        "-passout",
        "fd:3",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .file("fd3.txt", "secret\nnewpass\n")
    .key_pass("newpass");
    let (theirs, _) = assert_same_with_fd3(&case);
    assert_eq!(theirs.code, 0);
}

// ----- both options from one source -------------------------------------------

#[test]
fn passin_and_passout_same_file_first_line_in_second_out() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-keyout",
        "out.pem",
        "-passin",
        "file:pw.txt",
        "-passout",
        "file:pw.txt",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .file("pw.txt", "secret\nnewpass\n")
    .key_pass("newpass")
    .assert_same();
    assert_eq!(theirs.code, 0);
    if !common::line_at_least("3.0") {
        // 1.1.1 writes only a key it generated
        assert!(!theirs.has_file("out.pem"));
        return;
    }
    assert!(
        theirs
            .file_str("out.pem")
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    );
}

#[test]
fn passin_and_passout_same_file_with_one_line() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-keyout",
        "out.pem",
        "-passin",
        "file:pw.txt",
        "-passout",
        "file:pw.txt",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .file("pw.txt", "secret\n")
    .assert_same();
    assert_eq!(
        theirs.stderr_str(),
        "Error reading password from BIO\nError getting passwords\n"
    );
}

#[test]
fn passin_and_passout_different_files() {
    Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-keyout",
        "out.pem",
        "-passin",
        "file:in.txt",
        "-passout",
        "file:out.txt",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .file("in.txt", "secret\nignored\n")
    .file("out.txt", "newpass\n")
    .key_pass("newpass")
    .assert_same();
}

#[test]
fn passin_and_passout_both_stdin() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-keyout",
        "out.pem",
        "-passin",
        "stdin",
        "-passout",
        "stdin",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .stdin("secret\nnewpass\n")
    .key_pass("newpass")
    .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn passin_and_passout_both_fd0() {
    Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-keyout",
        "out.pem",
        "-passin",
        "fd:0",
        "-passout",
        "fd:0",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .stdin("secret\nnewpass\n")
    .key_pass("newpass")
    .assert_same();
}

#[test]
fn passin_stdin_passout_fd0_are_different_sources() {
    // "stdin" and "fd:0" are different strings: each gets its own BIO
    Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-keyout",
        "out.pem",
        "-passin",
        "stdin",
        "-passout",
        "fd:0",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .stdin("secret\nnewpass\n")
    .assert_same();
}

#[test]
fn passin_and_passout_same_pass_string() {
    Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-keyout",
        "out.pem",
        "-passin",
        "pass:secret",
        "-passout",
        "pass:secret",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .key_pass("secret")
    .assert_same();
}

// ----- bad sources ----------------------------------------------------------------

#[test]
fn passin_without_colon() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048.pem", &["-passin", "secret"]).assert_same();
    assert_eq!(theirs.code, 1);
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "{}Error getting passwords\n",
            invalid_pass_argument("secret", None)
        )
    );
}

#[test]
fn passin_colon_too_far() {
    let (theirs, _) =
        csr_with_encrypted_key("rsa2048.pem", &["-passin", "password:x"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "{}Error getting passwords\n",
            invalid_pass_argument("password:x", None)
        )
    );
}

#[test]
fn passin_unknown_scheme() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048.pem", &["-passin", "abc:x"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "{}Error getting passwords\n",
            invalid_pass_argument("abc:x", Some("abc:"))
        )
    );
}

#[test]
fn passin_scheme_is_case_sensitive() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048.pem", &["-passin", "PASS:x"]).assert_same();
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "{}Error getting passwords\n",
            invalid_pass_argument("PASS:x", Some("PASS:"))
        )
    );
}

#[test]
fn passin_empty_argument() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048.pem", &["-passin", ""]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn passin_stdin_with_suffix_is_invalid() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048.pem", &["-passin", "stdinx"]).assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn passout_bad_source() {
    let (theirs, _) = Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "k.pem", "-passout", "xx:y", "-subj", "/CN=x",
    ])
    .assert_same();
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "{}Error getting passwords\n",
            invalid_pass_argument("xx:y", Some("xx:"))
        )
    );
    assert!(!theirs.has_file("k.pem"));
}

#[test]
fn passin_good_passout_bad() {
    let (theirs, _) = csr_with_encrypted_key(
        "rsa2048-enc.pem",
        &["-passin", "pass:secret", "-passout", "env:NOPE"],
    )
    .assert_same();
    assert_eq!(
        theirs.stderr_str(),
        format!("{}Error getting passwords\n", env_missing("NOPE"))
    );
}

#[test]
fn passin_bad_source_checked_before_config() {
    // app_passwd runs before the config is loaded
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "missing.cnf",
        "-key",
        "k.pem",
        "-passin",
        "nocolon",
    ])
    .assert_same();
    assert!(theirs.stderr_str().starts_with("Invalid password argument"));
}

#[test]
fn passin_given_twice_last_wins() {
    let (theirs, _) = csr_with_encrypted_key(
        "rsa2048-enc.pem",
        &["-passin", "pass:wrong", "-passin", "pass:secret"],
    )
    .assert_same();
    assert_eq!(theirs.code, 0);
}

// ----- pass phrases from the config -----------------------------------------------

const PW_CNF: &str =
    "[req]\ndistinguished_name = dn\ninput_password = secret\noutput_password = fromconfig\n[dn]\n";

#[test]
fn input_password_from_config() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "pw.cnf",
        "-key",
        "rsa2048-enc.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .file("pw.cnf", PW_CNF)
    .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(theirs.stderr_str(), "");
}

#[test]
fn passin_option_overrides_input_password() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "pw.cnf",
        "-key",
        "rsa2048-enc.pem",
        "-passin",
        "pass:wrong",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .file("pw.cnf", PW_CNF)
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn input_password_is_taken_literally() {
    // the config value is the pass phrase itself, not a source
    let cnf = "[req]\ndistinguished_name = dn\ninput_password = pass:secret\n[dn]\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "pw.cnf",
        "-key",
        "rsa2048-enc.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .file("pw.cnf", cnf)
    .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
fn output_password_from_config() {
    let (theirs, _) = Case::new(&[
        "-new", "-config", "pw.cnf", "-newkey", "ed25519", "-keyout", "k.pem", "-subj", "/CN=x",
        "-out", "r.pem",
    ])
    .file("pw.cnf", PW_CNF)
    .fresh_key()
    .key_pass("fromconfig")
    .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stderr_str(),
        format!("{}-----\n", generating("ED25519", "k.pem"))
    );
}

#[test]
fn passout_option_overrides_output_password() {
    Case::new(&[
        "-new",
        "-config",
        "pw.cnf",
        "-newkey",
        "ed25519",
        "-keyout",
        "k.pem",
        "-passout",
        "pass:fromcli",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .file("pw.cnf", PW_CNF)
    .fresh_key()
    .key_pass("fromcli")
    .assert_same();
}

#[test]
fn input_password_in_the_default_section_is_used() {
    // NCONF_get_string falls back from [req] to the default section
    let cnf = "input_password = secret\n[req]\ndistinguished_name = dn\n[dn]\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "pw.cnf",
        "-key",
        "rsa2048-enc.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .file("pw.cnf", cnf)
    .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(theirs.stderr_str(), "");
}

#[test]
fn input_password_in_an_unrelated_section_is_not_used() {
    let cnf = "[req]\ndistinguished_name = dn\n[dn]\n[other]\ninput_password = secret\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "pw.cnf",
        "-key",
        "rsa2048-enc.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .file("pw.cnf", cnf)
    .stdin("secret\n")
    .assert_same();
    assert_eq!(
        theirs.stderr_str(),
        "Enter pass phrase for rsa2048-enc.pem:\n"
    );
}

// ----- writing an encrypted key -----------------------------------------------------

/// `openssl asn1parse` of a PEM file, as the real openssl prints it.
fn asn1parse(pem: &[u8]) -> String {
    let (c, o, e) = common::openssl_filter(&["asn1parse"], pem);
    assert_eq!(c, 0, "{e}");
    o
}

/// req's default cipher for an encrypted -keyout, as asn1parse names it, and
/// the length of its PBES2 salt and IV (the IV is the cipher's block): 3.0
/// des-ede3-cbc (3.0 apps/req.c:304) with PBKDF2's 8-byte salt (3.0
/// crypto/asn1/p5_pbev2.c:181 PKCS5_SALT_LEN), 8-byte IV; the salt is 16
/// bytes since 3.2 (3.5 crypto/asn1/p5_pbev2.c:205
/// PKCS5_DEFAULT_PBE2_SALT_LEN); since 3.5 aes-256-cbc (3.5 apps/req.c:317,
/// 4.0 :308), 16-byte IV. Returns the cipher, the salt length and the IV
/// length.
fn default_key_cipher() -> (&'static str, usize, usize) {
    by_line([
        ("1.1.1", (":des-ede3-cbc", 8, 8)),
        ("3.0", (":des-ede3-cbc", 8, 8)),
        ("3.2", (":des-ede3-cbc", 16, 8)),
        ("3.5", (":aes-256-cbc", 16, 16)),
    ])
}

#[test]
fn passout_encrypts_with_pbes2_pbkdf2_hmac_sha256_default_cipher() {
    let (theirs, ours) = Case::new(&[
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
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
    for o in [&theirs, &ours] {
        let pem = o.file("k.pem");
        assert!(pem.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        let a = asn1parse(pem);
        let (cipher, salt_len, iv_len) = default_key_cipher();
        for want in [
            ":PBES2",
            ":PBKDF2",
            ":hmacWithSHA256",
            cipher,
            "INTEGER           :0800",
        ] {
            assert!(a.contains(want), "{want} missing from\n{a}");
        }
        // salt and IV (8 bytes each on 3.0, 16 and 8 on 3.2 to 3.4, 16 each
        // since 3.5), then the encrypted key
        assert_eq!(
            a.matches("prim: OCTET STRING      [HEX DUMP]:").count(),
            3,
            "{a}"
        );
        let octets = |n: usize| {
            a.lines()
                .filter(|l| l.contains(&format!("l={n:4} prim: OCTET STRING")))
                .count()
        };
        if salt_len == iv_len {
            assert_eq!(octets(salt_len), 2, "{a}");
        } else {
            assert_eq!((octets(salt_len), octets(iv_len)), (1, 1), "{a}");
        }
    }
    // and the key decrypts with the pass phrase, to the key the request carries
    let (c, _, e) = common::openssl_filter(
        &["pkey", "-passin", "pass:abcd", "-noout"],
        ours.file("k.pem"),
    );
    assert_eq!(c, 0, "{e}");
}

#[test]
fn passout_rsa_key() {
    Case::new(&[
        "-new",
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
}

#[test]
fn passout_short_pass_is_accepted() {
    // the 4-character minimum applies to the prompt only
    let (theirs, _) = Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "k.pem", "-passout", "pass:ab", "-subj", "/CN=x",
        "-out", "r.pem",
    ])
    .fresh_key()
    .key_pass("ab")
    .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn passout_empty_pass_encrypts_with_empty_pass_phrase() {
    let case = Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "k.pem", "-passout", "pass:", "-subj", "/CN=x",
        "-out", "r.pem",
    ])
    .fresh_key()
    .key_pass("");
    if !common::line_at_least("3.0") {
        // 1.1.1's PEM_def_callback takes an empty pass phrase for none and
        // fails (openssl leaves the empty k.pem; ours nothing)
        let (theirs, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
        assert!(theirs.stderr_str().contains("do_pk8pkey:read key"));
        return;
    }
    let (theirs, _) = case.assert_same();
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    );
}

#[test]
fn passout_with_existing_key_reencrypts_it() {
    let (theirs, _) = Case::new(&[
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
    if !common::line_at_least("3.0") {
        // 1.1.1 writes only a key it generated
        assert!(!theirs.has_file("k.pem"));
        return;
    }
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    );
}

#[test]
fn passout_key_to_stdout() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "ed25519",
        "-keyout",
        "-",
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
    assert!(
        theirs
            .stdout_str()
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    );
}

#[test]
fn nodes_ignores_passout() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "ed25519",
        "-nodes",
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
    .assert_same();
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
}

#[test]
fn noenc_ignores_passout() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-newkey",
        "ed25519",
        "-noenc",
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
    .assert_same();
    if !common::line_at_least("3.0") {
        // 1.1.1 has no -noenc
        assert_eq!(
            theirs.stderr_str(),
            "req: Unrecognized flag noenc\nreq: Use -help for summary.\n"
        );
        return;
    }
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
}

#[test]
fn encrypt_key_no_in_config() {
    let cnf = "[req]\ndistinguished_name = dn\nencrypt_key = no\n[dn]\n";
    let (theirs, _) = Case::new(&[
        "-new", "-config", "c.cnf", "-newkey", "ed25519", "-keyout", "k.pem", "-subj", "/CN=x",
        "-out", "r.pem",
    ])
    .file("c.cnf", cnf)
    .fresh_key()
    .assert_same();
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    assert_eq!(
        theirs.stderr_str(),
        format!("{}-----\n", generating("ED25519", "k.pem"))
    );
}

#[test]
fn encrypt_rsa_key_no_in_config() {
    let cnf = "[req]\ndistinguished_name = dn\nencrypt_rsa_key = no\n[dn]\n";
    let (theirs, _) = Case::new(&[
        "-new", "-config", "c.cnf", "-newkey", "ed25519", "-keyout", "k.pem", "-subj", "/CN=x",
        "-out", "r.pem",
    ])
    .file("c.cnf", cnf)
    .fresh_key()
    .assert_same();
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
}

#[test]
fn encrypt_rsa_key_takes_precedence_over_encrypt_key() {
    let cnf = "[req]\ndistinguished_name = dn\nencrypt_rsa_key = yes\nencrypt_key = no\n[dn]\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "c.cnf",
        "-newkey",
        "ed25519",
        "-keyout",
        "k.pem",
        "-passout",
        "pass:abcd",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .file("c.cnf", cnf)
    .fresh_key()
    .key_pass("abcd")
    .assert_same();
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    );
}

#[test]
fn encrypt_key_other_value_still_encrypts() {
    // only the exact string "no" turns encryption off
    let cnf = "[req]\ndistinguished_name = dn\nencrypt_key = NO\n[dn]\n";
    let (theirs, _) = Case::new(&[
        "-new",
        "-config",
        "c.cnf",
        "-newkey",
        "ed25519",
        "-keyout",
        "k.pem",
        "-passout",
        "pass:abcd",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .file("c.cnf", cnf)
    .fresh_key()
    .key_pass("abcd")
    .assert_same();
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    );
}

#[test]
fn prompt_for_new_pass_phrase() {
    let (theirs, _) = Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.pem",
    ])
    .stdin("abcd\nabcd\n")
    .fresh_key()
    .key_pass("abcd")
    .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stderr_str(),
        format!(
            "{}Enter PEM pass phrase:\nVerifying - Enter PEM pass phrase:\n-----\n",
            generating("ED25519", "k.pem")
        )
    );
}

#[test]
fn prompt_for_new_pass_phrase_after_reading_an_encrypted_key() {
    Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .stdin("secret\nabcd\nabcd\n")
    .key_pass("abcd")
    .assert_same();
}

#[test]
fn prompt_new_pass_phrase_too_short() {
    // openssl leaves an empty k.pem behind; ours must leave nothing
    let case = Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.pem",
    ])
    .stdin("ab\nab\n")
    .fresh_key();
    let (theirs, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
    assert_eq!(theirs.file("k.pem"), b"");
    let err = theirs.stderr_str();
    assert!(
        err.starts_with(&format!(
            "{}Enter PEM pass phrase:\n",
            generating("ED25519", "k.pem")
        )),
        "{err}"
    );
    assert!(
        mask_source_lines(&err).contains(
            "UI_set_result_ex:result too small:<file:line>:You must type in 4 to 1024 characters"
        ),
        "{err}"
    );
}

#[test]
fn prompt_new_pass_phrase_mismatch() {
    let case = Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.pem",
    ])
    .stdin("abcd\nabce\n")
    .fresh_key();
    let (theirs, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
    assert!(theirs.stderr_str().starts_with(&format!(
        "{}Enter PEM pass phrase:\nVerifying - Enter PEM pass phrase:\nVerify failure\n",
        generating("ED25519", "k.pem")
    )));
}

#[test]
fn prompt_new_pass_phrase_eof() {
    let case = Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.pem",
    ])
    .fresh_key();
    let (theirs, _) = assert_same_but_ours_leaves_no(&case, &["k.pem"]);
    assert_eq!(theirs.code, 1);
    assert_eq!(theirs.file("k.pem"), b"");
    assert!(theirs.stderr_str().contains("problems getting password"));
}

#[test]
fn prompt_new_pass_phrase_eof_at_verify() {
    let case = Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.pem",
    ])
    .stdin("abcd\n")
    .fresh_key();
    assert_same_but_ours_leaves_no(&case, &["k.pem"]);
}

#[test]
fn prompt_new_pass_phrase_eof_keeps_an_existing_key_file() {
    // ours changes no existing file when the run fails; openssl truncates it
    let case = Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "k.pem", "-subj", "/CN=x", "-out", "r.pem",
    ])
    .file("k.pem", "old key\n")
    .fresh_key();
    let theirs = case.run_openssl();
    let ours = case.run_ours();
    assert_eq!(theirs.file("k.pem"), b"");
    assert_eq!(ours.file("k.pem"), b"old key\n");
    assert_eq!(
        (theirs.code, common::mask_tids(&theirs.stderr)),
        (ours.code, common::mask_tids(&ours.stderr))
    );
}

#[test]
fn prompt_new_pass_phrase_to_stdout_key() {
    Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "-", "-subj", "/CN=x", "-out", "r.pem",
    ])
    .stdin("abcd\nabcd\n")
    .fresh_key()
    .key_pass("abcd")
    .assert_same();
}

#[test]
fn key_always_pem_even_with_outform_der() {
    let (theirs, _) = Case::new(&[
        "-new", "-newkey", "ed25519", "-nodes", "-keyout", "k.pem", "-outform", "DER", "-subj",
        "/CN=x", "-out", "r.der",
    ])
    .fresh_key()
    .assert_same();
    assert!(
        theirs
            .file_str("k.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    assert_eq!(theirs.file("r.der")[0], 0x30);
}

// ----- on a terminal ------------------------------------------------------------------
//
// The pass phrase of an encrypted -key / -CAkey asked on a real (pseudo)
// terminal, with echo off. The new-key prompts on a terminal are in
// tests/suite/terminal.rs.

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "runs on a pseudo-terminal, watched through /proc: Linux only"
)]
fn terminal_key_pass_phrase_pkcs8() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &[])
        .answer_secret("Enter pass phrase for rsa2048-enc.pem:", "secret\n")
        .assert_same();
    assert_eq!(theirs.code, 0);
    let t = theirs.stdout_str();
    assert!(!t.contains("secret"), "the pass phrase was echoed: {t:?}");
    assert!(theirs.has_file("r.pem"));
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "runs on a pseudo-terminal, watched through /proc: Linux only"
)]
fn terminal_key_pass_phrase_traditional() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-trad-enc.pem", &[])
        .answer_secret("Enter pass phrase for rsa2048-trad-enc.pem:", "secret\n")
        .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "runs on a pseudo-terminal, watched through /proc: Linux only"
)]
fn terminal_key_pass_phrase_wrong() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &[])
        .answer_secret("Enter pass phrase for rsa2048-enc.pem:", "wrong\n")
        .assert_same();
    assert_eq!(theirs.code, 1);
    assert!(theirs.stdout_str().contains(by_line([
        ("1.1.1", "EVP_DecryptFinal_ex:bad decrypt"),
        ("3.0", "maybe wrong password")
    ])));
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "runs on a pseudo-terminal, watched through /proc: Linux only"
)]
fn terminal_key_pass_phrase_ctrl_d_three_times() {
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &[])
        .answer_secret("Enter pass phrase for rsa2048-enc.pem:", "\x04")
        .answer_secret("Enter pass phrase for rsa2048-enc.pem:", "\x04")
        .answer_secret("Enter pass phrase for rsa2048-enc.pem:", "\x04")
        .assert_same();
    assert_eq!(theirs.code, 1);
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "runs on a pseudo-terminal, watched through /proc: Linux only"
)]
fn terminal_passin_stdin_is_read_with_echo() {
    // -passin stdin reads a plain line from the terminal: it is echoed
    let (theirs, _) = csr_with_encrypted_key("rsa2048-enc.pem", &["-passin", "stdin"])
        .answer("", "secret\n")
        .assert_same();
    assert_eq!(theirs.code, 0);
    assert_eq!(theirs.stdout_str(), "secret\r\n");
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "runs on a pseudo-terminal, watched through /proc: Linux only"
)]
fn terminal_key_pass_then_new_pass_phrase_for_keyout() {
    let (theirs, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-keyout",
        "k.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048-enc.pem")
    .answer_secret("Enter pass phrase for rsa2048-enc.pem:", "secret\n")
    .answer_secret("Enter PEM pass phrase:", "newpass\n")
    .answer_secret("Verifying - Enter PEM pass phrase:", "newpass\n")
    .key_pass("newpass")
    .assert_same();
    assert_eq!(theirs.code, 0);
}

#[test]
fn passout_very_long_pass_phrase_is_cut_to_1024() {
    // PEM_def_callback's buffer holds 1024 bytes: the key is encrypted with
    // the first 1024 characters
    let long = "p".repeat(2000);
    let arg = format!("pass:{long}");
    let (theirs, ours) = Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "k.pem", "-passout", &arg, "-subj", "/CN=x",
        "-out", "r.pem",
    ])
    .fresh_key()
    .key_pass(&long[..1024])
    .assert_same();
    assert_eq!(theirs.code, 0);
    for o in [&theirs, &ours] {
        let (c, e) = decrypts_with(&long[..1024], o.file("k.pem"));
        assert_eq!(c, 0, "does not decrypt with the first 1024 characters: {e}");
    }
}

#[test]
fn passout_of_1024_characters_is_used_whole() {
    let pass = "q".repeat(1024);
    let arg = format!("pass:{pass}");
    let (_, ours) = Case::new(&[
        "-new", "-newkey", "ed25519", "-keyout", "k.pem", "-passout", &arg, "-subj", "/CN=x",
        "-out", "r.pem",
    ])
    .fresh_key()
    .key_pass(&pass)
    .assert_same();
    let (c, e) = decrypts_with(&pass, ours.file("k.pem"));
    assert_eq!(c, 0, "{e}");
}

//! Self-test of the differential harness in tests/suite/common: the masks hide only
//! what is random, real differences are still reported, and the runner sets up
//! the environment it promises. Most end-to-end checks pit the real openssl
//! against itself (must be "same") or against a tampered / stand-in outcome
//! (must be "different"), so they do not depend on the state of src/.

use crate::common::*;
use std::collections::BTreeMap;
use std::time::Duration;

fn outcome(code: i32, stdout: &str, stderr: &str) -> Outcome {
    Outcome {
        code,
        stdout: stdout.into(),
        stderr: stderr.into(),
        files: BTreeMap::new(),
    }
}

fn openssl() -> String {
    openssl_path().to_str().unwrap().to_string()
}

/// Runs `openssl req ARGS` twice (as "openssl" and as "ours") and compares.
fn openssl_vs_openssl(case: &Case) -> Result<(), String> {
    let a = case.run_openssl();
    let b = case.run_openssl();
    compare(case, &a, &b)
}

// ----- pure masking functions ------------------------------------------------

#[test]
fn progress_lines_of_different_shape_mask_to_the_same_token() {
    let a = b"...+....+++++*\n..+++++++*\n-----\n";
    let b = b".+++*\n...........+.....+++++++++*\n-----\n";
    assert_eq!(mask_progress(a), mask_progress(b));
    assert_eq!(mask_progress(a), b"<progress>\n<progress>\n-----\n");
}

#[test]
fn progress_line_count_is_kept() {
    // one line per prime: a missing line is a real difference
    assert_ne!(
        mask_progress(b"..+*\n..+*\n-----\n"),
        mask_progress(b"..+*\n-----\n")
    );
}

#[test]
fn progress_mask_leaves_other_lines_alone() {
    let s = b"-----\nwriting new private key to 'k.pem'\n...\n.+ x\n";
    assert_eq!(
        mask_progress(s),
        b"-----\nwriting new private key to 'k.pem'\n<progress>\n.+ x\n"
    );
    // no newline: not a completed progress line, left as is
    assert_eq!(mask_progress(b"..+"), b"..+");
}

#[test]
fn thread_ids_are_masked() {
    let a = b"Can't open \"x\" for reading\n40B7A1D1B67F0000:error:80000002:system library:BIO_new_file:No such file or directory:../crypto/bio/bss_file.c:67:calling fopen(x, r)\n";
    let b = b"Can't open \"x\" for reading\n808B0344F07F0000:error:80000002:system library:BIO_new_file:No such file or directory:../crypto/bio/bss_file.c:67:calling fopen(x, r)\n";
    assert_eq!(mask_tids(a), mask_tids(b));
    assert!(
        String::from_utf8_lossy(&mask_tids(a)).contains("\n<tid>:error:80000002:system library:")
    );
}

#[test]
fn thread_id_mask_does_not_hide_the_error_text() {
    let a = b"40B7A1D1B67F0000:error:80000002:system library:BIO_new_file:No such file or directory:f.c:67:\n";
    let b = b"40B7A1D1B67F0000:error:10000080:BIO routines:BIO_new_file:no such file:f.c:75:\n";
    assert_ne!(mask_tids(a), mask_tids(b));
    // a word that merely looks like hex is not a thread id
    assert_eq!(mask_tids(b"deadbeef: error\n"), b"deadbeef: error\n");
}

#[test]
fn tmp_paths_are_masked_longest_first() {
    let roots = vec!["/tmp/x".to_string(), "/private/tmp/x".to_string()];
    assert_eq!(
        mask_tmp(b"open /private/tmp/x/a and /tmp/x/b", &roots),
        b"open $TMP/a and $TMP/b"
    );
}

#[test]
fn hex_dump_lines_are_recognized() {
    assert!(is_hex_dump_line(
        "                    00:85:6f:c1:f7:5c:47:8b:"
    ));
    assert!(is_hex_dump_line("                    c8:b9"));
    assert!(is_hex_dump_line(
        "                E3:2C:09:59:B1:D8:B2:08:B0:3D:2A:24:A3:75:D2:D6:D7:05:41:80"
    ));
    assert!(!is_hex_dump_line(
        "                Exponent: 65537 (0x10001)"
    ));
    assert!(!is_hex_dump_line("ab:cd")); // not indented: not openssl's dump
    assert!(!is_hex_dump_line("    Signature Value:"));
}

#[test]
fn openssl_times_parse() {
    assert_eq!(parse_openssl_time("Jan  1 00:00:00 1970 GMT"), Some(0));
    assert_eq!(
        parse_openssl_time("Feb 29 12:00:00 2024 GMT"),
        Some(1709208000)
    );
    assert_eq!(parse_openssl_time("Nov 26 10:30:06 2036"), None);
}

#[test]
fn cert_text_masks_serial_and_dates_but_keeps_the_validity_span() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let fmt = |t: i64| {
        // render through `date`, which speaks the same format as openssl
        let out = std::process::Command::new("date")
            .args(["-u", "-d", &format!("@{t}"), "+%b %e %H:%M:%S %Y GMT"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let text = |serial: &str, nb: i64, days: i64| {
        format!(
            "        Serial Number:\n            {serial}\n        Validity\n            Not Before: {}\n            Not After : {}\n",
            fmt(nb),
            fmt(nb + days * 86400)
        )
    };
    let m = Masks {
        fresh_cert: true,
        ..Masks::default()
    };
    let a = mask_text(&text("1e:44:c8:2b", now, 30), &m);
    let b = mask_text(&text("5a:a0:db:f2", now - 3, 30), &m);
    assert_eq!(a, b);
    assert!(
        a.contains("<serial>")
            && a.contains("Not Before: <now>")
            && a.contains("<notBefore + 30 days>"),
        "{a}"
    );
    // a wrong -days is still caught
    assert_ne!(a, mask_text(&text("5a:a0:db:f2", now, 365), &m));
    // a notBefore far from now is shown, not masked
    assert!(mask_text(&text("01:02", 0, 30), &m).contains("1970"));
    // without masks, text is untouched
    assert_eq!(
        mask_text(&text("01:02", now, 1), &Masks::default()),
        text("01:02", now, 1)
    );
}

#[test]
fn signature_mask_keeps_public_key_dump() {
    let t = "                Modulus:\n                    00:aa:bb\n    Signature Value:\n        01:02:03:\n        04\n";
    let u = "                Modulus:\n                    00:aa:bb\n    Signature Value:\n        09:09\n";
    let m = Masks {
        fresh_sig: true,
        ..Masks::default()
    };
    assert_eq!(mask_text(t, &m), mask_text(u, &m));
    let v = "                Modulus:\n                    00:aa:cc\n    Signature Value:\n        09:09\n";
    assert_ne!(mask_text(t, &m), mask_text(v, &m));
    // fresh_key masks the key dump too
    let k = Masks {
        fresh_key: true,
        ..Masks::default()
    };
    assert_eq!(mask_text(t, &k), mask_text(v, &k));
}

#[test]
fn signature_mask_knows_the_1_1_1_layout() {
    // 1.1.1 has no "Signature Value:" line: the dump follows the outer
    // "Signature Algorithm:", after RSA-PSS's parameters and a blank line,
    // and DSA's comes as labelled r: and s: runs (1.1.1w `req -text`).
    let m = Masks {
        fresh_sig: true,
        ..Masks::default()
    };
    let rsa = |sig: &str| {
        format!(
            "        Attributes:\n            a0:00\n    Signature Algorithm: sha256WithRSAEncryption\n{sig}"
        )
    };
    let a = mask_text(&rsa("         85:56:54:a5:\n         43:28:be:45\n"), &m);
    assert_eq!(a, mask_text(&rsa("         0e:a4:e9:6c\n"), &m));
    assert!(
        a.ends_with("sha256WithRSAEncryption\n         <signature>\n"),
        "{a}"
    );
    // the attributes' dump before it is not the signature
    assert_ne!(
        a,
        mask_text(&rsa("         0e:a4:e9:6c\n").replace("a0:00", "a0:01"), &m)
    );
    let pss = |sig: &str, salt: &str| {
        format!(
            "    Signature Algorithm: rsassaPss         \n         Hash Algorithm: sha256\n         \
             Mask Algorithm: mgf1 with sha256\n          Salt Length: {salt}\n         Trailer \
             Field: 0xBC (default)\n\n{sig}"
        )
    };
    let p = mask_text(&pss("         80:49:a2:15\n         75:5d\n", "0xDE"), &m);
    assert_eq!(p, mask_text(&pss("         55:34:18:aa\n", "0xDE"), &m));
    assert!(p.ends_with("(default)\n\n         <signature>\n"), "{p}");
    // the parameters stay compared
    assert_ne!(p, mask_text(&pss("         55:34:18:aa\n", "0x20"), &m));
    let dsa = |r: &str, s: &str| {
        format!(
            "    Signature Algorithm: dsa_with_SHA256\n         r:   \n             {r}\n         \
             s:   \n             {s}\n"
        )
    };
    let d = mask_text(&dsa("00:84:fd", "00:d6:62"), &m);
    assert_eq!(d, mask_text(&dsa("3a:11", "7c:01:02"), &m));
    assert!(d.contains("r:   \n             <signature>\n"), "{d}");
    // a certificate's inner "Signature Algorithm:" is followed by its
    // issuer, which stays compared
    let inner = |cn: &str| {
        format!("        Signature Algorithm: sha256WithRSAEncryption\n        Issuer: CN = {cn}\n")
    };
    assert_ne!(mask_text(&inner("x"), &m), mask_text(&inner("y"), &m));
}

#[test]
fn the_reference_line_is_read_off_openssl_version() {
    assert_eq!(
        reference_line("OpenSSL 1.1.1w  11 Sep 2023\n").as_deref(),
        Some("1.1.1")
    );
    assert_eq!(
        reference_line("OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)\n")
            .as_deref(),
        Some("3.0")
    );
    assert_eq!(
        reference_line("OpenSSL 3.10.1 1 Jan 2030\n").as_deref(),
        Some("3.10")
    );
    assert_eq!(
        reference_line("OpenSSL 4.0.3 1 Jan 2027\n").as_deref(),
        Some("4.0")
    );
    assert_eq!(reference_line("LibreSSL 3.8.2\n"), None);
    assert_eq!(reference_line(""), None);
    // and the reference in PATH is of our line (openssl_path checks it)
    let out = std::process::Command::new(openssl_path())
        .arg("version")
        .output()
        .unwrap();
    assert_eq!(
        reference_line(&String::from_utf8_lossy(&out.stdout)).as_deref(),
        Some(line())
    );
}

#[test]
fn by_line_takes_the_last_pair_not_after_our_line() {
    let every = [
        ("1.1.1", "1.1.1"),
        ("3.0", "3.0"),
        ("3.1", "3.1"),
        ("3.2", "3.2"),
        ("3.3", "3.3"),
        ("3.4", "3.4"),
        ("3.5", "3.5"),
        ("3.6", "3.6"),
        ("4.0", "4.0"),
    ];
    assert_eq!(by_line(every), line());
    assert_eq!(
        by_line([("1.1.1", "old"), ("3.0", "new")]),
        if line() == "1.1.1" { "old" } else { "new" }
    );
    // Pairs that start at 3.0 do not cover 1.1.1: it must be named.
    let from_3_0 = std::panic::catch_unwind(|| by_line([("3.0", 1), ("3.2", 2)]));
    match line() {
        "1.1.1" => {
            let e = from_3_0.unwrap_err();
            let msg = e.downcast_ref::<String>().unwrap();
            assert!(msg.contains("no value for line 1.1.1"), "{msg}");
        }
        "3.0" | "3.1" => assert_eq!(from_3_0.unwrap(), 1),
        _ => assert_eq!(from_3_0.unwrap(), 2),
    }
    assert_eq!(line_at_least("3.0"), line() != "1.1.1");
    assert_eq!(before("3.0"), line() == "1.1.1");
    assert!(line_at_least("1.1.1") && !before("1.1.1"));
    assert!(version_at_least("1.1.1"));
    // 1.1.1 releases are letters, and order as versions (1.1.1k < 1.1.1w < 3.0).
    assert!(version("1.1.1k") < version("1.1.1w") && version("1.1.1w") < version("3.0"));
    assert_eq!(version("1.1.1w").line(), version("1.1.1"));
}

#[test]
fn pem_blocks_are_found() {
    let t = "junk\n-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE REQUEST-----\nBBB\n-----END CERTIFICATE REQUEST-----\n";
    let b = pem_blocks(t);
    assert_eq!(
        b.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
        ["PRIVATE KEY", "CERTIFICATE REQUEST"]
    );
    assert!(t[b[1].1.clone()].ends_with("-----END CERTIFICATE REQUEST-----\n"));
}

// ----- comparison reports ----------------------------------------------------

#[test]
fn a_real_stderr_difference_is_reported() {
    let case = Case::new(&["-in", "x"]);
    let a = outcome(
        1,
        "",
        "Can't open \"x\" for reading, No such file or directory\n40B7A1D1B67F0000:error:80000002:system library:x\n",
    );
    let b = outcome(
        1,
        "",
        "Can't open \"x\" for reading, Permission denied\n808B0344F07F0000:error:80000002:system library:x\n",
    );
    let err = compare(&case, &a, &b).unwrap_err();
    assert!(err.contains("--- stderr differs"), "{err}");
    assert!(
        err.contains("- \"Can't open \\\"x\\\" for reading, No such file or directory\\n\""),
        "{err}"
    );
    assert!(
        err.contains("+ \"Can't open \\\"x\\\" for reading, Permission denied\\n\""),
        "{err}"
    );
    assert!(
        err.contains("\n  \"<tid>:error:80000002:system library:x\\n\""),
        "equal (masked) lines are context: {err}"
    );
    assert!(
        !err.contains("- \"<tid>") && !err.contains("+ \"<tid>"),
        "{err}"
    );
    assert!(err.contains("case: openssl req -in x"), "{err}");
}

#[test]
fn only_masked_differences_compare_equal() {
    let case = Case::new(&[]);
    let a = outcome(0, "", "..+++*\n.+*\n-----\n40B7A1D1B67F0000:error:1:x\n");
    let b = outcome(0, "", "+++++*\n...+*\n-----\n808B0344F07F0000:error:1:x\n");
    compare(&case, &a, &b).unwrap();
}

#[test]
fn exit_code_and_stdout_differences_are_reported() {
    let case = Case::new(&[]);
    let err = compare(&case, &outcome(0, "a\nb\n", ""), &outcome(1, "a\nc\n", "")).unwrap_err();
    assert!(err.contains("exit code: openssl 0 vs ours 1"), "{err}");
    assert!(
        err.contains("- \"b\\n\"") && err.contains("+ \"c\\n\""),
        "{err}"
    );
}

#[test]
fn file_mode_difference_is_reported() {
    let case = Case::new(&[]);
    let mut a = outcome(0, "", "");
    let mut b = outcome(0, "", "");
    a.files.insert("k.pem".into(), (0o600, b"same".to_vec()));
    b.files.insert("k.pem".into(), (0o644, b"same".to_vec()));
    let err = compare(&case, &a, &b).unwrap_err();
    assert!(
        err.contains("file k.pem: mode differs: openssl 0600 vs ours 0644"),
        "{err}"
    );
}

#[test]
fn missing_extra_and_binary_files_are_reported() {
    let case = Case::new(&[]);
    let mut a = outcome(0, "", "");
    let mut b = outcome(0, "", "");
    a.files.insert("only-openssl".into(), (0o644, vec![]));
    b.files.insert("only-ours".into(), (0o644, b"x\n".to_vec()));
    a.files
        .insert("r.der".into(), (0o644, vec![0x30, 0x82, 0, 1, 2]));
    b.files
        .insert("r.der".into(), (0o644, vec![0x30, 0x82, 0, 1, 3]));
    let err = compare(&case, &a, &b).unwrap_err();
    assert!(
        err.contains(
            "file only-openssl: written by openssl (mode 0644, 0 bytes), missing from ours"
        ),
        "{err}"
    );
    assert!(err.contains("file only-ours: only ours wrote it"), "{err}");
    assert!(
        err.contains("- 000000: 30 82 00 01 02") && err.contains("+ 000000: 30 82 00 01 03"),
        "{err}"
    );
}

#[test]
fn long_equal_runs_are_collapsed_in_diffs() {
    let a: String = (0..100).map(|i| format!("line {i}\n")).collect();
    let b = a.replace("line 50\n", "line fifty\n");
    let d = diff_bytes(a.as_bytes(), b.as_bytes());
    assert!(
        d.contains("equal lines")
            && d.contains("- \"line 50\\n\"")
            && d.contains("+ \"line fifty\\n\""),
        "{d}"
    );
    assert!(d.lines().count() < 20, "{d}");
}

// ----- the runner ------------------------------------------------------------

#[test]
fn environment_is_cleared_and_home_is_the_run_dir() {
    let o = Case::new(&[]).run_program(&["/usr/bin/env"]);
    let mut lines: Vec<&str> = std::str::from_utf8(&o.stdout).unwrap().lines().collect();
    lines.sort();
    // HOME and PATH, and the module directories only when the runner names
    // them (tools/vendored-check does).
    let mut expected = vec!["HOME=$TMP".to_string()];
    for (var, dirs) in [
        ("OPENSSL_ENGINES", "OPENSSL_REQ_TEST_ENGINES_DIR"),
        ("OPENSSL_MODULES", "OPENSSL_REQ_TEST_MODULES_DIR"),
    ] {
        if let Ok(d) = std::env::var(dirs) {
            expected.push(format!("{var}={d}"));
        }
    }
    let path = lines.iter().position(|l| l.starts_with("PATH="));
    assert!(path.is_some(), "{lines:?}");
    lines.retain(|l| !l.starts_with("PATH="));
    assert_eq!(lines, expected);
    let o = Case::new(&[])
        .env("OPENSSL_CONF", "x.cnf")
        .run_program(&["/usr/bin/env"]);
    assert!(o.stdout_str().contains("OPENSSL_CONF=x.cnf\n"));
}

#[test]
fn cwd_is_the_run_dir_and_inputs_are_listed_with_modes() {
    let o = Case::new(&[
        "-c",
        "pwd; cat in.txt; echo new > out.txt; chmod 600 out.txt",
        "sh",
    ])
    .file("in.txt", "hello\n")
    .file_mode("sub/secret", "s", 0o400)
    .fixture("rsa2048.pem")
    .run_program(&["/bin/sh"]);
    assert_eq!(o.stdout_str(), "$TMP\nhello\n");
    assert_eq!(
        o.files.keys().collect::<Vec<_>>(),
        ["in.txt", "out.txt", "rsa2048.pem", "sub/secret"]
    );
    o.assert_file_mode("in.txt", 0o644);
    o.assert_file_mode("rsa2048.pem", 0o644);
    o.assert_file_mode("sub/secret", 0o400);
    o.assert_file_mode("out.txt", 0o600);
    assert_eq!(o.file("out.txt"), b"new\n");
}

#[test]
fn child_has_no_controlling_terminal() {
    // so openssl's pass phrase UI falls back to stdin/stderr even when the
    // tests are started from a terminal
    let o = Case::new(&[
        "-c",
        "(exec 3</dev/tty) 2>/dev/null && echo tty || echo no tty",
        "sh",
    ])
    .run_program(&["/bin/sh"]);
    assert_eq!(o.stdout_str(), "no tty\n");
}

#[test]
fn pass_phrase_prompts_read_stdin() {
    let case = Case::new(&[
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-subj",
        "/CN=x",
        "-keyout",
        "k.pem",
        "-out",
        "r.pem",
    ])
    .stdin("abcd\nabcd\n")
    .fresh_key()
    .key_pass("abcd");
    let o = case.run_openssl();
    // 1.1.1 announces the key and its file first (1.1.1 req.c)
    let announce = by_line([
        (
            "1.1.1",
            "Generating an EC private key\nwriting new private key to 'k.pem'\n",
        ),
        ("3.0", ""),
    ]);
    assert_eq!(
        o.stderr_str(),
        format!("{announce}Enter PEM pass phrase:\nVerifying - Enter PEM pass phrase:\n-----\n")
    );
    openssl_vs_openssl(&case).unwrap();
}

#[test]
fn umask_is_applied_and_defaults_to_022() {
    let o = Case::new(&["-c", "umask", "sh"]).run_program(&["/bin/sh"]);
    assert_eq!(o.stdout_str(), "0022\n");
    let o = Case::new(&["-c", "umask; echo > f", "sh"])
        .umask(0o077)
        .run_program(&["/bin/sh"]);
    assert_eq!(o.stdout_str(), "0077\n");
    o.assert_file_mode("f", 0o600);
}

#[test]
fn stdin_is_a_pipe_with_the_given_bytes_and_empty_by_default() {
    let o = Case::new(&[]).stdin("a\nb\n").run_program(&["/bin/cat"]);
    assert_eq!(o.stdout, b"a\nb\n");
    let o = Case::new(&[]).run_program(&["/bin/cat"]);
    assert_eq!(o.stdout, b"");
    assert_eq!(o.code, 0);
}

#[test]
fn exit_codes_and_signals_are_captured() {
    let o = Case::new(&["-c", "exit 3", "sh"]).run_program(&["/bin/sh"]);
    assert_eq!(o.code, 3);
    let o = Case::new(&["-c", "kill -9 $$", "sh"]).run_program(&["/bin/sh"]);
    assert_eq!(o.code, 128 + 9);
}

#[test]
fn a_hung_program_fails_instead_of_hanging() {
    let r = std::panic::catch_unwind(|| {
        Case::new(&["5"])
            .timeout(Duration::from_millis(300))
            .run_program(&["/bin/sleep"])
    });
    let msg = r.unwrap_err();
    let msg = msg.downcast_ref::<String>().unwrap();
    assert!(msg.contains("timed out"), "{msg}");
}

#[test]
fn openssl_lookup_fails_on_an_empty_path() {
    assert!(find_in_path("openssl", std::ffi::OsStr::new("")).is_none());
    assert!(find_in_path("openssl", std::ffi::OsStr::new("/nonexistent")).is_none());
    assert!(openssl_path().ends_with("openssl"));
}

// ----- end to end with the real openssl on both sides -------------------------

#[test]
fn fixed_rsa_key_is_byte_for_byte_reproducible() {
    let case = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("rsa2048.pem");
    openssl_vs_openssl(&case).unwrap();
    let o = case.run_openssl();
    assert!(
        o.file_str("r.pem")
            .starts_with("-----BEGIN CERTIFICATE REQUEST-----\n")
    );
}

#[test]
fn error_output_compares_equal_after_masking() {
    openssl_vs_openssl(&Case::new(&["-in", "nonexistent.pem"])).unwrap();
}

#[test]
fn a_different_program_is_caught() {
    let case = Case::new(&["-in", "nonexistent.pem"]);
    let a = case.run_openssl();
    let b = case.run_program(&[
        "/bin/sh",
        "-c",
        "echo 'Unable to load X509 request' >&2; exit 1",
        "sh",
    ]);
    let err = compare(&case, &a, &b).unwrap_err();
    // 1.1.1 names the file without quotes (1.1.1 apps.c bio_open_default)
    let line = by_line([
        ("1.1.1", "- \"Can't open nonexistent.pem for reading"),
        ("3.0", "- \"Can't open \\\"nonexistent.pem\\\" for reading"),
    ]);
    assert!(err.contains(line), "{err}");
    assert!(!err.contains("exit code"), "{err}");
}

#[test]
fn generated_rsa_key_needs_fresh_key_and_then_compares_equal() {
    let args = [
        "-new", "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=x", "-keyout", "k.pem", "-out",
        "r.pem",
    ];
    let plain = Case::new(&args);
    let err = openssl_vs_openssl(&plain).unwrap_err();
    assert!(
        err.contains("file k.pem: contents differ") && err.contains("file r.pem: contents differ"),
        "{err}"
    );
    openssl_vs_openssl(&plain.fresh_key()).unwrap();
}

#[test]
fn generated_key_description_shows_algorithm_size_and_key_link() {
    let case = Case::new(&[
        "-new", "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=x", "-keyout", "k.pem", "-out",
        "r.pem",
    ])
    .fresh_key();
    let n = normalize(&case.run_openssl(), &case.masks(), None);
    let key = String::from_utf8_lossy(&n.files["k.pem"].1).into_owned();
    let csr = String::from_utf8_lossy(&n.files["r.pem"].1).into_owned();
    assert!(
        key.contains("Private-Key: (1024 bit, 2 primes)") && key.contains("public key: K1"),
        "{key}"
    );
    assert!(
        csr.contains("Public-Key: (1024 bit)")
            && csr.contains("self-signature: verified")
            && csr.contains("public key: K1"),
        "{csr}"
    );
    assert!(csr.contains("<hex>") && !csr.contains("00:"), "{csr}");
    // one progress line per prime; 1.1.1 names the key before it makes it
    // and the file after (1.1.1 req.c)
    let stderr = by_line([
        (
            "1.1.1",
            "Generating a RSA private key\n<progress>\n<progress>\nwriting new private key to \
             'k.pem'\n-----\n",
        ),
        ("3.0", "<progress>\n<progress>\n-----\n"),
    ]);
    assert_eq!(String::from_utf8_lossy(&n.stderr), stderr);
}

#[test]
fn csr_that_does_not_match_the_written_key_is_caught() {
    let case = Case::new(&[
        "-new", "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=x", "-keyout", "k.pem", "-out",
        "r.pem",
    ])
    .fresh_key();
    let a = case.run_openssl();
    let mut b = case.run_openssl();
    // "ours" writes a CSR for some other 1024-bit key
    let other = Case::new(&[
        "-new", "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=x", "-keyout", "k.pem", "-out",
        "r.pem",
    ])
    .run_openssl();
    b.files.get_mut("r.pem").unwrap().1 = other.file("r.pem").to_vec();
    let err = compare(&case, &a, &b).unwrap_err();
    assert!(
        err.contains("- \"public key: K1\\n\"") && err.contains("+ \"public key: K2\\n\""),
        "{err}"
    );
}

#[test]
fn corrupted_signature_is_caught_even_when_masked() {
    let case = Case::new(&[
        "-new",
        "-key",
        "ec-p256.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("ec-p256.pem")
    .fresh_sig();
    let a = case.run_openssl();
    let mut b = case.run_openssl();
    // "ours" writes a CSR whose signature bytes are damaged (a bit of the
    // last INTEGER of the ECDSA signature flipped)
    let pem = b.file_str("r.pem");
    let mut der = openssl_der(pem.as_bytes());
    let last = der.len() - 3;
    der[last] ^= 1;
    let tampered = der_to_pem(&der, "CERTIFICATE REQUEST");
    assert_ne!(tampered, pem);
    b.files.get_mut("r.pem").unwrap().1 = tampered.into_bytes();
    let err = compare(&case, &a, &b).unwrap_err();
    assert!(err.contains("- \"self-signature: verified\\n\""), "{err}");
    // What `openssl req -verify` says of the tampered CSR, lines joined by " / ".
    // 3.0: only the verdict, exit 0 (3.0 req.c:973). Since 3.2 the CSR is
    // checked when it is loaded too (3.5 lib/apps.c:532-539, a warning whose
    // errors stay queued), then -verify fails with exit 1 and the queue, both
    // checks' errors, is printed at the end (3.5 req.c:984).
    let failed = |sigver: &str, a_verify: &str| {
        let stack = format!(
            "<tid>:error:030000EA:digital envelope routines:EVP_DigestVerifyFinal:\
             provider signature failure:crypto/evp/m_sigver.c:{sigver}:ECDSA \
             digest_verify_final: / <tid>:error:06880006:asn1 encoding routines:\
             ASN1_item_verify_ctx:EVP lib:crypto/asn1/a_verify.c:{a_verify}:"
        );
        format!(
            "NOT verified (exit 1): Warning: CSR self-signature does not match the contents \
             / Certificate request self-signature verify failure / {stack} / {stack}"
        )
    };
    let verdict = by_line([
        // 1.1.1: the verdict, exit 0, and the error queue (1.1.1 req.c)
        (
            "1.1.1",
            "NOT verified (exit 0): verify failure / <tid>:error:0D0C5006:asn1 encoding \
             routines:ASN1_item_verify:EVP lib:crypto/asn1/a_verify.c:170:"
                .to_string(),
        ),
        (
            "3.0",
            "NOT verified (exit 0): Certificate request self-signature verify failure".to_string(),
        ),
        // 3.2: the load's warning, and -verify still exits 0
        (
            "3.2",
            "NOT verified (exit 0): Warning: CSR self-signature does not match the contents \
             / Certificate request self-signature verify failure"
                .to_string(),
        ),
        // 3.3 and 3.4: exit 1, and libcrypto queues only ASN1_item_verify_ctx's error
        ("3.3", {
            let asn1 = "<tid>:error:06880006:asn1 encoding routines:ASN1_item_verify_ctx:\
                        EVP lib:crypto/asn1/a_verify.c:218:";
            format!(
                "NOT verified (exit 1): Warning: CSR self-signature does not match the \
                 contents / Certificate request self-signature verify failure / {asn1} / {asn1}"
            )
        }),
        ("3.5", failed("701", "219")),
        ("3.6", failed("707", "219")),
        ("4.0", failed("533", "220")),
    ]);
    assert!(
        err.contains(&format!("+ \"self-signature: {verdict}\\n\"")),
        "{err}"
    );
}

fn openssl_der(pem: &[u8]) -> Vec<u8> {
    let out = std::process::Command::new(openssl())
        .args(["req", "-outform", "DER"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(pem)?;
            c.wait_with_output()
        })
        .unwrap();
    out.stdout
}

fn der_to_pem(der: &[u8], label: &str) -> String {
    let out = std::process::Command::new(openssl())
        .args(["base64", "-e"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(der)?;
            c.wait_with_output()
        })
        .unwrap();
    format!(
        "-----BEGIN {label}-----\n{}-----END {label}-----\n",
        String::from_utf8(out.stdout).unwrap()
    )
}

#[test]
fn ecdsa_signature_needs_fresh_sig() {
    let case = Case::new(&[
        "-new",
        "-key",
        "ec-p256.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.pem",
    ])
    .fixture("ec-p256.pem");
    assert!(openssl_vs_openssl(&case).is_err());
    openssl_vs_openssl(&case.fresh_sig()).unwrap();
}

#[test]
fn self_signed_certificate_with_fixed_key_compares_with_fresh_cert() {
    let case = Case::new(&[
        "-x509",
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-days",
        "30",
        "-out",
        "c.pem",
        "-text",
    ])
    .fixture("rsa2048.pem");
    assert!(openssl_vs_openssl(&case).is_err());
    let case = case.fresh_cert();
    openssl_vs_openssl(&case).unwrap();
    let n = normalize(&case.run_openssl(), &case.masks(), None);
    let c = String::from_utf8_lossy(&n.files["c.pem"].1).into_owned();
    assert!(
        c.contains("<notBefore + 30 days>") && c.contains("verify: OK") && c.contains("<serial>"),
        "{c}"
    );
    // the public key is still compared exactly (no fresh_key); 4.0 prints
    // key hex without the leading 00: of a positive number with its top bit
    // set (4.0 crypto/asn1/t_pkey.c ASN1_bn_print)
    let modulus = by_line([
        ("1.1.1", "Modulus:\n                    00:85:6f:c1:f7:"),
        ("3.0", "Modulus:\n                    00:85:6f:c1:f7:"),
        ("4.0", "Modulus:\n                    85:6f:c1:f7:"),
    ]);
    assert!(c.contains(modulus), "{c}");
}

#[test]
fn ca_signed_certificate_is_verified_against_the_ca_in_the_run_dir() {
    // `openssl x509 -req` signs a request with a CA, on every line (1.1.1's
    // req has no -CA); the certificate is verified against the CA
    // certificate found among the run's files.
    let case = Case::new(&[
        "-req",
        "-in",
        "csr-rsa.pem",
        "-CA",
        "ca-cert.pem",
        "-CAkey",
        "ca-key.pem",
        "-set_serial",
        "5",
        "-days",
        "30",
        "-out",
        "c.pem",
    ])
    .fixtures(&["csr-rsa.pem", "ca-cert.pem", "ca-key.pem"])
    .fresh_cert();
    let openssl = openssl();
    let x509 = [openssl.as_str(), "x509"];
    let a = case.run_program(&x509);
    assert_eq!(a.code, 0, "{}", a.stderr_str());
    compare(&case, &a, &case.run_program(&x509)).unwrap();
    let c = |o: &Outcome| {
        let n = normalize(o, &case.masks(), None);
        String::from_utf8_lossy(&n.files["c.pem"].1).into_owned()
    };
    assert!(c(&a).contains("verify: OK"), "{}", c(&a));
    // without the CA among the files it does not verify
    let mut b = a.clone();
    b.files.remove("ca-cert.pem");
    assert!(c(&b).contains("\nverify: exit "), "{}", c(&b));
}

#[test]
fn encrypted_generated_key_is_decrypted_with_key_pass() {
    let args = [
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-subj",
        "/CN=x",
        "-keyout",
        "k.pem",
        "-passout",
        "pass:abcd",
        "-out",
        "r.pem",
    ];
    let case = Case::new(&args).fresh_key().key_pass("abcd");
    openssl_vs_openssl(&case).unwrap();
    let a = case.run_openssl();
    let n = normalize(&a, &case.masks(), Some("abcd"));
    let k = String::from_utf8_lossy(&n.files["k.pem"].1).into_owned();
    // req's default cipher is DES-EDE3-CBC until 3.4 (3.0 req.c:304) and
    // AES-256-CBC since 3.5 (3.5 req.c:317); libcrypto's PBES2 salt grew from
    // 8 to 16 bytes in 3.2, and the IV is the cipher's block size (8, 16)
    let (cipher, salt, iv) = by_line([
        ("1.1.1", ("OBJECT des-ede3-cbc", 8, 8)),
        ("3.0", ("OBJECT des-ede3-cbc", 8, 8)),
        ("3.2", ("OBJECT des-ede3-cbc", 16, 8)),
        ("3.5", ("OBJECT aes-256-cbc", 16, 16)),
    ]);
    let count = |n: usize| k.matches(&format!("<{n} random bytes>")).count();
    let salt_and_iv = if salt == iv {
        count(salt) == 2
    } else {
        count(salt) == 1 && count(iv) == 1
    };
    assert!(
        k.contains("OBJECT PBES2")
            && k.contains(cipher)
            && salt_and_iv
            && k.contains("NIST CURVE: P-256")
            && k.contains("public key: K1"),
        "{k}"
    );
    // the same key encrypted under another pass phrase is caught
    let mut b = a.clone();
    let other = std::process::Command::new(openssl())
        .args([
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-passout",
            "pass:other",
            "-passin",
            "pass:abcd",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(a.file("k.pem"))?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(other.status.success());
    b.files.get_mut("k.pem").unwrap().1 = other.stdout;
    let err = compare(&case, &a, &b).unwrap_err();
    assert!(err.contains("pkey -text failed"), "{err}");
}

#[test]
fn der_output_of_a_generated_key_is_described() {
    let case = Case::new(&[
        "-new", "-newkey", "ed25519", "-nodes", "-subj", "/CN=x", "-keyout", "k.pem", "-outform",
        "DER", "-out", "r.der",
    ])
    .fresh_key();
    openssl_vs_openssl(&case).unwrap();
    let n = normalize(&case.run_openssl(), &case.masks(), None);
    let d = String::from_utf8_lossy(&n.files["r.der"].1).into_owned();
    assert!(
        d.starts_with("<DER, described>") && d.contains("ED25519") && d.contains("public key: K1"),
        "{d}"
    );
}

#[test]
fn text_and_pubkey_on_stdout_with_a_generated_key() {
    let case = Case::new(&[
        "-new", "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=x", "-keyout", "k.pem", "-text",
        "-pubkey", "-modulus",
    ])
    .fresh_key();
    openssl_vs_openssl(&case).unwrap();
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "runs on a pseudo-terminal, watched through /proc: Linux only"
)]
fn terminal_mode_types_only_once_the_program_reads() {
    // A program that prints its prompt and installs a SIGINT handler, then
    // works a while before it reads, as libcrypto's console UI does between
    // "Enter PEM pass phrase:" and its fgets. A ^C typed in that window would
    // be caught outside any read; typed when the read is under way, it
    // interrupts the read.
    let o = Case::new(&[
        "-e",
        r#"$| = 1; my $caught = 0; $SIG{INT} = sub { $caught++ };
           print "Prompt: "; for (1 .. 3_000_000) { }
           if ($caught) { print "too early\n"; exit 1 }
           my $r = sysread(STDIN, my $buf, 100);
           print defined $r ? "read $r bytes\n" : "read interrupted\n";"#,
    ])
    .answer("Prompt: ", "\x03")
    .run_program(&["/usr/bin/perl"]);
    assert_eq!(o.stdout_str(), "Prompt: ^Cread interrupted\r\n");
    assert_eq!(o.code, 0);
}

#[test]
fn text_then_der_certificates_a_second_apart_are_the_same() {
    // `-x509 -text -outform DER` writes the text and then the DER object to
    // one file: two runs that straddle a second differ in the times of both
    // (and so in the signature); the masks must see through both parts.
    let case = Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-set_serial",
        "1",
        "-out",
        "c.der",
        "-text",
        "-outform",
        "DER",
    ])
    .fixture("rsa2048.pem")
    .fresh_cert();
    let a = case.run_openssl();
    std::thread::sleep(Duration::from_millis(1100));
    let b = case.run_openssl();
    assert_ne!(a.file("c.der"), b.file("c.der"), "the times should differ");
    compare(&case, &a, &b).unwrap();
    // A real difference in the DER part is still one: another subject.
    let other = Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=y",
        "-set_serial",
        "1",
        "-out",
        "c.der",
        "-text",
        "-outform",
        "DER",
    ])
    .fixture("rsa2048.pem")
    .fresh_cert()
    .run_openssl();
    assert!(compare(&case, &a, &other).is_err());
}

/// The DER of an encrypted PKCS#8 key with the content bytes of each of its
/// OCTET STRINGs below depth 1 (the PBKDF2 salt, the IV) replaced by `fill`
/// repeated, where `openssl asn1parse` locates them.
fn with_octet_strings(der: &[u8], fill: &[u8]) -> Vec<u8> {
    let (c, o, e) = openssl_filter(&["asn1parse", "-inform", "DER"], der);
    assert_eq!(c, 0, "{e}");
    let mut out = der.to_vec();
    let mut patched = 0;
    // "   24:d=5  hl=2 l=   8 prim: OCTET STRING      [HEX DUMP]:..."
    for l in o
        .lines()
        .filter(|l| l.contains("OCTET STRING") && !l.contains(":d=1 "))
    {
        let field = |key: &str| -> usize {
            let (_, v) = l.split_once(key).unwrap();
            v.split_whitespace().next().unwrap().parse().unwrap()
        };
        let at: usize = l.trim_start().split(':').next().unwrap().parse().unwrap();
        let (hl, len) = (field("hl="), field(" l="));
        for (i, b) in out[at + hl..at + hl + len].iter_mut().enumerate() {
            *b = fill[i % fill.len()];
        }
        patched += 1;
    }
    assert_eq!(patched, 2, "salt and IV expected:\n{o}");
    out
}

#[test]
fn encrypted_key_salt_and_iv_are_masked_even_when_printable() {
    // asn1parse prints an OCTET STRING whose bytes are all printable as text,
    // not as a hex dump, newlines included: random salts do that now and then
    // (a flaky release_lines::default_cipher_of_the_fixed_key showed it).
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.pem");
    let der = dir.path().join("k.der");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(openssl_path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
    ]
    .map(std::ffi::OsStr::new)
    .into_iter()
    .chain([key.as_os_str()])
    .collect::<Vec<_>>());
    run(&[
        "pkcs8",
        "-topk8",
        "-v2",
        "aes-256-cbc",
        "-passout",
        "pass:abcd",
        "-outform",
        "DER",
        "-in",
    ]
    .map(std::ffi::OsStr::new)
    .into_iter()
    .chain([key.as_os_str(), "-out".as_ref(), der.as_os_str()])
    .collect::<Vec<_>>());
    let der = std::fs::read(&der).unwrap();
    let plain = describe_encryption(&der, true);
    assert!(plain.contains("<16 random bytes>"), "{plain}");
    for fill in [&b"R{~2eC.;"[..], b"ab\ncd", b"x:y"] {
        let printable = with_octet_strings(&der, fill);
        assert_ne!(printable, der);
        assert_eq!(
            describe_encryption(&printable, true),
            plain,
            "fill {fill:?}"
        );
    }
}

#[test]
fn a_fresh_modulus_at_the_start_of_a_file_is_masked() {
    // 1.1.1's `-modulus -out r.csr` puts only BN_print's hex into the file,
    // right before the request's PEM.
    let hex = "C4968ECF2E87AE21".repeat(16);
    let file = format!("{hex}-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n");
    let fresh = Masks {
        fresh_key: true,
        ..Masks::default()
    };
    assert_eq!(
        mask_text(&file, &fresh),
        "<hex>-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n"
    );
    // Only with a fresh key, and only a modulus-long run of upper-case hex.
    assert_eq!(mask_text(&file, &Masks::default()), file);
    let short = "C4968ECF2E87AE21-----BEGIN CERTIFICATE REQUEST-----\n";
    assert_eq!(mask_text(short, &fresh), short);
    let lower = format!("{}\n", "c4968ecf2e87ae21".repeat(16));
    assert_eq!(mask_text(&lower, &fresh), lower);
}

//! The option grammar of openssl's apps (apps/lib/opt.c `opt_next`, `opt_help`,
//! `opt_format`, `opt_int`/`opt_long`, `opt_num_rest`) as `req` uses it:
//! `-opt value`, `-opt=value`, `--opt`, `-h`/`-help`, any digest name as an
//! option, and every error message with its "req: Use -help for summary." line.
//!
//! Most cases are a quick CSR from the fixed key with one option under test:
//! `openssl req -new -key rsa1024.pem -subj /CN=x -noout ...`.

use crate::common::*;

const USE_HELP: &str = "req: Use -help for summary.\n";

/// `-subject`'s line for a name printed with the default name options: 3.0's
/// get_nameopt() default is XN_FLAG_ONELINE (`CN = x`); since 3.2 it is
/// XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_SN | ASN1_STRFLGS_ESC_CTRL | ... with no
/// spaces around '=' (3.5 lib/apps.c:146 get_nameopt).
fn subject_line(oneline: &'static str, compact: &'static str) -> &'static str {
    by_line([("1.1.1", oneline), ("3.0", oneline), ("3.2", compact)])
}

/// What `req` says of a word left after the options (`word`): 3.0 only
/// prints the usage line (3.0 req.c:515-517, `opthelp`); since 3.2 the
/// word is named first (3.5 req.c:547 opt_check_rest_arg(NULL), 3.5
/// lib/opt.c:1095 "%s: Extra option: \"%s\"").
fn extra_option(word: &str) -> String {
    by_line([
        ("1.1.1", USE_HELP.to_string()),
        ("3.0", USE_HELP.to_string()),
        ("3.2", format!("req: Extra option: \"{word}\"\n{USE_HELP}")),
    ])
}

// ----- help -----------------------------------------------------------------------

#[test]
fn help_is_byte_identical_on_stderr_with_exit_0() {
    // $ openssl req -help
    let (openssl, _) = Case::new(&["-help"]).assert_same();
    assert_eq!(openssl.code, 0);
    assert!(openssl.stdout.is_empty());
    let e = openssl.stderr_str();
    if !line_at_least("3.0") {
        // 1.1.1 apps/opt.c opt_help: the standard prolog, one flat list in
        // req_options[] order (1.1.1 req.c:90-143), texts at column 22
        // (the widest row, "-keygen_engine val" and "-writerand outfile", is
        // 19 wide), the continuation line under -x509, the engines last.
        assert!(
            e.starts_with("Usage: req [options]\nValid options are:\n -help               Display this summary\n -inform PEM|DER     Input format - DER or PEM\n"),
            "{e}"
        );
        assert!(
            e.contains(
                "\n -passout val        Output file pass phrase source\n \
                 -rand val           Load the file(s) into the random number generator\n"
            ),
            "{e}"
        );
        assert!(
            e.contains(
                "\n -x509               Output a x509 structure instead of a cert request\n\
                 \x20                    (Required by some CA's)\n -subj val"
            ),
            "{e}"
        );
        assert!(
            e.ends_with(
                " -*                  Any supported digest\n \
                 -engine val         Use engine, possibly a hardware device\n \
                 -keygen_engine val  Specify engine to be used for key generation operations\n"
            ),
            "{e}"
        );
        for absent in [
            "-CA ",
            "-CAkey",
            "-section",
            "-noenc",
            "-copy_extensions",
            "-vfyopt",
            "-provider",
        ] {
            assert!(!e.contains(absent), "{absent}: {e}");
        }
        return;
    }
    assert!(
        e.starts_with("Usage: req [options]\n\nGeneral options:\n -help "),
        "{e}"
    );
    assert!(
        e.contains("\n -*                    Any supported digest\n"),
        "{e}"
    );
    assert!(e.contains("\nProvider options:\n"), "{e}");
}

#[test]
fn help_spellings() {
    // $ openssl req -h / --help / --h
    for spelling in ["-h", "--help", "--h"] {
        let (openssl, _) = Case::new(&[spelling]).assert_same();
        if spelling.ends_with('h') && !line_at_least("3.0") {
            // 1.1.1 opt_next knows no "-h": a digest name, checked at once
            // (1.1.1 req.c:415 opt_md, opt.c:285 "Unrecognized flag").
            assert_eq!(openssl.code, 1, "{spelling}");
            assert_eq!(
                openssl.stderr_str(),
                format!("req: Unrecognized flag h\n{USE_HELP}")
            );
            continue;
        }
        assert_eq!(openssl.code, 0, "{spelling}");
        assert!(openssl.stderr_str().starts_with("Usage: req [options]\n"));
    }
}

#[test]
fn help_after_other_options_and_before_bad_ones() {
    // $ openssl req -new -subj /CN=x -help -foo   (help wins as soon as it is parsed)
    let (openssl, _) = Case::new(&["-new", "-subj", "/CN=x", "-help", "-foo"]).assert_same();
    assert_eq!(openssl.code, 0);
}

#[test]
fn help_after_an_unknown_option() {
    // $ openssl req -foo -help   (-foo is only a digest candidate, checked after
    // the parsing, which -help ends first: usage, exit 0)
    // 1.1.1 looks -foo up at once (1.1.1 req.c:414-417 opt_md): refused
    // before -help is seen.
    let (openssl, _) = Case::new(&["-foo", "-help"]).assert_same();
    assert_eq!(openssl.code, by_line([("1.1.1", 1), ("3.0", 0)]));
}

#[test]
fn help_after_a_bad_option_value_is_never_reached() {
    // $ openssl req -days x -help
    let (openssl, _) = Case::new(&["-days", "x", "-help"]).assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn help_does_not_take_a_value() {
    // $ openssl req -help=1  /  -h=
    for arg in ["-help=1", "-h="] {
        let (openssl, _) = Case::new(&[arg]).assert_same();
        assert_eq!(openssl.code, 1);
        assert!(openssl.stderr_str().ends_with(USE_HELP));
    }
}

#[test]
fn section_markers_of_the_option_table_as_options() {
    // $ openssl req ---S      (the table's section marker "-S" is a help entry)
    // $ openssl req ---M      (the "more help" marker wants a value...)
    // $ openssl req ---M x    (...and then is help)
    // $ openssl req ---H / ---P (not in req's table: unknown digest)
    // $ openssl req ----- / ----- x / ----   (1.1.1's markers are "---" and "--":
    // 1.1.1 opt.c:23-24; "-----" is the "more" row, which wants a value)
    for words in [
        &["---S"][..],
        &["---M"],
        &["---M", "x"],
        &["---H"],
        &["---P"],
        &["-----"],
        &["-----", "x"],
        &["----"],
    ] {
        Case::new(words).assert_same();
    }
}

// ----- how an option and its value are written ------------------------------------

#[test]
fn value_after_equals_sign() {
    // $ openssl req -new -key=rsa1024.pem -subj=/CN=eq -noout -subject
    let (openssl, _) = Case::new(&[
        "-new",
        "-key=rsa1024.pem",
        "-subj=/CN=eq",
        "-noout",
        "-subject",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    assert_eq!(
        openssl.stdout_str(),
        subject_line("subject=CN = eq\n", "subject=CN=eq\n")
    );
}

#[test]
fn double_dash_options() {
    // $ openssl req --new --key rsa1024.pem --subj /CN=dd --noout --subject
    let (openssl, _) = Case::new(&[
        "--new",
        "--key",
        "rsa1024.pem",
        "--subj",
        "/CN=dd",
        "--noout",
        "--subject",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    assert_eq!(
        openssl.stdout_str(),
        subject_line("subject=CN = dd\n", "subject=CN=dd\n")
    );
}

#[test]
fn value_containing_an_equals_sign_after_the_first() {
    // $ openssl req ... --subj=/CN=a=b -subject   (only the first '=' splits)
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "--subj=/CN=a=b",
        "-noout",
        "-subject",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    assert_eq!(
        openssl.stdout_str(),
        subject_line("subject=CN = a=b\n", "subject=CN=a=b\n")
    );
}

#[test]
fn value_starting_with_a_dash_is_taken_as_the_value() {
    // $ openssl req -subj -new   (the subject is "-new": not in /type=value form)
    let (openssl, _) = Case::new(&["-subj", "-new"]).assert_same();
    assert_eq!(openssl.code, 1);
    if !line_at_least("3.0") {
        // 1.1.1 parses -subj only when it makes a request (1.1.1 req.c
        // build_subject, from make_REQ); without -new it reads one from the
        // (empty) stdin first
        assert!(
            openssl
                .stderr_str()
                .starts_with("unable to load X509 request\n"),
            "{}",
            openssl.stderr_str()
        );
        return;
    }
    assert!(
        openssl
            .stderr_str()
            .ends_with("This name is not in that format: '-new'\n")
    );
}

#[test]
fn output_file_named_like_an_option() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -out -text   (writes a file "-text")
    let (_, ours) = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=x",
        "-out",
        "-text",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    assert!(ours.has_file("-text"));
}

#[test]
fn last_occurrence_of_an_option_wins() {
    // $ openssl req ... -subj /CN=first -subj /CN=second -out a.csr -out b.csr
    let (_, ours) = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=first",
        "-subj",
        "/CN=second",
        "-out",
        "a.csr",
        "-out",
        "b.csr",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    assert!(ours.has_file("b.csr") && !ours.has_file("a.csr"));
}

#[test]
fn obsolete_multivalue_rdn_flag_is_accepted() {
    // $ openssl req ... -multivalue-rdn -subject
    quick(&["-multivalue-rdn", "-subject"]).assert_same();
}

// ----- digests as options ----------------------------------------------------------

#[test]
fn any_digest_is_an_option() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -out r.csr -sha512 (etc.)
    // RSA PKCS#1 v1.5 signatures are deterministic: the CSRs compare byte for byte.
    for md in [
        "-sha512",
        "-sha3-256",
        "-sha1",
        "-md5",
        "-sha224",
        "-SHA256",
        "-sha512-256",
    ] {
        let (openssl, _) = Case::new(&[
            "-new",
            "-key",
            "rsa1024.pem",
            "-subj",
            "/CN=x",
            "-out",
            "r.csr",
            md,
        ])
        .fixture("rsa1024.pem")
        .assert_same();
        // 1.1.1's RSA has no signature with SHA-512/256 ("check_padding_md:
        // invalid digest"); 3.x's has.
        let code = if md == "-sha512-256" {
            by_line([("1.1.1", 1), ("3.0", 0)])
        } else {
            0
        };
        assert_eq!(openssl.code, code, "{md}");
    }
}

#[test]
fn digest_shows_in_the_signature_algorithm() {
    // $ openssl req ... -sha384 -text
    let (openssl, _) = quick(&["-sha384", "-text"]).assert_same();
    assert!(
        openssl
            .stdout_str()
            .contains("Signature Algorithm: sha384WithRSAEncryption")
    );
}

#[test]
fn second_digest_wins_on_3_0_and_is_refused_since_3_2() {
    // $ openssl req ... -sha1 -sha512 -text
    let (openssl, _) = quick(&["-sha1", "-sha512", "-text"]).assert_same();
    if !line_at_least("3.2") {
        // 3.0 lib/opt.c:990 (opt_next): each unknown option replaces the last
        assert_eq!(openssl.code, 0);
        assert!(openssl.stdout_str().contains("sha512WithRSAEncryption"));
    } else {
        // since 3.2 a second digest/unknown option is an error (3.5 req.c:319
        // opt_set_unknown_name("digest"); 3.5 lib/opt.c:1025 "%s: Multiple %s
        // or unknown options: -%s and -%s")
        assert_eq!(openssl.code, 1);
        assert_eq!(openssl.stdout_str(), "");
        assert_eq!(
            openssl.stderr_str(),
            format!("req: Multiple digest or unknown options: -sha1 and -sha512\n{USE_HELP}")
        );
    }
}

#[test]
fn digest_option_with_a_value_is_not_checked() {
    // $ openssl req ... -sha512=x -text   (opt_next does not check values of the
    // catch-all entry: the digest is "sha512")
    quick(&["-sha512=x", "-text"]).assert_same();
}

#[test]
fn unknown_option_or_digest() {
    // $ openssl req -foo   /  --foo  /  -foo=bar  /  -nosuchdigest -new
    for words in [
        &["-foo"][..],
        &["--foo"],
        &["-foo=bar"],
        &["-nosuchdigest", "-new"],
    ] {
        let (openssl, _) = Case::new(words).assert_same();
        assert_eq!(openssl.code, 1);
        // 1.1.1 opt.c:285 (opt_md); 3.0 lib/opt.c:473
        let says = by_line([
            ("1.1.1", ": Unrecognized flag "),
            ("3.0", ": Unknown option or message digest: "),
        ]);
        assert!(
            openssl.stderr_str().contains(says),
            "{words:?}: {}",
            openssl.stderr_str()
        );
    }
}

#[test]
fn unknown_option_is_reported_only_after_the_config_is_read() {
    // $ openssl req -foo -config missing.cnf   (the digest is checked after loading
    // the config: the missing config is reported instead)
    // 1.1.1 looks the digest up as it parses it (1.1.1 req.c:414-417 opt_md,
    // goto opthelp): the unknown digest comes first, the config is never read.
    let (openssl, _) = Case::new(&["-foo", "-config", "missing.cnf"]).assert_same();
    if line_at_least("3.0") {
        assert!(openssl.stderr_str().contains("missing.cnf"));
    } else {
        assert_eq!(
            openssl.stderr_str(),
            format!("req: Unrecognized flag foo\n{USE_HELP}")
        );
    }
}

#[test]
fn digest_not_allowed_for_the_key() {
    // $ openssl req ... -shake128   (RSA cannot sign with it: error at signing time)
    let (openssl, _) = quick(&["-shake128"]).assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn digest_with_a_key_that_takes_none() {
    // $ openssl req -new -key ed25519.pem -subj /CN=x -sha512 -out r.csr
    Case::new(&[
        "-new",
        "-key",
        "ed25519.pem",
        "-subj",
        "/CN=x",
        "-sha512",
        "-out",
        "r.csr",
    ])
    .fixture("ed25519.pem")
    .assert_same();
}

// ----- missing values, values on flags --------------------------------------------

#[test]
fn option_needs_a_value() {
    // $ openssl req -subj   (and -out, -days, -newkey, -config, -key, -keyout, -outform at the end)
    for opt in [
        "-subj", "-out", "-days", "-newkey", "-config", "-key", "-keyout", "-outform",
    ] {
        let (openssl, _) = Case::new(&["-new", opt]).assert_same();
        assert_eq!(
            openssl.stderr_str(),
            format!("req: Option {opt} needs a value\n{USE_HELP}"),
        );
    }
}

#[test]
fn double_dash_option_missing_its_value_is_named_with_one_dash() {
    // $ openssl req --subj
    let (openssl, _) = Case::new(&["--subj"]).assert_same();
    assert_eq!(
        openssl.stderr_str(),
        format!("req: Option -subj needs a value\n{USE_HELP}")
    );
}

#[test]
fn flag_does_not_take_a_value() {
    // $ openssl req -nodes=1  / -new= / -text=yes / --noout=no
    for arg in ["-nodes=1", "-new=", "-text=yes", "--noout=no"] {
        let (openssl, _) = Case::new(&[arg]).assert_same();
        assert_eq!(openssl.code, 1, "{arg}");
        assert!(openssl.stderr_str().contains("does not take a value"));
    }
}

#[test]
fn equals_sign_without_an_option_name() {
    // $ openssl req -=x   /  --=x  /  -=    (the name "" is the table's catch-all
    // digest entry, a flag: "Option - does not take a value")
    for arg in ["-=x", "--=x", "-="] {
        let (openssl, _) = quick(&[arg]).assert_same();
        assert_eq!(
            openssl.stderr_str(),
            format!("req: Option - does not take a value\n{USE_HELP}"),
            "{arg}"
        );
    }
}

// ----- numbers ----------------------------------------------------------------------

#[test]
fn bad_days_values() {
    // $ openssl req -days VALUE   for values opt_int/'p' rejects
    for v in [
        "x",
        "0",
        "-5",
        "-1",
        "0x",
        "09",
        "99999999999",
        "2147483648",
        "-0",
        "",
        "5 ",
        "1.5",
        "5x",
    ] {
        let (openssl, _) = Case::new(&["-days", v]).assert_same();
        assert_eq!(openssl.code, 1, "-days {v:?}");
        assert!(openssl.stderr_str().ends_with(USE_HELP), "-days {v:?}");
    }
}

#[test]
fn good_days_values_without_x509_are_ignored_with_a_warning() {
    // $ openssl req ... -days VALUE   -> "Ignoring -days without -x509; ..."
    for v in ["5", "0x10", "010", "+5", " 7", "2147483647"] {
        let (openssl, _) = quick(&["-days", v]).assert_same();
        assert_eq!(openssl.code, 0, "-days {v:?}");
        if !line_at_least("3.0") && v == "0x10" {
            // 1.1.1: atoi("0x10") is 0, its "no -days" (1.1.1 req.c:238,372,426)
            assert_eq!(openssl.stderr_str(), "");
            continue;
        }
        assert_eq!(
            openssl.stderr_str(),
            by_line([
                // 1.1.1 req.c:427
                ("1.1.1", "Ignoring -days; not generating a certificate\n"),
                // 3.0 req.c:524
                (
                    "3.0",
                    "Ignoring -days without -x509; not generating a certificate\n"
                ),
                // 3.4 added the "Warning: " prefix (3.5 req.c:555)
                (
                    "3.4",
                    "Warning: Ignoring -days without -x509; not generating a certificate\n"
                ),
            ]),
            "-days {v:?}"
        );
    }
}

// ----- formats ----------------------------------------------------------------------

#[test]
fn bad_formats() {
    // $ openssl req -outform X / -inform pem2 / -keyform Q / -outform '' / -outform PVK ...
    for (opt, v) in [
        ("-outform", "X"),
        ("-outform", ""),
        ("-outform", "PVK"),
        ("-outform", "pemx"),
        ("-outform", "ENGINE"),
        ("-outform", "NSS"),
        ("-inform", "pem2"),
        ("-inform", "P12"),
        ("-inform", "smime"),
        ("-keyform", "Q"),
        ("-keyform", "nssx"),
        ("-keyform", "Pk"),
    ] {
        let (openssl, _) = Case::new(&[opt, v]).assert_same();
        assert_eq!(openssl.code, 1, "{opt} {v:?}");
        assert!(openssl.stderr_str().ends_with(USE_HELP));
    }
}

#[test]
fn format_spellings_that_are_accepted() {
    // $ openssl req ... -outform VALUE -out r   (only the first letter matters,
    // except for P...: "P", "p", "PEM", "pem")
    for v in ["PEM", "pem", "P", "p", "DER", "der", "D", "d", "Dxyz"] {
        Case::new(&[
            "-new",
            "-key",
            "rsa1024.pem",
            "-subj",
            "/CN=x",
            "-outform",
            v,
            "-out",
            "r",
        ])
        .fixture("rsa1024.pem")
        .assert_same();
    }
}

#[test]
fn keyform_values() {
    // $ openssl req ... -keyform DER / ENGINE / pvk / msblob / p12
    // ("ENGINE, other values ignored", but DER makes the PEM key unreadable;
    // 4.0 removed the ENGINE format, so there ENGINE is a bad format)
    for v in ["DER", "ENGINE", "pvk", "msblob", "p12", "PEM"] {
        quick(&["-keyform", v]).assert_same();
    }
}

// ----- extra arguments, "-", "--" ------------------------------------------------

#[test]
fn extra_argument() {
    // $ openssl req extra   /  ... -noout extra
    let (openssl, _) = Case::new(&["extra"]).assert_same();
    assert_eq!(openssl.stderr_str(), extra_option("extra"));
    let (openssl, _) = quick(&["extra"]).assert_same();
    assert_eq!(openssl.stderr_str(), extra_option("extra"));
}

#[test]
fn double_dash_ends_the_options() {
    // $ openssl req ... -noout -- extra   (extra argument)
    // $ openssl req ... -noout -- -text   (-text is an argument, not an option)
    quick(&["--", "extra"]).assert_same();
    let (openssl, _) = quick(&["--", "-text"]).assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn double_dash_alone_then_a_request_on_stdin() {
    // $ openssl req -- < csr-rsa.pem
    let (openssl, _) = Case::new(&["--"])
        .stdin(include_bytes!("../../fixtures/csr-rsa.pem"))
        .assert_same();
    assert_eq!(openssl.code, 0);
}

#[test]
fn lone_dash_is_the_catch_all_entry() {
    // $ openssl req -   (matches the nameless "any digest" entry, with no digest:
    // then reads a request from stdin, here empty)
    let (openssl, _) = Case::new(&["-"]).assert_same();
    assert_eq!(openssl.code, 1);
    // ... and with a request on stdin
    Case::new(&["-", "-noout", "-subject"])
        .stdin(include_bytes!("../../fixtures/csr-rsa.pem"))
        .assert_same();
}

#[test]
fn first_non_option_word_stops_the_parsing() {
    // $ openssl req extra -new   (extra argument, -new never seen)
    let (openssl, _) = Case::new(&["extra", "-new"]).assert_same();
    assert_eq!(openssl.stderr_str(), extra_option("extra"));
}

// ----- other option checks in req_main -------------------------------------------

#[test]
fn verbose_flow() {
    // $ openssl req -verbose -new -key rsa1024.pem -subj /CN=x -out r.csr
    let (openssl, _) = Case::new(&[
        "-verbose",
        "-new",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.csr",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    // the reference's own openssl.cnf: /usr/lib/ssl on 3.0, the prefix's on the others
    assert!(
        openssl.stderr_str().starts_with(&using_default_config()),
        "{}",
        openssl.stderr_str()
    );
}

#[test]
fn verbose_with_an_empty_config() {
    // $ openssl req -verbose -config '' -new -key rsa1024.pem -subj /CN=x -noout
    let (openssl, _) = Case::new(&[
        "-verbose",
        "-config",
        "",
        "-new",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=x",
        "-noout",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    // 1.1.1 opens "" like any file name (1.1.1 req.c:432-434, apps.c:484
    // app_load_config, bio_open_default_)
    assert!(
        openssl.stderr_str().starts_with(by_line([
            (
                "1.1.1",
                "Using configuration from \nCan't open  for reading, No such file or directory\n"
            ),
            ("3.0", "No configuration used\n"),
        ])),
        "{}",
        openssl.stderr_str()
    );
}

#[test]
fn passin_and_passout_sources() {
    // $ openssl req -new -key rsa2048-enc.pem -passin pass:secret / env:PW / file:pw.txt / fd:0 / stdin
    let base = [
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.csr",
    ];
    for (src, stdin) in [
        ("pass:secret", ""),
        ("env:PW", ""),
        ("file:pw.txt", ""),
        ("stdin", "secret\n"),
        ("fd:0", "secret\n"),
        ("pass:wrong", ""),
        ("env:NOPE", ""),
        ("file:missing.txt", ""),
        ("bogus:x", ""),
        ("secret", ""),
    ] {
        let mut args = base.to_vec();
        args.extend(["-passin", src]);
        Case::new(&args)
            .fixture("rsa2048-enc.pem")
            .file("pw.txt", "secret\nsecond line\n")
            .env("PW", "secret")
            .stdin(stdin)
            .assert_same();
    }
}

#[test]
fn passout_source_errors_come_before_anything_else() {
    // $ openssl req -passout env:NOPE -newkey rsa:1024 -keyout k.pem -subj /CN=x
    let (openssl, _) = Case::new(&[
        "-passout", "env:NOPE", "-newkey", "rsa:1024", "-keyout", "k.pem", "-subj", "/CN=x",
    ])
    .assert_same();
    assert_eq!(openssl.code, 1);
    assert!(openssl.stderr_str().contains("Error getting passwords\n"));
}

#[test]
fn requested_outputs_of_a_new_request() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -noout -text -subject -pubkey -modulus -verify
    let (openssl, _) =
        quick(&["-text", "-subject", "-pubkey", "-modulus", "-verify"]).assert_same();
    assert!(openssl.stdout_str().contains("Modulus="));
    let verify_ok = "Certificate request self-signature verify OK\n";
    let (stdout_start, stderr) = by_line([
        // 1.1.1 req.c:860: "verify OK" on bio_err
        ("1.1.1", ("-----BEGIN PUBLIC KEY-----\n", "verify OK\n")),
        // 3.0 req.c:975 prints the verdict on bio_err; stdout starts with -pubkey
        ("3.0", ("-----BEGIN PUBLIC KEY-----\n", verify_ok)),
        // since 3.2 on bio_out, ahead of the other outputs (3.5 req.c:987)
        ("3.2", (verify_ok, "")),
    ]);
    assert!(
        openssl.stdout_str().starts_with(stdout_start),
        "{}",
        openssl.stdout_str()
    );
    assert_eq!(openssl.stderr_str(), stderr);
}

#[test]
fn newhdr_and_text_with_the_request() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -newhdr -text
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=x",
        "-newhdr",
        "-text",
    ])
    .fixture("rsa1024.pem")
    .assert_same();
    assert!(
        openssl
            .stdout_str()
            .contains("-----BEGIN NEW CERTIFICATE REQUEST-----\n")
    );
}

#[test]
fn nameopt_and_reqopt() {
    // $ openssl req ... -text -nameopt RFC2253 -reqopt no_pubkey,no_sigdump
    // and a bad -nameopt / -reqopt
    quick(&[
        "-text",
        "-subject",
        "-nameopt",
        "RFC2253",
        "-reqopt",
        "no_pubkey,no_sigdump",
    ])
    .assert_same();
    let (openssl, _) = quick(&["-nameopt", "bogus"]).assert_same();
    assert_eq!(openssl.code, 1);
    let (openssl, _) = quick(&["-reqopt", "bogus"]).assert_same();
    assert_eq!(openssl.code, 1);
}

// ----- what 1.1.1's opt.c and option loop say differently --------------------------
//
// Each case runs on every line; the expected text is the reference's own.

#[test]
fn a_days_value_that_is_no_number() {
    // $ openssl req -days abc   /   -days 99999999999
    // 1.1.1 opt.c:669-676 (opt_next, 'p'): opt_int's reason, then "Non-positive
    // number ... for -days" as well; 3.0 lib/opt.c:940-948 stops at opt_int's.
    for (v, reason) in [
        ("abc", "Can't parse \"abc\" as a number"),
        ("99999999999", "Value \"99999999999\" outside integer range"),
    ] {
        let (openssl, _) = Case::new(&["-days", v]).assert_same();
        assert_eq!(openssl.code, 1);
        let then = by_line([
            (
                "1.1.1",
                format!("req: Non-positive number \"{v}\" for -days\n"),
            ),
            ("3.0", String::new()),
        ]);
        assert_eq!(
            openssl.stderr_str(),
            format!("req: {reason}\n{then}{USE_HELP}")
        );
    }
    // $ openssl req -days 0
    let (openssl, _) = Case::new(&["-days", "0"]).assert_same();
    let for_ = by_line([("1.1.1", "for -"), ("3.0", "for option -")]);
    assert_eq!(
        openssl.stderr_str(),
        format!("req: Non-positive number \"0\" {for_}days\n{USE_HELP}")
    );
}

#[test]
fn a_format_word_that_names_no_format() {
    // $ openssl req -outform xml   /   -keyform pfoo   /   -outform pvk
    // 1.1.1 opt.c:198-253 (opt_format) says nothing of a word it does not know;
    // opt_next adds "Invalid format ... for -outform" (1.1.1 opt.c:715).
    let for_ = by_line([("1.1.1", "for -"), ("3.0", "for option -")]);
    for (opt, v) in [("-outform", "xml"), ("-keyform", "pfoo")] {
        let (openssl, _) = Case::new(&[opt, v]).assert_same();
        let bad = by_line([
            ("1.1.1", String::new()),
            ("3.0", format!("req: Bad format \"{v}\"\n")),
        ]);
        assert_eq!(
            openssl.stderr_str(),
            format!(
                "{bad}req: Invalid format \"{v}\" {for_}{}\n{USE_HELP}",
                &opt[1..]
            ),
            "{opt} {v}"
        );
    }
    let (openssl, _) = Case::new(&["-outform", "pvk"]).assert_same();
    let must = by_line([
        ("1.1.1", "pem or der"),
        ("3.0", "pem or der"),
        ("3.2", "one of:  pem der"),
    ]);
    assert_eq!(
        openssl.stderr_str(),
        format!(
            "req: Bad format \"pvk\"; must be {must}\nreq: Invalid format \"pvk\" {for_}outform\n{USE_HELP}"
        )
    );
}

#[test]
fn an_unknown_digest_stops_the_option_loop_on_1_1_1() {
    // $ openssl req -bogus -days 0   /   -sha256 -bogus -nodes=1
    // 1.1.1 looks each digest up as it is parsed (1.1.1 req.c:414-417 opt_md):
    // the first bad one ends the loop. 3.0 keeps the name for later, so a
    // later option's error comes first.
    let (openssl, _) = Case::new(&["-bogus", "-days", "0"]).assert_same();
    assert_eq!(
        openssl.stderr_str(),
        by_line([
            ("1.1.1", format!("req: Unrecognized flag bogus\n{USE_HELP}")),
            (
                "3.0",
                format!("req: Non-positive number \"0\" for option -days\n{USE_HELP}")
            ),
        ])
    );
    Case::new(&["-sha256", "-bogus", "-nodes=1"]).assert_same();
}

#[test]
fn a_lone_dash_before_any_digest_name() {
    // $ openssl req -   (the catch-all row with no name yet: 1.1.1's opt_md gets
    // NULL, which BIO_printf shows as "<NULL>"; 3.0 uses no digest and reads
    // a request from the empty stdin)
    let (openssl, _) = Case::new(&["-"]).assert_same();
    assert_eq!(openssl.code, 1);
    if !line_at_least("3.0") {
        assert_eq!(
            openssl.stderr_str(),
            format!("req: Unrecognized flag <NULL>\n{USE_HELP}")
        );
    }
}

#[test]
fn default_md_is_checked_as_it_is_read_on_1_1_1() {
    // $ openssl req -new -config md.cnf -newkey rsa:512 ...   (default_md = bogus)
    // 1.1.1 req.c:474-483: opt_md on the config's value, "Unrecognized flag"
    // and the usage line, before any key is made; 3.0 uses the name when
    // signing, after writing the key (a failed run of ours writes no file:
    // README, deliberate difference 2).
    let text =
        "[ req ]\ndefault_md = bogus\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n";
    let case = Case::new(&[
        "-new", "-config", "md.cnf", "-newkey", "rsa:512", "-nodes", "-keyout", "k.pem",
    ])
    .file("md.cnf", text)
    .fresh_key();
    if line_at_least("3.0") {
        let (openssl, _) = crate::deliberate::assert_same_but_ours_leaves_no(&case, &["k.pem"]);
        assert_eq!(openssl.code, 1);
        return;
    }
    let (openssl, _) = case.assert_same();
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        format!("req: Unrecognized flag bogus\n{USE_HELP}")
    );
    assert!(!openssl.has_file("k.pem"));
}

#[test]
fn addext_problems_are_the_usage_line_alone_on_1_1_1() {
    // $ openssl req -addext noequals   /   -addext a=b -addext a=c   /   -addext ' = v'
    // 1.1.1 req.c:168-213 duplicated() answers 1 for a syntax error and for a
    // duplicate alike, and req_main goes to opthelp (req.c:388-389) with no
    // word of its own.
    for words in [
        &["-addext", "noequals"][..],
        &["-addext", "a=b", "-addext", "a=c"],
        &["-addext", " = v"],
        &["-addext", "   "],
    ] {
        let (openssl, _) = Case::new(words).assert_same();
        assert_eq!(openssl.code, 1, "{words:?}");
        if !line_at_least("3.0") {
            assert_eq!(openssl.stderr_str(), USE_HELP, "{words:?}");
        }
    }
}

#[test]
fn rand_files_are_loaded_as_the_option_is_parsed_on_1_1_1() {
    // $ openssl req -rand nofile -bogus
    // 1.1.1 req.c:320-323 (opt_rand, app_rand.c loadfiles): the file is loaded
    // at once and its failure ends the run (`goto end`, no usage line) before
    // -bogus is seen; 3.0 loads the files after the options (app_RAND_load)
    // and looks the digest up later still.
    let (openssl, _) = Case::new(&["-rand", "nofile", "-bogus"]).assert_same();
    assert_eq!(openssl.code, 1);
    let err = openssl.masked_stderr();
    if !line_at_least("3.0") {
        assert_eq!(
            err,
            "Can't load nofile into RNG\n\
             <tid>:error:2406F079:random number generator:RAND_load_file:Cannot open file:<file:line>:Filename=nofile\n"
        );
    }
}

#[test]
fn multivalue_rdn_is_a_switch_on_1_1_1_only() {
    // $ openssl req -new -newkey ed25519 ... -subj /CN=a+O=b -subject [-multivalue-rdn]
    // 1.1.1 hands -multivalue-rdn's flag to parse_name (1.1.1 req.c:380,
    // 1105): without it '+' is part of the value; 3.0 always reads
    // multi-valued RDNs (3.0 req.c:298).
    for flag in [None, Some("-multivalue-rdn")] {
        let mut args = vec![
            "-new",
            "-newkey",
            "ed25519",
            "-nodes",
            "-keyout",
            "k.pem",
            "-subj",
            "/CN=a+O=b",
            "-noout",
            "-subject",
        ];
        args.extend(flag);
        let (openssl, _) = Case::new(&args).fresh_key().assert_same();
        let joined = by_line([
            ("1.1.1", "subject=CN = a + O = b\n"),
            ("3.0", "subject=CN = a + O = b\n"),
            ("3.2", "subject=CN=a + O=b\n"),
        ]);
        let expected = if flag.is_none() && !line_at_least("3.0") {
            "subject=CN = \"a+O=b\"\n"
        } else {
            joined
        };
        assert_eq!(openssl.stdout_str(), expected, "{flag:?}");
    }
}

#[test]
fn options_that_1_1_1_lacks_are_digest_names_there() {
    // $ openssl req -CA x / -CAkey x / -copy_extensions copy / -noenc / -section s /
    //   -vfyopt x / -x509v1 / -quiet / -not_before x / -cipher c / -provider p
    // (1.1.1 req.c:90-143 has none of them: "Unrecognized flag")
    for (opt, val) in [
        ("CA", Some("x")),
        ("CAkey", Some("x")),
        ("copy_extensions", Some("copy")),
        ("noenc", None),
        ("section", Some("s")),
        ("vfyopt", Some("x")),
        ("x509v1", None),
        ("quiet", None),
        ("not_before", Some("x")),
        ("cipher", Some("aes128")),
        ("provider", Some("default")),
    ] {
        let word = format!("-{opt}");
        let mut args = vec![word.as_str()];
        args.extend(val);
        args.push("-bogus");
        let (openssl, _) = Case::new(&args).assert_same();
        assert_eq!(openssl.code, 1, "{args:?}");
        if !line_at_least("3.0") {
            assert_eq!(
                openssl.stderr_str(),
                format!("req: Unrecognized flag {opt}\n{USE_HELP}"),
                "{args:?}"
            );
        }
    }
}

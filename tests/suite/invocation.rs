//! Invocation: `openssl-req [req] ARGS`, and `openssl COMMAND ...` through a
//! link named `openssl` (apps/openssl.c `main`/`do_cmd`: the command word,
//! "Invalid command", `no-<command>`, `help req`).
//!
//! The real side always runs the reference `openssl ...` (the first on PATH:
//! /usr/bin/openssl on 3.0, the line's prefix on the others) with the same
//! words; ours runs either `openssl-req req ...` or `<tmp>/openssl ...`, a
//! symlink to our binary. Through that link ours runs only `req ...` and
//! `help req` itself and hands every other command (`foo`, `no-req`,
//! `help`, no command at all, ...) to the real openssl on PATH
//! (src/handoff.rs), so those cases compare the reference with itself run
//! through our binary.

use crate::common::*;

/// A symlink named `openssl` to our binary, in its own temp dir (kept alive
/// by the returned guard).
fn openssl_link() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("openssl");
    std::os::unix::fs::symlink(ours_path(), &link).unwrap();
    let s = link.to_str().unwrap().to_string();
    (dir, s)
}

/// Runs `openssl WORDS` with the real openssl and through the link; compares.
#[track_caller]
fn assert_same_as_openssl(case: &Case) -> (Outcome, Outcome) {
    let (_guard, link) = openssl_link();
    let theirs = case.run_program(&[openssl_path().to_str().unwrap()]);
    let ours = case.run_program(&[&link]);
    if let Err(report) = compare(case, &theirs, &ours) {
        panic!(
            "(our side ran through a link named openssl; the case words follow `openssl`){report}"
        );
    }
    (theirs, ours)
}

/// Runs `openssl req WORDS` against `openssl-req req WORDS`; compares.
#[track_caller]
fn assert_same_with_req_word(case: &Case) -> (Outcome, Outcome) {
    let theirs = case.run_openssl();
    let ours = case.run_program(&[ours_path().to_str().unwrap(), "req"]);
    if let Err(report) = compare(case, &theirs, &ours) {
        panic!("(our side ran as `openssl-req req ...`){report}");
    }
    (theirs, ours)
}

// ----- openssl-req req ARGS -----------------------------------------------------

#[test]
fn the_word_req_is_optional() {
    // $ openssl-req req -new -key rsa1024.pem -subj /CN=x -out r.csr
    let case = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.csr",
    ])
    .fixture("rsa1024.pem");
    let (openssl, with_word) = assert_same_with_req_word(&case);
    let (_, without) = case.assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(with_word.file("r.csr"), without.file("r.csr"));
}

#[test]
fn the_word_req_then_help() {
    // $ openssl-req req -help   (usage on stderr, exit 0)
    let (openssl, _) = assert_same_with_req_word(&Case::new(&["-help"]));
    assert_eq!(openssl.code, 0);
    assert!(openssl.stderr_str().starts_with("Usage: req [options]\n"));
}

#[test]
fn the_word_req_then_an_error() {
    // $ openssl-req req -foo
    let (openssl, _) = assert_same_with_req_word(&Case::new(&["-foo"]));
    // 3.2 and 3.3 first say that the request comes from stdin (the digest
    // name is checked only after that).
    let hint = if line_at_least("3.2") && !line_at_least("3.4") {
        "Warning: Will read cert request from stdin since no -in option is given\n"
    } else {
        ""
    };
    // 1.1.1 opt.c:285 (opt_md, called as the option is parsed)
    let unknown = by_line([
        ("1.1.1", "Unrecognized flag "),
        ("3.0", "Unknown option or message digest: "),
    ]);
    assert_eq!(
        openssl.stderr_str(),
        format!("{hint}req: {unknown}foo\nreq: Use -help for summary.\n")
    );
}

#[test]
fn the_word_req_twice_is_an_extra_argument() {
    // $ openssl-req req req   ==  openssl req req   (extra argument "req")
    let (openssl, _) = assert_same_with_req_word(&Case::new(&["req"]));
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        by_line([
            // 1.1.1 req.c:421-423 and 3.0 req.c:515-517: any word left after
            // the options goes to `opthelp`, the bare usage line
            ("1.1.1", "req: Use -help for summary.\n"),
            ("3.0", "req: Use -help for summary.\n"),
            // since 3.2 the leftover word is named (3.5 req.c:547
            // opt_check_rest_arg(NULL); 3.5 lib/opt.c:1095 "%s: Extra option: \"%s\"")
            (
                "3.2",
                "req: Extra option: \"req\"\nreq: Use -help for summary.\n"
            ),
        ])
    );
}

#[test]
fn the_word_req_alone_reads_a_request_from_stdin() {
    // $ openssl-req req < csr-rsa.pem   (prints the request back)
    let case = Case::new(&[]).stdin(include_bytes!("../../fixtures/csr-rsa.pem"));
    let (openssl, _) = assert_same_with_req_word(&case);
    assert_eq!(openssl.code, 0);
    assert_eq!(openssl.stdout, include_bytes!("../../fixtures/csr-rsa.pem"));
}

// ----- through a link named openssl ---------------------------------------------

#[test]
fn link_named_openssl_runs_req() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=x -out r.csr
    let (openssl, ours) = assert_same_as_openssl(
        &Case::new(&[
            "req",
            "-new",
            "-key",
            "rsa1024.pem",
            "-subj",
            "/CN=x",
            "-out",
            "r.csr",
        ])
        .fixture("rsa1024.pem"),
    );
    assert_eq!(openssl.code, 0);
    assert!(ours.has_file("r.csr"));
}

#[test]
fn link_named_openssl_req_help() {
    // $ openssl req -help
    let (openssl, _) = assert_same_as_openssl(&Case::new(&["req", "-help"]));
    assert_eq!(openssl.code, 0);
}

#[test]
fn link_named_openssl_req_with_a_bad_option() {
    // $ openssl req -nodes=1
    let (openssl, _) = assert_same_as_openssl(&Case::new(&["req", "-nodes=1"]));
    assert_eq!(
        openssl.stderr_str(),
        "req: Option -nodes does not take a value\nreq: Use -help for summary.\n"
    );
}

#[test]
fn link_named_openssl_help_req() {
    // $ openssl help req   (runs `req --help`)
    assert_same_as_openssl(&Case::new(&["help", "req"]));
}

#[test]
fn invalid_command() {
    // $ openssl foo
    let (openssl, _) = assert_same_as_openssl(&Case::new(&["foo"]));
    assert_eq!(openssl.code, 1);
    assert_eq!(
        openssl.stderr_str(),
        "Invalid command 'foo'; type \"help\" for a list.\n"
    );
    assert!(openssl.stdout.is_empty());
}

#[test]
fn invalid_command_with_arguments() {
    // $ openssl foo -new -subj /CN=x
    assert_same_as_openssl(&Case::new(&["foo", "-new", "-subj", "/CN=x"]));
}

#[test]
fn command_names_are_case_sensitive() {
    // $ openssl Req
    let (openssl, _) = assert_same_as_openssl(&Case::new(&["Req"]));
    assert_eq!(
        openssl.stderr_str(),
        "Invalid command 'Req'; type \"help\" for a list.\n"
    );
}

#[test]
fn empty_and_dash_dash_command_words() {
    // $ openssl ''      $ openssl -- req
    for words in [&[""][..], &["--", "req"][..]] {
        let (openssl, _) = assert_same_as_openssl(&Case::new(words));
        assert_eq!(openssl.code, 1);
    }
}

#[test]
fn no_req_says_req_exists() {
    // $ openssl no-req   -> "req" on stdout, exit 1 (the command is available)
    let (openssl, _) = assert_same_as_openssl(&Case::new(&["no-req"]));
    assert_eq!((openssl.code, openssl.stdout_str().as_str()), (1, "req\n"));
}

#[test]
fn no_foo_says_foo_does_not_exist() {
    // $ openssl no-foo   -> "no-foo" on stdout, exit 0
    let (openssl, _) = assert_same_as_openssl(&Case::new(&["no-foo"]));
    assert_eq!(
        (openssl.code, openssl.stdout_str().as_str()),
        (0, "no-foo\n")
    );
}

#[test]
fn no_other_known_commands() {
    // $ openssl no-x509 / no-genpkey / no-s_client / no-   (and extra words are ignored)
    for words in [
        &["no-x509"][..],
        &["no-genpkey"],
        &["no-s_client"],
        &["no-"],
        &["no-req", "extra"],
    ] {
        assert_same_as_openssl(&Case::new(words));
    }
}

#[test]
fn help_for_a_command() {
    // $ openssl help foo       (no such command)
    // $ openssl help req extra (too many words)
    for words in [&["help", "foo"][..], &["help", "req", "extra"]] {
        let (openssl, _) = assert_same_as_openssl(&Case::new(words));
        assert_eq!(openssl.code, 1, "{words:?}");
    }
}

#[test]
fn help_for_help() {
    // $ openssl help help      (help's own usage, exit 0)
    let (openssl, _) = assert_same_as_openssl(&Case::new(&["help", "help"]));
    assert!(openssl.stderr_str().starts_with(by_line([
        // 1.1.1 openssl.c:450-455: two usage rows and -help
        ("1.1.1", "Usage: help [options]\n       help [command]\n"),
        ("3.0", "Usage: help [options] [command]\n"),
    ])));
}

#[test]
fn global_help_lists_req() {
    if !line_at_least("3.0") {
        return global_help_of_1_1_1();
    }
    // $ openssl   /   openssl help   /   openssl -help
    // Through the link these are not req, so ours hands them to the real openssl
    // on PATH (src/handoff.rs), which lists all its commands. Only when no real
    // openssl is found does ours answer itself, listing nothing but req; the
    // checks hold either way: exit code, stdout, the heading, and req listed.
    let (_guard, link) = openssl_link();
    for words in [&[][..], &["help"], &["-help"]] {
        let case = Case::new(words);
        let theirs = case.run_program(&[openssl_path().to_str().unwrap()]);
        let ours = case.run_program(&[&link]);
        assert_eq!(
            (ours.code, &ours.stdout),
            (theirs.code, &theirs.stdout),
            "{words:?}"
        );
        let heading = "help:\n\nStandard commands\n";
        assert!(theirs.stderr_str().starts_with(heading));
        assert!(
            ours.stderr_str().starts_with(heading),
            "{:?}",
            ours.stderr_str()
        );
        assert!(
            ours.stderr_str()[heading.len()..]
                .split_whitespace()
                .any(|w| w == "req")
        );
    }
}

/// 1.1.1's `openssl` (1.1.1 openssl.c:139-260): `help` lists the commands
/// under "Standard commands" (no "help:" heading), `-help` is an invalid
/// command, and no command at all is the interactive mode, which with an
/// empty stdin prints its prompt and ends (exit 0).
fn global_help_of_1_1_1() {
    let (_guard, link) = openssl_link();
    for words in [&[][..], &["help"], &["-help"]] {
        let case = Case::new(words);
        let theirs = case.run_program(&[openssl_path().to_str().unwrap()]);
        let ours = case.run_program(&[&link]);
        assert_eq!(
            (ours.code, &ours.stdout),
            (theirs.code, &theirs.stdout),
            "{words:?}"
        );
        match words {
            [] => {
                assert_eq!(
                    (theirs.code, theirs.stdout_str().as_str()),
                    (0, "OpenSSL> ")
                );
                assert_eq!(theirs.stderr_str(), "");
                assert_eq!(ours.stderr_str(), "");
            }
            ["help"] => {
                let heading = "Standard commands\n";
                assert!(theirs.stderr_str().starts_with(heading));
                assert!(
                    ours.stderr_str().starts_with(heading),
                    "{}",
                    ours.stderr_str()
                );
                assert!(
                    ours.stderr_str()[heading.len()..]
                        .split_whitespace()
                        .any(|w| w == "req")
                );
            }
            _ => {
                let invalid = "Invalid command '-help'; type \"help\" for a list.\n";
                assert_eq!((theirs.code, theirs.stderr_str().as_str()), (1, invalid));
                assert_eq!(ours.stderr_str(), invalid);
            }
        }
    }
}

/// A directory holding only `openssl` -> our binary, for PATH: no real
/// openssl to hand other commands to, so ours answers them itself.
fn lone_link() -> (tempfile::TempDir, String) {
    openssl_link()
}

#[test]
fn interactive_mode_of_1_1_1_without_a_real_openssl() {
    // $ printf 'foo\nreq -bogus\n\n"help" \\\n  help\nno-req\n...' | openssl
    // 1.1.1 openssl.c:174-247 (the loop), apps.c chopup_args, do_cmd's exit
    // words: only commands whose answer does not depend on which commands
    // exist, so that the reference (with all of them) and ours (with only
    // req, no real openssl on PATH) agree.
    if line_at_least("3.0") {
        return;
    }
    let (dir, link) = lone_link();
    let input = "foo\nreq -bogus\n\n\"help\" \\\n  help\nno-req\nreq -subj \"/CN=a b\" -new -x\n  \nbye\nreq -help\n";
    let case = Case::new(&[])
        .stdin(input)
        .env("PATH", dir.path().to_str().unwrap());
    let theirs = case.run_program(&[openssl_path().to_str().unwrap()]);
    let ours = case.run_program(&[&link]);
    if let Err(report) = compare(&case, &theirs, &ours) {
        panic!("(ours through a lone link named openssl){report}");
    }
    assert_eq!(theirs.code, 0);
    assert_eq!(
        theirs.stdout_str(),
        "OpenSSL> OpenSSL> OpenSSL> OpenSSL> > OpenSSL> req\nOpenSSL> OpenSSL> OpenSSL> "
    );
    assert_eq!(
        theirs.stderr_str(),
        "Invalid command 'foo'; type \"help\" for a list.\nerror in foo\n\
         req: Unrecognized flag bogus\nreq: Use -help for summary.\nerror in req\n\
         Usage: help [options]\n       help [command]\n -help  Display this summary\n\
         error in no-req\n\
         req: Unrecognized flag x\nreq: Use -help for summary.\nerror in req\n"
    );
}

#[test]
fn exit_words_of_1_1_1() {
    // $ openssl quit / q / exit / bye   (1.1.1 do_cmd: EXIT_THE_PROGRAM, which
    // main makes exit 0; 3.0 removed them: invalid commands)
    for word in ["quit", "q", "exit", "bye"] {
        let (dir, link) = lone_link();
        let case = Case::new(&[word]).env("PATH", dir.path().to_str().unwrap());
        let theirs = case.run_program(&[openssl_path().to_str().unwrap()]);
        let ours = case.run_program(&[&link]);
        if let Err(report) = compare(&case, &theirs, &ours) {
            panic!("(ours through a lone link named openssl){report}");
        }
        assert_eq!(theirs.code, by_line([("1.1.1", 0), ("3.0", 1)]), "{word}");
    }
}

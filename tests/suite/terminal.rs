//! On a terminal: the seed command and the pass-phrase prompts typed by a user.
//!
//! Each case runs both programs with stdin, stdout and stderr on a fresh
//! pseudo-terminal that is their controlling terminal (the harness's terminal
//! mode). The script waits for each prompt before typing the answer, and types
//! pass phrases only once echo is off, so the transcripts show exactly what a
//! user would see: prompts, echoed answers (never the hidden pass phrases),
//! progress dots (masked) and messages, with the terminal's `\r\n` line ends.
//! The transcript is compared as "stdout".
//!
//! Linux only: the harness tells that a program waits for input from
//! /proc/PID/task/*/syscall.
#![cfg(target_os = "linux")]

use crate::common::*;

/// The prompts of the default config (<OPENSSLDIR>/openssl.cnf, the stock file
/// on every line), in order.
const COUNTRY: &str = "Country Name (2 letter code) [AU]:";
const STATE: &str = "State or Province Name (full name) [Some-State]:";
const LOCALITY: &str = "Locality Name (eg, city) []:";
const ORG: &str = "Organization Name (eg, company) [Internet Widgits Pty Ltd]:";
const UNIT: &str = "Organizational Unit Name (eg, section) []:";
const CN: &str = "Common Name (e.g. server FQDN or YOUR name) []:";
const EMAIL: &str = "Email Address []:";
const CHALLENGE: &str = "A challenge password []:";
const COMPANY: &str = "An optional company name []:";

const PASS: &str = "Enter PEM pass phrase:";
const VERIFY: &str = "Verifying - Enter PEM pass phrase:";

/// The seed command's answers: US / CA / SF / Acme / IT / api / a@b.c, then
/// Enter for both 'extra' attributes.
fn answer_seed_prompts(case: Case) -> Case {
    case.answer(COUNTRY, "US\n")
        .answer(STATE, "CA\n")
        .answer(LOCALITY, "SF\n")
        .answer(ORG, "Acme\n")
        .answer(UNIT, "IT\n")
        .answer(CN, "api\n")
        .answer(EMAIL, "a@b.c\n")
        .answer(CHALLENGE, "\n")
        .answer(COMPANY, "\n")
}

fn file_names(o: &Outcome) -> Vec<&str> {
    o.files.keys().map(|k| k.as_str()).collect()
}

// ----- the harness's terminal mode itself ---------------------------------------

#[test]
fn terminal_mode_echoes_typed_lines_and_hides_secrets() {
    // $ sh -c '...'   on a terminal; type "joe" at "Name: ", "pw" (echo off) at "Secret: "
    let o = Case::new(&[
        "-c",
        "printf 'Name: '; read x; echo \"got $x\"; stty -echo; printf 'Secret: '; \
         read y; stty echo; echo; echo \"secret $y\"; tty",
        "sh",
    ])
    .answer("Name: ", "joe\n")
    .answer_secret("Secret: ", "pw\n")
    .run_program(&["/bin/sh"]);
    assert_eq!(o.code, 0);
    assert!(
        o.stdout_str()
            .starts_with("Name: joe\r\ngot joe\r\nSecret: \r\nsecret pw\r\n/dev/pts/"),
        "{:?}",
        o.stdout_str()
    );
    assert!(o.stderr.is_empty());
}

#[test]
fn terminal_mode_ctrl_d_at_line_start_is_eof() {
    // $ cat   on a terminal; type "a", then ^D
    let o = Case::new(&[])
        .answer("", "a\n")
        .answer("a\r\na\r\n", "\x04")
        .run_program(&["/bin/cat"]);
    assert_eq!(o.code, 0);
    assert_eq!(o.stdout_str(), "a\r\na\r\n");
}

#[test]
fn terminal_mode_with_piped_stdin_keeps_the_terminal_as_dev_tty() {
    // $ sh -c 'read x; echo "pipe: $x"; printf "tty: "; read y < /dev/tty; echo "$y"' <<< from-pipe
    let o = Case::new(&[
        "-c",
        "read x; echo \"pipe: $x\"; printf 'tty: '; read y < /dev/tty; echo \"got $y\"",
        "sh",
    ])
    .terminal_with_piped_stdin("from-pipe\n")
    .answer("tty: ", "typed\n")
    .run_program(&["/bin/sh"]);
    assert_eq!(
        o.stdout_str(),
        "pipe: from-pipe\r\ntty: typed\r\ngot typed\r\n"
    );
}

#[test]
fn terminal_progress_lines_are_masked_with_their_cr() {
    assert_eq!(
        mask_progress(b"..+++*\r\n.+*\r\n-----\r\n"),
        b"<progress>\r\n<progress>\r\n-----\r\n"
    );
}

// ----- the seed command ---------------------------------------------------------

#[test]
fn seed_command_typed_interactively() {
    // $ openssl req -new -newkey rsa:2048 -nodes -keyout api_private.key -out api_user.csr
    // (on a terminal)  US / CA / SF / Acme / IT / api / a@b.c / Enter / Enter
    let case = answer_seed_prompts(Case::new(&[
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "api_private.key",
        "-out",
        "api_user.csr",
    ]))
    .fresh_key();
    let (openssl, ours) = case.assert_same();
    // What the user saw: progress, the banner, each prompt with its echoed answer.
    let t = openssl.stdout_str();
    assert!(t.contains("-----\r\nYou are about to be asked"), "{t:?}");
    assert!(t.contains(&format!("{COUNTRY}US\r\n")), "{t:?}");
    assert!(t.ends_with(&format!("{COMPANY}\r\n")), "{t:?}");
    ours.assert_file_mode("api_private.key", 0o600);
    ours.assert_file_mode("api_user.csr", 0o644);
    assert_eq!(file_names(&ours), ["api_private.key", "api_user.csr"]);
}

#[test]
fn seed_command_on_a_terminal_with_every_default_and_a_retyped_country() {
    // $ openssl req -new -newkey rsa:1024 -nodes -keyout k.pem -out r.csr   (on a terminal)
    // USA (too long: asked again), then Enter everywhere
    let case = Case::new(&[
        "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-out", "r.csr",
    ])
    .answer(COUNTRY, "USA\n")
    .answer(
        by_line([
            (
                "1.1.1",
                "string is too long, it needs to be no more than 2 bytes long\r\n",
            ),
            ("3.0", "String too long, must be at most 2 bytes long\r\n"),
        ]),
        "",
    )
    .answer(COUNTRY, "\n")
    .answer(STATE, "\n")
    .answer(LOCALITY, "\n")
    .answer(ORG, "\n")
    .answer(UNIT, "\n")
    .answer(CN, "\n")
    .answer(EMAIL, "\n")
    .answer(CHALLENGE, "\n")
    .answer(COMPANY, "\n")
    .fresh_key();
    case.assert_same();
}

#[test]
fn ctrl_d_at_a_dn_prompt_on_a_terminal() {
    // $ openssl req -new -key rsa1024.pem -out r.csr   (on a terminal)
    // US, then ^D at the State prompt: "Error making certificate request", exit 1
    let case = Case::new(&["-new", "-key", "rsa1024.pem", "-out", "r.csr"])
        .fixture("rsa1024.pem")
        .answer(COUNTRY, "US\n")
        .answer(STATE, "\x04");
    let (openssl, _) = case.assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn ctrl_d_after_a_generated_key_leaves_no_key_behind() {
    // $ openssl req -new -newkey rsa:1024 -nodes -keyout k.pem -out r.csr   (terminal)
    // ^D at the first prompt. openssl has already written k.pem (an orphan key);
    // ours (deliberately) leaves no file: only the terminal and exit code compare.
    let case = Case::new(&[
        "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-out", "r.csr",
    ])
    .answer(COUNTRY, "\x04")
    .fresh_key();
    let (openssl, ours) = case.assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(openssl.has_file("k.pem"));
    assert!(file_names(&ours).is_empty(), "{:?}", file_names(&ours));
}

#[test]
fn ctrl_c_at_a_dn_prompt_after_a_generated_key() {
    // $ openssl req -new -newkey rsa:1024 -nodes -keyout k.pem -out r.csr   (terminal)
    // ^C at the first prompt: killed by SIGINT (exit 130). openssl leaves k.pem; ours
    // (deliberately, README 1 and 5) removes its temporary files: no file at all.
    let case = Case::new(&[
        "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-out", "r.csr",
    ])
    .answer(COUNTRY, "\x03")
    .fresh_key();
    let (openssl, ours) = case.assert_same_output();
    assert_eq!(openssl.code, 128 + 2);
    assert!(openssl.has_file("k.pem"));
    assert!(file_names(&ours).is_empty(), "{:?}", file_names(&ours));
}

// ----- pass-phrase prompts (echo off) -------------------------------------------

/// `openssl req -newkey rsa:1024 -keyout k.pem -subj /CN=x`: no -nodes, so the
/// new key is encrypted with a pass phrase asked on the terminal.
fn encrypted_new_key() -> Case {
    Case::new(&["-newkey", "rsa:1024", "-keyout", "k.pem", "-subj", "/CN=x"]).fresh_key()
}

#[test]
fn pass_phrase_typed_twice_encrypts_the_key() {
    // Enter PEM pass phrase: abcd   Verifying - Enter PEM pass phrase: abcd  (both hidden)
    let case = encrypted_new_key()
        .answer_secret(PASS, "abcd\n")
        .answer_secret(VERIFY, "abcd\n")
        .key_pass("abcd");
    let (openssl, ours) = case.assert_same();
    let t = openssl.stdout_str();
    assert!(
        t.contains(&format!("{PASS}\r\n{VERIFY}\r\n-----\r\n")),
        "{t:?}"
    );
    assert!(!t.contains("abcd"), "the pass phrase was echoed: {t:?}");
    assert!(
        ours.file_str("k.pem")
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    );
    ours.assert_file_mode("k.pem", 0o600);
}

#[test]
fn pass_phrase_mismatch() {
    // Enter PEM pass phrase: abcd   Verifying - Enter PEM pass phrase: abce
    // -> "Verify failure" and the UI error stack, exit 1. openssl leaves an empty
    // k.pem; ours (deliberately) none.
    let case = encrypted_new_key()
        .answer_secret(PASS, "abcd\n")
        .answer_secret(VERIFY, "abce\n");
    let (openssl, ours) = case.assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(openssl.stdout_str().contains("Verify failure\r\n"));
    assert!(file_names(&ours).is_empty(), "{:?}", file_names(&ours));
}

#[test]
fn pass_phrase_too_short() {
    // Enter PEM pass phrase: abc  -> "You must type in 4 to 1024 characters", exit 1
    let case = encrypted_new_key().answer_secret(PASS, "abc\n");
    let (openssl, ours) = case.assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(
        mask_source_lines(&openssl.stdout_str())
            .contains("result too small:<file:line>:You must type in 4 to 1024 characters\r\n")
    );
    assert!(file_names(&ours).is_empty(), "{:?}", file_names(&ours));
}

#[test]
fn pass_phrase_empty() {
    // Enter PEM pass phrase: (just Enter)
    let case = encrypted_new_key().answer_secret(PASS, "\n");
    let (openssl, ours) = case.assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(file_names(&ours).is_empty(), "{:?}", file_names(&ours));
}

#[test]
fn pass_phrase_of_exactly_four_characters_and_a_long_one() {
    for pass in [
        "abcd",
        "correct horse battery staple, and more words than usual",
    ] {
        let line = format!("{pass}\n");
        encrypted_new_key()
            .answer_secret(PASS, &line)
            .answer_secret(VERIFY, &line)
            .key_pass(pass)
            .assert_same();
    }
}

#[test]
fn ctrl_d_at_the_pass_phrase_prompts() {
    // ^D instead of the pass phrase, then instead of its verification
    let first = encrypted_new_key().answer_secret(PASS, "\x04");
    let (openssl, ours) = first.assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(file_names(&ours).is_empty());

    let second = encrypted_new_key()
        .answer_secret(PASS, "abcd\n")
        .answer_secret(VERIFY, "\x04");
    let (openssl, ours) = second.assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(file_names(&ours).is_empty());
}

#[test]
fn ctrl_c_at_the_pass_phrase_prompt() {
    // ^C at "Enter PEM pass phrase:": the UI catches SIGINT and gives up; req asks
    // again (3 retries): four prompts, four ^C, then the error stack, exit 1.
    // openssl leaves an empty k.pem; ours (deliberately) nothing.
    let case = encrypted_new_key()
        .answer_secret(PASS, "\x03")
        .answer_secret(PASS, "\x03")
        .answer_secret(PASS, "\x03")
        .answer_secret(PASS, "\x03");
    let (openssl, ours) = case.assert_same_output();
    assert_eq!(openssl.code, 1);
    assert_eq!(openssl.stdout_str().matches(PASS).count(), 4);
    assert!(file_names(&ours).is_empty(), "{:?}", file_names(&ours));
}

#[test]
fn pass_phrase_then_dn_prompts_on_one_terminal() {
    // $ openssl req -newkey rsa:1024 -keyout k.pem -out r.csr   (terminal)
    // the pass phrase twice (hidden), then the whole DN dialogue
    let case = answer_seed_prompts(
        Case::new(&["-newkey", "rsa:1024", "-keyout", "k.pem", "-out", "r.csr"])
            .answer_secret(PASS, "s3cret\n")
            .answer_secret(VERIFY, "s3cret\n"),
    )
    .fresh_key()
    .key_pass("s3cret");
    let (openssl, ours) = case.assert_same();
    assert!(!openssl.stdout_str().contains("s3cret"));
    ours.assert_file_mode("k.pem", 0o600);
}

#[test]
fn passout_on_the_command_line_asks_nothing() {
    // $ openssl req -newkey rsa:1024 -keyout k.pem -passout pass:abcd -subj /CN=x   (terminal)
    let case = Case::new(&[
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
    .terminal()
    .fresh_key()
    .key_pass("abcd");
    let (openssl, _) = case.assert_same();
    assert!(!openssl.stdout_str().contains("pass phrase"));
}

#[test]
fn pass_phrase_of_an_encrypted_input_key_asked_on_the_terminal() {
    // $ openssl req -new -key rsa2048-enc.pem -subj /CN=x -out r.csr   (terminal)
    // "Enter pass phrase for rsa2048-enc.pem:" secret -> signed, byte for byte
    Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.csr",
    ])
    .fixture("rsa2048-enc.pem")
    .answer_secret("Enter pass phrase for rsa2048-enc.pem:", "secret\n")
    .assert_same();
}

#[test]
fn wrong_pass_phrase_of_an_encrypted_input_key() {
    // same, typing "wrong": "Could not read private key from rsa2048-enc.pem" (3.0;
    // "Could not find" on 3.5/3.6, "Could not find or decode" on 4.0), exit 1
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa2048-enc.pem",
        "-subj",
        "/CN=x",
        "-out",
        "r.csr",
    ])
    .fixture("rsa2048-enc.pem")
    .answer_secret("Enter pass phrase for rsa2048-enc.pem:", "wrong\n")
    .assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn short_pass_phrase_typed_for_an_input_key() {
    // $ openssl req -new -key rsa1024-shortpass.pem -subj /CN=x -noout   (terminal; its pass phrase is "ab")
    // Reading a key, 1.1.1's password_callback takes a pass phrase of any
    // length from 1.1.1o on (as 3.x's apps do); up to 1.1.1m it wants at
    // least 4 characters: "You must type in 4 to 1023 characters", and it
    // asks again (here answered with a wrong one, which fails the load).
    let prompt = "Enter pass phrase for rsa1024-shortpass.pem:";
    let refused = before("3.0") && !version_at_least("1.1.1o");
    let mut case = Case::new(&[
        "-new",
        "-key",
        "rsa1024-shortpass.pem",
        "-subj",
        "/CN=x",
        "-noout",
    ])
    .fixture("rsa1024-shortpass.pem")
    .answer_secret(prompt, "ab\n");
    if refused {
        case = case.answer_secret(prompt, "abcd\n");
    }
    let (openssl, _) = case.assert_same();
    assert_eq!(openssl.code, i32::from(refused));
    if refused {
        assert!(
            openssl
                .stdout_str()
                .contains("You must type in 4 to 1023 characters"),
            "{}",
            openssl.stdout_str()
        );
    }
}

#[test]
fn traditional_encrypted_input_key_on_the_terminal() {
    // $ openssl req -new -key rsa2048-trad-enc.pem -subj /CN=x   (terminal, CSR to the terminal)
    Case::new(&["-new", "-key", "rsa2048-trad-enc.pem", "-subj", "/CN=x"])
        .fixture("rsa2048-trad-enc.pem")
        .answer_secret("Enter pass phrase for rsa2048-trad-enc.pem:", "secret\n")
        .assert_same();
}

// ----- output to the terminal ---------------------------------------------------

#[test]
fn key_and_request_printed_on_the_terminal() {
    // $ openssl req -newkey rsa:1024 -nodes -subj /CN=x -config ''   (terminal)
    // no -keyout and no default_keyfile: the key, "-----", then the CSR on the terminal.
    // 1.1.1 cannot open a config named "", and its make_REQ needs a
    // distinguished_name section even with -subj: a config of that alone.
    let config = by_line([("1.1.1", "dn.cnf"), ("3.0", "")]);
    let case = Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=x", "-config", config,
    ])
    .file("dn.cnf", "[req]\ndistinguished_name = dn\n[dn]\n")
    .terminal()
    .fresh_key();
    let (openssl, _) = case.assert_same();
    assert!(openssl.stdout_str().contains("-----BEGIN PRIVATE KEY-----"));
}

#[test]
fn help_on_a_terminal() {
    // $ openssl req -help   (terminal)
    let (openssl, _) = Case::new(&["-help"]).terminal().assert_same();
    assert!(openssl.stdout_str().starts_with("Usage: req [options]\r\n"));
}

// ----- answers piped in, on a terminal (the README's `printf ... |` form) -----------

#[test]
fn readme_form_piped_answers_on_a_terminal() {
    // $ printf 'US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n' |
    //     openssl req -new -newkey rsa:1024 -nodes -keyout api_private.key -out api_user.csr
    // typed in a terminal: prompts on the terminal, answers from the pipe (not echoed)
    let case = Case::new(&[
        "-new",
        "-newkey",
        "rsa:1024",
        "-nodes",
        "-keyout",
        "api_private.key",
        "-out",
        "api_user.csr",
    ])
    .terminal_with_piped_stdin("US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n")
    .fresh_key();
    let (openssl, ours) = case.assert_same();
    let t = openssl.stdout_str();
    assert!(t.contains(&format!("{COUNTRY}{STATE}")), "{t:?}");
    ours.assert_file_mode("api_private.key", 0o600);
}

#[test]
fn piped_answers_with_the_pass_phrase_from_the_terminal() {
    // $ printf 'US\n...' | openssl req -new -newkey rsa:1024 -keyout k.pem -out r.csr
    // in a terminal: the DN comes from the pipe, the pass phrase from /dev/tty
    let case = Case::new(&[
        "-new", "-newkey", "rsa:1024", "-keyout", "k.pem", "-out", "r.csr",
    ])
    .terminal_with_piped_stdin("US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n")
    .answer_secret(PASS, "abcd\n")
    .answer_secret(VERIFY, "abcd\n")
    .fresh_key()
    .key_pass("abcd");
    let (openssl, _) = case.assert_same();
    assert_eq!(openssl.code, 0);
}

#[test]
fn pass_phrase_in_the_pipe_is_not_read_when_there_is_a_terminal() {
    // $ printf 'abcd\nabcd\n' | openssl req -newkey rsa:1024 -keyout k.pem -subj /CN=x -out r.csr
    // in a terminal: the pass phrase is asked on /dev/tty (typed: wxyz), the pipe unused
    let case = encrypted_new_key()
        .terminal_with_piped_stdin("abcd\nabcd\n")
        .answer_secret(PASS, "wxyz\n")
        .answer_secret(VERIFY, "wxyz\n")
        .key_pass("wxyz");
    case.assert_same();
}

// ----- output order as the user sees it ---------------------------------------------

/// A config that prompts for one field and has no default_keyfile (the key goes
/// to stdout unless -keyout).
const ONE_FIELD: &str = "[ req ]\ndistinguished_name = dn\n[ dn ]\nCN = Common Name\n";

#[test]
fn key_on_the_terminal_then_the_dialogue_then_the_request() {
    // $ openssl req -newkey rsa:1024 -nodes -config one.cnf   (terminal; no -keyout, no -out)
    // the key is printed (line-buffered) before "-----" and the prompt, the request last
    let case = Case::new(&["-newkey", "rsa:1024", "-nodes", "-config", "one.cnf"])
        .file("one.cnf", ONE_FIELD)
        .answer("Common Name []:", "api\n")
        .fresh_key();
    let (openssl, _) = case.assert_same();
    let t = openssl.stdout_str();
    let key = t.find("-----END PRIVATE KEY-----").unwrap();
    let prompt = t.find("Common Name []:").unwrap();
    let req = t.find("-----BEGIN CERTIFICATE REQUEST-----").unwrap();
    assert!(key < prompt && prompt < req, "{t:?}");
}

#[test]
fn request_text_on_the_terminal_after_the_dialogue() {
    // $ openssl req -new -key rsa1024.pem -config one.cnf -text   (terminal)
    Case::new(&["-new", "-key", "rsa1024.pem", "-config", "one.cnf", "-text"])
        .fixture("rsa1024.pem")
        .file("one.cnf", ONE_FIELD)
        .answer("Common Name []:", "api\n")
        .assert_same();
}

#[test]
fn answer_longer_than_the_buffer_typed_on_the_terminal() {
    // 1100 characters at the prompt: fgets takes 1023, "Missing newline at end of input"
    let long = format!("{}\n", "a".repeat(1100));
    let (openssl, _) = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-config",
        "one.cnf",
        "-noout",
    ])
    .fixture("rsa1024.pem")
    .file("one.cnf", ONE_FIELD)
    .answer("Common Name []:", long)
    .assert_same();
    assert_eq!(openssl.code, 1);
}

/// `sh -c 'exec "$@" 2>&1' sh PROGRAM [req]`: stdout and stderr on one pipe,
/// as in `openssl req ... 2>&1 | less`. Output order then depends on stdio
/// buffering (full on a pipe), which must match.
#[track_caller]
fn assert_same_on_one_pipe(case: &Case) -> (Outcome, Outcome) {
    let sh = ["/bin/sh", "-c", "exec \"$@\" 2>&1", "sh"];
    let openssl = openssl_path();
    let ours = ours_path();
    let theirs = case.run_program(&[sh[0], sh[1], sh[2], sh[3], openssl.to_str().unwrap(), "req"]);
    let mine = case.run_program(&[sh[0], sh[1], sh[2], sh[3], ours.to_str().unwrap()]);
    if let Err(report) = compare(case, &theirs, &mine) {
        panic!("(stdout and stderr on one pipe: 2>&1){report}");
    }
    (theirs, mine)
}

#[test]
fn one_pipe_for_stdout_and_stderr_key_and_dialogue() {
    // $ printf 'api\n' | openssl req -newkey rsa:1024 -nodes -config one.cnf 2>&1 | cat
    let case = Case::new(&["-newkey", "rsa:1024", "-nodes", "-config", "one.cnf"])
        .file("one.cnf", ONE_FIELD)
        .stdin("api\n")
        .fresh_key();
    assert_same_on_one_pipe(&case);
}

#[test]
fn one_pipe_for_stdout_and_stderr_with_warnings_and_text() {
    // $ openssl req -new -key rsa1024.pem -subj /CN=/O=x -days 3 -text -subject 2>&1 | cat
    let case = Case::new(&[
        "-new",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=/O=x",
        "-days",
        "3",
        "-text",
        "-subject",
        "-verify",
    ])
    .fixture("rsa1024.pem");
    assert_same_on_one_pipe(&case);
}

#[test]
fn one_pipe_for_stdout_and_stderr_with_an_error_after_output() {
    // $ openssl req -newkey rsa:1024 -nodes -config '' -subj /C=USA 2>&1 | cat
    // (the key went to stdout before the subject error)
    let case = Case::new(&[
        "-newkey", "rsa:1024", "-nodes", "-config", "", "-subj", "/C=USA",
    ])
    .fresh_key();
    assert_same_on_one_pipe(&case);
}

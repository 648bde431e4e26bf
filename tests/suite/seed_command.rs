//! The seed command of the issue and the README:
//!
//!     openssl req -new -newkey rsa:N -nodes -keyout api_private.key -out api_user.csr
//!
//! with its answers piped in, as the README runs it. (Typed on a terminal, it
//! is in tests/suite/terminal.rs.) The key is generated, so files are compared
//! structurally: same key size and algorithm, the request carries the key
//! written to api_private.key, its self-signature verifies, same subject and
//! attributes, same modes.

use crate::common::*;

const SEED: [&str; 9] = [
    "-new",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "api_private.key",
    "-out",
    "api_user.csr",
    "-text",
];

/// What 1.1.1's req_main says of the key before the progress, and before
/// the "-----" (3.x: nothing without -verbose): (before, after).
fn key_notes() -> (&'static str, &'static str) {
    by_line([
        (
            "1.1.1",
            (
                "Generating a RSA private key\n",
                "writing new private key to 'api_private.key'\n",
            ),
        ),
        ("3.0", ("", "")),
    ])
}

/// US / CA / SF / Acme / IT / api / a@b.c, then Enter for both attributes.
const ANSWERS: &str = "US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n";

/// The `-text` Subject line of a request made from ANSWERS, under the default
/// -nameopt, get_nameopt(): 3.0 XN_FLAG_ONELINE, spaces around '=' (3.0
/// lib/apps.c:151); since 3.2 without XN_FLAG_SPC_EQ (3.5 lib/apps.c:146, 3.6
/// :196, 4.0 :141).
fn answers_subject() -> &'static str {
    by_line([
        (
            "1.1.1",
            "Subject: C = US, ST = CA, L = SF, O = Acme, OU = IT, CN = api, emailAddress = a@b.c\n",
        ),
        (
            "3.0",
            "Subject: C = US, ST = CA, L = SF, O = Acme, OU = IT, CN = api, emailAddress = a@b.c\n",
        ),
        (
            "3.2",
            "Subject: C=US, ST=CA, L=SF, O=Acme, OU=IT, CN=api, emailAddress=a@b.c\n",
        ),
    ])
}

#[test]
fn readme_seed_command_rsa_4096() {
    // $ printf 'US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n' |
    //     openssl req -new -newkey rsa:4096 -nodes -keyout api_private.key -out api_user.csr
    // (the only RSA 4096 generation of the suite)
    let (openssl, ours) = Case::new(&[
        "-new",
        "-newkey",
        "rsa:4096",
        "-nodes",
        "-keyout",
        "api_private.key",
        "-out",
        "api_user.csr",
    ])
    .stdin(ANSWERS)
    .fresh_key()
    .timeout(std::time::Duration::from_secs(180))
    .assert_same();
    assert_eq!(openssl.code, 0);
    ours.assert_file_mode("api_private.key", 0o600);
    ours.assert_file_mode("api_user.csr", 0o644);
    assert!(
        ours.file_str("api_private.key")
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
    assert!(
        ours.file_str("api_user.csr")
            .starts_with("-----BEGIN CERTIFICATE REQUEST-----\n")
    );
    let (_, text, _) = openssl_filter(&["req", "-noout", "-text"], ours.file("api_user.csr"));
    assert!(text.contains("Public-Key: (4096 bit)"), "{text}");
    assert!(text.contains(answers_subject()), "{text}");
}

#[test]
fn seed_command_rsa_2048_with_piped_answers() {
    // $ printf '...' | openssl req -new -newkey rsa:2048 -nodes -keyout api_private.key -out api_user.csr -text
    let (openssl, ours) = Case::new(&SEED).stdin(ANSWERS).fresh_key().assert_same();
    // stderr: progress (masked), "-----", the banner, the prompts, the 'extra' banner
    let e = String::from_utf8_lossy(&mask_stream(&openssl.stderr)).into_owned();
    let (before, after) = key_notes();
    assert!(
        e.starts_with(&format!(
            "{before}<progress>\n<progress>\n{after}-----\nYou are about to be asked"
        )),
        "{e}"
    );
    assert!(
        e.ends_with("A challenge password []:An optional company name []:"),
        "{e}"
    );
    assert_eq!(ours.files.len(), 2);
}

#[test]
fn seed_command_with_every_default() {
    // $ printf '\n\n\n\n\n\n\n\n\n' | openssl req <seed>   (C=AU, ST=Some-State, O=Internet Widgits Pty Ltd)
    Case::new(&SEED)
        .stdin("\n".repeat(9))
        .fresh_key()
        .assert_same();
}

#[test]
fn seed_command_with_attributes() {
    // challenge password and company name given
    Case::new(&SEED)
        .stdin("US\nCA\nSF\nAcme\nIT\napi\na@b.c\nchallenge1\nAcme Co\n")
        .fresh_key()
        .assert_same();
}

#[test]
fn seed_command_over_existing_files() {
    // api_private.key (0600) and api_user.csr (0644) exist from an earlier run: replaced
    Case::new(&SEED)
        .stdin(ANSWERS)
        .file_mode("api_private.key", "old key\n", 0o600)
        .file_mode("api_user.csr", "old csr\n", 0o644)
        .fresh_key()
        .assert_same();
}

#[test]
fn seed_command_with_subj_instead_of_answers() {
    // $ openssl req <seed> -subj /C=US/ST=CA/L=SF/O=Acme/OU=IT/CN=api/emailAddress=a@b.c
    let mut args = SEED.to_vec();
    args.extend([
        "-subj",
        "/C=US/ST=CA/L=SF/O=Acme/OU=IT/CN=api/emailAddress=a@b.c",
    ]);
    let (openssl, _) = Case::new(&args).fresh_key().assert_same();
    let e = String::from_utf8_lossy(&mask_stream(&openssl.stderr)).into_owned();
    let (before, after) = key_notes();
    assert_eq!(e, format!("{before}<progress>\n<progress>\n{after}-----\n"));
}

#[test]
fn seed_command_answers_cut_short() {
    // only four answers: EOF at the OU prompt. openssl leaves api_private.key
    // (an orphan); ours (deliberately) neither file.
    let (openssl, ours) = Case::new(&SEED)
        .stdin("US\nCA\nSF\nAcme\n")
        .fresh_key()
        .assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(openssl.has_file("api_private.key") && !openssl.has_file("api_user.csr"));
    assert!(ours.files.is_empty(), "{:?}", ours.files.keys());
}

#[test]
fn seed_command_in_verbose_mode() {
    // $ printf '...' | openssl req <seed> -verbose
    let mut args = SEED.to_vec();
    args.push("-verbose");
    let (openssl, _) = Case::new(&args).stdin(ANSWERS).fresh_key().assert_same();
    let (on, other) = writing_key_streams(&openssl);
    // 1.1.1 says it on every run, in its own words
    let note = by_line([
        ("1.1.1", "writing new private key to 'api_private.key'\n"),
        ("3.0", "Writing private key to 'api_private.key'\n"),
    ]);
    assert!(on.contains(note), "{on}");
    assert!(!other.contains(&note[..18]), "{other}");
}

//! Prompting for the DN and the 'extra' attributes with answers piped on
//! stdin (apps/req.c `prompt_info`, `build_data`, `req_check_len`, `join`,
//! `auto_info`): the banner and prompts on stderr (no newline after a prompt,
//! since the answer is not echoed from a pipe), defaults, `.` for blank,
//! re-prompting on `_min`/`_max`, `_value` fields, `N.` repeated fields, `+`
//! multi-valued RDNs, unknown names, EOF at every prompt, lines without their
//! newline, over-long lines, NUL bytes, and the config shapes that leave
//! nothing to prompt for.
//!
//! All sign with the fixed key rsa2048.pem (deterministic), so the request is
//! compared byte for byte.

use crate::common::*;

/// The default config's prompts (<OPENSSLDIR>/openssl.cnf, the stock file on
/// every line), in order.
const PROMPTS: [&str; 9] = [
    "Country Name (2 letter code) [AU]:",
    "State or Province Name (full name) [Some-State]:",
    "Locality Name (eg, city) []:",
    "Organization Name (eg, company) [Internet Widgits Pty Ltd]:",
    "Organizational Unit Name (eg, section) []:",
    "Common Name (e.g. server FQDN or YOUR name) []:",
    "Email Address []:",
    "A challenge password []:",
    "An optional company name []:",
];

/// What the final ERR_print_errors (3.5 apps/req.c:1080) adds after "Error
/// making certificate request" when the answers end at prompt `k` (0-based)
/// of the default config. prompt_info's attribute loop looks every name of
/// [ req_attributes ] up with OBJ_txt2nid, with no check_end skip as in the DN
/// loop, so challengePassword_min and challengePassword_max each raise
/// OBJ_R_UNKNOWN_OBJECT_NAME (3.5 apps/req.c:1273) before the company-name
/// prompt (k = 8). 3.0 wipes them when the next lookup (unstructuredName_default)
/// misses: NCONF_get_string then ERR_clear_error (3.0 apps/req.c:1280-1282);
/// since 3.2 app_conf_try_string only pops its own errors (3.5
/// lib/apps.c:293-303), so they are printed: crypto/objects/obj_dat.c:435
/// (3.5), :362 (3.6), :363 (4.0).
fn stack_after_eof_at(k: usize) -> String {
    if k == 8 && line_at_least("3.2") {
        "<tid>:error:04000067:object identifier routines:OBJ_txt2obj:unknown object \
         name:<file:line>:\n"
            .repeat(2)
    } else {
        String::new()
    }
}

const BANNER: &str = "You are about to be asked to enter information that will be incorporated\n\
into your certificate request.\n\
What you are about to enter is what is called a Distinguished Name or a DN.\n\
There are quite a few fields but you can leave some blank\n\
For some fields there will be a default value,\n\
If you enter '.', the field will be left blank.\n\
-----\n";

/// The line after a failed dialogue (make_REQ failed): 1.1.1's "problems
/// making Certificate Request", 3.0's "Error making certificate request".
fn make_failed() -> &'static str {
    by_line([
        ("1.1.1", "problems making Certificate Request\n"),
        ("3.0", "Error making certificate request\n"),
    ])
}

/// `prompt_info`'s "no objects" line.
fn no_objects() -> &'static str {
    by_line([
        ("1.1.1", "error, no objects specified in config file\n"),
        ("3.0", "Error: No objects specified in config file\n"),
    ])
}

/// `req_check_len`'s complaints.
fn too_long(n: usize) -> String {
    by_line([
        (
            "1.1.1",
            format!("string is too long, it needs to be no more than {n} bytes long\n"),
        ),
        (
            "3.0",
            format!("String too long, must be at most {n} bytes long\n"),
        ),
    ])
}

fn too_short(n: usize) -> String {
    by_line([
        (
            "1.1.1",
            format!("string is too short, it needs to be at least {n} bytes long\n"),
        ),
        (
            "3.0",
            format!("String too short, must be at least {n} bytes long\n"),
        ),
    ])
}

const EXTRA: &str =
    "\nPlease enter the following 'extra' attributes\nto be sent with your certificate request\n";

/// `openssl req -new -key rsa2048.pem -out r.csr` (default config) with `stdin`.
fn dialogue(stdin: impl AsRef<[u8]>) -> Case {
    Case::new(&["-new", "-key", "rsa2048.pem", "-out", "r.csr"])
        .fixture("rsa2048.pem")
        .stdin(stdin)
}

/// Same with a config of our own (`p.cnf`) and `-noout -text` on stdout.
fn dialogue_with(config: &str, stdin: impl AsRef<[u8]>) -> Case {
    Case::new(&[
        "-new",
        "-config",
        "p.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.csr",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .file("p.cnf", config)
    .stdin(stdin)
}

// ----- the default config's dialogue --------------------------------------------------

#[test]
fn every_field_typed() {
    // $ printf 'US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n' | openssl req -new -key rsa2048.pem -out r.csr
    let (openssl, _) = dialogue("US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n").assert_same();
    assert_eq!(openssl.code, 0);
    assert_eq!(
        openssl.stderr_str(),
        format!(
            "{BANNER}{}{}{EXTRA}{}{}",
            PROMPTS[..7].concat(),
            "",
            PROMPTS[7],
            PROMPTS[8]
        )
    );
}

#[test]
fn every_default_taken_with_enter() {
    // $ printf '\n\n\n\n\n\n\n\n\n' | openssl req ... -text   (C=AU, ST=Some-State, O=Internet Widgits)
    let (openssl, _) = dialogue("\n".repeat(9)).assert_same();
    assert_eq!(openssl.code, 0);
}

#[test]
fn dots_leave_fields_blank() {
    // '.' for C and ST, values elsewhere; '.' for the challenge password
    dialogue(".\n.\nSF\n.\n.\napi\n.\n.\n.\n").assert_same();
}

#[test]
fn all_dots_leave_no_field() {
    // every DN field '.': "Error: No objects specified in config file", exit 1
    let (openssl, _) = dialogue(".\n".repeat(9)).assert_same();
    assert_eq!(openssl.code, 1);
    assert!(
        openssl
            .stderr_str()
            .ends_with(&format!("{}{}", no_objects(), make_failed()))
    );
}

#[test]
fn dot_followed_by_more_text_is_a_value() {
    // ".." and ". " and ".x" are values, not blanks
    dialogue("US\n..\n. \n.x\n\n\n\n\n\n").assert_same();
}

#[test]
fn attributes_typed() {
    // challenge password "s3cret!" and company "Acme Ltd"
    dialogue("\n\n\n\n\n\n\ns3cret!\nAcme Ltd\n").assert_same();
}

#[test]
fn spaces_are_kept() {
    // leading and trailing spaces are part of the value
    dialogue(" US\n  CA  \n\n\n\n  api  \n\n\n\n").assert_same();
}

// ----- re-prompting on _min / _max --------------------------------------------------

#[test]
fn country_too_long_then_too_short_then_right() {
    // USA (too long), U (too short), US
    let (openssl, _) = dialogue("USA\nU\nUS\n\n\n\n\n\n\n\n\n").assert_same();
    let e = openssl.stderr_str();
    assert!(
        e.contains(&format!(
            "{p}{}{p}{}{p}",
            too_long(2),
            too_short(2),
            p = PROMPTS[0]
        )),
        "{e}"
    );
}

#[test]
fn common_name_longer_than_64() {
    // CN of 65 bytes, then of 64
    let stdin = format!("\n\n\n\n\n{}\n{}\n\n\n\n", "a".repeat(65), "b".repeat(64));
    dialogue(stdin).assert_same();
}

#[test]
fn challenge_password_too_short_and_too_long() {
    // abc (< 4), 21 characters (> 20), then abcd
    let stdin = format!("\n\n\n\n\n\n\nabc\n{}\nabcd\n\n", "x".repeat(21));
    dialogue(stdin).assert_same();
}

#[test]
fn re_prompting_until_eof() {
    // USA forever: every answer too long, then EOF
    let (openssl, _) = dialogue("USA\nUSA\nUSA\n").assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn empty_answer_is_not_checked_against_min() {
    // Enter on a field with _min but no default: accepted as "no field"
    let config = "[ req ]\ndistinguished_name = dn\n[ dn ]\nO = Org\nO_min = 3\nCN = Name\n";
    dialogue_with(config, "\nname\n").assert_same();
}

#[test]
fn default_that_breaks_min_is_re_prompted() {
    // O_default = ab with O_min = 3: Enter uses the default, too short, asked again
    let config = "[ req ]\ndistinguished_name = dn\n[ dn ]\nO = Org\nO_default = ab\nO_min = 3\n";
    dialogue_with(config, "\nabc\n").assert_same();
}

#[test]
fn min_and_max_that_are_not_numbers() {
    // O_min = abc (read as 0: no minimum), O_max = abc (read as 0: nothing fits but '.')
    let config =
        "[ req ]\ndistinguished_name = dn\n[ dn ]\nO = Org\nO_max = abc\nCN = Name\nCN_min = x7\n";
    dialogue_with(config, "x\n.\nname\n").assert_same();
}

// ----- prompt.cnf: _value, N., +, unknown names, prompting attributes -----------------

#[test]
fn prompt_cnf_as_in_its_readme_line() {
    // $ printf '\n\n\n.\nUnit\n\n\n\nme@example.com\n' | openssl req -new -config prompt.cnf -key rsa2048.pem -out p.csr
    let (openssl, _) = Case::new(&[
        "-new",
        "-config",
        "prompt.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "p.csr",
        "-subject",
    ])
    .fixtures(&["prompt.cnf", "rsa2048.pem"])
    .stdin("\n\n\n.\nUnit\n\n\n\nme@example.com\n")
    .assert_same();
    assert!(openssl.stderr_str().contains("State []:Fixed State\n"));
}

#[test]
fn prompt_cnf_with_every_value_typed() {
    // country, two organizations, unit, CN, serial (multi-valued with CN), email, attributes
    Case::new(&[
        "-new",
        "-config",
        "prompt.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "p.csr",
        "-text",
    ])
    .fixtures(&["prompt.cnf", "rsa2048.pem"])
    .stdin("FR\nOne\nTwo\nUnit\ncn.example\n99\ne@x.org\npassword\ncompany\n")
    .assert_same();
}

#[test]
fn value_fields_are_printed_not_read() {
    // stateOrProvinceName_value: printed after its prompt; attributes' _value too
    let config = "[ req ]\ndistinguished_name = dn\nattributes = at\n[ dn ]\nST = State\nST_value = Fixed\nCN = Name\n\
                  [ at ]\nunstructuredName = Company\nunstructuredName_value = Fixed Co\n";
    let (openssl, _) = dialogue_with(config, "name\n").assert_same();
    assert!(openssl.stderr_str().contains("State []:Fixed\n"));
}

#[test]
fn value_field_that_breaks_max_fails_without_a_second_chance() {
    let config =
        "[ req ]\ndistinguished_name = dn\n[ dn ]\nC = Country\nC_value = USA\nC_max = 2\n";
    let (openssl, _) = dialogue_with(config, "").assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn repeated_fields_with_prefixes() {
    // 0.OU / 1.OU / x:OU / y,OU and a name that is only a prefix ("2.")
    let config = "[ req ]\ndistinguished_name = dn\n[ dn ]\n0.OU = First\n1.OU = Second\nx:OU = Third\ny,OU = Fourth\n2. = Empty type\nCN = Name\n";
    dialogue_with(config, "a\nb\nc\nd\ne\nname\n").assert_same();
}

#[test]
fn multi_valued_rdn_fields() {
    // CN then +serialNumber then +UID: one RDN with three values
    let config = "[ req ]\ndistinguished_name = dn\n[ dn ]\nO = Org\nCN = Name\n+serialNumber = Serial\n+UID = User id\n";
    dialogue_with(config, "org\nname\n42\nuid\n").assert_same();
}

#[test]
fn unknown_field_names_are_skipped() {
    // bogusFieldName, and names ending in _min/_max/_default/_value never prompt
    let config = "[ req ]\ndistinguished_name = dn\nattributes = at\n[ dn ]\nbogusFieldName = Bogus\nCN = Name\nfoo_default = x\n\
                  [ at ]\nbogusAttr = Bogus attr\n1.unstructuredName = no prefixes for attributes\n\
                  challengePassword = Challenge\n";
    dialogue_with(config, "name\nchallenge\n").assert_same();
}

#[test]
fn no_template_and_no_objects() {
    // an empty [dn] section: "No template, please set one up."
    let (openssl, _) =
        dialogue_with("[ req ]\ndistinguished_name = dn\n[ dn ]\n", "").assert_same();
    assert_eq!(
        openssl.stderr_str(),
        format!("{BANNER}No template, please set one up.\n{}", make_failed())
    );
    // only unknown names: "Error: No objects specified in config file" (and the
    // OBJ_txt2obj error left on the queue by the lookup)
    let (openssl, _) =
        dialogue_with("[ req ]\ndistinguished_name = dn\n[ dn ]\nbogus = x\n", "").assert_same();
    assert!(
        openssl
            .stderr_str()
            .contains(&format!("-----\n{}{}", no_objects(), make_failed()))
    );
    // no distinguished_name at all
    dialogue_with("[ req ]\n", "").assert_same();
}

#[test]
fn extra_attributes_banner_only_with_attributes() {
    // attributes section with entries: banner; empty attributes section: none
    let with = "[ req ]\ndistinguished_name = dn\nattributes = at\n[ dn ]\nCN = Name\n[ at ]\nchallengePassword = Challenge\n";
    let (openssl, _) = dialogue_with(with, "name\nchallenge\n").assert_same();
    assert!(openssl.stderr_str().contains(EXTRA));
    let empty = "[ req ]\ndistinguished_name = dn\nattributes = at\n[ dn ]\nCN = Name\n[ at ]\n";
    let (openssl, _) = dialogue_with(empty, "name\n").assert_same();
    assert!(!openssl.stderr_str().contains("extra"));
}

#[test]
fn attribute_defaults_and_limits() {
    let config = "[ req ]\ndistinguished_name = dn\nattributes = at\n[ dn ]\nCN = Name\n\
                  [ at ]\nchallengePassword = Challenge\nchallengePassword_default = defpw\nchallengePassword_min = 6\n\
                  unstructuredName = Company\nunstructuredName_max = 3\n";
    dialogue_with(config, "name\n\nlonger\nabcd\nabc\n").assert_same();
}

#[test]
fn x509_asks_no_attributes() {
    // $ printf 'US\n...' | openssl req -x509 -new -key rsa2048.pem -out c.pem   (no 'extra' banner)
    let (openssl, _) = Case::new(&["-x509", "-new", "-key", "rsa2048.pem", "-out", "c.pem"])
        .fixture("rsa2048.pem")
        .stdin("US\nCA\nSF\nAcme\nIT\napi\na@b.c\n")
        .fresh_cert()
        .assert_same();
    assert!(!openssl.stderr_str().contains("extra"));
}

// ----- EOF, missing newlines, long lines, NUL bytes ------------------------------------

#[test]
fn eof_at_each_prompt() {
    // $ printf 'US\nCA\n...' (the first k answers only) | openssl req -new -key rsa2048.pem -out r.csr
    let answers = [
        "US\n", "CA\n", "SF\n", "Acme\n", "IT\n", "api\n", "a@b.c\n", "\n", "\n",
    ];
    for k in 0..answers.len() {
        let (openssl, _) = dialogue(answers[..k].concat()).assert_same();
        assert_eq!(openssl.code, 1, "EOF at prompt {k}");
        let err = openssl.masked_stderr();
        assert!(
            err.ends_with(&format!(
                "{}{}{}",
                PROMPTS[k],
                make_failed(),
                stack_after_eof_at(k)
            )),
            "EOF at prompt {k}: {err}"
        );
    }
    // and all nine answers: success
    let (openssl, _) = dialogue(answers.concat()).assert_same();
    assert_eq!(openssl.code, 0);
}

#[test]
fn eof_at_each_prompt_of_prompt_cnf() {
    let answers = ["\n", "\n", "\n", "Unit\n", "\n", "\n", "\n", "pass\n", "\n"];
    for k in 0..answers.len() {
        Case::new(&[
            "-new",
            "-config",
            "prompt.cnf",
            "-key",
            "rsa2048.pem",
            "-out",
            "p.csr",
        ])
        .fixtures(&["prompt.cnf", "rsa2048.pem"])
        .stdin(answers[..k].concat())
        .assert_same();
    }
}

#[test]
fn final_line_without_its_newline() {
    // the last answer "foo" has no newline: "Missing newline at end of input", exit 1
    let (openssl, _) = dialogue("US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\nfoo").assert_same();
    assert_eq!(openssl.code, 1);
    assert!(openssl.stderr_str().contains(by_line([
        ("1.1.1", "weird input :-(\n"),
        ("3.0", "Missing newline at end of input\n"),
    ])));
    // ... at a DN prompt, and a lone "." without newline
    dialogue("US").assert_same();
    dialogue(".").assert_same();
}

#[test]
fn crlf_line_ends_keep_the_cr() {
    // "US\r\n": the value is "US\r", too long for the country
    dialogue("US\r\nUS\n\r\n\n\n\n\n\n\n\n").assert_same();
}

#[test]
fn line_longer_than_the_buffer() {
    // 1023 bytes + newline: fgets returns 1023 bytes without the newline -> error
    let (openssl, _) = dialogue(format!("US\n\n\n\n{}\n\n\n\n\n", "u".repeat(1023))).assert_same();
    assert_eq!(openssl.code, 1);
    // 2000 bytes
    dialogue(format!("US\n\n\n\n{}\n\n\n\n\n", "u".repeat(2000))).assert_same();
    // 1022 bytes + newline fits the buffer (then libcrypto refuses the OU length)
    dialogue(format!("US\n\n\n\n{}\n\n\n\n\n", "u".repeat(1022))).assert_same();
    // 64 bytes for OU: the most its ASN.1 type allows
    dialogue(format!("US\n\n\n\n{}\n\n\n\n\n", "u".repeat(64))).assert_same();
    dialogue(format!("US\n\n\n\n{}\n\n\n\n\n", "u".repeat(65))).assert_same();
}

#[test]
fn nul_bytes_in_answers() {
    // NUL first: the answer reads as empty ("\0\n"): the dialogue ends silently
    let (openssl, _) = dialogue(b"\0\n\n\n\n\n\n\n\n\n").assert_same();
    assert_eq!(openssl.code, 1);
    // NUL inside: the answer is cut at the NUL, which looks like a missing newline
    dialogue(b"U\0S\n\n\n\n\n\n\n\n\n").assert_same();
    // NUL after a complete value? "US\n\0..." : the NUL starts the next answer
    dialogue(b"US\n\0CA\n\n\n\n\n\n\n\n").assert_same();
}

#[test]
fn non_ascii_answers() {
    // UTF-8 typed at a prompt, without and with -utf8
    dialogue("DE\nBayern\nM\u{fc}nchen\n\n\n\n\n\n\n").assert_same();
    Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.csr",
        "-utf8",
        "-text",
    ])
    .fixture("rsa2048.pem")
    .stdin("DE\nBayern\nM\u{fc}nchen\n\n\n\n\n\n\n")
    .assert_same();
}

// ----- names too long for the buffers (join) ----------------------------------------

#[test]
fn field_name_too_long_for_its_suffixes() {
    // a 95-character prefix before ".commonName": "Name '...' too long"
    let name = format!("{}.commonName", "p".repeat(95));
    let config = format!("[ req ]\ndistinguished_name = dn\n[ dn ]\n{name} = Name\n");
    let (openssl, _) = dialogue_with(&config, "x\n").assert_same();
    assert_eq!(openssl.code, 1);
}

#[test]
fn field_name_length_at_the_limit_of_the_name_buffer() {
    // join() needs name + "_default" + NUL <= 100: a 91-byte name fits, 92 does not
    for prefix_len in [88, 89] {
        let name = format!("{}.CN", "p".repeat(prefix_len));
        let config = format!("[ req ]\ndistinguished_name = dn\n[ dn ]\n{name} = Name\n");
        let (openssl, _) = dialogue_with(&config, "x\n").assert_same();
        assert_eq!(openssl.code, if prefix_len == 88 { 0 } else { 1 }, "{name}");
    }
}

#[test]
fn answer_at_the_limit_of_the_value_buffer() {
    // a 1022-byte default fits with its "\n" (1024 with NUL); 1023 does not
    for len in [1022, 1023] {
        let config = format!(
            "[ req ]\ndistinguished_name = dn\n[ dn ]\nO = Org\nO_default = {}\nCN = Name\n",
            "d".repeat(len)
        );
        dialogue_with(&config, "\nx\n").assert_same();
    }
}

#[test]
fn default_and_value_too_long_for_the_buffer() {
    // a 1100-byte default (taken with Enter) and a 1100-byte _value
    let long = "d".repeat(1100);
    let config = format!("[ req ]\ndistinguished_name = dn\n[ dn ]\nO = Org\nO_default = {long}\n");
    let (openssl, _) = dialogue_with(&config, "\n").assert_same();
    assert_eq!(openssl.code, 1);
    let config = format!("[ req ]\ndistinguished_name = dn\n[ dn ]\nO = Org\nO_value = {long}\n");
    dialogue_with(&config, "").assert_same();
}

// ----- a generated key and a failing dialogue (deliberate difference) -----------------

#[test]
fn eof_after_a_generated_key_leaves_no_orphan_key() {
    // $ printf 'US\n' | openssl req -new -newkey rsa:1024 -nodes -keyout k.pem -out r.csr
    // openssl writes k.pem before asking, then fails: the key stays. Ours keeps no file.
    let (openssl, ours) = Case::new(&[
        "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-out", "r.csr",
    ])
    .stdin("US\n")
    .fresh_key()
    .assert_same_output();
    assert_eq!(openssl.code, 1);
    assert!(openssl.has_file("k.pem"));
    assert!(ours.files.is_empty(), "{:?}", ours.files.keys());
}

#[test]
fn eof_after_a_generated_key_keeps_the_old_key_file() {
    // k.pem exists (old content, 0644): openssl truncates it and writes the new
    // (orphan) key; ours leaves the old content and mode untouched.
    let (openssl, ours) = Case::new(&[
        "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-out", "r.csr",
    ])
    .file_mode("k.pem", "old key\n", 0o644)
    .stdin("")
    .fresh_key()
    .assert_same_output();
    assert_eq!(openssl.code, 1);
    assert_eq!(ours.file("k.pem"), b"old key\n");
    ours.assert_file_mode("k.pem", 0o644);
    assert_eq!(ours.files.len(), 1, "{:?}", ours.files.keys());
}

// ----- sections that are named but missing; attributes libcrypto refuses ---------------

#[test]
fn named_sections_that_do_not_exist() {
    // distinguished_name or attributes naming no section: "Unable to get 'nosuch'
    // section" (1.1.1: "unable to get ...")
    for config in [
        "[ req ]\ndistinguished_name = nosuch\n",
        "[ req ]\ndistinguished_name = dn\nattributes = nosuch\n[ dn ]\nCN = Name\n",
    ] {
        let (openssl, _) = dialogue_with(config, "x\n").assert_same();
        assert_eq!(openssl.code, 1);
        assert!(
            openssl.stderr_str().starts_with(&format!(
                "{}nosuch' section\n{}",
                by_line([("1.1.1", "unable to get '"), ("3.0", "Unable to get '")]),
                make_failed()
            )),
            "{}",
            openssl.stderr_str()
        );
    }
}

#[test]
fn attribute_value_libcrypto_refuses() {
    // utf8 = yes and a challengePassword_value that is not UTF-8: "Error adding
    // attribute"; 1.1.1 prints the stack at once, before "problems making
    // Certificate Request"; 3.0 at the end
    let mut config = b"[ req ]\ndistinguished_name = dn\nattributes = at\nutf8 = yes\n\
                       [ dn ]\nCN = Name\n[ at ]\nchallengePassword = pw\n"
        .to_vec();
    config.extend_from_slice(b"challengePassword_value = a\xffb\n");
    let (openssl, _) = Case::new(&[
        "-new",
        "-config",
        "p.cnf",
        "-key",
        "rsa2048.pem",
        "-out",
        "r.csr",
    ])
    .fixture("rsa2048.pem")
    .file("p.cnf", &config)
    .stdin("x\n")
    .assert_same();
    assert_eq!(openssl.code, 1);
    let err = openssl.stderr_str();
    let at = err.find("Error adding attribute\n").expect("the message");
    let stack = err.find(":invalid utf8string:").expect("the stack");
    let failed = err.find(make_failed()).expect("make_REQ's failure");
    assert_eq!(stack < failed, before("3.0"), "{err}");
    assert!(at < stack && at < failed);
}

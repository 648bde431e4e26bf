//! The built-in default configuration (a deliberate difference, README):
//! where openssl's default config file does not exist and `OPENSSL_CONF` is
//! not set, openssl fails before doing anything; openssl-req uses its copy
//! of the release line's default openssl.cnf instead, and then behaves
//! exactly as openssl does with that file installed.
//!
//! To take the file away from our side only, ours runs in a private mount
//! namespace with an empty tmpfs over OPENSSLDIR (`unshare -m`, which needs
//! root); the reference runs as usual, with its file. Without root these
//! tests say so and check nothing else.

use crate::common::*;

/// Runs our program with OPENSSLDIR hidden behind an empty tmpfs; None
/// (and a loud note) when this process may not make mount namespaces.
fn run_ours_without_default_file(case: &Case) -> Option<Outcome> {
    if !cfg!(target_os = "linux") {
        eprintln!("SKIPPED: hiding the default config file needs Linux (unshare -m)");
        return None;
    }
    if !running_as_root() {
        eprintln!("SKIPPED: hiding the default config file needs root (unshare -m)");
        return None;
    }
    let dir = openssl_dir();
    let ours = ours_path();
    Some(case.run_program(&[
        "/usr/bin/unshare",
        "-m",
        "sh",
        "-c",
        "mount -t tmpfs none \"$0\" && exec \"$@\"",
        &dir,
        ours.to_str().unwrap(),
    ]))
}

/// openssl with its default file, and ours without one: the same run.
#[track_caller]
fn assert_same_without_default_file(case: &Case) -> Option<(Outcome, Outcome)> {
    let ours = run_ours_without_default_file(case)?;
    let theirs = case.run_openssl();
    if let Err(report) = compare(case, &theirs, &ours) {
        panic!("(ours ran without a default config file){report}");
    }
    Some((theirs, ours))
}

const SEED_ANSWERS: &str = "US\nCA\nSF\nAcme\nIT\napi\na@b.c\n\n\n";

#[test]
fn the_seed_command_prompts_and_writes_as_with_the_file_installed() {
    // $ printf 'US\nCA\n...' | openssl req -new -newkey rsa:2048 -nodes \
    //       -keyout api_private.key -out api_user.csr
    // on a machine without openssl.cnf: the same prompts (with the stock
    // defaults [AU], [Some-State], [Internet Widgits Pty Ltd]), key and request.
    let case = Case::new(&[
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "api_private.key",
        "-out",
        "api_user.csr",
    ])
    .stdin(SEED_ANSWERS)
    .fresh_key();
    let Some((theirs, ours)) = assert_same_without_default_file(&case) else {
        return;
    };
    assert_eq!(theirs.code, 0);
    assert!(
        theirs
            .stderr_str()
            .contains("Country Name (2 letter code) [AU]:")
    );
    ours.assert_file_mode("api_private.key", 0o600);
}

#[test]
fn batch_takes_the_stock_defaults() {
    // $ openssl req -new -key rsa2048.pem -batch -subject -noout
    let case = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-batch",
        "-subject",
        "-noout",
    ])
    .fixture("rsa2048.pem");
    let Some((theirs, _)) = assert_same_without_default_file(&case) else {
        return;
    };
    assert!(
        theirs.stdout_str().contains("Internet Widgits Pty Ltd"),
        "{}",
        theirs.stdout_str()
    );
}

#[test]
fn a_self_signed_certificate_gets_the_stock_v3_ca_extensions() {
    // $ openssl req -x509 -key rsa2048.pem -subj /CN=ca -set_serial 1 -text -noout
    let case = Case::new(&[
        "-x509",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=ca",
        "-set_serial",
        "1",
        "-text",
        "-noout",
    ])
    .fixture("rsa2048.pem")
    .fresh_cert();
    let Some((theirs, _)) = assert_same_without_default_file(&case) else {
        return;
    };
    assert!(
        theirs.stdout_str().contains("CA:TRUE"),
        "{}",
        theirs.stdout_str()
    );
}

#[test]
fn verbose_says_which_configuration_was_used() {
    // $ openssl req -new -key rsa2048.pem -subj /CN=x -noout -verbose
    // openssl names its file; ours, without one, says it used the built-in
    // copy and why. Everything after that line is the same.
    let case = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-noout",
        "-verbose",
    ])
    .fixture("rsa2048.pem");
    let Some(ours) = run_ours_without_default_file(&case) else {
        return;
    };
    let theirs = case.run_openssl();
    let file = default_config();
    assert_eq!(
        theirs.stderr_str(),
        format!("Using configuration from {file}\n")
    );
    assert_eq!(
        ours.stderr_str(),
        format!(
            "Using the built-in default configuration of OpenSSL {} ({file} does not exist)\n",
            line()
        )
    );
    assert_eq!((ours.code, &ours.stdout), (theirs.code, &theirs.stdout));
}

#[test]
fn an_explicit_missing_config_still_fails_as_openssl() {
    // $ openssl req -config nosuch.cnf ...   and   OPENSSL_CONF=nosuch.cnf
    // The built-in copy replaces only the default file, never a named one.
    for case in [
        Case::new(&[
            "-config",
            "nosuch.cnf",
            "-new",
            "-key",
            "rsa2048.pem",
            "-subj",
            "/CN=x",
        ]),
        Case::new(&["-new", "-key", "rsa2048.pem", "-subj", "/CN=x"])
            .env("OPENSSL_CONF", "nosuch.cnf"),
    ] {
        let case = case.fixture("rsa2048.pem");
        let Some((theirs, _)) = assert_same_without_default_file(&case) else {
            return;
        };
        assert_eq!(theirs.code, 1);
        // 1.1.1's bio_open_default_ names the file without quotes
        let quote = by_line([("1.1.1", ""), ("3.0", "\"")]);
        assert!(
            theirs.stderr_str().starts_with(&format!(
                "Can't open {quote}nosuch.cnf{quote} for reading, No such file or directory\n"
            )),
            "{}",
            theirs.stderr_str()
        );
    }
}

#[test]
fn openssl_conf_naming_a_file_is_used_even_without_the_default() {
    // $ OPENSSL_CONF=min.cnf openssl req -new -key rsa2048.pem -batch -subject -noout
    let case = Case::new(&[
        "-new",
        "-key",
        "rsa2048.pem",
        "-batch",
        "-subject",
        "-noout",
    ])
    .fixtures(&["rsa2048.pem", "min.cnf"])
    .env("OPENSSL_CONF", "min.cnf");
    let Some((theirs, _)) = assert_same_without_default_file(&case) else {
        return;
    };
    assert!(theirs.stdout_str().contains("min.example.com"));
}

#[test]
fn the_built_in_copy_is_the_lines_own_file() {
    // The reference's installed default file (the prefix gets the line's
    // upstream apps/openssl.cnf) is byte for byte the copy we embed; for the
    // system 3.0 build the embedded copy is upstream 3.0.22's, which Debian
    // modifies (its providers section is commented out), so only the
    // sections req reads are compared there.
    let embedded = std::fs::read(format!(
        "{}/src/default_config/openssl-{}.cnf",
        env!("CARGO_MANIFEST_DIR"),
        line()
    ))
    .unwrap();
    let installed = std::fs::read(default_config()).unwrap();
    if before("3.1") {
        let req_part = |t: &[u8]| {
            let t = String::from_utf8_lossy(t).into_owned();
            t[t.find("[ req ]").unwrap()..t.find("[ crl_ext ]").unwrap()].to_string()
        };
        assert_eq!(req_part(&embedded), req_part(&installed));
    } else {
        assert!(
            embedded == installed,
            "the prefix's openssl.cnf is not the embedded one"
        );
    }
}

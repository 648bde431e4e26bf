//! Called through a link named `openssl`: `req` is ours, every other command
//! is the real openssl's (the first `openssl` on PATH that is not us).
//!
//! The main test runs a small CA workflow as a shell script would, once with
//! PATH leading to a directory whose `openssl` is a link to our program (and
//! then to the real openssl), once with the real openssl alone, and demands
//! the same output and exit status: keys are random, so the script prints
//! only what does not depend on them.

use crate::common::*;
use std::path::{Path, PathBuf};

/// A directory holding `openssl` -> our binary (symlink), kept for the test.
fn link_dir() -> tempfile::TempDir {
    let d = tempfile::Builder::new()
        .prefix("openssl-link-")
        .tempdir()
        .unwrap();
    std::os::unix::fs::symlink(ours_path(), d.path().join("openssl")).unwrap();
    d
}

/// The directory of the real openssl (the reference of our line).
fn real_dir() -> PathBuf {
    openssl_path().parent().unwrap().to_path_buf()
}

fn path_of(dirs: &[&Path]) -> String {
    std::env::join_paths(dirs).unwrap().into_string().unwrap()
}

/// A directory with the few tools the scripts use besides openssl, so that
/// PATH need not include /usr/bin (where a real openssl may live).
fn tools_dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for tool in ["cat", "head", "mkdir"] {
        let found = find_in_path(tool, std::ffi::OsStr::new("/usr/bin:/bin"))
            .unwrap_or_else(|| panic!("no {tool} in /usr/bin or /bin"));
        std::os::unix::fs::symlink(found, d.path().join(tool)).unwrap();
    }
    d
}

/// Runs `sh -c script` in a fresh dir with this PATH, then the tools; the
/// thread ids of error lines are masked.
fn sh(script: &str, path: &str) -> Outcome {
    let tools = tools_dir();
    let mut o = Case::new(&["-c", script, "sh"])
        .env("PATH", &format!("{path}:{}", tools.path().display()))
        .run_program(&["/bin/sh"]);
    o.stdout = mask_tids(&o.stdout);
    o.stderr = mask_tids(&o.stderr);
    o
}

const CA_WORKFLOW: &str = r#"
set -e
cat > ca.cnf <<'EOF'
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ./demoCA
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
certificate = ca.pem
private_key = ca.key
default_md = sha256
default_days = 30
policy = policy_anything
unique_subject = no
[ policy_anything ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = Prompted Leaf
EOF
"#;

const CA_WORKFLOW_STEPS: &str = r#"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key 2>/dev/null
openssl req -new -x509 -key ca.key -subj /CN=Test-CA -set_serial 1 -days 30 -out ca.pem
openssl x509 -in ca.pem -noout -subject -issuer -serial
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out leaf.key
openssl req -new -key leaf.key -subj /CN=leaf/O=Example -out leaf.csr
openssl req -in leaf.csr -noout -verify -subject
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial 2 -days 10 -out leaf.pem 2>&1
openssl x509 -in leaf.pem -noout -subject -issuer -serial
openssl verify -CAfile ca.pem leaf.pem
mkdir -p demoCA/newcerts
: > demoCA/index.txt
echo 10 > demoCA/serial
openssl req -new -key leaf.key -config ca.cnf -out leaf2.csr
openssl ca -batch -config ca.cnf -in leaf2.csr -out leaf2.pem 2>/dev/null
openssl x509 -in leaf2.pem -noout -subject -serial
openssl pkcs12 -export -in leaf.pem -inkey leaf.key -passout pass:pw -out leaf.p12
openssl pkcs12 -in leaf.p12 -passin pass:pw -nokeys -clcerts | openssl x509 -noout -subject
openssl version
openssl help 2>&1 | head -n 4
openssl help req 2>&1 | head -n 3
openssl no-req || echo "no-req: $?"
openssl no-nosuchcmd
openssl nosuchcmd || echo "nosuchcmd: $?"
"#;

#[test]
fn a_ca_workflow_script_runs_the_same_through_the_link() {
    let links = link_dir();
    let real = real_dir();
    let script = format!("{CA_WORKFLOW}{CA_WORKFLOW_STEPS}");
    let theirs = sh(&script, &path_of(&[&real]));
    let ours = sh(&script, &path_of(&[links.path(), &real]));
    assert_eq!(
        (theirs.code, theirs.stdout_str(), theirs.stderr_str()),
        (ours.code, ours.stdout_str(), ours.stderr_str())
    );
    assert_eq!(theirs.code, 0, "{}", theirs.stderr_str());
    let out = theirs.stdout_str();
    assert!(out.contains("leaf.pem: OK\n"), "{out}");
    assert!(out.contains("nosuchcmd: 1\n"), "{out}");
    assert!(out.contains("no-req: 1\n"), "{out}");
    // Both runs made the same kinds of files.
    let names = |o: &Outcome| o.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&theirs), names(&ours));
}

#[test]
fn req_itself_is_ours_through_the_link() {
    // $ openssl req -newkey ec ... -subject   with only our link on PATH:
    // `req` is not handed over (there is nothing to hand it to) and runs.
    let links = link_dir();
    let o = sh(
        "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k.pem \
         -subj /CN=ours -noout -subject",
        &path_of(&[links.path()]),
    );
    assert_eq!(o.code, 0, "{}", o.stderr_str());
    // 1.1.1's req always names the key it makes and where it goes (1.1.1
    // req.c:630, 653)
    assert_eq!(
        o.stderr_str(),
        by_line([
            (
                "1.1.1",
                "Generating an EC private key\nwriting new private key to 'k.pem'\n-----\n"
            ),
            ("3.0", "-----\n"),
        ])
    );
    assert!(
        o.stdout_str().starts_with("subject=CN"),
        "{}",
        o.stdout_str()
    );
    assert!(o.stdout_str().ends_with("ours\n"), "{}", o.stdout_str());
    assert!(o.has_file("k.pem"));
}

#[test]
fn without_a_real_openssl_other_commands_are_invalid() {
    // PATH with only our link: `version` is not ours and there is no real
    // openssl to hand it to, so openssl's "Invalid command" answer, exit 1;
    // `help` lists the one command there is.
    let links = link_dir();
    let o = sh(
        "openssl version; echo \"rc=$?\"; openssl help 2>&1; openssl no-req; echo \"rc=$?\"",
        &path_of(&[links.path()]),
    );
    // 1.1.1's help_main lists the commands without the "help:" heading
    // (1.1.1 openssl.c:492 "Standard commands"; 3.0 openssl.c "%s:\n\n...")
    let heading = by_line([("1.1.1", ""), ("3.0", "help:\n\n")]);
    assert_eq!(
        o.stdout_str(),
        format!("rc=1\n{heading}Standard commands\nreq\n\nreq\nrc=1\n")
    );
    assert_eq!(
        o.stderr_str(),
        "Invalid command 'version'; type \"help\" for a list.\n"
    );
}

#[test]
fn a_path_that_leads_back_to_us_does_not_loop() {
    // Two directories whose `openssl` is us: a symbolic link and a plain
    // copy (another file with the same bytes). Neither is a real openssl.
    let links = link_dir();
    let copies = tempfile::tempdir().unwrap();
    std::fs::copy(ours_path(), copies.path().join("openssl")).unwrap();
    let o = sh(
        "openssl x509 -help; echo \"rc=$?\"",
        &path_of(&[links.path(), copies.path(), links.path()]),
    );
    assert_eq!(o.stdout_str(), "rc=1\n");
    assert_eq!(
        o.stderr_str(),
        "Invalid command 'x509'; type \"help\" for a list.\n"
    );
    // And called as the copy, the link is skipped just the same.
    let o = sh(
        "openssl version; echo \"rc=$?\"",
        &path_of(&[copies.path(), links.path()]),
    );
    assert_eq!(o.stdout_str(), "rc=1\n");
}

#[test]
fn the_real_openssl_later_on_path_gets_the_command_with_its_arguments_and_status() {
    // $ openssl x509 -in missing.pem   through the link: the real one's
    // message and exit status, byte for byte.
    let links = link_dir();
    let real = real_dir();
    let cmd = "openssl x509 -in missing.pem -noout; echo \"rc=$?\"; openssl; echo \"rc=$?\"";
    let theirs = sh(cmd, &path_of(&[&real]));
    let ours = sh(cmd, &path_of(&[links.path(), &real]));
    assert_eq!(theirs.stdout_str(), ours.stdout_str());
    assert_eq!(theirs.stderr_str(), ours.stderr_str());
    assert!(
        theirs.stdout_str().starts_with("rc=1\n"),
        "{}",
        theirs.stdout_str()
    );
}

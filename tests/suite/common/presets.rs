//! The commands many tests start from, each a [`Case`] to which a test adds
//! its options (`extra`, appended after the preset's own). One definition
//! each, shared by the modules of the suite.

use super::{Case, Outcome, openssl_filter};

/// `openssl req -new -key rsa1024.pem -subj /CN=x -noout EXTRA...`: a request
/// made and thrown away, for what options do to the flow and its messages.
pub fn quick(extra: &[&str]) -> Case {
    let mut args = vec!["-new", "-key", "rsa1024.pem", "-subj", "/CN=x", "-noout"];
    args.extend_from_slice(extra);
    Case::new(&args).fixture("rsa1024.pem")
}

/// `openssl req -new -key KEY -subj /CN=x -out r.pem EXTRA...`, KEY a fixture.
pub fn csr_with(key: &str, extra: &[&str]) -> Case {
    let mut args = vec!["-new", "-key", key, "-subj", "/CN=x", "-out", "r.pem"];
    args.extend_from_slice(extra);
    Case::new(&args).fixture(key)
}

/// `openssl req FLAG -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
/// EXTRA...`, FLAG `-x509` or `-x509v1`; nothing masked (give fixed dates
/// or add [`Case::fresh_cert`]).
pub fn self_signed(flag: &str, extra: &[&str]) -> Case {
    let mut args = vec![
        flag,
        "-key",
        "rsa2048.pem",
        "-subj",
        "/CN=x",
        "-set_serial",
        "1",
        "-out",
        "c.pem",
    ];
    args.extend_from_slice(extra);
    Case::new(&args).fixture("rsa2048.pem")
}

/// `openssl req -x509 -key rsa2048.pem -subj /CN=x -set_serial 1 -out c.pem
/// EXTRA...` with the validity times and signature masked (fresh_cert).
pub fn cert(extra: &[&str]) -> Case {
    self_signed("-x509", extra).fresh_cert()
}

/// `openssl req -newkey rsa:1024 -nodes -keyout k.pem -subj /CN=x -out OUT
/// EXTRA...`: a fresh key (masked, fresh_key) and its request.
pub fn new_key(out: &str, extra: &[&str]) -> Case {
    let mut args = vec![
        "-newkey", "rsa:1024", "-nodes", "-keyout", "k.pem", "-subj", "/CN=x", "-out", out,
    ];
    args.extend_from_slice(extra);
    Case::new(&args).fresh_key()
}

/// `openssl x509 -noout ARGS` (the reference's) on a PEM certificate left by a run.
pub fn x509(o: &Outcome, file: &str, args: &[&str]) -> String {
    let mut a = vec!["x509", "-noout"];
    a.extend_from_slice(args);
    let (c, out, err) = openssl_filter(&a, o.file(file));
    assert_eq!(c, 0, "{err}");
    out
}

/// `openssl req -new -key rsa2048.pem -subj /CN=x -out r.pem EXTRA...`.
pub fn csr(extra: &[&str]) -> Case {
    csr_with("rsa2048.pem", extra)
}

/// `openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=x
/// -keyout k.pem -out r.csr`: the seed command's two files without the cost
/// (and the random time) of an RSA prime search.
pub const EC_KEY_AND_REQUEST: &[&str] = &[
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-subj",
    "/CN=x",
    "-keyout",
    "k.pem",
    "-out",
    "r.csr",
];

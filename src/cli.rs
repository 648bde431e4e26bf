//! How the program was invoked: as `openssl-req [req] OPTIONS...`, or
//! through a link named `openssl` as `openssl req OPTIONS...` (apps/openssl.c
//! `main` and `do_cmd`, reduced to the one command this program provides).

use crate::console;
use crate::failure::Failure;
use crate::ffi;
use crate::text;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

/// The standard commands of openssl 3.0, for `openssl no-<command>`
/// (which reports whether a command exists) and nothing else.
const OPENSSL_COMMANDS: &[&str] = &[
    "asn1parse",
    "ca",
    "ciphers",
    "cmp",
    "cms",
    "crl",
    "crl2pkcs7",
    "dgst",
    "dhparam",
    "dsa",
    "dsaparam",
    "ec",
    "ecparam",
    "enc",
    "engine",
    "errstr",
    "fipsinstall",
    "gendsa",
    "genpkey",
    "genrsa",
    "help",
    "info",
    "kdf",
    "list",
    "mac",
    "nseq",
    "ocsp",
    "passwd",
    "pkcs12",
    "pkcs7",
    "pkcs8",
    "pkey",
    "pkeyparam",
    "pkeyutl",
    "prime",
    "rand",
    "rehash",
    "req",
    "rsa",
    "rsautl",
    "s_client",
    "s_server",
    "s_time",
    "sess_id",
    "smime",
    "speed",
    "spkac",
    "srp",
    "storeutl",
    "ts",
    "verify",
    "version",
    "x509",
];

/// `opt_progname`: the last path component of argv[0].
fn progname(argv0: &[u8]) -> &[u8] {
    match argv0.iter().rposition(|&b| b == b'/') {
        Some(i) if i + 1 < argv0.len() => &argv0[i + 1..],
        _ => argv0,
    }
}

/// Runs the program and returns its exit code.
pub fn main(args: Vec<OsString>) -> i32 {
    let args: Vec<Vec<u8>> = args.into_iter().map(OsStringExt::into_vec).collect();
    let argv0 = args.first().cloned().unwrap_or_default();
    // Built against OpenSSL 3 (build.rs refuses anything older): a
    // libcrypto of another major version at run time would not be the
    // openssl req this program reproduces.
    let runtime = ffi::runtime_version_number();
    if runtime >> 28 != 3 {
        console::eprint(text!(
            "openssl-req: built against OpenSSL ",
            crate::BUILT_AGAINST_OPENSSL,
            " but running with libcrypto 0x",
            format!("{runtime:x}"),
            "\n"
        ));
        return 1;
    }
    if !ffi::init_library() {
        console::eprint(text!(
            "FATAL: Startup failure (dev note: apps_startup()) for ",
            argv0,
            "\n"
        ));
        console::print_errors();
        return 1;
    }
    // setup_engine_loader(): the org.openssl.engine: key store.
    ffi::engine_loader::register();
    crate::interrupt::install();
    let rest = &args[args.len().min(1)..];
    let code = if progname(&argv0) == b"openssl" {
        as_openssl(rest)
    } else {
        as_openssl_req(rest)
    };
    console::flush_stdout();
    code
}

/// `openssl-req [req] OPTIONS...`.
fn as_openssl_req(args: &[Vec<u8>]) -> i32 {
    let args = match args.first() {
        Some(w) if w == b"req" => &args[1..],
        _ => args,
    };
    exit_code(crate::req::run(args))
}

/// `openssl COMMAND ...` through a link named `openssl`.
fn as_openssl(args: &[Vec<u8>]) -> i32 {
    let global_help = args
        .first()
        .is_some_and(|a| matches!(a.as_slice(), b"-help" | b"--help" | b"-h" | b"--h"));
    match args.first() {
        Some(cmd) if !global_help => do_cmd(cmd, &args[1..]),
        _ => help(&[]),
    }
}

/// `do_cmd`: run one command by name.
fn do_cmd(cmd: &[u8], rest: &[Vec<u8>]) -> i32 {
    match cmd {
        b"req" => exit_code(crate::req::run(rest)),
        b"help" => help(rest),
        c if c.starts_with(b"no-") => {
            // "no-foo" asks whether foo is unsupported: the answer goes to stdout.
            let name = &c[3..];
            let known = std::str::from_utf8(name).is_ok_and(|n| OPENSSL_COMMANDS.contains(&n));
            if let Some(out) = console::stdout() {
                out.write(&text!(if known { name } else { c }, "\n"));
            }
            i32::from(known)
        }
        c => {
            console::eprint(text!(
                "Invalid command '",
                c,
                "'; type \"help\" for a list.\n"
            ));
            1
        }
    }
}

/// `help_main`: `help COMMAND` runs `COMMAND --help`; plain `help` lists
/// the commands this program provides (only `req`, in openssl's layout).
fn help(args: &[Vec<u8>]) -> i32 {
    use crate::options::{HELP_OPTIONS, Opt, Parser, help_text};
    let mut parser = Parser::new("help", HELP_OPTIONS, args);
    loop {
        match parser.next_opt() {
            Ok(None) => break,
            Ok(Some(p)) if p.id == Opt::Help => {
                console::eprint(help_text("help", HELP_OPTIONS));
                return 0;
            }
            Ok(Some(_)) => {}
            Err(message) => {
                console::eprint(text!(message, "help: Use -help for summary.\n"));
                return 1;
            }
        }
    }
    match parser.rest() {
        [] => {
            console::eprint("help:\n\nStandard commands\nreq\n\n");
            0
        }
        [cmd] => do_cmd(cmd, &[b"--help".to_vec()]),
        _ => {
            console::eprint("Usage: help\n");
            1
        }
    }
}

fn exit_code(r: Result<(), Failure>) -> i32 {
    match r {
        Ok(()) => 0,
        Err(f) => {
            f.print();
            1
        }
    }
}

//! How the program was invoked: as `openssl-req [req] OPTIONS...`, or
//! through a link named `openssl` as `openssl req OPTIONS...` (apps/openssl.c
//! `main` and `do_cmd`), where every other command goes to the real openssl
//! (`handoff`); only without one does this program answer them itself, as
//! an openssl that has nothing but `req` would.

use crate::console;
use crate::failure::Failure;
use crate::ffi;
use crate::handoff;
use crate::line::{LINE, Version};
use crate::text;
use std::os::unix::ffi::OsStrExt;

/// The standard commands of openssl 3.0, for `openssl no-<command>`
/// (which reports whether a command exists) and nothing else; 1.1.1 had
/// them all but `COMMANDS_SINCE_3_0`.
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

/// The commands 3.0 added.
const COMMANDS_SINCE_3_0: &[&str] = &["cmp", "fipsinstall", "info", "kdf", "mac"];

/// Whether this line's openssl has the standard command `name`.
fn is_standard_command(name: &str) -> bool {
    OPENSSL_COMMANDS.contains(&name)
        && (LINE.has_3_0_commands() || !COMMANDS_SINCE_3_0.contains(&name))
}

/// `opt_progname`: the last path component of argv[0].
fn progname(argv0: &[u8]) -> &[u8] {
    match argv0.iter().rposition(|&b| b == b'/') {
        Some(i) if i + 1 < argv0.len() => &argv0[i + 1..],
        _ => argv0,
    }
}

/// Runs the program with its arguments (argv[0] first) and returns its
/// exit code.
pub fn main(args: Vec<Vec<u8>>) -> i32 {
    let argv0 = args.first().cloned().unwrap_or_default();
    let rest = &args[args.len().min(1)..];
    let via_openssl_link = progname(&argv0) == b"openssl";
    // Every command but ours goes to the real openssl, before we touch
    // anything (libcrypto's start-up reads its configuration).
    if via_openssl_link
        && !handoff::runs_here(rest)
        && let Some(real) = handoff::real_openssl()
    {
        let e = handoff::exec(&real, &args);
        console::eprint(text!(
            "openssl: cannot run ",
            real.as_os_str().as_bytes(),
            ": ",
            e.to_string(),
            "\n"
        ));
        return 1;
    }
    // The release line is the built one: a libcrypto of another line at
    // run time (a shared library swapped under us) would make us a mixture
    // of two `openssl req`s, so we refuse to run.
    let runtime = ffi::runtime_version_number();
    if Version::of_number(runtime).line() != LINE.line() {
        console::eprint(text!(
            "openssl-req: this is `openssl req` of OpenSSL ",
            LINE.name(),
            " (built against ",
            crate::BUILT_AGAINST_OPENSSL,
            "), but the libcrypto loaded at run time is ",
            Version::of_number(runtime).to_string(),
            "; run it with a libcrypto of the ",
            LINE.name(),
            " line\n"
        ));
        return 1;
    }
    if LINE.reads_sec_mem_env()
        && let Err(failure) = secure_memory()
    {
        failure.print();
        return 1;
    }
    // 1.1.1's main refused this before starting the library.
    if LINE.refuses_fips_environment() && std::env::var_os("OPENSSL_FIPS").is_some() {
        console::eprint("FIPS mode not supported.\n");
        return 1;
    }
    // Before libcrypto reads its default configuration: which one it is.
    let _ = crate::config::default_config();
    // apps_startup's OPENSSL_INIT_ENGINE_ALL_BUILTIN, where the library has
    // engines at all (build.rs's `engines`: not 4.0, not a no-engine build).
    if !ffi::init_library(cfg!(engines)) || crate::config::load_built_in_into_library().is_err() {
        if LINE.startup_failure_names_program() {
            console::eprint(text!(
                "FATAL: Startup failure (dev note: apps_startup()) for ",
                argv0,
                "\n"
            ));
        } else {
            console::eprint("FATAL: Startup failure (dev note: apps_startup() failed)\n");
        }
        console::print_errors();
        return 1;
    }
    // setup_engine_loader(): the org.openssl.engine: key store.
    // (3.x: 1.1.1's apps/ have no key store.)
    #[cfg(all(engines, ossl3))]
    let _engine_loader = ffi::engine_loader::register();
    let code = if via_openssl_link {
        as_openssl(rest)
    } else {
        as_openssl_req(rest)
    };
    console::flush_stdout();
    if LINE.reads_sec_mem_env() {
        ffi::secure_malloc_done();
    }
    code
}

/// `OPENSSL_SEC_MEM` (and `OPENSSL_SEC_MEM_MINSIZE`): the secure heap that
/// openssl's `main` sets up from the environment since 3.6, before
/// anything else; a value that is not a number is fatal.
fn secure_memory() -> Result<(), Failure> {
    let Some(size) = std::env::var_os("OPENSSL_SEC_MEM") else {
        return Ok(());
    };
    let number = |name: &str, value: &std::ffi::OsStr| {
        let bytes = std::os::unix::ffi::OsStrExt::as_bytes(value);
        ffi::number::strtol(bytes).ok_or_else(|| {
            Failure::msg(text!(
                "FATAL: could not convert ",
                name,
                " (",
                bytes,
                ") to number\n"
            ))
        })
    };
    let size = number("OPENSSL_SEC_MEM", &size)?;
    let minsize = match std::env::var_os("OPENSSL_SEC_MEM_MINSIZE") {
        Some(v) => number("OPENSSL_SEC_MEM_MINSIZE", &v)?,
        None => 0,
    };
    if ffi::secure_malloc_init(size, minsize) {
        Ok(())
    } else {
        Err(Failure::msg("FATAL: could not initialize secure memory\n").then_errors())
    }
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
    // 1.1.1 had no global -help, and prompted for commands when given none.
    let interactive = LINE.openssl_interactive_mode();
    let global_help = !interactive
        && args
            .first()
            .is_some_and(|a| matches!(a.as_slice(), b"-help" | b"--help" | b"-h" | b"--h"));
    match args.first() {
        Some(cmd) if !global_help => match do_cmd(cmd, &args[1..]) {
            Command::Exit => 0,
            Command::Ran(code) => code,
        },
        None if interactive => interactive_mode(),
        _ => help(&[]),
    }
}

/// What `do_cmd` reports.
enum Command {
    Ran(i32),
    /// 1.1.1's `EXIT_THE_PROGRAM`: "quit", "q", "exit" or "bye".
    Exit,
}

/// 1.1.1's `main` without a command: "OpenSSL> " on stdout, then one
/// command per line of stdin (a line ending in '\\' continues on the next,
/// prompted "> "), split by `chopup_args`, until the end of the input or an
/// exit word; a failed command is named ("error in req").
fn interactive_mode() -> i32 {
    const BUF: usize = 1024;
    let prompt = |p: &str| {
        if let Some(out) = crate::ffi::Bio::stdout() {
            out.write(p.as_bytes());
        }
        console::flush_stdout();
    };
    loop {
        let mut line = Vec::new();
        let mut first = true;
        // fgets into the rest of a 1024-byte buffer, as openssl's loop does.
        while line.len() < BUF {
            prompt(if first { "OpenSSL> " } else { "> " });
            first = false;
            let Some(part) = console::read_line(BUF - line.len()) else {
                return 0;
            };
            if part.is_empty() {
                return 0;
            }
            let continued = part.len() > 1 && part[part.len() - 2] == b'\\';
            line.extend_from_slice(&part);
            if !continued {
                break;
            }
            line.truncate(line.len() - 2);
        }
        let words = chopup_args(&line);
        let code = match words.split_first() {
            None => 0,
            Some((cmd, rest)) => match do_cmd(cmd, rest) {
                Command::Exit => return 0,
                Command::Ran(code) => code,
            },
        };
        if code != 0
            && let Some(cmd) = words.first()
        {
            console::eprint(text!("error in ", cmd, "\n"));
        }
    }
}

/// `chopup_args` of 1.1.1's apps.c: words split at blanks; a word that
/// starts with a quote runs to the same quote (or the end of the line).
fn chopup_args(line: &[u8]) -> Vec<Vec<u8>> {
    let line = crate::ffi::name::until_nul(line);
    let mut words = Vec::new();
    let mut i = 0;
    loop {
        while i < line.len() && crate::text::is_c_space(&line[i]) {
            i += 1;
        }
        if i >= line.len() {
            return words;
        }
        let start;
        let end;
        if line[i] == b'\'' || line[i] == b'"' {
            let quote = line[i];
            start = i + 1;
            end = line[start..]
                .iter()
                .position(|&c| c == quote)
                .map_or(line.len(), |k| start + k);
        } else {
            start = i;
            end = line[start..]
                .iter()
                .position(crate::text::is_c_space)
                .map_or(line.len(), |k| start + k);
        }
        words.push(line[start..end].to_vec());
        i = end + 1;
    }
}

/// `do_cmd`: run one command by name.
fn do_cmd(cmd: &[u8], rest: &[Vec<u8>]) -> Command {
    Command::Ran(match cmd {
        b"req" => exit_code(crate::req::run(rest)),
        b"help" => help(rest),
        b"quit" | b"q" | b"exit" | b"bye" if LINE.openssl_interactive_mode() => {
            return Command::Exit;
        }
        c if c.starts_with(b"no-") => {
            // "no-foo" asks whether foo is unsupported: the answer goes to stdout.
            let name = &c[3..];
            let known = std::str::from_utf8(name).is_ok_and(is_standard_command);
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
    })
}

/// `help_main`: `help COMMAND` runs `COMMAND --help`; plain `help` lists
/// the commands this program provides (only `req`, in openssl's layout).
fn help(args: &[Vec<u8>]) -> i32 {
    use crate::options::{HelpOpt, Parser, help_options, help_text};
    let mut parser = Parser::new("help", help_options(), args);
    loop {
        match parser.next_opt() {
            Ok(None) => break,
            Ok(Some(p)) if p.id == HelpOpt::Help => {
                console::eprint(help_text("help", help_options()));
                return 0;
            }
            Ok(Some(_)) => {}
            Err(message) => {
                console::eprint(text!(message, "help: Use -help for summary.\n"));
                return 1;
            }
        }
    }
    if let [cmd] = parser.rest() {
        return match do_cmd(cmd, &[b"--help".to_vec()]) {
            // `help quit` on 1.1.1: EXIT_THE_PROGRAM, which main makes 0.
            Command::Exit => 0,
            Command::Ran(code) => code,
        };
    }
    if let Err(message) = parser.check_no_rest() {
        console::eprint(text!(message, "Usage: help\n"));
        return 1;
    }
    // 3.0 names the command first ("%s:\n\nStandard commands").
    let heading = if LINE.help_list_names_help() {
        "help:\n\n"
    } else {
        ""
    };
    console::eprint(text!(heading, "Standard commands\nreq\n\n"));
    0
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

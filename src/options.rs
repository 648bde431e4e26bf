//! The option table of `openssl req` and openssl's option grammar
//! (apps/lib/opt.c: `opt_next`, `opt_help`, `opt_format`, `opt_int`).
//!
//! One table drives both parsing and `-help`, as openssl's `OPTIONS`
//! arrays do, so the two cannot drift apart. The grammar is openssl's, not
//! GNU's: single-dash long names, `--name` and `-name=value`, a value taken
//! from the next word even when it starts with `-`, `-h` for `-help`, and
//! any other word starting with `-` handed over as a digest name.

use crate::text;
use std::fmt::Write as _;

/// What an option is, as `OPTION_CHOICE` in apps/req.c.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Opt {
    Help,
    Engine,
    KeygenEngine,
    In,
    Inform,
    Verify,
    New,
    Config,
    Section,
    Utf8,
    Nameopt,
    Reqopt,
    Text,
    X509,
    Ca,
    CaKey,
    Subj,
    Subject,
    MultivalueRdn,
    Days,
    SetSerial,
    CopyExtensions,
    Addext,
    Extensions,
    Reqexts,
    Precert,
    Key,
    Keyform,
    Pubkey,
    Keyout,
    Passin,
    Passout,
    Newkey,
    Pkeyopt,
    Sigopt,
    Vfyopt,
    /// The catch-all entry: any unknown `-name` is a digest name.
    Md,
    Out,
    Outform,
    Batch,
    Verbose,
    Noenc,
    Nodes,
    Noout,
    Newhdr,
    Modulus,
    Rand,
    Writerand,
    ProviderPath,
    Provider,
    Propquery,
    /// A row whose value is OPT_EOF (the parameter rows of `help`): when
    /// typed as an option it ends option parsing.
    Eof,
}

/// The value an option takes (`valtype` in opt.c), which also decides the
/// word shown in `-help`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Value {
    /// `-`: a flag.
    None,
    /// `0`: a parameter row (no value; shown with a trailing blank).
    Bare,
    /// `s`: any string.
    Str,
    /// `<`: an input file name.
    InFile,
    /// `>`: an output file name.
    OutFile,
    /// `p`: a positive int.
    PosInt,
    /// `F`: PEM or DER.
    PemDer,
    /// `f`: any format name.
    Format,
}

impl Value {
    /// `valtype2param`.
    fn param(self) -> &'static str {
        match self {
            Value::None | Value::Bare => "",
            Value::Str => "val",
            Value::InFile => "infile",
            Value::OutFile => "outfile",
            Value::PosInt => "+int",
            Value::PemDer => "PEM|DER",
            Value::Format => "format",
        }
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub enum Entry {
    /// `OPT_HELP_STR`: a first row that replaces the "Usage:" line.
    Usage(&'static str),
    /// `OPT_SECTION("General")`: a heading in `-help`.
    Section(&'static str),
    /// `OPT_PARAMETERS()`: the rows after it are parameters, not options.
    Params,
    /// `OPT_MORE_STR`: a continuation line of the previous help text.
    More(&'static str),
    Opt {
        name: &'static str,
        id: Opt,
        value: Value,
        help: &'static str,
    },
}

const fn opt(name: &'static str, id: Opt, value: Value, help: &'static str) -> Entry {
    Entry::Opt {
        name,
        id,
        value,
        help,
    }
}

/// `req_options[]`, in openssl's order (the order of `-help`).
#[rustfmt::skip]
pub const REQ_OPTIONS: &[Entry] = &[
    Entry::Section("General"),
    opt("help", Opt::Help, Value::None, "Display this summary"),
    opt("engine", Opt::Engine, Value::Str, "Use engine, possibly a hardware device"),
    opt("keygen_engine", Opt::KeygenEngine, Value::Str, "Specify engine to be used for key generation operations"),
    opt("in", Opt::In, Value::InFile, "X.509 request input file (default stdin)"),
    opt("inform", Opt::Inform, Value::PemDer, "Input format - DER or PEM"),
    opt("verify", Opt::Verify, Value::None, "Verify self-signature on the request"),
    Entry::Section("Certificate"),
    opt("new", Opt::New, Value::None, "New request"),
    opt("config", Opt::Config, Value::InFile, "Request template file"),
    opt("section", Opt::Section, Value::Str, "Config section to use (default \"req\")"),
    opt("utf8", Opt::Utf8, Value::None, "Input characters are UTF8 (default ASCII)"),
    opt("nameopt", Opt::Nameopt, Value::Str, "Certificate subject/issuer name printing options"),
    opt("reqopt", Opt::Reqopt, Value::Str, "Various request text options"),
    opt("text", Opt::Text, Value::None, "Text form of request"),
    opt("x509", Opt::X509, Value::None, "Output an X.509 certificate structure instead of a cert request"),
    opt("CA", Opt::Ca, Value::InFile, "Issuer cert to use for signing a cert, implies -x509"),
    opt("CAkey", Opt::CaKey, Value::Str, "Issuer private key to use with -CA; default is -CA arg"),
    Entry::More("(Required by some CA's)"),
    opt("subj", Opt::Subj, Value::Str, "Set or modify subject of request or cert"),
    opt("subject", Opt::Subject, Value::None, "Print the subject of the output request or cert"),
    opt("multivalue-rdn", Opt::MultivalueRdn, Value::None, "Deprecated; multi-valued RDNs support is always on."),
    opt("days", Opt::Days, Value::PosInt, "Number of days cert is valid for"),
    opt("set_serial", Opt::SetSerial, Value::Str, "Serial number to use"),
    opt("copy_extensions", Opt::CopyExtensions, Value::Str, "copy extensions from request when using -x509"),
    opt("addext", Opt::Addext, Value::Str, "Additional cert extension key=value pair (may be given more than once)"),
    opt("extensions", Opt::Extensions, Value::Str, "Cert extension section (override value in config file)"),
    opt("reqexts", Opt::Reqexts, Value::Str, "Request extension section (override value in config file)"),
    opt("precert", Opt::Precert, Value::None, "Add a poison extension to the generated cert (implies -new)"),
    Entry::Section("Keys and Signing"),
    opt("key", Opt::Key, Value::Str, "Key for signing, and to include unless -in given"),
    opt("keyform", Opt::Keyform, Value::Format, "Key file format (ENGINE, other values ignored)"),
    opt("pubkey", Opt::Pubkey, Value::None, "Output public key"),
    opt("keyout", Opt::Keyout, Value::OutFile, "File to write private key to"),
    opt("passin", Opt::Passin, Value::Str, "Private key and certificate password source"),
    opt("passout", Opt::Passout, Value::Str, "Output file pass phrase source"),
    opt("newkey", Opt::Newkey, Value::Str, "Generate new key with [<alg>:]<nbits> or <alg>[:<file>] or param:<file>"),
    opt("pkeyopt", Opt::Pkeyopt, Value::Str, "Public key options as opt:value"),
    opt("sigopt", Opt::Sigopt, Value::Str, "Signature parameter in n:v form"),
    opt("vfyopt", Opt::Vfyopt, Value::Str, "Verification parameter in n:v form"),
    opt("", Opt::Md, Value::None, "Any supported digest"),
    Entry::Section("Output"),
    opt("out", Opt::Out, Value::OutFile, "Output file"),
    opt("outform", Opt::Outform, Value::PemDer, "Output format - DER or PEM"),
    opt("batch", Opt::Batch, Value::None, "Do not ask anything during request generation"),
    opt("verbose", Opt::Verbose, Value::None, "Verbose output"),
    opt("noenc", Opt::Noenc, Value::None, "Don't encrypt private keys"),
    opt("nodes", Opt::Nodes, Value::None, "Don't encrypt private keys; deprecated"),
    opt("noout", Opt::Noout, Value::None, "Do not output REQ"),
    opt("newhdr", Opt::Newhdr, Value::None, "Output \"NEW\" in the header lines"),
    opt("modulus", Opt::Modulus, Value::None, "RSA modulus"),
    Entry::Section("Random state"),
    opt("rand", Opt::Rand, Value::Str, "Load the given file(s) into the random number generator"),
    opt("writerand", Opt::Writerand, Value::OutFile, "Write random data to the specified file"),
    Entry::Section("Provider"),
    opt("provider-path", Opt::ProviderPath, Value::Str, "Provider load path (must be before 'provider' argument if required)"),
    opt("provider", Opt::Provider, Value::Str, "Provider to load (can be specified multiple times)"),
    opt("propquery", Opt::Propquery, Value::Str, "Property query used when fetching algorithms"),
];

/// `help_options[]` of apps/openssl.c.
#[rustfmt::skip]
pub const HELP_OPTIONS: &[Entry] = &[
    Entry::Usage("Usage: help [options] [command]\n"),
    Entry::Section("General"),
    opt("help", Opt::Help, Value::None, "Display this summary"),
    Entry::Params,
    opt("command", Opt::Eof, Value::Bare, "Name of command to display help (optional)"),
];

/// openssl's `FORMAT_*` values that an option can name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Pem,
    Der,
    Text,
    Nss,
    Smime,
    Msblob,
    Engine,
    Http,
    Pkcs12,
    Pvk,
}

/// Which formats an option accepts (`OPT_FMT_*`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    PemDer,
    Any,
}

/// `formats[]` of opt.c, for the "must be one of" list.
const FORMAT_NAMES: &[&str] = &[
    "PEM/DER", "pkcs12", "smime", "engine", "msblob", "nss", "text", "http", "pvk",
];

/// `opt_format`: the format named by `s`, or the message openssl prints.
pub fn parse_format(prog: &str, s: &[u8], accept: Accept) -> Result<Format, Vec<u8>> {
    let p = prog.as_bytes();
    let bad_list = || match accept {
        Accept::PemDer => text!(p, b": Bad format \"", s, b"\"; must be pem or der\n"),
        Accept::Any => {
            let mut m = text!(p, b": Bad format \"", s, b"\"; must be one of:\n");
            for n in FORMAT_NAMES {
                m.extend_from_slice(format!("   {n}\n").as_bytes());
            }
            m
        }
    };
    let bad = || text!(p, b": Bad format \"", s, b"\"\n");
    let any = accept == Accept::Any;
    // Each branch checks the first character only, as opt_format does,
    // except where it compares whole words.
    let result = match s.first().copied().unwrap_or(0) {
        b'D' | b'd' => Format::Der,
        b'T' | b't' if any => Format::Text,
        b'N' | b'n' if any && (s == b"NSS" || s == b"nss") => Format::Nss,
        b'S' | b's' if any => Format::Smime,
        b'M' | b'm' if any => Format::Msblob,
        b'E' | b'e' if any => Format::Engine,
        b'H' | b'h' if any => Format::Http,
        b'1' if any => Format::Pkcs12,
        b'T' | b't' | b'N' | b'n' | b'S' | b's' | b'M' | b'm' | b'E' | b'e' | b'H' | b'h'
        | b'1' => {
            return Err(bad_list());
        }
        b'P' | b'p' => {
            if s.len() == 1 || s == b"PEM" || s == b"pem" {
                Format::Pem
            } else if s == b"PVK" || s == b"pvk" {
                if any {
                    Format::Pvk
                } else {
                    return Err(bad_list());
                }
            } else if s == b"P12" || s == b"p12" || s == b"PKCS12" || s == b"pkcs12" {
                if any {
                    Format::Pkcs12
                } else {
                    return Err(bad_list());
                }
            } else {
                return Err(bad());
            }
        }
        _ => return Err(bad()),
    };
    Ok(result)
}

/// `opt_long` (strtol with base 0 and openssl's checks), then the int
/// range check of `opt_int`; the error is openssl's message.
pub fn parse_int(prog: &str, v: &[u8]) -> Result<i32, Vec<u8>> {
    let p = prog.as_bytes();
    let number_error = || {
        for (prefix, what) in [
            (&b"0x"[..], &b"a hexadecimal"[..]),
            (b"0X", b"a hexadecimal"),
            (b"0", b"an octal"),
        ] {
            if v.starts_with(prefix) {
                return text!(p, b": Can't parse \"", v, b"\" as ", what, b" number\n");
            }
        }
        text!(p, b": Can't parse \"", v, b"\" as a number\n")
    };
    let l = strtol_base0(v).ok_or_else(number_error)?;
    i32::try_from(l).map_err(|_| text!(p, b": Value \"", v, b"\" outside integer range\n"))
}

/// C's `strtol(s, &end, 0)` requiring the whole string to be consumed and
/// no overflow, as `opt_long` does.
fn strtol_base0(b: &[u8]) -> Option<i64> {
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || (b'\t'..=b'\r').contains(&b[i])) {
        i += 1;
    }
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let (radix, start) =
        if b.len() > i + 1 && b[i] == b'0' && (b[i + 1] == b'x' || b[i + 1] == b'X') {
            // "0x" with no hex digit after it parses as "0" and stops at 'x'.
            if b.get(i + 2).is_some_and(u8::is_ascii_hexdigit) {
                (16, i + 2)
            } else {
                return None;
            }
        } else if i < b.len() && b[i] == b'0' {
            (8, i)
        } else {
            (10, i)
        };
    let digits = std::str::from_utf8(&b[start..]).ok()?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let mag = i128::from_str_radix(digits, radix).ok()?;
    let val = if neg { -mag } else { mag };
    // Overflow: strtol saturates and sets ERANGE; opt_long rejects it.
    i64::try_from(val).ok()
}

/// One parsed option and its value.
#[derive(Debug, PartialEq, Eq)]
pub struct Parsed {
    pub id: Opt,
    pub value: Option<Vec<u8>>,
}

/// `opt_next` over a word list.
pub struct Parser<'a> {
    prog: &'a str,
    table: &'static [Entry],
    args: &'a [Vec<u8>],
    index: usize,
    /// The last unknown option name (`opt_unknown`): openssl keeps it
    /// across calls, so a bare `-` reuses the previous one.
    unknown: Option<Vec<u8>>,
}

impl<'a> Parser<'a> {
    pub fn new(prog: &'a str, table: &'static [Entry], args: &'a [Vec<u8>]) -> Parser<'a> {
        Parser {
            prog,
            table,
            args,
            index: 0,
            unknown: None,
        }
    }

    /// The words after the options (`opt_rest`).
    pub fn rest(&self) -> &'a [Vec<u8>] {
        &self.args[self.index.min(self.args.len())..]
    }

    /// The next option; Ok(None) at the end of the options; Err with
    /// openssl's message for a malformed one.
    pub fn next_opt(&mut self) -> Result<Option<Parsed>, Vec<u8>> {
        let prog = self.prog.as_bytes();
        let Some(word) = self.args.get(self.index) else {
            return Ok(None);
        };
        if word.first() != Some(&b'-') {
            return Ok(None);
        }
        self.index += 1;
        if word == b"--" {
            return Ok(None);
        }
        let mut p = &word[1..];
        if let Some(rest) = p.strip_prefix(b"-") {
            p = rest;
        }
        // Everything after a NUL is invisible to C.
        let p = crate::ffi::name::until_nul(p);
        let (name, mut arg) = match p.iter().position(|&c| c == b'=') {
            Some(i) => (&p[..i], Some(p[i + 1..].to_vec())),
            None => (p, None),
        };
        for entry in self.table {
            // Headings and continuation lines are rows named "-S", "-M",
            // "-H" and "-P" with the value of OPT_HELP; openssl matches
            // them too.
            let (ename, id, value) = match *entry {
                Entry::Opt {
                    name, id, value, ..
                } => (name, id, value),
                Entry::Section(_) => ("-S", Opt::Help, Value::None),
                Entry::More(_) => ("-M", Opt::Help, Value::Str),
                Entry::Usage(_) => ("-H", Opt::Help, Value::None),
                Entry::Params => ("-P", Opt::Help, Value::None),
            };
            let ename_b = ename.as_bytes();
            if !(name == b"h" && ename == "help") && name != ename_b {
                continue;
            }
            if matches!(value, Value::None | Value::Bare) {
                if arg.is_some() {
                    return Err(text!(
                        prog,
                        b": Option -",
                        name,
                        b" does not take a value\n",
                    ));
                }
                return Ok(match id {
                    Opt::Eof => None,
                    // The "" row, matched by a bare "-": openssl hands over
                    // the last unknown name again (opt_unknown()).
                    Opt::Md => Some(Parsed {
                        id,
                        value: self.unknown.clone(),
                    }),
                    _ => Some(Parsed { id, value: None }),
                });
            }
            if arg.is_none() {
                match self.args.get(self.index) {
                    Some(next) => {
                        arg = Some(crate::ffi::name::until_nul(next).to_vec());
                        self.index += 1;
                    }
                    None => return Err(text!(prog, b": Option -", ename_b, b" needs a value\n")),
                }
            }
            let a = arg.unwrap_or_default();
            match value {
                Value::PosInt => {
                    let n = parse_int(self.prog, &a)?;
                    if n <= 0 {
                        return Err(text!(
                            prog,
                            b": Non-positive number \"",
                            &a,
                            b"\" for option -",
                            ename_b,
                            b"\n",
                        ));
                    }
                }
                Value::PemDer | Value::Format => {
                    let accept = if value == Value::PemDer {
                        Accept::PemDer
                    } else {
                        Accept::Any
                    };
                    if let Err(m) = parse_format(self.prog, &a, accept) {
                        return Err(text!(
                            &m,
                            prog,
                            b": Invalid format \"",
                            &a,
                            b"\" for option -",
                            ename_b,
                            b"\n",
                        ));
                    }
                }
                _ => {}
            }
            return Ok(Some(Parsed { id, value: Some(a) }));
        }
        // With a "" row, an unknown name is handed over (a digest name for
        // req); its value, if any, is dropped.
        if self
            .table
            .iter()
            .any(|e| matches!(e, Entry::Opt { name: "", .. }))
        {
            self.unknown = Some(name.to_vec());
            return Ok(Some(Parsed {
                id: Opt::Md,
                value: self.unknown.clone(),
            }));
        }
        Err(text!(prog, b": Unknown option: -", name, b"\n"))
    }
}

/// `opt_help(table)`: the text `-help` prints on stderr.
pub fn help_text(prog: &str, table: &[Entry]) -> String {
    const MAX_WIDTH: usize = 30;
    let mut width = 5;
    for e in table {
        let i = match *e {
            Entry::More(_) => continue,
            Entry::Section(_) | Entry::Usage(_) | Entry::Params => 2 + 2,
            Entry::Opt { name, value, .. } => {
                2 + name.len()
                    + if value == Value::None {
                        0
                    } else {
                        1 + value.param().len()
                    }
            }
        };
        if i < MAX_WIDTH && i > width {
            width = i;
        }
    }
    let mut out = String::new();
    match table.first() {
        Some(Entry::Usage(_)) => {}
        Some(Entry::Section(_)) => {
            let _ = writeln!(out, "Usage: {prog} [options]");
        }
        _ => {
            let _ = write!(out, "Usage: {prog} [options]\nValid options are:\n");
        }
    }
    let mut params = false;
    for e in table {
        match *e {
            Entry::Usage(s) => out.push_str(s),
            Entry::Section(s) => {
                let _ = write!(out, "\n{s} options:\n");
            }
            Entry::Params => {
                params = true;
                out.push_str("\nParameters:\n");
            }
            Entry::More(help) => {
                let _ = writeln!(out, "{}  {}", " ".repeat(width), help);
            }
            Entry::Opt {
                name, value, help, ..
            } => {
                let mut start = String::from(if params { " " } else { " -" });
                start.push_str(if name.is_empty() { "*" } else { name });
                if value != Value::None {
                    start.push(' ');
                    start.push_str(value.param());
                }
                if start.len() >= MAX_WIDTH {
                    let _ = writeln!(out, "{start}");
                    start.clear();
                }
                let _ = writeln!(out, "{:<width$}  {}", start, help, width = width);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(args: &[&str]) -> Result<Vec<Parsed>, String> {
        let a: Vec<Vec<u8>> = args.iter().map(|w| w.as_bytes().to_vec()).collect();
        let mut p = Parser::new("req", REQ_OPTIONS, &a);
        let mut v = Vec::new();
        while let Some(o) = p
            .next_opt()
            .map_err(|e| String::from_utf8_lossy(&e).into_owned())?
        {
            v.push(o);
        }
        Ok(v)
    }

    fn val(s: &str) -> Option<Vec<u8>> {
        Some(s.as_bytes().to_vec())
    }

    #[test]
    fn single_and_double_dash_and_equals() {
        let v = all(&["-new", "--key", "k.pem", "-out=x.csr"]).unwrap();
        assert_eq!(
            v[0],
            Parsed {
                id: Opt::New,
                value: None
            }
        );
        assert_eq!(
            v[1],
            Parsed {
                id: Opt::Key,
                value: val("k.pem")
            }
        );
        assert_eq!(
            v[2],
            Parsed {
                id: Opt::Out,
                value: val("x.csr")
            }
        );
    }

    #[test]
    fn a_value_may_start_with_a_dash() {
        let v = all(&["-subj", "-new"]).unwrap();
        assert_eq!(
            v,
            vec![Parsed {
                id: Opt::Subj,
                value: val("-new")
            }]
        );
    }

    #[test]
    fn headings_are_rows_that_mean_help() {
        assert_eq!(
            all(&["---S"]).unwrap(),
            vec![Parsed {
                id: Opt::Help,
                value: None
            }]
        );
    }

    #[test]
    fn an_equals_sign_without_a_name_is_the_digest_row_with_a_value() {
        assert_eq!(
            all(&["-=x"]).unwrap_err(),
            "req: Option - does not take a value\n"
        );
        assert_eq!(
            all(&["--="]).unwrap_err(),
            "req: Option - does not take a value\n"
        );
    }

    #[test]
    fn the_help_table_knows_only_help_and_ends_at_its_parameter_row() {
        let parse = |w: &[&str]| {
            let a: Vec<Vec<u8>> = w.iter().map(|s| s.as_bytes().to_vec()).collect();
            Parser::new("help", HELP_OPTIONS, &a)
                .next_opt()
                .map_err(|e| String::from_utf8_lossy(&e).into_owned())
        };
        assert_eq!(parse(&["-x"]).unwrap_err(), "help: Unknown option: -x\n");
        assert_eq!(parse(&["-command"]).unwrap(), None);
        assert_eq!(
            help_text("help", HELP_OPTIONS),
            "Usage: help [options] [command]\n\nGeneral options:\n -help      Display this summary\n\n\
             Parameters:\n command    Name of command to display help (optional)\n"
        );
    }

    #[test]
    fn unknown_names_are_digests_and_drop_their_value() {
        let v = all(&["-sha512=x", "-"]).unwrap();
        assert_eq!(
            v[0],
            Parsed {
                id: Opt::Md,
                value: val("sha512")
            }
        );
        // a bare "-" repeats the last unknown name, as opt_unknown() does
        assert_eq!(
            v[1],
            Parsed {
                id: Opt::Md,
                value: val("sha512")
            }
        );
        assert_eq!(
            all(&["-"]).unwrap(),
            vec![Parsed {
                id: Opt::Md,
                value: None
            }]
        );
    }

    #[test]
    fn openssl_errors() {
        assert_eq!(
            all(&["-nodes=1"]).unwrap_err(),
            "req: Option -nodes does not take a value\n"
        );
        assert_eq!(
            all(&["-key"]).unwrap_err(),
            "req: Option -key needs a value\n"
        );
        assert_eq!(
            all(&["-days", "x"]).unwrap_err(),
            "req: Can't parse \"x\" as a number\n"
        );
        assert_eq!(
            all(&["-days", "0x"]).unwrap_err(),
            "req: Can't parse \"0x\" as a hexadecimal number\n"
        );
        assert_eq!(
            all(&["-days", "09"]).unwrap_err(),
            "req: Can't parse \"09\" as an octal number\n"
        );
        assert_eq!(
            all(&["-days", "0"]).unwrap_err(),
            "req: Non-positive number \"0\" for option -days\n"
        );
        assert_eq!(
            all(&["-days", "99999999999"]).unwrap_err(),
            "req: Value \"99999999999\" outside integer range\n"
        );
        assert_eq!(
            all(&["-outform", "xml"]).unwrap_err(),
            "req: Bad format \"xml\"\nreq: Invalid format \"xml\" for option -outform\n"
        );
        assert_eq!(
            all(&["-outform", "pvk"]).unwrap_err(),
            "req: Bad format \"pvk\"; must be pem or der\nreq: Invalid format \"pvk\" for option -outform\n"
        );
    }

    #[test]
    fn numbers_parse_like_strtol_base_0() {
        assert_eq!(parse_int("req", b"0x10"), Ok(16));
        assert_eq!(parse_int("req", b"010"), Ok(8));
        assert_eq!(parse_int("req", b" +7"), Ok(7));
        assert_eq!(parse_int("req", b"-3"), Ok(-3));
        assert!(parse_int("req", b"7 ").is_err());
    }

    #[test]
    fn format_names_follow_their_first_letter() {
        assert_eq!(
            parse_format("req", b"Dxyz", Accept::PemDer),
            Ok(Format::Der)
        );
        assert_eq!(parse_format("req", b"p", Accept::PemDer), Ok(Format::Pem));
        assert_eq!(
            parse_format("req", b"engine", Accept::Any),
            Ok(Format::Engine)
        );
    }

    #[test]
    fn help_has_the_catch_all_row_and_continuation_line() {
        let h = help_text("req", REQ_OPTIONS);
        assert!(h.starts_with("Usage: req [options]\n\nGeneral options:\n -help                 Display this summary\n"));
        assert!(h.contains(" -*                    Any supported digest\n"));
        assert!(h.contains("\n                       (Required by some CA's)\n"));
    }
}

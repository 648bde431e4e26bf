//! The option table of `openssl req` and openssl's option grammar
//! (apps/lib/opt.c: `opt_next`, `opt_help`, `opt_format`, `opt_int`).
//!
//! One table drives both parsing and `-help`, as openssl's `OPTIONS`
//! arrays do, so the two cannot drift apart. The grammar is openssl's, not
//! GNU's: single-dash long names, `--name` and `-name=value`, a value taken
//! from the next word even when it starts with `-`, `-h` for `-help`, and
//! any other word starting with `-` handed over as a digest name.

use crate::line::LINE;
use crate::line::Line::{self, V3_0, V3_5, V3_6, V4_0};
use crate::text;
use std::fmt::Write as _;

/// What an option is, as `OPTION_CHOICE` in apps/req.c.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Opt {
    Help,
    Cipher,
    #[cfg(engines)]
    Engine,
    #[cfg(engines)]
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
    X509v1,
    Ca,
    CaKey,
    Subj,
    Subject,
    MultivalueRdn,
    NotBefore,
    NotAfter,
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
    Quiet,
    Noenc,
    Nodes,
    Noout,
    Newhdr,
    Modulus,
    Rand,
    Writerand,
    ProviderPath,
    Provider,
    Provparam,
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
        /// The release lines that have this row (a row whose help text
        /// changed is two rows, one for the old lines, one for the new).
        lines: (Line, Line),
    },
}

const fn opt(name: &'static str, id: Opt, value: Value, help: &'static str) -> Entry {
    Entry::Opt {
        name,
        id,
        value,
        help,
        lines: (Line::V3_0, Line::V4_0),
    }
}

impl Entry {
    /// The row exists from line `first` on.
    const fn since(self, first: Line) -> Entry {
        self.in_lines(Some(first), None)
    }

    /// The row exists up to line `last`.
    const fn until(self, last: Line) -> Entry {
        self.in_lines(None, Some(last))
    }

    /// The row with its first and/or last line replaced.
    const fn in_lines(self, first: Option<Line>, last: Option<Line>) -> Entry {
        match self {
            Entry::Opt {
                name,
                id,
                value,
                help,
                lines: (was_first, was_last),
            } => Entry::Opt {
                name,
                id,
                value,
                help,
                lines: (
                    match first {
                        Some(l) => l,
                        None => was_first,
                    },
                    match last {
                        Some(l) => l,
                        None => was_last,
                    },
                ),
            },
            other => other,
        }
    }

    /// Whether this build's release line has the row.
    fn in_this_line(&self) -> bool {
        match *self {
            Entry::Opt {
                lines: (first, last),
                ..
            } => first <= LINE && LINE <= last,
            _ => true,
        }
    }
}

/// The rows of `table` that this build's release line has, in order.
pub fn rows(table: &'static [Entry]) -> impl Iterator<Item = &'static Entry> + Clone {
    table.iter().filter(|e| e.in_this_line())
}

/// `req_options[]` of every line, in openssl's order (the order of
/// `-help`); `rows` picks this line's.
#[rustfmt::skip]
pub const REQ_OPTIONS: &[Entry] = &[
    Entry::Section("General"),
    opt("help", Opt::Help, Value::None, "Display this summary"),
    opt("cipher", Opt::Cipher, Value::Str, "Specify the cipher for private key encryption").since(V3_5),
    // Absent without the ENGINE API: in a no-engine 3.x build and in 4.0,
    // which removed engines.
    #[cfg(engines)]
    opt("engine", Opt::Engine, Value::Str, "Use engine, possibly a hardware device"),
    #[cfg(engines)]
    opt("keygen_engine", Opt::KeygenEngine, Value::Str, "Specify engine to be used for key generation operations"),
    opt("in", Opt::In, Value::InFile, "X.509 request input file (default stdin)"),
    opt("inform", Opt::Inform, Value::PemDer, "Input format - DER or PEM").until(V3_0),
    opt("inform", Opt::Inform, Value::PemDer, "CSR input format to use (PEM or DER; by default try PEM first)").since(V3_5),
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
    opt("x509v1", Opt::X509v1, Value::None, "Request cert generation with X.509 version 1").since(V3_5),
    opt("CA", Opt::Ca, Value::InFile, "Issuer cert to use for signing a cert, implies -x509"),
    opt("CAkey", Opt::CaKey, Value::Str, "Issuer private key to use with -CA; default is -CA arg"),
    Entry::More("(Required by some CA's)"),
    opt("subj", Opt::Subj, Value::Str, "Set or modify subject of request or cert"),
    opt("subject", Opt::Subject, Value::None, "Print the subject of the output request or cert"),
    opt("multivalue-rdn", Opt::MultivalueRdn, Value::None, "Deprecated; multi-valued RDNs support is always on."),
    opt("not_before", Opt::NotBefore, Value::Str, "[CC]YYMMDDHHMMSSZ value for notBefore certificate field").since(V3_5),
    opt("not_after", Opt::NotAfter, Value::Str, "[CC]YYMMDDHHMMSSZ value for notAfter certificate field, overrides -days").since(V3_5),
    opt("days", Opt::Days, Value::PosInt, "Number of days cert is valid for").until(V3_0),
    opt("days", Opt::Days, Value::PosInt, "Number of days certificate is valid for").since(V3_5),
    opt("set_serial", Opt::SetSerial, Value::Str, "Serial number to use"),
    opt("copy_extensions", Opt::CopyExtensions, Value::Str, "copy extensions from request when using -x509"),
    // 3.2 made -reqexts an alias of -extensions, listed before -addext.
    opt("extensions", Opt::Extensions, Value::Str, "Cert or request extension section (override value in config file)").since(V3_5),
    opt("reqexts", Opt::Reqexts, Value::Str, "An alias for -extensions").since(V3_5),
    opt("addext", Opt::Addext, Value::Str, "Additional cert extension key=value pair (may be given more than once)"),
    opt("extensions", Opt::Extensions, Value::Str, "Cert extension section (override value in config file)").until(V3_0),
    opt("reqexts", Opt::Reqexts, Value::Str, "Request extension section (override value in config file)").until(V3_0),
    opt("precert", Opt::Precert, Value::None, "Add a poison extension to the generated cert (implies -new)").until(V3_0),
    opt("precert", Opt::Precert, Value::None, "Add a poison extension to generated cert (implies -new)").since(V3_5),
    Entry::Section("Keys and Signing"),
    opt("key", Opt::Key, Value::Str, "Key for signing, and to include unless -in given"),
    opt("keyform", Opt::Keyform, Value::Format, "Key file format (ENGINE, other values ignored)").until(V3_6),
    opt("keyform", Opt::Keyform, Value::Format, "Key file format (DER/PEM)").since(V4_0),
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
    opt("quiet", Opt::Quiet, Value::None, "Terse output").since(V3_5),
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
    opt("provparam", Opt::Provparam, Value::Str, "Set a provider key-value parameter").since(V3_5),
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
    /// `b64`, since 3.2.
    Base64,
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

impl Accept {
    fn takes(self, f: Format) -> bool {
        match self {
            Accept::PemDer => matches!(f, Format::Pem | Format::Der),
            // 4.0 dropped ENGINE from OPT_FMT_ANY.
            Accept::Any => f != Format::Engine || LINE.engine_format(),
        }
    }
}

/// `opt_format_error`: "Bad format" and the formats the option takes.
fn format_error(p: &[u8], s: &[u8], accept: Accept) -> Vec<u8> {
    if LINE.format_list_on_one_line() {
        // 3.2's `formats[]`, one per OPT_FMT_ bit, in this order.
        const NAMES: &[(&str, Format)] = &[
            ("pem", Format::Pem),
            ("der", Format::Der),
            ("b64", Format::Base64),
            ("pkcs12", Format::Pkcs12),
            ("smime", Format::Smime),
            ("engine", Format::Engine),
            ("msblob", Format::Msblob),
            ("nss", Format::Nss),
            ("text", Format::Text),
            ("http", Format::Http),
            ("pvk", Format::Pvk),
        ];
        let mut m = text!(p, b": Bad format \"", s, b"\"; must be one of: ");
        for (name, f) in NAMES {
            if accept.takes(*f) {
                m.push(b' ');
                m.extend_from_slice(name.as_bytes());
            }
        }
        m.push(b'\n');
        return m;
    }
    match accept {
        Accept::PemDer => text!(p, b": Bad format \"", s, b"\"; must be pem or der\n"),
        Accept::Any => {
            let mut m = text!(p, b": Bad format \"", s, b"\"; must be one of:\n");
            for n in [
                "PEM/DER", "pkcs12", "smime", "engine", "msblob", "nss", "text", "http", "pvk",
            ] {
                m.extend_from_slice(format!("   {n}\n").as_bytes());
            }
            m
        }
    }
}

/// `opt_format`: the format named by `s`, or the message openssl prints
/// (empty where it prints none). Each branch looks at the first character
/// only, as opt_format does, except where it compares whole words.
pub fn parse_format(prog: &str, s: &[u8], accept: Accept) -> Result<Format, Vec<u8>> {
    let p = prog.as_bytes();
    let bad = || text!(p, b": Bad format \"", s, b"\"\n");
    let wants = |f: Format| {
        if accept.takes(f) {
            Ok(f)
        } else {
            Err(format_error(p, s, accept))
        }
    };
    let is = |words: &[&[u8]]| words.contains(&s);
    match s.first().copied().unwrap_or(0) {
        b'B' | b'b' if LINE.format_list_on_one_line() => {
            if s.len() == 1 || is(&[b"B64", b"b64", b"BASE64", b"base64"]) {
                wants(Format::Base64)
            } else {
                // opt_format returns 0 here without a word of its own.
                Err(Vec::new())
            }
        }
        b'D' | b'd' => wants(Format::Der),
        b'T' | b't' => wants(Format::Text),
        b'N' | b'n' => {
            if accept.takes(Format::Nss) && is(&[b"NSS", b"nss"]) {
                Ok(Format::Nss)
            } else {
                Err(format_error(p, s, accept))
            }
        }
        b'S' | b's' => wants(Format::Smime),
        b'M' | b'm' => wants(Format::Msblob),
        b'E' | b'e' if LINE.engine_format() => wants(Format::Engine),
        b'H' | b'h' => wants(Format::Http),
        b'1' => wants(Format::Pkcs12),
        b'P' | b'p' => {
            if s.len() == 1 || is(&[b"PEM", b"pem"]) {
                wants(Format::Pem)
            } else if is(&[b"PVK", b"pvk"]) {
                wants(Format::Pvk)
            } else if is(&[b"P12", b"p12", b"PKCS12", b"pkcs12"]) {
                wants(Format::Pkcs12)
            } else {
                Err(bad())
            }
        }
        _ => Err(bad()),
    }
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
    let l = crate::ffi::number::strtol(v).ok_or_else(number_error)?;
    i32::try_from(l).map_err(|_| text!(p, b": Value \"", v, b"\" outside integer range\n"))
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

    /// What a command that takes no words after its options says about
    /// them: Err with the message before the usage line (empty in 3.0,
    /// which only counted them: `opt_num_rest() != 0`). Since 3.2
    /// `opt_check_rest_arg(NULL)` looks at the first word only, and an
    /// empty one passes.
    pub fn check_no_rest(&self) -> Result<(), Vec<u8>> {
        let prog = self.prog.as_bytes();
        let Some(first) = self.rest().first() else {
            return Ok(());
        };
        if !LINE.names_extra_arguments() {
            return Err(Vec::new());
        }
        let first = crate::ffi::name::until_nul(first);
        if first.is_empty() {
            return Ok(());
        }
        Err(match &self.unknown {
            None => text!(prog, b": Extra option: \"", first, b"\"\n"),
            Some(u) => text!(
                prog,
                b": Extra (unknown) options: \"",
                u,
                b"\" \"",
                first,
                b"\"\n"
            ),
        })
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
        for entry in rows(self.table) {
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
        if rows(self.table).any(|e| matches!(e, Entry::Opt { name: "", .. })) {
            if let (Some(first), true) = (&self.unknown, LINE.one_unknown_option()) {
                // opt_next since 3.2, with req's opt_set_unknown_name("digest").
                return Err(text!(
                    prog,
                    b": Multiple digest or unknown options: -",
                    first,
                    b" and -",
                    name,
                    b"\n"
                ));
            }
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
pub fn help_text(prog: &str, table: &'static [Entry]) -> String {
    const MAX_WIDTH: usize = 30;
    let mut width = 5;
    for e in rows(table) {
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
        if LINE.help_width_clamped() {
            width = width.max(i).min(MAX_WIDTH);
        } else if i < MAX_WIDTH && i > width {
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
    for e in rows(table) {
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
        // opt_format_error lists the accepted formats since 3.2.
        let accepted = if LINE.format_list_on_one_line() {
            "one of:  pem der"
        } else {
            "pem or der"
        };
        assert_eq!(
            all(&["-outform", "pvk"]).unwrap_err(),
            format!(
                "req: Bad format \"pvk\"; must be {accepted}\nreq: Invalid format \"pvk\" for option -outform\n"
            )
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
        // 4.0 has no ENGINE format: "e..." is then a bad format.
        let engine = parse_format("req", b"engine", Accept::Any);
        if LINE.engine_format() {
            assert_eq!(engine, Ok(Format::Engine));
        } else {
            assert!(engine.is_err(), "{engine:?}");
        }
    }

    #[test]
    fn help_has_the_catch_all_row_and_continuation_line() {
        let h = help_text("req", REQ_OPTIONS);
        assert!(h.starts_with("Usage: req [options]\n\nGeneral options:\n -help                 Display this summary\n"));
        assert!(h.contains(" -*                    Any supported digest\n"));
        assert!(h.contains("\n                       (Required by some CA's)\n"));
    }
}

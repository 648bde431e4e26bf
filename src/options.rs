//! openssl's option grammar and option tables (apps/lib/opt.c: `opt_next`,
//! `opt_help`, `opt_format`, `opt_int`), for any command's table.
//!
//! A table drives both parsing and `-help`, as openssl's `OPTIONS` arrays
//! do, so the two cannot drift apart. The grammar is openssl's, not GNU's:
//! single-dash long names, `--name` and `-name=value`, a value taken from
//! the next word even when it starts with `-`, `-h` for `-help`, and any
//! other word starting with `-` handed over as the table's `""` row (a
//! digest name for req). req's own options are defined in
//! src/req/options.rs; this module knows no command's options but
//! `help`'s. 1.1.1's apps/opt.c differs in its messages, its marker rows
//! and `-h` (questions in src/line.rs), and its tables are flat lists in
//! their own order (`Entry::Order`).

use crate::line::LINE;
use crate::line::{Line, V1_1_1, V4_0};
use crate::text;
use std::fmt::Debug;
use std::fmt::Write as _;

/// What a command's option rows return (its `OPTION_CHOICE` enum).
pub trait OptId: Copy + Eq + Debug + 'static {
    /// `OPT_HELP`: returned by the `help` row and by the heading rows
    /// (`OPT_SECTION` and the like have the value 1, which is OPT_HELP in
    /// every `OPT_COMMON` enum).
    const HELP: Self;

    /// Whether the row's value is `OPT_EOF` (0), as the parameter rows of
    /// `help` are: typed as an option, it ends option parsing.
    fn is_eof(self) -> bool {
        false
    }
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

    /// Whether the option is given without a value.
    fn is_flag(self) -> bool {
        matches!(self, Value::None | Value::Bare)
    }
}

/// An option's help text and the release lines that have it: an option
/// whose text changed has one `Help` per text.
#[derive(Clone, Copy, Debug)]
pub struct Help {
    pub text: &'static str,
    pub lines: (Line, Line),
}

/// A help text on every line.
pub const fn all(text: &'static str) -> Help {
    Help {
        text,
        lines: (V1_1_1, V4_0),
    }
}

/// A help text from line `first` on.
pub const fn since(first: Line, text: &'static str) -> Help {
    Help {
        text,
        lines: (first, V4_0),
    }
}

/// A help text from line `first` to line `last`.
pub const fn between(first: Line, last: Line, text: &'static str) -> Help {
    Help {
        text,
        lines: (first, last),
    }
}

/// A help text up to line `last`.
pub const fn until(last: Line, text: &'static str) -> Help {
    Help {
        text,
        lines: (V1_1_1, last),
    }
}

fn in_this_line((first, last): (Line, Line)) -> bool {
    (first..=last).contains(&LINE.line())
}

/// One entry of a table, covering every release line.
#[derive(Clone, Copy, Debug)]
pub enum Entry<I: 'static> {
    /// `OPT_HELP_STR`: a first row that replaces the "Usage:" line.
    Usage(&'static str),
    /// `OPT_SECTION("General")`: a heading in `-help`.
    Section(&'static str),
    /// `OPT_PARAMETERS()`: the rows after it are parameters, not options.
    Params,
    /// `OPT_MORE_STR`: a continuation line of the previous option's help
    /// text, on the lines of its `Help`.
    More(Help),
    /// An option; a line has it when one of its help texts is for that
    /// line.
    Opt {
        name: &'static str,
        id: I,
        value: Value,
        help: &'static [Help],
    },
    /// On `lines`, the row of option `id` stands here rather than where
    /// `id` is defined (a row that moved between lines).
    Moved { id: I, lines: (Line, Line) },
    /// On `lines`, the table is these options in this order, each followed
    /// by its continuation lines, without headings (a line whose table
    /// was ordered wholly otherwise: 1.1.1's flat `req_options[]`).
    Order {
        lines: (Line, Line),
        ids: &'static [I],
    },
}

/// A row as this build's release line has it.
#[derive(Clone, Copy, Debug)]
pub enum Row<I: 'static> {
    Usage(&'static str),
    Section(&'static str),
    Params,
    More(&'static str),
    Opt {
        name: &'static str,
        id: I,
        value: Value,
        help: &'static str,
    },
}

impl<I: OptId> Row<I> {
    /// The name, value and kind opt_next matches the row by. Headings and
    /// continuation lines are rows named "-S", "-M", "-H" and "-P" with
    /// the value of OPT_HELP, and openssl matches them too.
    fn grammar(&self) -> (&'static str, I, Value) {
        let (more, usage) = LINE.marker_row_names();
        match *self {
            Row::Opt {
                name, id, value, ..
            } => (name, id, value),
            Row::Section(_) => ("-S", I::HELP, Value::None),
            Row::More(_) => (more, I::HELP, Value::Str),
            Row::Usage(_) => (usage, I::HELP, Value::None),
            Row::Params => ("-P", I::HELP, Value::None),
        }
    }
}

/// An option's row with its help text on this line; None when this line
/// does not have the option.
fn option_row<I>(name: &'static str, id: I, value: Value, help: &[Help]) -> Option<Row<I>> {
    let help = help.iter().find(|h| in_this_line(h.lines))?;
    Some(Row::Opt {
        name,
        id,
        value,
        help: help.text,
    })
}

/// The rows of `table` that this build's release line has, in order.
pub fn rows<I: OptId>(table: &'static [Entry<I>]) -> impl Iterator<Item = Row<I>> + Clone {
    let order = table.iter().find_map(|e| match *e {
        Entry::Order { lines, ids } if in_this_line(lines) => Some(ids),
        _ => None,
    });
    let rows: Vec<Row<I>> = match order {
        Some(ids) => ids
            .iter()
            .flat_map(|&id| defined_with_more(table, id))
            .collect(),
        None => in_table_order(table).collect(),
    };
    rows.into_iter()
}

/// The rows of `table` in its own order, with the moved ones where they
/// moved to.
fn in_table_order<I: OptId>(table: &'static [Entry<I>]) -> impl Iterator<Item = Row<I>> {
    // Whether an `Entry::Moved` places `id`'s row elsewhere on this line.
    let moved = move |id: I| {
        table
            .iter()
            .any(|e| matches!(*e, Entry::Moved { id: m, lines } if m == id && in_this_line(lines)))
    };
    table.iter().filter_map(move |e| match *e {
        Entry::Usage(s) => Some(Row::Usage(s)),
        Entry::Section(s) => Some(Row::Section(s)),
        Entry::Params => Some(Row::Params),
        Entry::More(h) => in_this_line(h.lines).then_some(Row::More(h.text)),
        Entry::Opt { id, .. } if moved(id) => None,
        Entry::Opt {
            name,
            id,
            value,
            help,
        } => option_row(name, id, value, help),
        Entry::Moved { id, lines } if in_this_line(lines) => defined(table, id),
        Entry::Moved { .. } | Entry::Order { .. } => None,
    })
}

/// The row of `id` as `table` defines it, if this line has it.
fn defined<I: OptId>(table: &'static [Entry<I>], id: I) -> Option<Row<I>> {
    table.iter().find_map(|e| match *e {
        Entry::Opt {
            name,
            id: this,
            value,
            help,
        } if this == id => option_row(name, id, value, help),
        _ => None,
    })
}

/// The row of `id` followed by this line's continuation lines of it (the
/// `More` entries right after its definition).
fn defined_with_more<I: OptId>(table: &'static [Entry<I>], id: I) -> Vec<Row<I>> {
    let Some(at) = table
        .iter()
        .position(|e| matches!(*e, Entry::Opt { id: this, .. } if this == id))
    else {
        return Vec::new();
    };
    let Some(row) = defined(table, id) else {
        return Vec::new();
    };
    let more = table[at + 1..]
        .iter()
        .map_while(|e| match *e {
            Entry::More(h) => Some(h),
            _ => None,
        })
        .filter(|h| in_this_line(h.lines))
        .map(|h| Row::More(h.text));
    std::iter::once(row).chain(more).collect()
}

/// What `help_options[]` of apps/openssl.c returns.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HelpOpt {
    Help,
    /// The parameter row, whose value is OPT_EOF.
    Command,
}

impl OptId for HelpOpt {
    const HELP: Self = HelpOpt::Help;

    fn is_eof(self) -> bool {
        self == HelpOpt::Command
    }
}

/// `help_options[]` of this line's apps/openssl.c: 1.1.1's had two usage
/// lines and no parameter row.
pub fn help_options() -> &'static [Entry<HelpOpt>] {
    if LINE.help_command_has_parameter_row() {
        HELP_OPTIONS
    } else {
        HELP_OPTIONS_1_1_1
    }
}

/// 1.1.1's `help_options[]`.
const HELP_OPTIONS_1_1_1: &[Entry<HelpOpt>] = &[
    Entry::Usage("Usage: help [options]\n"),
    Entry::Usage("       help [command]\n"),
    Entry::Opt {
        name: "help",
        id: HelpOpt::Help,
        value: Value::None,
        help: &[all("Display this summary")],
    },
];

/// 3.x's `help_options[]`.
const HELP_OPTIONS: &[Entry<HelpOpt>] = &[
    Entry::Usage("Usage: help [options] [command]\n"),
    Entry::Section("General"),
    Entry::Opt {
        name: "help",
        id: HelpOpt::Help,
        value: Value::None,
        help: &[all("Display this summary")],
    },
    Entry::Params,
    Entry::Opt {
        name: "command",
        id: HelpOpt::Command,
        value: Value::Bare,
        help: &[all("Name of command to display help (optional)")],
    },
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
    // 1.1.1's opt_format says nothing of a word it does not know.
    let bad = || {
        if LINE.names_unknown_format_words() {
            text!(p, b": Bad format \"", s, b"\"\n")
        } else {
            Vec::new()
        }
    };
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

/// One parsed option and its value, as the table's rows name it.
#[derive(Debug, PartialEq, Eq)]
pub struct Parsed<I> {
    pub id: I,
    pub value: Option<Vec<u8>>,
}

/// `opt_next` over a word list.
pub struct Parser<'a, I: 'static> {
    prog: &'a str,
    table: &'static [Entry<I>],
    args: &'a [Vec<u8>],
    index: usize,
    /// The last unknown option name (`opt_unknown`): openssl keeps it
    /// across calls, so a bare `-` reuses the previous one.
    unknown: Option<Vec<u8>>,
}

impl<'a, I: OptId> Parser<'a, I> {
    pub fn new(prog: &'a str, table: &'static [Entry<I>], args: &'a [Vec<u8>]) -> Parser<'a, I> {
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
    /// openssl's message for a malformed one. The steps of `opt_next`:
    /// the word, its name and `=value`, the row, the value and its check.
    pub fn next_opt(&mut self) -> Result<Option<Parsed<I>>, Vec<u8>> {
        let Some(word) = self.option_word() else {
            return Ok(None);
        };
        let (name, inline) = split_option(word);
        match self.find_row(name) {
            Some(row) => self.take_row(row, name, inline),
            None => self.unknown_option(name),
        }
    }

    /// The next word if it is an option, consumed; None at the end of the
    /// options: no more words, a word not starting with '-', or "--"
    /// (consumed).
    fn option_word(&mut self) -> Option<&'a [u8]> {
        let args = self.args;
        let word = args.get(self.index)?;
        if word.first() != Some(&b'-') {
            return None;
        }
        self.index += 1;
        (word != b"--").then_some(&word[1..])
    }

    /// The row `name` matches: its own name, or "help" for "h" (3.0).
    fn find_row(&self, name: &[u8]) -> Option<(&'static str, I, Value)> {
        let h = LINE.h_is_help();
        rows(self.table)
            .map(|row| row.grammar())
            .find(|(rname, _, _)| {
                name == rname.as_bytes() || (h && name == b"h" && *rname == "help")
            })
    }

    /// The option of a matched row, with its value taken and checked.
    fn take_row(
        &mut self,
        (rname, id, value): (&'static str, I, Value),
        name: &[u8],
        inline: Option<Vec<u8>>,
    ) -> Result<Option<Parsed<I>>, Vec<u8>> {
        if value.is_flag() {
            if inline.is_some() {
                return Err(text!(
                    self.prog,
                    b": Option -",
                    name,
                    b" does not take a value\n"
                ));
            }
            return Ok(if id.is_eof() {
                None
            } else if rname.is_empty() {
                // The "" row, matched by a bare "-": openssl hands over the
                // last unknown name again (opt_unknown()).
                Some(Parsed {
                    id,
                    value: self.unknown.clone(),
                })
            } else {
                Some(Parsed { id, value: None })
            });
        }
        let arg = match inline {
            Some(arg) => arg,
            None => self.next_word_as_value(rname)?,
        };
        self.check_value(rname, value, &arg)?;
        Ok(Some(Parsed {
            id,
            value: Some(arg),
        }))
    }

    /// The word after the option as its value, even if it starts with '-'.
    fn next_word_as_value(&mut self, rname: &str) -> Result<Vec<u8>, Vec<u8>> {
        let Some(next) = self.args.get(self.index) else {
            return Err(text!(self.prog, b": Option -", rname, b" needs a value\n"));
        };
        self.index += 1;
        Ok(crate::ffi::name::until_nul(next).to_vec())
    }

    /// opt_next's checks of a number or format value (`p`, `F`, `f`).
    fn check_value(&self, rname: &str, value: Value, arg: &[u8]) -> Result<(), Vec<u8>> {
        let prog = self.prog.as_bytes();
        let for_option = LINE.value_error_names_option();
        let accept = match value {
            Value::PosInt => {
                let non_positive = || {
                    text!(
                        prog,
                        b": Non-positive number \"",
                        arg,
                        b"\" ",
                        for_option,
                        rname,
                        b"\n",
                    )
                };
                return match parse_int(self.prog, arg) {
                    Ok(n) if n > 0 => Ok(()),
                    Ok(_) => Err(non_positive()),
                    // 1.1.1 says it twice: opt_int's reason, then opt_next's.
                    Err(m) if LINE.non_positive_after_number_error() => {
                        Err(text!(&m, non_positive()))
                    }
                    Err(m) => Err(m),
                };
            }
            Value::PemDer => Accept::PemDer,
            Value::Format => Accept::Any,
            _ => return Ok(()),
        };
        match parse_format(self.prog, arg, accept) {
            Ok(_) => Ok(()),
            Err(m) => Err(text!(
                &m,
                prog,
                b": Invalid format \"",
                arg,
                b"\" ",
                for_option,
                rname,
                b"\n",
            )),
        }
    }

    /// A name no row has. With a "" row it is handed over as that row (a
    /// digest name for req), its value, if any, dropped; without one it
    /// is an error.
    fn unknown_option(&mut self, name: &[u8]) -> Result<Option<Parsed<I>>, Vec<u8>> {
        let prog = self.prog.as_bytes();
        let Some(id) = rows(self.table).find_map(|row| match row {
            Row::Opt { name: "", id, .. } => Some(id),
            _ => None,
        }) else {
            return Err(text!(prog, LINE.unknown_option_text(), name, b"\n"));
        };
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
        Ok(Some(Parsed {
            id,
            value: self.unknown.clone(),
        }))
    }
}

/// An option word without its first '-': the name (a second '-' dropped,
/// everything from a NUL on invisible to C) and the value after '=', if
/// any.
fn split_option(word: &[u8]) -> (&[u8], Option<Vec<u8>>) {
    let word = word.strip_prefix(b"-").unwrap_or(word);
    let word = crate::ffi::name::until_nul(word);
    match word.iter().position(|&c| c == b'=') {
        Some(i) => (&word[..i], Some(word[i + 1..].to_vec())),
        None => (word, None),
    }
}

/// `opt_help(table)`: the text `-help` prints on stderr.
pub fn help_text<I: OptId>(prog: &str, table: &'static [Entry<I>]) -> String {
    const MAX_WIDTH: usize = 30;
    let mut width = 5;
    for row in rows(table) {
        let i = match row {
            Row::More(_) => continue,
            Row::Section(_) | Row::Usage(_) | Row::Params => 2 + 2,
            Row::Opt { name, value, .. } => {
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
    // The prolog, by the first row (1.1.1's flat tables have no headings).
    match rows(table).next() {
        Some(Row::Usage(_)) => {}
        Some(Row::Section(_)) => {
            let _ = writeln!(out, "Usage: {prog} [options]");
        }
        _ => {
            let _ = write!(out, "Usage: {prog} [options]\nValid options are:\n");
        }
    }
    let mut params = false;
    for row in rows(table) {
        match row {
            Row::Usage(s) => out.push_str(s),
            Row::Section(s) => {
                let _ = write!(out, "\n{s} options:\n");
            }
            Row::Params => {
                params = true;
                out.push_str("\nParameters:\n");
            }
            Row::More(help) => {
                let _ = writeln!(out, "{}  {}", " ".repeat(width), help);
            }
            Row::Opt {
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
    // req's table, the one with every kind of row.
    use crate::req::options::{Opt, REQ_OPTIONS};

    fn all(args: &[&str]) -> Result<Vec<Parsed<Opt>>, String> {
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
        // 1.1.1's table has no headings, its continuation row is "---".
        let (heading, more) = if LINE.line() >= crate::line::V3_0 {
            ("---S", "---M")
        } else {
            ("-----", "-----")
        };
        let help = vec![Parsed {
            id: Opt::Help,
            value: None,
        }];
        if LINE.line() >= crate::line::V3_0 {
            assert_eq!(all(&[heading]).unwrap(), help);
        }
        assert_eq!(
            all(&[more, "x"]).unwrap(),
            vec![Parsed {
                id: Opt::Help,
                value: val("x")
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
            Parser::new("help", help_options(), &a)
                .next_opt()
                .map_err(|e| String::from_utf8_lossy(&e).into_owned())
        };
        assert_eq!(
            parse(&["-x"]).unwrap_err(),
            format!("help{}x\n", LINE.unknown_option_text())
        );
        if LINE.help_command_has_parameter_row() {
            assert_eq!(parse(&["-command"]).unwrap(), None);
            assert_eq!(
                help_text("help", help_options()),
                "Usage: help [options] [command]\n\nGeneral options:\n -help      Display this summary\n\n\
                 Parameters:\n command    Name of command to display help (optional)\n"
            );
        } else {
            assert_eq!(
                help_text("help", help_options()),
                "Usage: help [options]\n       help [command]\n -help  Display this summary\n"
            );
        }
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
        // 1.1.1's opt_next: "for -days", and a word that is no number is
        // also called non-positive; its opt_format is silent about a word
        // it does not know.
        let v1 = LINE.line() < crate::line::V3_0;
        let for_ = LINE.value_error_names_option();
        let non_positive = |w: &str| {
            if v1 {
                format!("req: Non-positive number \"{w}\" {for_}days\n")
            } else {
                String::new()
            }
        };
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
            format!("req: Can't parse \"x\" as a number\n{}", non_positive("x"))
        );
        assert_eq!(
            all(&["-days", "0x"]).unwrap_err(),
            format!(
                "req: Can't parse \"0x\" as a hexadecimal number\n{}",
                non_positive("0x")
            )
        );
        assert_eq!(
            all(&["-days", "09"]).unwrap_err(),
            format!(
                "req: Can't parse \"09\" as an octal number\n{}",
                non_positive("09")
            )
        );
        assert_eq!(
            all(&["-days", "0"]).unwrap_err(),
            format!("req: Non-positive number \"0\" {for_}days\n")
        );
        assert_eq!(
            all(&["-days", "99999999999"]).unwrap_err(),
            format!(
                "req: Value \"99999999999\" outside integer range\n{}",
                non_positive("99999999999")
            )
        );
        let bad_word = if v1 { "" } else { "req: Bad format \"xml\"\n" };
        assert_eq!(
            all(&["-outform", "xml"]).unwrap_err(),
            format!("{bad_word}req: Invalid format \"xml\" {for_}outform\n")
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
                "req: Bad format \"pvk\"; must be {accepted}\nreq: Invalid format \"pvk\" {for_}outform\n"
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
        if LINE.line() < crate::line::V3_0 {
            // 1.1.1: one flat list, help texts at column 22, the
            // continuation line under -x509.
            assert!(h.starts_with(
                "Usage: req [options]\nValid options are:\n -help               Display this summary\n"
            ));
            assert!(h.contains(" -*                  Any supported digest\n"));
            assert!(h.contains(
                " -x509               Output a x509 structure instead of a cert request\n\
                 \x20                    (Required by some CA's)\n"
            ));
            return;
        }
        assert!(h.starts_with("Usage: req [options]\n\nGeneral options:\n -help                 Display this summary\n"));
        assert!(h.contains(" -*                    Any supported digest\n"));
        assert!(h.contains("\n                       (Required by some CA's)\n"));
    }
}

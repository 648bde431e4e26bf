//! Every option of `openssl req`, each defined once: its name, value
//! kind, help text(s) with the release lines that have them, its `-help`
//! section (the heading above it), and what it sets. `req_options!`
//! makes the `Opt` enum, the table `REQ_OPTIONS` (which drives parsing
//! and `-help`, src/options.rs) and `Settings::apply` from this one list,
//! as ripgrep's crates/core/flags/defs.rs keeps a flag's name, help and
//! `update` together.
//!
//! The list is `req_options[]` of apps/req.c in its order (the order of
//! `-help`), over every line. A help text is `all(..)`, `since(line, ..)`
//! or `until(line, ..)`: the lines that have an option are those of its
//! texts (`-cipher` has only `since(V3_5, ..)`), and an option whose text
//! changed has one per wording.
//!
//! Parsing goes argv → raw → validated: the grammar turns a word into
//! `Parsed` (the row and its word, with opt_next's checks of a number or a
//! format), then the option's set code makes the checks of req_main's
//! `switch` and sets `Settings`. Unlike ripgrep there is no later
//! validation pass over all options: openssl checks each option as it
//! comes, so the first bad one stops the run and later ones are never
//! looked at.

use super::args::{Next, Settings};
use crate::console;
use crate::failure::Failure;
use crate::line::{V3_0, V3_1, V3_2, V3_3, V3_4, V3_5, V3_6, V4_0};
use crate::options::{
    Accept, Entry, Format, OptId, Parsed, Value, all, help_text, parse_format, since, until,
};
#[cfg(ossl3)]
use crate::providers;

/// An option's word as its set code sees it.
pub struct Arg {
    pub prog: &'static str,
    /// None for a flag (and for the digest row matched by a bare "-"
    /// before any unknown name).
    pub given: Option<Vec<u8>>,
}

impl Arg {
    /// `opt_arg()`: the value (empty for a flag).
    pub fn word(&self) -> Vec<u8> {
        self.given.clone().unwrap_or_default()
    }

    /// `opt_format(opt_arg(), accept, ..)` as req_main calls it again
    /// after opt_next, failing with the usage line (`goto opthelp`).
    pub fn format(&self, accept: Accept) -> Result<Format, Failure> {
        parse_format(self.prog, &self.word(), accept).map_err(|m| self.usage(m))
    }

    /// `goto opthelp`: `message`, then the usage line.
    pub fn usage(&self, message: impl AsRef<[u8]>) -> Failure {
        Failure::usage(self.prog, message)
    }
}

/// Makes `Opt`, `REQ_OPTIONS` and `Settings::apply` from the list below.
/// An option is
///
/// ```text
/// section "Heading" {
///     [#[cfg(..)]] [@moved Other (first, last);]
///     Id "name" ValueKind [help, ..] [more "continuation line"] => |s, a| set;
///     ..
/// }
/// ```
///
/// where `set` is an expression over `s: &mut Settings` and `a: &Arg`
/// that may `?` a `Failure` or `return` a `Next`. `@moved` puts the row
/// of option `Other` before this one on lines `first..=last` (a row that
/// moved between lines).
macro_rules! req_options {
    (
        $(
            section $section:literal {
            $(
                $(#[$attr:meta])*
                $( @moved $moved:ident $moved_lines:expr; )?
                $id:ident $name:literal $value:ident [$($help:expr),+ $(,)?]
                $( more $more:literal )?
                => |$s:ident, $a:ident| $set:expr;
            )*
            }
        )*
    ) => {
        /// What an option is, as `OPTION_CHOICE` in apps/req.c.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub enum Opt {
            $($( $(#[$attr])* $id, )*)*
        }

        /// `req_options[]` of every line, in openssl's order;
        /// `crate::options::rows` picks this line's.
        pub const REQ_OPTIONS: &[Entry<Opt>] = &[
            $(
                Entry::Section($section),
                $(
                    $( Entry::Moved { id: Opt::$moved, lines: $moved_lines }, )?
                    $(#[$attr])*
                    Entry::Opt {
                        name: $name,
                        id: Opt::$id,
                        value: Value::$value,
                        help: &[$($help),+],
                    },
                    $( Entry::More($more), )?
                )*
            )*
        ];

        impl Settings {
            /// One turn of `req_main`'s option `switch`: the set code of
            /// the option `p` names.
            pub fn apply(&mut self, prog: &'static str, p: Parsed<Opt>) -> Result<Next, Failure> {
                let arg = Arg { prog, given: p.value };
                match p.id {
                    $($(
                        $(#[$attr])*
                        Opt::$id => {
                            #[allow(unused_variables)]
                            let $s = &mut *self;
                            #[allow(unused_variables)]
                            let $a = &arg;
                            $set;
                        }
                    )*)*
                }
                Ok(Next::Continue)
            }
        }
    };
}

impl OptId for Opt {
    const HELP: Opt = Opt::Help;
}

req_options! {
    section "General" {
        Help "help" None [all("Display this summary")] => |s, a| {
            console::eprint(help_text(a.prog, REQ_OPTIONS));
            return Ok(Next::Exit);
        };
        Cipher "cipher" Str [since(V3_5, "Specify the cipher for private key encryption")]
            => |s, a| s.set_cipher(a)?;
        // Absent without the ENGINE API: in a no-engine 3.x build and in 4.0,
        // which removed engines.
        #[cfg(engines)]
        Engine "engine" Str [all("Use engine, possibly a hardware device")]
            => |s, a| s.engine = crate::engine::setup(&a.word());
        #[cfg(engines)]
        KeygenEngine "keygen_engine" Str [all("Specify engine to be used for key generation operations")]
            => |s, a| s.set_keygen_engine(a)?;
        In "in" InFile [all("X.509 request input file (default stdin)")]
            => |s, a| s.infile = Some(a.word());
        Inform "inform" PemDer [
            until(V3_1, "Input format - DER or PEM"),
            since(V3_2, "CSR input format to use (PEM or DER; by default try PEM first)"),
        ] => |s, a| s.informat = Some(a.format(Accept::PemDer)?);
        Verify "verify" None [all("Verify self-signature on the request")]
            => |s, a| s.verify = true;
    }

    section "Certificate" {
        New "new" None [all("New request")] => |s, a| s.new_request = true;
        Config "config" InFile [all("Request template file")]
            => |s, a| s.template = Some(a.word());
        Section "section" Str [all("Config section to use (default \"req\")")]
            => |s, a| s.section = a.word();
        Utf8 "utf8" None [all("Input characters are UTF8 (default ASCII)")]
            => |s, a| s.chtype = crate::ffi::sys::MBSTRING_UTF8;
        Nameopt "nameopt" Str [all("Certificate subject/issuer name printing options")]
            => |s, a| s.set_nameopt(a)?;
        Reqopt "reqopt" Str [all("Various request text options")]
            => |s, a| s.set_reqopt(a)?;
        Text "text" None [all("Text form of request")] => |s, a| s.text = true;
        X509 "x509" None [all("Output an X.509 certificate structure instead of a cert request")]
            => |s, a| s.make_cert = true;
        X509v1 "x509v1" None [since(V3_2, "Request cert generation with X.509 version 1")]
            => |s, a| {
                s.x509v1 = true;
                s.make_cert = true;
            };
        Ca "CA" InFile [all("Issuer cert to use for signing a cert, implies -x509")]
            => |s, a| {
                s.ca_file = Some(a.word());
                s.make_cert = true;
            };
        CaKey "CAkey" Str [all("Issuer private key to use with -CA; default is -CA arg")]
            more "(Required by some CA's)"
            => |s, a| s.ca_key_file = Some(a.word());
        Subj "subj" Str [all("Set or modify subject of request or cert")]
            => |s, a| s.subj = Some(a.word());
        Subject "subject" None [all("Print the subject of the output request or cert")]
            => |s, a| s.subject = true;
        // Only 1.1.1 reads it: 3.0's multi-valued RDNs are always on.
        MultivalueRdn "multivalue-rdn" None [all("Deprecated; multi-valued RDNs support is always on.")]
            => |s, a| s.multirdn = true;
        NotBefore "not_before" Str [since(V3_4, "[CC]YYMMDDHHMMSSZ value for notBefore certificate field")]
            => |s, a| s.not_before = Some(a.word());
        NotAfter "not_after" Str [since(V3_4, "[CC]YYMMDDHHMMSSZ value for notAfter certificate field, overrides -days")]
            => |s, a| s.not_after = Some(a.word());
        Days "days" PosInt [
            until(V3_3, "Number of days cert is valid for"),
            since(V3_4, "Number of days certificate is valid for"),
        ] => |s, a| s.set_days(a)?;
        SetSerial "set_serial" Str [all("Serial number to use")]
            => |s, a| s.set_serial(a)?;
        CopyExtensions "copy_extensions" Str [all("copy extensions from request when using -x509")]
            => |s, a| s.set_copy_extensions(a)?;
        // 3.2 made -reqexts an alias of -extensions and listed both before
        // -addext.
        @moved Addext (V3_0, V3_1);
        Extensions "extensions" Str [
            until(V3_1, "Cert extension section (override value in config file)"),
            since(V3_2, "Cert or request extension section (override value in config file)"),
        ] => |s, a| s.set_extensions(a);
        Reqexts "reqexts" Str [
            until(V3_1, "Request extension section (override value in config file)"),
            since(V3_2, "An alias for -extensions"),
        ] => |s, a| s.set_req_exts(a);
        Addext "addext" Str [all("Additional cert extension key=value pair (may be given more than once)")]
            => |s, a| s.add_ext(a)?;
        Precert "precert" None [
            until(V3_1, "Add a poison extension to the generated cert (implies -new)"),
            since(V3_2, "Add a poison extension to generated cert (implies -new)"),
        ] => |s, a| {
            s.new_request = true;
            s.precert = true;
        };
    }

    section "Keys and Signing" {
        Key "key" Str [all("Key for signing, and to include unless -in given")]
            => |s, a| s.keyfile = Some(a.word());
        Keyform "keyform" Format [
            until(V3_6, "Key file format (ENGINE, other values ignored)"),
            since(V4_0, "Key file format (DER/PEM)"),
        ] => |s, a| s.keyform = Some(a.format(Accept::Any)?);
        Pubkey "pubkey" None [all("Output public key")] => |s, a| s.pubkey = true;
        Keyout "keyout" OutFile [all("File to write private key to")]
            => |s, a| s.keyout = Some(a.word());
        Passin "passin" Str [all("Private key and certificate password source")]
            => |s, a| s.passin_source = Some(a.word());
        Passout "passout" Str [all("Output file pass phrase source")]
            => |s, a| s.passout_source = Some(a.word());
        Newkey "newkey" Str [all("Generate new key with [<alg>:]<nbits> or <alg>[:<file>] or param:<file>")]
            => |s, a| {
                s.keyalg = Some(a.word());
                s.new_request = true;
            };
        Pkeyopt "pkeyopt" Str [all("Public key options as opt:value")]
            => |s, a| s.pkeyopts.push(a.word());
        Sigopt "sigopt" Str [all("Signature parameter in n:v form")]
            => |s, a| s.sigopts.push(a.word());
        Vfyopt "vfyopt" Str [all("Verification parameter in n:v form")]
            => |s, a| s.vfyopts.push(a.word());
        // The catch-all row: any unknown `-name` is a digest name.
        Md "" None [all("Any supported digest")] => |s, a| s.digest = a.given.clone();
    }

    section "Output" {
        Out "out" OutFile [all("Output file")] => |s, a| s.outfile = Some(a.word());
        Outform "outform" PemDer [all("Output format - DER or PEM")]
            => |s, a| s.outformat = a.format(Accept::PemDer)?;
        Batch "batch" None [all("Do not ask anything during request generation")]
            => |s, a| s.batch = true;
        Verbose "verbose" None [all("Verbose output")] => |s, a| {
            s.verbose = true;
            s.progress = true;
        };
        Quiet "quiet" None [since(V3_2, "Terse output")] => |s, a| {
            s.verbose = false;
            s.progress = false;
        };
        Noenc "noenc" None [all("Don't encrypt private keys")] => |s, a| s.noenc = true;
        Nodes "nodes" None [all("Don't encrypt private keys; deprecated")] => |s, a| s.noenc = true;
        Noout "noout" None [all("Do not output REQ")] => |s, a| s.noout = true;
        Newhdr "newhdr" None [all("Output \"NEW\" in the header lines")] => |s, a| s.newhdr = true;
        Modulus "modulus" None [all("RSA modulus")] => |s, a| s.modulus = true;
    }

    section "Random state" {
        Rand "rand" Str [all("Load the given file(s) into the random number generator")]
            => |s, a| s.rand_files.push(a.word());
        Writerand "writerand" OutFile [all("Write random data to the specified file")]
            => |s, a| s.writerand = Some(a.word());
    }

    // Providers are loaded as the option is seen (opt_provider). 1.1.1 has
    // no providers (and no such options).
    section "Provider" {
        #[cfg(ossl3)]
        ProviderPath "provider-path" Str [all("Provider load path (must be before 'provider' argument if required)")]
            => |s, a| providers::apply(a.prog, Opt::ProviderPath, &a.word())?;
        #[cfg(ossl3)]
        Provider "provider" Str [all("Provider to load (can be specified multiple times)")]
            => |s, a| providers::apply(a.prog, Opt::Provider, &a.word())?;
        #[cfg(ossl3)]
        Provparam "provparam" Str [since(V3_5, "Set a provider key-value parameter")]
            => |s, a| providers::apply(a.prog, Opt::Provparam, &a.word())?;
        #[cfg(ossl3)]
        Propquery "propquery" Str [all("Property query used when fetching algorithms")]
            => |s, a| providers::apply(a.prog, Opt::Propquery, &a.word())?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::LINE;
    use crate::options::{Row, rows};

    fn names() -> Vec<&'static str> {
        rows(REQ_OPTIONS)
            .filter_map(|row| match row {
                Row::Opt { name, .. } => Some(name),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn addext_stands_where_this_line_lists_it() {
        let names = names();
        let at = |n: &str| names.iter().position(|&m| m == n);
        let (addext, extensions) = (at("addext"), at("extensions"));
        assert!(addext.is_some() && extensions.is_some(), "{names:?}");
        // 3.2 moved -addext from before -extensions to after -reqexts.
        assert_eq!(addext < extensions, LINE.line() < V3_2, "{names:?}");
    }

    #[test]
    fn each_option_has_one_row_on_this_line() {
        let mut names = names();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all);
    }
}

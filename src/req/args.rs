//! The variables of `req_main` as its option loop leaves them, with their
//! defaults, and the longer pieces of the options' set code (the options
//! themselves, and which of these each calls, are in src/req/options.rs).
//! The checks are the ones openssl makes while parsing, so the first bad
//! option stops the run with openssl's message, and later options are
//! never looked at.

use super::options::Arg;
use crate::engine;
use crate::failure::Failure;
use crate::ffi::{Cipher, sys};
use crate::line::{AddextCheck, LINE};
use crate::options::Format;
use crate::print_opts;
use crate::text::is_c_space;
use std::collections::HashSet;
use std::ffi::CString;

/// `-copy_extensions`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ExtCopy {
    None,
    Copy,
    CopyAll,
}

/// What the option loop produced.
pub struct Settings {
    /// `-cipher` (3.5); None is the line's default cipher.
    pub cipher: Option<Cipher>,
    pub informat: Option<Format>,
    pub outformat: Format,
    pub keyform: Option<Format>,
    pub engine: Option<engine::Engine>,
    pub keygen_engine: Option<engine::Engine>,
    pub keyfile: Option<Vec<u8>>,
    pub pubkey: bool,
    pub new_request: bool,
    /// `-config`; None means openssl's default file.
    pub template: Option<Vec<u8>>,
    pub section: Vec<u8>,
    pub infile: Option<Vec<u8>>,
    pub outfile: Option<Vec<u8>>,
    pub keyout: Option<Vec<u8>>,
    pub passin_source: Option<Vec<u8>>,
    pub passout_source: Option<Vec<u8>>,
    pub keyalg: Option<Vec<u8>>,
    pub pkeyopts: Vec<Vec<u8>>,
    pub sigopts: Vec<Vec<u8>>,
    pub vfyopts: Vec<Vec<u8>>,
    pub batch: bool,
    pub newhdr: bool,
    pub modulus: bool,
    pub verify: bool,
    pub noenc: bool,
    pub noout: bool,
    pub verbose: bool,
    /// Whether key generation shows its progress (3.2: `-quiet` clears it).
    pub progress: bool,
    pub chtype: i32,
    /// `-nameopt` flags, once one was given (else the line's default,
    /// `Line::default_nameopt`).
    pub nameopt: Option<u64>,
    pub reqflag: u64,
    pub text: bool,
    pub make_cert: bool,
    /// `-x509v1` (3.2).
    pub x509v1: bool,
    pub ca_file: Option<Vec<u8>>,
    pub ca_key_file: Option<Vec<u8>>,
    pub subj: Option<Vec<u8>>,
    /// Whether `-subj` and the prompts read '+' as the start of another
    /// member of a multi-valued RDN: always since 3.0, with
    /// `-multivalue-rdn` on 1.1.1.
    pub multirdn: bool,
    pub subject: bool,
    /// `-days`; None is openssl's UNSET_DAYS.
    pub days: Option<i32>,
    /// `-not_before` and `-not_after` (3.4).
    pub not_before: Option<Vec<u8>>,
    pub not_after: Option<Vec<u8>>,
    pub serial: Option<crate::ffi::x509::Serial>,
    pub ext_copy: Option<ExtCopy>,
    /// The `-addext` values, each followed by "\n", as openssl's memory BIO.
    pub addext: Option<Vec<u8>>,
    addext_keys: HashSet<Vec<u8>>,
    /// `-extensions` and `-reqexts`: two sections in 3.0; since 3.2 both
    /// options set one (`extsect`), kept in both fields.
    pub extensions: Option<Vec<u8>>,
    pub req_exts: Option<Vec<u8>>,
    pub precert: bool,
    pub digest: Option<Vec<u8>>,
    pub rand_files: Vec<Vec<u8>>,
    pub writerand: Option<Vec<u8>>,
}

/// What the loop should do after an option.
pub enum Next {
    Continue,
    /// `-help` was printed: end successfully.
    Exit,
}

impl Settings {
    pub fn new() -> Settings {
        Settings {
            cipher: None,
            informat: None,
            outformat: Format::Pem,
            keyform: None,
            engine: None,
            keygen_engine: None,
            keyfile: None,
            pubkey: false,
            new_request: false,
            template: None,
            section: b"req".to_vec(),
            infile: None,
            outfile: None,
            keyout: None,
            passin_source: None,
            passout_source: None,
            keyalg: None,
            pkeyopts: Vec::new(),
            sigopts: Vec::new(),
            vfyopts: Vec::new(),
            batch: false,
            newhdr: false,
            modulus: false,
            verify: false,
            noenc: false,
            noout: false,
            verbose: false,
            progress: true,
            chtype: sys::MBSTRING_ASC,
            nameopt: None,
            reqflag: 0,
            text: false,
            make_cert: false,
            x509v1: false,
            ca_file: None,
            ca_key_file: None,
            subj: None,
            multirdn: LINE.multivalue_rdns_always(),
            subject: false,
            days: None,
            not_before: None,
            not_after: None,
            serial: None,
            ext_copy: None,
            addext: None,
            addext_keys: HashSet::new(),
            extensions: None,
            req_exts: None,
            precert: false,
            digest: None,
            rand_files: Vec::new(),
            writerand: None,
        }
    }

    /// `-cipher` (3.5).
    pub fn set_cipher(&mut self, a: &Arg) -> Result<(), Failure> {
        let name = a.word();
        match Cipher::by_name(&name) {
            Some(c) => self.cipher = Some(c),
            None => return Err(a.usage(crate::text!("Unknown cipher: ", name, "\n"))),
        }
        Ok(())
    }

    /// `-keygen_engine`: unlike `-engine`, an engine that cannot be set up
    /// ends the run.
    #[cfg(engines)]
    pub fn set_keygen_engine(&mut self, a: &Arg) -> Result<(), Failure> {
        self.keygen_engine = engine::keygen(&a.word());
        if self.keygen_engine.is_none() {
            // openssl prints its own argv[0] here, which is "req".
            return Err(a.usage(format!("Can't find keygen engine {}\n", a.prog)));
        }
        Ok(())
    }

    /// The digest row (`-sha256`, any unknown option): 3.0 keeps the name
    /// for later; 1.1.1 looks it up at once (`opt_md`), so an unknown one
    /// ends the option loop there.
    pub fn set_digest(&mut self, a: &Arg) -> Result<(), Failure> {
        if LINE.digests_looked_up_when_named() {
            check_digest(a.prog, a.given.as_deref())?;
        }
        self.digest = a.given.clone();
        Ok(())
    }

    /// `-rand`: 3.0 loads the files after the options (`app_RAND_load`);
    /// 1.1.1 as the option is parsed (`opt_rand`), a failure ending the
    /// run there, without the usage line.
    pub fn add_rand_files(&mut self, a: &Arg) -> Result<(), Failure> {
        if LINE.rand_files_loaded_when_named() {
            crate::rand::load_files(&[a.word()])
        } else {
            self.rand_files.push(a.word());
            Ok(())
        }
    }

    /// `-nameopt`: each one adds to the flags (`set_nameopt`).
    pub fn set_nameopt(&mut self, a: &Arg) -> Result<(), Failure> {
        let mut flags = self.nameopt.unwrap_or(0);
        if !print_opts::set_name_ex(&mut flags, &a.word()) {
            return Err(a.usage(b""));
        }
        self.nameopt = Some(flags);
        Ok(())
    }

    /// `-reqopt` (`set_cert_ex`).
    pub fn set_reqopt(&mut self, a: &Arg) -> Result<(), Failure> {
        if !print_opts::set_cert_ex(&mut self.reqflag, &a.word()) {
            return Err(a.usage(b""));
        }
        Ok(())
    }

    /// `-days`: the grammar already made it a positive int; openssl then
    /// re-reads it with atoi, which reads "0x10" as 0: on 1.1.1 the value
    /// of no `-days` at all.
    pub fn set_days(&mut self, a: &Arg) -> Result<(), Failure> {
        let days = crate::ffi::number::atoi(&a.word());
        if days == 0 && LINE.days_zero_is_unset() {
            self.days = None;
            return Ok(());
        }
        if days < -1 {
            return Err(Failure::msg(format!(
                "{}: -days parameter arg must be >= -1\n",
                a.prog
            )));
        }
        self.days = Some(days);
        Ok(())
    }

    /// `-set_serial`, at most once.
    pub fn set_serial(&mut self, a: &Arg) -> Result<(), Failure> {
        if self.serial.is_some() {
            return Err(a.usage(b"Serial number supplied twice\n"));
        }
        match crate::ffi::x509::Serial::parse(&a.word()) {
            Some(s) => self.serial = Some(s),
            None => return Err(a.usage(b"")),
        }
        Ok(())
    }

    /// `-copy_extensions` (`set_ext_copy` of apps/lib/apps.c).
    pub fn set_copy_extensions(&mut self, a: &Arg) -> Result<(), Failure> {
        let v = a.word();
        self.ext_copy = Some(match v.to_ascii_lowercase().as_slice() {
            b"none" => ExtCopy::None,
            b"copy" => ExtCopy::Copy,
            b"copyall" => ExtCopy::CopyAll,
            _ => {
                return Err(Failure::msg(crate::text!(
                    "Invalid extension copy option: \"",
                    v,
                    "\"\n"
                )));
            }
        });
        Ok(())
    }

    /// `-addext`: checked, then appended to the memory BIO's text.
    pub fn add_ext(&mut self, a: &Arg) -> Result<(), Failure> {
        let v = a.word();
        self.check_addext(a.prog, &v)?;
        let buf = self.addext.get_or_insert_with(Vec::new);
        buf.extend_from_slice(&v);
        buf.push(b'\n');
        Ok(())
    }

    /// `-extensions`: since 3.2 the one section both options set.
    pub fn set_extensions(&mut self, a: &Arg) {
        if LINE.one_extension_section() {
            self.req_exts = Some(a.word());
        }
        self.extensions = Some(a.word());
    }

    /// `-reqexts`: since 3.2 an alias of `-extensions`.
    pub fn set_req_exts(&mut self, a: &Arg) {
        if LINE.one_extension_section() {
            self.extensions = Some(a.word());
        }
        self.req_exts = Some(a.word());
    }

    /// `duplicated()` of apps/req.c and what req_main makes of its answer.
    fn check_addext(&mut self, prog: &str, kv: &[u8]) -> Result<(), Failure> {
        match (self.addext_key(kv), LINE.addext_check()) {
            (Ok(key), _) if self.addext_keys.insert(key.clone()) => Ok(()),
            // 1.1.1 only shows the usage line (`goto opthelp`).
            (_, AddextCheck::UsageOnly) => Err(Failure::usage(prog, b"")),
            // 3.0 answers every problem the same way, through the usage line.
            (_, AddextCheck::DuplicateOnly) => Err(Failure::usage(
                prog,
                crate::text!("Duplicate extension: ", kv, "\n"),
            )),
            // 3.2 and 3.3 show a duplicate the usage line (`goto opthelp`)...
            (Ok(key), AddextCheck::ParseErrorsDuplicateUsage) => Err(Failure::usage(
                prog,
                crate::text!("Duplicate extension name: ", key, "\n"),
            )),
            // ... since 3.4 the run ends (`goto end`) without it.
            (Ok(key), AddextCheck::ParseErrors) => Err(Failure::msg(crate::text!(
                "Duplicate extension name: ",
                key,
                "\n"
            ))),
            // A malformed one has always ended without it since 3.2.
            (Err(message), _) => Err(Failure::msg(message)),
        }
    }

    /// The key of `key=value` without surrounding blanks, or what is wrong
    /// with it (3.2's texts; 3.0 only knew that something was).
    fn addext_key(&self, kv: &[u8]) -> Result<Vec<u8>, &'static str> {
        let start = kv.iter().position(|c| !is_c_space(c)).unwrap_or(kv.len());
        let kv = &kv[start..];
        let Some(eq) = kv.iter().position(|&c| c == b'=') else {
            return Err("Parse error on -addext: missing '='\n");
        };
        let key = &kv[..eq];
        let end = key
            .iter()
            .rposition(|c| !is_c_space(c))
            .map_or(0, |i| i + 1);
        if end == 0 {
            return Err("Parse error on -addext: missing key\n");
        }
        Ok(key[..end].to_vec())
    }

    /// `-section` as a C string for config lookups.
    pub fn section_c(&self) -> CString {
        CString::new(self.section.clone()).unwrap_or_default()
    }
}

/// `opt_md(name)` where 1.1.1 calls it as a name is read (the digest
/// row, the config's `default_md`): an unknown name is "Unrecognized
/// flag", then the usage line. A bare "-" before any unknown option hands
/// over no name at all, which openssl prints as "<NULL>".
pub fn check_digest(prog: &str, name: Option<&[u8]>) -> Result<(), Failure> {
    let known =
        name.is_some_and(|n| crate::line::strategy::digest::is_known(&crate::ffi::c_text(n)));
    if known {
        return Ok(());
    }
    if LINE.unknown_digest_clears_errors() {
        crate::ffi::err::clear();
    }
    let name = name.unwrap_or(LINE.null_string().as_bytes());
    Err(Failure::usage(
        prog,
        crate::text!(prog, LINE.unknown_digest_text(), name, "\n"),
    ))
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_extension_keys_ignore_blanks() {
        let mut s = Settings::new();
        assert!(s.check_addext("req", b"subjectAltName=DNS:a").is_ok());
        assert!(s.check_addext("req", b"  subjectAltName  = DNS:b").is_err());
        assert!(
            s.check_addext("req", b"keyUsage=critical,digitalSignature")
                .is_ok()
        );
    }

    #[test]
    fn malformed_extensions_are_named() {
        let s = Settings::new();
        assert_eq!(
            s.addext_key(b"noequals"),
            Err("Parse error on -addext: missing '='\n")
        );
        assert_eq!(
            s.addext_key(b"   "),
            Err("Parse error on -addext: missing '='\n")
        );
        assert_eq!(
            s.addext_key(b" =value"),
            Err("Parse error on -addext: missing key\n")
        );
        assert_eq!(s.addext_key(b" a b = c"), Ok(b"a b".to_vec()));
    }
}

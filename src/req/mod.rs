//! `req_main` of apps/req.c, step by step and in openssl's order: the
//! option loop, configuration, the key (loaded or generated and written
//! out), the request (prompted, from `-subj` or read from `-in`), the
//! optional certificate, and the outputs.
//!
//! Every step returns a `Failure` instead of printing; `main` prints it.
//! The order of the steps is part of the behaviour: which error a user
//! sees first, and which files exist when it happens.

pub mod args;
mod cert;
pub mod options;

use crate::config;
use crate::console;
use crate::dn_prompt::DnTemplate;
use crate::failure::{Failure, Result};
use crate::ffi::conf::ConfValue;
use crate::ffi::ext::ExtCtx;
use crate::ffi::name::NameExt;
use crate::ffi::pkey::{self, KeyRef};
use crate::ffi::req::ReqExt;
use crate::ffi::sign::{self, SignError};
use crate::ffi::ui::Secret;
use crate::ffi::{Bio, Cipher, Conf, c_text, err, sys};
use crate::line::{ExtStep, LINE, strategy};
use crate::newkey::{self, KeyKind};
use crate::options::{Format, Parser};
use crate::output::{Mode, OutputFile, Outputs};
use crate::print_opts::{XN_FLAG_COMPAT, XN_FLAG_SEP_MASK, XN_FLAG_SEP_MULTILINE};
use crate::subject;
use crate::text;
use args::{ExtCopy, Next, Settings};
use openssl::pkey::{PKey, Private};
use openssl::x509::{X509, X509Name, X509NameRef, X509Req};
use std::ffi::{CStr, CString};

const DEFAULT_KEY_LENGTH: i64 = 2048;
const MIN_KEY_LENGTH: i64 = 512;
const OPENSSL_RSA_MAX_MODULUS_BITS: i64 = 16384;
const OPENSSL_DSA_MAX_MODULUS_BITS: i64 = 10000;

/// The name openssl gives the command in its messages (`opt_getprog`).
pub const PROG: &str = "req";

/// `req_main(argc, argv)` without argv[0]; then `app_RAND_write` as
/// openssl's `main` does after every command, whatever the outcome. Only
/// when both succeeded are the output files moved into place: a run that
/// exits 1 changes no file (the random-state file aside).
pub fn run(args: &[Vec<u8>]) -> Result<()> {
    let mut rand = crate::rand::RandState::default();
    let result = req_main(args, &mut rand);
    // req_main's `end:` prints its failure before main() saves the random
    // state, whose own complaint then comes last.
    if let Err(f) = &result {
        f.print();
    }
    let mut outputs = match result {
        Ok(outputs) => outputs,
        Err(_) => {
            // A failed run still saves the random state, as openssl's main does.
            return rand.write().and(Err(Failure::silent()));
        }
    };
    // The random state is normally saved before the outputs are committed,
    // so that failing to save it leaves every file as it was. Only when it
    // is saved over one of the outputs (`-writerand r.pem -out r.pem`) must
    // it come last, as in openssl, to leave the same file behind.
    let overwrites_output = match (rand.save_file.as_deref(), outputs.as_mut()) {
        (Some(f), Some(o)) => o.stages_linked(f),
        _ => false,
    };
    if !overwrites_output {
        rand.write()?;
    }
    // What went to stdout must have arrived too (openssl leaves this to
    // exit(), which ignores a full disk or a closed pipe).
    if !console::flush_stdout() {
        return Err(Failure::msg(text!(
            PROG,
            ": Error writing to standard output: ",
            crate::ffi::stdio::Errno::last().text(),
            "\n"
        )));
    }
    if let Some(o) = outputs {
        o.commit()?;
    }
    if overwrites_output {
        rand.write()?;
    }
    Ok(())
}

/// The run itself, in the order of req.c's `req_main`; on success, the
/// outputs still to be committed (None when `-help` ended it before
/// anything was opened).
fn req_main(args: &[Vec<u8>], rand: &mut crate::rand::RandState) -> Result<Option<Outputs>> {
    let Some(s) = parse_options(args, rand)? else {
        return Ok(None);
    };
    let mut run = Run::configure(s)?;
    let mut outputs = Outputs::new(PROG);
    run.key(rand, &mut outputs)?;
    let fsubj = run.subject()?;
    let read = run.read_request(&mut outputs)?;
    let issuer = run.issuer(&mut outputs)?;
    let (req, cert) = run.make(read, &issuer, fsubj.as_deref())?;
    run.finish(outputs, req, cert.as_ref(), fsubj.as_deref())
}

/// What the phases of one run share: req_main's variables from the
/// options, the configuration and the key on.
struct Run {
    s: Settings,
    conf: Conf,
    /// The section of the config req reads (`-section`, "req").
    section: CString,
    /// The `-addext` extensions as a config of their own.
    addext: Option<Conf>,
    digest: Option<CString>,
    /// The extension section for a certificate (`extensions`), and for a
    /// request (`req_exts`).
    extensions: Option<CString>,
    req_exts: Option<CString>,
    passin: Option<Secret>,
    passout: Option<Secret>,
    pkey: Option<PKey<Private>>,
    keyout: Option<Vec<u8>>,
}

/// The option loop of `req_main`, and its checks of what the options
/// combine to (the warnings about options `-x509` alone uses, `-x509`
/// implying `-new`). None: `-help` ended the run.
fn parse_options(args: &[Vec<u8>], rand: &mut crate::rand::RandState) -> Result<Option<Settings>> {
    let mut s = Settings::new();
    let mut parser = Parser::new(PROG, options::REQ_OPTIONS, args);
    while let Some(p) = parser.next_opt().map_err(|m| Failure::usage(PROG, m))? {
        let next = s.apply(PROG, p)?;
        // -writerand takes effect as it is parsed: openssl's main writes
        // the file at exit even when a later option fails.
        rand.save_file.clone_from(&s.writerand);
        if let Next::Exit = next {
            return Ok(None);
        }
    }
    parser
        .check_no_rest()
        .map_err(|m| Failure::usage(PROG, m))?;
    crate::rand::load_files(&s.rand_files)?;

    if !s.make_cert {
        let ignoring = |what: &str| {
            console::eprint(text!(
                LINE.ignoring_prefix(),
                "Ignoring ",
                what,
                LINE.ignoring_without_x509(),
                "; not generating a certificate\n"
            ))
        };
        if s.days.is_some() {
            ignoring("-days");
        }
        if s.not_before.is_some() {
            ignoring("-not_before");
        }
        if s.not_after.is_some() {
            ignoring("-not_after");
        }
        if s.ext_copy == Some(ExtCopy::None) {
            console::eprint(text!(
                LINE.ignoring_prefix(),
                "Ignoring -copy_extensions 'none' when -x509 is not given\n"
            ));
        }
    }
    if s.infile.is_none() {
        if s.make_cert {
            s.new_request = true;
        } else if !s.new_request
            && LINE.warns_of_request_from_stdin()
            && (!LINE.stdin_warning_only_on_terminal() || console::stdin_is_terminal())
        {
            console::eprint(
                "Warning: Will read cert request from stdin since no -in option is given\n",
            );
        }
    }
    Ok(Some(s))
}

impl Run {
    /// From `app_passwd` to the extension sections: the pass phrases, the
    /// config (`app_load_config`, `-addext`'s `NCONF_load_bio`, the OIDs)
    /// and what req_main takes from it.
    fn configure(mut s: Settings) -> Result<Run> {
        let (passin, passout) =
            crate::passwd::app_passwd(s.passin_source.as_deref(), s.passout_source.as_deref())
                .map_err(|f| f.then("Error getting passwords\n"))?;
        // Our copies of `-passin pass:...` are no longer needed.
        for arg in [&mut s.passin_source, &mut s.passout_source]
            .into_iter()
            .flatten()
        {
            crate::ffi::cleanse(arg);
        }

        let conf = match s.template.as_deref() {
            Some(template) => config::load_file(PROG, &c_text(template), s.verbose)?,
            None => config::load_default(PROG, s.verbose)?,
        };
        let addext = match &s.addext {
            Some(text) => {
                if s.verbose {
                    console::eprint(LINE.addext_config_note());
                }
                let bio = Bio::mem_with(text).ok_or_else(Failure::silent)?;
                Some(config::load_bio(PROG, &bio, None)?)
            }
            None => None,
        };
        if s.template.is_some() {
            config::load_modules(&conf)?;
        }
        config::load_oid_file(&conf, s.verbose);
        config::add_oid_section(&conf)?;

        let section = s.section_c();
        let mut run = Run {
            s,
            conf,
            section,
            addext,
            digest: None,
            extensions: None,
            req_exts: None,
            passin,
            passout,
            pkey: None,
            keyout: None,
        };
        run.digest = run.digest()?;
        run.extension_sections()?;
        run.settings_from_config()?;
        Ok(run)
    }

    fn sect(&self) -> Option<&CStr> {
        Some(self.section.as_c_str())
    }

    /// `-digest`, checked, or the config's `default_md` (which 1.1.1
    /// checks as it reads it).
    fn digest(&self) -> Result<Option<CString>> {
        Ok(match &self.s.digest {
            Some(d) => {
                args::check_digest(PROG, Some(d))?;
                Some(c_text(d))
            }
            None => {
                let d = self.conf.string(self.sect(), "default_md");
                if let Some(d) = &d
                    && LINE.digests_looked_up_when_named()
                {
                    args::check_digest(PROG, Some(d.to_bytes()))?;
                }
                d
            }
        })
    }

    /// The extension sections: 3.0 keeps one for certificates and one for
    /// requests and checks both; since 3.2 one section (`extsect`) serves
    /// whatever is made, and only it is checked. 3.0's request section is
    /// looked up and checked later (`request_section_of_3_0`).
    fn extension_sections(&mut self) -> Result<()> {
        let (s, conf, sect) = (&self.s, &self.conf, Some(self.section.as_c_str()));
        let (ext_section, what) = if LINE.one_extension_section() {
            let extsect = s.extensions.as_deref().map(c_text).or_else(|| {
                if s.make_cert && s.x509v1 && LINE.x509v1_skips_config_extensions() {
                    None
                } else if s.make_cert {
                    conf.string(sect, "x509_extensions")
                } else {
                    conf.string(sect, "req_extensions")
                }
            });
            let step = if s.make_cert {
                ExtStep::CheckCert
            } else {
                ExtStep::CheckRequest
            };
            (extsect, step)
        } else {
            let extensions = s
                .extensions
                .as_deref()
                .map(c_text)
                .or_else(|| conf.string(sect, "x509_extensions"));
            (extensions, ExtStep::CheckCert)
        };
        if let Some(ext) = &ext_section
            && !ExtCtx::test(conf).check(conf, ext)
        {
            return Err(Failure::msg(text!(LINE.extension_error(what), ext, "\n")));
        }
        // The database that sections named in `-addext` are looked up in.
        let addext_db = match &self.addext {
            Some(add) if !LINE.addext_checked_against_config() => add,
            _ => conf,
        };
        if let Some(add) = &self.addext
            && !ExtCtx::test(addext_db).check(add, c"default")
        {
            return Err(Failure::msg(LINE.addext_check_error()));
        }
        if LINE.one_extension_section() && !s.make_cert {
            self.req_exts = ext_section;
        } else {
            self.extensions = ext_section;
        }
        Ok(())
    }

    /// The pass phrases, string mask and `utf8` of the config, then 3.0's
    /// request extension section.
    fn settings_from_config(&mut self) -> Result<()> {
        let (conf, sect) = (&self.conf, Some(self.section.as_c_str()));
        if self.passin.is_none() {
            self.passin = conf
                .string(sect, "input_password")
                .map(Secret::from_cstring);
        }
        if self.passout.is_none() {
            self.passout = conf
                .string(sect, "output_password")
                .map(Secret::from_cstring);
        }
        if let Some(mask) = conf.string(sect, "string_mask")
            && !crate::ffi::library_state::set_default_string_mask(&mask)
        {
            return Err(Failure::msg(text!(
                "Invalid global string mask setting ",
                mask,
                "\n"
            )));
        }
        if self.s.chtype != sys::MBSTRING_UTF8
            && conf
                .string(sect, "utf8")
                .is_some_and(|u| u.as_bytes() == b"yes")
        {
            self.s.chtype = sys::MBSTRING_UTF8;
        }
        if !LINE.one_extension_section() {
            let req_exts = self
                .s
                .req_exts
                .as_deref()
                .map(c_text)
                .or_else(|| conf.string(sect, "req_extensions"));
            if let Some(ext) = &req_exts
                && !ExtCtx::test(conf).check(conf, ext)
            {
                return Err(Failure::msg(text!(
                    LINE.extension_error(ExtStep::CheckRequest),
                    ext,
                    "\n"
                )));
            }
            self.req_exts = req_exts;
        }
        Ok(())
    }

    fn passin(&self) -> Option<&CStr> {
        self.passin.as_ref().map(Secret::as_cstr)
    }

    /// The key: `-key` loaded (`load_key`), or one generated for `-new`
    /// (`set_keygen_ctx`, `EVP_PKEY_keygen`), written to `-keyout` or the
    /// config's `default_keyfile`.
    fn key(&mut self, rand: &mut crate::rand::RandState, outputs: &mut Outputs) -> Result<()> {
        let s = &self.s;
        if let Some(keyfile) = &s.keyfile {
            self.pkey = Some(strategy::load::key(
                s.engine.as_ref(),
                keyfile,
                None,
                s.keyform,
                self.passin(),
                LINE.private_key_desc(),
            )?);
            rand.load_conf(&self.conf, &self.section);
        }
        if s.keyalg.is_some() && self.pkey.is_some() && LINE.warns_about_unused_options() {
            console::eprint(
                "Warning: Not generating key via given -newkey option since -key is given\n",
            );
        }
        let generated = s.new_request && self.pkey.is_none();
        if s.new_request && self.pkey.is_none() {
            rand.load_conf(&self.conf, &self.section);
            let misses = if LINE.default_bits_miss_stays_queued() {
                crate::ffi::err::Leftovers::Keep
            } else {
                config::leftovers()
            };
            let default_bits = self
                .conf
                .number_with(self.sect(), c"default_bits", misses)
                .map_or(DEFAULT_KEY_LENGTH, i64::from);
            self.pkey = Some(generate_key(s, default_bits)?);
        }

        // 1.1.1 writes (and looks for a key file name for) only a key it
        // generated; 3.x also a `-key` given a `-keyout`.
        let only_generated = LINE.writes_only_generated_key();
        self.keyout = s.keyout.clone();
        if self.keyout.is_none() && s.keyfile.is_none() && (generated || !only_generated) {
            self.keyout = self
                .conf
                .string(self.sect(), "default_keyfile")
                .map(CString::into_bytes);
        }
        let write = if only_generated {
            generated
        } else {
            s.keyfile.is_none() || self.keyout.is_some()
        };
        if let Some(key) = &self.pkey
            && write
        {
            write_key(
                s,
                &self.conf,
                self.sect(),
                outputs,
                key,
                self.keyout.as_deref(),
                self.passout.as_ref(),
            )?;
        }
        // The output pass phrase is not needed any more.
        self.passout = None;
        Ok(())
    }

    /// `-subj`, parsed once after the options (3.0); 1.1.1 parses it where
    /// it is used (`parse_subject`, from `make_REQ` and `finish`).
    fn subject(&self) -> Result<Option<X509Name>> {
        if LINE.parses_subject_where_used() {
            return Ok(None);
        }
        parse_subject(&self.s)
    }

    /// Without `-new`: the request of `-in` (`load_csr`).
    fn read_request(&self, outputs: &mut Outputs) -> Result<Option<X509Req>> {
        let s = &self.s;
        if !s.new_request {
            if s.keyfile.is_some() && LINE.warns_about_unused_options() {
                console::eprint(
                    "Warning: Not placing -key in cert or request since request is used\n",
                );
            }
            // Read after the key was written: -in may be that very file.
            let open = s
                .infile
                .as_deref()
                .filter(|f| *f != b"-")
                .and_then(|f| outputs.read_path(f));
            let infile = s.infile.as_deref().map(|f| (f, open.as_deref()));
            return Ok(Some(load_csr(infile, s.informat, &s.vfyopts)?));
        }
        if s.infile.is_some() && LINE.warns_about_unused_options() {
            console::eprint(
                "Warning: Ignoring -in option since -new or -newkey or -precert is given\n",
            );
        }
        Ok(None)
    }

    /// `-CA` and `-CAkey`: the issuer's certificate and key, checked to
    /// match.
    fn issuer(&self, outputs: &mut Outputs) -> Result<(Option<X509>, Option<PKey<Private>>)> {
        let s = &self.s;
        let ca_key_file = s.ca_key_file.clone().or_else(|| s.ca_file.clone());
        let mut ca_key: Option<PKey<Private>> = None;
        if let Some(kf) = &ca_key_file {
            if s.ca_file.is_none() {
                console::eprint("Warning: Ignoring -CAkey option since no -CA option is given\n");
            } else {
                let desc = if s.ca_key_file.is_some() {
                    "issuer private key from -CAkey arg"
                } else {
                    "issuer private key from -CA arg"
                };
                // Like -in, read after the key was written (Outputs::read_uri).
                let open = outputs.read_uri(kf);
                ca_key = Some(strategy::load::key(
                    s.engine.as_ref(),
                    kf,
                    open.as_deref(),
                    None,
                    self.passin(),
                    desc,
                )?);
            }
        }
        let mut ca_cert: Option<X509> = None;
        if let Some(cf) = &s.ca_file {
            let open = outputs.read_uri(cf);
            let cert = strategy::load::cert(
                cf,
                open.as_deref(),
                self.passin(),
                "issuer cert from -CA arg",
            )?;
            use crate::ffi::x509::CertExt;
            if !cert.matches_key(KeyRef::of_opt(ca_key.as_deref())) {
                return Err(Failure::msg("Issuer CA certificate and key do not match\n"));
            }
            ca_cert = Some(cert);
        }
        Ok((ca_cert, ca_key))
    }

    /// With `-new` or `-x509`: the request made (`make_REQ`) unless one
    /// was read, then either the certificate (`X509_new_ex` ...
    /// `do_X509_sign`) or the request's extensions and signature
    /// (`do_X509_REQ_sign`).
    fn make(
        &self,
        read: Option<X509Req>,
        (ca_cert, ca_key): &(Option<X509>, Option<PKey<Private>>),
        fsubj: Option<&X509NameRef>,
    ) -> Result<(X509Req, Option<X509>)> {
        let (s, conf, pkey) = (&self.s, &self.conf, &self.pkey);
        if !(s.new_request || s.make_cert) {
            return read.map(|r| (r, None)).ok_or_else(Failure::silent);
        }
        if ca_cert.is_none() && pkey.is_none() {
            return Err(Failure::msg(LINE.no_signing_key_message()));
        }
        let mut r = match read {
            Some(r) => r,
            None => {
                let mut r = crate::ffi::req::new_request().ok_or_else(Failure::silent)?;
                make_req(
                    s,
                    conf,
                    self.sect(),
                    &mut r,
                    pkey.as_ref(),
                    fsubj,
                    !s.make_cert,
                )
                .map_err(|f| f.then(LINE.request_texts().make_failed))?;
                r
            }
        };
        if s.make_cert {
            if ca_cert.is_some() && s.keyfile.is_some() && LINE.warns_about_unused_options() {
                console::eprint(
                    "Warning: Not using -key or -newkey for signing since -CA option is given\n",
                );
            }
            let issuer = cert::Issuer {
                cert: ca_cert.as_deref(),
                key: match (ca_cert, ca_key, pkey) {
                    (Some(_), Some(k), _) => KeyRef::of(k),
                    (None, _, Some(k)) => KeyRef::of(k),
                    _ => KeyRef::NONE,
                },
                own_key: pkey.as_deref(),
            };
            let params = cert::Params {
                serial: s.serial.as_ref(),
                days: s.days,
                not_before: s.not_before.as_deref(),
                not_after: s.not_after.as_deref(),
                x509v1: s.x509v1,
                // 1.1.1's certificate takes the request's subject, which
                // `-subj` set in make_REQ (or fails to change, in finish).
                subject: fsubj.filter(|_| !LINE.subject_of_read_request_v1()),
                ext_copy: s.ext_copy,
                from_file: s.infile.is_some(),
                extensions: self.extensions.as_deref(),
                addext: self.addext.as_ref(),
                precert: s.precert,
                digest: self.digest.as_deref(),
                sigopts: &s.sigopts,
            };
            let cert = cert::make(&r, conf, &issuer, &params)?;
            return Ok((r, Some(cert)));
        }
        if s.precert && LINE.warns_about_unused_options() {
            console::eprint("Warning: Ignoring -precert flag since no cert is produced\n");
        }
        let mut ctx = ExtCtx::for_request(&r, conf, LINE.request_extensions_replace());
        if let Some(ext) = &self.req_exts
            && !ctx.add_to_request(conf, ext, &r)
        {
            return Err(Failure::msg(text!(
                LINE.extension_error(ExtStep::AddRequest),
                ext,
                "\n"
            )));
        }
        if let Some(add) = &self.addext
            && !ctx.add_to_request(add, c"default", &r)
        {
            return Err(Failure::msg(LINE.addext_add_error(false)));
        }
        let key = KeyRef::of_opt(pkey.as_deref());
        let opts = sign::SigOpts {
            opts: &s.sigopts,
            value_optional: LINE.ctrl_string_passes_colonless(),
        };
        sign::sign_request(&mut r, key, self.digest.as_deref(), &opts)?;
        Ok((r, None))
    }

    /// The end of `req_main`: `-subj` on a request read, `-verify`, then
    /// the output (`-noout`, `-text`, ..., the request or certificate).
    fn finish(
        &self,
        mut outputs: Outputs,
        mut req: X509Req,
        new_cert: Option<&X509>,
        fsubj: Option<&X509NameRef>,
    ) -> Result<Option<Outputs>> {
        let s = &self.s;
        if LINE.subject_of_read_request_v1() {
            self.resubject_v1(&mut req)?;
        } else if let (Some(subj), false, false) = (fsubj, s.new_request, s.make_cert) {
            // openssl writes its -verbose lines here to a BIO that is always
            // NULL at this point, so nothing is printed.
            if !req.set_subject(subj) {
                return Err(Failure::msg(
                    "Error modifying subject of certificate request\n",
                ));
            }
        }

        if s.verify && LINE.verify_v1() {
            if new_cert.is_none() {
                self.verify_v1(&req)?;
            }
        } else if s.verify {
            let key = match &self.pkey {
                Some(k) => KeyRef::of(k),
                None => req.get0_pubkey(),
            };
            if key.is_none() {
                return Err(Failure::silent());
            }
            match sign::verify_request(&req, key, &s.vfyopts) {
                Err(e) => return Err(e.into()),
                // 3.3: a failed verification fails the run.
                Ok(false) if LINE.verify_failure_fails() => {
                    return Err(Failure::msg(
                        "Certificate request self-signature verify failure\n",
                    ));
                }
                Ok(false) => console::eprint("Certificate request self-signature verify failure\n"),
                Ok(true) if LINE.verify_ok_on_stdout() => {
                    console::print_out("Certificate request self-signature verify OK\n")
                }
                Ok(true) => console::eprint("Certificate request self-signature verify OK\n"),
            }
        }

        if s.noout && !s.text && !s.modulus && !s.subject && !s.pubkey {
            return Ok(Some(outputs));
        }

        let same = matches!((&self.keyout, &s.outfile), (Some(k), Some(o)) if k == o);
        let out = outputs.open(
            s.outfile.as_deref().map(c_text).as_deref(),
            if same { Mode::Append } else { Mode::Write },
            s.outformat != Format::Der,
        )?;
        write_outputs(s, &out, &req, new_cert)?;
        outputs.close(out)?;
        Ok(Some(outputs))
    }

    /// 1.1.1's `-subj` on a request that was read (make_REQ clears `subj`
    /// when it made the request): the subject replaced, with `-verbose`
    /// notes; with `-x509` a failure, after the certificate was made.
    fn resubject_v1(&self, req: &mut X509Req) -> Result<()> {
        let s = &self.s;
        if s.subj.is_none() || s.new_request {
            return Ok(());
        }
        if s.make_cert {
            return Err(Failure::msg("Cannot modify certificate subject\n"));
        }
        let nameopt = s.nameopt.unwrap_or(LINE.default_nameopt());
        let note = |title: &[u8], req: &X509Req| {
            if let Some(err) = console::stderr() {
                print_name(err, title, req.subject_name(), nameopt);
            }
        };
        if s.verbose {
            console::eprint("Modifying Request's Subject\n");
            note(b"old subject=", req);
        }
        let subject = parse_subject(s).map_err(|f| f.then("ERROR: cannot modify subject\n"))?;
        if !subject.is_some_and(|n| req.set_subject(&n)) {
            return Err(Failure::msg("ERROR: cannot modify subject\n"));
        }
        if s.verbose {
            note(b"new subject=", req);
        }
        Ok(())
    }

    /// 1.1.1's `-verify` (not for a certificate): "verify OK", or "verify
    /// failure" and the error queue; neither fails the run.
    fn verify_v1(&self, req: &X509Req) -> Result<()> {
        let key = match &self.pkey {
            Some(k) => KeyRef::of(k),
            None => req.get0_pubkey(),
        };
        if key.is_none() {
            return Err(Failure::silent());
        }
        match sign::verify_request(req, key, &[]) {
            Err(_) => return Err(Failure::silent()),
            Ok(false) => {
                console::eprint("verify failure\n");
                console::print_errors();
            }
            Ok(true) => console::eprint("verify OK\n"),
        }
        Ok(())
    }
}

/// `-subj` parsed (`parse_name(subj, chtype, multirdn, "subject")`), with
/// multi-valued RDNs as the line has them.
fn parse_subject(s: &Settings) -> Result<Option<X509Name>> {
    let Some(subj) = &s.subj else {
        return Ok(None);
    };
    Ok(Some(subject::parse_name(
        PROG, subj, s.chtype, s.multirdn, "subject",
    )?))
}

/// The key-generation part of `req_main`.
fn generate_key(s: &Settings, default_bits: i64) -> Result<PKey<Private>> {
    let keygen_ctx = || {
        strategy::keygen::keygen_ctx(s.keyalg.as_deref(), default_bits, s.keygen_engine.as_ref())
    };
    // 1.1.1 makes the default key's context (no -newkey) only after the
    // size checks, which then know no key type and check nothing.
    if s.keyalg.is_none() && !LINE.checks_default_key_size() {
        let spec = keygen_ctx()?;
        apply_pkeyopts(s, &spec)?;
        return newkey::generate(&spec, PROG, s.verbose, s.progress);
    }
    let spec = keygen_ctx()?;
    let bits = spec.bits;
    let kind = spec.kind;
    let rsa = kind == KeyKind::Rsa || (kind == KeyKind::RsaPss && LINE.checks_rsa_pss_key_size());
    if bits < MIN_KEY_LENGTH && (rsa || kind == KeyKind::Dsa) {
        return Err(Failure::msg(LINE.key_too_short(MIN_KEY_LENGTH, bits)));
    }
    if bits > OPENSSL_RSA_MAX_MODULUS_BITS && rsa {
        console::eprint(format!(
            "Warning: It is not recommended to use more than {OPENSSL_RSA_MAX_MODULUS_BITS} bit for RSA keys.\n         Your key size is {bits}! Larger key size may behave not as expected.\n"
        ));
    }
    if kind == KeyKind::Dsa && bits > OPENSSL_DSA_MAX_MODULUS_BITS {
        console::eprint(format!(
            "Warning: It is not recommended to use more than {OPENSSL_DSA_MAX_MODULUS_BITS} bit for DSA keys.\n         Your key size is {bits}! Larger key size may behave not as expected.\n"
        ));
    }
    apply_pkeyopts(s, &spec)?;
    newkey::generate(&spec, PROG, s.verbose, s.progress)
}

/// `-pkeyopt`, each with `pkey_ctrl_string`, in order.
fn apply_pkeyopts(s: &Settings, spec: &newkey::KeySpec) -> Result<()> {
    for opt in &s.pkeyopts {
        if spec
            .ctx
            .ctrl_string(opt, LINE.ctrl_string_passes_colonless())
            <= 0
        {
            return Err(
                Failure::msg(text!(LINE.pkeyopt_error_prefix(), " \"", opt, "\"\n")).then_errors(),
            );
        }
    }
    Ok(())
}

/// Writing the private key: `bio_open_owner`, the encryption choice, the
/// retry loop on pass-phrase problems, then the "-----" line.
fn write_key(
    s: &Settings,
    conf: &Conf,
    sect: Option<&CStr>,
    outputs: &mut Outputs,
    key: &PKey<Private>,
    keyout: Option<&[u8]>,
    passout: Option<&Secret>,
) -> Result<()> {
    if LINE.writes_only_generated_key() {
        console::eprint(match keyout {
            None => text!("writing new private key to stdout\n"),
            Some(k) => text!("writing new private key to '", k, "'\n"),
        });
    } else if s.verbose {
        let note = match keyout {
            None => text!("Writing private key to stdout\n"),
            Some(k) => text!("Writing private key to '", k, "'\n"),
        };
        if LINE.key_written_note_on_stdout() {
            console::print_out(note);
        } else {
            console::eprint(note);
        }
    }
    let out = outputs.open_private(keyout.map(c_text).as_deref(), s.outformat != Format::Der)?;
    let encrypt_setting = conf
        .string(sect, "encrypt_rsa_key")
        .or_else(|| conf.string(sect, "encrypt_key"));
    let encrypt = !s.noenc && encrypt_setting.is_none_or(|p| p.as_bytes() != b"no");
    let cipher = if encrypt {
        // The line's default cipher for a new key (`cipher` in req_main).
        s.cipher
            .or_else(|| Cipher::by_name(LINE.default_key_cipher().to_bytes()))
    } else {
        None
    };
    let pass = passout.map(Secret::as_cstr);
    let mut tries = 0;
    while !pkey::write_private_pem(out.bio(), key, cipher, pass) {
        if err::peek_reason() == sys::PEM_R_PROBLEMS_GETTING_PASSWORD && tries < 3 {
            err::clear();
            tries += 1;
            continue;
        }
        return Err(Failure::silent());
    }
    outputs.close(out)?;
    console::eprint("-----\n");
    Ok(())
}

/// `load_csr_autofmt(infile, informat, vfyopts, "X509 request")` of 3.2:
/// without `-inform`, PEM is tried quietly, then DER; what was read is
/// checked against its self-signature, with a warning only. 3.0 reads the
/// one format (`load_csr`), PEM unless `-inform DER`.
///
/// `infile` is the name given and, where it leads to an output this run
/// has written, the file that holds that output (`Outputs::read_path`).
fn load_csr(
    infile: Option<(&[u8], Option<&CStr>)>,
    format: Option<Format>,
    vfyopts: &[Vec<u8>],
) -> Result<X509Req> {
    const DESC: &str = "X509 request";
    if LINE.csr_read_inline() {
        return read_csr_inline(infile, format.unwrap_or(Format::Pem));
    }
    if !LINE.csr_autoformat() {
        return load_csr_as(infile, format.unwrap_or(Format::Pem), Some(DESC));
    }
    let req = match format {
        Some(f) => load_csr_as(infile, f, Some(DESC))?,
        // The PEM attempt runs with bio_err set to NULL: nothing it says
        // is shown, and its errors are cleared.
        None => match load_csr_as(infile, Format::Pem, None) {
            Ok(r) => r,
            Err(_quiet) => {
                err::clear();
                load_csr_as(infile, Format::Der, None).map_err(|f| {
                    let name = infile.map_or(LINE.null_string().as_bytes(), |(f, _)| f);
                    f.then(text!(
                        "error: unable to load ",
                        DESC,
                        " from file '",
                        name,
                        "'\n"
                    ))
                })?
            }
        },
    };
    let key = req.get0_pubkey();
    let verified = match sign::verify_request(&req, key, vfyopts) {
        Err(SignError::Param(opt)) => {
            // do_x509_req_init reports the option where it fails.
            console::eprint(text!("parameter error \"", opt, "\"\n"));
            console::print_errors();
            None
        }
        Err(SignError::Failed) => None,
        Ok(v) => Some(v),
    };
    match verified {
        _ if key.is_none() => {
            console::eprint("Warning: error while verifying CSR self-signature\n")
        }
        None => console::eprint("Warning: error while verifying CSR self-signature\n"),
        Some(false) => console::eprint("Warning: CSR self-signature does not match the contents\n"),
        Some(true) => {}
    }
    Ok(req)
}

/// 1.1.1's `req_main` reading `-in` itself: `bio_open_default` (whose
/// failure is its own message and the queue), then
/// `PEM_read_bio_X509_REQ` or `d2i_X509_REQ_bio`; no self-signature check.
fn read_csr_inline(infile: Option<(&[u8], Option<&CStr>)>, format: Format) -> Result<X509Req> {
    let input = match infile.filter(|(f, _)| *f != b"-") {
        None => Bio::stdin().ok_or_else(|| {
            let reason = crate::ffi::stdio::Errno::last().text();
            Failure::msg(text!("Can't open stdin, ", reason, "\n")).then_errors()
        })?,
        Some((f, open)) => Bio::file(
            open.unwrap_or(&c_text(f)),
            if format == Format::Der { c"rb" } else { c"r" },
        )
        .ok_or_else(|| {
            let reason = crate::ffi::stdio::Errno::last().text();
            Failure::msg(text!("Can't open ", f, " for reading, ", reason, "\n")).then_errors()
        })?,
    };
    let req = match format {
        Format::Der => crate::ffi::req::read_der(&input),
        _ => crate::ffi::req::read_pem(&input),
    };
    req.ok_or_else(|| Failure::msg("unable to load X509 request\n"))
}

/// `load_csr(file, format, desc)`: one format; `desc` None is the quiet
/// form, which prints no "Unable to load" line.
fn load_csr_as(
    infile: Option<(&[u8], Option<&CStr>)>,
    format: Format,
    desc: Option<&str>,
) -> Result<X509Req> {
    let unable = || {
        desc.map(|d| format!("Unable to load {d}\n"))
            .unwrap_or_default()
    };
    // The error queue comes after "Unable to load" in 3.0, before it since 3.2.
    let finish = |f: Failure| {
        if LINE.csr_errors_before_unable() {
            f.then_errors().then(unable())
        } else {
            f.then(unable()).then_errors()
        }
    };
    let input = match infile.filter(|(f, _)| *f != b"-") {
        None => {
            Bio::stdin().ok_or_else(|| finish(Failure::msg("Can't open stdin\n").then_errors()))?
        }
        Some((f, open)) => Bio::file(
            open.unwrap_or(&c_text(f)),
            if format == Format::Der { c"rb" } else { c"r" },
        )
        .ok_or_else(|| {
            let reason = crate::ffi::stdio::Errno::last().text();
            finish(
                Failure::msg(text!("Can't open \"", f, "\" for reading, ", reason, "\n"))
                    .then_errors(),
            )
        })?,
    };
    let req = match format {
        Format::Der => crate::ffi::req::read_der(&input),
        _ => crate::ffi::req::read_pem(&input),
    };
    req.ok_or_else(|| finish(Failure::silent()))
}

/// `make_REQ`: version, subject (from -subj, the config or prompts), key.
fn make_req(
    s: &Settings,
    conf: &Conf,
    sect: Option<&CStr>,
    req: &mut X509Req,
    key: Option<&PKey<Private>>,
    fsubj: Option<&X509NameRef>,
    attribs: bool,
) -> Result<()> {
    let no_prompt = conf
        .string(sect, "prompt")
        .is_some_and(|p| p.as_bytes() == b"no");
    let texts = LINE.request_texts();
    let section_of = |name: CString| -> Result<(Option<CString>, Option<Vec<ConfValue>>)> {
        match conf.section(&name) {
            Some(values) => Ok((Some(name), Some(values))),
            None => Err(Failure::msg(text!(texts.no_section, name, "' section\n"))),
        }
    };
    let dn_name = if LINE.requires_dn_section() {
        // The miss's "no value" stays on the queue for `end:`.
        let name = conf.required_string(sect, "distinguished_name");
        Some(name.ok_or_else(|| Failure::msg("unable to find 'distinguished_name' in config\n"))?)
    } else {
        conf.string(sect, "distinguished_name")
    };
    let (dn_sect, dn) = match dn_name {
        Some(name) => section_of(name)?,
        None => (None, None),
    };
    let (attr_sect, attrs) = match conf.string(sect, "attributes") {
        Some(name) => section_of(name)?,
        None => (None, None),
    };
    Failure::unless(req.set_version_raw(0))?;
    // 1.1.1's `build_subject`: -subj is parsed only now.
    let parsed = if LINE.parses_subject_where_used() {
        parse_subject(s)?
    } else {
        None
    };
    let fsubj = fsubj.or(parsed.as_deref());
    let template = DnTemplate {
        conf,
        dn_sect,
        dn,
        attr_sect,
        attrs,
        batch: s.batch,
        chtype: s.chtype,
    };
    match fsubj {
        Some(name) if !req.set_subject(name) => return Err(Failure::silent()),
        Some(_) => {}
        None if no_prompt => template.auto(req, attribs)?,
        None => template.prompt(req, attribs)?,
    }
    // With -CA and no -key the request has no key to carry; openssl's
    // X509_REQ_set_pubkey(req, NULL) fails here.
    match key {
        Some(k) if req.set_pubkey(k) => Ok(()),
        _ => Err(Failure::silent()),
    }
}

/// Everything after the output is opened: -pubkey, -text, -subject,
/// -modulus, then the request or certificate itself.
fn write_outputs(s: &Settings, out: &OutputFile, req: &X509Req, cert: Option<&X509>) -> Result<()> {
    use crate::ffi::x509::CertExt;
    let bio = out.bio();
    let nameopt = s.nameopt.unwrap_or(LINE.default_nameopt());
    if s.pubkey {
        let key = req.get0_pubkey();
        if key.is_none() {
            return Err(Failure::msg("Error getting public key\n"));
        }
        pkey::write_public_pem(bio, key);
    }
    if s.text {
        let ok = match cert {
            Some(x) => x.print_ex(bio, nameopt, s.reqflag),
            None => req.print_ex(bio, nameopt, s.reqflag),
        };
        if !ok {
            return Err(Failure::msg(if cert.is_some() {
                "Error printing certificate\n"
            } else {
                "Error printing certificate request\n"
            }));
        }
    }
    if s.subject {
        let name = match cert {
            Some(x) => x.subject_name(),
            None => req.subject_name(),
        };
        print_name(bio, b"subject=", name, nameopt);
    }
    if s.modulus && LINE.modulus_v1() {
        let key = match cert {
            Some(x) => x.get0_pubkey(),
            None => req.get0_pubkey(),
        };
        // fprintf(stdout): C's stdout itself, never the -out file nor the
        // prefix filter.
        if key.is_none() {
            console::print_stdio("Modulus=unavailable\n");
            return Err(Failure::silent());
        }
        console::print_stdio("Modulus=");
        if pkey::ref_is_a(key, "RSA") {
            Failure::unless(pkey::print_modulus(bio, key))?;
        } else {
            console::print_stdio("Wrong Algorithm type");
        }
        console::print_stdio("\n");
    } else if s.modulus {
        let key = match cert {
            Some(x) => x.get0_pubkey(),
            None => req.get0_pubkey(),
        };
        if key.is_none() {
            return Err(Failure::msg("Modulus is unavailable\n"));
        }
        bio.write(b"Modulus=");
        if pkey::ref_is_a(key, "RSA") || pkey::ref_is_a(key, "RSA-PSS") {
            Failure::unless(pkey::print_modulus(bio, key))?;
        } else {
            bio.write(b"Wrong Algorithm type");
        }
        bio.write(b"\n");
    }
    if !s.noout {
        match cert {
            None => {
                let ok = if s.outformat == Format::Der {
                    req.write_der(bio)
                } else {
                    req.write_pem(bio, s.newhdr)
                };
                if !ok {
                    return Err(Failure::msg(LINE.write_error(false)));
                }
            }
            Some(x) => {
                let ok = if s.outformat == Format::Der {
                    x.write_der(bio)
                } else {
                    x.write_pem(bio)
                };
                if !ok {
                    return Err(Failure::msg(LINE.write_error(true)));
                }
            }
        }
    }
    Ok(())
}

/// `print_name(out, title, name)` with the `-nameopt` flags.
pub fn print_name(out: &Bio, title: &[u8], name: &X509NameRef, flags: u64) {
    out.write(title);
    if flags == XN_FLAG_COMPAT {
        out.write(&name.oneline());
        out.write(b"\n");
    } else {
        let multiline = flags & XN_FLAG_SEP_MASK == XN_FLAG_SEP_MULTILINE;
        if multiline {
            out.write(b"\n");
        }
        name.print_ex(out, if multiline { 4 } else { 0 }, flags);
        out.write(b"\n");
    }
}

/// A signing or verifying failure as openssl reports it.
impl From<SignError> for Failure {
    fn from(e: SignError) -> Failure {
        match e {
            SignError::Param(opt) => {
                Failure::msg(text!("parameter error \"", opt, "\"\n")).then_errors()
            }
            SignError::Failed => Failure::silent(),
        }
    }
}

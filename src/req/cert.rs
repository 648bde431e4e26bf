//! `-x509`: turning the request into a certificate, self-signed or signed
//! by `-CA`, as the `gen_x509` branch of `req_main` and `do_X509_sign` in
//! apps/lib/apps.c do it.

use super::args::ExtCopy;
use crate::console;
use crate::failure::{Failure, Result};
use crate::ffi::ext::ExtCtx;
use crate::ffi::pkey::KeyRef;
use crate::ffi::req::ReqExt;
use crate::ffi::sign;
use crate::ffi::x509::{CertExt, Serial, is_valid_time, new_cert};
use crate::ffi::{Conf, err};
use crate::line::{CertVersion, ExtStep, LINE};
use crate::text;
use openssl::pkey::{PKeyRef, Private};
use openssl::x509::{X509, X509NameRef, X509Ref, X509Req};
use std::ffi::{CStr, CString};

/// `DEFAULT_DAYS` of apps/req.c.
const DEFAULT_DAYS: i32 = 30;

/// Who signs: the `-CA` certificate and its key, or the request's own key.
pub struct Issuer<'a> {
    pub cert: Option<&'a X509Ref>,
    /// The signing key (`issuer_key`).
    pub key: KeyRef<'a>,
    /// The request's own key, for the AKID fallback of a self-signed cert.
    pub own_key: Option<&'a PKeyRef<Private>>,
}

/// The settings the certificate is made from.
pub struct Params<'a> {
    pub serial: Option<&'a Serial>,
    pub days: Option<i32>,
    /// `-not_before` / `-not_after` (3.4).
    pub not_before: Option<&'a [u8]>,
    pub not_after: Option<&'a [u8]>,
    /// `-x509v1` (3.2).
    pub x509v1: bool,
    pub subject: Option<&'a X509NameRef>,
    pub ext_copy: Option<ExtCopy>,
    /// Whether the request came from `-in` (for the copy_extensions warning).
    pub from_file: bool,
    pub extensions: Option<&'a CStr>,
    pub addext: Option<&'a Conf>,
    pub precert: bool,
    pub digest: Option<&'a CStr>,
    pub sigopts: &'a [Vec<u8>],
}

/// The `-x509` branch of `req_main`: the certificate's fields, its
/// extensions, then `do_X509_sign` (version, key identifiers, signature).
pub fn make(req: &X509Req, conf: &Conf, issuer: &Issuer<'_>, p: &Params<'_>) -> Result<X509> {
    // Decoded first, as in req_main: a key that does not decode queues its
    // errors before anything else happens to the certificate.
    let pub_key = req.get0_pubkey();
    let x = new_cert().ok_or_else(Failure::silent)?;
    set_fields(&x, req, pub_key, issuer, p)?;
    let mut ctx = ExtCtx::for_cert(
        issuer.cert.unwrap_or(&x),
        &x,
        LINE.cert_extensions_replace(),
    );
    add_extensions(&x, &mut ctx, conf, issuer, p)?;
    set_version_and_key_ids(&x, &mut ctx, issuer, p)?;
    let opts = sign::SigOpts {
        opts: p.sigopts,
        value_optional: LINE.ctrl_string_passes_colonless(),
    };
    sign::sign_cert(&x, issuer.key, p.digest, &opts)?;
    Ok(x)
}

/// Serial, issuer, validity, subject, public key, and the request's
/// extensions as `-copy_extensions` says.
fn set_fields(
    x: &X509,
    req: &X509Req,
    pub_key: KeyRef<'_>,
    issuer: &Issuer<'_>,
    p: &Params<'_>,
) -> Result<()> {
    let ok = match p.serial {
        Some(s) => x.set_serial(s),
        None => x.set_random_serial(),
    };
    let issuer_name = match issuer.cert {
        Some(ca) => ca.subject_name(),
        None => req.subject_name(),
    };
    Failure::unless(ok && x.set_issuer(issuer_name))?;
    set_cert_times(x, p)?;
    Failure::unless(x.set_subject(p.subject.unwrap_or(req.subject_name())))?;
    Failure::unless(x.set_pubkey_ref(pub_key))?;
    match p.ext_copy {
        None => {
            if p.from_file && LINE.warns_request_extensions_ignored() {
                console::eprint(
                    "Warning: No -copy_extensions given; ignoring any extensions in the request\n",
                );
            }
        }
        Some(ExtCopy::None) => {}
        Some(mode) => {
            if !x.copy_extensions(req, mode == ExtCopy::CopyAll) {
                return Err(Failure::msg("Error copying extensions from request\n"));
            }
        }
    }
    Ok(())
}

/// The extension context's issuer key, then the config's extension
/// section, the `-addext` ones and the `-precert` poison.
fn add_extensions(
    x: &X509,
    ctx: &mut ExtCtx,
    conf: &Conf,
    issuer: &Issuer<'_>,
    p: &Params<'_>,
) -> Result<()> {
    if issuer.cert.is_none() && LINE.checks_self_signing_key() {
        if let Some(k) = issuer.own_key {
            Failure::unless(ctx.set_issuer_key(k))?;
        }
        err::set_mark();
        if !x.matches_key(issuer.key) {
            console::eprint("Warning: Signature key and public key of cert do not match\n");
        }
        err::pop_to_mark();
    }
    ctx.set_lookup(conf);

    if let Some(ext) = p.extensions
        && !ctx.add_to_cert(conf, ext, x)
    {
        return Err(Failure::msg(text!(
            LINE.extension_error(ExtStep::AddCert),
            ext,
            "\n"
        )));
    }
    if let Some(add) = p.addext {
        if LINE.addext_own_database() {
            ctx.set_lookup(add);
        }
        if !ctx.add_to_cert(add, c"default", x) {
            return Err(Failure::msg(LINE.addext_add_error(true)));
        }
    }
    if p.precert && !x.add_poison() {
        return Err(Failure::msg("Error adding poison extension\n"));
    }
    Ok(())
}

/// do_X509_sign: the version and the key identifiers RFC 5280 asks for.
fn set_version_and_key_ids(
    x: &X509,
    ctx: &mut ExtCtx,
    issuer: &Issuer<'_>,
    p: &Params<'_>,
) -> Result<()> {
    let default_key_ids = match LINE.cert_version() {
        CertVersion::V3IfSectionNamed => {
            let named = p.extensions.is_some() || p.addext.is_some();
            Failure::unless(!named || x.set_version_raw(2))?;
            false
        }
        CertVersion::V3IfExtensions => x.extension_count() > 0,
        CertVersion::V3WithKeyIds => !p.x509v1,
        CertVersion::V3Plain => {
            Failure::unless(p.x509v1 || x.set_version_raw(2))?;
            false
        }
    };
    if default_key_ids {
        Failure::unless(
            x.set_version_raw(2) && ctx.adapt_keyid(x, "subjectKeyIdentifier", "hash", true),
        )?;
        err::set_mark();
        let self_signed = x.matches_key(issuer.key);
        err::pop_to_mark();
        Failure::unless(ctx.adapt_keyid(
            x,
            "authorityKeyIdentifier",
            "keyid, issuer",
            !self_signed,
        ))?;
    }
    Ok(())
}

/// The validity: 3.0 counts `-days` from now; since 3.4 `set_cert_times`
/// (apps/lib/apps.c) also takes `-not_before`/`-not_after` ("today" or
/// `[CC]YYMMDDHHMMSSZ`), checks them and refuses an end before the start.
fn set_cert_times(x: &X509, p: &Params<'_>) -> Result<()> {
    if !LINE.checks_cert_times() {
        return Failure::unless(x.set_validity_days(p.days.unwrap_or(DEFAULT_DAYS)));
    }
    let days = match p.days {
        None => DEFAULT_DAYS,
        Some(d) => {
            if p.not_after.is_some() {
                console::eprint("Warning: -not_after option overriding -days option\n");
            }
            d
        }
    };
    let time = |t: Option<&[u8]>| {
        t.map(|t| CString::new(crate::ffi::name::until_nul(t)).unwrap_or_default())
    };
    let (start, end) = (time(p.not_before), time(p.not_after));
    for (t, desc) in [(&start, "start date"), (&end, "end date")] {
        if let Some(t) = t
            && t.as_bytes() != b"today"
            && !is_valid_time(t)
        {
            return Err(Failure::msg(text!(
                desc,
                " is invalid, it should be \"today\" or have format [CC]YYMMDDHHMMSSZ\n"
            )));
        }
    }
    let start = start.filter(|t| t.as_bytes() != b"today");
    if !x.set_not_before(start.as_deref()) {
        return Err(Failure::msg("Error setting notBefore certificate field\n"));
    }
    // "-not_after today" is the moment of signing: zero days from now.
    let (end, days) = match end {
        Some(t) if t.as_bytes() == b"today" => (None, 0),
        other => (other, days),
    };
    let ok = match &end {
        None => x.set_not_after_days(days),
        Some(t) => x.set_not_after(t),
    };
    if !ok {
        return Err(Failure::msg("Error setting notAfter certificate field\n"));
    }
    if x.ends_before_it_starts() {
        return Err(Failure::msg("Error: end date before start date\n"));
    }
    Ok(())
}

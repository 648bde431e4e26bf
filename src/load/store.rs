//! Loading a key or certificate for `req` (`load_key`, `load_cert_pass`,
//! `load_key_certs_crls` in apps/lib/apps.c): the store itself is
//! `ffi::store`; here is what openssl says when it fails, and what the
//! load does with the error queue, both the release line's.

use crate::engine::Engine;
use crate::failure::{Failure, Result};
use crate::ffi::c_text;
use crate::ffi::err::{self, Leftovers};
use crate::ffi::store::{self, Failed, Source, Step};
use crate::line::LINE;
use crate::options::Format;
use crate::text;
use openssl::pkey::{PKey, Private};
use openssl::x509::X509;
use std::ffi::CStr;

/// `load_key(keyfile, keyform, 0, passin, e, desc)`. With `-keyform
/// ENGINE` the key is the URI "org.openssl.engine:<engine id>:<key id>"
/// (`make_engine_uri`); without `-engine` openssl says so and then loads
/// from no URI at all. `open`: what to open for `uri`
/// (`Outputs::read_uri`).
pub fn key(
    engine: Option<&Engine>,
    uri: &[u8],
    open: Option<&CStr>,
    format: Option<Format>,
    pass: Option<&CStr>,
    desc: &str,
) -> Result<PKey<Private>> {
    let (prefix, uri) = match (format, engine) {
        (Some(Format::Engine), Some(e)) => (
            Vec::new(),
            Some(c_text(&text!("org.openssl.engine:", e.id(), ":", uri))),
        ),
        (Some(Format::Engine), None) => {
            (text!("No engine specified for loading ", desc, "\n"), None)
        }
        _ => (Vec::new(), Some(c_text(uri))),
    };
    let source = uri.as_deref().map(|uri| Source { uri, open });
    let leftovers = start();
    let loaded = store::load_key(source, input_type(format), pass);
    finish(loaded, leftovers, false, desc)
        .map_err(|message| Failure::msg(text!(prefix, message)).then_errors())
}

/// `load_cert_pass(uri, FORMAT_UNDEF, 1, pass, desc)`; `open`: what to
/// open for `uri` (`Outputs::read_uri`).
pub fn cert(uri: &[u8], open: Option<&CStr>, pass: Option<&CStr>, desc: &str) -> Result<X509> {
    let u = c_text(uri);
    // 3.0 ends every failure with "Unable to load <desc>" and the queue;
    // since 3.2 only a failed HTTP download says so, naming the URL.
    let unable = |f: Failure| {
        if LINE.cert_load_says_unable() {
            f.then(format!("Unable to load {desc}\n")).then_errors()
        } else {
            f
        }
    };
    if uri.starts_with(b"https://") {
        return Err(unable(Failure::msg(format!(
            "Loading {desc} over HTTPS is unsupported\n"
        ))));
    }
    if uri.starts_with(b"http://") {
        return crate::ffi::x509::load_http(&u).ok_or_else(|| {
            if LINE.cert_load_says_unable() {
                unable(Failure::silent())
            } else {
                Failure::silent().then_errors().then(text!(
                    "Unable to load ",
                    desc,
                    " from ",
                    uri,
                    "\n"
                ))
            }
        });
    }
    let leftovers = start();
    let loaded = store::load_cert(Source { uri: &u, open }, pass);
    finish(loaded, leftovers, true, desc)
        .map_err(|message| unable(Failure::msg(message).then_errors()))
}

/// `format2string`: the input-type hint OSSL_STORE gets.
fn input_type(format: Option<Format>) -> Option<&'static CStr> {
    match format {
        Some(Format::Pem) => Some(c"PEM"),
        Some(Format::Der) => Some(c"DER"),
        Some(Format::Pvk) if LINE.names_pvk_and_msblob_input() => Some(c"PVK"),
        Some(Format::Msblob) if LINE.names_pvk_and_msblob_input() => Some(c"MSBLOB"),
        _ => None,
    }
}

/// Before the load: since 3.1 `load_key_certs_crls` suppresses the
/// load's leftover errors with a mark, where 3.0 cleared the whole queue
/// after a success.
fn start() -> Leftovers {
    let leftovers = if LINE.store_pops_own_errors() {
        Leftovers::PopOwn
    } else {
        Leftovers::ClearAll
    };
    if leftovers == Leftovers::PopOwn {
        err::set_mark();
    }
    leftovers
}

/// After the load: on success its leftover errors go; on failure, the
/// sentence `load_key_certs_crls` prints before the queue.
fn finish<T>(
    loaded: std::result::Result<T, Failed>,
    leftovers: Leftovers,
    cert: bool,
    desc: &str,
) -> std::result::Result<T, Vec<u8>> {
    let failed = match loaded {
        Ok(found) => {
            done(leftovers);
            return Ok(found);
        }
        // Not reachable through OSSL_STORE_expect: openssl's loop would
        // have taken it as a success, and has no words for it.
        Err(Failed {
            step: Step::WrongType,
            ..
        }) => {
            done(leftovers);
            return Err(Vec::new());
        }
        Err(failed) => failed,
    };
    let message = failure_sentence(&failed, cert, desc);
    if leftovers == Leftovers::PopOwn {
        err::clear_last_mark();
    }
    Err(message)
}

/// A successful load leaves none of its errors.
fn done(leftovers: Leftovers) {
    match leftovers {
        Leftovers::PopOwn => err::pop_to_mark(),
        Leftovers::ClearAll => err::clear(),
        Leftovers::Keep => {}
    }
}

/// "Could not read private key from k.pem" and its kin: what went wrong,
/// what was wanted (`desc`), and from where.
fn failure_sentence(failed: &Failed, cert: bool, desc: &str) -> Vec<u8> {
    let wanted = LINE.store_failure_name(cert);
    let (what, failed_name): (&str, &str) = match failed.step {
        Step::NoUri => ("No filename or uri specified for loading\n", wanted),
        Step::Open => ("Could not open file or uri for loading", wanted),
        Step::Expect => ("Internal error trying to load", wanted),
        Step::Read(type_name) => ("Error reading", type_name),
        Step::NotFound => (LINE.store_not_found(), wanted),
        Step::WrongType => ("", ""),
    };
    let mut msg = what.as_bytes().to_vec();
    if desc.contains(failed_name) {
        msg.extend_from_slice(&text!(" ", desc));
    } else {
        msg.extend_from_slice(&text!(" ", failed_name, " of ", desc));
    }
    if let Some(u) = &failed.uri {
        msg.extend_from_slice(&text!(" from ", u));
    }
    if let (true, Some(errno)) = (LINE.store_names_system_errors(), err::last_system_errno()) {
        // "a more readable diagnostic": the reason instead of the stack of
        // this load.
        msg.extend_from_slice(&text!(": ", errno.text()));
        err::pop_to_mark();
        err::set_mark();
    }
    msg.push(b'\n');
    msg
}

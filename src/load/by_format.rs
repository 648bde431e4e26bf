//! 1.1.1's `load_key` (apps/apps.c): the key file read by its format,
//! `PEM_read_bio_PrivateKey`, `d2i_PrivateKey_bio`, PKCS#12, MSBLOB, PVK or
//! `ENGINE_load_private_key`, with "unable to load <desc>" and the error
//! queue on failure.
//!
//! TODO(issue 22): the port (work in progress on this branch).

use crate::engine::Engine;
use crate::failure::{Failure, Result};
use crate::options::Format;
use openssl::pkey::{PKey, Private};
use openssl::x509::X509;
use std::ffi::CStr;

/// `load_key(keyfile, keyform, 0, passin, e, desc)`.
pub fn key(
    _engine: Option<&Engine>,
    _uri: &[u8],
    _open: Option<&CStr>,
    _format: Option<Format>,
    _pass: Option<&CStr>,
    desc: &str,
) -> Result<PKey<Private>> {
    Err(Failure::msg(format!("unable to load {desc}\n")).then_errors())
}

/// 1.1.1's req loads no certificate (it has no `-CA`).
pub fn cert(_uri: &[u8], _open: Option<&CStr>, _pass: Option<&CStr>, desc: &str) -> Result<X509> {
    Err(Failure::msg(format!("unable to load {desc}\n")).then_errors())
}

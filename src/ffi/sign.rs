//! Signing and verifying as `do_sign_init`, `do_X509_REQ_sign`,
//! `do_X509_sign` and `do_X509_REQ_verify` in apps/lib/apps.c do it:
//! `EVP_DigestSignInit_ex` with the digest *name*, then each `-sigopt`
//! through `EVP_PKEY_CTX_ctrl_str`.

use super::keygen::{ctrl_string, ctrl_string_value_optional};
use super::pkey::{KeyRef, default_digest_name};
use super::sys;
use foreign_types::ForeignTypeRef;
use openssl::x509::{X509Ref, X509ReqRef};
use std::ffi::CStr;

/// Why a signature could not be made.
pub enum SignError {
    /// `parameter error "<opt>"`: a `-sigopt` was refused.
    Param(Vec<u8>),
    /// Anything else; the detail is on libcrypto's error queue.
    Failed,
}

struct MdCtx(*mut sys::EVP_MD_CTX);

impl Drop for MdCtx {
    fn drop(&mut self) {
        // SAFETY: owned.
        unsafe { sys::EVP_MD_CTX_free(self.0) }
    }
}

/// The `-sigopt` values, and how one without ':' is taken.
pub struct SigOpts<'a> {
    pub opts: &'a [Vec<u8>],
    /// 1.1.1's `pkey_ctrl_string`: a name without ':' is passed on with no
    /// value (and refused by the key's method, with its own error); else it
    /// fails by itself.
    pub value_optional: bool,
}

/// `do_sign_init`.
fn sign_init(key: KeyRef<'_>, md: Option<&CStr>, opts: &SigOpts<'_>) -> Result<MdCtx, SignError> {
    // SAFETY: plain constructor.
    let ctx = MdCtx(unsafe { sys::EVP_MD_CTX_new() });
    if ctx.0.is_null() {
        return Err(SignError::Failed);
    }
    // A signature algorithm whose mandatory default is "UNDEF" takes no
    // digest at all (Ed25519, Ed448).
    let (rc, def) = default_digest_name(key);
    let md = if rc == 2 && def == b"UNDEF" { None } else { md };
    let mut pkctx: *mut sys::EVP_PKEY_CTX = std::ptr::null_mut();
    // SAFETY: all pointers live for the call (the key may be NULL, which
    // libcrypto refuses with its own error, as in openssl).
    let ok = unsafe {
        sys::EVP_DigestSignInit_ex(
            ctx.0,
            &mut pkctx,
            md.map_or(std::ptr::null(), CStr::as_ptr),
            std::ptr::null_mut(),
            super::propq_ptr(),
            key.as_ptr(),
            std::ptr::null(),
        )
    };
    if ok <= 0 {
        return Err(SignError::Failed);
    }
    for opt in opts.opts {
        // SAFETY: the ctx EVP_DigestSignInit_ex made, owned by `ctx`.
        let rc = unsafe {
            if opts.value_optional {
                ctrl_string_value_optional(pkctx, opt)
            } else {
                ctrl_string(pkctx, opt)
            }
        };
        if rc <= 0 {
            return Err(SignError::Param(opt.clone()));
        }
    }
    Ok(ctx)
}

/// `do_X509_REQ_sign`.
pub fn sign_request(
    req: &mut X509ReqRef,
    key: KeyRef<'_>,
    md: Option<&CStr>,
    opts: &SigOpts<'_>,
) -> Result<(), SignError> {
    let ctx = sign_init(key, md, opts)?;
    // SAFETY: live request and context.
    if unsafe { sys::X509_REQ_sign_ctx(req.as_ptr(), ctx.0) } > 0 {
        Ok(())
    } else {
        Err(SignError::Failed)
    }
}

/// The signing half of `do_X509_sign` (the key-identifier adaptation is
/// done by the caller through `ext`).
pub fn sign_cert(
    cert: &X509Ref,
    key: KeyRef<'_>,
    md: Option<&CStr>,
    opts: &SigOpts<'_>,
) -> Result<(), SignError> {
    let ctx = sign_init(key, md, opts)?;
    // SAFETY: live certificate and context.
    if unsafe { sys::X509_sign_ctx(cert.as_ptr(), ctx.0) } > 0 {
        Ok(())
    } else {
        Err(SignError::Failed)
    }
}

/// `do_X509_REQ_verify`: Ok(true) valid, Ok(false) bad signature,
/// Err for an option or internal error.
pub fn verify_request(
    req: &X509ReqRef,
    key: KeyRef<'_>,
    opts: &[Vec<u8>],
) -> Result<bool, SignError> {
    // `x509_req_ctrl_string` applies each -vfyopt to the request's
    // distinguishing ID; only "distid:" and "hexdistid:" exist.
    for opt in opts {
        if !set_req_distid(req, opt) {
            return Err(SignError::Param(opt.clone()));
        }
    }
    // SAFETY: live request; a live key or NULL (which libcrypto refuses).
    let rc = unsafe {
        sys::X509_REQ_verify_ex(
            req.as_ptr(),
            key.as_ptr(),
            std::ptr::null_mut(),
            super::propq_ptr(),
        )
    };
    if rc < 0 {
        Err(SignError::Failed)
    } else {
        Ok(rc > 0)
    }
}

/// `x509_req_ctrl_string` (apps/lib/app_x509.c): `distid:<text>` or
/// `hexdistid:<hex>` set the request's distinguishing ID (SM2); any other
/// name is "unsupported" and fails.
#[cfg(ossl3)]
fn set_req_distid(req: &X509ReqRef, opt: &[u8]) -> bool {
    let opt = super::name::until_nul(opt);
    let (name, value) = match opt.iter().position(|&b| b == b':') {
        Some(c) => (&opt[..c], Some(&opt[c + 1..])),
        None => (opt, None),
    };
    let id: Vec<u8> = match (name, value) {
        (b"distid", v) => v.unwrap_or_default().to_vec(),
        // Undecodable hex leaves an empty ID, as OPENSSL_hexstr2buf's NULL does.
        (b"hexdistid", Some(v)) => hexstr2buf(v).unwrap_or_default(),
        (b"hexdistid", None) => Vec::new(),
        _ => return false,
    };
    let Ok(len) = i32::try_from(id.len()) else {
        return false;
    };
    // SAFETY: live request; the octet string is handed over to it.
    unsafe {
        let os = openssl_sys::ASN1_OCTET_STRING_new();
        if os.is_null() {
            return false;
        }
        if openssl_sys::ASN1_OCTET_STRING_set(os, id.as_ptr(), len) == 0 {
            openssl_sys::ASN1_OCTET_STRING_free(os);
            return false;
        }
        sys::X509_REQ_set0_distinguishing_id(req.as_ptr(), os);
    }
    true
}

/// 1.1.1 has no distinguishing IDs on requests (and its req no
/// `-vfyopt`): every option is unsupported.
#[cfg(not(ossl3))]
fn set_req_distid(_req: &X509ReqRef, _opt: &[u8]) -> bool {
    false
}

/// `OPENSSL_hexstr2buf`.
#[cfg(ossl3)]
fn hexstr2buf(hex: &[u8]) -> Option<Vec<u8>> {
    let c = std::ffi::CString::new(hex).ok()?;
    let mut len: libc::c_long = 0;
    // SAFETY: the result is an OPENSSL_malloc'd buffer of `len` bytes.
    unsafe {
        let p = sys::OPENSSL_hexstr2buf(c.as_ptr(), &mut len);
        if p.is_null() {
            return None;
        }
        let v = std::slice::from_raw_parts(p, len.max(0) as usize).to_vec();
        super::openssl_free(p.cast());
        Some(v)
    }
}

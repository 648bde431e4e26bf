//! Extension sections, built by libcrypto's X509V3 configuration functions
//! exactly as apps/req.c uses them: a syntax check in "test" mode before
//! any key exists, then the real additions to a request or certificate.

use super::{Conf, cstring, sys};
use foreign_types::ForeignTypeRef;
use openssl::pkey::{PKeyRef, Private};
use openssl::x509::{X509Ref, X509ReqRef};
use std::ffi::CStr;

/// An `X509V3_CTX`, boxed so the pointers libcrypto keeps stay valid.
pub struct ExtCtx(Box<sys::X509V3_CTX>);

impl ExtCtx {
    fn zeroed() -> ExtCtx {
        // SAFETY: X509V3_CTX is plain data; all-zero is its "unset" state.
        ExtCtx(Box::new(unsafe { std::mem::zeroed() }))
    }

    fn ptr(&mut self) -> *mut sys::X509V3_CTX {
        &mut *self.0
    }

    /// `X509V3_set_ctx_test(&ctx); X509V3_set_nconf(&ctx, lookup)`.
    pub fn test(lookup: &Conf) -> ExtCtx {
        let mut c = ExtCtx::zeroed();
        // SAFETY: ctx is ours; the CONF outlives every use of the ctx.
        unsafe {
            sys::X509V3_set_ctx(
                c.ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                sys::X509V3_CTX_TEST,
            );
            sys::X509V3_set_nconf(c.ptr(), lookup.as_ptr());
        }
        c
    }

    /// `X509V3_set_ctx(&ctx, NULL, NULL, req, NULL, flags)` + nconf, with
    /// `X509V3_CTX_REPLACE` as the flags when `replace`.
    pub fn for_request(req: &X509ReqRef, lookup: &Conf, replace: bool) -> ExtCtx {
        let mut c = ExtCtx::zeroed();
        // SAFETY: as above.
        unsafe {
            sys::X509V3_set_ctx(
                c.ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                req.as_ptr(),
                std::ptr::null_mut(),
                if replace { sys::X509V3_CTX_REPLACE } else { 0 },
            );
            sys::X509V3_set_nconf(c.ptr(), lookup.as_ptr());
        }
        c
    }

    /// `X509V3_set_ctx(&ctx, issuer, subject, NULL, NULL, flags)`, with
    /// `X509V3_CTX_REPLACE` as the flags when `replace`.
    pub fn for_cert(issuer: &X509Ref, subject: &X509Ref, replace: bool) -> ExtCtx {
        let mut c = ExtCtx::zeroed();
        // SAFETY: as above.
        unsafe {
            sys::X509V3_set_ctx(
                c.ptr(),
                issuer.as_ptr(),
                subject.as_ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                if replace { sys::X509V3_CTX_REPLACE } else { 0 },
            );
        }
        c
    }

    /// `X509V3_set_nconf`.
    pub fn set_lookup(&mut self, lookup: &Conf) {
        // SAFETY: as above.
        unsafe { sys::X509V3_set_nconf(self.ptr(), lookup.as_ptr()) }
    }

    /// `X509V3_set_issuer_pkey`: the AKID fallback for self-signed certs
    /// (3.x).
    #[cfg(ossl3)]
    pub fn set_issuer_key(&mut self, key: &PKeyRef<Private>) -> bool {
        // SAFETY: the key outlives the ctx's use.
        unsafe { sys::X509V3_set_issuer_pkey(self.ptr(), key.as_ptr()) != 0 }
    }

    /// 1.1.1's `X509V3_CTX` has no issuer key (its AKID comes from the
    /// issuer certificate alone), and its req never sets one: it cannot be
    /// done.
    #[cfg(not(ossl3))]
    pub fn set_issuer_key(&mut self, _key: &PKeyRef<Private>) -> bool {
        false
    }

    /// `X509V3_EXT_add_nconf(conf, &ctx, section, NULL)`: build (and
    /// discard) every extension of the section.
    pub fn check(&mut self, conf: &Conf, section: &CStr) -> bool {
        // SAFETY: live ctx and conf.
        unsafe {
            sys::X509V3_EXT_add_nconf(
                conf.as_ptr(),
                self.ptr(),
                section.as_ptr(),
                std::ptr::null_mut(),
            ) != 0
        }
    }

    /// `X509V3_EXT_REQ_add_nconf`.
    pub fn add_to_request(&mut self, conf: &Conf, section: &CStr, req: &X509ReqRef) -> bool {
        // SAFETY: live ctx, conf and request.
        unsafe {
            sys::X509V3_EXT_REQ_add_nconf(conf.as_ptr(), self.ptr(), section.as_ptr(), req.as_ptr())
                != 0
        }
    }

    /// `X509V3_EXT_add_nconf` onto a certificate.
    pub fn add_to_cert(&mut self, conf: &Conf, section: &CStr, cert: &X509Ref) -> bool {
        // SAFETY: live ctx, conf and certificate.
        unsafe {
            sys::X509V3_EXT_add_nconf(conf.as_ptr(), self.ptr(), section.as_ptr(), cert.as_ptr())
                != 0
        }
    }

    /// `adapt_keyid_ext` from apps/lib/apps.c: make sure the key
    /// identifier extension `name` is present (built from `value`) unless
    /// the configuration disabled it with "none".
    pub fn adapt_keyid(
        &mut self,
        cert: &X509Ref,
        name: &str,
        value: &str,
        add_default: bool,
    ) -> bool {
        let (Some(n), Some(v)) = (cstring(name), cstring(value)) else {
            return false;
        };
        // SAFETY: all objects live; the new extension is freed here.
        unsafe {
            let new_ext =
                sys::X509V3_EXT_nconf(std::ptr::null_mut(), self.ptr(), n.as_ptr(), v.as_ptr());
            if new_ext.is_null() {
                return false;
            }
            let exts = sys::X509_get0_extensions(cert.as_ptr());
            let obj = sys::X509_EXTENSION_get_object(new_ext);
            let idx = sys::X509v3_get_ext_by_OBJ(exts, obj, -1);
            let rv = if idx >= 0 {
                let found = sys::X509v3_get_ext(exts, idx);
                let data = sys::X509_EXTENSION_get_data(found);
                // A value of two bytes or less is what "none" produced.
                if sys::ASN1_STRING_length(data.cast()) <= 2 {
                    sys::X509_delete_ext(cert.as_ptr(), idx);
                    sys::X509_EXTENSION_free(found);
                }
                true
            } else {
                !add_default || sys::X509_add_ext(cert.as_ptr(), new_ext, -1) != 0
            };
            sys::X509_EXTENSION_free(new_ext);
            rv
        }
    }
}

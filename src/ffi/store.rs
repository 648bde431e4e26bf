//! Loading a key or certificate through `OSSL_STORE`, as
//! `load_key_certs_crls` in apps/lib/apps.c does, including its piecewise
//! error sentence ("Could not read private key from k.pem" in 3.0, "Could
//! not find private key from k.pem" since 3.2), which the release line
//! words (`crate::line`).

use super::ui::PwCbData;
use super::{Bio, clib, sys};
use crate::line::LINE;
use foreign_types::ForeignType;
use openssl::pkey::{PKey, Private};
use openssl::x509::X509;
use std::ffi::{CStr, CString};

/// What the caller wants from the URI.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Key,
    Cert,
}

enum Loaded {
    Key(PKey<Private>),
    Cert(X509),
}

/// The text openssl printed before its error queue when loading failed.
pub struct LoadFailure {
    pub message: Vec<u8>,
}

struct Store(*mut sys::OSSL_STORE_CTX);

impl Drop for Store {
    fn drop(&mut self) {
        // SAFETY: owned.
        unsafe { sys::OSSL_STORE_close(self.0) };
    }
}

struct Info(*mut sys::OSSL_STORE_INFO);

impl Drop for Info {
    fn drop(&mut self) {
        // SAFETY: owned.
        unsafe { sys::OSSL_STORE_INFO_free(self.0) }
    }
}

/// Where to load from: `uri` as the user gave it, which names it in
/// messages and pass-phrase prompts, and what to open for it, which the
/// caller may point at another file with the same content (`open`).
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub uri: &'a CStr,
    pub open: Option<&'a CStr>,
}

/// `load_key(uri, format, 0, pass, e, desc)`: the private key at `uri`
/// (None: no URI at all, which openssl reports). `input_type` is
/// "PEM"/"DER" when the format is known (`format2string`), else None.
pub fn load_key(
    uri: Option<Source>,
    input_type: Option<&CStr>,
    pass: Option<&CStr>,
    desc: &str,
) -> Result<PKey<Private>, LoadFailure> {
    match load(uri, input_type, false, pass, desc, Want::Key)? {
        Loaded::Key(k) => Ok(k),
        Loaded::Cert(_) => Err(LoadFailure {
            message: Vec::new(),
        }),
    }
}

/// The certificate half of `load_cert_pass(uri, FORMAT_UNDEF, 1, pass, desc)`.
pub fn load_cert(uri: Source, pass: Option<&CStr>, desc: &str) -> Result<X509, LoadFailure> {
    match load(Some(uri), None, true, pass, desc, Want::Cert)? {
        Loaded::Cert(x) => Ok(x),
        Loaded::Key(_) => Err(LoadFailure {
            message: Vec::new(),
        }),
    }
}

/// `load_key_certs_crls(uri, format, maybe_stdin, pass, desc, ...)` for one
/// key or one certificate. `uri` None means standard input when
/// `maybe_stdin`, else "no URI".
fn load(
    source: Option<Source>,
    input_type: Option<&CStr>,
    maybe_stdin: bool,
    pass: Option<&CStr>,
    desc: &str,
    want: Want,
) -> Result<Loaded, LoadFailure> {
    let uri = source.map(|s| s.uri);
    let mut msg: Vec<u8> = Vec::new();
    let fail_name = LINE.store_failure_name(want == Want::Cert);
    let mut failed: Option<&str> = Some(fail_name);
    // 3.1 suppresses the load's leftover errors with a mark, where 3.0
    // cleared the whole queue after a success.
    let marks = LINE.store_pops_own_errors();
    if marks {
        super::err::set_mark();
    }
    let mut found: Option<Loaded> = None;
    let mut shown_uri: Option<CString> = uri.map(CStr::to_owned);

    let prompt_info = shown_uri.clone();
    let mut uidata = PwCbData {
        password: pass.map_or(std::ptr::null(), CStr::as_ptr),
        prompt_info: prompt_info
            .as_ref()
            .map_or(std::ptr::null(), |c| c.as_ptr()),
    };
    let mut type_buf = input_type.map(|t| t.to_owned());
    // SAFETY: the params array points at type_buf, alive for the whole call.
    let params = type_buf.as_mut().map(|t| unsafe {
        [
            sys::OSSL_PARAM_construct_utf8_string(c"input-type".as_ptr(), t.as_ptr() as *mut _, 0),
            sys::OSSL_PARAM_construct_end(),
        ]
    });
    let params_ptr = params.as_ref().map_or(std::ptr::null(), |p| p.as_ptr());

    let store: Option<Store> = match uri {
        None if !maybe_stdin => {
            msg.extend_from_slice(b"No filename or uri specified for loading\n");
            None
        }
        None => {
            shown_uri = Some(c"<stdin>".to_owned());
            uidata.prompt_info = c"<stdin>".as_ptr();
            // SAFETY: stdin stays open; the store keeps its own reference
            // to the BIO, which we free right after attaching.
            unsafe {
                libc::setbuf(clib::stdin, std::ptr::null_mut());
                let bio = Bio::stdin();
                bio.and_then(|b| {
                    let p = sys::OSSL_STORE_attach(
                        b.as_ptr(),
                        c"file".as_ptr(),
                        std::ptr::null_mut(),
                        super::propq_ptr(),
                        super::ui::method(),
                        (&raw mut uidata).cast(),
                        params_ptr,
                        None,
                        std::ptr::null_mut(),
                    );
                    (!p.is_null()).then_some(Store(p))
                })
            }
        }
        Some(u) => {
            let open = source.and_then(|s| s.open).unwrap_or(u);
            // SAFETY: all pointers live for the call and the store's life.
            let p = unsafe {
                sys::OSSL_STORE_open_ex(
                    open.as_ptr(),
                    std::ptr::null_mut(),
                    super::propq_ptr(),
                    super::ui::method(),
                    (&raw mut uidata).cast(),
                    params_ptr,
                    None,
                    std::ptr::null_mut(),
                )
            };
            (!p.is_null()).then_some(Store(p))
        }
    };

    if let Some(store) = &store {
        let expect = match want {
            Want::Key => sys::OSSL_STORE_INFO_PKEY,
            Want::Cert => sys::OSSL_STORE_INFO_CERT,
        };
        // SAFETY: live store.
        if unsafe { sys::OSSL_STORE_expect(store.0, expect) } == 0 {
            msg.extend_from_slice(b"Internal error trying to load");
        } else {
            failed = None;
            // SAFETY: live store; every info is freed by `Info`.
            while found.is_none() && unsafe { sys::OSSL_STORE_eof(store.0) } == 0 {
                let info = unsafe { sys::OSSL_STORE_load(store.0) };
                if info.is_null() {
                    continue;
                }
                let info = Info(info);
                let ty = unsafe { sys::OSSL_STORE_INFO_get_type(info.0) };
                let ok = match (ty, want) {
                    (sys::OSSL_STORE_INFO_PKEY, Want::Key) => {
                        let k = unsafe { sys::OSSL_STORE_INFO_get1_PKEY(info.0) };
                        if !k.is_null() {
                            found = Some(Loaded::Key(unsafe { PKey::from_ptr(k) }));
                        }
                        !k.is_null()
                    }
                    (sys::OSSL_STORE_INFO_CERT, Want::Cert) => {
                        let c = unsafe { sys::OSSL_STORE_INFO_get1_CERT(info.0) };
                        if !c.is_null() {
                            found = Some(Loaded::Cert(unsafe { X509::from_ptr(c) }));
                        }
                        !c.is_null()
                    }
                    _ => true,
                };
                if !ok {
                    // SAFETY: static string.
                    failed = Some(
                        match unsafe { CStr::from_ptr(sys::OSSL_STORE_INFO_type_string(ty)) }
                            .to_str()
                        {
                            Ok("PKEY") => "PKEY",
                            Ok("CERT") => "CERT",
                            _ => "",
                        },
                    );
                    msg.extend_from_slice(b"Error reading");
                    break;
                }
            }
        }
    } else if uri.is_some() || maybe_stdin {
        msg.extend_from_slice(b"Could not open file or uri for loading");
    }
    // openssl closes the store before it prints.
    drop(store);

    if failed.is_none() && found.is_none() {
        failed = Some(fail_name);
        msg.extend_from_slice(LINE.store_not_found().as_bytes());
    }
    match (failed, found) {
        (None, Some(loaded)) => {
            if marks {
                super::err::pop_to_mark();
            } else {
                super::err::clear();
            }
            Ok(loaded)
        }
        (failed, _) => {
            let failed = failed.unwrap_or_default();
            if desc.contains(failed) {
                msg.push(b' ');
                msg.extend_from_slice(desc.as_bytes());
            } else {
                msg.push(b' ');
                msg.extend_from_slice(failed.as_bytes());
                msg.extend_from_slice(b" of ");
                msg.extend_from_slice(desc.as_bytes());
            }
            if let Some(u) = &shown_uri {
                msg.extend_from_slice(b" from ");
                msg.extend_from_slice(u.to_bytes());
            }
            if let (true, Some(errno)) = (
                LINE.store_names_system_errors(),
                super::err::last_system_errno(),
            ) {
                // "a more readable diagnostic": the reason instead of the
                // stack of this load.
                msg.extend_from_slice(b": ");
                msg.extend_from_slice(super::stdio::strerror(errno).as_bytes());
                super::err::pop_to_mark();
                super::err::set_mark();
            }
            msg.push(b'\n');
            if marks {
                super::err::clear_last_mark();
            }
            Err(LoadFailure { message: msg })
        }
    }
}

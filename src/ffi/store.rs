//! Loading a key or certificate through `OSSL_STORE`, the steps of
//! `load_key_certs_crls` in apps/lib/apps.c. A failure says which step
//! failed (`Failed`); the sentence openssl prints for it, and what is done
//! with the error queue around the load, are the caller's (src/load.rs).

use super::ui::PwCbData;
use super::{Bio, clib, sys};
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

/// The step of `load_key_certs_crls` that failed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Step {
    /// No URI, and standard input was not allowed.
    NoUri,
    /// `OSSL_STORE_open_ex` (or attaching standard input) failed.
    Open,
    /// `OSSL_STORE_expect` failed.
    Expect,
    /// An object of the wanted type could not be taken from its info;
    /// `OSSL_STORE_INFO_type_string` of it ("PKEY", "CERT", else "").
    Read(&'static str),
    /// The store held nothing of the wanted type.
    NotFound,
    /// An object of the other type came back (libcrypto broke its
    /// `OSSL_STORE_expect` promise).
    WrongType,
}

/// A failed load: the step, and the URI as messages name it (`<stdin>`
/// for standard input, None when there was none).
pub struct Failed {
    pub step: Step,
    pub uri: Option<CString>,
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

/// The private key at `uri` (None: no URI at all, which fails).
/// `input_type` is "PEM"/"DER"... when the format is known
/// (`format2string`), else None.
pub fn load_key(
    uri: Option<Source>,
    input_type: Option<&CStr>,
    pass: Option<&CStr>,
) -> Result<PKey<Private>, Failed> {
    let (loaded, uri) = load(uri, input_type, false, pass, Want::Key)?;
    match loaded {
        Loaded::Key(k) => Ok(k),
        Loaded::Cert(_) => Err(Failed {
            step: Step::WrongType,
            uri,
        }),
    }
}

/// The certificate at `uri`.
pub fn load_cert(uri: Source, pass: Option<&CStr>) -> Result<X509, Failed> {
    let (loaded, uri) = load(Some(uri), None, true, pass, Want::Cert)?;
    match loaded {
        Loaded::Cert(x) => Ok(x),
        Loaded::Key(_) => Err(Failed {
            step: Step::WrongType,
            uri,
        }),
    }
}

/// The store part of `load_key_certs_crls(uri, format, maybe_stdin, pass,
/// desc, ...)` for one key or one certificate, with the URI as messages
/// name it. `uri` None means standard input when `maybe_stdin`, else "no
/// URI".
fn load(
    source: Option<Source>,
    input_type: Option<&CStr>,
    maybe_stdin: bool,
    pass: Option<&CStr>,
    want: Want,
) -> Result<(Loaded, Option<CString>), Failed> {
    let uri = source.map(|s| s.uri);
    let mut failed: Option<Step> = None;
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
            failed = Some(Step::NoUri);
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
            failed = Some(Step::Expect);
        } else {
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
                    failed = Some(Step::Read(
                        match unsafe { CStr::from_ptr(sys::OSSL_STORE_INFO_type_string(ty)) }
                            .to_str()
                        {
                            Ok("PKEY") => "PKEY",
                            Ok("CERT") => "CERT",
                            _ => "",
                        },
                    ));
                    break;
                }
            }
        }
    } else if uri.is_some() || maybe_stdin {
        failed = Some(Step::Open);
    }
    // openssl closes the store before it prints.
    drop(store);
    match (failed, found) {
        (None, Some(loaded)) => Ok((loaded, shown_uri)),
        (failed, _) => Err(Failed {
            step: failed.unwrap_or(Step::NotFound),
            uri: shown_uri,
        }),
    }
}

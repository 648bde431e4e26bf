//! Loading a key or certificate through `OSSL_STORE`, the steps of
//! `load_key_certs_crls` in apps/lib/apps.c. A failure says which step
//! failed (`Failed`); the sentence openssl prints for it, and what is done
//! with the error queue around the load, are the caller's (src/load.rs).

use super::ui::PwCbData;
use super::{Bio, clib, sys};
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
    let shown_uri = match source {
        Some(s) => Some(s.uri.to_owned()),
        None if maybe_stdin => Some(c"<stdin>".to_owned()),
        None => None,
    };
    // The pass-phrase prompt names the URI as messages do; the CString's
    // buffer stays where it is until the store is closed below.
    let mut uidata = PwCbData::new(
        pass,
        shown_uri.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()),
    );
    let mut type_buf = input_type.map(|t| t.to_owned());
    // SAFETY: the params array points at type_buf, alive for the whole call.
    let params = type_buf.as_mut().map(|t| unsafe {
        [
            sys::OSSL_PARAM_construct_utf8_string(c"input-type".as_ptr(), t.as_ptr() as *mut _, 0),
            sys::OSSL_PARAM_construct_end(),
        ]
    });
    let params_ptr = params.as_ref().map_or(std::ptr::null(), |p| p.as_ptr());

    let loaded = open(source, maybe_stdin, &mut uidata, params_ptr).and_then(|store| {
        let first = first_of(&store, want);
        // openssl closes the store before it prints.
        drop(store);
        first
    });
    match loaded {
        Ok(loaded) => Ok((loaded, shown_uri)),
        Err(step) => Err(Failed {
            step,
            uri: shown_uri,
        }),
    }
}

/// `OSSL_STORE_open_ex` on the URI (on what to open for it, when the
/// caller says), or `OSSL_STORE_attach` on standard input.
fn open(
    source: Option<Source>,
    maybe_stdin: bool,
    uidata: &mut PwCbData,
    params: *const sys::OSSL_PARAM,
) -> Result<Store, Step> {
    let uidata: *mut PwCbData = uidata;
    let p = match source {
        None if !maybe_stdin => return Err(Step::NoUri),
        // SAFETY: stdin stays open; the store keeps its own reference to
        // the BIO, which we free right after attaching. `uidata` and
        // `params` outlive the store (`load`).
        None => unsafe {
            libc::setbuf(clib::stdin, std::ptr::null_mut());
            let Some(bio) = Bio::stdin() else {
                return Err(Step::Open);
            };
            sys::OSSL_STORE_attach(
                bio.as_ptr(),
                c"file".as_ptr(),
                std::ptr::null_mut(),
                super::propq_ptr(),
                super::ui::method(),
                uidata.cast(),
                params,
                None,
                std::ptr::null_mut(),
            )
        },
        // SAFETY: all pointers live for the call and the store's life.
        Some(s) => unsafe {
            sys::OSSL_STORE_open_ex(
                s.open.unwrap_or(s.uri).as_ptr(),
                std::ptr::null_mut(),
                super::propq_ptr(),
                super::ui::method(),
                uidata.cast(),
                params,
                None,
                std::ptr::null_mut(),
            )
        },
    };
    super::cvt_p(p).map(Store).ok_or(Step::Open)
}

/// The first object of the wanted type in the store (the loop of
/// `load_key_certs_crls`, for one key or one certificate).
fn first_of(store: &Store, want: Want) -> Result<Loaded, Step> {
    let expect = match want {
        Want::Key => sys::OSSL_STORE_INFO_PKEY,
        Want::Cert => sys::OSSL_STORE_INFO_CERT,
    };
    // SAFETY: live store.
    if unsafe { sys::OSSL_STORE_expect(store.0, expect) } == 0 {
        return Err(Step::Expect);
    }
    // SAFETY: live store; every info is freed by `Info`, every object
    // taken from it is owned (get1).
    while unsafe { sys::OSSL_STORE_eof(store.0) } == 0 {
        let info = unsafe { sys::OSSL_STORE_load(store.0) };
        if info.is_null() {
            continue;
        }
        let info = Info(info);
        let ty = unsafe { sys::OSSL_STORE_INFO_get_type(info.0) };
        match (ty, want) {
            (sys::OSSL_STORE_INFO_PKEY, Want::Key) => {
                let k = unsafe { super::owned(sys::OSSL_STORE_INFO_get1_PKEY(info.0)) };
                return k.map(Loaded::Key).ok_or_else(|| read_error(ty));
            }
            (sys::OSSL_STORE_INFO_CERT, Want::Cert) => {
                let c = unsafe { super::owned(sys::OSSL_STORE_INFO_get1_CERT(info.0)) };
                return c.map(Loaded::Cert).ok_or_else(|| read_error(ty));
            }
            _ => {}
        }
    }
    Err(Step::NotFound)
}

/// "Error reading" the object of type `ty`, named as
/// `OSSL_STORE_INFO_type_string` names it.
fn read_error(ty: libc::c_int) -> Step {
    // SAFETY: a static string (or NULL for an unknown type).
    let name = unsafe { sys::OSSL_STORE_INFO_type_string(ty) };
    if name.is_null() {
        return Step::Read("");
    }
    Step::Read(match unsafe { CStr::from_ptr(name) }.to_str() {
        Ok("PKEY") => "PKEY",
        Ok("CERT") => "CERT",
        _ => "",
    })
}

//! The `org.openssl.engine:<engine-id>:<key-id>` key store that openssl's
//! `main` registers at startup (apps/lib/engine_loader.c), so that such a
//! URI given to `-key`/`-CAkey` (or built by `-keyform ENGINE`) loads the
//! key through the engine exactly as in openssl.

use super::sys;
use libc::{c_char, c_int, c_void};
use std::ffi::CStr;

const SCHEME_COLON: &[u8] = b"org.openssl.engine:";

/// One open URI: the engine (a structural reference) and the key id.
struct Ctx {
    engine: *mut sys::ENGINE,
    key_id: std::ffi::CString,
    expected: c_int,
    loaded: bool,
}

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: we own one structural reference.
        unsafe { sys::ENGINE_free(self.engine) };
    }
}

const SCHEME: &std::ffi::CStr = c"org.openssl.engine";

/// The registered loader. Libcrypto's registry does not free its loaders,
/// so dropping this does what `destroy_engine_loader` does at openssl's
/// exit: unregister the scheme and free the loader.
pub struct EngineLoader(());

impl Drop for EngineLoader {
    fn drop(&mut self) {
        // SAFETY: unregistering returns the loader `register` made (or
        // NULL), which nothing else references once it is out of the
        // registry; OSSL_STORE_LOADER_free accepts NULL.
        unsafe { sys::OSSL_STORE_LOADER_free(sys::OSSL_STORE_unregister_loader(SCHEME.as_ptr())) };
    }
}

/// `setup_engine_loader`: None if libcrypto would not take the loader.
/// Keep the result alive until the program ends.
pub fn register() -> Option<EngineLoader> {
    // SAFETY: building and registering a loader table of our callbacks;
    // once registered, the registry refers to it until EngineLoader's drop.
    unsafe {
        let loader = sys::OSSL_STORE_LOADER_new(std::ptr::null_mut(), SCHEME.as_ptr());
        if loader.is_null() {
            return None;
        }
        let ok = sys::OSSL_STORE_LOADER_set_open(loader, engine_open) != 0
            && sys::OSSL_STORE_LOADER_set_expect(loader, engine_expect) != 0
            && sys::OSSL_STORE_LOADER_set_load(loader, engine_load) != 0
            && sys::OSSL_STORE_LOADER_set_eof(loader, engine_eof) != 0
            && sys::OSSL_STORE_LOADER_set_error(loader, engine_error) != 0
            && sys::OSSL_STORE_LOADER_set_close(loader, engine_close) != 0
            && sys::OSSL_STORE_register_loader(loader) != 0;
        if !ok {
            sys::OSSL_STORE_LOADER_free(loader);
            return None;
        }
        Some(EngineLoader(()))
    }
}

/// `engine_open`: "<engine-id>:<key-id>", both non-empty, after the scheme.
unsafe extern "C" fn engine_open(
    _loader: *const sys::OSSL_STORE_LOADER,
    uri: *const c_char,
    _ui: *const sys::UI_METHOD,
    _data: *mut c_void,
) -> *mut sys::OSSL_STORE_LOADER_CTX {
    // SAFETY: libcrypto passes a NUL-terminated URI.
    let uri = unsafe { CStr::from_ptr(uri) }.to_bytes();
    if uri.len() < SCHEME_COLON.len()
        || !uri[..SCHEME_COLON.len()].eq_ignore_ascii_case(SCHEME_COLON)
    {
        return std::ptr::null_mut();
    }
    let rest = &uri[SCHEME_COLON.len()..];
    let Some(colon) = rest.iter().position(|&b| b == b':') else {
        return std::ptr::null_mut();
    };
    let (engine_id, key_id) = (&rest[..colon], &rest[colon + 1..]);
    if engine_id.is_empty() || key_id.is_empty() {
        return std::ptr::null_mut();
    }
    let (Ok(engine_id), Ok(key_id)) = (
        std::ffi::CString::new(engine_id),
        std::ffi::CString::new(key_id),
    ) else {
        return std::ptr::null_mut();
    };
    // SAFETY: NUL-terminated id; the reference is owned by the Ctx.
    let engine = unsafe { sys::ENGINE_by_id(engine_id.as_ptr()) };
    if engine.is_null() {
        return std::ptr::null_mut();
    }
    Box::into_raw(Box::new(Ctx {
        engine,
        key_id,
        expected: 0,
        loaded: false,
    }))
    .cast()
}

unsafe extern "C" fn engine_expect(ctx: *mut sys::OSSL_STORE_LOADER_CTX, expected: c_int) -> c_int {
    if expected == 0
        || expected == sys::OSSL_STORE_INFO_PUBKEY
        || expected == sys::OSSL_STORE_INFO_PKEY
    {
        // SAFETY: ctx came from engine_open.
        unsafe { (*ctx.cast::<Ctx>()).expected = expected };
        1
    } else {
        0
    }
}

unsafe extern "C" fn engine_load(
    ctx: *mut sys::OSSL_STORE_LOADER_CTX,
    ui: *const sys::UI_METHOD,
    data: *mut c_void,
) -> *mut sys::OSSL_STORE_INFO {
    // SAFETY: ctx came from engine_open; keys are handed to the info or freed.
    unsafe {
        let c = &mut *ctx.cast::<Ctx>();
        let mut pkey: *mut sys::EVP_PKEY = std::ptr::null_mut();
        let mut pubkey: *mut sys::EVP_PKEY = std::ptr::null_mut();
        if !c.loaded && sys::ENGINE_init(c.engine) != 0 {
            if c.expected == 0 || c.expected == sys::OSSL_STORE_INFO_PKEY {
                pkey =
                    sys::ENGINE_load_private_key(c.engine, c.key_id.as_ptr(), ui as *mut _, data);
            }
            if (pkey.is_null() && c.expected == 0) || c.expected == sys::OSSL_STORE_INFO_PUBKEY {
                pubkey =
                    sys::ENGINE_load_public_key(c.engine, c.key_id.as_ptr(), ui as *mut _, data);
            }
            sys::ENGINE_finish(c.engine);
        }
        c.loaded = true;
        let info = if !pubkey.is_null() {
            sys::OSSL_STORE_INFO_new_PUBKEY(pubkey)
        } else if !pkey.is_null() {
            sys::OSSL_STORE_INFO_new_PKEY(pkey)
        } else {
            std::ptr::null_mut()
        };
        if info.is_null() {
            sys::EVP_PKEY_free(pkey);
            sys::EVP_PKEY_free(pubkey);
        }
        info
    }
}

unsafe extern "C" fn engine_eof(ctx: *mut sys::OSSL_STORE_LOADER_CTX) -> c_int {
    // SAFETY: ctx came from engine_open.
    c_int::from(unsafe { (*ctx.cast::<Ctx>()).loaded })
}

unsafe extern "C" fn engine_error(_ctx: *mut sys::OSSL_STORE_LOADER_CTX) -> c_int {
    0
}

unsafe extern "C" fn engine_close(ctx: *mut sys::OSSL_STORE_LOADER_CTX) -> c_int {
    // SAFETY: ctx came from engine_open via Box::into_raw.
    drop(unsafe { Box::from_raw(ctx.cast::<Ctx>()) });
    1
}

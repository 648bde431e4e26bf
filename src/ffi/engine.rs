//! The few ENGINE calls of apps/lib/engine.c (`setup_engine_methods`,
//! `get_legacy_pkey_id`), for `-engine` and `-keygen_engine`.

use super::sys;
use libc::{c_int, c_uint, c_void};
use std::ffi::CStr;

/// A structural reference to an engine, released with `ENGINE_free`.
pub struct EngineRef(*mut sys::ENGINE);

impl Drop for EngineRef {
    fn drop(&mut self) {
        // SAFETY: we own one structural reference.
        unsafe { sys::ENGINE_free(self.0) };
    }
}

/// Why `setup_engine` gave no engine.
pub enum SetupError {
    /// "Invalid engine": neither built in nor loadable.
    Invalid,
    /// "Cannot use engine": found but it refused to become the default.
    Unusable(Vec<u8>),
}

/// `ENGINE_register_all_complete`, for the id "auto".
pub fn register_all() {
    // SAFETY: no arguments.
    unsafe { sys::ENGINE_register_all_complete() };
}

/// Every `ENGINE_METHOD_*` bit: what `(unsigned int)-1` asks for.
pub const METHOD_ALL: c_uint = c_uint::MAX;

/// `ENGINE_by_id` alone; None leaves its errors queued.
pub fn find(id: &CStr) -> Option<EngineRef> {
    // SAFETY: a lookup returning an owned structural reference or NULL.
    let e = unsafe { sys::ENGINE_by_id(id.as_ptr()) };
    (!e.is_null()).then_some(EngineRef(e))
}

/// `ENGINE_by_id`, else the dynamic engine loading it as a shared object
/// (`try_load_engine`); then the app's UI and `sys::ENGINE_set_default(e,
/// methods)`. `ui_must_take` makes a failure to set the UI one to use the
/// engine too.
pub fn by_id(
    id: &CStr,
    ui: *const sys::UI_METHOD,
    ui_must_take: bool,
    methods: c_uint,
) -> Result<EngineRef, SetupError> {
    // SAFETY: plain calls on owned references.
    unsafe {
        let mut e = sys::ENGINE_by_id(id.as_ptr());
        if e.is_null() {
            let dynamic = sys::ENGINE_by_id(c"dynamic".as_ptr());
            if !dynamic.is_null() {
                if sys::ENGINE_ctrl_cmd_string(dynamic, c"SO_PATH".as_ptr(), id.as_ptr(), 0) != 0
                    && sys::ENGINE_ctrl_cmd_string(dynamic, c"LOAD".as_ptr(), std::ptr::null(), 0)
                        != 0
                {
                    e = dynamic;
                } else {
                    sys::ENGINE_free(dynamic);
                }
            }
        }
        if e.is_null() {
            return Err(SetupError::Invalid);
        }
        let engine = EngineRef(e);
        let ui_taken = sys::ENGINE_ctrl_cmd(
            e,
            c"SET_USER_INTERFACE".as_ptr(),
            0,
            ui as *mut c_void,
            None,
            1,
        ) != 0;
        if (ui_must_take && !ui_taken) || sys::ENGINE_set_default(e, methods) == 0 {
            return Err(SetupError::Unusable(engine.id()));
        }
        Ok(engine)
    }
}

impl EngineRef {
    /// `ENGINE_get_id`.
    pub fn id(&self) -> Vec<u8> {
        // SAFETY: the id is a static string of the engine.
        unsafe {
            let p = sys::ENGINE_get_id(self.0);
            if p.is_null() {
                Vec::new()
            } else {
                CStr::from_ptr(p).to_bytes().to_vec()
            }
        }
    }

    pub fn as_ptr(&self) -> *mut sys::ENGINE {
        self.0
    }

    /// `get_legacy_pkey_id(libctx, algname, e)`: the NID of an algorithm
    /// this engine implements, or 0.
    pub fn legacy_pkey_id(&self, alg: &CStr) -> c_int {
        // SAFETY: lookups only; the temporary engine reference is finished.
        unsafe {
            super::err::set_mark();
            let mut tmp: *mut sys::ENGINE = std::ptr::null_mut();
            let mut ameth = sys::EVP_PKEY_asn1_find_str(&mut tmp, alg.as_ptr(), -1);
            sys::ENGINE_finish(tmp);
            if ameth.is_null() {
                ameth = sys::ENGINE_get_pkey_asn1_meth_str(self.0, alg.as_ptr(), -1);
            } else if tmp.is_null() {
                // Only interesting when it comes from an engine.
                ameth = std::ptr::null();
            }
            super::err::pop_to_mark();
            if ameth.is_null() {
                return 0;
            }
            let mut id: c_int = 0;
            sys::EVP_PKEY_asn1_get0_info(
                &mut id,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                ameth,
            );
            id
        }
    }
}

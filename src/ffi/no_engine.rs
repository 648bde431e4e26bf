//! `ffi::engine` of a libcrypto without the ENGINE API (4.0, or a
//! `no-engine` 3.x build): the same names, but no engine can exist, so an
//! `Option<&EngineRef>` is always None and the code that would use one needs
//! no build switch of its own.

use super::sys;

/// Uninhabited: there is never an engine.
pub enum EngineRef {}

impl EngineRef {
    pub fn id(&self) -> Vec<u8> {
        match *self {}
    }

    pub fn as_ptr(&self) -> *mut sys::ENGINE {
        match *self {}
    }

    pub fn legacy_pkey_id(&self, _alg: &std::ffi::CStr) -> libc::c_int {
        match *self {}
    }
}

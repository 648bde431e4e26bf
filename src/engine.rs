//! `-engine` and `-keygen_engine` (`setup_engine` in apps/lib/engine.c):
//! messages as openssl prints them; a failed setup is not fatal for
//! `-engine`, exactly as in `req_main`.

use crate::console;
use crate::ffi::engine::{self as ffi_engine, EngineRef, SetupError};
use crate::text;

pub type Engine = EngineRef;

/// `setup_engine(id, 0)`.
pub fn setup(id: &[u8]) -> Option<Engine> {
    if id == b"auto" {
        console::eprint("Enabling auto ENGINE support\n");
        ffi_engine::register_all();
        return None;
    }
    let c = std::ffi::CString::new(id).ok()?;
    match ffi_engine::by_id(&c, crate::ffi::ui::method()) {
        Ok(e) => {
            console::eprint(text!("Engine \"", e.id(), "\" set.\n"));
            Some(e)
        }
        Err(SetupError::Invalid) => {
            console::eprint(text!("Invalid engine \"", id, "\"\n"));
            console::print_errors();
            None
        }
        Err(SetupError::Unusable(name)) => {
            console::eprint(text!("Cannot use engine \"", name, "\"\n"));
            console::print_errors();
            None
        }
    }
}

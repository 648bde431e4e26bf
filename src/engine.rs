//! `-engine` and `-keygen_engine` (`setup_engine` in apps/lib/engine.c):
//! messages as openssl prints them; a failed setup is not fatal for
//! `-engine`, exactly as in `req_main`.

#[cfg(engines)]
use crate::console;
#[cfg(engines)]
use crate::ffi::engine::{self as ffi_engine, SetupError};
#[cfg(engines)]
use crate::text;

/// An engine set up by `-engine` or `-keygen_engine`. Without the ENGINE
/// API (4.0, or a `no-engine` 3.x build) the type is uninhabited
/// (src/ffi/no_engine.rs): `Option<Engine>` is always None.
pub use crate::ffi::engine::EngineRef as Engine;

/// `setup_engine(id, 0)`, which is `setup_engine_methods(id, (unsigned
/// int)-1, 0)` (apps/include/apps.h) for `-engine` and `-keygen_engine`
/// alike, on every line that has engines: the engine becomes the default
/// for every method it has (RSA, EC, digests, ciphers, RAND, ...), and is
/// initialised by `ENGINE_set_default`: e.g. a file key used beside
/// `-engine pkcs11` is handed to the engine's RSA or EC method, which
/// refuses it, as in openssl (tests/suite/hardware.rs).
#[cfg(engines)]
pub fn setup(id: &[u8]) -> Option<Engine> {
    if id == b"auto" {
        console::eprint("Enabling auto ENGINE support\n");
        ffi_engine::register_all();
        return None;
    }
    let c = std::ffi::CString::new(id).ok()?;
    match ffi_engine::by_id(&c, crate::ffi::ui::method(), ffi_engine::METHOD_ALL) {
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

//! `-engine` and `-keygen_engine` (`setup_engine` in apps/lib/engine.c,
//! 1.1.1's in apps/apps.c): messages as openssl prints them; a failed
//! setup is not fatal for `-engine`, exactly as in `req_main`.

#[cfg(engines)]
use crate::console;
#[cfg(engines)]
use crate::ffi::engine::{self as ffi_engine, SetupError};
#[cfg(engines)]
use crate::line::LINE;
#[cfg(engines)]
use crate::text;

/// An engine set up by `-engine` or `-keygen_engine`. Without the ENGINE
/// API (4.0, or a `no-engine` 3.x build) the type is uninhabited
/// (src/ffi/no_engine.rs): `Option<Engine>` is always None.
pub use crate::ffi::engine::EngineRef as Engine;

/// `setup_engine(id, 0)`, which is `setup_engine_methods(id, (unsigned
/// int)-1, 0)` (apps/include/apps.h) for `-engine` (and 3.x's
/// `-keygen_engine`), on every line that has engines: the engine becomes
/// the default for every method it has (RSA, EC, digests, ciphers, RAND,
/// ...), and is initialised by `ENGINE_set_default`: e.g. a file key used
/// beside `-engine pkcs11` is handed to the engine's RSA or EC method,
/// which refuses it, as in openssl (tests/suite/hardware.rs). 1.1.1's
/// messages are its own (`engine_messages_capitalised`), and it ignores
/// an engine that does not take the UI method.
#[cfg(engines)]
pub fn setup(id: &[u8]) -> Option<Engine> {
    let v3 = LINE.engine_messages_capitalised();
    if id == b"auto" {
        console::eprint(if v3 {
            "Enabling auto ENGINE support\n"
        } else {
            "enabling auto ENGINE support\n"
        });
        ffi_engine::register_all();
        return None;
    }
    let c = std::ffi::CString::new(id).ok()?;
    match ffi_engine::by_id(&c, crate::ffi::ui::method(), v3, ffi_engine::METHOD_ALL) {
        Ok(e) => {
            let set = if v3 { "Engine \"" } else { "engine \"" };
            console::eprint(text!(set, e.id(), "\" set.\n"));
            Some(e)
        }
        Err(SetupError::Invalid) => {
            let invalid = if v3 {
                "Invalid engine \""
            } else {
                "invalid engine \""
            };
            console::eprint(text!(invalid, id, "\"\n"));
            console::print_errors();
            None
        }
        Err(SetupError::Unusable(name)) => {
            if v3 {
                console::eprint(text!("Cannot use engine \"", name, "\"\n"));
            } else {
                console::eprint("can't use that engine\n");
            }
            console::print_errors();
            None
        }
    }
}

/// The engine of `-keygen_engine`: set up as `-engine`'s on 3.x; on 1.1.1
/// only looked up (`ENGINE_by_id`), its errors left for `end:`.
#[cfg(engines)]
pub fn keygen(id: &[u8]) -> Option<Engine> {
    if LINE.keygen_engine_set_up() {
        return setup(id);
    }
    ffi_engine::find(&std::ffi::CString::new(id).ok()?)
}

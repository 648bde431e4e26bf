//! `-provider`, `-provider-path` and `-propquery` (`opt_provider` in
//! apps/lib/app_provider.c): providers are loaded as the option is seen.

use crate::failure::Failure;
use crate::ffi::{self, sys};
use crate::options::Opt;
use std::ffi::CString;

/// Providers loaded for the rest of the run (openssl unloads them at exit).
static LOADED: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());

pub fn apply(prog: &str, opt: Opt, value: &[u8]) -> Result<(), Failure> {
    ffi::note_provider_option();
    let c = CString::new(value).unwrap_or_default();
    match opt {
        Opt::Provider => {
            // SAFETY: default library context; the provider stays loaded.
            let p = unsafe { sys::OSSL_PROVIDER_load(std::ptr::null_mut(), c.as_ptr()) };
            if p.is_null() {
                return Err(Failure::msg(format!(
                    "{prog}: unable to load provider {}\n\
                     Hint: use -provider-path option or OPENSSL_MODULES environment variable.\n",
                    String::from_utf8_lossy(value)
                ))
                .then_errors());
            }
            if let Ok(mut v) = LOADED.lock() {
                v.push(p as usize);
            }
            Ok(())
        }
        Opt::ProviderPath => {
            let path = if value.is_empty() {
                std::ptr::null()
            } else {
                c.as_ptr()
            };
            // SAFETY: NUL-terminated or NULL.
            if unsafe { sys::OSSL_PROVIDER_set_default_search_path(std::ptr::null_mut(), path) }
                != 0
            {
                Ok(())
            } else {
                Err(Failure::silent())
            }
        }
        _ => {
            ffi::set_propq(&c);
            Ok(())
        }
    }
}

//! `-provider`, `-provider-path` and `-propquery` (`opt_provider` in
//! apps/lib/app_provider.c): providers are loaded as the option is seen.

use crate::failure::Failure;
use crate::ffi::{self, lib_ctx};
use crate::options::Opt;
use crate::text;
use std::ffi::CString;

pub fn apply(prog: &str, opt: Opt, value: &[u8]) -> Result<(), Failure> {
    ffi::note_provider_option();
    let c = CString::new(value).unwrap_or_default();
    match opt {
        Opt::Provider => {
            if !lib_ctx::load_provider(&c) {
                return Err(Failure::msg(text!(
                    prog,
                    ": unable to load provider ",
                    value,
                    "\nHint: use -provider-path option or OPENSSL_MODULES environment variable.\n"
                ))
                .then_errors());
            }
            Ok(())
        }
        Opt::ProviderPath => {
            let path = if value.is_empty() {
                None
            } else {
                Some(c.as_c_str())
            };
            if lib_ctx::set_provider_path(path) {
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

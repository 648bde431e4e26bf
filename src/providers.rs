//! `-provider`, `-provider-path`, `-provparam` (3.5) and `-propquery`
//! (`opt_provider` in apps/lib/app_provider.c): providers are loaded as
//! the option is seen.

use crate::failure::Failure;
use crate::ffi;
use crate::req::options::Opt;
use crate::text;
#[cfg(provider_conf_params)]
use crate::text::is_c_space;
use std::ffi::CString;

pub fn apply(prog: &str, opt: Opt, value: &[u8]) -> Result<(), Failure> {
    ffi::note_provider_option();
    let c = CString::new(value).unwrap_or_default();
    match opt {
        Opt::Provider => {
            if !crate::ffi::provider::load_provider(&c) {
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
            if crate::ffi::provider::set_provider_path(path) {
                Ok(())
            } else {
                Err(Failure::silent())
            }
        }
        // The row exists from 3.5 on, as the library call it needs.
        #[cfg(provider_conf_params)]
        Opt::Provparam => provider_param(prog, value),
        Opt::Propquery => {
            ffi::set_propq(&c);
            Ok(())
        }
        // The option loop hands over only the rows above.
        _ => Ok(()),
    }
}

#[cfg(provider_conf_params)]
/// `opt_provider_param`: `[provider:]key = value`, blanks around the '='
/// dropped; the parameter goes to every loaded provider of that name (all
/// when the name is empty or missing).
fn provider_param(prog: &str, arg: &[u8]) -> Result<(), Failure> {
    let arg = crate::ffi::name::until_nul(arg);
    let malformed = || {
        Failure::msg(text!(
            prog,
            ": malformed '-provparam' option value: '",
            arg,
            "'\n"
        ))
    };
    let Some(eq) = arg.iter().position(|&c| c == b'=') else {
        return Err(malformed());
    };
    let left = &arg[..eq];
    let left = &left[..left
        .iter()
        .rposition(|c| !is_c_space(c))
        .map_or(0, |i| i + 1)];
    let value = &arg[eq + 1..];
    let value = &value[value
        .iter()
        .position(|c| !is_c_space(c))
        .unwrap_or(value.len())..];
    let (name, key) = match left.iter().position(|&c| c == b':') {
        Some(colon) => (
            Some(&left[..colon]).filter(|n| !n.is_empty()),
            &left[colon + 1..],
        ),
        None => (None, left),
    };
    if key.is_empty() {
        return Err(malformed());
    }
    let cs = |b: &[u8]| CString::new(b).unwrap_or_default();
    let (name_c, key_c, value_c) = (name.map(cs), cs(key), cs(value));
    let shown_name = name.unwrap_or(crate::line::LINE.null_string().as_bytes());
    match crate::ffi::provider::add_provider_param(name_c.as_deref(), &key_c, &value_c) {
        None => Err(Failure::msg(text!(
            prog,
            ": Error setting provider '",
            shown_name,
            "' parameter '",
            key,
            "'\n"
        ))),
        Some(false) => Err(Failure::msg(text!(
            prog,
            ": No provider named '",
            shown_name,
            "' is loaded\n"
        ))),
        Some(true) => Ok(()),
    }
}

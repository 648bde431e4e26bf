//! Providers loaded by `-provider`, `-provider-path` and `-provparam`
//! (apps/lib/app_provider.c). 3.x only: 1.1.1 has no providers.

use super::sys;
use std::ffi::CStr;
use std::sync::{Mutex, Once};

/// A provider loaded by `-provider`: one reference, given back with
/// `OSSL_PROVIDER_unload`.
struct LoadedProvider(*mut sys::OSSL_PROVIDER);

// SAFETY: a provider reference may be released from any thread.
unsafe impl Send for LoadedProvider {}

impl Drop for LoadedProvider {
    fn drop(&mut self) {
        // SAFETY: we own this reference.
        unsafe { sys::OSSL_PROVIDER_unload(self.0) };
    }
}

/// openssl's `app_providers` stack.
static APP_PROVIDERS: Mutex<Vec<LoadedProvider>> = Mutex::new(Vec::new());

/// `app_providers_cleanup`, which openssl's `apps_shutdown` calls once the
/// command is done. Run by `exit`: registered with atexit on the first
/// load, i.e. after libcrypto's own OPENSSL_cleanup handler, it runs before
/// it. Without it the references are lost and the providers never freed.
extern "C" fn app_providers_cleanup() {
    let loaded = match APP_PROVIDERS.lock() {
        Ok(mut list) => std::mem::take(&mut *list),
        Err(_) => return,
    };
    drop(loaded);
}

/// `app_provider_load`: `OSSL_PROVIDER_load(NULL, name)`; the provider
/// stays loaded for the rest of the process, as openssl's app does until
/// exit.
pub fn load_provider(name: &CStr) -> bool {
    // SAFETY: default library context, NUL-terminated name.
    let p = unsafe { sys::OSSL_PROVIDER_load(std::ptr::null_mut(), name.as_ptr()) };
    if p.is_null() {
        return false;
    }
    let provider = LoadedProvider(p);
    static AT_EXIT: Once = Once::new();
    // SAFETY: registers a plain function without arguments.
    AT_EXIT.call_once(|| unsafe {
        libc::atexit(app_providers_cleanup);
    });
    if let Ok(mut list) = APP_PROVIDERS.lock() {
        list.push(provider);
    }
    true
}

/// `OSSL_PROVIDER_set_default_search_path(NULL, path)`.
pub fn set_provider_path(path: Option<&CStr>) -> bool {
    // SAFETY: NUL-terminated or NULL.
    unsafe {
        sys::OSSL_PROVIDER_set_default_search_path(
            std::ptr::null_mut(),
            path.map_or(std::ptr::null(), CStr::as_ptr),
        ) != 0
    }
}

/// What `set_prov_param` reports back from `OSSL_PROVIDER_do_all`.
#[cfg(provider_conf_params)]
struct ProvParam<'a> {
    name: Option<&'a CStr>,
    key: &'a CStr,
    value: &'a CStr,
    found: bool,
}

#[cfg(provider_conf_params)]
unsafe extern "C" fn set_prov_param(
    prov: *mut sys::OSSL_PROVIDER,
    data: *mut libc::c_void,
) -> libc::c_int {
    // SAFETY: `data` is the ProvParam that `add_provider_param` passes and
    // keeps alive for the whole iteration; `prov` is live while we run.
    unsafe {
        let p = &mut *data.cast::<ProvParam<'_>>();
        if let Some(name) = p.name
            && CStr::from_ptr(sys::OSSL_PROVIDER_get0_name(prov)) != name
        {
            return 1;
        }
        p.found = true;
        sys::OSSL_PROVIDER_add_conf_parameter(prov, p.key.as_ptr(), p.value.as_ptr())
    }
}

/// `OSSL_PROVIDER_do_all` setting `key = value` on the loaded providers
/// named `name` (all when None), as `opt_provider_param` (3.5) does:
/// Some(found any) when every call succeeded, None when one failed.
#[cfg(provider_conf_params)]
pub fn add_provider_param(name: Option<&CStr>, key: &CStr, value: &CStr) -> Option<bool> {
    let mut p = ProvParam {
        name,
        key,
        value,
        found: false,
    };
    // SAFETY: `p` outlives the call; the callback only reads and flags it.
    let ok = unsafe {
        sys::OSSL_PROVIDER_do_all(
            std::ptr::null_mut(),
            Some(set_prov_param),
            (&raw mut p).cast(),
        )
    };
    (ok != 0).then_some(p.found)
}

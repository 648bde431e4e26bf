//! Process-wide libcrypto state that apps/ sets from options and config:
//! objects (OIDs), the default string mask, the random generator's seed
//! files, providers, and digest lookup.

use super::{Bio, propq_ptr, sys};
use std::ffi::CStr;
use std::sync::{Mutex, Once};

/// `OBJ_create(oid, sn, ln)`; false when libcrypto refuses it.
pub fn create_object(oid: &CStr, sn: &CStr, ln: &CStr) -> bool {
    // SAFETY: NUL-terminated strings.
    unsafe { sys::OBJ_create(oid.as_ptr(), sn.as_ptr(), ln.as_ptr()) != 0 }
}

/// `OBJ_create_objects`: one `oid short long` line after another.
pub fn create_objects(input: &Bio) {
    // SAFETY: live BIO.
    unsafe { sys::OBJ_create_objects(input.as_ptr()) };
}

/// `ASN1_STRING_set_default_mask_asc`.
pub fn set_default_string_mask(mask: &CStr) -> bool {
    // SAFETY: NUL-terminated; sets libcrypto's process-wide default.
    unsafe { sys::ASN1_STRING_set_default_mask_asc(mask.as_ptr()) != 0 }
}

/// `RAND_status`.
pub fn rand_status() -> bool {
    // SAFETY: no arguments.
    unsafe { sys::RAND_status() != 0 }
}

/// `RAND_load_file(file, -1) >= 0`.
pub fn rand_load_file(file: &CStr) -> bool {
    // SAFETY: NUL-terminated path.
    unsafe { sys::RAND_load_file(file.as_ptr(), -1) >= 0 }
}

/// `RAND_write_file(file) != -1`.
pub fn rand_write_file(file: &CStr) -> bool {
    // SAFETY: NUL-terminated path.
    unsafe { sys::RAND_write_file(file.as_ptr()) != -1 }
}

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

/// `EVP_MD_fetch(NULL, name, propq)`, freed at once: is it fetchable?
pub fn digest_fetchable(name: &CStr) -> bool {
    // SAFETY: the fetched digest is freed immediately.
    unsafe {
        let md = sys::EVP_MD_fetch(std::ptr::null_mut(), name.as_ptr(), propq_ptr());
        if md.is_null() {
            return false;
        }
        sys::EVP_MD_free(md);
        true
    }
}

/// `EVP_get_digestbyname`: the legacy name table (aliases, engines).
pub fn digest_by_name(name: &CStr) -> bool {
    // SAFETY: lookup only.
    unsafe { !sys::EVP_get_digestbyname(name.as_ptr()).is_null() }
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

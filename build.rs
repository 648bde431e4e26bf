//! Refuses to build against an OpenSSL older than 3.0 (whose `req` this
//! program reproduces and whose provider-era API it calls), and records the
//! version it was built against for the program and its tests.

fn main() {
    // openssl-sys publishes the linked library's OPENSSL_VERSION_NUMBER
    // (hex) to the build scripts of crates that depend on it directly.
    println!("cargo:rerun-if-env-changed=DEP_OPENSSL_VERSION_NUMBER");
    let raw = std::env::var("DEP_OPENSSL_VERSION_NUMBER").unwrap_or_default();
    let Ok(number) = u64::from_str_radix(raw.trim(), 16) else {
        panic!(
            "openssl-req: could not tell which OpenSSL openssl-sys found \
             (DEP_OPENSSL_VERSION_NUMBER={raw:?}); install OpenSSL 3.0 development files (libssl-dev)"
        );
    };
    let (major, minor, patch) = (
        (number >> 28) & 0xf,
        (number >> 20) & 0xff,
        (number >> 4) & 0xff,
    );
    if major < 3 {
        panic!(
            "openssl-req needs OpenSSL 3.0 or newer to build against; found {major}.{minor}.{patch} \
             (OPENSSL_VERSION_NUMBER 0x{number:x}). Install libssl-dev from OpenSSL 3."
        );
    }
    println!("cargo:rustc-env=OPENSSL_REQ_BUILT_AGAINST={major}.{minor}.{patch}");
}

//! Picks the OpenSSL release line this program reproduces: the line of the
//! libcrypto that openssl-sys found (or built, with `--features vendored`).
//! A library of any other line, or another library altogether, fails the
//! build with a message naming the supported lines, since `openssl req`
//! differs from line to line and we can only be exactly one of them.
//!
//! Sets for the crate:
//! - `$OUT_DIR/built_version.rs`, the library's full version (a `Version`
//!   expression), read only by `src/line.rs` as `LINE`, where every
//!   difference between the lines is kept;
//! - `cfg(ossl3)` when the library is 3.0 or later: the API 1.1.1 lacks
//!   (library contexts, providers, OSSL_STORE's `_ex` calls, `EVP_*_fetch`,
//!   names of key types), whose declarations would not link against 1.1.1;
//! - `cfg(engines)` when the library has the ENGINE API (every 3.x line
//!   unless built `no-engine`; 4.0 removed it), and
//!   `cfg(provider_conf_params)` when it has `OSSL_PROVIDER_add_conf_parameter`
//!   (3.5 on, for `-provparam`): the FFI declarations that would not link
//!   without them;
//! - `OPENSSL_REQ_BUILT_AGAINST`, the full version, for messages and tests.

// The version type and its one decoder, shared with the crate and tests.
#[path = "src/version.rs"]
#[allow(dead_code)]
mod version;
use version::{SUPPORTED_LINES, Version};

fn main() {
    for var in [
        "DEP_OPENSSL_VERSION_NUMBER",
        "DEP_OPENSSL_LIBRESSL_VERSION_NUMBER",
        "DEP_OPENSSL_BORINGSSL",
        "DEP_OPENSSL_AWSLC",
        "DEP_OPENSSL_CONF",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    println!("cargo:rustc-check-cfg=cfg(engines)");
    println!("cargo:rustc-check-cfg=cfg(ossl3)");
    println!("cargo:rustc-check-cfg=cfg(provider_conf_params)");

    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let other = if env("DEP_OPENSSL_LIBRESSL_VERSION_NUMBER").is_some() {
        Some("LibreSSL")
    } else if env("DEP_OPENSSL_BORINGSSL").is_some() {
        Some("BoringSSL")
    } else if env("DEP_OPENSSL_AWSLC").is_some() {
        Some("AWS-LC")
    } else {
        None
    };
    if let Some(lib) = other {
        fail(&format!("openssl-sys found {lib}, which is not OpenSSL"));
    }

    // openssl-sys publishes the library's OPENSSL_VERSION_NUMBER (hex) to
    // the build scripts of crates that depend on it directly.
    let raw = env("DEP_OPENSSL_VERSION_NUMBER").unwrap_or_default();
    let Ok(number) = u64::from_str_radix(raw.trim(), 16) else {
        fail(&format!(
            "could not tell which OpenSSL openssl-sys found (DEP_OPENSSL_VERSION_NUMBER={raw:?})"
        ));
    };
    let built = Version::of_number(number);
    if !SUPPORTED_LINES.contains(&built.line()) {
        fail(&format!(
            "openssl-sys found OpenSSL {built}, a release line this program does not reproduce"
        ));
    }
    // The vendored build is the 3.5 LTS line (Cargo.toml pins openssl-src).
    #[cfg(feature = "vendored")]
    if !openssl_src::version().contains("+3.5.") {
        fail(&format!(
            "the vendored OpenSSL is {}, not of the 3.5 line",
            openssl_src::version()
        ));
    }
    let out = std::path::PathBuf::from(env("OUT_DIR").unwrap_or_default());
    let expr = format!(
        "Version {{ major: {}, minor: {}, patch: {}, letter: {} }}",
        built.major, built.minor, built.patch, built.letter
    );
    if let Err(e) = std::fs::write(out.join("built_version.rs"), expr) {
        fail(&format!("cannot write {}: {e}", out.display()));
    }

    let conf = env("DEP_OPENSSL_CONF").unwrap_or_default();
    let no_engine = conf.split(',').any(|c| c == "OPENSSL_NO_ENGINE");
    if built.line() < Version::new(4, 0, 0) && !no_engine {
        println!("cargo:rustc-cfg=engines");
    }
    if built.line() >= Version::new(3, 0, 0) {
        println!("cargo:rustc-cfg=ossl3");
    }
    if built.line() >= Version::new(3, 5, 0) {
        println!("cargo:rustc-cfg=provider_conf_params");
    }
    println!("cargo:rustc-env=OPENSSL_REQ_BUILT_AGAINST={built}");

    // The unwinder std refers to, linked in from gcc's static libgcc_eh
    // (before std's own -lgcc_s, which --as-needed then drops): one shared
    // library fewer to load at every start. Release builds abort on panic
    // and never unwind; where the archive is missing, std links libgcc_s
    // as usual. Only for glibc targets (musl's std links its own unwinder
    // statically, macOS and FreeBSD have theirs in the C library) and only
    // when building for the machine we build on, whose `cc` is the one
    // that links us and knows where its own libgcc_eh is.
    let native_gnu = std::env::var("TARGET").ok() == std::env::var("HOST").ok()
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if native_gnu
        && std::env::var("PROFILE").as_deref() == Ok("release")
        && let Some(dir) = gcc_file("libgcc_eh.a")
            .as_deref()
            .and_then(std::path::Path::parent)
    {
        println!("cargo:rustc-link-search=native={}", dir.display());
        println!("cargo:rustc-link-lib=static=gcc_eh");
    }
}

/// Where the C compiler that links us finds `file`, if it does.
fn gcc_file(file: &str) -> Option<std::path::PathBuf> {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let out = std::process::Command::new(cc)
        .arg(format!("-print-file-name={file}"))
        .output()
        .ok()?;
    let path = std::path::PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    // gcc prints the bare name back when it has no such file.
    path.is_absolute().then_some(path)
}

/// Stops the build with openssl-req's reason: a `cargo::error` for the
/// user (not a panic, whose backtrace hints at a bug in build.rs), after
/// which cargo fails the build.
fn fail(why: &str) -> ! {
    let lines: Vec<String> = SUPPORTED_LINES.iter().map(|l| l.line_name()).collect();
    println!(
        "cargo::error=openssl-req: {why}. It is `openssl req` of one of the OpenSSL release lines \
         {}: build it against one of those (system libssl-dev of such a line, \
         OPENSSL_DIR=<prefix>, e.g. from tools/openssl-prefix, or --features vendored).",
        lines.join(", ")
    );
    std::process::exit(0)
}

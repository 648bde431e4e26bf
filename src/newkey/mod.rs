//! `-newkey`: which key to generate and how (`set_keygen_ctx` in
//! apps/req.c, by the line's strategy: `by_name` for 3.x, `by_ameth` for
//! 1.1.1, chosen in src/line.rs), then generating it (`app_keygen` in
//! apps/lib/apps.c).

#[cfg(not(ossl3))]
pub mod by_ameth;
#[cfg(ossl3)]
pub mod by_name;

use crate::console;
use crate::failure::Failure;
use crate::ffi::keygen::{KeygenCtx, Progress};
use crate::ffi::{Bio, pkey};
use crate::line::LINE;
use crate::text;
use openssl::pkey::{PKey, Params, Private};
use std::ffi::CString;

/// The key types whose size `req_main` checks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KeyKind {
    Rsa,
    RsaPss,
    Dsa,
    Ec,
    Other,
}

impl KeyKind {
    /// The kind of a context or key, asked by type name.
    pub fn of(is_a: impl Fn(&str) -> bool) -> KeyKind {
        [
            ("RSA", KeyKind::Rsa),
            ("RSA-PSS", KeyKind::RsaPss),
            ("DSA", KeyKind::Dsa),
            ("EC", KeyKind::Ec),
        ]
        .into_iter()
        .find(|(name, _)| is_a(name))
        .map_or(KeyKind::Other, |(_, kind)| kind)
    }
}

/// A prepared key-generation context and what it will make.
pub struct KeySpec {
    pub ctx: KeygenCtx,
    /// The algorithm name as openssl reports it ("RSA", "EC", ...).
    pub alg: CString,
    /// The key length in bits, as `newkey_len` in req_main.
    pub bits: i64,
    /// The type, for `req_main`'s size checks.
    pub kind: KeyKind,
}

/// `app_keygen(ctx, alg, bits, verbose)`, with progress characters on
/// stderr when `progress` (always in 3.0; 3.2's `-quiet` turns them off).
pub fn generate(
    spec: &KeySpec,
    prog: &str,
    verbose: bool,
    progress: bool,
) -> Result<PKey<Private>, Failure> {
    let alg = &spec.alg;
    if LINE.keygen_in_req_main() {
        return generate_in_req_main(spec);
    }
    if verbose {
        // app_keygen takes the length as an int.
        let bits = spec.bits as i32;
        if bits > 0 {
            console::eprint(text!(
                "Generating ",
                alg,
                " key with ",
                bits.to_string(),
                " bits\n"
            ));
        } else {
            console::eprint(text!("Generating ", alg, " key\n"));
        }
    }
    if !crate::ffi::library_state::rand_status() {
        console::eprint(
            "Warning: generating random key material may take a long time\n\
             if the system has a poor entropy source\n",
        );
    }
    // 3.0's `genpkey_cb` (req.c) always prints; since 3.2 req installs
    // lib/s_cb.c's `progress_cb` only when `progress` is on.
    let style = if LINE.progress_symbols_v32() {
        Progress::SCb
    } else {
        Progress::Genpkey
    };
    if let (Some(err), true) = (console::stderr(), progress || style == Progress::Genpkey) {
        spec.ctx.print_progress(err, style);
    }
    spec.ctx
        .keygen()
        .ok_or_else(|| Failure::msg(text!(prog, ": Error generating ", alg, " key\n")))
}

/// 1.1.1's `req_main` generating the key itself: the announcement
/// (always), req.c's `genpkey_cb` progress (always), `EVP_PKEY_keygen`.
fn generate_in_req_main(spec: &KeySpec) -> Result<PKey<Private>, Failure> {
    if spec.kind == KeyKind::Ec {
        console::eprint("Generating an EC private key\n");
    } else {
        console::eprint(text!("Generating a ", spec.alg, " private key\n"));
    }
    if let Some(err) = console::stderr() {
        spec.ctx.print_progress(err, Progress::Genpkey);
    }
    spec.ctx
        .keygen()
        .ok_or_else(|| Failure::msg("Error Generating Key\n"))
}

/// The parameter file of `-newkey alg:file` (or `param:file`): key
/// parameters (`PEM_read_bio_Parameters`), else a certificate whose key
/// supplies them, as `set_keygen_ctx` reads it on every line.
fn read_paramfile(pf: &[u8]) -> Result<PKey<Params>, Failure> {
    let bio = CString::new(pf).ok().and_then(|p| Bio::file(&p, c"r"));
    let Some(bio) = bio else {
        return Err(Failure::msg(text!(
            LINE.cannot_open_parameter_file(),
            pf,
            "\n"
        )));
    };
    let mut p = pkey::read_parameters(&bio);
    if p.is_none() {
        bio.reset();
        p = pkey::read_cert_pubkey(&bio);
    }
    p.ok_or_else(|| Failure::msg(text!("Error reading parameter file ", pf, "\n")))
}

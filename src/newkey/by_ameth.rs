//! `-newkey` as 1.1.1's `set_keygen_ctx` (apps/req.c) reads it: the
//! algorithm found by its ASN.1 method (`EVP_PKEY_asn1_find_str`, engines'
//! included), the context made from its type (`EVP_PKEY_CTX_new_id`) or
//! from the parameters (`EVP_PKEY_CTX_new`), and only RSA given a size
//! (`EVP_PKEY_CTX_set_rsa_keygen_bits`).
//!
//! Grammar: `nbits` (RSA), `param:file`, `alg`, `alg:nbits` for RSA and
//! `alg:file` for the others; nothing is RSA of `default_bits`.

use super::{KeyKind, KeySpec};
use crate::engine::Engine;
use crate::failure::Failure;
use crate::ffi::keygen::{KeygenCtx, ameth};
use crate::ffi::pkey;
use crate::text;
use openssl::pkey::Id;

/// `set_keygen_ctx(gstr, &pkey_type, &newkey, &keyalgstr, gen_eng)`.
pub fn keygen_ctx(
    gstr: Option<&[u8]>,
    default_bits: i64,
    engine: Option<&Engine>,
) -> Result<KeySpec, Failure> {
    let rsa = Id::RSA.as_raw();
    let mut bits = default_bits;
    let mut keylen: i64 = -1;
    let mut pkey_type: i32 = -1;
    let mut paramfile: Option<&[u8]> = None;
    match gstr {
        None => {
            pkey_type = rsa;
            keylen = bits;
        }
        Some(g) if g.first().is_some_and(u8::is_ascii_digit) => {
            pkey_type = rsa;
            keylen = atol(g);
            bits = keylen;
        }
        Some(g) if g.starts_with(b"param:") => paramfile = Some(&g[6..]),
        Some(g) => {
            let colon = g.iter().position(|&c| c == b':');
            // The name is the text before ':' (or all of it), as far as C
            // reads it: up to a NUL.
            let name = &g[..colon.unwrap_or(g.len())];
            let Some(id) = ameth::find_str(name) else {
                return Err(Failure::msg(text!(
                    "Unknown algorithm ",
                    crate::ffi::name::until_nul(name),
                    "\n"
                )));
            };
            pkey_type = id;
            if pkey_type == rsa {
                match colon {
                    Some(c) => {
                        keylen = atol(&g[c + 1..]);
                        bits = keylen;
                    }
                    None => keylen = bits,
                }
            } else if let Some(c) = colon {
                paramfile = Some(&g[c + 1..]);
            }
        }
    }

    let params = match paramfile {
        Some(pf) => {
            let p = super::read_paramfile(pf)?;
            if pkey_type == -1 {
                pkey_type = pkey::id(&p);
            } else if pkey_type != pkey::base_id(&p) {
                return Err(Failure::msg("Key Type does not match parameters\n"));
            }
            Some(p)
        }
        None => None,
    };

    let Some(alg) = ameth::pem_name(pkey_type) else {
        return Err(Failure::msg("Internal error: can't find key algorithm\n"));
    };

    let ctx = match &params {
        Some(p) => {
            bits = i64::from(pkey::bits(p));
            match engine {
                Some(e) => KeygenCtx::from_params_engine(p, e),
                None => KeygenCtx::from_params(p),
            }
        }
        None => match engine {
            Some(e) => KeygenCtx::from_id(pkey_type, e),
            None => KeygenCtx::from_id_default(pkey_type),
        },
    };
    let Some(ctx) = ctx else {
        return Err(Failure::msg("Error allocating keygen context\n").then_errors());
    };
    if !ctx.keygen_init() {
        return Err(Failure::msg("Error initializing keygen context\n").then_errors());
    }
    // `EVP_PKEY_CTX_set_rsa_keygen_bits` takes an int.
    if pkey_type == rsa && keylen != -1 && !ctx.set_rsa_keygen_bits(keylen as libc::c_int) {
        return Err(Failure::msg("Error setting RSA keysize\n").then_errors());
    }
    let kind = match pkey_type {
        t if t == rsa => KeyKind::Rsa,
        t if t == Id::RSA_PSS.as_raw() => KeyKind::RsaPss,
        t if t == Id::DSA.as_raw() => KeyKind::Dsa,
        t if t == Id::EC.as_raw() => KeyKind::Ec,
        _ => KeyKind::Other,
    };
    Ok(KeySpec {
        ctx,
        alg,
        bits,
        kind,
    })
}

/// `atol`, on a C long (32 bits on some systems).
#[allow(clippy::useless_conversion)]
fn atol(s: &[u8]) -> i64 {
    i64::from(crate::ffi::number::atol(s))
}

//! `-subj` strings: `/type0=value0/type1=value1+type2=value2...` with `\`
//! escapes, parsed as `parse_name` in apps/lib/apps.c does (1.1.1:
//! apps/apps.c, with its own texts), warnings and error sentences included. The entries themselves are added by
//! libcrypto, which enforces string types, masks and lengths.

use crate::console;
use crate::failure::Failure;
use crate::ffi::name::{NameExt, new_name, txt2nid};
use crate::line::LINE;
use crate::text;
use openssl::x509::X509Name;

/// `parse_name(cp, chtype, canmulti, desc)` (1.1.1: without `desc`).
pub fn parse_name(
    prog: &str,
    input: &[u8],
    chtype: i32,
    canmulti: bool,
    desc: &str,
) -> Result<X509Name, Failure> {
    let v3 = LINE.parse_name_names_desc();
    let Some(rest) = input.strip_prefix(b"/") else {
        let what = if v3 {
            text!(prog, ": ", desc, " name")
        } else {
            b"name".to_vec()
        };
        return Err(Failure::msg(text!(
            what,
            " is expected to be in the format /type0=value0/type1=value1/type2=... \
             where characters may be escaped by \\. This name is not in that format: '",
            input,
            "'\n"
        )));
    };
    let mut name = new_name().ok_or_else(|| Failure::msg(format!("{prog}: Out of memory\n")))?;
    // parse_name walks a C string: stop at an embedded NUL.
    let cp = crate::ffi::name::until_nul(rest);
    let mut i = 0;
    let mut next_is_multi = false;
    while i < cp.len() {
        let is_multi = next_is_multi;
        let Entry {
            typestr,
            value,
            then_multi,
        } = read_entry(prog, cp, &mut i, canmulti, desc)?;
        next_is_multi = then_multi;

        let nid = txt2nid(typestr);
        if nid == 0 && !v3 {
            console::eprint(text!(
                prog,
                ": Skipping unknown attribute \"",
                typestr,
                "\"\n"
            ));
            continue;
        }
        if nid == 0 {
            console::eprint(text!(
                prog,
                " warning: Skipping unknown ",
                desc,
                " name attribute \"",
                typestr,
                "\"\n"
            ));
            if is_multi {
                console::eprint(format!(
                    "{prog} hint: a '+' in a value string needs be escaped using '\\' else a new member of a multi-valued RDN is expected\n"
                ));
            }
            continue;
        }
        if value.is_empty() && !v3 {
            console::eprint(text!(
                prog,
                ": No value provided for Subject Attribute ",
                typestr,
                ", skipped\n"
            ));
            continue;
        }
        if value.is_empty() {
            console::eprint(text!(
                prog,
                " warning: No value provided for ",
                desc,
                " name attribute \"",
                typestr,
                "\", skipped\n"
            ));
            continue;
        }
        if !name.add_entry_nid(nid, chtype, &value, if is_multi { -1 } else { 0 }) {
            if !v3 {
                return Err(Failure::silent());
            }
            return Err(Failure::silent().then_errors().then(text!(
                prog,
                ": Error adding ",
                desc,
                " name attribute \"/",
                typestr,
                "=",
                value,
                "\"\n"
            )));
        }
    }
    Ok(name)
}

/// One `type=value` of the string.
struct Entry<'a> {
    typestr: &'a [u8],
    /// The value, its escapes resolved.
    value: Vec<u8>,
    /// Ended by an unescaped '+': the next entry joins this one's RDN.
    then_multi: bool,
}

/// The entry that starts at `cp[*i]`; `*i` is left past the '/' or '+'
/// that ended it.
fn read_entry<'a>(
    prog: &str,
    cp: &'a [u8],
    i: &mut usize,
    canmulti: bool,
    desc: &str,
) -> Result<Entry<'a>, Failure> {
    let type_start = *i;
    while *i < cp.len() && cp[*i] != b'=' {
        *i += 1;
    }
    let typestr = &cp[type_start..*i];
    if *i >= cp.len() && !LINE.parse_name_names_desc() {
        return Err(Failure::msg(format!(
            "{prog}: Hit end of string before finding the equals.\n"
        )));
    }
    if *i >= cp.len() {
        return Err(Failure::msg(text!(
            prog,
            ": Missing '=' after RDN type string '",
            typestr,
            "' in ",
            desc,
            " name string\n"
        )));
    }
    *i += 1;

    let mut value = Vec::new();
    let mut then_multi = false;
    while *i < cp.len() && cp[*i] != b'/' {
        if canmulti && cp[*i] == b'+' {
            then_multi = true;
            break;
        }
        if cp[*i] == b'\\' {
            *i += 1;
            if *i >= cp.len() && !LINE.parse_name_names_desc() {
                return Err(Failure::msg(format!(
                    "{prog}: escape character at end of string\n"
                )));
            }
            if *i >= cp.len() {
                return Err(Failure::msg(format!(
                    "{prog}: Escape character at end of {desc} name string\n"
                )));
            }
        }
        value.push(cp[*i]);
        *i += 1;
    }
    // Past the '/' or '+' that ended the value.
    if *i < cp.len() {
        *i += 1;
    }
    Ok(Entry {
        typestr,
        value,
        then_multi,
    })
}

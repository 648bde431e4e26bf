//! Filling in a new request's subject and attributes from the config, as
//! `prompt_info`, `auto_info` and `build_data` in apps/req.c do: one prompt
//! per field in config order, `_default`, `_value`, `_min` and `_max`,
//! Enter for the default, `.` for blank, openssl's re-prompts and errors.

use crate::console;
use crate::ffi::Conf;
use crate::ffi::name::{NameExt, txt2nid};
use crate::ffi::req::ReqExt;
use openssl::x509::X509ReqRef;
use std::ffi::{CStr, CString};

/// The size of `prompt_info`'s buffer for `<field>_default` and friends.
const NAME_BUF: usize = 100;
/// The size of `add_DN_object`'s buffer for a typed line.
const VALUE_BUF: usize = 1024;

/// How the config section asks for the subject.
pub struct DnTemplate<'a> {
    pub conf: &'a Conf,
    pub dn_sect: Option<CString>,
    pub dn: Option<Vec<crate::ffi::conf::ConfValue>>,
    pub attr_sect: Option<CString>,
    pub attrs: Option<Vec<crate::ffi::conf::ConfValue>>,
    pub batch: bool,
    pub chtype: i32,
}

/// `check_end(name, end) == 0`.
fn ends_with(name: &[u8], end: &[u8]) -> bool {
    name.len() >= end.len() && name.ends_with(end)
}

/// The field type of a DN line name: after the first `.`, `:` or `,`
/// ("0.organizationName"), then an optional `+` marking a further member
/// of a multi-valued RDN.
fn field_type(name: &[u8]) -> (&[u8], bool) {
    let mut ty = name;
    if let Some(i) = name
        .iter()
        .position(|&c| c == b':' || c == b',' || c == b'.')
    {
        if i + 1 < name.len() {
            ty = &name[i + 1..];
        }
    }
    match ty.strip_prefix(b"+") {
        Some(t) => (t, true),
        None => (ty, false),
    }
}

/// `join(buf, size, name, tail, desc)`: the C string `name + tail` if it
/// fits the buffer, else openssl's "'<name>' too long" message.
fn join(name: &[u8], tail: &[u8], size: usize, desc: &str) -> Option<Vec<u8>> {
    if name.len() + tail.len() + 1 > size {
        console::eprint(format!(
            "{desc} '{}' too long\n",
            String::from_utf8_lossy(name)
        ));
        return None;
    }
    let mut v = name.to_vec();
    v.extend_from_slice(tail);
    Some(v)
}

/// What one field's answer came to.
enum Answer {
    /// The input failed (EOF, missing newline, too long): give up.
    Fail,
    /// Left blank.
    Skip,
    Value(Vec<u8>),
}

/// The `_default`, `_value`, `_min` and `_max` of a field.
struct FieldSpec {
    def: Vec<u8>,
    value: Option<Vec<u8>>,
    min: i64,
    max: i64,
}

impl DnTemplate<'_> {
    fn spec(&self, sect: &CStr, name: &[u8]) -> Option<FieldSpec> {
        let lookup = |tail: &[u8]| -> Option<CString> {
            let key = join(name, tail, NAME_BUF, "Name")?;
            CString::new(key).ok()
        };
        let def = self.conf.string_c(Some(sect), &lookup(b"_default")?);
        let value = self.conf.string_c(Some(sect), &lookup(b"_value")?);
        let min = self.conf.number(Some(sect), &lookup(b"_min")?);
        let max = self.conf.number(Some(sect), &lookup(b"_max")?);
        Some(FieldSpec {
            def: def.map(CString::into_bytes).unwrap_or_default(),
            value: value.map(CString::into_bytes),
            // build_data takes them as int: a long beyond that wraps, as in C.
            min: min.map_or(-1, |n| i64::from(n as i32)),
            max: max.map_or(-1, |n| i64::from(n as i32)),
        })
    }

    /// `build_data`.
    fn build_data(&self, text: &[u8], spec: &FieldSpec, desc1: &str, desc2: &str) -> Answer {
        loop {
            if !self.batch {
                let mut p = text.to_vec();
                p.extend_from_slice(b" [");
                p.extend_from_slice(&spec.def);
                p.extend_from_slice(b"]:");
                console::eprint(p);
            }
            let mut buf = match &spec.value {
                Some(v) => {
                    let Some(b) = join(v, b"\n", VALUE_BUF, desc1) else {
                        return Answer::Fail;
                    };
                    let mut echo = v.clone();
                    echo.push(b'\n');
                    console::eprint(echo);
                    b
                }
                None if self.batch => b"\n".to_vec(),
                None => match console::read_line(VALUE_BUF) {
                    Some(line) => line,
                    None => return Answer::Fail,
                },
            };
            if buf.is_empty() {
                return Answer::Fail;
            }
            if buf[0] == b'\n' {
                if spec.def.is_empty() {
                    return Answer::Skip;
                }
                let Some(b) = join(&spec.def, b"\n", VALUE_BUF, desc2) else {
                    return Answer::Fail;
                };
                buf = b;
            } else if buf == b".\n" {
                return Answer::Skip;
            }
            if buf.last() != Some(&b'\n') {
                console::eprint("Missing newline at end of input\n");
                return Answer::Fail;
            }
            buf.pop();
            if !check_len(buf.len(), spec.min, spec.max) {
                if self.batch || spec.value.is_some() {
                    return Answer::Fail;
                }
                continue;
            }
            return Answer::Value(buf);
        }
    }

    /// `prompt_info`: false when the request cannot be made (openssl then
    /// prints "Error making certificate request").
    pub fn prompt(&self, req: &mut X509ReqRef, attribs: bool) -> bool {
        if !self.batch {
            console::eprint(
                "You are about to be asked to enter information that will be incorporated\n\
                 into your certificate request.\n\
                 What you are about to enter is what is called a Distinguished Name or a DN.\n\
                 There are quite a few fields but you can leave some blank\n\
                 For some fields there will be a default value,\n\
                 If you enter '.', the field will be left blank.\n\
                 -----\n",
            );
        }
        // A missing section counts as -1 entries in C, which is "true":
        // only an existing but empty section has no template.
        if self.dn.as_ref().is_some_and(Vec::is_empty) {
            console::eprint("No template, please set one up.\n");
            return false;
        }
        let empty = CString::default();
        let dn_sect = self.dn_sect.as_ref().unwrap_or(&empty);
        for v in self.dn.iter().flatten() {
            let name = v.name.as_bytes();
            if [&b"_min"[..], b"_max", b"_default", b"_value"]
                .iter()
                .any(|e| ends_with(name, e))
            {
                continue;
            }
            let (ty, multi) = field_type(name);
            let nid = txt2nid(ty);
            if nid == 0 {
                continue;
            }
            let Some(spec) = self.spec(dn_sect, name) else {
                return false;
            };
            match self.build_data(v.value.as_bytes(), &spec, "DN value", "DN default") {
                Answer::Fail => return false,
                Answer::Skip => {}
                Answer::Value(val) => {
                    if !req.subject_mut().add_entry_nid(
                        nid,
                        self.chtype,
                        &val,
                        if multi { -1 } else { 0 },
                    ) {
                        return false;
                    }
                }
            }
        }
        if req.subject_mut().entry_count() == 0 {
            console::eprint("Error: No objects specified in config file\n");
            return false;
        }
        if !attribs {
            return true;
        }
        let attr_sect = self.attr_sect.as_ref().unwrap_or(&empty);
        if self.attrs.as_ref().is_some_and(|a| !a.is_empty()) && !self.batch {
            console::eprint(
                "\nPlease enter the following 'extra' attributes\n\
                 to be sent with your certificate request\n",
            );
        }
        for v in self.attrs.iter().flatten() {
            let name = v.name.as_bytes();
            let nid = txt2nid(name);
            if nid == 0 {
                continue;
            }
            let Some(spec) = self.spec(attr_sect, name) else {
                return false;
            };
            match self.build_data(
                v.value.as_bytes(),
                &spec,
                "Attribute value",
                "Attribute default",
            ) {
                Answer::Fail => return false,
                Answer::Skip => {}
                Answer::Value(val) => {
                    if !req.add_attr_nid(nid, self.chtype, &val) {
                        console::eprint("Error adding attribute\n");
                        return false;
                    }
                }
            }
        }
        true
    }

    /// `auto_info` (`prompt = no`): values straight from the config.
    pub fn auto(&self, req: &mut X509ReqRef, attribs: bool) -> bool {
        for v in self.dn.iter().flatten() {
            let (ty, multi) = field_type(v.name.as_bytes());
            let Ok(field) = CString::new(ty) else {
                return false;
            };
            if !req.subject_mut().add_entry_txt(
                &field,
                self.chtype,
                v.value.as_bytes(),
                if multi { -1 } else { 0 },
            ) {
                return false;
            }
        }
        if req.subject_mut().entry_count() == 0 {
            console::eprint("Error: No objects specified in config file\n");
            return false;
        }
        if attribs {
            for v in self.attrs.iter().flatten() {
                if !req.add_attr_txt(&v.name, self.chtype, v.value.as_bytes()) {
                    return false;
                }
            }
        }
        true
    }
}

/// `req_check_len`.
fn check_len(len: usize, min: i64, max: i64) -> bool {
    let len = len as i64;
    if min > 0 && len < min {
        console::eprint(format!(
            "String too short, must be at least {min} bytes long\n"
        ));
        return false;
    }
    if max >= 0 && len > max {
        console::eprint(format!(
            "String too long, must be at most {max} bytes long\n"
        ));
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_types() {
        assert_eq!(
            field_type(b"0.organizationName"),
            (&b"organizationName"[..], false)
        );
        assert_eq!(field_type(b"1.+OU"), (&b"OU"[..], true));
        assert_eq!(field_type(b"+CN"), (&b"CN"[..], true));
        // a separator at the very end leaves the name as it is
        assert_eq!(field_type(b"CN."), (&b"CN."[..], false));
        assert_eq!(field_type(b"a:b.c"), (&b"b.c"[..], false));
    }

    #[test]
    fn suffixes() {
        assert!(ends_with(b"CN_default", b"_default"));
        assert!(!ends_with(b"_max", b"_default"));
    }
}

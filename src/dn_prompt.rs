//! Filling in a new request's subject and attributes from the config, as
//! `prompt_info`, `auto_info` and `build_data` in apps/req.c do: one prompt
//! per field in config order, `_default`, `_value`, `_min` and `_max`,
//! Enter for the default, `.` for blank, openssl's re-prompts and errors.

use crate::console;
use crate::failure::Failure;
use crate::ffi::Conf;
use crate::ffi::name::{NameExt, new_name, txt2nid};
use crate::ffi::req::ReqExt;
use crate::line::LINE;
use crate::text;
use openssl::x509::{X509NameRef, X509ReqRef};
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

/// Fills the request's subject through `fill`, where the release puts the
/// entries: 3.x adds them to the request's own name in place; 4.0
/// (`prompt_info`, `auto_info`) builds a name of its own and hands it to
/// `X509_REQ_set_subject_name`, which stores a copy made through DER — so
/// the members of a multi-valued RDN then print in DER (sorted) order, not
/// in the order they were added.
fn fill_subject(
    req: &mut X509ReqRef,
    fill: impl FnOnce(&mut X509NameRef) -> Result<(), Failure>,
) -> Result<(), Failure> {
    if !LINE.subject_built_apart() {
        return fill(req.subject_mut());
    }
    let mut subject = new_name().ok_or_else(Failure::silent)?;
    fill(&mut subject)?;
    if !req.set_subject(&subject) {
        return Err(Failure::msg("Error: Can't set subject name\n"));
    }
    Ok(())
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
        && i + 1 < name.len()
    {
        ty = &name[i + 1..];
    }
    match ty.strip_prefix(b"+") {
        Some(t) => (t, true),
        None => (ty, false),
    }
}

/// `join(buf, size, name, tail, desc)`: the C string `name + tail` if it
/// fits the buffer, else openssl's "'<name>' too long" message.
fn join(name: &[u8], tail: &[u8], size: usize, desc: &str) -> Result<Vec<u8>, Failure> {
    if name.len() + tail.len() + 1 > size {
        return Err(Failure::msg(text!(desc, " '", name, "' too long\n")));
    }
    Ok([name, tail].concat())
}

/// What one field's answer came to (`build_data`'s 1 and 2; its 0 is an Err).
enum Answer {
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
    fn spec(&self, sect: &CStr, name: &[u8]) -> Result<FieldSpec, Failure> {
        let lookup = |tail: &[u8]| -> Result<CString, Failure> {
            let key = join(name, tail, NAME_BUF, "Name")?;
            Ok(CString::new(key).unwrap_or_default())
        };
        let def = self.conf.string_c(Some(sect), &lookup(b"_default")?);
        let value = self.conf.string_c(Some(sect), &lookup(b"_value")?);
        let min = self.conf.number(Some(sect), &lookup(b"_min")?);
        let max = self.conf.number(Some(sect), &lookup(b"_max")?);
        Ok(FieldSpec {
            def: def.map(CString::into_bytes).unwrap_or_default(),
            value: value.map(CString::into_bytes),
            // build_data takes them as int: a long beyond that wraps, as in C.
            min: min.map_or(-1, |n| i64::from(n as i32)),
            max: max.map_or(-1, |n| i64::from(n as i32)),
        })
    }

    /// `build_data`: Err when the input fails (EOF, a missing newline, a
    /// value out of bounds where openssl cannot ask again).
    fn build_data(
        &self,
        text: &[u8],
        spec: &FieldSpec,
        desc1: &str,
        desc2: &str,
    ) -> Result<Answer, Failure> {
        loop {
            if !self.batch {
                console::eprint(text!(text, " [", spec.def, "]:"));
            }
            let mut buf = match &spec.value {
                Some(v) => {
                    let b = join(v, b"\n", VALUE_BUF, desc1)?;
                    console::eprint(text!(v, "\n"));
                    b
                }
                None if self.batch => b"\n".to_vec(),
                None => console::read_line(VALUE_BUF).ok_or_else(Failure::silent)?,
            };
            if buf.is_empty() {
                return Err(Failure::silent());
            }
            if buf[0] == b'\n' {
                if spec.def.is_empty() {
                    return Ok(Answer::Skip);
                }
                buf = join(&spec.def, b"\n", VALUE_BUF, desc2)?;
            } else if buf == b".\n" {
                return Ok(Answer::Skip);
            }
            if buf.last() != Some(&b'\n') {
                return Err(Failure::msg(LINE.request_texts().no_newline));
            }
            buf.pop();
            if let Some(complaint) = length_complaint(buf.len(), spec.min, spec.max) {
                if self.batch || spec.value.is_some() {
                    return Err(Failure::msg(complaint));
                }
                console::eprint(complaint);
                continue;
            }
            return Ok(Answer::Value(buf));
        }
    }

    /// `prompt_info`: the subject and attributes asked field by field.
    pub fn prompt(&self, req: &mut X509ReqRef, attribs: bool) -> Result<(), Failure> {
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
            return Err(Failure::msg("No template, please set one up.\n"));
        }
        let empty = CString::default();
        let dn_sect = self.dn_sect.as_ref().unwrap_or(&empty);
        fill_subject(req, |subject| {
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
                let spec = self.spec(dn_sect, name)?;
                if let Answer::Value(val) =
                    self.build_data(v.value.as_bytes(), &spec, "DN value", "DN default")?
                    && !subject.add_entry_nid(nid, self.chtype, &val, if multi { -1 } else { 0 })
                {
                    return Err(Failure::silent());
                }
            }
            if subject.entry_count() == 0 {
                return Err(Failure::msg(LINE.request_texts().no_objects));
            }
            Ok(())
        })?;
        if !attribs {
            return Ok(());
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
            let spec = self.spec(attr_sect, name)?;
            let answer = self.build_data(
                v.value.as_bytes(),
                &spec,
                "Attribute value",
                "Attribute default",
            )?;
            if let Answer::Value(val) = answer
                && !req.add_attr_nid(nid, self.chtype, &val)
            {
                let f = Failure::msg("Error adding attribute\n");
                return Err(if LINE.request_texts().attribute_error_shows_queue {
                    f.then_errors()
                } else {
                    f
                });
            }
        }
        Ok(())
    }

    /// `auto_info` (`prompt = no`): values straight from the config.
    pub fn auto(&self, req: &mut X509ReqRef, attribs: bool) -> Result<(), Failure> {
        // 4.0 adds the attributes before it sets the subject: the order
        // shows only if setting it fails, which takes an allocation failure.
        fill_subject(req, |subject| {
            for v in self.dn.iter().flatten() {
                let (ty, multi) = field_type(v.name.as_bytes());
                let field = CString::new(ty).unwrap_or_default();
                if !subject.add_entry_txt(
                    &field,
                    self.chtype,
                    v.value.as_bytes(),
                    if multi { -1 } else { 0 },
                ) {
                    return Err(Failure::silent());
                }
            }
            if subject.entry_count() == 0 {
                return Err(Failure::msg(LINE.request_texts().no_objects));
            }
            Ok(())
        })?;
        if attribs {
            for v in self.attrs.iter().flatten() {
                if !req.add_attr_txt(&v.name, self.chtype, v.value.as_bytes()) {
                    return Err(Failure::silent());
                }
            }
        }
        Ok(())
    }
}

/// `req_check_len`: openssl's complaint about a value's length, if any.
fn length_complaint(len: usize, min: i64, max: i64) -> Option<String> {
    let len = len as i64;
    let texts = LINE.request_texts();
    if min > 0 && len < min {
        return Some(format!("{}{min} bytes long\n", texts.too_short));
    }
    if max >= 0 && len > max {
        return Some(format!("{}{max} bytes long\n", texts.too_long));
    }
    None
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
    fn lengths() {
        let texts = LINE.request_texts();
        assert_eq!(
            length_complaint(1, 2, 2),
            Some(format!("{}2 bytes long\n", texts.too_short))
        );
        assert_eq!(
            length_complaint(3, -1, 2),
            Some(format!("{}2 bytes long\n", texts.too_long))
        );
        // a minimum of 0 or less is no minimum; a maximum of 0 is one
        assert_eq!(length_complaint(0, 0, -1), None);
        assert!(length_complaint(1, -1, 0).is_some());
    }

    #[test]
    fn joined_names_must_fit_the_buffer() {
        assert_eq!(
            join(b"CN", b"_default", 100, "Name").ok(),
            Some(b"CN_default".to_vec())
        );
        let long = vec![b'a'; 92];
        assert_eq!(
            join(&long, b"_default", 100, "Name")
                .err()
                .map(|f| f.text()),
            Some(format!("Name '{}' too long\n", "a".repeat(92)))
        );
    }

    #[test]
    fn suffixes() {
        assert!(ends_with(b"CN_default", b"_default"));
        assert!(!ends_with(b"_max", b"_default"));
    }
}

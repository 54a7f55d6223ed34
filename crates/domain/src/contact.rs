//! How the team reaches a reporter: e-mail address and telephone number (personal data, never published).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::field_error::FieldError;
use crate::text::{Lines, clean};

/// A syntactically valid e-mail address (RFC 5321 length limits).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Parses an optional `reporter_email`.
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, FieldError> {
        let Some(text) = clean("reporter_email", raw, 254, Lines::Single)? else {
            return Ok(None);
        };
        // A reachable address has a domain with a dot in it ("nama@gmail" is a typo, not an address).
        let domain_has_dot = text.rsplit_once('@').is_some_and(|(_, domain)| {
            domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        });
        if email_address::EmailAddress::is_valid(&text)
            && domain_has_dot
            && !text.contains(['<', '>', '"', ' '])
        {
            Ok(Some(Email(text)))
        } else {
            Err(FieldError::new(
                "reporter_email",
                "Alamat e-mail tidak valid, contoh: nama@contoh.go.id.",
                "Not a valid e-mail address, e.g. name@example.go.id.",
            ))
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The mailbox the address reaches, for counting what is sent to it: lower case, without a `+tag` in its
    /// local part (`Siti+1@Contoh.ID` and `siti@contoh.id` are one mailbox). Never an address to send to.
    pub fn mailbox(&self) -> String {
        let lower = self.0.to_lowercase();
        match lower.rsplit_once('@') {
            Some((local, domain)) => {
                let local = local.split_once('+').map_or(local, |(base, _)| base);
                format!("{local}@{domain}")
            }
            None => lower,
        }
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Email(<redacted>)")
    }
}

impl TryFrom<String> for Email {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, FieldError> {
        Email::parse_optional(&raw)?.ok_or_else(|| crate::text::required("reporter_email"))
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

/// A telephone number in E.164 form (`+628123456789`); Indonesian national numbers (`0812…`) are converted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Parses an optional `reporter_phone`: digits with spaces, hyphens, dots or parentheses between them.
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, FieldError> {
        let Some(text) = clean("reporter_phone", raw, 32, Lines::Single)? else {
            return Ok(None);
        };
        let invalid = || {
            FieldError::new(
                "reporter_phone",
                "Nomor telepon tidak valid, contoh: 0812-3456-7890 atau +62 812 3456 7890.",
                "Not a valid telephone number, e.g. 0812-3456-7890 or +62 812 3456 7890.",
            )
        };
        let (international, rest) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        if !rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
        {
            return Err(invalid());
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        let e164 = if international || digits.starts_with("62") {
            digits
        } else if let Some(national) = digits.strip_prefix('0') {
            format!("62{national}")
        } else {
            return Err(invalid());
        };
        if !(8..=15).contains(&e164.len()) || e164.starts_with('0') {
            return Err(invalid());
        }
        Ok(Some(Phone(format!("+{e164}"))))
    }

    /// The number in E.164 form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Phone(<redacted>)")
    }
}

impl TryFrom<String> for Phone {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, FieldError> {
        Phone::parse_optional(&raw)?.ok_or_else(|| crate::text::required("reporter_phone"))
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> String {
        phone.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse_optional(" tim@tegalkab.go.id ")
                .unwrap()
                .unwrap()
                .as_str(),
            "tim@tegalkab.go.id"
        );
        assert_eq!(Email::parse_optional("").unwrap(), None);
        for bad in [
            "tim",
            "@tegalkab.go.id",
            "<script>@x.id",
            "a@b@c",
            "nama@gmail",
            "nama@contoh.",
            "tim@tegalkab.go.id\u{0}",
            "\"a b\"@x.id",
            &format!("{}@x.id", "a".repeat(300)),
        ] {
            assert_eq!(
                Email::parse_optional(bad).unwrap_err().field,
                "reporter_email",
                "{bad}"
            );
        }
    }

    #[test]
    fn an_address_is_counted_by_its_mailbox() {
        let mailbox = |raw: &str| Email::parse_optional(raw).unwrap().unwrap().mailbox();
        assert_eq!(
            mailbox("Siti.Aminah+lapor1@Contoh.ID"),
            "siti.aminah@contoh.id"
        );
        assert_eq!(mailbox("siti.aminah@contoh.id"), "siti.aminah@contoh.id");
        assert_ne!(
            mailbox("siti.aminah@contoh.id"),
            mailbox("siti.amina@contoh.id")
        );
    }

    #[test]
    fn phones_become_e164() {
        let parse =
            |raw: &str| Phone::parse_optional(raw).map(|p| p.map(|p| p.as_str().to_owned()));
        assert_eq!(parse("0812-3456-7890").unwrap().unwrap(), "+6281234567890");
        assert_eq!(
            parse("+62 812 3456 7890").unwrap().unwrap(),
            "+6281234567890"
        );
        assert_eq!(parse("(0283) 491234").unwrap().unwrap(), "+62283491234");
        assert_eq!(parse("6281234567890").unwrap().unwrap(), "+6281234567890");
        assert_eq!(parse("").unwrap(), None);
        for bad in [
            "12345",
            "0812abc",
            "+0812345678",
            "<b>0812</b>",
            "081234567890123456789",
            "0",
        ] {
            assert_eq!(
                Phone::parse_optional(bad).unwrap_err().field,
                "reporter_phone",
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_output_never_shows_the_value() {
        let email = Email::parse_optional("rahasia@contoh.id").unwrap().unwrap();
        let phone = Phone::parse_optional("081234567890").unwrap().unwrap();
        let printed = format!("{email:?} {phone:?}");
        assert!(
            !printed.contains("rahasia") && !printed.contains("81234"),
            "{printed}"
        );
    }
}

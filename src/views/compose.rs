//! A ready message for a phone's mail app: the recipient, the subject and the body taken from a
//! task's draft, and the same as a `mailto:` URL (RFC 6068), so "send" is one tap.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use utoipa::ToSchema;

/// RFC 3986's unreserved characters stay as they are; everything else is percent-encoded.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// An address keeps its `@`.
const ADDRESS: &AsciiSet = &VALUE.remove(b'@');

/// A task's message, ready to hand to a mail app.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "to": "maria.lopez@acme.example",
    "subject": "Thank you for Tuesday's interview",
    "body": "Dear Ms. Lopez,\n\nThank you for meeting me on Tue 3 Mar…\n\nKind regards,\nAda Lovelace",
    "mailto": "mailto:maria.lopez@acme.example?subject=Thank%20you%20for%20Tuesday%27s%20interview&body=Dear%20Ms.%20Lopez%2C%0D%0A%0D%0AThank%20you…"
}))]
pub struct Compose {
    /// The recipient's email address as you stored it; `null` when you have none for them (the
    /// mail app then asks).
    pub to: Option<String>,
    /// The draft's `Subject:` line.
    pub subject: String,
    /// The email part of the draft after its subject line: the card, which goes by post, is
    /// left out.
    pub body: String,
    /// The same message as a `mailto:` URL (RFC 6068): line breaks as `%0D%0A`, spaces as `%20`.
    pub mailto: String,
}

impl Compose {
    /// The message of a draft written as the engine writes them (`Email`, a `Subject:` line,
    /// the body, then `---` and the card), as long as you kept that shape when editing it;
    /// `None` for a draft without a subject line.
    pub fn from_draft(draft: &str, to: Option<String>) -> Option<Self> {
        let draft = draft.replace("\r\n", "\n");
        let email = draft.trim_start();
        let email = email.strip_prefix("Email").unwrap_or(email).trim_start();
        let (subject, rest) = email.strip_prefix("Subject:")?.split_once('\n')?;
        let body = rest.split("\n---\n").next().unwrap_or(rest).trim();
        let subject = subject.trim();
        if subject.is_empty() || body.is_empty() {
            return None;
        }
        let mailto = mailto(to.as_deref(), subject, body);
        Some(Self {
            to,
            subject: subject.to_string(),
            body: body.to_string(),
            mailto,
        })
    }
}

fn mailto(to: Option<&str>, subject: &str, body: &str) -> String {
    let body = body.replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        utf8_percent_encode(to.unwrap_or(""), ADDRESS),
        utf8_percent_encode(subject, VALUE),
        utf8_percent_encode(&body, VALUE),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAFT: &str = "Email\n\nSubject: Thank you, and the 5% question\n\nDear Dr. Raman,\n\n\
        Thank you for Tuesday & for the tour.\n\nKind regards,\nAda Lovelace\n\n---\n\nCard\n\n\
        Dr. Raman\nAcme, 1 Main St\n\nDear Dr. Raman,\n\nThank you.\n\nWith thanks,\nAda Lovelace";

    /// The URL read back by a maintained parser (the `url` crate) and decoded says the same.
    fn read_back(mailto: &str) -> (String, String, String) {
        let url = url::Url::parse(mailto).expect("a valid URL");
        assert_eq!(url.scheme(), "mailto");
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .expect("UTF-8")
                .into_owned()
        };
        let mut subject = String::new();
        let mut body = String::new();
        for pair in url.query().unwrap_or("").split('&') {
            let (key, value) = pair.split_once('=').expect("key=value");
            match key {
                "subject" => subject = decode(value),
                "body" => body = decode(value),
                other => panic!("unexpected {other}"),
            }
        }
        (decode(url.path()), subject, body)
    }

    #[test]
    fn the_email_part_of_a_draft_becomes_a_message_and_a_mailto_that_reads_back() {
        let to = "ravi.raman+jobs@acme.example";
        let message = Compose::from_draft(DRAFT, Some(to.into())).expect("a message");
        assert_eq!(message.subject, "Thank you, and the 5% question");
        assert!(message.body.starts_with("Dear Dr. Raman,"));
        assert!(message.body.ends_with("Ada Lovelace"));
        assert!(!message.body.contains("Card"), "the card stays out");
        let (address, subject, body) = read_back(&message.mailto);
        assert_eq!(address, to);
        assert_eq!(subject, message.subject);
        assert_eq!(body, message.body.replace('\n', "\r\n"));
        assert!(!message.mailto.contains('+') || message.mailto.contains("%2B"));
        assert!(!message.mailto.contains(' ') && !message.mailto.contains('\n'));
    }

    #[test]
    fn without_an_address_the_mail_app_asks_for_one() {
        let message = Compose::from_draft(DRAFT, None).expect("a message");
        assert!(message.mailto.starts_with("mailto:?subject="));
        assert_eq!(read_back(&message.mailto).0, "");
    }

    #[test]
    fn a_draft_without_a_subject_line_is_no_message() {
        assert!(Compose::from_draft("Call Maria about the offer.", None).is_none());
        assert!(Compose::from_draft("Email\n\nSubject: \n\nHi", None).is_none());
        let edited = "Subject: Thanks\r\n\r\nDear Maria,\r\nThank you.";
        let message = Compose::from_draft(edited, None).expect("a message");
        assert_eq!(message.body, "Dear Maria,\nThank you.");
    }
}

//! Cards shaped like those iOS, Android and a card-scanner app export, and our own read back.

use super::*;
use crate::domain::Id;
use crate::domain::enums::{PreferredChannel, Role};

/// iOS Contacts, "Share Contact": 3.0, grouped ADR, `type=` repeated, escaped comma.
const IOS: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\n\
N:López;María;;;\r\nFN:María López\r\nORG:Acme Corp;Data Engineering;\r\nTITLE:Head of Data\r\n\
EMAIL;type=INTERNET;type=HOME:maria@home.example\r\n\
EMAIL;type=INTERNET;type=WORK;type=pref:maria.lopez@acme.example\r\n\
TEL;type=CELL;type=VOICE;type=pref:+1 (415) 555-0100\r\n\
item1.ADR;type=WORK;type=pref:;;1 Market St\\nSuite 400;San Francisco;CA;94105;United States\r\n\
item1.X-ABADR:us\r\nNOTE:Met at the onsite\\, loves Rust\\; ask about the team\r\nEND:VCARD\r\n";

/// Google Contacts on Android, "Export": 3.0, `TYPE=` upper case, a fax.
const ANDROID: &str = "BEGIN:VCARD\nVERSION:3.0\nFN:Sam Reed\nN:Reed;Sam;;;\n\
EMAIL;TYPE=INTERNET;TYPE=WORK:sam.reed@globex.example\nTEL;TYPE=WORK:+44 20 7946 0018\n\
TEL;TYPE=WORK,FAX:+44 20 7946 0019\n\
ADR;TYPE=WORK:;;10 Downing Street;London;;SW1A 2AA;United Kingdom\nORG:Globex\n\
TITLE:Engineering Manager\nNOTE:Referred by Priya\nEND:VCARD\n";

/// A card scanner's export: 4.0, a `tel:` URI, an honorific prefix, a long note folded across
/// lines (the fold's leading space is not part of the text).
const SCANNER: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dr. Priya Raman\r\nN:Raman;Priya;;Dr.;\r\n\
ORG:Initech\r\nTITLE:Director of Data Engineering\r\n\
TEL;TYPE=\"work,voice\";VALUE=uri:tel:+1-512-555-0142\r\n\
EMAIL;TYPE=work:p.raman@initech.example\r\n\
ADR;TYPE=work:;;4120 Freidrich Ln;Austin;TX;78744;USA\r\n\
NOTE:Scanned at the Initech onsite on 9 November. She runs the platform team and \r\n \
wants someone to own the billing service.\r\nEND:VCARD\r\n";

#[test]
fn an_iphone_card_reads_as_a_person() {
    let card = read(IOS).expect("a card");
    assert_eq!(card.name.as_deref(), Some("María López"));
    assert_eq!(card.company.as_deref(), Some("Acme Corp"));
    assert_eq!(card.title.as_deref(), Some("Head of Data"));
    assert_eq!(
        card.email.as_deref(),
        Some("maria.lopez@acme.example"),
        "work first"
    );
    assert_eq!(card.phone.as_deref(), Some("+1 (415) 555-0100"));
    assert_eq!(
        card.postal_address.as_deref(),
        Some("1 Market St\nSuite 400\nSan Francisco CA 94105\nUnited States")
    );
    assert_eq!(
        card.notes.as_deref(),
        Some("Met at the onsite, loves Rust; ask about the team")
    );
    assert_eq!(card.salutation, None);
}

#[test]
fn an_android_card_reads_as_a_person_with_a_fax() {
    let card = read(ANDROID).expect("a card");
    assert_eq!(card.name.as_deref(), Some("Sam Reed"));
    assert_eq!(card.phone.as_deref(), Some("+44 20 7946 0018"));
    assert_eq!(card.fax.as_deref(), Some("+44 20 7946 0019"));
    assert_eq!(
        card.postal_address.as_deref(),
        Some("10 Downing Street\nLondon SW1A 2AA\nUnited Kingdom")
    );
}

#[test]
fn a_scanned_card_unfolds_and_keeps_the_honorific_for_the_greeting() {
    let card = read(SCANNER).expect("a card");
    assert_eq!(card.name.as_deref(), Some("Priya Raman"));
    assert_eq!(card.salutation.as_deref(), Some("Dr. Raman"));
    assert_eq!(card.phone.as_deref(), Some("+1-512-555-0142"));
    assert_eq!(
        card.notes.as_deref(),
        Some(
            "Scanned at the Initech onsite on 9 November. She runs the platform team and wants \
             someone to own the billing service."
        )
    );
}

#[test]
fn what_cannot_be_one_person_is_refused() {
    assert!(read("").is_err());
    assert!(read("hello").is_err());
    assert!(
        read(&format!("{ANDROID}{IOS}"))
            .unwrap_err()
            .contains("several")
    );
    let old = ANDROID.replace("VERSION:3.0", "VERSION:2.1");
    assert!(read(&old).unwrap_err().contains("2.1"));
}

fn person() -> Person {
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-09T15:00:00Z")
        .expect("a time")
        .to_utc();
    Person {
        id: Id::new_v7(),
        user_id: Id::new_v7(),
        name: "Zoë O'Brien-Nakamura".into(),
        title: Some("VP, Engineering; Platform".into()),
        role: Role::Interviewer,
        company: Some("Initech, Inc.".into()),
        email: Some("zoe@initech.example".into()),
        phone: Some("+1 512 555 0199".into()),
        fax: None,
        postal_address: Some("4120 Freidrich Ln\nAustin, TX 78744".into()),
        preferred_channel: PreferredChannel::Email,
        business_card: true,
        notes: Some(
            "Long notes, met in 東京 and 大阪: a line well past seventy-five octets, with commas, \
             semicolons; and a backslash \\ too, then a second line.\nSecond line: 東京."
                .into(),
        ),
        keep_in_touch: true,
        version: 1,
        created_at: at,
        updated_at: at,
        deleted_at: None,
        salutation: Some("Dr. O'Brien-Nakamura".into()),
    }
}

#[test]
fn a_person_written_in_either_version_reads_back_the_same() {
    let person = person();
    for version in [Version::V3, Version::V4] {
        let text = write(std::slice::from_ref(&person), version);
        assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:"), "{text}");
        assert!(
            text.split("\r\n").all(|line| line.len() <= 75),
            "folded: {text}"
        );
        let card = read(&text).expect("our own card");
        assert_eq!(card.name.as_deref(), Some(person.name.as_str()), "{text}");
        assert_eq!(card.salutation, person.salutation, "{text}");
        assert_eq!(card.title, person.title);
        assert_eq!(card.company, person.company);
        assert_eq!(card.email, person.email);
        assert_eq!(card.phone, person.phone);
        assert_eq!(card.postal_address, person.postal_address);
        assert_eq!(card.notes, person.notes);
    }
}

#[test]
fn the_version_parameter_picks_the_version() {
    assert_eq!(Version::of(None), Some(Version::V4));
    assert_eq!(Version::of(Some("3.0")), Some(Version::V3));
    assert_eq!(Version::of(Some("\"3.0\"")), Some(Version::V3));
    assert_eq!(Version::of(Some("4.0")), Some(Version::V4));
    assert_eq!(Version::of(Some("2.1")), None);
}

#[test]
fn an_honorific_is_taken_off_the_name_only_as_a_whole_word() {
    let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Drew Barry\r\nN:Barry;Drew;;Dr;\r\nEND:VCARD\r\n";
    let read = read(card).expect("a card");
    assert_eq!(read.name.as_deref(), Some("Drew Barry"));
    assert_eq!(read.salutation.as_deref(), Some("Dr Barry"));
}

#[test]
fn a_property_whose_parameters_the_reader_would_spill_is_refused() {
    let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\n\
        EMAIL;Y=a,b,c,d,e,f,g,h,i,j,k,l,m:x@y.example\r\nEND:VCARD\r\n";
    assert!(read(card).unwrap_err().contains("EMAIL"));
}

#[test]
fn a_value_that_starts_with_a_colon_keeps_it() {
    let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\nTITLE::-) Head of Fun\r\nNOTE::: three\r\nEND:VCARD\r\n";
    let card = read(card).expect("a card");
    assert_eq!(card.title.as_deref(), Some(":-) Head of Fun"));
    assert_eq!(card.notes.as_deref(), Some(":: three"));
    let mut person = person();
    person.title = Some(":-) Head of Fun".into());
    for version in [Version::V3, Version::V4] {
        let text = write(std::slice::from_ref(&person), version);
        assert_eq!(read(&text).expect("our own card").title, person.title);
    }
}

//! Business cards in and out, as a phone or a card-scanner app handles them: a vCard from iOS,
//! Android or a scanner makes a person; a person, or the whole address book, comes back as a
//! vCard that reads back (with the `ical` parser, not ours) to what was stored.

use reqwest::StatusCode;

use crate::helpers::{Reply, Session, TestApp, send};

/// Whether caches are told the reply depends on `Accept`.
fn varies(reply: &Reply) -> bool {
    reply.header("vary").is_some_and(|v| {
        v.split(',')
            .any(|name| name.trim().eq_ignore_ascii_case("accept"))
    })
}

/// iOS "Share Contact": 3.0, a grouped ADR, an escaped comma, UTF-8.
const IOS: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\n\
N:López;María;;;\r\nFN:María López\r\nORG:Acme Corp;Data Engineering;\r\nTITLE:Head of Data\r\n\
EMAIL;type=INTERNET;type=WORK;type=pref:maria.lopez@acme.example\r\n\
TEL;type=CELL;type=VOICE;type=pref:+1 (415) 555-0100\r\n\
item1.ADR;type=WORK;type=pref:;;1 Market St;San Francisco;CA;94105;United States\r\n\
NOTE:Met at the onsite\\, loves Rust\r\nEND:VCARD\r\n";

/// A scanner's 4.0 card with an honorific and a folded note.
const SCANNED: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dr. Priya Raman\r\nN:Raman;Priya;;Dr.;\r\n\
ORG:Initech\r\nTITLE:Director of Data Engineering\r\n\
TEL;TYPE=work,voice;VALUE=uri:tel:+1-512-555-0142\r\nEMAIL;TYPE=work:p.raman@initech.example\r\n\
NOTE:Scanned at the onsite. Runs the platform team and wants someone to own t\r\n he billing service.\r\n\
END:VCARD\r\n";

#[actix_web::test]
async fn a_card_from_a_phone_or_a_scanner_becomes_a_person() {
    let app = TestApp::spawn().await;
    let s = app.register("cards@example.com").await;
    let post = |card: &'static str| {
        app.post("/v1/interviewers")
            .bearer_auth(&s.access)
            .header("content-type", "text/vcard; charset=utf-8")
            .body(card)
    };
    let maria = send(post(IOS)).await;
    assert_eq!(maria.status, StatusCode::CREATED, "{}", maria.text);
    assert_eq!(maria.body["name"], "María López");
    assert_eq!(maria.body["company"], "Acme Corp");
    assert_eq!(maria.body["email"], "maria.lopez@acme.example");
    assert_eq!(maria.body["phone"], "+1 (415) 555-0100");
    assert_eq!(
        maria.body["postal_address"],
        "1 Market St\nSan Francisco CA 94105\nUnited States"
    );
    assert_eq!(maria.body["notes"], "Met at the onsite, loves Rust");
    assert_eq!(maria.body["role"], "interviewer");
    assert!(maria.header("location").is_some());

    let raman = send(post(SCANNED)).await;
    assert_eq!(raman.status, StatusCode::CREATED, "{}", raman.text);
    assert_eq!(raman.body["name"], "Priya Raman");
    assert_eq!(raman.body["salutation"], "Dr. Raman");
    assert_eq!(raman.body["phone"], "+1-512-555-0142");
    assert_eq!(
        raman.body["notes"],
        "Scanned at the onsite. Runs the platform team and wants someone to own the billing service."
    );

    // What cannot be one person is 422, naming the body, and creates nothing.
    let two = format!("{IOS}{SCANNED}");
    let several = send(
        app.post("/v1/interviewers")
            .bearer_auth(&s.access)
            .header("content-type", "text/vcard")
            .body(two),
    )
    .await;
    assert_eq!(several.invalid_fields(), ["body"], "{}", several.text);
    let nameless = send(post(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL:someone@example.com\r\nEND:VCARD\r\n",
    ))
    .await;
    assert_eq!(nameless.invalid_fields(), ["name"], "{}", nameless.text);
    assert!(nameless.body["errors"][0].get("pointer").is_none());
    let listed = send(app.get("/v1/interviewers").bearer_auth(&s.access)).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2);
}

/// The card a phone imports holds what was stored, in both versions, and reads back with a
/// parser of its own.
#[actix_web::test]
async fn a_person_and_the_address_book_come_back_as_cards() {
    let app = TestApp::spawn().await;
    let s = app.register("export@example.com").await;
    let person = app
        .new_person(&s)
        .name("Zoë O'Brien")
        .set("salutation", "Dr. O'Brien")
        .set("title", "VP, Engineering")
        .set("company", "Initech; Austin")
        .set("email", "zoe@initech.example")
        .set("phone", "+1 512 555 0199")
        .set("notes", "Second round; bring the design doc")
        .create()
        .await;
    app.person(&s, "Sam Reed").await;
    let id = person["id"].as_str().unwrap();

    for (accept, version) in [("text/vcard", "4.0"), ("text/vcard; version=3.0", "3.0")] {
        let card = send(
            app.get(&format!("/v1/interviewers/{id}"))
                .bearer_auth(&s.access)
                .header("accept", accept),
        )
        .await;
        assert_eq!(card.status, StatusCode::OK, "{}", card.text);
        assert!(
            card.header("content-type")
                .unwrap()
                .starts_with("text/vcard")
        );
        assert!(varies(&card), "{:?}", card.header("vary"));
        assert!(card.header("content-disposition").unwrap().contains(".vcf"));
        let parsed: Vec<_> = ical::VcardParser::new(card.text.as_bytes())
            .collect::<Result<_, _>>()
            .expect("a parser of its own reads it");
        assert_eq!(parsed.len(), 1);
        let value = |name: &str| {
            parsed[0]
                .properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
        };
        assert_eq!(value("VERSION").as_deref(), Some(version));
        assert_eq!(value("FN").as_deref(), Some("Zoë O'Brien"));
        assert_eq!(value("N").as_deref(), Some("O'Brien;Zoë;;Dr.;"));
        assert_eq!(value("TITLE").as_deref(), Some("VP\\, Engineering"));
        assert_eq!(value("ORG").as_deref(), Some("Initech\\; Austin"));
        assert_eq!(value("EMAIL").as_deref(), Some("zoe@initech.example"));
        // The same card, sent back, is the same person.
        let again = send(
            app.post("/v1/interviewers")
                .bearer_auth(&s.access)
                .header("content-type", "text/vcard")
                .body(card.text.clone()),
        )
        .await;
        assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
        for field in [
            "name",
            "salutation",
            "title",
            "company",
            "email",
            "phone",
            "notes",
        ] {
            assert_eq!(again.body[field], person[field], "{version} {field}");
        }
        // A 304 for the card held, and JSON as ever without the header.
        let tag = card.header("etag").unwrap().to_string();
        let held = send(
            app.get(&format!("/v1/interviewers/{id}"))
                .bearer_auth(&s.access)
                .header("accept", accept)
                .header("if-none-match", &tag),
        )
        .await;
        assert_eq!(held.status, StatusCode::NOT_MODIFIED);
    }
    let json = send(
        app.get(&format!("/v1/interviewers/{id}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(json.body["name"], "Zoë O'Brien");
    assert!(varies(&json), "{:?}", json.header("vary"));

    let book = send(
        app.get("/v1/interviewers")
            .bearer_auth(&s.access)
            .header("accept", "text/vcard"),
    )
    .await;
    assert_eq!(book.status, StatusCode::OK, "{}", book.text);
    let cards: Vec<_> = ical::VcardParser::new(book.text.as_bytes())
        .collect::<Result<_, _>>()
        .expect("an address book");
    // Zoë twice more (sent back above), and Sam.
    assert_eq!(cards.len(), 4, "{}", book.text);
    let paged = send(
        app.get("/v1/interviewers?limit=10")
            .bearer_auth(&s.access)
            .header("accept", "text/vcard"),
    )
    .await;
    assert_eq!(paged.invalid_fields(), ["limit"]);

    // Another user's token finds no card either.
    let other = app.register("other@example.com").await;
    send(
        app.get(&format!("/v1/interviewers/{id}"))
            .bearer_auth(&other.access)
            .header("accept", "text/vcard"),
    )
    .await
    .problem(404);
    let theirs = send(
        app.get("/v1/interviewers")
            .bearer_auth(&other.access)
            .header("accept", "text/vcard"),
    )
    .await;
    assert_eq!(theirs.text, "", "an empty address book");
}

/// A card saved by Windows or Outlook starts with a byte-order mark; it is still the card.
#[actix_web::test]
async fn a_card_with_a_byte_order_mark_is_read() {
    let app = TestApp::spawn().await;
    let s = app.register("bom@example.com").await;
    let reply = send(
        app.post("/v1/interviewers")
            .bearer_auth(&s.access)
            .header("content-type", "text/vcard")
            .body(format!("\u{feff}{SCANNED}")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.body["name"], "Priya Raman");
}

#[actix_web::test]
async fn a_card_version_the_server_does_not_write_is_not_acceptable() {
    let app = TestApp::spawn().await;
    let s = app.register("old-phone@example.com").await;
    let other = app.register("other@example.com").await;
    let id = app.new_person(&s).name("Zoë O'Brien").id().await;
    let ask = |path: String, who: &Session, accept: &'static str| {
        send(
            app.get(&path)
                .bearer_auth(&who.access)
                .header("accept", accept),
        )
    };
    for path in [format!("/v1/interviewers/{id}"), "/v1/interviewers".into()] {
        let refused = ask(path.clone(), &s, "text/vcard; version=2.1").await;
        assert_eq!(refused.status, StatusCode::NOT_ACCEPTABLE, "{path}");
        assert!(refused.header("vary").unwrap().contains("Accept"), "{path}");
        let problem = refused.problem(406);
        assert!(
            problem["detail"].as_str().unwrap().contains("2.1"),
            "{problem}"
        );
        // With JSON, or anything, acceptable too, the client gets JSON.
        for fallback in [
            "text/vcard; version=2.1, application/json; q=0.5",
            "text/vcard; version=2.1, */*; q=0.1",
        ] {
            let json = ask(path.clone(), &s, fallback).await;
            assert_eq!(json.status, StatusCode::OK, "{path} {fallback}");
            assert!(
                json.header("content-type")
                    .unwrap()
                    .starts_with("application/json")
            );
        }
        let four = ask(path.clone(), &s, "text/vcard; version=4.0").await;
        assert_eq!(four.status, StatusCode::OK, "{path}");
        assert!(four.text.contains("VERSION:4.0"), "{}", four.text);
    }
    // Another user's person is not found, whatever the version asked for.
    let theirs = ask(format!("/v1/interviewers/{id}"), &other, "text/vcard").await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
}

//! Every way an access token can be wrong gets 401 with `WWW-Authenticate: Bearer`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header, decode_header, encode};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TEST_SECRET, TestApp, send};

fn claims(user_id: &str) -> Value {
    let now = crate::instants::at(crate::helpers::TEST_START).timestamp();
    json!({"sub": user_id, "iat": now, "exp": now + 600, "iss": "followup", "aud": "followup-api"})
}

/// Signed as the server signs, with the `typ` and `kid` of `like`, a token it issued.
fn sign_like(like: &str, claims: &Value, alg: Algorithm, secret: &[u8]) -> String {
    let issued = decode_header(like).unwrap();
    let mut header = Header::new(alg);
    header.typ = issued.typ;
    header.kid = issued.kid;
    encode(&header, claims, &EncodingKey::from_secret(secret)).unwrap()
}

fn unsigned(claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{header}.{body}.")
}

#[actix_web::test]
async fn only_a_valid_access_token_gets_in() {
    let app = TestApp::spawn().await;
    let session = app.register("matrix@example.com").await;
    let id = session.user_id.as_str();
    let secret = TEST_SECRET.as_bytes();
    let sign = |claims: &Value, alg, secret: &[u8]| sign_like(&session.access, claims, alg, secret);
    let header = decode_header(&session.access).unwrap();
    assert_eq!(header.typ.as_deref(), Some("at+jwt"));
    let plain_jwt = {
        let mut h = Header::new(Algorithm::HS256);
        h.kid = header.kid.clone();
        encode(&h, &claims(id), &EncodingKey::from_secret(secret)).unwrap()
    };
    let unknown_kid = {
        let mut h = Header::new(Algorithm::HS256);
        h.typ = Some("at+jwt".into());
        h.kid = Some("0000000000000000".into());
        encode(&h, &claims(id), &EncodingKey::from_secret(secret)).unwrap()
    };

    let good = sign(&claims(id), Algorithm::HS256, secret);
    assert_eq!(
        send(app.get("/v1/me").bearer_auth(&good)).await.status,
        StatusCode::OK
    );

    let with = |key: &str, value: Value| {
        let mut c = claims(id);
        c[key] = value;
        c
    };
    let without = |key: &str| {
        let mut c = claims(id);
        c.as_object_mut().unwrap().remove(key);
        c
    };
    let now = crate::instants::at(crate::helpers::TEST_START).timestamp();
    let mut expired = claims(id);
    expired["iat"] = json!(now - 7200);
    expired["exp"] = json!(now - 3600);

    let cases: Vec<(&str, Option<String>)> = vec![
        ("no token", None),
        ("garbage", Some("garbage".into())),
        ("alg none", Some(unsigned(&claims(id)))),
        (
            "another key",
            Some(sign(
                &claims(id),
                Algorithm::HS256,
                b"another-secret-of-sufficient-length!!",
            )),
        ),
        (
            "HS512 with our key",
            Some(sign(&claims(id), Algorithm::HS512, secret)),
        ),
        ("expired", Some(sign(&expired, Algorithm::HS256, secret))),
        (
            "wrong audience",
            Some(sign(
                &with("aud", json!("someone-else")),
                Algorithm::HS256,
                secret,
            )),
        ),
        (
            "wrong issuer",
            Some(sign(&with("iss", json!("evil")), Algorithm::HS256, secret)),
        ),
        (
            "no exp",
            Some(sign(&without("exp"), Algorithm::HS256, secret)),
        ),
        (
            "no sub",
            Some(sign(&without("sub"), Algorithm::HS256, secret)),
        ),
        (
            "sub not a user id",
            Some(sign(&with("sub", json!("admin")), Algorithm::HS256, secret)),
        ),
        ("refresh token", Some(session.refresh.clone())),
        ("typ JWT, not an access token", Some(plain_jwt)),
        ("a key id the server never had", Some(unknown_kid)),
        ("tampered", Some(format!("{}x", &good[..good.len() - 1]))),
    ];
    for (name, token) in cases {
        let mut request = app.get("/v1/me");
        if let Some(token) = &token {
            request = request.bearer_auth(token);
        }
        let reply = send(request).await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{name}: {}",
            reply.text
        );
        reply.problem(401);
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"), "{name}");
    }

    // A scheme other than Bearer is refused the same way.
    let basic = send(
        app.get("/v1/me")
            .header("authorization", format!("Basic {good}")),
    )
    .await;
    basic.problem(401);
}

#[actix_web::test]
async fn a_generated_secret_survives_a_restart() {
    let (db, url) = crate::helpers::TestDb::create();
    let config = || followup::Config::local(url.clone());
    let first = followup::state::AppState::start(config(), Default::default()).unwrap();
    let user = uuid::Uuid::now_v7();
    let token = first.jwt.issue(user, chrono::Utc::now()).unwrap();
    drop(first);
    let second = followup::state::AppState::start(config(), Default::default()).unwrap();
    assert_eq!(second.jwt.verify(&token).unwrap(), user);
    drop(db);
}

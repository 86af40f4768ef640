//! The document's `webhooks` section (OpenAPI 3.1): one operation per event type, the request
//! we send to an endpoint, so a generated client gets the typed body of each event and not
//! `Record<string, never>`.

use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, Paths};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Ref, Required, ResponseBuilder};

use crate::domain::enums::EventType;
use crate::views::events::{body_schema, body_schemas};

/// What every delivery's description says about its headers and the answer we wait for.
const DELIVERY: &str = "Sent as a POST to each endpoint subscribed to this type, signed as \
Standard Webhooks specifies: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` \
with the endpoint's secret before trusting the body, and refuse a `webhook-timestamp` more than \
five minutes off. Delivery is at least once: drop an event whose `webhook-id` you have seen. An \
answer other than 2xx within 10 seconds is retried with backoff for a day.";

pub fn document(api: &mut utoipa::openapi::OpenApi) {
    let mut schemas = Vec::new();
    body_schemas(&mut schemas);
    let components = api.components.get_or_insert_with(Default::default);
    for (name, schema) in schemas {
        components.schemas.entry(name).or_insert(schema);
    }
    let mut webhooks = Paths::new();
    for &event in EventType::ALL {
        let body = RequestBodyBuilder::new()
            .description(Some("The event, and the resource as the API shows it"))
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name(body_schema(event.subject()))))
                    .build(),
            )
            .required(Some(Required::True))
            .build();
        let mut operation = OperationBuilder::new()
            .operation_id(Some(format!("on_{}", event.as_str().replace('.', "_"))))
            .tag("webhooks")
            .summary(Some(format!("`{}`: {}", event.as_str(), event.doc())))
            .description(Some(DELIVERY))
            .parameters(Some(headers()))
            .request_body(Some(body))
            .response(
                "200",
                ResponseBuilder::new()
                    .description("Received: any 2xx acknowledges the delivery")
                    .build(),
            )
            .response(
                "400",
                ResponseBuilder::new()
                    .description(
                        "Refused (a signature that does not verify, say): retried like any \
                         answer other than 2xx",
                    )
                    .build(),
            )
            .build();
        // What we send carries no bearer token: the signature is its authentication.
        operation.security = Some(Vec::new());
        webhooks.add_path_operation(event.as_str(), vec![HttpMethod::Post], operation);
    }
    api.webhooks = Some(webhooks);
}

fn headers() -> Vec<utoipa::openapi::path::Parameter> {
    [
        (
            "webhook-id",
            "The event's id (`msg_…`), the same on every retry",
        ),
        (
            "webhook-timestamp",
            "When this attempt was signed, in Unix seconds",
        ),
        (
            "webhook-signature",
            "`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the secret's key",
        ),
    ]
    .into_iter()
    .map(|(name, description)| {
        // The timestamp is Unix seconds: a generated client reads it as a number.
        let kind = if name == "webhook-timestamp" {
            Type::Integer
        } else {
            Type::String
        };
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Header)
            .required(Required::True)
            .description(Some(description))
            .schema(Some(ObjectBuilder::new().schema_type(kind)))
            .build()
    })
    .collect()
}

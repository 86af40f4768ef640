//! Integration tests through the real application over HTTP, on SQLite by default and on
//! PostgreSQL when FOLLOWUP_TEST_DATABASE_URL is set. One binary, so it links once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod abuse;
mod account;
mod api_tokens;
mod applications;
mod auth;
mod caching;
mod calendar;
mod closed_account;
mod conformance;
mod conventions;
mod convergence;
mod cors;
mod custom_rules;
mod encoded_paths;
mod engine;
mod errors;
mod helpers;
mod initech;
mod isolation;
mod layers;
mod letters;
mod openapi;
mod proofreading;
mod resources;
mod retention;
mod rule_cost;
mod rules_over_time;
mod secrets;
mod storage;
mod tokens;
mod upgrade;
mod webhook_isolation;
mod webhooks;
mod write_path;

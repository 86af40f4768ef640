//! The HTTP API: one module per resource, each with its handlers and request/response types.
//! Every handler is registered with `.service(...)` so utoipa-actix-web puts it in the spec.

pub mod account;
pub mod applications;
pub mod attendances;
pub mod auth;
pub mod calendar;
pub mod contacts;
pub mod custom_rules;
pub mod health;
pub mod interviewers;
pub mod interviews;
pub mod list;
pub mod listing;
pub mod me;
pub mod problems;
pub mod references;
pub mod resource;
pub mod rules;
pub mod task_actions;
pub mod tasks;
pub mod time_zones;
pub mod tokens;
pub mod webhooks;
pub mod words;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(auth::register)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(account::logout_all)
        .service(me::get_me)
        .service(me::update_me)
        .service(account::delete_me)
        .service(account::change_password)
        .service(account::export)
        .service(words::list_words)
        .service(words::add_word)
        .service(words::remove_word)
        .service(applications::create_application)
        .service(applications::list_applications)
        .service(applications::get_application)
        .service(applications::update_application)
        .service(applications::delete_application)
        .service(applications::get_application_reference)
        .service(applications::link_application_reference)
        .service(applications::unlink_application_reference)
        .service(interviews::create_interview)
        .service(interviews::list_interviews)
        .service(interviews::get_interview)
        .service(interviews::update_interview)
        .service(interviews::delete_interview)
        .service(interviewers::list_attendees)
        .service(interviewers::attach_interviewer)
        .service(interviewers::get_attendance)
        .service(interviewers::detach_interviewer)
        .service(interviewers::create_interviewer)
        .service(interviewers::list_interviewers)
        .service(interviewers::get_interviewer)
        .service(interviewers::update_interviewer)
        .service(interviewers::delete_interviewer)
        .service(references::create_reference)
        .service(references::list_references)
        .service(references::get_reference)
        .service(references::update_reference)
        .service(references::delete_reference)
        .service(tasks::create_task)
        .service(tasks::list_tasks)
        .service(attendances::list_attendances)
        .service(tasks::get_task)
        .service(tasks::compose_task)
        .service(tasks::update_task)
        .service(task_actions::complete_task)
        .service(task_actions::skip_task)
        .service(task_actions::snooze_task)
        .service(task_actions::reopen_task)
        .service(tasks::delete_task)
        .service(task_actions::check_text)
        .service(rules::interview_plan)
        .service(rules::list_rules)
        .service(custom_rules::create_rule)
        .service(custom_rules::preview_definition)
        .service(custom_rules::preview_rule)
        .service(rules::get_rule)
        .service(rules::update_rule)
        .service(custom_rules::delete_rule)
        .service(tokens::create_token)
        .service(tokens::list_tokens)
        .service(tokens::current_token)
        .service(tokens::delete_token)
        .service(calendar::calendar_feed)
        .service(calendar::rotate_calendar_token)
        .service(calendar::stop_calendar_feed)
        .service(webhooks::create_webhook)
        .service(webhooks::list_webhooks)
        .service(webhooks::get_webhook)
        .service(webhooks::update_webhook)
        .service(webhooks::delete_webhook)
        .service(webhooks::rotate_webhook_secret)
        .service(webhooks::list_deliveries)
        .service(time_zones::list_time_zones)
        .service(problems::problem_type)
        .service(health::healthz)
        .service(health::readyz);
}

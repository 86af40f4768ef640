//! Diesel table definitions, shared by both backends: portable column types only, and
//! `UtcTimestamp` for instants (`utc_timestamp`).

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        name -> Text,
        time_zone -> Text,
        strengths -> Text,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        next_check_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        created_at -> UtcTimestamp,
        expires_at -> UtcTimestamp,
        used_at -> Nullable<UtcTimestamp>,
        revoked_at -> Nullable<UtcTimestamp>,
        family_expires_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    server_settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    note_checks (task_id) {
        task_id -> Text,
        user_id -> Text,
        checked_at -> UtcTimestamp,
        findings -> Integer,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    custom_rules (id) {
        id -> Text,
        user_id -> Text,
        definition -> Text,
        enabled -> Bool,
        version -> Integer,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        deleted_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    api_tokens (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        scopes -> Text,
        token_hash -> Text,
        created_at -> UtcTimestamp,
        last_used_at -> Nullable<UtcTimestamp>,
        expires_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    calendar_feeds (user_id) {
        user_id -> Text,
        token_hash -> Text,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    webhooks (id) {
        id -> Text,
        user_id -> Text,
        url -> Text,
        events -> Text,
        secret -> Text,
        enabled -> Bool,
        disabled_reason -> Nullable<Text>,
        due_cursor -> UtcTimestamp,
        version -> Integer,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    webhook_events (id) {
        id -> Text,
        user_id -> Text,
        #[sql_name = "type"]
        event_type -> Text,
        resource_id -> Text,
        payload -> Nullable<Text>,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event_id -> Text,
        attempts -> Integer,
        next_attempt_at -> Nullable<UtcTimestamp>,
        lease_until -> Nullable<UtcTimestamp>,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    webhook_attempts (id) {
        id -> Text,
        webhook_id -> Text,
        event_id -> Text,
        event_type -> Text,
        attempt -> Integer,
        attempted_at -> UtcTimestamp,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        duration_ms -> Integer,
    }
}

diesel::joinable!(refresh_tokens -> users (user_id));

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    interviews (id) {
        id -> Text,
        user_id -> Text,
        company -> Text,
        position -> Text,
        stage -> Text,
        format -> Text,
        scheduled_at -> UtcTimestamp,
        duration_minutes -> Integer,
        location -> Nullable<Text>,
        status -> Text,
        outcome -> Text,
        outcome_set_at -> Nullable<UtcTimestamp>,
        decision_expected_on -> Nullable<Date>,
        second_interview_expected_on -> Nullable<Date>,
        interest -> Text,
        notes -> Nullable<Text>,
        insights -> Nullable<Text>,
        application_id -> Nullable<Text>,
        version -> Integer,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        deleted_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    people (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        title -> Nullable<Text>,
        role -> Text,
        company -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        fax -> Nullable<Text>,
        postal_address -> Nullable<Text>,
        preferred_channel -> Text,
        business_card -> Bool,
        notes -> Nullable<Text>,
        keep_in_touch -> Bool,
        version -> Integer,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        deleted_at -> Nullable<UtcTimestamp>,
        salutation -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    attendances (interview_id, person_id) {
        interview_id -> Text,
        person_id -> Text,
        user_id -> Text,
        created_at -> UtcTimestamp,
        discussed -> Nullable<Text>,
        id -> Text,
        updated_at -> UtcTimestamp,
        deleted_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    job_references (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        relationship -> Nullable<Text>,
        company -> Nullable<Text>,
        title -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        postal_address -> Nullable<Text>,
        permission -> Text,
        permission_asked_at -> Nullable<UtcTimestamp>,
        permission_answered_at -> Nullable<UtcTimestamp>,
        notes -> Nullable<Text>,
        version -> Integer,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        deleted_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    tasks (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        rule_id -> Nullable<Text>,
        dedupe_key -> Nullable<Text>,
        title -> Text,
        reason -> Nullable<Text>,
        draft -> Nullable<Text>,
        notes -> Nullable<Text>,
        status -> Text,
        status_reason -> Nullable<Text>,
        not_before -> Nullable<UtcTimestamp>,
        due_at -> Nullable<UtcTimestamp>,
        channel -> Nullable<Text>,
        interview_id -> Nullable<Text>,
        interviewer_id -> Nullable<Text>,
        reference_id -> Nullable<Text>,
        completed_at -> Nullable<UtcTimestamp>,
        completion_channel -> Nullable<Text>,
        completion_note -> Nullable<Text>,
        version -> Integer,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        deleted_at -> Nullable<UtcTimestamp>,
        user_fields -> Integer,
        application_id -> Nullable<Text>,
    }
}

diesel::table! {
    /// Kept by triggers on `tasks` (migration 000016); no row means no open task.
    open_task_counts (user_id) {
        user_id -> Text,
        open_tasks -> Integer,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    idempotency_keys (user_id, key) {
        user_id -> Text,
        key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        response_headers -> Nullable<Text>,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    rule_settings (user_id, rule_id) {
        user_id -> Text,
        rule_id -> Text,
        enabled -> Bool,
        parameters -> Text,
        updated_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    applications (id) {
        id -> Text,
        user_id -> Text,
        company -> Text,
        position -> Text,
        location -> Nullable<Text>,
        posting_url -> Nullable<Text>,
        posting_id -> Nullable<Text>,
        source -> Nullable<Text>,
        apply_by -> Nullable<Date>,
        employer_time_zone -> Nullable<Text>,
        applied_on -> Nullable<Date>,
        outcome -> Text,
        outcome_set_at -> Nullable<UtcTimestamp>,
        interest -> Text,
        decision_expected_on -> Nullable<Date>,
        second_interview_expected_on -> Nullable<Date>,
        strengths -> Nullable<Text>,
        check_in_interval_days -> Nullable<Integer>,
        notes -> Nullable<Text>,
        version -> Integer,
        created_at -> UtcTimestamp,
        updated_at -> UtcTimestamp,
        deleted_at -> Nullable<UtcTimestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    application_references (application_id, reference_id) {
        application_id -> Text,
        reference_id -> Text,
        user_id -> Text,
        created_at -> UtcTimestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::UtcTimestamp;

    /// The user's own dictionary for the proofreader.
    user_words (user_id, word) {
        user_id -> Text,
        word -> Text,
        created_at -> UtcTimestamp,
    }
}

diesel::joinable!(interviews -> users (user_id));
diesel::joinable!(interviews -> applications (application_id));
diesel::joinable!(application_references -> applications (application_id));
diesel::joinable!(application_references -> job_references (reference_id));
diesel::joinable!(people -> users (user_id));
diesel::joinable!(attendances -> interviews (interview_id));
diesel::joinable!(attendances -> people (person_id));
diesel::joinable!(job_references -> users (user_id));
diesel::joinable!(tasks -> interviews (interview_id));
diesel::joinable!(tasks -> people (interviewer_id));
diesel::joinable!(tasks -> job_references (reference_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(webhook_deliveries -> webhook_events (event_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    user_words,
    applications,
    application_references,
    api_tokens,
    calendar_feeds,
    webhooks,
    webhook_events,
    webhook_deliveries,
    webhook_attempts,
    custom_rules,
    note_checks,
    refresh_tokens,
    server_settings,
    interviews,
    people,
    attendances,
    job_references,
    tasks,
    open_task_counts,
    idempotency_keys,
    rule_settings,
);

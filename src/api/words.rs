//! `/v1/me/words`: the user's own dictionary, words the proofreader takes as spelled right for
//! them ("dbt", "Caltrain") beside the names in their data.

use actix_web::{HttpResponse, delete, get, put, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::service::words as service;
use crate::state::AppState;
use crate::store::words::UserWord;
use crate::views::Rfc3339;

/// The longest word of one's own.
const WORD_MAX: usize = 64;

/// A word the proofreader takes as spelled right for you.
#[derive(Debug, Serialize, ToSchema)]
pub struct Word {
    #[schema(example = "dbt")]
    pub word: String,
    pub created_at: Rfc3339,
}

impl From<UserWord> for Word {
    fn from(row: UserWord) -> Self {
        Self {
            word: row.word,
            created_at: Rfc3339(row.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WordList {
    /// In alphabetical order.
    pub items: Vec<Word>,
}

/// A word as a path gives it: 1 to 64 characters, no white space, control character or slash.
/// Kept as written: "dbt" does not make "DBT" a word, as a dictionary would not.
fn word(text: &str) -> ApiResult<String> {
    let count = text.chars().count();
    if count == 0
        || count > WORD_MAX
        || text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/')
    {
        return Err(ApiError::parameter(
            "word",
            format!("must be 1 to {WORD_MAX} characters, without spaces, control characters or /"),
        ));
    }
    Ok(text.to_string())
}

/// List your words.
///
/// The words the proofreader takes as spelled right for you, besides the names, companies,
/// positions, titles, strengths and discussed phrases in your data.
#[utoipa::path(
    tag = "me",
    responses((status = 200, body = WordList, description = "Your words")),
)]
#[get("/v1/me/words")]
pub async fn list_words(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let items = service::list(&state.service, user.key()).await?;
    Ok(HttpResponse::Ok().json(WordList {
        items: items.into_iter().map(Word::from).collect(),
    }))
}

/// Teach the proofreader a word.
///
/// From the next check on, the word is spelled right in your notes (`dbt`, `Caltrain`, `TB`):
/// it goes into the checker's dictionary with your data's names, not over its findings. 201
/// the first time, 200 when you had it already. At most 1,000 words.
#[utoipa::path(
    tag = "me",
    params(("word" = String, Path, description = "The word, as you write it: 1 to 64 characters, without spaces, control characters or /", min_length = 1, max_length = 64, pattern = r"^[^\s/\x00-\x1F\x7F-\x9F]+$")),
    responses(
        (status = 201, body = Word, description = "Added"),
        (status = 200, body = Word, description = "It was one of your words already"),
        (status = 409, response = crate::http::responses::Conflict),
        (status = 422, response = crate::http::responses::Unprocessable),
    )
)]
#[put("/v1/me/words/{word}")]
pub async fn add_word(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let word = word(&path)?;
    let (stored, added) = service::add(&state.service, user.key(), word).await?;
    let mut reply = if added {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(reply.json(Word::from(stored)))
}

/// Forget a word.
///
/// The proofreader flags it again where it does not know it.
#[utoipa::path(
    tag = "me",
    params(("word" = String, Path, description = "The word, as you added it", min_length = 1, max_length = 64, pattern = r"^[^\s/\x00-\x1F\x7F-\x9F]+$")),
    responses(
        (status = 204, description = "Forgotten"),
        (status = 404, response = crate::http::responses::NotFound),
        (status = 422, response = crate::http::responses::Unprocessable),
    )
)]
#[delete("/v1/me/words/{word}")]
pub async fn remove_word(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let word = word(&path)?;
    service::remove(&state.service, user.key(), word).await?;
    Ok(HttpResponse::NoContent().finish())
}

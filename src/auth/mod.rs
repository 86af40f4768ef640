//! Authentication: argon2id passwords, JWT access tokens, opaque refresh tokens, and the extractor
//! that turns a bearer token into an `AuthUser`. The throttles on login and registration count
//! in the database on PostgreSQL, so they are the service's (`service::throttle`).

mod error;
pub mod extractor;
pub mod jwt;
pub mod password;
pub mod scope;
pub mod token;

pub use error::AuthError;
pub use extractor::AuthUser;
pub use jwt::JwtKeys;

//! Authentication: argon2id passwords, JWT access tokens, opaque refresh tokens, the extractor
//! that turns a bearer token into an `AuthUser`, and the throttles on login and registration.

pub mod extractor;
pub mod jwt;
pub mod password;
pub mod scope;
pub mod throttle;
pub mod token;

pub use extractor::AuthUser;
pub use jwt::JwtKeys;

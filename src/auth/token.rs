//! Opaque secrets (refresh tokens, later API and feed tokens): random, shown to the client once,
//! stored only as a SHA-256 digest so a database leak reveals no usable token.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::auth::AuthError;

/// API tokens start with this, so secret scanners can tell a leaked one.
pub const API_TOKEN_PREFIX: &str = "fu_";
/// Calendar feed tokens; they open nothing but the feed.
pub const FEED_TOKEN_PREFIX: &str = "fucal_";

/// A new random token: `prefix` + 32 random bytes, base64url.
pub fn generate(prefix: &str) -> Result<String, AuthError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(AuthError::internal)?;
    Ok(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The digest stored in place of the token. Tokens carry 256 random bits, so a fast hash suffices.
pub fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Lower-case hexadecimal, as digests are stored.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_digests_stable() {
        let a = generate("rt_").expect("random");
        let b = generate("rt_").expect("random");
        assert_ne!(a, b);
        assert!(a.starts_with("rt_") && a.len() > 40);
        assert_eq!(digest(&a), digest(&a));
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), digest(&b));
    }
}

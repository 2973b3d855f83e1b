package dev.moduo.auth;

import dev.moduo.core.DependencyFailure;

/** Clerk's signing keys (its JWKS) could not be fetched and none cached can serve the token: a retry may succeed. */
public final class SigningKeysUnavailable extends DependencyFailure {

    SigningKeysUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}

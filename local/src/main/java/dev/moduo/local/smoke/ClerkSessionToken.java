package dev.moduo.local.smoke;

import java.time.Instant;

/**
 * A Clerk session token the smoke test acts with. The token itself never leaves this object except as
 * the {@code Authorization} header: it is a credential for a minute, so it is never printed.
 *
 * @param source where it came from, for messages ({@code MODUO_HOST_TOKEN}, {@code --host-token-file FILE})
 */
record ClerkSessionToken(String source, String userId, Instant expiresAt, String value) {

    /** Reads what a session token says about itself; a refusal says why without repeating the token. */
    static ClerkSessionToken of(String source, String value) {
        String token = value.strip();
        JwtParts parts = JwtParts.read(token).orElseThrow(() -> new IllegalArgumentException(
                source + " is not a Clerk session token (a JWT of three dot-separated parts)"));
        String subject = parts.text("sub");
        if (subject == null) {
            throw new IllegalArgumentException(source + " names no user (the token has no sub claim)");
        }
        Long expiry = parts.seconds("exp");
        if (expiry == null) {
            throw new IllegalArgumentException(source + " has no expiry (exp claim): not a Clerk session token");
        }
        return new ClerkSessionToken(source, subject, Instant.ofEpochSecond(expiry), token);
    }

    String authorization() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "ClerkSessionToken[source=" + source + ", userId=" + userId + ", expiresAt=" + expiresAt + ", value=<redacted>]";
    }
}

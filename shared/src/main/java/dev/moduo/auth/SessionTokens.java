package dev.moduo.auth;

import java.util.Optional;

/** Finds the Clerk session token of a request the way Clerk's backend SDK does. */
final class SessionTokens {

    private SessionTokens() {
    }

    /** The {@code Authorization} header wins when it carries a token; otherwise the {@code __session} cookie. */
    static Optional<String> find(Optional<String> authorizationHeader, Optional<String> sessionCookie) {
        Optional<String> fromHeader = authorizationHeader.flatMap(SessionTokens::fromAuthorization);
        if (fromHeader.isPresent()) {
            return fromHeader;
        }
        return sessionCookie.map(String::trim).filter(value -> !value.isEmpty());
    }

    /**
     * {@code Bearer <token>} gives the token; a value with no scheme is the token itself (Clerk's SDK accepts
     * that); any other scheme is not a Clerk credential and is ignored so the cookie can still be used.
     */
    static Optional<String> fromAuthorization(String header) {
        String value = header.trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        int space = firstWhitespace(value);
        if (space < 0) {
            // A lone "Bearer" is an empty credential, not a token named "Bearer".
            return value.equalsIgnoreCase("Bearer") ? Optional.empty() : Optional.of(value);
        }
        String scheme = value.substring(0, space);
        String credential = value.substring(space).trim();
        if (!scheme.equalsIgnoreCase("Bearer") || credential.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(credential);
    }

    private static int firstWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}

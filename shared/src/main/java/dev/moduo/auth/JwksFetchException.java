package dev.moduo.auth;

/** The JWKS could not be fetched or held no usable key. The message is for operators, never for callers. */
final class JwksFetchException extends Exception {

    JwksFetchException(String message) {
        super(message);
    }

    JwksFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.moduo.core;

/**
 * A request Moduo refuses by its own rules: which kind of refusal, and the message the caller is shown
 * (the contract fixes many of them, e.g. "Session is full"). The HTTP edge alone turns the kind into a status.
 */
public final class Refusal extends RuntimeException {

    public enum Kind {
        /** The request is malformed or asks for something the rules do not allow in this state. */
        BAD_INPUT,
        /** No valid credentials. */
        UNAUTHENTICATED,
        /** Valid credentials, but not this caller. */
        FORBIDDEN,
        NOT_FOUND,
        /** The state forbids it now (a seat already taken). */
        CONFLICT,
        /** A body over the size this route takes. */
        TOO_LARGE,
        /** A body in a format this route does not read. */
        UNSUPPORTED_MEDIA_TYPE,
        /** It could not be done in time and may succeed if repeated. */
        UNAVAILABLE
    }

    private final Kind kind;

    public Refusal(Kind kind, String message) {
        this(kind, message, null);
    }

    /** Suppressed failures are kept (a rollback that failed too says so); the stack trace is not: this is no bug. */
    public Refusal(Kind kind, String message, Throwable cause) {
        super(message, cause, true, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static Refusal badInput(String message) {
        return new Refusal(Kind.BAD_INPUT, message);
    }

    public static Refusal unauthenticated(String message) {
        return new Refusal(Kind.UNAUTHENTICATED, message);
    }

    public static Refusal forbidden(String message) {
        return new Refusal(Kind.FORBIDDEN, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(Kind.NOT_FOUND, message);
    }

    public static Refusal conflict(String message) {
        return new Refusal(Kind.CONFLICT, message);
    }

    public static Refusal tooLarge(String message) {
        return new Refusal(Kind.TOO_LARGE, message);
    }

    public static Refusal unsupportedMediaType(String message) {
        return new Refusal(Kind.UNSUPPORTED_MEDIA_TYPE, message);
    }

    public static Refusal unavailable(String message, Throwable cause) {
        return new Refusal(Kind.UNAVAILABLE, message, cause);
    }
}

package dev.moduo.core;

import java.time.Duration;
import java.util.Optional;

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
        UNAVAILABLE,
        /** The caller used up a per-user limit; {@link #retryAfter()} says when it may try again. */
        TOO_MANY_REQUESTS
    }

    private final Kind kind;
    private final Duration retryAfter;

    public Refusal(Kind kind, String message) {
        this(kind, message, null);
    }

    /** Suppressed failures are kept (a rollback that failed too says so); the stack trace is not: this is no bug. */
    public Refusal(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, null);
    }

    private Refusal(Kind kind, String message, Throwable cause, Duration retryAfter) {
        super(message, cause, true, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** How long the caller should wait before repeating the request, when the refusal says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** A wait as HTTP's Retry-After gives it: whole seconds, rounded up, at least 1 (0 would invite an instant retry). */
    public static long retryAfterSeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
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

    public static Refusal tooManyRequests(String message, Duration retryAfter) {
        return new Refusal(Kind.TOO_MANY_REQUESTS, message, null, retryAfter);
    }

    public static Refusal unavailable(String message, Throwable cause) {
        return new Refusal(Kind.UNAVAILABLE, message, cause);
    }
}

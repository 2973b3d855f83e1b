package dev.moduo.http;

import dev.moduo.auth.SigningKeysUnavailable;
import dev.moduo.core.DependencyFailure;
import dev.moduo.core.Refusal;
import dev.moduo.mongo.DatabaseErrors;
import dev.moduo.secrets.SecretReadException;
import dev.moduo.stream.StreamException;

/**
 * The one place where a failure becomes an HTTP status and a message. Messages are written for the user;
 * exception classes, stack traces and secrets never reach them (the invocation log line has the details).
 */
public final class ErrorMapper {

    public static final String DATABASE_UNAVAILABLE = "Database is unavailable, please retry";
    public static final String VIDEO_UNAVAILABLE = "Video service is unavailable, please retry";
    public static final String VIDEO_REJECTED = "Video service rejected the request";
    public static final String CONFIGURATION_UNAVAILABLE = "Configuration service is unavailable, please retry";
    public static final String CONFIGURATION_REJECTED = "Configuration service rejected the request";
    public static final String AUTHENTICATION_UNAVAILABLE = "Authentication service is unavailable, please retry";
    public static final String INTERNAL_ERROR = "Internal server error";
    /** Written in lower case like every header this API sends (HTTP header names are case-insensitive). */
    public static final String RETRY_AFTER = "retry-after";

    private ErrorMapper() {
    }

    public static ApiResponse toResponse(Throwable failure) {
        if (failure instanceof Refusal refusal) {
            ApiResponse response = ApiResponse.message(status(refusal.kind()), refusal.getMessage());
            return refusal.retryAfter()
                    .map(wait -> response.withHeader(RETRY_AFTER, Long.toString(Refusal.retryAfterSeconds(wait))))
                    .orElse(response);
        }
        if (failure instanceof StreamException stream) {
            return stream.retriable() ? ApiResponse.message(503, VIDEO_UNAVAILABLE) : ApiResponse.message(502, VIDEO_REJECTED);
        }
        if (failure instanceof SecretReadException secret) {
            return secret.retriable()
                    ? ApiResponse.message(503, CONFIGURATION_UNAVAILABLE) : ApiResponse.message(502, CONFIGURATION_REJECTED);
        }
        if (failure instanceof SigningKeysUnavailable) {
            return ApiResponse.message(503, AUTHENTICATION_UNAVAILABLE);
        }
        if (DatabaseErrors.isUnavailable(failure)) {
            return ApiResponse.message(503, DATABASE_UNAVAILABLE);
        }
        return ApiResponse.message(500, INTERNAL_ERROR);
    }

    /** The status a refusal of this kind answers with. */
    public static int status(Refusal.Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNAVAILABLE -> 503;
            case TOO_MANY_REQUESTS -> 429;
        };
    }

    /** Whether the failure is a bug (500) rather than an expected outcome, so that it is logged with its stack. */
    public static boolean isBug(Throwable failure) {
        return !(failure instanceof Refusal) && !(failure instanceof DependencyFailure) && !DatabaseErrors.isUnavailable(failure);
    }
}

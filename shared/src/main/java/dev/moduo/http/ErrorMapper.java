package dev.moduo.http;

import com.mongodb.MongoClientException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;

/**
 * The one place where a failure becomes an HTTP status and a message.
 * Messages are written for the user; exception classes, stack traces and secrets never reach them.
 */
public final class ErrorMapper {

    public static final String DATABASE_UNAVAILABLE = "Database is unavailable, please retry";
    public static final String INTERNAL_ERROR = "Internal server error";

    private ErrorMapper() {
    }

    public static ApiResponse toResponse(Throwable failure) {
        if (failure instanceof ApiException api) {
            return ApiResponse.message(api.status(), api.getMessage());
        }
        if (isDatabaseUnavailable(failure)) {
            return ApiResponse.message(503, DATABASE_UNAVAILABLE);
        }
        return ApiResponse.message(500, INTERNAL_ERROR);
    }

    /**
     * True when MongoDB could not be reached or did not answer in time: a retry may succeed.
     * The cause chain is searched because a bean whose construction needed MongoDB (at a cold
     * start, for instance) arrives wrapped in the framework's own exception.
     */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (isDatabaseUnavailableItself(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDatabaseUnavailableItself(Throwable failure) {
        return failure instanceof MongoTimeoutException
                || failure instanceof MongoSocketException
                || failure instanceof MongoExecutionTimeoutException
                || failure instanceof MongoNotPrimaryException
                || failure instanceof MongoNodeIsRecoveringException
                || failure instanceof MongoWriteConcernException
                || (failure instanceof MongoClientException && failure.getMessage() != null
                        && failure.getMessage().contains("state should be: open"));
    }

    /** Whether the failure is a bug (500) rather than a expected outcome, so it is logged with its cause. */
    public static boolean isBug(Throwable failure) {
        return !(failure instanceof ApiException) && !isDatabaseUnavailable(failure);
    }
}

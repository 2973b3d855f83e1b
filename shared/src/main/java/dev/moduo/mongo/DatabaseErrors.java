package dev.moduo.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;

/** Which of the MongoDB driver's failures mean "the database is away", as opposed to a bug or a refused write. */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /**
     * True when a write was refused by a unique index: an upsert that lost an insert race, a record already
     * there. For a write error and a command error alike (findAndModify reports it as a command error).
     */
    public static boolean isDuplicateKey(MongoServerException failure) {
        return ErrorCategory.fromErrorCode(failure.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * True when MongoDB could not be reached or did not answer in time: a retry may succeed. The cause chain
     * is searched because a bean whose construction needed MongoDB arrives wrapped in the framework's exception.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (isUnavailableItself(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnavailableItself(Throwable failure) {
        return failure instanceof MongoTimeoutException
                || failure instanceof MongoSocketException
                || failure instanceof MongoExecutionTimeoutException
                || failure instanceof MongoNotPrimaryException
                || failure instanceof MongoNodeIsRecoveringException
                || failure instanceof MongoWriteConcernException
                // The client was closed under the operation: SnapStart closes it before a snapshot and a
                // rotated connection string replaces it; the next request gets a new one.
                || (failure instanceof MongoClientException && failure.getMessage() != null
                        && failure.getMessage().contains("state should be: open"));
    }
}

package dev.moduo.stream;

import dev.moduo.core.Deadline;
import dev.moduo.snapstart.Reconnectable;

/** Where the Stream credentials come from (environment, Secrets Manager...). */
public interface StreamCredentialsSource extends Reconnectable {

    /** The credentials to use now; a source may cache them, so this is cheap after the first call. */
    StreamCredentials current(Deadline deadline);

    /**
     * Stream said the credentials are wrong (401): a source that caches should drop what it holds so
     * the next {@link #current} reads a rotated secret.
     */
    default void invalidate() {
    }

    /** Credentials read before a SnapStart snapshot are not restored into other environments. */
    @Override
    default void beforeSnapshot() {
        invalidate();
    }
}

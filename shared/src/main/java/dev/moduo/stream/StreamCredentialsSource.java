package dev.moduo.stream;

import dev.moduo.core.Deadline;

/** Where the Stream credentials come from (environment, Secrets Manager...). */
public interface StreamCredentialsSource {

    /** The credentials to use now; a source may cache them, so this is cheap after the first call. */
    StreamCredentials current(Deadline deadline);

    /**
     * Stream said the credentials are wrong (401): a source that caches should drop what it holds so
     * the next {@link #current} reads a rotated secret.
     */
    default void invalidate() {
    }
}

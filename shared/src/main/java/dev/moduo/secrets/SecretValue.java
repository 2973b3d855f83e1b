package dev.moduo.secrets;

import dev.moduo.core.Deadline;

/**
 * A secret a function needs (the MongoDB connection string, a webhook signing secret): read from Secrets
 * Manager at run time in AWS, or given directly by a setting in local runs and tests.
 */
public interface SecretValue {

    /** The value to use now; cached by sources that read it remotely, so this is cheap after the first call. */
    String current(Deadline deadline);

    /** The value was refused where it was used (wrong password, bad signature key): read it again next time. */
    default void invalidate() {
    }
}

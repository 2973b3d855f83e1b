package dev.moduo.stream;
import dev.moduo.http.Deadline;
/** Where Stream's credentials come from: the environment, or AWS Secrets Manager. */
public interface StreamCredentialsSource {
    StreamCredentials current(Deadline deadline);
    /** Forget cached credentials, e.g. after Stream answered 401 because the secret was rotated. */
    default void invalidate() { }
}

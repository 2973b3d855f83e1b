package dev.moduo.stream;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;

/**
 * Credentials from the STREAM_API_KEY and STREAM_API_SECRET settings, for local runs and tests.
 * They are read on every call rather than kept, so there is nothing to invalidate.
 */
public class EnvStreamCredentials implements StreamCredentialsSource {

    public static final String API_KEY = "STREAM_API_KEY";
    public static final String API_SECRET = "STREAM_API_SECRET";

    private final Settings settings;

    public EnvStreamCredentials(Settings settings) {
        this.settings = settings;
    }

    /** @throws IllegalStateException naming the settings to set (never a value) */
    @Override
    public StreamCredentials current(Deadline deadline) {
        var key = settings.get(API_KEY);
        var secret = settings.get(API_SECRET);
        if (key.isEmpty() || secret.isEmpty()) {
            throw new IllegalStateException(
                    "Stream credentials are not configured: set STREAM_SECRET_ID, or STREAM_API_KEY and STREAM_API_SECRET");
        }
        return new StreamCredentials(key.get(), secret.get());
    }
}

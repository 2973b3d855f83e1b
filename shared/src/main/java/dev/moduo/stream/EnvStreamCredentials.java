package dev.moduo.stream;

import dev.moduo.config.Settings;
import dev.moduo.http.Deadline;

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

    /** @throws Settings.MissingSettingException naming the missing setting (never a value) */
    @Override
    public StreamCredentials current(Deadline deadline) {
        return new StreamCredentials(settings.require(API_KEY), settings.require(API_SECRET));
    }
}

package dev.moduo.stream;

import dev.moduo.config.Settings;
import dev.moduo.http.Deadline;

// Minimal version so the secrets branch compiles; the Stream client work owns and replaces this file.
/** Stream's credentials from the settings STREAM_API_KEY and STREAM_API_SECRET. */
public final class EnvStreamCredentials implements StreamCredentialsSource {

    private final Settings settings;

    public EnvStreamCredentials(Settings settings) {
        this.settings = settings;
    }

    @Override
    public StreamCredentials current(Deadline deadline) {
        String apiKey = settings.get("STREAM_API_KEY").orElse(null);
        String apiSecret = settings.get("STREAM_API_SECRET").orElse(null);
        if (apiKey == null || apiSecret == null) {
            throw new IllegalStateException(
                    "Stream credentials are not configured: set STREAM_SECRET_ID, or STREAM_API_KEY and STREAM_API_SECRET");
        }
        return new StreamCredentials(apiKey, apiSecret);
    }
}

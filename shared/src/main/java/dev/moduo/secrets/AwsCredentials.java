package dev.moduo.secrets;

import dev.moduo.config.Settings;
import java.util.Objects;

/**
 * The keys a request to AWS is signed with. {@code sessionToken} is null for long-term keys; Lambda
 * always hands a function temporary keys, so there it is set.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public AwsCredentials {
        if (accessKeyId == null || accessKeyId.isBlank()) {
            throw new IllegalArgumentException("AWS access key id is empty");
        }
        if (secretAccessKey == null || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("AWS secret access key is empty");
        }
        if (sessionToken != null && sessionToken.isBlank()) {
            sessionToken = null;
        }
    }

    /** The variables Lambda sets in every function's environment for the function's execution role. */
    public static AwsCredentials fromSettings(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return new AwsCredentials(
                settings.require("AWS_ACCESS_KEY_ID"),
                settings.require("AWS_SECRET_ACCESS_KEY"),
                settings.get("AWS_SESSION_TOKEN").orElse(null));
    }

    // The key id identifies the role in CloudTrail and is useful in a log; the other two grant access.
    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***, sessionToken="
                + (sessionToken == null ? "none" : "***") + "]";
    }
}

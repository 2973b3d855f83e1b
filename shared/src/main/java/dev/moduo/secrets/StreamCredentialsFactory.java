package dev.moduo.secrets;

import dev.moduo.config.Settings;
import dev.moduo.stream.EnvStreamCredentials;
import dev.moduo.stream.StreamCredentialsSource;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * Chooses where Stream's credentials come from: Secrets Manager when {@code STREAM_SECRET_ID} names a
 * secret (deployed functions), else {@code STREAM_API_KEY} and {@code STREAM_API_SECRET} (local runs, tests).
 */
@Factory
public class StreamCredentialsFactory {

    public static final String SECRET_ID_SETTING = "STREAM_SECRET_ID";

    @Singleton
    StreamCredentialsSource streamCredentials(Settings settings, SecretValues secrets) {
        return secrets.fromSecretsManager(SECRET_ID_SETTING)
                .<StreamCredentialsSource>map(SecretsManagerStreamCredentials::new)
                .orElseGet(() -> new EnvStreamCredentials(settings));
    }
}

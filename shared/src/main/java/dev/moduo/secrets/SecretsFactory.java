package dev.moduo.secrets;

import dev.moduo.config.Settings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The Secrets Manager reader every function shares, and the AWS credentials it signs with.
 *
 * <p>The credentials are the SDK's default chain, built anew with each SDK client rather than once, so
 * nothing that holds resolved keys outlives a client that {@link SecretsManagerReader#beforeSnapshot()}
 * closed. Tests register their own {@link AwsCredentialsProvider}.
 */
@Factory
public class SecretsFactory {

    @Singleton
    @Bean(preDestroy = "close")
    SecretsManagerReader secretsManagerReader(Settings settings, java.util.Optional<AwsCredentialsProvider> given) {
        return new SecretsManagerReader(settings, () -> given.orElseGet(() -> DefaultCredentialsProvider.builder().build()));
    }

    @Singleton
    SecretValues secretValues(Settings settings, SecretsManagerReader reader, Clock clock) {
        return new SecretValues(settings, reader, clock);
    }
}

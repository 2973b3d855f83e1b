package dev.moduo.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

@Factory
public class SettingsFactory {

    /** Tests and the local runner register their own {@link Settings} before the context starts. */
    @Singleton
    @Requires(missingBeans = Settings.class)
    Settings processSettings() {
        return Settings.fromProcess();
    }
}

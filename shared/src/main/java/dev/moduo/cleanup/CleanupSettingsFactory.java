package dev.moduo.cleanup;

import dev.moduo.config.Settings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

@Factory
public class CleanupSettingsFactory {

    /** Tests register their own to shorten the per-session budget. */
    @Singleton
    @Requires(missingBeans = CleanupSettings.class)
    CleanupSettings cleanupSettings(Settings settings) {
        return CleanupSettings.from(settings);
    }
}

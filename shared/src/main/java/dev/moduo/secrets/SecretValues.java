package dev.moduo.secrets;

import dev.moduo.config.Settings;
import dev.moduo.snapstart.Reconnectable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where each secret comes from: Secrets Manager when its {@code *_SECRET_ID} setting names a secret (in AWS,
 * where no secret is ever put in a function's environment), else the setting that holds the value itself
 * (local runs and tests). Before a SnapStart snapshot every value read from Secrets Manager is forgotten.
 */
public final class SecretValues implements Reconnectable {

    /** How long a value read from Secrets Manager is kept before it is read again (rotation pick-up). */
    public static final String TTL_SETTING = "SECRETS_TTL";

    private final Settings settings;
    private final SecretsManagerReader reader;
    private final Clock clock;
    private final List<CachedSecret> made = new CopyOnWriteArrayList<>();

    public SecretValues(Settings settings, SecretsManagerReader reader, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param idSetting    the setting that names the secret in Secrets Manager, e.g. {@code MONGODB_URI_SECRET_ID}
     * @param valueSetting the setting that holds the value directly, e.g. {@code MONGODB_URI}
     */
    public SecretValue of(String idSetting, String valueSetting) {
        return fromSecretsManager(idSetting).<SecretValue>map(secret -> secret)
                .orElseGet(() -> new SettingSecret(settings, valueSetting, idSetting));
    }

    /** The secret {@code idSetting} names in Secrets Manager, if it names one. */
    public Optional<CachedSecret> fromSecretsManager(String idSetting) {
        return settings.get(idSetting).map(secretId -> {
            CachedSecret secret = new CachedSecret(reader, secretId, ttl(), clock);
            made.add(secret);
            return secret;
        });
    }

    @Override
    public void beforeSnapshot() {
        made.forEach(CachedSecret::invalidate);
    }

    private Duration ttl() {
        return settings.duration(TTL_SETTING, CachedSecret.DEFAULT_TTL);
    }
}

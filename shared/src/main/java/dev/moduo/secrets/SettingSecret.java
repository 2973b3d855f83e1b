package dev.moduo.secrets;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;

/**
 * A secret given directly by a setting (local runs and tests), read on every call so nothing is kept.
 * A missing setting fails the request that needs it (naming both settings), never the function's start.
 */
final class SettingSecret implements SecretValue {

    private final Settings settings;
    private final String valueSetting;
    private final String idSetting;

    SettingSecret(Settings settings, String valueSetting, String idSetting) {
        this.settings = settings;
        this.valueSetting = valueSetting;
        this.idSetting = idSetting;
    }

    @Override
    public String current(Deadline deadline) {
        return settings.get(valueSetting).orElseThrow(() -> new Settings.MissingSettingException(
                idSetting + " (or, outside AWS, " + valueSetting + ")"));
    }

    @Override
    public String toString() {
        return "SettingSecret[" + valueSetting + "]";
    }
}

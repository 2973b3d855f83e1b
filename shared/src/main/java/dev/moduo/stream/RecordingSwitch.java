package dev.moduo.stream;

import dev.moduo.config.Settings;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Whether this deployment records calls ({@code RECORDING}: {@code off}, the default, or {@code on}). Off, every
 * call is made with Stream's recording mode {@code disabled}, so nobody can record it, not even from a client;
 * on, calls are made recordable and the host may start recording through the API. Read where it is used, so
 * a function that never needs it never reads it.
 */
@Singleton
public class RecordingSwitch {

    public static final String SETTING = "RECORDING";

    private final Settings settings;

    public RecordingSwitch(Settings settings) {
        this.settings = settings;
    }

    public boolean on() {
        String value = settings.get(SETTING, "off").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new Settings.InvalidSettingException(SETTING, "must be on or off");
        };
    }
}

package dev.moduo.session;

import java.util.Locale;
import java.util.Optional;

public enum Difficulty {
    EASY, MEDIUM, HARD;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive, as the web client sends "Easy" as well as "easy". */
    public static Optional<Difficulty> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Difficulty difficulty : values()) {
            if (difficulty.name().equalsIgnoreCase(value.trim())) {
                return Optional.of(difficulty);
            }
        }
        return Optional.empty();
    }
}

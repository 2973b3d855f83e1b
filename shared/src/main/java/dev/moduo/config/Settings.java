package dev.moduo.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The function's settings, read by the names they have in {@code template.yaml} (MONGODB_URI, ...).
 * One object instead of scattered {@code System.getenv} calls, so tests and the local runner can
 * hand a function its settings without touching the process environment.
 */
public final class Settings {

    private final UnaryOperator<String> lookup;

    private Settings(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    /** The process environment, with JVM system properties of the same name taking precedence. */
    public static Settings fromProcess() {
        return new Settings(name -> {
            String property = System.getProperty(name);
            return property != null ? property : System.getenv(name);
        });
    }

    public static Settings of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new Settings(copy::get);
    }

    /** A copy with some values replaced; the rest still come from this one. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> copy = new HashMap<>(overrides);
        return new Settings(name -> copy.containsKey(name) ? copy.get(name) : lookup.apply(name));
    }

    /**
     * The same settings, noting every name asked for in {@code names} (thread-safe if the set is).
     * The deployment test runs each function through one to learn which settings the template must set.
     */
    public Settings recording(Set<String> names) {
        return new Settings(name -> {
            names.add(name);
            return lookup.apply(name);
        });
    }

    public Optional<String> get(String name) {
        String value = lookup.apply(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    public String get(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> new MissingSettingException(name));
    }

    public Duration duration(String name, Duration defaultValue) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration parsed = Duration.parse(value.get());
            if (parsed.isNegative() || parsed.isZero()) {
                throw new InvalidSettingException(name, "must be a positive ISO-8601 duration such as PT1H");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new InvalidSettingException(name, "must be an ISO-8601 duration such as PT1H");
        }
    }

    public int integer(String name, int defaultValue) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(name, "must be a whole number");
        }
    }

    /** A setting the function cannot work without; the message names it but never carries a value. */
    public static final class MissingSettingException extends IllegalStateException {
        public MissingSettingException(String name) {
            super("Setting " + name + " is not set");
        }
    }

    public static final class InvalidSettingException extends IllegalStateException {
        public InvalidSettingException(String name, String why) {
            super("Setting " + name + " " + why);
        }
    }
}

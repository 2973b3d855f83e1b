package dev.moduo.logging;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * The least severe level written. Named as Lambda's advanced logging controls name them (TRACE, DEBUG, INFO, WARN,
 * ERROR, FATAL); WARN when unset, so library chatter stays out of CloudWatch unless someone asks for it. SLF4J has no
 * FATAL: it writes errors only (Lambda itself then drops them if it filters at FATAL).
 *
 * @param level   the least severe level written
 * @param problem why the setting was not used as given, if it was not
 */
record LogThreshold(Level level, Optional<String> problem) {

    static final Level DEFAULT = Level.WARN;

    static LogThreshold parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return new LogThreshold(DEFAULT, Optional.empty());
        }
        String name = setting.trim().toUpperCase(Locale.ROOT);
        if (name.equals("FATAL")) {
            return new LogThreshold(Level.ERROR, Optional.empty());
        }
        for (Level level : Level.values()) {
            if (level.name().equals(name)) {
                return new LogThreshold(level, Optional.empty());
            }
        }
        return new LogThreshold(DEFAULT, Optional.of(JsonLinesProvider.LEVEL_SETTING + " '" + setting.trim()
                + "' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL: logging at " + DEFAULT));
    }

    boolean admits(Level candidate) {
        return candidate.toInt() >= level.toInt();
    }
}

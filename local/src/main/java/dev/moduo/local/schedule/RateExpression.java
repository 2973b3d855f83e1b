package dev.moduo.local.schedule;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** EventBridge's {@code rate(value unit)}: a whole number of minutes, hours or days. */
public final class RateExpression {

    private static final Pattern RATE = Pattern.compile("^rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)$");

    private RateExpression() {
    }

    /** The period, or empty when the expression is not a valid rate (a {@code cron(...)}, say). */
    public static Optional<Duration> parse(String expression) {
        Matcher matcher = RATE.matcher(expression.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long value = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2);
        // EventBridge insists on the singular for 1 and the plural otherwise.
        if ((value == 1) != !unit.endsWith("s") || value < 1) {
            return Optional.empty();
        }
        return Optional.of(switch (unit.replaceAll("s$", "")) {
            case "minute" -> Duration.ofMinutes(value);
            case "hour" -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        });
    }
}

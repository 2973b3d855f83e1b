package dev.moduo.local.template;

/**
 * A {@code Schedule} or {@code ScheduleV2} event of a function: its name in the template, the
 * {@code rate(...)}/{@code cron(...)} expression, the constant {@code Input} JSON if any.
 */
public record ScheduleSpec(String eventName, String type, String expression, String input, boolean enabled) {
}

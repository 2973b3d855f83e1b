package dev.moduo.local.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateExpressionTest {

    @Test
    void ratesInMinutesHoursAndDays() {
        assertEquals(Optional.of(Duration.ofMinutes(1)), RateExpression.parse("rate(1 minute)"));
        assertEquals(Optional.of(Duration.ofMinutes(5)), RateExpression.parse("rate(5 minutes)"));
        assertEquals(Optional.of(Duration.ofHours(2)), RateExpression.parse("rate(2 hours)"));
        assertEquals(Optional.of(Duration.ofDays(1)), RateExpression.parse("rate(1 day)"));
    }

    @Test
    void whatEventBridgeRefusesIsNotARate() {
        for (String expression : List.of("rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(5 seconds)",
                "cron(0 3 * * ? *)", "")) {
            assertTrue(RateExpression.parse(expression).isEmpty(), expression);
        }
    }
}

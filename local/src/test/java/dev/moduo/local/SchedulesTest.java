package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.local.fixtures.ScheduledFunction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The template's Schedule events run their function with EventBridge's scheduled event. */
class SchedulesTest {

    @Test
    void rateScheduleInvokesItsFunctionWithAScheduledEvent() throws InterruptedException {
        ScheduledFunction.EVENTS.clear();
        try (LocalRunner runner = LocalRunner.start(RunnerOptions.defaults().withPort(0)
                        .withTemplate(FixtureRunnerTest.TEMPLATE).withFirstScheduleRunAfter(Duration.ZERO),
                FixtureRunnerTest.GIVEN_SETTINGS, line -> { })) {
            Map<String, Object> event = ScheduledFunction.EVENTS.poll(60, TimeUnit.SECONDS);

            assertNotNull(event, "the schedule did not run");
            assertEquals("Scheduled Event", event.get("detail-type"));
            assertEquals("aws.events", event.get("source"));
            assertEquals(List.of("arn:aws:events:us-east-1:123456789012:rule/ScheduledFunction.EveryMinute"), event.get("resources"));
            assertTrue(runner.announcements().stream().anyMatch(line -> line.startsWith("Schedules: ScheduledFunction.EveryMinute"
                    + " rate(1 minute); ScheduledFunction.Nightly cron(0 3 * * ? *) is not run")), runner.announcements()::toString);
        }
    }

    @Test
    void noSchedulesOptionKeepsThemFromRunning() throws InterruptedException {
        ScheduledFunction.EVENTS.clear();
        try (LocalRunner runner = LocalRunner.start(RunnerOptions.defaults().withPort(0)
                        .withTemplate(FixtureRunnerTest.TEMPLATE).withFirstScheduleRunAfter(Duration.ZERO).withSchedules(false),
                FixtureRunnerTest.GIVEN_SETTINGS, line -> { })) {

            assertEquals(null, ScheduledFunction.EVENTS.poll(2, TimeUnit.SECONDS));
            assertTrue(runner.announcements().contains("Schedules: off (--no-schedules)"));
        }
    }
}

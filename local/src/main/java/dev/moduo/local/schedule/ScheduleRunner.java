package dev.moduo.local.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.LocalJson;
import dev.moduo.local.lambda.FunctionHost;
import dev.moduo.local.lambda.Outcome;
import dev.moduo.local.template.ScheduleSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the template's {@code Schedule}/{@code ScheduleV2} events: each rate fires its function with the
 * event EventBridge sends (a "Scheduled Event", or the schedule's constant {@code Input}), the first
 * time one period after start, as a new rule does. {@code cron(...)} is not emulated; it is announced.
 */
public final class ScheduleRunner implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "schedules");
        thread.setDaemon(true);
        return thread;
    });
    private final Consumer<String> log;

    public ScheduleRunner(Consumer<String> log) {
        this.log = log;
    }

    /**
     * Starts the function's enabled rate schedules. {@code firstRunAfter} overrides the delay before the
     * first run (tests); empty means one period.
     *
     * @return a one-line description of each schedule, for the start-up announcement
     */
    public List<String> start(FunctionHost function, Optional<Duration> firstRunAfter) {
        List<String> described = new ArrayList<>();
        for (ScheduleSpec schedule : function.spec().schedules()) {
            String name = function.logicalId() + "." + schedule.eventName();
            if (!schedule.enabled()) {
                described.add(name + " " + schedule.expression() + " is disabled in the template");
                continue;
            }
            Optional<Duration> period = RateExpression.parse(schedule.expression());
            if (period.isEmpty()) {
                described.add(name + " " + schedule.expression() + " is not run: the runner runs rate(...) schedules only"
                        + " (invoke it with POST /2015-03-31/functions/" + function.logicalId() + "/invocations)");
                continue;
            }
            long periodMillis = period.get().toMillis();
            long delay = firstRunAfter.map(Duration::toMillis).orElse(periodMillis);
            timer.scheduleAtFixedRate(() -> fire(function, schedule, name), delay, periodMillis, TimeUnit.MILLISECONDS);
            described.add(name + " " + schedule.expression());
        }
        return described;
    }

    private void fire(FunctionHost function, ScheduleSpec schedule, String name) {
        try {
            Outcome outcome = function.invoke(event(schedule, name, Instant.now()));
            String result = "ok";
            if (outcome instanceof Outcome.Failed failed) {
                result = "failed: " + failed.errorType() + ": " + failed.errorMessage();
            } else if (outcome instanceof Outcome.TimedOut timedOut) {
                result = timedOut.errorMessage();
            }
            log.accept("schedule " + name + " -> " + result + " (" + outcome.took().toMillis() + " ms)");
        } catch (RuntimeException e) {
            // A scheduled executor stops a task for good once it throws; the next period must still run.
            log.accept("schedule " + name + " could not run: " + e);
        }
    }

    static byte[] event(ScheduleSpec schedule, String name, Instant now) {
        if (schedule.input() != null) {
            return schedule.input().getBytes(StandardCharsets.UTF_8);
        }
        return LocalJson.bytes(scheduledEvent(name, now));
    }

    /** EventBridge's "Scheduled Event" of rule {@code rule}, sent at {@code now} (a schedule without an Input). */
    public static ObjectNode scheduledEvent(String rule, Instant now) {
        ObjectNode event = LocalJson.object();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "123456789012");
        event.put("time", now.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:events:us-east-1:123456789012:rule/" + rule);
        event.putObject("detail");
        return event;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package dev.moduo.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.cleanup.CleanupSummary;
import dev.moduo.stream.testing.Fault;
import dev.moduo.stream.testing.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs fault-injection trials: each breaks Stream or MongoDB at one step of a request and records
 * what the caller got and how fast; then the environment is healed, the cleanup runs, and
 * {@link Convergence} checks the final state.
 *
 * <p>Most of a trial's time is spent waiting out its fault, so trials run side by side. Stream
 * trials share one environment (each breaks only its own requests, picked by its own user or call
 * id): they all answer, then one heal and one cleanup run serve them all, as the scheduled cleanup
 * would. MongoDB trials stop their MongoDB, so each has an environment of its own and heals it
 * itself. Environments are started before the timed part, two at a time (that is CPU-bound), and
 * every trial waits at {@link Trial#ready()} so that no start-up slows down a request being timed.
 */
public final class FaultMatrix {

    /** A user is waiting: every answer comes within this, whatever fails. */
    public static final Duration ANSWER_LIMIT = Duration.ofSeconds(10);
    /** When the healing cleanup run happens: after any lease a request or a crashed run could hold. */
    public static final Duration HEAL_LATER = Duration.ofMinutes(10);
    private static final Duration WAIT_FOR_OTHERS = Duration.ofSeconds(120);
    private static final int SETTING_UP_AT_ONCE = 2;

    /** The Stream faults every Stream step is tried with; each lasts until healed. */
    public static final List<StreamFault> STREAM_FAULTS = List.of(
            new StreamFault("500", Fault::internalError),
            new StreamFault("503", Fault::unavailable),
            new StreamFault("429+reset", () -> Fault.rateLimited(Duration.ofSeconds(1))),
            new StreamFault("hang", () -> Fault.hang(Duration.ofSeconds(30))),
            new StreamFault("drop", Fault::dropConnection));

    private FaultMatrix() {
    }

    public record StreamFault(String name, Supplier<Fault> fault) {
        /** Enough repeats to outlast every retry of a request. */
        public static final int UNTIL_HEALED = 1_000;
    }

    /**
     * Whether the tests' MongoDB is the in-process one, which trials can stop, restart and put behind a
     * freezing proxy; with an external MONGODB_URI only the Stream trials run.
     */
    public static boolean mongoCanBeBroken() {
        String external = System.getenv("MONGODB_URI");
        return external == null || external.isBlank();
    }

    /** Picks one trial's requests to one Stream operation: those whose path or body names {@code id}. */
    public static Predicate<RecordedRequest> request(String operation, String id) {
        return request -> operation.equals(request.operation())
                && (request.path().contains(id) || (request.rawBody() != null && request.rawBody().contains("\"" + id + "\"")));
    }

    /** A trial's work; anything it throws is a problem of the trial. */
    @FunctionalInterface
    public interface Body {
        void run(Trial trial) throws Exception;
    }

    /**
     * One trial: {@code duringFault} breaks something, calls and checks the answer; for a trial in the
     * shared environment {@code afterHeal} checks what it owns once the shared heal has run.
     */
    public record Case(String name, Body duringFault, Body afterHeal) {

        /** A trial in the shared environment. */
        public static Case shared(String name, Body duringFault, Body afterHeal) {
            return new Case(name, duringFault, afterHeal);
        }

        /** A trial with an environment of its own, healed by the trial itself. */
        public static Case isolated(String name, Body body) {
            return new Case(name, body, null);
        }
    }

    /** One fault tried: what the caller got, what the cleanup did, and what was wrong. */
    public static final class Trial {
        private final String name;
        private final CountDownLatch allReady;
        private final Semaphore settingUp;
        private final AtomicBoolean ready = new AtomicBoolean();
        private final List<String> problems = new CopyOnWriteArrayList<>();
        private volatile int status;
        private volatile String message;
        private volatile long elapsedMs = -1;
        private volatile String cleanup = "";
        private volatile boolean inSharedEnvironment;
        private volatile long readyAt;

        Trial(String name, CountDownLatch allReady, Semaphore settingUp) {
            this.name = name;
            this.allReady = allReady;
            this.settingUp = settingUp;
        }

        public String name() {
            return name;
        }

        public List<String> problems() {
            return List.copyOf(problems);
        }

        /** This trial's environment is up and warm: waits until every other trial's is too. */
        public void ready() throws InterruptedException {
            markReady();
            if (!allReady.await(WAIT_FOR_OTHERS.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the other trials did not get ready in time");
            }
        }

        private void markReady() {
            if (ready.compareAndSet(false, true)) {
                readyAt = System.nanoTime();
                settingUp.release();
                allReady.countDown();
            }
        }

        /** Sends the request, timing it; the caller must have an answer within {@link #ANSWER_LIMIT}. */
        public APIGatewayV2HTTPResponse call(Supplier<APIGatewayV2HTTPResponse> request) {
            long started = System.nanoTime();
            APIGatewayV2HTTPResponse response = request.get();
            elapsedMs = (System.nanoTime() - started) / 1_000_000;
            status = response.getStatusCode();
            JsonNode body = FunctionTestEnvironment.body(response);
            message = body.path("message").asText(null);
            check(elapsedMs < ANSWER_LIMIT.toMillis(), "answered after " + elapsedMs + " ms");
            return response;
        }

        /** The answer the caller must have got. */
        public void expect(int expectedStatus, String expectedMessage) {
            check(status == expectedStatus, "status " + status + ", expected " + expectedStatus);
            check(expectedMessage.equals(message), "message \"" + message + "\", expected \"" + expectedMessage + "\"");
        }

        public void check(boolean ok, String problem) {
            if (!ok) {
                problems.add(problem);
            }
        }

        /** Runs the healing cleanup on {@code env}; it must find nothing it cannot finish. */
        public CleanupSummary heal(FunctionTestEnvironment env) {
            CleanupSummary summary = env.runCleanup(HEAL_LATER);
            cleanup = "examined=" + summary.examined() + " ended=" + summary.ended() + " repaired=" + summary.repaired()
                    + " failed=" + summary.failed();
            check(summary.isClean(), "cleanup did not finish cleanly: " + summary);
            return summary;
        }

        /** The final state of {@code env} must be consistent. */
        public void converged(FunctionTestEnvironment env) {
            Convergence.problems(env).forEach(problem -> problems.add("final state: " + problem));
        }

        String line() {
            if (elapsedMs < 0) {
                return String.format(Locale.ROOT, "%-50s | cleanup %s | %s", name, cleanup,
                        problems.isEmpty() ? "consistent" : "PROBLEMS " + problems);
            }
            return String.format(Locale.ROOT, "%-50s | %3d %-50s | %5d ms | cleanup %-38s | %s", name, status,
                    message == null ? "" : "\"" + message + "\"", elapsedMs, cleanup,
                    problems.isEmpty() ? "consistent" : "PROBLEMS " + problems);
        }
    }

    /**
     * Runs every case, prints the matrix and its summary line, and writes them to
     * {@code target/fault-matrix-<operation>.txt}. {@code healShared} runs once, after every trial has
     * answered and before the {@code afterHeal} parts; {@code checkShared} runs last.
     */
    public static List<Trial> run(String operation, List<Case> cases, Body healShared, Body checkShared) {
        long started = System.nanoTime();
        StringBuilder phases = new StringBuilder("Phases: started");
        CountDownLatch allReady = new CountDownLatch(cases.size());
        Semaphore settingUp = new Semaphore(SETTING_UP_AT_ONCE);
        List<Trial> trials = new ArrayList<>();
        for (Case each : cases) {
            trials.add(new Trial(each.name(), allReady, settingUp));
        }
        ExecutorService pool = Executors.newFixedThreadPool(cases.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Trial trial = trials.get(i);
                Body body = cases.get(i).duringFault();
                running.add(pool.submit(() -> {
                    try {
                        settingUp.acquire();
                        body.run(trial);
                    } catch (Throwable failure) {
                        trial.problems.add("trial failed: " + failure);
                    } finally {
                        trial.markReady();
                    }
                }));
            }
            awaitAll(running);
            phases.append(", last ready at ").append(trials.stream().mapToLong(trial -> trial.readyAt).max().orElse(started) / 1_000_000
                    - started / 1_000_000).append(" ms");
            phases.append(", all answered at ").append(since(started)).append(" ms");
            Trial shared = new Trial("shared environment: heal, cleanup, final state", new CountDownLatch(0), new Semaphore(1));
            if (cases.stream().anyMatch(each -> each.afterHeal() != null)) {
                runQuietly(healShared, shared);
                phases.append(", healed at ").append(since(started)).append(" ms");
                running.clear();
                for (int i = 0; i < cases.size(); i++) {
                    Trial trial = trials.get(i);
                    Body body = cases.get(i).afterHeal();
                    if (body != null) {
                        trial.inSharedEnvironment = true;
                        trial.cleanup = shared.cleanup;
                        running.add(pool.submit(() -> runQuietly(body, trial)));
                    }
                }
                awaitAll(running);
                runQuietly(checkShared, shared);
                trials.add(shared);
            }
        } finally {
            pool.shutdownNow();
        }
        phases.append(", done at ").append(since(started)).append(" ms");
        report(operation, trials, phases.toString());
        return trials;
    }

    public static String summary(String operation, List<Trial> trials) {
        boolean sharedConverged = trials.stream().filter(trial -> trial.elapsedMs < 0)
                .allMatch(trial -> trial.problems.isEmpty());
        List<Trial> faults = trials.stream().filter(trial -> trial.elapsedMs >= 0).toList();
        long consistent = faults.stream()
                .filter(trial -> trial.problems.isEmpty() && (sharedConverged || !trial.inSharedEnvironment))
                .count();
        long slowest = faults.stream().mapToLong(trial -> trial.elapsedMs).max().orElse(0);
        return "Fault matrix (" + operation + "): " + faults.size() + " faults tried, " + consistent
                + " final states consistent, slowest answer " + slowest + " ms";
    }

    /** One test per trial, and one for the whole matrix: any inconsistency fails the build. */
    public static Stream<DynamicTest> tests(String operation, List<Trial> trials) {
        Stream<DynamicTest> each = trials.stream().map(trial -> DynamicTest.dynamicTest(trial.name(),
                () -> Assertions.assertEquals(List.of(), trial.problems(), trial.line())));
        String summary = summary(operation, trials);
        DynamicTest all = DynamicTest.dynamicTest(summary, () -> Assertions.assertTrue(
                trials.stream().allMatch(trial -> trial.problems.isEmpty()), summary));
        return Stream.concat(each, Stream.of(all));
    }

    private static void runQuietly(Body body, Trial trial) {
        try {
            body.run(trial);
        } catch (Throwable failure) {
            trial.problems.add("failed: " + failure);
        }
    }

    private static void awaitAll(List<Future<?>> running) {
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running the fault matrix", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static long since(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void report(String operation, List<Trial> trials, String phases) {
        StringBuilder text = new StringBuilder();
        trials.forEach(trial -> text.append(trial.line()).append('\n'));
        text.append(phases).append('\n');
        text.append(summary(operation, trials)).append('\n');
        System.out.print(text);
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            Files.writeString(target.resolve("fault-matrix-" + operation + ".txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

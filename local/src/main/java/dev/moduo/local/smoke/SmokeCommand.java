package dev.moduo.local.smoke;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * {@code java -jar moduo-local.jar smoke --api URL}: the check to run after {@code sam deploy}. It walks the
 * deployed API as two real Clerk users ({@link SmokeWalk}), prints one line per step and a summary, and
 * exits 0 only when every answer was what the contract promises.
 */
public final class SmokeCommand {

    public static final String NAME = "smoke";
    public static final int PASSED = 0;
    public static final int FAILED = 1;
    /** Nothing was sent: the options or the tokens cannot make a walk. */
    public static final int NOT_RUN = 2;

    private final Map<String, String> environment;
    private final TokenPrompt prompt;
    private final Consumer<String> out;
    private final Consumer<String> err;
    private final Clock clock;

    SmokeCommand(Map<String, String> environment, TokenPrompt prompt, Consumer<String> out, Consumer<String> err, Clock clock) {
        this.environment = environment;
        this.prompt = prompt;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** The arguments after {@code smoke}. */
    public static void main(String[] args) {
        System.exit(new SmokeCommand(System.getenv(), TokenPrompt.console(), System.out::println, System.err::println,
                Clock.systemUTC()).run(args));
    }

    int run(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.accept(SmokeOptions.USAGE);
            return PASSED;
        }
        SmokeOptions options;
        try {
            options = SmokeOptions.parse(args, environment, prompt, clock);
        } catch (IllegalArgumentException e) {
            err.accept(e.getMessage());
            err.accept(SmokeOptions.USAGE);
            return NOT_RUN;
        }
        out.accept("Smoke test of " + options.api() + " as host " + describe(options.host()) + " and guest "
                + describe(options.guest()));
        // Distinct titles, so a run is easy to tell apart in the data and the logs.
        String title = "Moduo smoke test " + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        WalkResult result = new SmokeWalk(new ApiClient(options.api()), options.host(), options.guest(), title, out).walk();
        if (result.passed()) {
            out.accept("Smoke test passed: " + result.steps().size() + " steps in " + result.millis() + " ms; session "
                    + result.sessionId() + " created and ended.");
            return PASSED;
        }
        StepResult failure = result.failure().orElseThrow();
        out.accept("Smoke test FAILED at step " + failure.name() + ": " + failure.detail() + afterwards(result));
        return FAILED;
    }

    private String describe(ClerkSessionToken token) {
        long left = Duration.between(clock.instant(), token.expiresAt()).toSeconds();
        return token.userId() + " (" + token.source() + ", valid " + left + " s more)";
    }

    private static String afterwards(WalkResult result) {
        if (result.sessionId() == null) {
            return "";
        }
        String session = "; the session it created (" + result.sessionId() + ")";
        return result.cleanup()
                .filter(cleanup -> !cleanup.passed())
                .map(cleanup -> session + " could not be ended: " + cleanup.detail()
                        + "; the scheduled cleanup ends it once it is stale")
                .orElse(session + " was ended");
    }
}

package dev.moduo.functions.cleanup;

import com.amazonaws.services.lambda.runtime.Context;
import dev.moduo.cleanup.CleanupMetrics;
import dev.moduo.cleanup.CleanupSettings;
import dev.moduo.cleanup.CleanupSummary;
import dev.moduo.cleanup.SessionJanitor;
import dev.moduo.core.Deadline;
import dev.moduo.lambda.ApiFunction;
import dev.moduo.lambda.CurrentInvocation;
import dev.moduo.lambda.FunctionMetrics;
import dev.moduo.lambda.SnapStartPriming;
import dev.moduo.metrics.InvocationMetrics;
import dev.moduo.stream.RoomLockCheck;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crac.Core;

/**
 * Runs the {@link SessionJanitor} once. EventBridge calls it on a schedule; anyone may call it by
 * hand with any JSON object (the event is not read), e.g. {@code {}}. It answers with the run's
 * summary, and fails the invocation when the run could not work at all (MongoDB unavailable), so
 * that the failure shows in the function's Errors and reaches the dead-letter queue.
 *
 * <p>Each run logs one line, its summary in embedded metric format ({@link CleanupMetrics}), into which the
 * invocation's own metrics are folded (cold start, Stream and MongoDB failures, sessions it ended).
 */
public class CleanupStaleSessionsFunction extends MicronautRequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Kept back from the Lambda's remaining time to log the summary and answer before the timeout. */
    static final Duration TIMEOUT_RESERVE = Duration.ofSeconds(3);
    /** When run outside Lambda (no Context): about what the function's 60 s timeout leaves. */
    static final Duration BUDGET_WITHOUT_CONTEXT = Duration.ofSeconds(55);

    @Inject
    protected SessionJanitor janitor;

    @Inject
    protected CurrentInvocation currentInvocation;

    /** Sets the Stream app up for the room lock once per environment (README, "Room lock"). */
    @Inject
    protected RoomLockCheck roomLock;

    @Inject
    protected CleanupSettings settings;

    @Inject
    protected Clock clock;

    private final FunctionMetrics metrics = new FunctionMetrics(getClass().getSimpleName());

    /** No request to prime it with (a run writes): priming only warms MongoDB reads and reconnects around the snapshot. */
    private final SnapStartPriming snapStart = new SnapStartPriming(this, null, metrics::restored);

    public CleanupStaleSessionsFunction() {
        super();
        Core.getGlobalContext().register(snapStart);
    }

    public CleanupStaleSessionsFunction(ApplicationContext context) {
        super(context);
    }

    /** Like the HTTP functions: singletons are made when first needed, not all at start. */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return ApiFunction.lambdaContextBuilder();
    }

    /** The SnapStart hooks of this function. */
    public SnapStartPriming snapStart() {
        return snapStart;
    }

    /** A null event (an invocation without payload) is as good as any other. */
    @Override
    protected Map<String, Object> convertInput(Object input) {
        return input == null ? new LinkedHashMap<>() : super.convertInput(input);
    }

    @Override
    public Map<String, Object> execute(Map<String, Object> event) {
        InvocationMetrics invocationMetrics = metrics.begin(applicationContext, null, false);
        try {
            Context context = currentInvocation == null ? null : currentInvocation.context().orElse(null);
            Deadline deadline = deadline(context);
            roomLock.ensure(deadline);
            CleanupSummary summary = janitor.run(deadline);
            if (summary.abortedForTheDatabase()) {
                FunctionMetrics.databaseUnreachable(invocationMetrics);
            }
            metrics.write(invocationMetrics, CleanupMetrics.line(summary, settings.metricsName(), clock.instant()), false);
            if (summary.aborted() != null) {
                throw new CleanupAbortedException(summary);
            }
            return summary.toMap();
        } finally {
            invocationMetrics.end();
        }
    }

    static Deadline deadline(Context context) {
        if (context == null) {
            return Deadline.after(BUDGET_WITHOUT_CONTEXT);
        }
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(TIMEOUT_RESERVE);
        return Deadline.after(left.isNegative() ? Duration.ZERO : left);
    }

    /** The run stopped before doing its work; its summary line is already in the log. */
    public static final class CleanupAbortedException extends RuntimeException {
        public CleanupAbortedException(CleanupSummary summary) {
            super("Cleanup run " + summary.runId() + " stopped: " + summary.aborted());
        }
    }
}

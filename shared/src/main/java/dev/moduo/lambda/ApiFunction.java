package dev.moduo.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Deadline;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.http.ErrorMapper;
import dev.moduo.metrics.InvocationMetrics;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.time.Duration;
import org.crac.Core;

/**
 * Base of every HTTP function: turns the API Gateway event into an {@link ApiRequest}, runs the
 * function's {@link #handle}, maps any failure through {@link ErrorMapper}, and writes one log line, which is also
 * the invocation's metric document ({@link FunctionMetrics}).
 *
 * <p>Lambda creates the handler with its no-argument constructor once per execution environment,
 * which builds the Micronaut context; beans therefore live as long as the environment.
 */
public abstract class ApiFunction extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** A user is waiting: whatever the dependencies do, every request answers within this. */
    public static final Duration REQUEST_BUDGET = Duration.ofMillis(9_000);
    /** Kept back from the Lambda's own remaining time so the response is written before the timeout. */
    private static final Duration TIMEOUT_RESERVE = Duration.ofMillis(750);

    private CurrentInvocation currentInvocation;

    private final FunctionMetrics metrics = new FunctionMetrics(getClass().getSimpleName());
    private final SnapStartPriming snapStart = new SnapStartPriming(this, this::primeRequestPath, metrics::restored);
    /** True while SnapStart's priming request runs: it is no cold start, and its line publishes no metric. */
    private volatile boolean priming;

    /** What Lambda calls; with SnapStart the hooks prime the function before the snapshot and reconnect after restore. */
    protected ApiFunction() {
        super();
        Core.getGlobalContext().register(snapStart);
    }

    /** Tests and the local runner: no checkpoint ever happens, so nothing is registered (a test calls {@link #snapStart()}). */
    protected ApiFunction(ApplicationContext context) {
        super(context);
    }

    /** The SnapStart hooks of this function. */
    public SnapStartPriming snapStart() {
        return snapStart;
    }

    /**
     * Sends a request with no credentials through the whole handler (event parsing, authentication, error
     * mapping, the log line, response serialization): every function refuses it before any business code.
     */
    private void primeRequestPath() {
        ApiGatewaySerializer serializer = new ApiGatewaySerializer();
        APIGatewayV2HTTPEvent event = serializer.fromJson(SnapStartPriming.PRIMING_EVENT, APIGatewayV2HTTPEvent.class);
        APIGatewayV2HTTPResponse response;
        priming = true;
        try {
            response = handleRequest(event, null);
        } finally {
            priming = false;
        }
        if (response.getStatusCode() < 400) {
            // A function that answers a request without credentials with success may have acted on it.
            throw new IllegalStateException(getClass().getSimpleName()
                    + " accepted the SnapStart priming request, which carries no credentials");
        }
        serializer.toJson(response, new java.io.ByteArrayOutputStream(), APIGatewayV2HTTPResponse.class);
    }

    /**
     * The context Lambda's no-argument constructor builds: only the beans the handler injects (and what
     * they need) are created, in INIT.
     *
     * <p>Not {@code super.newApplicationContextBuilder()}: micronaut-function-aws's builder makes every
     * singleton and every configuration bean eager, and {@code eagerInitSingletons(false)} cannot undo that
     * (it only ever adds). Eager, every function built a MongoClient, Micronaut's own Jackson ObjectMapper,
     * executors and HTTP body handlers whether it used them or not. Environment deduction is off: the
     * environments are known, and deducing them only probes the machine.
     */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return lambdaContextBuilder();
    }

    /**
     * The context builder for every Moduo handler. micronaut-function-aws's own makes every singleton
     * and configuration bean eager, which {@code eagerInitSingletons(false)} on it cannot undo.
     */
    public static ApplicationContextBuilder lambdaContextBuilder() {
        return ApplicationContext.builder()
                .environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA)
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                .banner(false);
    }

    @Override
    public final APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        long started = System.nanoTime();
        Context context = currentInvocation().context().orElse(null);
        Invocation invocation = new Invocation(requestId(event, context), deadline(context));
        String route = event == null ? null : event.getRouteKey();
        boolean primingRequest = priming;
        InvocationMetrics invocationMetrics = metrics.begin(applicationContext, route, primingRequest);
        try {
            ApiResponse response;
            Throwable failure = null;
            try {
                if (event == null) {
                    throw new IllegalArgumentException("No event");
                }
                response = handle(ApiGatewayEvents.toRequest(event), invocation);
            } catch (RuntimeException | Error e) {
                failure = e;
                response = ErrorMapper.toResponse(e);
            }
            long durationMicros = (System.nanoTime() - started) / 1000;
            ObjectNode line = InvocationLog.line(getClass().getSimpleName(), route, response.status(), durationMicros,
                    invocation, failure, failure != null && ErrorMapper.isBug(failure));
            FunctionMetrics.request(invocationMetrics, response.status(), durationMicros, failure, receivesWebhooks());
            metrics.write(invocationMetrics, line, primingRequest);
            return ApiGatewayEvents.toEvent(response);
        } finally {
            invocationMetrics.end();
        }
    }

    protected abstract ApiResponse handle(ApiRequest request, Invocation invocation);

    /**
     * Whether each request is a webhook delivery, counted by outcome ({@code WebhookDeliveries}): a delivery
     * refused before the handler could say what it did is counted here by its status.
     */
    protected boolean receivesWebhooks() {
        return false;
    }

    /**
     * Looked up rather than injected: a subclass without injection points of its own gets no bean
     * definition, and field injection into this class would then silently not happen.
     */
    private CurrentInvocation currentInvocation() {
        if (currentInvocation == null) {
            currentInvocation = applicationContext.getBean(CurrentInvocation.class);
        }
        return currentInvocation;
    }

    private static String requestId(APIGatewayV2HTTPEvent event, Context context) {
        if (event != null && event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        return context == null ? null : context.getAwsRequestId();
    }

    private static Deadline deadline(Context context) {
        Duration budget = REQUEST_BUDGET;
        if (context != null) {
            Duration lambdaLeft = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(TIMEOUT_RESERVE);
            if (lambdaLeft.compareTo(budget) < 0) {
                budget = lambdaLeft.isNegative() ? Duration.ZERO : lambdaLeft;
            }
        }
        return Deadline.after(budget);
    }
}

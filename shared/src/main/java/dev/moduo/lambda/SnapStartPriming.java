package dev.moduo.lambda;

import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.snapstart.Primable;
import dev.moduo.snapstart.Reconnectable;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextProvider;
import io.micronaut.context.BeanRegistration;
import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart hooks of a function (CRaC {@link Resource}, registered by the no-argument constructor Lambda uses).
 *
 * <p>Before the snapshot it runs the function's code paths so that their classes are loaded and initialised
 * in the snapshot rather than on the first request after restore, without changing anything: a request without
 * credentials goes through the whole handler (event parsing, authentication, error mapping, the log line,
 * response serialization) and is refused with 401 before any business code; then every {@link Primable} bean
 * the function has made runs its own (a token verified against a throwaway key, the Secrets Manager client
 * built, a read in MongoDB that finds nothing, a Stream request built and signed but not sent). Then every
 * {@link Reconnectable} bean closes its connections and forgets the secrets and keys it read.
 *
 * <p>Priming is best effort: each step that fails is logged and skipped, never thrown. A version is
 * published while MongoDB, Stream or Secrets Manager may be unreachable from Lambda (a first deploy before
 * the database lets Lambda in, a maintenance window), and a snapshot without some warmed classes is still a
 * good snapshot; a failed hook is not, it fails the publish and the deploy.
 *
 * <p>After restore nothing blocks on the network: clients, secrets and AWS credentials are made again by the
 * first request that needs them.
 */
public final class SnapStartPriming implements Resource {

    /** A request no function may act on: it carries no credentials. */
    static final String PRIMING_EVENT = """
            {"version":"2.0","routeKey":"GET /snapstart-priming","rawPath":"/snapstart-priming","rawQueryString":"",
             "headers":{"host":"snapstart.invalid","user-agent":"snapstart-priming"},
             "requestContext":{"http":{"method":"GET","path":"/snapstart-priming","protocol":"HTTP/1.1",
               "sourceIp":"127.0.0.1","userAgent":"snapstart-priming"},"requestId":"snapstart-priming",
               "routeKey":"GET /snapstart-priming","stage":"$default","timeEpoch":0},
             "isBase64Encoded":false}
            """;

    private final ApplicationContextProvider function;
    private final Runnable requestPath;
    private final Runnable restored;

    /**
     * @param function the handler whose context's beans are primed and reconnected
     * @param requestPath runs a request through the handler that it must refuse without acting on it;
     *                    null for a handler that has no such request (the scheduled cleanup)
     * @param restored    told first after every restore: what was drawn before the snapshot is the same in every
     *                    restored environment, and this lets the handler start afresh (its cold start count)
     */
    public SnapStartPriming(ApplicationContextProvider function, Runnable requestPath, Runnable restored) {
        this.function = function;
        this.requestPath = requestPath;
        this.restored = restored;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
        for (Reconnectable bean : active(Reconnectable.class)) {
            bestEffort("close " + bean.getClass().getSimpleName(), bean::beforeSnapshot);
        }
    }

    /** Makes nothing, fetches nothing: the first request makes what it needs. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        restored.run();
        for (Reconnectable bean : active(Reconnectable.class)) {
            bestEffort("restore " + bean.getClass().getSimpleName(), bean::afterRestore);
        }
    }

    /** Runs the code paths; nothing here changes data or sends to a service that acts. Returns the steps that failed. */
    List<String> prime() {
        List<String> failed = new ArrayList<>();
        if (requestPath != null && !bestEffort("request path", requestPath)) {
            failed.add("request path");
        }
        for (Primable bean : active(Primable.class)) {
            String step = "prime " + bean.getClass().getSimpleName();
            if (!bestEffort(step, bean::prime)) {
                failed.add(step);
            }
        }
        return failed;
    }

    /** Runs a step; a failure is logged (its type and message: no step handles a secret's value) and swallowed. */
    private boolean bestEffort(String step, Runnable action) {
        try {
            action.run();
            return true;
        } catch (RuntimeException | LinkageError e) {
            EventLog.event(function.getClass().getSimpleName(), "SnapStart step skipped", Json.object()
                    .put("step", step)
                    .put("error", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            return false;
        }
    }

    private <T> List<T> active(Class<T> type) {
        ApplicationContext context = function.getApplicationContext();
        return context.getActiveBeanRegistrations(type).stream().map(BeanRegistration::getBean).toList();
    }
}

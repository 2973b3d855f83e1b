package dev.moduo.functions.create;

import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withBody;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.http.ErrorMapper;
import dev.moduo.session.CrashPoints;
import dev.moduo.testing.FaultMatrix;
import dev.moduo.testing.FaultMatrix.Case;
import dev.moduo.testing.FaultMatrix.StreamFault;
import dev.moduo.testing.FaultMatrix.Trial;
import dev.moduo.testing.FreezingProxy;
import dev.moduo.testing.FunctionTestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Create with Stream failing at each of its steps in every way, and with MongoDB going away before
 * and during the request: the caller gets a fast, clear 503, what Stream failed on is removed before
 * the answer, nothing half-made is listed, and after healing and one cleanup run MongoDB and Stream
 * agree and create works again.
 */
class CreateSessionFaultsTest {

    /** Create's Stream steps in order: the host's Stream user, the call, the channel. */
    private static final List<String> STREAM_STEPS = List.of("UpdateUsers", "GetOrCreateCall", "GetOrCreateChannel");
    private static final List<String> MONGO_STOPS = List.of(CrashPoints.CREATE_RECORDED, CrashPoints.CREATE_CALL_MADE,
            CrashPoints.CREATE_CHANNEL_MADE);

    @TestFactory
    Stream<DynamicTest> createConvergesWhateverFails() {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment()) {
            CreateSessionFunction function = warmFunction(env);
            try {
                List<Case> cases = new ArrayList<>();
                for (String operation : STREAM_STEPS) {
                    for (StreamFault fault : FaultMatrix.STREAM_FAULTS) {
                        String host = "user_host_" + cases.size();
                        cases.add(Case.shared("create | Stream " + operation + " " + fault.name(),
                                trial -> streamFault(trial, env, function, host, operation, fault),
                                trial -> createsAgain(trial, env, function, host)));
                    }
                }
                if (FaultMatrix.mongoCanBeBroken()) {
                    cases.add(Case.isolated("create | MongoDB down before the request", this::mongoDownBefore));
                    for (String step : MONGO_STOPS) {
                        cases.add(Case.isolated("create | MongoDB stops after " + step, trial -> mongoStopsAfter(trial, step)));
                    }
                    cases.add(Case.isolated("create | MongoDB hangs after " + CrashPoints.CREATE_CHANNEL_MADE,
                            trial -> mongoHangsAfter(trial, CrashPoints.CREATE_CHANNEL_MADE)));
                }
                List<Trial> trials = FaultMatrix.run("create", cases,
                        shared -> {
                            env.stream().clearFaults();
                            shared.heal(env);
                            shared.converged(env);
                        },
                        shared -> shared.converged(env));
                return FaultMatrix.tests("create", trials).toList().stream();
            } finally {
                function.close();
            }
        }
    }

    private static void streamFault(Trial trial, FunctionTestEnvironment env, CreateSessionFunction function,
                                    String host, String operation, StreamFault fault) throws Exception {
        trial.ready();
        env.stream().failWhen(FaultMatrix.request(operation, host), fault.fault().get(), StreamFault.UNTIL_HEALED);

        trial.call(() -> create(env, function, host));

        trial.expect(503, ErrorMapper.VIDEO_UNAVAILABLE);
        trial.check(sessionsOf(env, host) == 0, "the failed create left its session behind");
        trial.check(env.stream().calls().stream().noneMatch(call -> host.equals(call.createdById()) && !call.deleted()),
                "the failed create left its call in Stream");
        trial.check(env.stream().channels().stream().noneMatch(channel -> host.equals(channel.createdById())),
                "the failed create left its channel in Stream");
    }

    private void mongoDownBefore(Trial trial) throws Exception {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment()) {
            CreateSessionFunction function = warmFunction(env);
            try {
                trial.ready();
                env.mongo().stop();

                trial.call(() -> create(env, function, "user_host"));

                trial.expect(503, ErrorMapper.DATABASE_UNAVAILABLE);
                env.mongo().restart();
                trial.check(sessionsOf(env, "user_host") == 0, "a create that failed at once left a session");
                trial.heal(env);
                trial.converged(env);
                createsAgain(trial, env, function, "user_host");
                trial.converged(env);
            } finally {
                function.close();
            }
        }
    }

    private void mongoStopsAfter(Trial trial, String step) throws Exception {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment()) {
            CreateSessionFunction function = warmFunction(env);
            CrashPoints steps = function.getApplicationContext().getBean(CrashPoints.class);
            try {
                trial.ready();
                AtomicBoolean stopped = new AtomicBoolean();
                steps.listen(reached -> {
                    if (reached.equals(step) && stopped.compareAndSet(false, true)) {
                        env.mongo().stop();
                    }
                });

                trial.call(() -> create(env, function, "user_host"));

                trial.expect(503, ErrorMapper.DATABASE_UNAVAILABLE);
                trial.check(stopped.get(), "the request never reached " + step);
                steps.stopListening();
                env.mongo().restart();
                trial.check(env.mongo().database().getCollection("sessions")
                                .countDocuments(new Document("status", "active").append("hostId", "user_host")) == 0,
                        "a session whose create failed would be listed");
                trial.heal(env);
                trial.converged(env);
                createsAgain(trial, env, function, "user_host");
                trial.converged(env);
            } finally {
                function.close();
            }
        }
    }

    private void mongoHangsAfter(Trial trial, String step) throws Exception {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment();
             FreezingProxy proxy = new FreezingProxy(FreezingProxy.port(env.mongo().uri()))) {
            env.set("MONGODB_URI", proxy.mongoUri());
            CreateSessionFunction function = warmFunction(env);
            CrashPoints steps = function.getApplicationContext().getBean(CrashPoints.class);
            try {
                trial.ready();
                steps.listen(reached -> {
                    if (reached.equals(step)) {
                        proxy.freeze();
                    }
                });

                trial.call(() -> create(env, function, "user_host"));

                trial.expect(503, ErrorMapper.DATABASE_UNAVAILABLE);
                steps.stopListening();
                proxy.thaw();
                trial.heal(env);
                trial.converged(env);
                createsAgain(trial, env, function, "user_host");
                trial.converged(env);
            } finally {
                function.close();
            }
        }
    }

    /** A function that has served one create already, so that the timed request is not its first. */
    private static CreateSessionFunction warmFunction(FunctionTestEnvironment env) {
        CreateSessionFunction function = env.function(CreateSessionFunction::new);
        APIGatewayV2HTTPResponse warm = create(env, function, "user_warm_up");
        if (warm.getStatusCode() != 201) {
            function.close();
            throw new IllegalStateException("warm-up create answered " + warm.getStatusCode());
        }
        return function;
    }

    /**
     * Once healed, the same function instance works again: nothing is stuck in its clients. (A create
     * whose last write MongoDB applied after the caller gave up may also be active: complete, listed,
     * and consistent, which the final-state check covers.)
     */
    private static void createsAgain(Trial trial, FunctionTestEnvironment env, CreateSessionFunction function,
                                     String host) {
        APIGatewayV2HTTPResponse again = create(env, function, host);
        trial.check(again.getStatusCode() == 201, "after healing, create answered " + again.getStatusCode());
        String id = FunctionTestEnvironment.body(again).path("session").path("_id").asText();
        trial.check(env.mongo().database().getCollection("sessions")
                        .countDocuments(new Document("_id", new ObjectId(id)).append("status", "active")) == 1,
                "after healing, the new session is not active");
    }

    private static APIGatewayV2HTTPResponse create(FunctionTestEnvironment env, CreateSessionFunction function,
                                                   String userId) {
        return function.handleRequest(withBody(env.eventAs("create-session.json", userId),
                "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}"), lambdaContext("CreateSessionFunction"));
    }

    private static long sessionsOf(FunctionTestEnvironment env, String hostId) {
        return env.mongo().database().getCollection("sessions").countDocuments(new Document("hostId", hostId));
    }
}

package dev.moduo.functions.end;

import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.http.ErrorMapper;
import dev.moduo.session.CrashPoints;
import dev.moduo.session.SessionView;
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
 * End with Stream failing at each of its steps in every way: the session is completed and the host
 * gets 200 within seconds whatever Stream does, and the cleanup finishes the Stream side. With
 * MongoDB going away the host is told to retry (503) fast; after healing everything converges.
 */
class EndSessionFaultsTest {

    private static final String ENDED = "Session ended successfully";
    /** End's Stream steps in order: end the call for everyone, delete the call, delete the channel. */
    private static final List<String> STREAM_STEPS = List.of("EndCall", "DeleteCall", "DeleteChannel");
    private static final List<String> MONGO_STOPS = List.of(CrashPoints.END_COMPLETED, CrashPoints.TEARDOWN_CALL_DELETED);

    @TestFactory
    Stream<DynamicTest> endConvergesWhateverFails() {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment()) {
            EndSessionFunction function = warmFunction(env);
            try {
                List<Case> cases = new ArrayList<>();
                for (String operation : STREAM_STEPS) {
                    for (StreamFault fault : FaultMatrix.STREAM_FAULTS) {
                        String host = "user_host_" + cases.size();
                        SessionView session = seedJoinedSession(env, host, "user_guest_" + cases.size());
                        cases.add(Case.shared("end | Stream " + operation + " " + fault.name(),
                                trial -> streamFault(trial, env, function, session, host, operation, fault),
                                trial -> teardownFinished(trial, env, function, session, host)));
                    }
                }
                if (FaultMatrix.mongoCanBeBroken()) {
                    cases.add(Case.isolated("end | MongoDB down before the request", trial -> mongo(trial, null)));
                    for (String step : MONGO_STOPS) {
                        cases.add(Case.isolated("end | MongoDB stops after " + step, trial -> mongo(trial, step)));
                    }
                    cases.add(Case.isolated("end | MongoDB hangs after " + CrashPoints.END_COMPLETED,
                            trial -> mongoHangsAfter(trial, CrashPoints.END_COMPLETED)));
                }
                List<Trial> trials = FaultMatrix.run("end", cases,
                        shared -> {
                            env.stream().clearFaults();
                            shared.heal(env);
                            shared.converged(env);
                        },
                        shared -> shared.converged(env));
                return FaultMatrix.tests("end", trials).toList().stream();
            } finally {
                function.close();
            }
        }
    }

    private static void streamFault(Trial trial, FunctionTestEnvironment env, EndSessionFunction function,
                                    SessionView session, String host, String operation, StreamFault fault)
            throws Exception {
        trial.ready();
        env.stream().failWhen(FaultMatrix.request(operation, session.callId()), fault.fault().get(),
                StreamFault.UNTIL_HEALED);

        trial.call(() -> end(env, function, session.id(), host));

        trial.expect(200, ENDED);
        Document stored = stored(env, session.id());
        trial.check("completed".equals(stored.getString("status")), "the session is not completed");
        trial.check(Boolean.TRUE.equals(stored.get("teardownPending")),
                "the Stream teardown that failed is not recorded as owed");
    }

    /** Stops MongoDB before the request ({@code step} null) or once the request reaches {@code step}. */
    private void mongo(Trial trial, String step) throws Exception {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment()) {
            EndSessionFunction function = warmFunction(env);
            CrashPoints steps = function.getApplicationContext().getBean(CrashPoints.class);
            try {
                SessionView session = seedJoinedSession(env, "user_host", "user_guest");
                trial.ready();
                AtomicBoolean stopped = new AtomicBoolean();
                if (step == null) {
                    env.mongo().stop();
                    stopped.set(true);
                } else {
                    steps.listen(reached -> {
                        if (reached.equals(step) && stopped.compareAndSet(false, true)) {
                            env.mongo().stop();
                        }
                    });
                }

                trial.call(() -> end(env, function, session.id(), "user_host"));

                trial.expect(503, ErrorMapper.DATABASE_UNAVAILABLE);
                trial.check(stopped.get(), "the request never reached " + step);
                steps.stopListening();
                env.mongo().restart();
                trial.heal(env);
                if (step != null) {
                    Document stored = stored(env, session.id());
                    trial.check("completed".equals(stored.getString("status")),
                            "a session completed before MongoDB went away is not completed");
                }
                teardownFinished(trial, env, function, session, "user_host");
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
            EndSessionFunction function = warmFunction(env);
            CrashPoints steps = function.getApplicationContext().getBean(CrashPoints.class);
            try {
                SessionView session = seedJoinedSession(env, "user_host", "user_guest");
                trial.ready();
                steps.listen(reached -> {
                    if (reached.equals(step)) {
                        proxy.freeze();
                    }
                });

                trial.call(() -> end(env, function, session.id(), "user_host"));

                trial.expect(503, ErrorMapper.DATABASE_UNAVAILABLE);
                steps.stopListening();
                proxy.thaw();
                trial.heal(env);
                teardownFinished(trial, env, function, session, "user_host");
                trial.converged(env);
            } finally {
                function.close();
            }
        }
    }

    /** The Stream side is gone and nothing is owed; the host's second end answers the same. */
    private static void teardownFinished(Trial trial, FunctionTestEnvironment env, EndSessionFunction function,
                                         SessionView session, String host) {
        APIGatewayV2HTTPResponse again = end(env, function, session.id(), host);
        trial.check(again.getStatusCode() == 200, "the host's second end answered " + again.getStatusCode());
        Document stored = stored(env, session.id());
        trial.check("completed".equals(stored.getString("status")), "the session is not completed");
        trial.check(!Boolean.TRUE.equals(stored.get("teardownPending")), "the Stream teardown is still owed");
        trial.check(env.stream().call(session.callId()).map(call -> call.ended() && call.deleted()).orElse(true),
                "the call was not ended and deleted");
        trial.check(env.stream().channel(session.callId()).isEmpty(), "the channel was not deleted");
    }

    private static SessionView seedJoinedSession(FunctionTestEnvironment env, String host, String guest) {
        SessionView session = env.seedSession(host, "Two Sum");
        env.seedJoin(session.id(), guest);
        return session;
    }

    /** A function that has served one end already, so that the timed request is not its first. */
    private static EndSessionFunction warmFunction(FunctionTestEnvironment env) {
        EndSessionFunction function = env.function(EndSessionFunction::new);
        SessionView warmUp = seedJoinedSession(env, "user_warm_host", "user_warm_guest");
        APIGatewayV2HTTPResponse warm = end(env, function, warmUp.id(), "user_warm_host");
        if (warm.getStatusCode() != 200) {
            function.close();
            throw new IllegalStateException("warm-up end answered " + warm.getStatusCode());
        }
        return function;
    }

    private static APIGatewayV2HTTPResponse end(FunctionTestEnvironment env, EndSessionFunction function,
                                                String sessionId, String userId) {
        return function.handleRequest(withSessionId(env.eventAs("end-session.json", userId), sessionId),
                lambdaContext("EndSessionFunction"));
    }

    private static Document stored(FunctionTestEnvironment env, String sessionId) {
        return env.mongo().database().getCollection("sessions").find(new Document("_id", new ObjectId(sessionId))).first();
    }
}

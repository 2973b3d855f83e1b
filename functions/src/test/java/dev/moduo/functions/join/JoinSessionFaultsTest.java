package dev.moduo.functions.join;

import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.http.ErrorMapper;
import dev.moduo.session.CrashPoints;
import dev.moduo.session.SessionView;
import dev.moduo.stream.testing.StandInCall;
import dev.moduo.stream.testing.StandInChannel;
import dev.moduo.testing.FaultMatrix;
import dev.moduo.testing.FaultMatrix.Case;
import dev.moduo.testing.FaultMatrix.StreamFault;
import dev.moduo.testing.FaultMatrix.Trial;
import dev.moduo.testing.FreezingProxy;
import dev.moduo.testing.FunctionTestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Join with Stream failing at each of its steps in every way, and with MongoDB going away before and
 * during the request: the caller is told to retry (503) within seconds and keeps the seat; after
 * healing, the cleanup finishes the membership, the same user's retry succeeds, and nobody is in
 * the call or channel twice.
 */
class JoinSessionFaultsTest {

    /** Join's Stream steps in order: the participant's Stream user, the channel member, the call member. */
    private static final List<String> STREAM_STEPS = List.of("UpdateUsers", "UpdateChannel", "UpdateCallMembers");
    private static final List<String> MONGO_STOPS = List.of(CrashPoints.JOIN_CLAIMED, CrashPoints.JOIN_CHANNEL_MEMBER,
            CrashPoints.JOIN_CALL_MEMBER);

    @TestFactory
    Stream<DynamicTest> joinConvergesWhateverFails() {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment()) {
            JoinSessionFunction function = warmFunction(env);
            try {
                List<Case> cases = new ArrayList<>();
                for (String operation : STREAM_STEPS) {
                    for (StreamFault fault : FaultMatrix.STREAM_FAULTS) {
                        String host = "user_host_" + cases.size();
                        String guest = "user_guest_" + cases.size();
                        SessionView session = env.seedSession(host, "Two Sum");
                        cases.add(Case.shared("join | Stream " + operation + " " + fault.name(),
                                trial -> streamFault(trial, env, function, session, guest, operation, fault),
                                trial -> joinFinished(trial, env, function, session, host, guest)));
                    }
                }
                if (FaultMatrix.mongoCanBeBroken()) {
                    cases.add(Case.isolated("join | MongoDB down before the request", this::mongoDownBefore));
                    for (String step : MONGO_STOPS) {
                        cases.add(Case.isolated("join | MongoDB stops after " + step, trial -> mongoStopsAfter(trial, step)));
                    }
                    cases.add(Case.isolated("join | MongoDB hangs after " + CrashPoints.JOIN_CALL_MEMBER,
                            trial -> mongoHangsAfter(trial, CrashPoints.JOIN_CALL_MEMBER)));
                }
                List<Trial> trials = FaultMatrix.run("join", cases,
                        shared -> {
                            env.stream().clearFaults();
                            shared.heal(env);
                            shared.converged(env);
                        },
                        shared -> shared.converged(env));
                return FaultMatrix.tests("join", trials).toList().stream();
            } finally {
                function.close();
            }
        }
    }

    private static void streamFault(Trial trial, FunctionTestEnvironment env, JoinSessionFunction function,
                                    SessionView session, String guest, String operation, StreamFault fault)
            throws Exception {
        trial.ready();
        env.stream().failWhen(FaultMatrix.request(operation, guest), fault.fault().get(), StreamFault.UNTIL_HEALED);

        trial.call(() -> join(env, function, session.id(), guest));

        trial.expect(503, ErrorMapper.VIDEO_UNAVAILABLE);
        Document stored = stored(env, session.id());
        trial.check(guest.equals(stored.getString("participantId")), "the seat is not kept for the caller's retry");
        trial.check(!Boolean.TRUE.equals(stored.get("participantInStream")), "a failed join is recorded as done");
    }

    private void mongoDownBefore(Trial trial) throws Exception {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment()) {
            JoinSessionFunction function = warmFunction(env);
            try {
                SessionView session = env.seedSession("user_host", "Two Sum");
                trial.ready();
                env.mongo().stop();

                trial.call(() -> join(env, function, session.id(), "user_guest"));

                trial.expect(503, ErrorMapper.DATABASE_UNAVAILABLE);
                env.mongo().restart();
                trial.heal(env);
                trial.converged(env);
                joinFinished(trial, env, function, session, "user_host", "user_guest");
                trial.converged(env);
            } finally {
                function.close();
            }
        }
    }

    private void mongoStopsAfter(Trial trial, String step) throws Exception {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment()) {
            JoinSessionFunction function = warmFunction(env);
            CrashPoints steps = function.getApplicationContext().getBean(CrashPoints.class);
            try {
                SessionView session = env.seedSession("user_host", "Two Sum");
                trial.ready();
                AtomicBoolean stopped = new AtomicBoolean();
                steps.listen(reached -> {
                    if (reached.equals(step) && stopped.compareAndSet(false, true)) {
                        env.mongo().stop();
                    }
                });

                trial.call(() -> join(env, function, session.id(), "user_guest"));

                trial.expect(503, ErrorMapper.DATABASE_UNAVAILABLE);
                trial.check(stopped.get(), "the request never reached " + step);
                steps.stopListening();
                env.mongo().restart();
                trial.heal(env);
                trial.converged(env);
                joinFinished(trial, env, function, session, "user_host", "user_guest");
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
            JoinSessionFunction function = warmFunction(env);
            CrashPoints steps = function.getApplicationContext().getBean(CrashPoints.class);
            try {
                SessionView session = env.seedSession("user_host", "Two Sum");
                trial.ready();
                steps.listen(reached -> {
                    if (reached.equals(step)) {
                        proxy.freeze();
                    }
                });

                trial.call(() -> join(env, function, session.id(), "user_guest"));

                trial.expect(503, ErrorMapper.DATABASE_UNAVAILABLE);
                steps.stopListening();
                proxy.thaw();
                trial.heal(env);
                trial.converged(env);
                joinFinished(trial, env, function, session, "user_host", "user_guest");
                trial.converged(env);
            } finally {
                function.close();
            }
        }
    }

    /**
     * After the heal the participant is in the call and channel and recorded so (if the failed request
     * got the seat at all); the same user's retry answers 200 and adds nobody twice.
     */
    private static void joinFinished(Trial trial, FunctionTestEnvironment env, JoinSessionFunction function,
                                     SessionView session, String host, String guest) {
        Document stored = stored(env, session.id());
        if (guest.equals(stored.getString("participantId"))) {
            trial.check(Boolean.TRUE.equals(stored.get("participantInStream")),
                    "the cleanup did not finish the participant's Stream membership");
            trial.check(members(env, session.callId()).equals(Set.of(host, guest)),
                    "after the cleanup, the call has members " + members(env, session.callId()));
        }
        APIGatewayV2HTTPResponse retry = join(env, function, session.id(), guest);
        trial.check(retry.getStatusCode() == 200, "the same user's retry answered " + retry.getStatusCode());
        trial.check(members(env, session.callId()).equals(Set.of(host, guest)),
                "after the retry, the call has members " + members(env, session.callId()));
        trial.check(env.stream().channel(session.callId()).map(StandInChannel::members)
                        .filter(members -> members.size() == 2 && Set.copyOf(members).equals(Set.of(host, guest)))
                        .isPresent(),
                "after the retry, the channel has members "
                        + env.stream().channel(session.callId()).map(StandInChannel::members).orElse(List.of()));
    }

    /** A function that has served one join already, so that the timed request is not its first. */
    private static JoinSessionFunction warmFunction(FunctionTestEnvironment env) {
        JoinSessionFunction function = env.function(JoinSessionFunction::new);
        SessionView warmUp = env.seedSession("user_warm_host", "Warm-up");
        APIGatewayV2HTTPResponse warm = join(env, function, warmUp.id(), "user_warm_guest");
        if (warm.getStatusCode() != 200) {
            function.close();
            throw new IllegalStateException("warm-up join answered " + warm.getStatusCode());
        }
        return function;
    }

    private static APIGatewayV2HTTPResponse join(FunctionTestEnvironment env, JoinSessionFunction function,
                                                 String sessionId, String userId) {
        return function.handleRequest(withSessionId(env.eventAs("join-session.json", userId), sessionId),
                lambdaContext("JoinSessionFunction"));
    }

    private static Set<String> members(FunctionTestEnvironment env, String callId) {
        List<String> members = env.stream().call(callId).map(StandInCall::memberIds).orElse(List.of());
        Set<String> distinct = Set.copyOf(members);
        return distinct.size() == members.size() ? distinct : Set.of("a member listed twice: " + members);
    }

    private static Document stored(FunctionTestEnvironment env, String sessionId) {
        return env.mongo().database().getCollection("sessions").find(new Document("_id", new ObjectId(sessionId))).first();
    }
}

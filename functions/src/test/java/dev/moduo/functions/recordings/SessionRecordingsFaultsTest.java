package dev.moduo.functions.recordings;

import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.functions.end.EndSessionFunction;
import dev.moduo.functions.streamwebhook.StreamWebhookFunction;
import dev.moduo.http.ErrorMapper;
import dev.moduo.recording.CallRecordingRepository;
import dev.moduo.session.SessionView;
import dev.moduo.testing.FaultMatrix;
import dev.moduo.testing.FaultMatrix.Case;
import dev.moduo.testing.FaultMatrix.StreamFault;
import dev.moduo.testing.FaultMatrix.Trial;
import dev.moduo.testing.FunctionTestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Start, stop and list with Stream failing in every way: a fast 503 that says to retry, nothing half-written (a
 * start Stream may have applied is kept as pending, so the end waits for it), and once healed the session ends and
 * its recordings converge: every recording Stream reported is kept, none is lost. With MongoDB away: a fast 503.
 */
class SessionRecordingsFaultsTest {

    private static final String HOST = "user_host";

    @TestFactory
    Stream<DynamicTest> recordingConvergesWhateverFails() {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment().set("RECORDING", "on")) {
            SessionRecordingsFunction function = env.function(SessionRecordingsFunction::new);
            EndSessionFunction end = env.function(EndSessionFunction::new);
            StreamWebhookFunction webhooks = env.function(StreamWebhookFunction::new);
            try {
                warmUp(env, function);
                List<Case> cases = new ArrayList<>();
                for (StreamFault fault : FaultMatrix.STREAM_FAULTS) {
                    int n = cases.size();
                    SessionView starting = sessionInCall(env, HOST + "_start_" + n);
                    cases.add(Case.shared("start | Stream StartRecording " + fault.name(),
                            trial -> startFails(trial, env, function, starting, HOST + "_start_" + n, fault),
                            trial -> ends(trial, env, end, starting, HOST + "_start_" + n)));
                    SessionView stopping = recordedSession(env, function, webhooks, HOST + "_stop_" + n);
                    cases.add(Case.shared("stop | Stream StopRecording " + fault.name(),
                            trial -> stopFails(trial, env, function, stopping, HOST + "_stop_" + n, fault),
                            trial -> ends(trial, env, end, stopping, HOST + "_stop_" + n)));
                    SessionView listing = recordedSession(env, function, webhooks, HOST + "_list_" + n);
                    cases.add(Case.shared("list | Stream ListRecordings " + fault.name(),
                            trial -> listFails(trial, env, function, listing, HOST + "_list_" + n, fault),
                            trial -> ends(trial, env, end, listing, HOST + "_list_" + n)));
                }
                if (FaultMatrix.mongoCanBeBroken()) {
                    for (String fixture : List.of("start-recording.json", "stop-recording.json", "list-recordings.json")) {
                        cases.add(Case.isolated(fixture.replace(".json", "") + " | MongoDB down", trial -> mongoDown(trial, fixture)));
                    }
                }
                List<Trial> trials = FaultMatrix.run("recordings", cases,
                        shared -> {
                            env.stream().clearFaults();
                            deliver(env, webhooks);
                        },
                        shared -> {
                            // Stream reports what the ends stopped; the cleanup then keeps every recorded call.
                            deliver(env, webhooks);
                            shared.heal(env);
                            deliver(env, webhooks);
                            shared.heal(env);
                            shared.converged(env);
                        });
                return FaultMatrix.tests("recordings", trials).toList().stream();
            } finally {
                function.close();
                end.close();
                webhooks.close();
            }
        }
    }

    private static void startFails(Trial trial, FunctionTestEnvironment env, SessionRecordingsFunction function,
                                   SessionView session, String host, StreamFault fault) throws Exception {
        trial.ready();
        env.stream().failWhen(FaultMatrix.request("StartRecording", session.callId()), fault.fault().get(),
                StreamFault.UNTIL_HEALED);

        trial.call(() -> send(env, function, "start-recording.json", host, session.id()));

        trial.expect(503, ErrorMapper.VIDEO_UNAVAILABLE);
        long sent = env.stream().requests("StartRecording").stream()
                .filter(request -> request.path().contains(session.callId())).count();
        trial.check(fault.name().startsWith("429") || sent == 1,
                "a start Stream may have applied was sent " + sent + " times");
        // A 429 says Stream did nothing: its note is taken back. After anything else Stream may have started.
        long expectedNotes = fault.name().startsWith("429") ? 0 : 1;
        trial.check(pendingStarts(env, session.callId()) == expectedNotes,
                "start notes kept: " + pendingStarts(env, session.callId()) + ", expected " + expectedNotes);
    }

    private static void stopFails(Trial trial, FunctionTestEnvironment env, SessionRecordingsFunction function,
                                  SessionView session, String host, StreamFault fault) throws Exception {
        trial.ready();
        env.stream().failWhen(FaultMatrix.request("StopRecording", session.callId()), fault.fault().get(),
                StreamFault.UNTIL_HEALED);

        trial.call(() -> send(env, function, "stop-recording.json", host, session.id()));

        trial.expect(503, ErrorMapper.VIDEO_UNAVAILABLE);
    }

    private static void listFails(Trial trial, FunctionTestEnvironment env, SessionRecordingsFunction function,
                                  SessionView session, String host, StreamFault fault) throws Exception {
        List<Document> before = recordings(env, session.callId());
        trial.ready();
        env.stream().failWhen(FaultMatrix.request("ListRecordings", session.callId()), fault.fault().get(),
                StreamFault.UNTIL_HEALED);

        trial.call(() -> send(env, function, "list-recordings.json", host, session.id()));

        trial.expect(503, ErrorMapper.VIDEO_UNAVAILABLE);
        trial.check(before.equals(recordings(env, session.callId())), "a failed listing changed what is kept");
    }

    /** Once healed, the host ends the session: 200, and the call is ended for everyone but kept for its recording. */
    private static void ends(Trial trial, FunctionTestEnvironment env, EndSessionFunction end, SessionView session,
                             String host) {
        APIGatewayV2HTTPResponse ended = end.handleRequest(withSessionId(env.eventAs("end-session.json", host), session.id()),
                lambdaContext("EndSessionFunction"));
        trial.check(ended.getStatusCode() == 200, "the end after healing answered " + ended.getStatusCode());
        trial.check(env.stream().call(session.callId()).map(call -> call.ended() && !call.deleted()).orElse(false),
                "the call of a session that was (maybe) recorded is not kept ended");
    }

    private void mongoDown(Trial trial, String fixture) throws Exception {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment().set("RECORDING", "on")) {
            SessionRecordingsFunction function = env.function(SessionRecordingsFunction::new);
            try {
                warmUp(env, function);
                SessionView session = sessionInCall(env, HOST);
                trial.ready();
                env.mongo().stop();

                trial.call(() -> send(env, function, fixture, HOST, session.id()));

                trial.expect(503, ErrorMapper.DATABASE_UNAVAILABLE);
                env.mongo().restart();
                trial.heal(env);
                trial.converged(env);
            } finally {
                function.close();
            }
        }
    }

    private static void warmUp(FunctionTestEnvironment env, SessionRecordingsFunction function) {
        SessionView warm = env.seedSession("user_warm_host", "Warm-up");
        int status = send(env, function, "list-recordings.json", "user_warm_host", warm.id()).getStatusCode();
        if (status != 200) {
            throw new IllegalStateException("warm-up listing answered " + status);
        }
    }

    private static SessionView sessionInCall(FunctionTestEnvironment env, String host) {
        SessionView session = env.seedSession(host, "Two Sum");
        env.stream().connectParticipant(session.callId(), host, "host-" + session.id());
        return session;
    }

    /** A session being recorded, Stream's report of it delivered. */
    private static SessionView recordedSession(FunctionTestEnvironment env, SessionRecordingsFunction function,
                                               StreamWebhookFunction webhooks, String host) {
        SessionView session = sessionInCall(env, host);
        int status = send(env, function, "start-recording.json", host, session.id()).getStatusCode();
        if (status != 202) {
            throw new IllegalStateException("starting the recording answered " + status);
        }
        deliver(env, webhooks);
        return session;
    }

    private static void deliver(FunctionTestEnvironment env, StreamWebhookFunction webhooks) {
        for (APIGatewayV2HTTPEvent delivery : env.streamWebhooks()) {
            int status = webhooks.handleRequest(delivery, lambdaContext("StreamWebhookFunction")).getStatusCode();
            if (status != 200) {
                throw new IllegalStateException("a Stream webhook answered " + status + ": " + delivery.getBody());
            }
        }
    }

    private static APIGatewayV2HTTPResponse send(FunctionTestEnvironment env, SessionRecordingsFunction function,
                                                 String fixture, String userId, String sessionId) {
        return function.handleRequest(withSessionId(env.eventAs(fixture, userId), sessionId),
                lambdaContext("SessionRecordingsFunction"));
    }

    private static long pendingStarts(FunctionTestEnvironment env, String callId) {
        return env.mongo().database().getCollection(CallRecordingRepository.COLLECTION)
                .countDocuments(new Document("callId", callId).append("kind", "startRequest"));
    }

    private static List<Document> recordings(FunctionTestEnvironment env, String callId) {
        return env.mongo().database().getCollection(CallRecordingRepository.COLLECTION)
                .find(new Document("callId", callId)).into(new ArrayList<>());
    }
}

package dev.moduo.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.stream.StreamWebhookVerifier;
import dev.moduo.webhook.SvixVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The functions the benchmark knows how to call, by handler class. To measure a new function, add one
 * entry here: its sample event, its success status, and what to seed before a call.
 *
 * <p>Cold runs use a new user for functions that create users on first sight (so every cold run does
 * the full work: user record, Stream user upsert); warm runs repeat one user, as a busy function would.
 */
final class Scenarios {

    static final String HOST = "user_bench_host";
    /** Active sessions kept in MongoDB so "list active" always answers a full default page. */
    static final int LISTED_SESSIONS = 25;

    private Scenarios() {
    }

    static final Scenario HELLO = new Scenario("create-session.json", 200,
            (env, event, run) -> event,
            (env, event, count) -> Scenario.Batch.repeat(event, count));

    /** The function the report's targets are about (the heaviest path a user waits for). */
    static final String CREATE = "dev.moduo.functions.create.CreateSessionFunction";

    private static final Map<String, Scenario> BY_HANDLER = Map.of(
            CREATE, new Scenario("create-session.json", 201,
                    (env, event, run) -> Events.withToken(event, env.token("user_cold_create_" + run)),
                    (env, event, count) -> {
                        // Each create makes a session and a Stream call and channel: keep the stores small.
                        env.clearSessions();
                        env.knownStreamUser("user_warm_create");
                        env.forgetStreamTraffic();
                        return Scenario.Batch.repeat(Events.withToken(event, env.longLivedToken("user_warm_create")), count);
                    }),
            "dev.moduo.functions.get.GetSessionFunction", new Scenario("get-session.json", 200,
                    (env, event, run) -> Events.withToken(Events.withSessionId(event, shared(env)), env.token("user_cold_get_" + run)),
                    new Scenario.Warm() {
                        private String id;

                        @Override
                        public void setUp(BenchEnvironment env) {
                            id = env.seedSession(HOST, "Warm get").id();
                        }

                        @Override
                        public Scenario.Batch next(BenchEnvironment env, ObjectNode event, int count) {
                            return Scenario.Batch.repeat(Events.withToken(Events.withSessionId(event, id),
                                    env.longLivedToken("user_warm_get")), count);
                        }
                    }),
            "dev.moduo.functions.list.ListSessionsFunction", new Scenario("list-active-sessions.json", 200,
                    (env, event, run) -> {
                        listed(env);
                        return Events.withToken(event, env.token("user_cold_list_" + run));
                    },
                    new Scenario.Warm() {
                        @Override
                        public void setUp(BenchEnvironment env) {
                            env.clearSessions();
                            for (int i = 0; i < LISTED_SESSIONS; i++) {
                                env.seedSession(HOST, "Listed " + i);
                            }
                        }

                        @Override
                        public Scenario.Batch next(BenchEnvironment env, ObjectNode event, int count) {
                            return Scenario.Batch.repeat(Events.withToken(event, env.longLivedToken("user_warm_list")), count);
                        }
                    }),
            "dev.moduo.functions.join.JoinSessionFunction", new Scenario("join-session.json", 200,
                    (env, event, run) -> Events.withToken(Events.withSessionId(event, env.seedSession(HOST, "Cold join " + run).id()),
                            env.token("user_cold_guest_" + run)),
                    freshSessions("user_warm_guest")),
            "dev.moduo.functions.end.EndSessionFunction", new Scenario("end-session.json", 200,
                    (env, event, run) -> Events.withToken(Events.withSessionId(event, env.seedSession(HOST, "Cold end " + run).id()),
                            env.token(HOST)),
                    freshSessions(HOST)),
            "dev.moduo.functions.token.StreamTokenFunction", new Scenario("stream-token.json", 200,
                    (env, event, run) -> Events.withToken(event, env.token("user_cold_token_" + run)),
                    (env, event, count) -> Scenario.Batch.repeat(Events.withToken(event, env.longLivedToken("user_warm_token")), count)),
            // The sample user.updated delivery, signed anew (fresh svix-id and timestamp) as Svix would.
            "dev.moduo.functions.clerkwebhook.ClerkWebhookFunction", new Scenario("clerk-webhook.json", 200,
                    (env, event, run) -> svixSigned(env, event),
                    (env, event, count) -> {
                        List<String> events = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) {
                            events.add(Events.base64(svixSigned(env, event.deepCopy())));
                        }
                        return Scenario.Batch.of(events);
                    }),
            // The sample participant-joined delivery for a call Moduo does not know: verified, parsed, acknowledged.
            "dev.moduo.functions.streamwebhook.StreamWebhookFunction", new Scenario("stream-webhook.json", 200,
                    (env, event, run) -> streamSigned(env, event),
                    (env, event, count) -> {
                        List<String> events = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) {
                            events.add(Events.base64(streamSigned(env, event.deepCopy())));
                        }
                        return Scenario.Batch.of(events);
                    }),
            // The host reads the report of an interview that ended.
            "dev.moduo.functions.report.SessionReportFunction", new Scenario("session-report.json", 200,
                    (env, event, run) -> Events.withToken(Events.withSessionId(event, ended(env)), env.token(HOST)),
                    new Scenario.Warm() {
                        private String id;

                        @Override
                        public void setUp(BenchEnvironment env) {
                            id = env.seedEndedSession(HOST, "Warm report");
                        }

                        @Override
                        public Scenario.Batch next(BenchEnvironment env, ObjectNode event, int count) {
                            return Scenario.Batch.repeat(Events.withToken(Events.withSessionId(event, id), env.longLivedToken(HOST)), count);
                        }
                    }),
            // A scheduled run over the sessions the other runs left: a cold start of a function no user waits for.
            "dev.moduo.functions.cleanup.CleanupStaleSessionsFunction", new Scenario("cleanup-stale-sessions.json", Scenario.NO_STATUS,
                    (env, event, run) -> event,
                    null));

    static Optional<Scenario> forHandler(String handler) {
        return Optional.ofNullable(BY_HANDLER.get(handler));
    }

    /** One new session hosted by {@link #HOST} per invocation, called by {@code caller} (join as guest, end as host). */
    private static Scenario.Warm freshSessions(String caller) {
        return (env, event, count) -> {
            env.clearSessions();
            env.knownStreamUser(caller);
            env.forgetStreamTraffic();
            String token = env.longLivedToken(caller);
            List<String> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = env.seedSession(HOST, "Warm " + i).id();
                events.add(Events.base64(Events.withToken(Events.withSessionId(event.deepCopy(), id), token)));
            }
            return Scenario.Batch.of(events);
        };
    }

    private static ObjectNode svixSigned(BenchEnvironment env, ObjectNode event) {
        byte[] body = event.get("body").asText().getBytes(StandardCharsets.UTF_8);
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 27);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        ObjectNode headers = (ObjectNode) event.get("headers");
        headers.put("svix-id", id);
        headers.put("svix-timestamp", timestamp);
        headers.put("svix-signature", SvixVerifier.sign(env.setting("CLERK_WEBHOOK_SECRET"), id, timestamp, body));
        return event;
    }

    private static ObjectNode streamSigned(BenchEnvironment env, ObjectNode event) {
        byte[] body = event.get("body").asText().getBytes(StandardCharsets.UTF_8);
        ObjectNode headers = (ObjectNode) event.get("headers");
        headers.put("x-signature", StreamWebhookVerifier.sign(body, env.setting("STREAM_API_SECRET")));
        headers.put("x-api-key", env.setting("STREAM_API_KEY"));
        headers.put("x-webhook-id", UUID.randomUUID().toString());
        return event;
    }

    private static String sharedSession;
    private static String endedSession;

    private static synchronized String ended(BenchEnvironment env) {
        if (endedSession == null) {
            endedSession = env.seedEndedSession(HOST, "Ended");
        }
        return endedSession;
    }

    private static boolean listedSeeded;

    private static synchronized String shared(BenchEnvironment env) {
        if (sharedSession == null) {
            sharedSession = env.seedSession(HOST, "Shared").id();
        }
        return sharedSession;
    }

    private static synchronized void listed(BenchEnvironment env) {
        if (!listedSeeded) {
            for (int i = 0; i < LISTED_SESSIONS; i++) {
                env.seedSession(HOST, "Listed " + i);
            }
            listedSeeded = true;
        }
    }
}

package dev.moduo.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private static final Map<String, Scenario> BY_HANDLER = Map.of(
            "dev.moduo.functions.create.CreateSessionFunction", new Scenario("create-session.json", 201,
                    (env, event, run) -> Events.withToken(event, env.token("user_cold_create_" + run)),
                    new Scenario.Warm() {
                        @Override
                        public Scenario.Batch next(BenchEnvironment env, ObjectNode event, int count) {
                            // Each create makes a session and a Stream call and channel: keep the stores small.
                            env.clearSessions();
                            env.knownStreamUser("user_warm_create");
                            env.forgetStreamTraffic();
                            return Scenario.Batch.repeat(Events.withToken(event, env.longLivedToken("user_warm_create")), count);
                        }
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
                    (env, event, count) -> Scenario.Batch.repeat(Events.withToken(event, env.longLivedToken("user_warm_token")), count)));

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

    private static String sharedSession;
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

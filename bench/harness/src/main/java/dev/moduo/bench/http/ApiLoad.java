package dev.moduo.bench.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives one backend through the contract, over {@link RawHttp}: a closed loop of {@code concurrency} workers,
 * each on its own keep-alive connection, each sending its next request as soon as the last one is answered, until
 * {@code count} requests are answered. Worker {@code w} acts as host {@code bench_host_w} and participant
 * {@code bench_guest_w}; whatever a request needs beforehand (a session to join or end) is made through the same
 * API before the clock starts, by preparing workers whose guests are {@code bench_joiner_w}. A request answering anything but the route's success stops the run.
 */
public final class ApiLoad {

    public static final String NEW_SESSION = "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}";
    private static final Pattern SESSION_ID = Pattern.compile("\"_id\"\\s*:\\s*\"([0-9a-f]{24})\"");
    /** Workers of the untimed preparation. */
    private static final int PREPARING_WORKERS = 4;
    private static final String HOST = "bench_host_";
    private static final String GUEST = "bench_guest_";
    private static final String JOINER = "bench_joiner_";
    private static final String READER_HOST = "bench_reader_host";
    private static final String READER_GUEST = "bench_reader_guest";

    /** What one run measured: latencies in ms in the order answered, the backend's request ids, wall time, CPU. */
    public record Sample(double[] millis, String[] requestIds, long wallNanos, double cpuMillis) {

        public int count() {
            return millis.length;
        }

        public double throughput() {
            return count() / (wallNanos / 1e9);
        }

        public double cpuPerRequest() {
            return cpuMillis / count();
        }
    }

    private final Backend backend;
    private final boolean noDelay;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** A session everyone may read: made (and joined) once per backend. */
    private String readable;

    public ApiLoad(Backend backend) {
        this(backend, true);
    }

    /** {@code noDelay} false: the timed requests go out with Nagle's algorithm on (see {@link RawHttp}). */
    public ApiLoad(Backend backend, boolean noDelay) {
        this.backend = backend;
        this.noDelay = noDelay;
    }

    public Backend backend() {
        return backend;
    }

    public static String host(int worker) {
        return HOST + worker;
    }

    public static String guest(int worker) {
        return GUEST + worker;
    }

    /** The guest a preparing worker joins the sessions an end needs with: none of the timed workers' own. */
    private static String joiner(int preparingWorker) {
        return JOINER + preparingWorker;
    }

    /** Everyone runs of at most {@code workers} workers at once sign in as: hosts, guests, joiners, readers. */
    public static List<String> users(int workers) {
        List<String> users = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            users.add(host(worker));
            users.add(guest(worker));
        }
        for (int worker = 0; worker < PREPARING_WORKERS; worker++) {
            users.add(joiner(worker));
        }
        users.add(READER_HOST);
        users.add(READER_GUEST);
        return users;
    }

    /** {@link #users} in short, for a person: {@code bench_host_<0..7> ...}. */
    public static String usersInShort(int workers) {
        String timed = "<0.." + (workers - 1) + ">";
        return String.join(" ", HOST + timed, GUEST + timed, JOINER + "<0.." + (PREPARING_WORKERS - 1) + ">", READER_HOST,
                READER_GUEST);
    }

    /** {@code count} requests of {@code route} by {@code concurrency} workers, timed, after what they need was made. */
    public Sample run(Route route, int concurrency, int count) {
        List<String[]> sessions = route.consumesSessions() ? prepare(route, count) : List.of();
        String shared = route == Route.GET ? readable() : null;
        double[] millis = new double[count];
        String[] requestIds = new String[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        try {
            List<RawHttp> connections = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                connections.add(new RawHttp(backend.base(), noDelay));
            }
            // Each connection opened and its user's token made before the clock starts.
            for (int w = 0; w < concurrency; w++) {
                token(host(w));
                token(guest(w));
            }
            double cpuBefore = backend.countsCpu() ? ProcessCpu.millis(backend.pid()) : 0;
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int worker = w;
                RawHttp http = connections.get(w);
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        RawHttp.Response response = call(http, route, worker, shared, sessions.isEmpty() ? null : sessions.get(i));
                        millis[i] = (System.nanoTime() - sent) / 1e6;
                        requestIds[i] = response.requestId();
                        expect(route, response);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
            long wall = System.nanoTime() - started;
            double cpu = backend.countsCpu() ? ProcessCpu.millis(backend.pid()) - cpuBefore : Double.NaN;
            connections.forEach(RawHttp::close);
            return new Sample(millis, requestIds, wall, cpu);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            workers.shutdownNow();
        }
    }

    private RawHttp.Response call(RawHttp http, Route route, int worker, String shared, String[] session) {
        return switch (route) {
            case CREATE -> http.post("/api/sessions", token(host(worker)), NEW_SESSION);
            case GET -> http.get("/api/sessions/" + shared, token(guest(worker)));
            case LIST -> http.get("/api/sessions/active", token(host(worker)));
            case JOIN -> http.post("/api/sessions/" + session[0] + "/join", token(guest(worker)), null);
            case END -> http.post("/api/sessions/" + session[0] + "/end", token(session[1]), null);
            case TOKEN -> http.get("/api/chats/token", token(guest(worker)));
        };
    }

    /** Sessions for {@code count} joins (active, seat free) or ends (active, joined), each with its host. */
    private List<String[]> prepare(Route route, int count) {
        List<String[]> sessions = new ArrayList<>(java.util.Collections.nCopies(count, (String[]) null));
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(PREPARING_WORKERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < PREPARING_WORKERS; w++) {
                int worker = w;
                running.add(workers.submit(() -> {
                    try (RawHttp http = new RawHttp(backend.base())) {
                        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                            String host = host(worker);
                            String id = create(http, host);
                            if (route == Route.END) {
                                // A guest who is not one of the timed workers' own: the end's answer carries both users.
                                expect(Route.JOIN, http.post("/api/sessions/" + id + "/join", token(joiner(worker)), null));
                            }
                            sessions.set(i, new String[] {id, host});
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
            return sessions;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            workers.shutdownNow();
        }
    }

    private synchronized String readable() {
        if (readable == null) {
            try (RawHttp http = new RawHttp(backend.base())) {
                readable = create(http, READER_HOST);
                expect(Route.JOIN, http.post("/api/sessions/" + readable + "/join", token(READER_GUEST), null));
            }
        }
        return readable;
    }

    private String create(RawHttp http, String host) {
        RawHttp.Response created = http.post("/api/sessions", token(host), NEW_SESSION);
        expect(Route.CREATE, created);
        Matcher id = SESSION_ID.matcher(created.text());
        if (!id.find()) {
            throw new IllegalStateException(backend.name() + ": the create's answer names no session _id: " + created.text());
        }
        return id.group(1);
    }

    private String token(String userId) {
        return tokens.computeIfAbsent(userId, backend.tokens());
    }

    private void expect(Route route, RawHttp.Response response) {
        if (response.status() != route.success()) {
            throw new IllegalStateException(backend.name() + " " + route.request() + " answered " + response.status()
                    + " instead of " + route.success() + ": " + response.text());
        }
    }
}

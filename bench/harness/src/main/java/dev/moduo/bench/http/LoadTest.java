package dev.moduo.bench.http;

import dev.moduo.bench.Progress;
import dev.moduo.bench.Stats;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The capacity model's shape on loopback, bounded in time: {@code pages} session pages open at once (two per
 * interview: host and participant), each polling its session every {@link #POLL_SECONDS} s as the web client does,
 * while interviews end and new ones start (create, join, a chat token per page load) so that every interview lasts
 * about {@code interviewSeconds}. An open loop: requests are sent when they are due, whether or not earlier ones were
 * answered, as a crowd of browsers sends them; so a backend that falls behind shows it in latency and in requests
 * still waiting, not in a politely lower rate.
 */
public final class LoadTest {

    public static final int POLL_SECONDS = 5;
    private static final Pattern SESSION_ID = Pattern.compile("\"_id\"\\s*:\\s*\"([0-9a-f]{24})\"");

    /** What to run: open pages (even), how long each interview lasts, how long the test lasts, connections. */
    public record Plan(int pages, int interviewSeconds, int seconds, int connections) {
    }

    /** Latencies (ms) by route, failures, offered and answered counts, the backend's CPU over the run. */
    public record Result(Plan plan, Map<Route, double[]> millis, Map<Route, Integer> failures, long wallNanos, double cpuMillis,
                         int maxWaiting, List<String> firstFailures) {

        public int answered(Route route) {
            return millis.get(route).length;
        }

        /** Cores the backend used on average. */
        public double coresUsed() {
            return cpuMillis / (wallNanos / 1e6);
        }
    }

    private final Backend backend;
    private final Map<Route, ConcurrentLinkedQueue<Double>> latencies = new EnumMap<>(Route.class);
    private final Map<Route, AtomicInteger> failures = new EnumMap<>(Route.class);
    private final ConcurrentLinkedQueue<String> failureTexts = new ConcurrentLinkedQueue<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger maxWaiting = new AtomicInteger();
    private final AtomicLong interviews = new AtomicLong();
    private BlockingQueue<RawHttp> connections;
    private volatile boolean stopping;

    public LoadTest(Backend backend) {
        this.backend = backend;
        for (Route route : Route.values()) {
            latencies.put(route, new ConcurrentLinkedQueue<>());
            failures.put(route, new AtomicInteger());
        }
    }

    public Result run(Plan plan, Progress progress) {
        connections = new ArrayBlockingQueue<>(plan.connections());
        for (int i = 0; i < plan.connections(); i++) {
            connections.add(new RawHttp(backend.base()));
        }
        int interviewsOpen = plan.pages() / 2;
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        ExecutorService senders = Executors.newCachedThreadPool();
        progress.line(String.format(Locale.ROOT, "load test: opening %d interviews (%d pages)", interviewsOpen, plan.pages()));
        List<Interview> open = new ArrayList<>();
        for (int i = 0; i < interviewsOpen; i++) {
            open.add(new Interview(i));
        }
        // Start them spread over the first poll period, as pages that were opened at different times.
        double cpuBefore = backend.countsCpu() ? ProcessCpu.millis(backend.pid()) : Double.NaN;
        long started = System.nanoTime();
        for (Interview interview : open) {
            long delay = ThreadLocalRandom.current().nextLong(POLL_SECONDS * 1000L);
            clock.schedule(() -> senders.execute(() -> interview.begin(clock, senders, plan)), delay, TimeUnit.MILLISECONDS);
        }
        for (int second = 10; second <= plan.seconds(); second += 10) {
            sleep(10_000);
            progress.line(String.format(Locale.ROOT, "load test: %d of %d s, %d interviews started, %d requests waiting", second,
                    plan.seconds(), interviews.get(), waiting.get()));
        }
        sleep((plan.seconds() % 10) * 1000L);
        stopping = true;
        clock.shutdownNow();
        senders.shutdown();
        try {
            senders.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long wall = System.nanoTime() - started;
        double cpu = backend.countsCpu() ? ProcessCpu.millis(backend.pid()) - cpuBefore : Double.NaN;
        connections.forEach(RawHttp::close);
        Map<Route, double[]> millis = new EnumMap<>(Route.class);
        Map<Route, Integer> failed = new EnumMap<>(Route.class);
        for (Route route : Route.values()) {
            millis.put(route, latencies.get(route).stream().mapToDouble(Double::doubleValue).toArray());
            failed.put(route, failures.get(route).get());
        }
        return new Result(plan, millis, failed, wall, cpu, maxWaiting.get(), failureTexts.stream().limit(5).toList());
    }

    /** One interview slot: a session, its two open pages polling it, then the next session in the same slot. */
    private final class Interview {
        private final int slot;
        private volatile String session;

        Interview(int slot) {
            this.slot = slot;
        }

        private String host() {
            return "load_host_" + slot;
        }

        private String guest() {
            return "load_guest_" + slot;
        }

        /** Host creates and opens the page (token, session); the participant opens it (token, join, session). */
        void begin(ScheduledExecutorService clock, ExecutorService senders, Plan plan) {
            if (stopping) {
                return;
            }
            interviews.incrementAndGet();
            RawHttp.Response created = send(Route.CREATE, "POST", "/api/sessions", host(), ApiLoad.NEW_SESSION);
            Matcher id = created == null ? null : SESSION_ID.matcher(created.text());
            if (id == null || !id.find()) {
                clock.schedule(() -> senders.execute(() -> begin(clock, senders, plan)), POLL_SECONDS, TimeUnit.SECONDS);
                return;
            }
            String current = id.group(1);
            session = current;
            send(Route.TOKEN, "GET", "/api/chats/token", host(), null);
            send(Route.TOKEN, "GET", "/api/chats/token", guest(), null);
            send(Route.JOIN, "POST", "/api/sessions/" + current + "/join", guest(), null);
            // Each page polls on its own phase, every POLL_SECONDS, until the interview ends.
            for (String user : List.of(host(), guest())) {
                long phase = ThreadLocalRandom.current().nextLong(POLL_SECONDS * 1000L);
                clock.scheduleAtFixedRate(() -> {
                    if (session != current || stopping) {
                        throw new IllegalStateException("page closed");
                    }
                    senders.execute(() -> send(Route.GET, "GET", "/api/sessions/" + current, user, null));
                    // Throwing is how a periodic task stops itself (ScheduledExecutorService#scheduleAtFixedRate).
                }, phase, POLL_SECONDS * 1000L, TimeUnit.MILLISECONDS);
            }
            long length = (long) (plan.interviewSeconds() * 1000 * (0.5 + ThreadLocalRandom.current().nextDouble()));
            clock.schedule(() -> senders.execute(() -> {
                send(Route.END, "POST", "/api/sessions/" + current + "/end", host(), null);
                session = null;
                begin(clock, senders, plan);
            }), length, TimeUnit.MILLISECONDS);
        }
    }

    private RawHttp.Response send(Route route, String method, String path, String user, String body) {
        if (stopping) {
            return null;
        }
        int now = waiting.incrementAndGet();
        maxWaiting.accumulateAndGet(now, Math::max);
        RawHttp http = null;
        long sent = System.nanoTime();
        try {
            http = connections.take();
            RawHttp.Response response = http.send(method, path, tokens.computeIfAbsent(user, backend.tokens()), body);
            double millis = (System.nanoTime() - sent) / 1e6;
            if (response.status() == route.success()) {
                latencies.get(route).add(millis);
            } else {
                failures.get(route).incrementAndGet();
                failureTexts.add(route.request() + " " + response.status() + " " + response.text());
            }
            return response;
        } catch (RuntimeException e) {
            failures.get(route).incrementAndGet();
            failureTexts.add(route.request() + " " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (http != null) {
                connections.add(http);
            }
            waiting.decrementAndGet();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The load test's part of bench/results.md. */
    public static String markdown(Result result, String runnerJvm) {
        Plan plan = result.plan();
        double seconds = result.wallNanos() / 1e9;
        StringBuilder md = new StringBuilder();
        md.append("## Load test: the capacity model's shape through the local runner\n\n");
        md.append(String.format(Locale.ROOT, "%d session pages open at once (%d interviews, host and participant each), every page "
                        + "polling its session every %d s; each interview lasts %d s on average (0.5–1.5×), then the host ends it and a "
                        + "new one starts in its place (create, a chat token for each page, the participant's join). An open loop over "
                        + "%d keep-alive connections for %.0f s: requests go out when due, answered or not. %s%n%n",
                plan.pages(), plan.pages() / 2, POLL_SECONDS, plan.interviewSeconds(), plan.connections(), seconds, runnerJvm));
        md.append("| route | answered | per s | p50 ms | p99 ms | max ms | failed |\n|---|---:|---:|---:|---:|---:|---:|\n");
        int total = 0;
        for (Route route : List.of(Route.GET, Route.CREATE, Route.JOIN, Route.TOKEN, Route.END)) {
            double[] millis = result.millis().get(route);
            total += millis.length;
            if (millis.length == 0) {
                md.append(String.format(Locale.ROOT, "| %s | 0 | 0 | – | – | – | %d |%n", route.label(), result.failures().get(route)));
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %.2f | %d |%n", route.label(), millis.length,
                    millis.length / seconds, Stats.median(millis), Stats.percentile(millis, 99),
                    Stats.percentile(millis, 100), result.failures().get(route)));
        }
        md.append(String.format(Locale.ROOT, "%nIn all %.1f requests/s answered; the runner used %.2f cores on average "
                        + "(%.2f ms of CPU per request); at most %d requests were waiting at once.%n",
                total / seconds, result.coresUsed(), result.cpuMillis() / Math.max(1, total), result.maxWaiting()));
        if (!result.firstFailures().isEmpty()) {
            md.append("\nFirst failures:\n\n");
            result.firstFailures().forEach(text -> md.append("- `").append(text.length() > 200 ? text.substring(0, 200) : text).append("`\n"));
        }
        md.append('\n');
        return md.toString();
    }
}

package dev.moduo.bench.http;

import dev.moduo.bench.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every route through HTTP, on every backend given, in one run: one request at a time (latency, and for this
 * repository's runner the function's own time beside it), then closed loops at each concurrency (latency,
 * throughput, CPU per request). Backends take turns in chunks within each route and phase, so whatever the
 * machine does meanwhile (other builds) hits them alike and their ratios hold.
 */
public final class HttpBench {

    /** How much to send. {@code chunks}: turns each backend takes per route and phase. */
    public record Plan(int warmUp, int sequential, List<Integer> concurrencies, int perLoop, int chunks) {
    }

    /** One backend's samples for one route: one request at a time, then each loop by concurrency. */
    public record Measured(ApiLoad.Sample sequential, Map<Integer, ApiLoad.Sample> loops) {
    }

    /** The function's own time and what the runner added, per request of the one-at-a-time phase (ms). */
    public record Overhead(double[] ownMillis, double[] addedMillis) {
    }

    /** Everything measured: per route, per backend name (in the order given). */
    /**
     * @param nagleCreate ours, create one at a time from a client with Nagle's algorithm on (null when create is
     *                    not among the routes): what such a client waits for through the runner
     */
    public record Results(Plan plan, List<String> backends, Map<Route, Map<String, Measured>> byRoute,
                          Map<Route, Overhead> runnerOverhead, ApiLoad.Sample nagleCreate, Overhead nagleCreateOverhead) {
    }

    private HttpBench() {
    }

    /**
     * @param loads the backends; the first is this repository's functions through {@code runner}
     * @param betweenRoutes run before each route (the stand-ins forget the last one's traffic)
     */
    public static Results run(Plan plan, List<ApiLoad> loads, RunnerProcess runner, List<Route> routes, Runnable betweenRoutes,
                              Progress progress) {
        Map<Route, Map<String, Measured>> byRoute = new LinkedHashMap<>();
        Map<Route, Overhead> overheads = new LinkedHashMap<>();
        ApiLoad.Sample nagleCreate = null;
        Overhead nagleOverhead = null;
        for (Route route : routes) {
            betweenRoutes.run();
            runner.forgetDurations();
            for (ApiLoad load : loads) {
                progress.line(route.label() + ": warm-up of " + load.backend().name());
                load.run(route, 1, plan.warmUp());
            }
            Map<String, ApiLoad.Sample> sequential = new LinkedHashMap<>();
            for (int chunk = 1; chunk <= plan.chunks(); chunk++) {
                for (ApiLoad load : loads) {
                    progress.line(route.label() + ": one at a time, " + load.backend().name() + ", turn " + chunk + " of " + plan.chunks());
                    sequential.merge(load.backend().name(), load.run(route, 1, share(plan.sequential(), plan.chunks(), chunk)), HttpBench::join);
                }
            }
            overheads.put(route, overhead(sequential.get(loads.get(0).backend().name()), runner));
            if (route == Route.CREATE) {
                progress.line("create: one at a time from a client with Nagle's algorithm on, " + loads.get(0).backend().name());
                ApiLoad nagle = new ApiLoad(loads.get(0).backend(), false);
                nagleCreate = nagle.run(route, 1, plan.sequential());
                nagleOverhead = overhead(nagleCreate, runner);
            }
            Map<String, Map<Integer, ApiLoad.Sample>> loops = new LinkedHashMap<>();
            for (int concurrency : plan.concurrencies()) {
                for (int chunk = 1; chunk <= plan.chunks(); chunk++) {
                    for (ApiLoad load : loads) {
                        progress.line(route.label() + ": concurrency " + concurrency + ", " + load.backend().name() + ", turn " + chunk
                                + " of " + plan.chunks());
                        loops.computeIfAbsent(load.backend().name(), name -> new LinkedHashMap<>())
                                .merge(concurrency, load.run(route, concurrency, share(plan.perLoop(), plan.chunks(), chunk)), HttpBench::join);
                    }
                }
            }
            Map<String, Measured> measured = new LinkedHashMap<>();
            for (ApiLoad load : loads) {
                String name = load.backend().name();
                measured.put(name, new Measured(sequential.get(name), loops.get(name)));
            }
            byRoute.put(route, measured);
        }
        return new Results(plan, loads.stream().map(load -> load.backend().name()).toList(), byRoute, overheads, nagleCreate,
                nagleOverhead);
    }

    /** Pairs each request with its function's log line: what the client waited for minus what the function took. */
    private static Overhead overhead(ApiLoad.Sample sample, RunnerProcess runner) {
        List<Double> own = new ArrayList<>();
        List<Double> added = new ArrayList<>();
        for (int i = 0; i < sample.count(); i++) {
            String id = sample.requestIds()[i];
            if (id == null) {
                continue;
            }
            Double millis = runner.ownMillis(id, Duration.ofSeconds(2)).orElse(null);
            if (millis != null) {
                own.add(millis);
                added.add(sample.millis()[i] - millis);
            }
        }
        if (own.size() < sample.count() * 9 / 10) {
            throw new IllegalStateException("Only " + own.size() + " of " + sample.count()
                    + " requests were found in the runner's log: cannot tell the function's own time");
        }
        return new Overhead(own.stream().mapToDouble(Double::doubleValue).toArray(), added.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The requests of turn {@code chunk} of {@code chunks}: the total split as evenly as it goes. */
    private static int share(int total, int chunks, int chunk) {
        return total / chunks + (chunk <= total % chunks ? 1 : 0);
    }

    private static ApiLoad.Sample join(ApiLoad.Sample a, ApiLoad.Sample b) {
        double[] millis = Arrays.copyOf(a.millis(), a.count() + b.count());
        System.arraycopy(b.millis(), 0, millis, a.count(), b.count());
        String[] ids = Arrays.copyOf(a.requestIds(), a.count() + b.count());
        System.arraycopy(b.requestIds(), 0, ids, a.count(), b.count());
        return new ApiLoad.Sample(millis, ids, a.wallNanos() + b.wallNanos(), a.cpuMillis() + b.cpuMillis());
    }
}

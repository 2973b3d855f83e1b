package dev.moduo.bench.http;

import dev.moduo.bench.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The HTTP part of bench/results.md: tables, then the targets judged from the same numbers. */
public final class HttpReport {

    public static final double RUNNER_OVERHEAD_TARGET_MS = 0.5;
    public static final double TAIL_RATIO_TARGET = 5.0;
    public static final int TAIL_CONCURRENCY = 16;
    public static final int CPU_CONCURRENCY = 8;
    public static final double SPEED_RATIO_TARGET = 2.0;
    public static final double CPU_RATIO_TARGET = 0.3;

    private final HttpBench.Results results;
    private final String ours;

    public HttpReport(HttpBench.Results results) {
        this.results = results;
        this.ours = results.backends().get(0);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        HttpBench.Plan plan = results.plan();
        md.append("## Through HTTP: every route through the local runner")
                .append(results.backends().size() > 1 ? " and " + String.join(", ", results.backends().subList(1, results.backends().size())) : "")
                .append("\n\n");
        md.append(String.format(Locale.ROOT, "Per route and backend: %d requests one at a time after %d unrecorded, then %d in a closed loop "
                        + "at each concurrency (%s): each worker on its own keep-alive connection sends its next request as soon as the "
                        + "last is answered. The client sends as a browser or Node does (TCP_NODELAY, headers and body in two writes). "
                        + "Backends take turns in %d chunks within each route and phase. CPU = the backend process's CPU time "
                        + "(/proc/<pid>/stat, all threads) over the loop, per request.%n%n",
                plan.sequential(), plan.warmUp(), plan.perLoop(), join(plan.concurrencies()), plan.chunks()));
        runnerTable(md);
        for (int concurrency : plan.concurrencies()) {
            loopTable(md, concurrency);
        }
        if (results.backends().size() > 1) {
            comparisonTable(md);
        }
        return md.toString();
    }

    /** The targets judged from this run, one line each ("met"/"MISSED"), for the report's targets section. */
    public List<String> targets() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Route, HttpBench.Overhead> entry : results.runnerOverhead().entrySet()) {
            double added = Stats.median(entry.getValue().addedMillis());
            lines.add(judge(added <= RUNNER_OVERHEAD_TARGET_MS, String.format(Locale.ROOT,
                    "%s through the runner adds at most %.1f ms p50 to the function's own time: %.2f ms", entry.getKey().label(),
                    RUNNER_OVERHEAD_TARGET_MS, added)));
        }
        if (results.nagleCreateOverhead() != null) {
            double added = Stats.median(results.nagleCreateOverhead().addedMillis());
            lines.add(judge(added <= RUNNER_OVERHEAD_TARGET_MS, String.format(Locale.ROOT,
                    "create from a client with Nagle's algorithm on adds at most %.1f ms p50: %.2f ms", RUNNER_OVERHEAD_TARGET_MS, added)));
        }
        if (results.plan().concurrencies().contains(TAIL_CONCURRENCY)) {
            for (Route route : results.byRoute().keySet()) {
                ApiLoad.Sample loop = measured(route, ours).loops().get(TAIL_CONCURRENCY);
                double ratio = Stats.percentile(loop.millis(), 99) / Stats.median(loop.millis());
                lines.add(judge(ratio < TAIL_RATIO_TARGET, String.format(Locale.ROOT,
                        "%s at concurrency %d: p99 under %.0f× p50: %.1f×", route.label(), TAIL_CONCURRENCY, TAIL_RATIO_TARGET, ratio)));
            }
        }
        for (String other : results.backends().subList(1, results.backends().size())) {
            for (Route route : results.byRoute().keySet()) {
                ApiLoad.Sample mine = measured(route, ours).sequential();
                ApiLoad.Sample theirs = measured(route, other).sequential();
                double p50 = Stats.median(theirs.millis()) / Stats.median(mine.millis());
                double p99 = Stats.percentile(theirs.millis(), 99) / Stats.percentile(mine.millis(), 99);
                lines.add(judge(p50 >= SPEED_RATIO_TARGET && p99 >= SPEED_RATIO_TARGET, String.format(Locale.ROOT,
                        "%s at least %.0f× faster than %s at p50 and p99: %.1f× and %.1f×", route.label(), SPEED_RATIO_TARGET, other, p50, p99)));
                ApiLoad.Sample myLoop = measured(route, ours).loops().get(CPU_CONCURRENCY);
                ApiLoad.Sample theirLoop = measured(route, other).loops().get(CPU_CONCURRENCY);
                if (myLoop != null && theirLoop != null && !Double.isNaN(theirLoop.cpuMillis())) {
                    double cpu = myLoop.cpuPerRequest() / theirLoop.cpuPerRequest();
                    lines.add(judge(cpu <= CPU_RATIO_TARGET, String.format(Locale.ROOT,
                            "%s at most %.1f× %s's CPU per request at concurrency %d: %.2f×", route.label(), CPU_RATIO_TARGET, other,
                            CPU_CONCURRENCY, cpu)));
                }
            }
        }
        return lines;
    }

    private void runnerTable(StringBuilder md) {
        md.append("### The runner's own cost, one request at a time\n\n");
        md.append("Client = what the client waited for; function = the function's own `durationMs` from its log line for the same "
                + "request (paired by API Gateway's request id); added = the client's time minus the function's, per request "
                + "(the HTTP server, the payload 2.0 event, the runtime's (de)serialization, the response read back, the client's "
                + "own socket work).\n\n");
        md.append("| route | client p50 ms | client p99 ms | function p50 ms | added p50 ms | added p90 ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Route, HttpBench.Overhead> entry : results.runnerOverhead().entrySet()) {
            ApiLoad.Sample sample = measured(entry.getKey(), ours).sequential();
            HttpBench.Overhead overhead = entry.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", entry.getKey().label(),
                    Stats.median(sample.millis()), Stats.percentile(sample.millis(), 99), Stats.median(overhead.ownMillis()),
                    Stats.median(overhead.addedMillis()), Stats.percentile(overhead.addedMillis(), 90)));
        }
        if (results.nagleCreate() != null) {
            ApiLoad.Sample sample = results.nagleCreate();
            HttpBench.Overhead overhead = results.nagleCreateOverhead();
            md.append(String.format(Locale.ROOT, "| create, client with Nagle's algorithm on | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                    Stats.median(sample.millis()), Stats.percentile(sample.millis(), 99), Stats.median(overhead.ownMillis()),
                    Stats.median(overhead.addedMillis()), Stats.percentile(overhead.addedMillis(), 90)));
            md.append("\nThe last row: the same client with TCP_NODELAY off, headers and body still in two writes. Its body waits "
                    + "for the ACK of the headers, which Linux delays up to ~40 ms unless the server asks for it at once "
                    + "(the runner does: TCP_QUICKACK when a body is still to come).\n");
        }
        md.append('\n');
    }

    private void loopTable(StringBuilder md, int concurrency) {
        md.append("### Closed loop, concurrency ").append(concurrency).append("\n\n");
        StringBuilder header = new StringBuilder("| route |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String backend : results.backends()) {
            header.append(' ').append(backend).append(" p50 ms | p99 ms | p99/p50 | req/s | CPU ms/req |");
            rule.append("---:|---:|---:|---:|---:|");
        }
        md.append(header).append('\n').append(rule).append('\n');
        for (Route route : results.byRoute().keySet()) {
            md.append("| ").append(route.label()).append(" |");
            for (String backend : results.backends()) {
                ApiLoad.Sample loop = measured(route, backend).loops().get(concurrency);
                double p50 = Stats.median(loop.millis());
                double p99 = Stats.percentile(loop.millis(), 99);
                md.append(String.format(Locale.ROOT, " %.2f | %.2f | %.1f | %.0f | %s |", p50, p99, p99 / p50, loop.throughput(),
                        Double.isNaN(loop.cpuMillis()) ? "–" : String.format(Locale.ROOT, "%.2f", loop.cpuPerRequest())));
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private void comparisonTable(StringBuilder md) {
        for (String other : results.backends().subList(1, results.backends().size())) {
            md.append("### ").append(ours).append(" against ").append(other).append(": ratios in this run\n\n");
            md.append("Speed = ").append(other).append("'s latency over ours, one request at a time (2× = twice as fast); CPU = ours over ")
                    .append(other).append("'s per request in the concurrency-").append(CPU_CONCURRENCY).append(" loop.\n\n");
            md.append("| route | ").append(other).append(" p50 ms | ours p50 ms | speed p50 | ").append(other)
                    .append(" p99 ms | ours p99 ms | speed p99 | CPU ours/theirs |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Route route : results.byRoute().keySet()) {
                ApiLoad.Sample mine = measured(route, ours).sequential();
                ApiLoad.Sample theirs = measured(route, other).sequential();
                ApiLoad.Sample myLoop = measured(route, ours).loops().get(CPU_CONCURRENCY);
                ApiLoad.Sample theirLoop = measured(route, other).loops().get(CPU_CONCURRENCY);
                String cpu = myLoop == null || theirLoop == null || Double.isNaN(theirLoop.cpuMillis()) ? "–"
                        : String.format(Locale.ROOT, "%.2f×", myLoop.cpuPerRequest() / theirLoop.cpuPerRequest());
                md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1f× | %.2f | %.2f | %.1f× | %s |%n", route.label(),
                        Stats.median(theirs.millis()), Stats.median(mine.millis()), Stats.median(theirs.millis()) / Stats.median(mine.millis()),
                        Stats.percentile(theirs.millis(), 99), Stats.percentile(mine.millis(), 99),
                        Stats.percentile(theirs.millis(), 99) / Stats.percentile(mine.millis(), 99), cpu));
            }
            md.append('\n');
        }
    }

    private HttpBench.Measured measured(Route route, String backend) {
        return results.byRoute().get(route).get(backend);
    }

    private static String judge(boolean met, String text) {
        return (met ? "**met**: " : "**MISSED**: ") + text;
    }

    private static String join(List<Integer> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }
}

package dev.moduo.bench;

import dev.moduo.bench.http.Route;
import dev.moduo.lifecycle.Shape;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Command-line options; every one has a default, so the benchmark runs with none. */
record Options(Path root, int runs, int warmInvocations, List<String> only, List<Shape> shapes, List<ChildJvm.Flags> coldFlags,
               List<String> warmC1, Path out, List<String> childArgs, List<String> also, Http http, Load load) {

    /**
     * The HTTP part: requests per route one at a time ({@code sequential}, 0 skips the part), per closed loop, the
     * loops' concurrencies, the routes, and another backend to compare with (null: none).
     */
    record Http(int warmUp, int sequential, int perLoop, List<Integer> concurrencies, List<Route> routes, int chunks,
                URI compareUrl, String compareName, long comparePid, URI streamUrl) {

        /** The most workers at once: the largest loop's (one at a time is one). */
        int workers() {
            return Math.max(1, Collections.max(concurrencies));
        }
    }

    /** The load test: open pages, average interview length, duration (0 skips it). */
    record Load(int pages, int interviewSeconds, int seconds) {
    }

    static final String USAGE = """
            usage: java -jar bench/harness/target/moduo-bench.jar [options]   (from the repository root, after mvn package)
              --runs N          cold starts per function and flag set (default 7)
              --warm N          invocations per warm JVM (default 20000; 0 skips the warm runs)
              --only a,b        only these functions: template.yaml logical ids (CreateSessionFunction) or the handler's
                                package (create, get, list, join, end, token, clerkwebhook, streamwebhook, cleanup)
              --shapes x,y      lifecycle shapes of the cold runs: on-demand, snap-start (default: both)
              --cold-flags x,y  flag sets of the cold runs: default (the runtime's own), c1 (+ JAVA_TOOL_OPTIONS
                                stopping at C1, as the java17 template set it) (default: default)
              --warm-c1 a,b     functions (named as for --only) whose warm run is repeated with C1-only flags (default: none)
              --out FILE        where the markdown goes (default bench/results.md)
              --also NAME=JAR[,plain-secrets]
                                also measure another build of function NAME (named as for --only, e.g. create=/tmp/old.jar),
                                shown as LOGICAL-ID@JAR-FILE-NAME in the same run: for before/after comparisons; repeatable.
                                ,plain-secrets gives that build its secrets as plain variables instead of
                                Secrets Manager ARNs (builds from before they were read at run time)
              --root DIR        the repository root (default: the current directory)
              --child-arg ARG   an extra JVM option for every child JVM, for diagnosis (e.g. -Xlog:class+load:file=/tmp/cl-%p.txt);
                                repeatable. The numbers are then not comparable with a normal run.
              --runs 0 / --warm 0 / --http 0 / --load-seconds 0 skip that part.
            HTTP (every route through the local runner, local/target/moduo-local.jar, in a process of its own):
              --http N          requests per route one at a time (default 500, after 100 unrecorded; 0 skips the HTTP part)
              --http-loop N     requests per route in each closed loop (default 2000)
              --concurrency a,b closed loops' concurrencies (default 8,16)
              --routes a,b      routes: create, get, list, join, end, token (default all)
              --turns N         turns each backend takes per route and phase (default 4)
              --compare-url URL also drive another backend that speaks the contract at URL (e.g. the Express app), in turns
                                with ours; the harness writes the settings of its MongoDB, Stream stand-in and Clerk issuer to
                                bench/target/compare-settings.env and waits (up to 10 min) until URL answers
              --compare-name N  its name in the tables (default "other")
              --stream-url URL  the Stream API the runner's functions call in the HTTP part and the load test (default: the
                                harness's stand-in); to give ours the same Stream fake as a compared backend
              --compare-pid PID its process, whose CPU is counted per request (/proc/PID/stat); by default the process
                                listening on the URL's port
            Load test (the capacity model's shape through the runner):
              --load-pages N    open session pages, two per interview, each polling every 5 s (default 200)
              --load-interview S average interview length in seconds (default 60)
              --load-seconds S  duration (default 120; 0 skips it)
            Progress lines go to the terminal only; piped or redirected, the run prints the results and nothing else.
            """;

    static Options parse(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        int runs = 7;
        int warm = 20_000;
        List<String> only = List.of();
        List<Shape> shapes = List.of(Shape.ON_DEMAND, Shape.SNAP_START);
        List<ChildJvm.Flags> flags = List.of(ChildJvm.Flags.DEFAULT);
        List<String> warmC1 = List.of();
        Path out = null;
        List<String> childArgs = new ArrayList<>();
        List<String> also = new ArrayList<>();
        int httpSequential = 500;
        int httpLoop = 2000;
        List<Integer> concurrencies = List.of(8, 16);
        List<Route> routes = List.of(Route.values());
        int turns = 4;
        URI compareUrl = null;
        String compareName = "other";
        long comparePid = 0;
        URI streamUrl = null;
        int loadPages = 200;
        int loadInterview = 60;
        int loadSeconds = 120;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(require(value, args[i++]));
                case "--warm" -> warm = Integer.parseInt(require(value, args[i++]));
                case "--only" -> only = list(require(value, args[i++]));
                case "--shapes" -> {
                    shapes = new ArrayList<>();
                    for (String name : list(require(value, args[i++]))) {
                        shapes.add(Shape.valueOf(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
                    }
                }
                case "--cold-flags" -> {
                    flags = new ArrayList<>();
                    for (String name : list(require(value, args[i++]))) {
                        flags.add(ChildJvm.Flags.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
                    }
                }
                case "--warm-c1" -> warmC1 = list(require(value, args[i++]));
                case "--out" -> out = Path.of(require(value, args[i++]));
                case "--also" -> also.add(require(value, args[i++]));
                case "--child-arg" -> childArgs.add(require(value, args[i++]));
                case "--root" -> root = Path.of(require(value, args[i++])).toAbsolutePath();
                case "--http" -> httpSequential = Integer.parseInt(require(value, args[i++]));
                case "--http-loop" -> httpLoop = Integer.parseInt(require(value, args[i++]));
                case "--concurrency" -> concurrencies = list(require(value, args[i++])).stream().map(Integer::parseInt).toList();
                case "--routes" -> routes = list(require(value, args[i++])).stream().map(Options::route).toList();
                case "--turns" -> turns = Integer.parseInt(require(value, args[i++]));
                case "--compare-url" -> compareUrl = URI.create(require(value, args[i++]));
                case "--compare-name" -> compareName = require(value, args[i++]);
                case "--compare-pid" -> comparePid = Long.parseLong(require(value, args[i++]));
                case "--stream-url" -> streamUrl = URI.create(require(value, args[i++]));
                case "--load-pages" -> loadPages = Integer.parseInt(require(value, args[i++]));
                case "--load-interview" -> loadInterview = Integer.parseInt(require(value, args[i++]));
                case "--load-seconds" -> loadSeconds = Integer.parseInt(require(value, args[i++]));
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (runs < 0 || warm < 0 || flags.isEmpty() || shapes.isEmpty() || httpSequential < 0 || httpLoop < 1 || turns < 1
                || concurrencies.isEmpty() || concurrencies.stream().anyMatch(concurrency -> concurrency < 1) || loadPages < 2 || loadSeconds < 0 || loadInterview < 5) {
            throw new IllegalArgumentException(USAGE);
        }
        return new Options(root, runs, warm, only, List.copyOf(shapes), flags, warmC1, out == null ? root.resolve("bench/results.md") : out,
                List.copyOf(childArgs), List.copyOf(also),
                new Http(Math.min(100, Math.max(10, httpSequential / 5)), httpSequential, httpLoop, concurrencies, routes, turns,
                        compareUrl, compareName, comparePid, streamUrl),
                new Load(loadPages - loadPages % 2, loadInterview, loadSeconds));
    }

    /** Every shape × flag set, shapes first: the cold sets of the run. */
    List<ColdStart.Set> coldSets() {
        List<ColdStart.Set> sets = new ArrayList<>();
        for (Shape shape : shapes) {
            for (ChildJvm.Flags flags : coldFlags) {
                sets.add(new ColdStart.Set(shape, flags));
            }
        }
        return sets;
    }

    /** Whether --only selects the function (all are selected without it). */
    boolean selects(TemplateFunctions.Function function) {
        return only.isEmpty() || only.stream().anyMatch(name -> names(name, function));
    }

    /** Whether --warm-c1 names the function. */
    boolean repeatsWarmWithC1(TemplateFunctions.Function function) {
        return warmC1.stream().anyMatch(name -> names(name, function));
    }

    /** The --also builds of the function: the text after its "NAME=". */
    List<String> alsoOf(TemplateFunctions.Function function) {
        return also.stream().filter(value -> value.contains("=") && names(value.substring(0, value.indexOf('=')), function))
                .map(value -> value.substring(value.indexOf('=') + 1)).toList();
    }

    /** A function is named by its logical id in template.yaml (CreateSessionFunction) or its handler's package (create). */
    static boolean names(String name, TemplateFunctions.Function function) {
        return name.equalsIgnoreCase(function.resource()) || name.equalsIgnoreCase(function.shortName());
    }

    private static Route route(String name) {
        for (Route route : Route.values()) {
            if (route.name().equalsIgnoreCase(name) || route.label().equalsIgnoreCase(name)) {
                return route;
            }
        }
        throw new IllegalArgumentException("unknown route " + name + "\n" + USAGE);
    }

    private static String require(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return value;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}

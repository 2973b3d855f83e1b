package dev.moduo.local;

import dev.moduo.config.Settings;
import dev.moduo.local.docs.ApiDocs;
import dev.moduo.local.docs.OpenApiSource;
import dev.moduo.local.embedded.DevClerkWebhooks;
import dev.moduo.local.embedded.EmbeddedStream;
import dev.moduo.local.embedded.StreamWebhookDelivery;
import dev.moduo.local.gateway.CorsPolicy;
import dev.moduo.local.gateway.InvokeApi;
import dev.moduo.local.gateway.LocalEndpoints;
import dev.moduo.local.gateway.LocalGateway;
import dev.moduo.local.http.BlockingHttpServer;
import dev.moduo.local.gateway.RouteTable;
import dev.moduo.local.invoke.GenerateEventCommand;
import dev.moduo.local.invoke.InvokeCommand;
import dev.moduo.local.lambda.FunctionHost;
import dev.moduo.local.lambda.RuntimeWarmUp;
import dev.moduo.local.migrate.MigrateExpressCommand;
import dev.moduo.local.schedule.ScheduleRunner;
import dev.moduo.local.smoke.SmokeCommand;
import dev.moduo.local.template.CorsSpec;
import dev.moduo.local.template.FunctionSpec;
import dev.moduo.local.template.SamTemplate;
import dev.moduo.local.web.WebRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs Moduo on one machine: serves template.yaml's HTTP API as API Gateway would, with the functions'
 * own handler classes in this JVM, and embeds MongoDB, a Stream emulator and a Clerk development issuer
 * for whichever of them has no setting. {@code java -jar local/target/moduo-local.jar --help}.
 *
 * <p>The functions read their settings with {@code Settings.fromProcess()} (environment, overlaid by JVM
 * system properties of the same name), so what the runner decides (embedded services' addresses,
 * the template's known values, a test's explicit settings) reaches them as system properties.
 */
public final class LocalRunner implements AutoCloseable {

    private final BlockingHttpServer server;
    private final ExecutorService functionThreads;
    private final Map<String, FunctionHost> functions;
    private final ScheduleRunner schedules;
    private final List<AutoCloseable> embedded;
    private final Optional<EmbeddedStream> streamEmulator;
    private final Map<String, String> previousProperties;
    private final List<String> announcements;
    private final String baseUrl;
    private boolean closed;

    /**
     * The JDK's HTTP server leaves Nagle's algorithm on: a response written in two parts (headers, then body)
     * waits for the client's delayed ACK, about 40 ms a request. The runner's own server is not the JDK's (see
     * {@link BlockingHttpServer}), but the embedded Stream emulator is, and every function call to it would pay
     * that. The JDK's server reads this once, when its first instance is made.
     */
    static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        System.setProperty(NO_DELAY_PROPERTY, "true");
    }

    private LocalRunner(BlockingHttpServer server, ExecutorService functionThreads,
                        Map<String, FunctionHost> functions, ScheduleRunner schedules, List<AutoCloseable> embedded,
                        Optional<EmbeddedStream> streamEmulator, Map<String, String> previousProperties,
                        List<String> announcements, String baseUrl) {
        this.server = server;
        this.functionThreads = functionThreads;
        this.functions = functions;
        this.schedules = schedules;
        this.embedded = embedded;
        this.streamEmulator = streamEmulator;
        this.previousProperties = previousProperties;
        this.announcements = announcements;
        this.baseUrl = baseUrl;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(InvokeCommand.NAME)) {
            InvokeCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals(GenerateEventCommand.NAME)) {
            GenerateEventCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals(SmokeCommand.NAME)) {
            SmokeCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        dev.moduo.local.streamsetup.StreamSetupCommand.runAndExitIfNamed(args);
        if (args.length > 0 && args[0].equals(MigrateExpressCommand.NAME)) {
            MigrateExpressCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(RunnerOptions.USAGE);
            return;
        }
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(RunnerOptions.USAGE);
            System.exit(2);
            return;
        }
        LocalRunner runner;
        try {
            // Timed from the JVM's own start, which is what a user waiting at the prompt sees.
            runner = start(options.withStartedAt(null), Map.of(), System.out::println);
        } catch (RuntimeException e) {
            System.err.println("Moduo local runner could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.close();
            System.out.println("Moduo local runner stopped.");
        }, "stop"));
    }

    /**
     * Starts a runner. It accepts connections as soon as the template is read, and returns once the
     * embedded services are up and the functions' settings are in place.
     *
     * @param overrides settings that take the place of the process's own (tests); a blank value hides one
     * @param log where announcements and one line per request go
     */
    public static LocalRunner start(RunnerOptions options, Map<String, String> overrides, Consumer<String> log) {
        // Every answer, the gateway's own 404 included, is JSON: Jackson's first use (a few hundred ms) is
        // made beside the template's parsing rather than on the first request.
        Thread jsonWarmUp = new Thread(() -> LocalJson.message("warm-up"), "json-warm-up");
        jsonWarmUp.setDaemon(true);
        jsonWarmUp.start();
        Settings settings = Settings.fromProcess().with(overrides);
        List<String> announcements = new ArrayList<>();
        Consumer<String> announce = line -> {
            announcements.add(line);
            log.accept(line);
        };
        // Before anything listens: a wrong --web is the user's to fix, and says so at once.
        Optional<WebRoot> web = Optional.ofNullable(options.web()).map(WebRoot::of);
        OpenApiSource openApi = OpenApiSource.of(options.openApi());
        BlockingHttpServer server = bind(options, settings);
        String baseUrl = "http://" + displayHost(server.address()) + ":" + server.address().getPort();
        List<AutoCloseable> embedded = new ArrayList<>();
        Map<String, String> previousProperties = new LinkedHashMap<>();
        ExecutorService functionThreads = Executors.newCachedThreadPool(daemonThreads("function"));
        // Two threads, so MongoDB and the Stream emulator start side by side (the common pool has one on two cores).
        ExecutorService startup = Executors.newFixedThreadPool(2, daemonThreads("start"));
        CompletableFuture<Void> environmentReady = new CompletableFuture<>();
        EmbeddedServices services = EmbeddedServices.plan(settings);
        Optional<DevClerkWebhooks> clerkWebhooks = services.clerk().map(issuer -> DevClerkWebhooks.plan(settings, baseUrl));
        try {
            long readingTemplate = System.nanoTime();
            SamTemplate template = TemplateSource.load(options.template());
            RouteTable routes = new RouteTable(template.functions());
            announce.accept(StartupReport.templateLine(template, routes, (System.nanoTime() - readingTemplate) / 1_000_000));
            Map<String, FunctionHost> functions = new LinkedHashMap<>();
            for (FunctionSpec function : template.functions()) {
                functions.put(function.logicalId(), new FunctionHost(function, LocalRunner.class.getClassLoader(),
                        functionThreads, environmentReady, log));
            }
            CorsPolicy cors = CorsPolicy.of(corsSpec(template, settings));
            LocalGateway gateway = new LocalGateway(routes, functions, cors,
                    new LocalEndpoints(services.clerk(), clerkWebhooks, services.stream(), environmentReady,
                            new ApiDocs(openApi, services.clerk().isPresent(), baseUrl), log),
                    new InvokeApi(functions, functionThreads), web, log);
            // Accept connections before anything else starts: a request that comes before the embedded
            // services are up waits for them, as it would wait for a cold function.
            server.start(gateway);
            Instant listeningAt = Instant.now();
            StartupReport.startingLine(services, options.dataDirectory()).ifPresent(announce);
            services.start(options.dataDirectory(), EmbeddedStream::new, startup);

            List<String> warnings = new ArrayList<>();
            functions.values().forEach(host -> {
                String problem = host.classProblem();
                if (problem != null) {
                    warnings.add(host.logicalId() + ": " + problem + "; its routes answer 500");
                }
            });
            services.awaitAll(embedded);
            Optional<EmbeddedStream> streamEmulator = services.stream().map(CompletableFuture::join);
            // Stream's webhooks reach the runner as a real delivery reaches API Gateway: over HTTP, through the gateway.
            if (routes.match("POST", StreamWebhookDelivery.PATH).isPresent()) {
                streamEmulator.ifPresent(stream -> stream.deliverWebhooksTo(baseUrl + StreamWebhookDelivery.PATH, log));
            }
            if (options.dataDirectory() != null && services.mongo().isEmpty()) {
                warnings.add("--data is ignored: MONGODB_URI is set, so the embedded MongoDB is not started");
            }
            FunctionEnvironment.of(template, settings, overrides, services, clerkWebhooks,
                            Map.of("CLERK_JWKS_URL", baseUrl + LocalEndpoints.PREFIX + "jwks.json"), warnings)
                    .forEach((name, value) -> previousProperties.put(name, System.setProperty(name, value)));
            environmentReady.complete(null);

            ScheduleRunner scheduleRunner = new ScheduleRunner(log);
            List<String> scheduleLines = new ArrayList<>();
            if (options.schedules()) {
                functions.values().forEach(host -> scheduleLines.addAll(scheduleRunner.start(host, options.firstScheduleRunAfter())));
            }

            StartupReport.lines(settings, services, clerkWebhooks, web, cors, baseUrl,
                    options.schedules(), scheduleLines, warnings).forEach(announce);
            Instant origin = options.startedAt() != null ? options.startedAt()
                    : Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
            long listening = Duration.between(origin, listeningAt).toMillis();
            long ready = Duration.between(origin, Instant.now()).toMillis();
            announce.accept("Listening on " + baseUrl + " (accepting connections after " + listening + " ms, embedded"
                    + " services ready after " + ready + " ms; each function starts on its first request). Ctrl-C stops.");
            startup.shutdown();
            RuntimeWarmUp.startInBackground(LocalRunner.class.getClassLoader(), baseUrl + LocalEndpoints.HEALTH);
            return new LocalRunner(server, functionThreads, functions, scheduleRunner, embedded,
                    streamEmulator, previousProperties, announcements, baseUrl);
        } catch (RuntimeException e) {
            environmentReady.completeExceptionally(e);
            services.abandon(e);
            embedded.clear();
            try {
                services.awaitAll(embedded);
            } catch (RuntimeException alsoFailed) {
                if (alsoFailed != e) {
                    e.addSuppressed(alsoFailed);
                }
            }
            server.close();
            functionThreads.shutdownNow();
            startup.shutdownNow();
            closeAll(embedded);
            restore(previousProperties);
            throw e;
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.address().getPort();
    }

    /** The start-up lines, in order. */
    public List<String> announcements() {
        return List.copyOf(announcements);
    }

    /**
     * Stops the Stream emulator's webhooks (before the server they go to), the schedules, listening, the functions,
     * then the embedded services.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        streamEmulator.ifPresent(EmbeddedStream::stopWebhooks);
        schedules.close();
        server.close();
        functions.values().forEach(FunctionHost::close);
        functionThreads.shutdownNow();
        closeAll(embedded);
        restore(previousProperties);
    }

    private static BlockingHttpServer bind(RunnerOptions options, Settings settings) {
        int port = options.port() != null ? options.port()
                : settings.get("PORT").map(value -> RunnerOptions.port(value, "PORT")).orElse(RunnerOptions.DEFAULT_PORT);
        String host = options.host();
        try {
            InetAddress address = host == null ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
            return BlockingHttpServer.bind(new InetSocketAddress(address, port), 64);
        } catch (BindException e) {
            throw new IllegalStateException("Port " + port + " is in use; stop what uses it or choose another port"
                    + " with --port N or PORT=N", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + (host == null ? "127.0.0.1" : host) + ":" + port, e);
        }
    }

    private static String displayHost(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        return ip.isLoopbackAddress() || ip.isAnyLocalAddress() ? "localhost" : ip.getHostAddress();
    }

    private static Optional<CorsSpec> corsSpec(SamTemplate template, Settings settings) {
        Optional<List<String>> origins = settings.get("CORS_ALLOWED_ORIGINS")
                .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(text -> !text.isEmpty()).toList());
        if (origins.isEmpty()) {
            return template.cors();
        }
        return Optional.of(template.cors()
                .map(spec -> spec.withOrigins(origins.get()))
                .orElse(new CorsSpec(origins.get(), false, List.of("*"), List.of("*"), List.of(), null)));
    }

    private static void restore(Map<String, String> previous) {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // Stopping: each of the others must still be closed.
            }
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

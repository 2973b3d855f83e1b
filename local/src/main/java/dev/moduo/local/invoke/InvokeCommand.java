package dev.moduo.local.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.config.Settings;
import dev.moduo.local.EmbeddedServices;
import dev.moduo.local.FunctionEnvironment;
import dev.moduo.local.LocalJson;
import dev.moduo.local.TemplateSource;
import dev.moduo.local.embedded.DevClerkIssuer;
import dev.moduo.local.embedded.EmbeddedStream;
import dev.moduo.local.embedded.KnownDevelopmentSecrets;
import dev.moduo.local.lambda.FunctionHost;
import dev.moduo.local.lambda.Outcome;
import dev.moduo.local.lambda.RuntimeWarmUp;
import dev.moduo.local.template.FunctionSpec;
import dev.moduo.local.template.SamTemplate;
import dev.moduo.webhook.SvixVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@code java -jar moduo-local.jar invoke FunctionLogicalId --event FILE}: one function of the template, run once
 * in this process as the runner runs it (its handler class, the Lambda runtime's serializers, the template's
 * Timeout and settings), with the runner's embedded defaults for whatever the environment does not set. The
 * response alone goes to standard output, so it can be piped; everything else to standard error.
 */
public final class InvokeCommand {

    public static final String NAME = "invoke";
    /** The function returned: a non-HTTP result, or an HTTP response with a status below 400. */
    public static final int SUCCEEDED = 0;
    /** Lambda's function error: the handler threw, ran over its Timeout, or could not be started. */
    public static final int FUNCTION_ERROR = 1;
    /** Nothing was invoked: bad options, an unknown function, an unreadable or invalid event, an embedded service that did not start. */
    public static final int NOT_RUN = 2;
    /** The function returned an HTTP response with a status of 400 or more (printed like any other). */
    public static final int HTTP_ERROR = 3;

    private final Map<String, String> overrides;
    private final InputStream stdin;
    private final PrintStream out;
    private final Consumer<String> err;

    /**
     * @param overrides settings that take the place of the process's own (tests); a blank value hides one
     * @param out       where the response goes, and nothing else
     * @param err       where invoke's own lines go (the function's go to the process's standard output, which
     *                  {@link #main} points at standard error)
     */
    public InvokeCommand(Map<String, String> overrides, InputStream stdin, PrintStream out, Consumer<String> err) {
        this.overrides = overrides;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    /** The arguments after {@code invoke}. */
    public static void main(String[] args) {
        PrintStream response = System.out;
        // Before any function class is loaded: they keep System.out for their log lines, as Lambda captures it.
        System.setOut(System.err);
        int exit = new InvokeCommand(Map.of(), System.in, response, System.err::println).run(args);
        response.flush();
        System.exit(exit);
    }

    public int run(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.println(InvokeOptions.USAGE);
            return SUCCEEDED;
        }
        InvokeOptions options;
        SamTemplate template;
        FunctionSpec function;
        JsonNode event;
        try {
            options = InvokeOptions.parse(args);
            template = TemplateSource.load(options.template());
            function = template.functions().stream().filter(spec -> spec.logicalId().equals(options.functionId()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("No function " + options.functionId()
                            + " in " + template.source() + "; its functions: "
                            + String.join(", ", template.functions().stream().map(FunctionSpec::logicalId).toList())));
            event = readEvent(options.event());
        } catch (RuntimeException e) {
            err.accept(e.getMessage());
            err.accept(InvokeOptions.USAGE);
            return NOT_RUN;
        }
        err.accept("Invoking " + function.logicalId() + " (" + function.handler() + ") from " + template.source()
                + " with " + (options.event() == null ? "the event {}" : options.event().equals(InvokeOptions.STDIN)
                ? "the event on standard input" : options.event()));
        return invoke(template, function, event, options.user());
    }

    private int invoke(SamTemplate template, FunctionSpec function, JsonNode event, String user) {
        Settings settings = Settings.fromProcess().with(overrides);
        EmbeddedServices services = EmbeddedServices.plan(settings);
        ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "invoke");
            thread.setDaemon(true);
            return thread;
        });
        List<AutoCloseable> embedded = new ArrayList<>();
        Map<String, String> previous = new LinkedHashMap<>();
        FunctionHost host = null;
        try {
            long starting = System.nanoTime();
            services.start(null, () -> new EmbeddedStream(KnownDevelopmentSecrets.STREAM_API_SECRET), threads);
            services.awaitAll(embedded);
            describeServices(services, settings, (System.nanoTime() - starting) / 1_000_000);
            List<String> warnings = new ArrayList<>();
            Map<String, String> properties = new LinkedHashMap<>(FunctionEnvironment.of(template, settings, overrides,
                    services, Optional.empty(), services.clerk().map(clerk -> Map.of("CLERK_JWT_KEY", clerk.join().publicKeyPem()))
                            .orElse(Map.of()), warnings));
            if (settings.get(SvixVerifier.SECRET_SETTING).isEmpty() && settings.get(SvixVerifier.SECRET_ID_SETTING).isEmpty()) {
                properties.put(SvixVerifier.SECRET_SETTING, KnownDevelopmentSecrets.CLERK_WEBHOOK_SECRET);
                err.accept("Clerk webhooks: checked with invoke's known development secret (generate-event signs with it);"
                        + " set CLERK_WEBHOOK_SECRET to use another");
            }
            warnings.forEach(warning -> err.accept("Warning: " + warning));
            properties.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
            // Any loopback address answers for warming the HTTP client; the emulator's, when there is one.
            RuntimeWarmUp.warmNow(InvokeCommand.class.getClassLoader(),
                    services.stream().map(stream -> stream.join().baseUrl()).orElse("http://127.0.0.1:9/"));
            if (services.clerk().isPresent() && event instanceof ObjectNode object) {
                DevClerkIssuer issuer = services.clerk().get().join();
                EventCredentials.reissue(object, issuer, user).ifPresent(err);
            }

            host = new FunctionHost(function, InvokeCommand.class.getClassLoader(), threads,
                    CompletableFuture.completedFuture(null), err);
            Outcome outcome = host.invoke(LocalJson.bytes(event));
            return report(outcome);
        } catch (RuntimeException e) {
            // Before the function ran (FunctionHost reports the function's own failures as an Outcome).
            err.accept("invoke could not run " + function.logicalId() + ": " + e.getMessage());
            return NOT_RUN;
        } finally {
            if (host != null) {
                host.close();
            }
            threads.shutdownNow();
            for (AutoCloseable service : embedded) {
                try {
                    service.close();
                } catch (Exception ignored) {
                    // Exiting: the others must still be closed.
                }
            }
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    private void describeServices(EmbeddedServices services, Settings settings, long millis) {
        List<String> embedded = new ArrayList<>();
        services.mongo().ifPresent(mongo -> embedded.add("MongoDB in memory"));
        services.stream().ifPresent(stream -> embedded.add("the Stream emulator"));
        services.clerk().ifPresent(clerk -> embedded.add("the Clerk development issuer"));
        List<String> given = new ArrayList<>();
        if (services.mongo().isEmpty()) {
            given.add("MONGODB_URI");
        }
        if (services.stream().isEmpty()) {
            given.add(settings.get("STREAM_SECRET_ID").isPresent() ? "STREAM_SECRET_ID" : "STREAM_API_KEY");
        }
        if (services.clerk().isEmpty()) {
            given.add(settings.get("CLERK_JWT_KEY").isPresent() ? "CLERK_JWT_KEY" : "CLERK_JWKS_URL");
        }
        err.accept((embedded.isEmpty() ? "Nothing embedded" : "Embedded: " + String.join(", ", embedded)
                + " (started in " + millis + " ms)") + (given.isEmpty() ? "" : "; from the environment: " + String.join(", ", given)));
    }

    /** The response on standard output; a REPORT line as Lambda writes one; the exit status. */
    private int report(Outcome outcome) {
        String duration = String.format(java.util.Locale.ROOT, "REPORT RequestId: %s Duration: %.2f ms",
                outcome.requestId(), outcome.took().toNanos() / 1_000_000.0);
        if (outcome instanceof Outcome.Returned returned) {
            out.println(new String(returned.json(), StandardCharsets.UTF_8));
            err.accept(duration);
            Optional<Integer> status = httpStatus(returned.json());
            status.ifPresent(code -> err.accept("HTTP status " + code));
            return status.filter(code -> code >= 400).isPresent() ? HTTP_ERROR : SUCCEEDED;
        }
        ObjectNode error = LocalJson.object();
        if (outcome instanceof Outcome.TimedOut timedOut) {
            error.put("errorType", "Sandbox.Timedout");
            error.put("errorMessage", timedOut.errorMessage());
        } else if (outcome instanceof Outcome.Failed failed) {
            error.put("errorType", failed.errorType());
            error.put("errorMessage", failed.errorMessage());
        }
        out.println(error);
        err.accept(duration + " (function error: " + error.get("errorType").asText() + ")");
        return FUNCTION_ERROR;
    }

    /** The statusCode of an API Gateway response (payload 2.0 or 1.0), if the result is one. */
    static Optional<Integer> httpStatus(byte[] json) {
        try {
            JsonNode result = LocalJson.MAPPER.readTree(json);
            JsonNode status = result == null ? null : result.get("statusCode");
            return status != null && status.canConvertToInt() ? Optional.of(status.asInt()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Any JSON value, as Lambda takes any; what the handler makes of it is the function's business. */
    private JsonNode readEvent(String source) {
        byte[] bytes;
        try {
            if (source == null) {
                return LocalJson.object();
            }
            bytes = source.equals(InvokeOptions.STDIN) ? stdin.readAllBytes() : Files.readAllBytes(Path.of(source));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the event " + source + ": " + e.getMessage());
        }
        String from = source.equals(InvokeOptions.STDIN) ? "The event on standard input" : "The event " + source;
        JsonNode event;
        try {
            event = LocalJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(from + " is not JSON: "
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
        }
        if (event == null || event.isMissingNode()) {
            throw new IllegalArgumentException(from + " is empty");
        }
        return event;
    }
}

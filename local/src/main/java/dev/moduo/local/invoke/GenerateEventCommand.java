package dev.moduo.local.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.config.Settings;
import dev.moduo.local.LocalJson;
import dev.moduo.local.TemplateSource;
import dev.moduo.local.embedded.DevClerkIssuer;
import dev.moduo.local.embedded.DevClerkWebhooks;
import dev.moduo.local.embedded.DevUser;
import dev.moduo.local.embedded.EmbeddedStream;
import dev.moduo.local.embedded.KnownDevelopmentSecrets;
import dev.moduo.local.embedded.StreamWebhookDelivery;
import dev.moduo.local.gateway.GatewayRequest;
import dev.moduo.local.gateway.HttpApiEvents;
import dev.moduo.local.gateway.RouteTable;
import dev.moduo.local.schedule.ScheduleRunner;
import dev.moduo.local.template.HttpRoute;
import dev.moduo.local.template.SamTemplate;
import dev.moduo.local.template.TemplateException;
import dev.moduo.stream.StreamWebhookVerifier;
import dev.moduo.webhook.SvixVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code java -jar moduo-local.jar generate-event http|schedule ...}: an event of one of the two shapes the
 * template's functions take, as JSON on standard output for {@code invoke --event -}: API Gateway's HTTP API
 * payload 2.0 (its route, path parameters and headers as the runner's gateway builds them, with a fresh
 * development token, or for a webhook route the signature its function checks) and EventBridge's scheduled event.
 */
public final class GenerateEventCommand {

    public static final String NAME = "generate-event";
    public static final int GENERATED = 0;
    public static final int NOT_GENERATED = 2;

    static final String USAGE = """
            Usage: java -jar local/target/moduo-local.jar generate-event http --path PATH [--method M] [--body JSON]
                                  [--user ID] [--name "First Last"] [--header "Name: value"]... [--template FILE]
                   java -jar local/target/moduo-local.jar generate-event schedule [--rule NAME]

              http      API Gateway HTTP API payload 2.0 for the template route that matches --method (default GET)
                        and --path (a query string may follow ?). Session and chat routes get Authorization: Bearer
                        with a fresh development token for --user (default user_local); invoke re-issues it with its
                        own development issuer for the same user. /api/webhooks/clerk gets a Svix-signed body (default
                        a user.created for --user and --name); /api/webhooks/stream needs --body and gets X-Signature.
                        Webhooks are signed with CLERK_WEBHOOK_SECRET / STREAM_API_SECRET when set, else with the
                        known development secrets invoke checks them with. A signature is good for 5 minutes (Svix).
              schedule  EventBridge's Scheduled Event, as the template's Schedule events deliver it.

              Prints the event as JSON; pipe it on: ... | java -jar local/target/moduo-local.jar invoke FUNCTION --event -
              Exit status: 0 printed, 2 not (bad options, no route matches, a secret that cannot be used).""";

    private final Map<String, String> environment;
    private final Consumer<String> out;
    private final Consumer<String> err;
    private final Clock clock;

    GenerateEventCommand(Map<String, String> environment, Consumer<String> out, Consumer<String> err, Clock clock) {
        this.environment = environment;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** The arguments after {@code generate-event}. */
    public static void main(String[] args) {
        System.exit(new GenerateEventCommand(System.getenv(), System.out::println, System.err::println,
                Clock.systemUTC()).run(args));
    }

    int run(String[] args) {
        if (args.length == 0 || Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            (args.length == 0 ? err : out).accept(USAGE);
            return args.length == 0 ? NOT_GENERATED : GENERATED;
        }
        try {
            ObjectNode event = switch (args[0]) {
                case "http" -> http(HttpEventOptions.parse(Arrays.copyOfRange(args, 1, args.length)));
                case "schedule" -> schedule(Arrays.copyOfRange(args, 1, args.length));
                default -> throw new IllegalArgumentException("Unknown event kind " + args[0] + ": http or schedule");
            };
            out.accept(LocalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(event));
            return GENERATED;
        } catch (IllegalArgumentException | TemplateException e) {
            err.accept(e.getMessage());
            err.accept(USAGE);
            return NOT_GENERATED;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode http(HttpEventOptions options) {
        SamTemplate template = TemplateSource.load(options.template());
        RouteTable routes = new RouteTable(template.functions());
        RouteTable.Match match = routes.match(options.method(), options.rawPath()).orElseThrow(() ->
                new IllegalArgumentException("No route of " + template.source() + " matches " + options.method() + " "
                        + options.rawPath() + "; its routes: " + String.join(", ",
                        routes.routes().stream().map(HttpRoute::routeKey).toList())));
        Settings settings = Settings.of(environment);
        Instant now = clock.instant();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of("localhost:3000"));
        headers.put("user-agent", List.of("moduo-local generate-event"));
        byte[] body = options.body() == null ? new byte[0] : options.body().getBytes(StandardCharsets.UTF_8);
        String path = match.route().path();
        if (path.equals(DevClerkWebhooks.PATH)) {
            if (options.body() == null) {
                body = LocalJson.bytes(DevClerkWebhooks.userCreated(new DevUser(options.user(), options.name(), null, null),
                        now.toEpochMilli()));
            }
            DevClerkWebhooks.svixHeaders(clerkWebhookSecret(settings), body, now.getEpochSecond())
                    .forEach((name, value) -> headers.put(name, List.of(value)));
        } else if (path.equals(StreamWebhookDelivery.PATH)) {
            if (options.body() == null) {
                throw new IllegalArgumentException("--body is required for " + StreamWebhookDelivery.PATH + ": the Stream event,"
                        + " e.g. {\"type\":\"call.session_participant_joined\",\"call_cid\":\"default:<callId>\",...}");
            }
            headers.put("x-api-key", List.of(settings.get("STREAM_API_KEY").orElse(EmbeddedStream.API_KEY)));
            headers.put("x-signature", List.of(StreamWebhookVerifier.sign(body, streamApiSecret(settings))));
            headers.put("x-webhook-id", List.of(UUID.randomUUID().toString()));
            headers.put("x-webhook-attempt", List.of("1"));
        } else {
            try (DevClerkIssuer issuer = new DevClerkIssuer()) {
                headers.put("authorization", List.of("Bearer " + issuer.token(options.user(), DevClerkIssuer.DEFAULT_AUTHORIZED_PARTY)));
            }
        }
        if (body.length > 0) {
            headers.put("content-type", List.of("application/json"));
        }
        options.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        GatewayRequest request = new GatewayRequest(options.method(), options.rawPath(), options.rawQuery(), headers, body,
                "127.0.0.1", "HTTP/1.1");
        return HttpApiEvents.event(request, match, HttpApiEvents.newRequestId(), now);
    }

    private static String clerkWebhookSecret(Settings settings) {
        return settings.get(SvixVerifier.SECRET_SETTING).orElseGet(() -> {
            if (settings.get(SvixVerifier.SECRET_ID_SETTING).isPresent()) {
                throw new IllegalArgumentException("CLERK_WEBHOOK_SECRET_ID names a Secrets Manager secret generate-event"
                        + " does not read; set CLERK_WEBHOOK_SECRET to sign with it");
            }
            return KnownDevelopmentSecrets.CLERK_WEBHOOK_SECRET;
        });
    }

    private static String streamApiSecret(Settings settings) {
        return settings.get("STREAM_API_SECRET").orElseGet(() -> {
            if (settings.get("STREAM_SECRET_ID").isPresent()) {
                throw new IllegalArgumentException("STREAM_SECRET_ID names a Secrets Manager secret generate-event"
                        + " does not read; set STREAM_API_KEY and STREAM_API_SECRET to sign with them");
            }
            return KnownDevelopmentSecrets.STREAM_API_SECRET;
        });
    }

    /** EventBridge's Scheduled Event (the shape of events/cleanup-stale-sessions.json), sent now. */
    private ObjectNode schedule(String[] args) {
        String rule = "moduo-local-schedule";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rule") && i + 1 < args.length) {
                rule = args[++i];
            } else {
                throw new IllegalArgumentException("Unknown option " + args[i] + " (schedule takes --rule NAME)");
            }
        }
        return ScheduleRunner.scheduledEvent(rule, clock.instant());
    }
}

package dev.moduo.local;

import dev.moduo.config.Settings;
import dev.moduo.local.docs.ApiDocs;
import dev.moduo.local.embedded.DevClerkWebhooks;
import dev.moduo.local.embedded.EmbeddedStream;
import dev.moduo.local.gateway.CorsPolicy;
import dev.moduo.local.gateway.InvokeApi;
import dev.moduo.local.gateway.LocalEndpoints;
import dev.moduo.local.gateway.RouteTable;
import dev.moduo.local.template.SamTemplate;
import dev.moduo.local.web.WebRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The start-up lines: what is served, what is starting while the person at the prompt waits, and for MongoDB,
 * Stream and Clerk what is used, one line each, with how long each embedded one took to start.
 */
final class StartupReport {

    private StartupReport() {
    }

    /** The first line, as soon as the template is read. */
    static String templateLine(SamTemplate template, RouteTable routes, long readMillis) {
        return "Moduo local runner: " + routes.routes().size() + " routes of " + template.functions().size()
                + " functions from " + template.source() + " (read in " + readMillis + " ms)";
    }

    /** What the person at the prompt waits for next, before it starts; empty when nothing is embedded. */
    static Optional<String> startingLine(EmbeddedServices services, Path dataDirectory) {
        List<String> parts = new ArrayList<>();
        services.mongo().ifPresent(mongo -> parts.add("embedded MongoDB (" + (dataDirectory == null ? "in memory"
                : "data in " + dataDirectory) + ")"));
        services.stream().ifPresent(stream -> parts.add("Stream emulator"));
        services.clerk().ifPresent(clerk -> parts.add("Clerk development issuer (its key is made on the first token)"));
        return parts.isEmpty() ? Optional.empty() : Optional.of("Starting " + String.join(", ", parts) + " ...");
    }

    /** The rest, once everything is up: what is used for each service (with how long it took to start). */
    static List<String> lines(Settings settings, EmbeddedServices services,
                              Optional<DevClerkWebhooks> clerkWebhooks, Optional<WebRoot> web, CorsPolicy cors,
                              String baseUrl, boolean schedules, List<String> scheduleLines, List<String> warnings) {
        List<String> lines = new ArrayList<>();
        lines.add("MongoDB: " + services.mongo().map(mongo -> mongo.join().describe()
                        + "; set MONGODB_URI to use a real MongoDB")
                .orElse("MONGODB_URI is set; database " + settings.get("MONGODB_DATABASE", "moduo")));
        lines.add("Stream: " + services.stream()
                .map(stream -> "built-in emulator at " + stream.join().baseUrl() + " (started in " + stream.join().startMillis()
                        + " ms), state at " + baseUrl
                        + LocalEndpoints.PREFIX + "stream; " + stream.join().describeWebhooks() + "; play the browsers"
                        + " with POST " + LocalEndpoints.PREFIX + "stream/calls/{callId}/participants {\"userId\": ...}. "
                        + EmbeddedStream.NOTICE)
                .orElse(settings.get("STREAM_SECRET_ID").isPresent()
                        ? "STREAM_SECRET_ID is set: credentials from AWS Secrets Manager"
                        : "STREAM_API_KEY is set: the real Stream app" + settings.get("STREAM_BASE_URL").map(url -> " at " + url).orElse("")));
        lines.add("Clerk: " + services.clerk()
                .map(clerk -> "development issuer (signs anyone in): a token for any user id from " + baseUrl
                        + LocalEndpoints.PREFIX + "token?user=user_host, the __session cookie from " + baseUrl
                        + LocalEndpoints.SIGN_IN + "?user=user_host&name=Hana%20Host, JWKS at " + baseUrl
                        + LocalEndpoints.PREFIX + "jwks.json; "
                        + clerkWebhooks.map(DevClerkWebhooks::describe).map(text -> text + "; ").orElse("")
                        + "set CLERK_JWKS_URL or CLERK_JWT_KEY to use a real Clerk instance")
                .orElse(settings.get("CLERK_JWT_KEY").isPresent() ? "CLERK_JWT_KEY is set" : "CLERK_JWKS_URL is set"));
        lines.add("API docs: " + baseUrl + ApiDocs.PATH + " (Swagger UI for openapi.yaml; \"Try it out\" calls this runner)");
        web.ifPresent(root -> lines.add("Web client: " + root.directory() + " at " + baseUrl + "/ (a path outside /api/"
                + " whose last segment has no file extension gets index.html)"));
        lines.add("CORS: " + (cors.enabled() ? "allowed origins " + String.join(", ", cors.allowedOrigins())
                + (settings.get("CORS_ALLOWED_ORIGINS").isPresent() ? " (CORS_ALLOWED_ORIGINS)" : " (template)")
                : "not configured in the template"));
        lines.add("Schedules: " + (!schedules ? "off (--no-schedules)"
                : scheduleLines.isEmpty() ? "none in the template" : String.join("; ", scheduleLines)));
        lines.add("Lambda invoke API: POST " + baseUrl + InvokeApi.PREFIX + "{LogicalId}/invocations");
        warnings.forEach(warning -> lines.add("Warning: " + warning));
        return lines;
    }
}

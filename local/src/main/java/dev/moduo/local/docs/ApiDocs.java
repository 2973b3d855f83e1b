package dev.moduo.local.docs;

import dev.moduo.local.LocalJson;
import dev.moduo.local.gateway.GatewayRequest;
import dev.moduo.local.gateway.GatewayResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /_local/docs}: Swagger UI for the OpenAPI document ({@link OpenApiSource}), its files served by the
 * runner itself ({@link SwaggerUiAssets}), and the document as the page uses it ({@code openapi.json}: servers
 * replaced by the page's own origin) or as it is ({@code openapi.yaml}). Nothing is read before the first
 * request for it.
 *
 * <p>Served whether or not the development issuer is on: the page holds nothing the repository does not,
 * and with a real Clerk instance a token of that instance authorizes "Try it out" just as well. Its
 * Content-Security-Policy lets the page load and call nothing outside its own origin.
 */
public final class ApiDocs {

    public static final String PATH = "/_local/docs";
    static final String PAGE_RESOURCE = "/moduo-local/docs/index.html";
    static final String SCRIPT_RESOURCE = "/moduo-local/docs/moduo-docs.js";
    /** Swagger UI sets inline styles and shows inline SVG/data images; everything else is this origin's. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; connect-src 'self';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private final OpenApiSource source;
    private final boolean developmentIssuer;
    private final String baseUrl;

    /**
     * @param developmentIssuer whether the runner's {@code /_local/token} exists, for the page's hint
     * @param baseUrl           the runner's address, for a request that names no Host
     */
    public ApiDocs(OpenApiSource source, boolean developmentIssuer, String baseUrl) {
        this.source = source;
        this.developmentIssuer = developmentIssuer;
        this.baseUrl = baseUrl;
    }

    public static boolean owns(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    public GatewayResponse serve(GatewayRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return GatewayResponse.message(405, "Method Not Allowed").withHeaders(Map.of("allow", "GET, HEAD"));
        }
        String path = request.rawPath();
        if (path.equals(PATH) || path.equals(PATH + "/")) {
            return resource(PAGE_RESOURCE, "text/html; charset=utf-8")
                    .withHeaders(Map.of("content-security-policy", CONTENT_SECURITY_POLICY, "cache-control", "no-cache"));
        }
        String name = path.substring(PATH.length() + 1);
        return switch (name) {
            case "openapi.json" -> openApiJson(request);
            case "openapi.yaml" -> openApiYaml();
            case "moduo-docs.js" -> resource(SCRIPT_RESOURCE, "text/javascript; charset=utf-8");
            default -> SwaggerUiAssets.read(name)
                    .map(bytes -> new GatewayResponse(200, List.of(Map.entry("content-type", SwaggerUiAssets.SERVED.get(name))), bytes))
                    .orElseGet(() -> GatewayResponse.message(404, "Not Found"));
        };
    }

    private GatewayResponse openApiJson(GatewayRequest request) {
        try {
            return GatewayResponse.json(200, LocalJson.bytes(OpenApiForRunner.view(source.read(), origin(request), developmentIssuer)))
                    .withHeaders(Map.of("cache-control", "no-cache"));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return GatewayResponse.message(500, e.getMessage());
        }
    }

    private GatewayResponse openApiYaml() {
        try {
            OpenApiSource.Document document = source.read();
            return new GatewayResponse(200, List.of(Map.entry("content-type", "application/yaml; charset=utf-8"),
                    Map.entry("cache-control", "no-cache")), document.text().getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException e) {
            return GatewayResponse.message(500, e.getMessage());
        }
    }

    /** Where the browser reached the runner: its requests then stay on the page's own origin. */
    String origin(GatewayRequest request) {
        Optional<String> host = request.header("host").map(String::trim).filter(value -> HOST.matcher(value).matches());
        return host.map(value -> "http://" + value).orElse(baseUrl);
    }

    private static GatewayResponse resource(String name, String contentType) {
        try (InputStream in = ApiDocs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the runner's jar");
            }
            return new GatewayResponse(200, List.of(Map.entry("content-type", contentType)), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

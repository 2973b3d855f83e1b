package dev.moduo.local.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.LocalJson;
import dev.moduo.local.template.CoreSchemaResolver;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The OpenAPI document as the docs page uses it: the same paths, schemas and security, with {@code servers}
 * replaced by the runner's own origin (the one the browser used), so "Try it out" calls this runner on the
 * page's own origin, with no CORS involved and nothing sent anywhere else.
 */
final class OpenApiForRunner {

    private OpenApiForRunner() {
    }

    /**
     * @param origin            e.g. {@code http://localhost:3000}
     * @param developmentIssuer whether {@code /_local/token} exists, which the page then points to
     * @throws IllegalArgumentException when the text is not a YAML (or JSON) object
     */
    static ObjectNode view(OpenApiSource.Document document, String origin, boolean developmentIssuer) {
        Object parsed;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            parsed = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                    options, new CoreSchemaResolver()).load(document.text());
        } catch (YAMLException e) {
            throw new IllegalArgumentException(document.source() + " is not valid YAML: " + e.getMessage(), e);
        }
        JsonNode tree = LocalJson.MAPPER.valueToTree(parsed);
        if (!(tree instanceof ObjectNode spec)) {
            throw new IllegalArgumentException(document.source() + " is not an OpenAPI document (not a YAML object)");
        }
        ArrayNode servers = spec.putArray("servers");
        ObjectNode runner = servers.addObject();
        runner.put("url", origin);
        runner.put("description", "This local runner");
        ObjectNode info = spec.has("info") && spec.get("info").isObject() ? (ObjectNode) spec.get("info") : spec.putObject("info");
        String original = info.path("description").asText("");
        info.put("description", note(document, origin, developmentIssuer) + (original.isEmpty() ? "" : "\n\n" + original));
        return spec;
    }

    private static String note(OpenApiSource.Document document, String origin, boolean developmentIssuer) {
        String auth = developmentIssuer
                ? "To try a route, get a development token for any user id from [" + origin + "/_local/token?user=user_host]("
                        + origin + "/_local/token?user=user_host), press **Authorize** and paste it as `clerkBearer`."
                : "To try a route, press **Authorize** and paste a session token of the Clerk instance this runner"
                        + " is configured with (CLERK_JWKS_URL or CLERK_JWT_KEY).";
        return "**Local runner** (" + document.source() + "): \"Try it out\" sends requests to this runner at " + origin
                + ", which runs the functions of its template.yaml. " + auth;
    }
}

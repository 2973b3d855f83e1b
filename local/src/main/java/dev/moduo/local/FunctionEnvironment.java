package dev.moduo.local;

import dev.moduo.config.Settings;
import dev.moduo.local.embedded.DevClerkWebhooks;
import dev.moduo.webhook.SvixVerifier;
import dev.moduo.local.template.FunctionSpec;
import dev.moduo.local.template.SamTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings the functions get as JVM system properties (they read them with
 * {@code Settings.fromProcess()}): the template's known values for names nobody set, then the given
 * overrides, then the embedded services' addresses (and the Clerk webhook secret made for the
 * development issuer's own deliveries).
 */
public final class FunctionEnvironment {

    // JAVA_TOOL_OPTIONS: tuning for the Lambda JVM, not a setting of Moduo's; this JVM has already started.
    // MONGODB_MAX_POOL_SIZE: the template's cap is for an environment that serves one request at a time; here one
    // handler serves every request at once, and a pool of one would queue them (the code's default serves them).
    private static final List<String> NOT_FOR_LOCAL = List.of("JAVA_TOOL_OPTIONS", "MONGODB_MAX_POOL_SIZE");

    private FunctionEnvironment() {
    }

    /**
     * @param issuerKey how the functions find the development issuer's key, when it is embedded: the runner
     *                  publishes a JWKS on its port ({@code CLERK_JWKS_URL}), {@code invoke} has no port and
     *                  hands over the public key ({@code CLERK_JWT_KEY})
     */
    public static Map<String, String> of(SamTemplate template, Settings settings, Map<String, String> overrides,
                                  EmbeddedServices services, Optional<DevClerkWebhooks> clerkWebhooks,
                                  Map<String, String> issuerKey, List<String> warnings) {
        Map<String, String> properties = new LinkedHashMap<>();
        templateValues(template, settings, properties, warnings);
        properties.putAll(overrides);
        services.mongo().ifPresent(mongo -> properties.put("MONGODB_URI", mongo.join().uri()));
        services.stream().ifPresent(stream -> properties.putAll(stream.join().settings()));
        services.clerk().ifPresent(clerk -> properties.putAll(issuerKey));
        clerkWebhooks.flatMap(DevClerkWebhooks::generatedSecret)
                .ifPresent(secret -> properties.put(SvixVerifier.SECRET_SETTING, secret));
        return properties;
    }

    /**
     * The template's own known values (a literal, a parameter's default) for names the process does not
     * set. Functions share this JVM's properties, so two functions giving one name different values
     * cannot both be honoured: the first wins, and the start-up says so.
     */
    private static void templateValues(SamTemplate template, Settings settings, Map<String, String> properties,
                                       List<String> warnings) {
        Map<String, String> owner = new LinkedHashMap<>();
        for (FunctionSpec function : template.functions()) {
            function.environment().forEach((name, value) -> {
                if (settings.get(name).isPresent() || NOT_FOR_LOCAL.contains(name)) {
                    return;
                }
                String existing = properties.putIfAbsent(name, value);
                if (existing == null) {
                    owner.put(name, function.logicalId());
                } else if (!existing.equals(value)) {
                    warnings.add(function.logicalId() + " declares " + name + "=" + value + " but " + owner.get(name)
                            + " declares " + existing + "; functions share one environment here, so " + existing + " is used");
                }
            });
        }
    }
}

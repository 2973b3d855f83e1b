package dev.moduo.local.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.config.Settings;
import dev.moduo.local.LocalJson;
import dev.moduo.webhook.SvixVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Clerk does when someone signs up, for the development issuer: the first time the runner issues a
 * token for a user id, it delivers a Svix-signed {@code user.created} with that user's profile to its own
 * {@code POST /api/webhooks/clerk}, over HTTP through the gateway as a real delivery arrives, signed with
 * the secret the Clerk webhook function verifies with. That is how names reach the backend, since the
 * tokens carry none.
 *
 * <p>The secret: {@code CLERK_WEBHOOK_SECRET} when given; else one made for this run and handed to the
 * functions. With only {@code CLERK_WEBHOOK_SECRET_ID} (a Secrets Manager secret) the runner cannot sign,
 * and says so: users then keep the placeholder name a token-only record gets.
 */
public final class DevClerkWebhooks {

    public static final String PATH = "/api/webhooks/clerk";
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String secret;
    private final boolean generated;
    private final String baseUrl;
    private final Clock clock;
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private DevClerkWebhooks(String secret, boolean generated, String baseUrl, Clock clock) {
        this.secret = secret;
        this.generated = generated;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** @param baseUrl the runner's own address, where the delivery goes */
    public static DevClerkWebhooks plan(Settings settings, String baseUrl) {
        Optional<String> given = settings.get(SvixVerifier.SECRET_SETTING);
        if (given.isPresent()) {
            return new DevClerkWebhooks(given.get(), false, baseUrl, Clock.systemUTC());
        }
        if (settings.get(SvixVerifier.SECRET_ID_SETTING).isPresent()) {
            return new DevClerkWebhooks(null, false, baseUrl, Clock.systemUTC());
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new DevClerkWebhooks("whsec_" + Base64.getEncoder().encodeToString(key), true, baseUrl, Clock.systemUTC());
    }

    /** The secret made for this run, for the functions' {@code CLERK_WEBHOOK_SECRET}; empty when one was given. */
    public Optional<String> generatedSecret() {
        return generated ? Optional.of(secret) : Optional.empty();
    }

    /** One start-up sentence; never the secret. */
    public String describe() {
        if (secret == null) {
            return "user.created is not delivered to " + PATH + ": CLERK_WEBHOOK_SECRET_ID names a Secrets Manager"
                    + " secret the runner cannot sign with (set CLERK_WEBHOOK_SECRET instead)";
        }
        return "a token for a new user id delivers a signed user.created to " + PATH + " (secret "
                + (generated ? "made for this run" : "from CLERK_WEBHOOK_SECRET") + ")";
    }

    /**
     * Delivers {@code user.created} for {@code user} unless this run already did.
     *
     * @return empty when the user is known now; else why not, for the runner's log
     */
    public synchronized Optional<String> ensureCreated(DevUser user) {
        if (delivered.contains(user.userId())) {
            return Optional.empty();
        }
        if (secret == null) {
            return Optional.of("user.created for " + user.userId() + " not delivered: no signing secret");
        }
        long now = clock.millis();
        byte[] body = LocalJson.bytes(userCreated(user, now));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + PATH))
                .timeout(TIMEOUT)
                .header("content-type", "application/json")
                .header("user-agent", "Svix-Webhooks (moduo-local)");
        svixHeaders(secret, body, now / 1000).forEach(request::header);
        request.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                return Optional.of("user.created for " + user.userId() + " answered " + response.statusCode()
                        + " " + response.body());
            }
        } catch (IOException e) {
            return Optional.of("user.created for " + user.userId() + " could not be delivered: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("user.created for " + user.userId() + " interrupted");
        }
        delivered.add(user.userId());
        return Optional.empty();
    }

    /**
     * The headers Svix signs a delivery with ({@code svix-id}, {@code svix-timestamp}, {@code svix-signature}, in that
     * order): a fresh message id, the time in epoch seconds, and the signature of {@code body} with {@code secret}.
     */
    public static Map<String, String> svixHeaders(String secret, byte[] body, long epochSecond) {
        String id = "msg_" + HexFormat.of().formatHex(randomBytes(12));
        String timestamp = Long.toString(epochSecond);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("svix-id", id);
        headers.put("svix-timestamp", timestamp);
        headers.put("svix-signature", SvixVerifier.sign(secret, id, timestamp, body));
        return headers;
    }

    /** The event as Clerk sends it (clerk-auth-and-webhooks.md 2c: the envelope, and User JSON as data). */
    public static ObjectNode userCreated(DevUser user, long nowMillis) {
        ObjectNode event = LocalJson.object();
        ObjectNode data = event.putObject("data");
        data.put("id", user.userId());
        data.put("object", "user");
        String first = null;
        String last = null;
        if (user.name() != null) {
            int space = user.name().indexOf(' ');
            first = space < 0 ? user.name() : user.name().substring(0, space);
            last = space < 0 ? null : user.name().substring(space + 1).strip();
        }
        data.put("first_name", first);
        data.put("last_name", last);
        data.putNull("username");
        data.put("image_url", user.imageUrl() == null ? "" : user.imageUrl());
        data.put("has_image", user.imageUrl() != null);
        ArrayNode emails = data.putArray("email_addresses");
        if (user.email() != null) {
            String emailId = "idn_" + HexFormat.of().formatHex(randomBytes(12));
            ObjectNode address = emails.addObject();
            address.put("id", emailId);
            address.put("object", "email_address");
            address.put("email_address", user.email());
            ObjectNode verification = address.putObject("verification");
            verification.put("status", "verified");
            verification.put("strategy", "email_code");
            address.putArray("linked_to");
            data.put("primary_email_address_id", emailId);
        } else {
            data.putNull("primary_email_address_id");
        }
        data.putArray("phone_numbers");
        data.putNull("primary_phone_number_id");
        data.putArray("external_accounts");
        data.putNull("external_id");
        data.putObject("public_metadata");
        data.putObject("private_metadata");
        data.putObject("unsafe_metadata");
        data.put("created_at", nowMillis);
        data.put("updated_at", nowMillis);
        data.put("last_sign_in_at", nowMillis);
        data.put("banned", false);
        data.put("locked", false);
        event.put("object", "event");
        event.put("type", "user.created");
        event.put("timestamp", nowMillis);
        event.put("instance_id", "ins_moduo_local");
        ObjectNode request = event.putObject("event_attributes").putObject("http_request");
        request.put("client_ip", "127.0.0.1");
        request.put("user_agent", "moduo-local");
        return event;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

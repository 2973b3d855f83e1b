package dev.moduo.local.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.bson.Document;

/**
 * Loads, in the background once the runner is ready, the libraries every function's first request would
 * otherwise load on the user's time: the runtime's event serializers, Micronaut's context machinery, JWTs,
 * BSON and the JDK's HTTP client.
 * No function code runs: no handler is built, no bean of Moduo's is created, nothing is connected to.
 */
public final class RuntimeWarmUp {

    private RuntimeWarmUp() {
    }

    /** @param selfUrl a URL of the runner that answers without running a function, to warm the JDK's HTTP client */
    public static void startInBackground(ClassLoader loader, String selfUrl) {
        Thread thread = new Thread(() -> {
            try {
                warm(loader, selfUrl);
            } catch (RuntimeException | LinkageError ignored) {
                // Only time is lost: the first request loads the same classes itself.
            }
        }, "warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /**
     * The same, now, on this thread: {@code invoke} runs one function in a JVM that has just started, and the
     * function's 9 s request budget should not be spent loading the JDK's HTTP client (on a busy machine, the
     * first Stream call then runs out of time).
     */
    public static void warmNow(ClassLoader loader, String selfUrl) {
        try {
            warm(loader, selfUrl);
        } catch (RuntimeException | LinkageError ignored) {
            // Only time is lost, as in the background.
        }
    }

    static void warm(ClassLoader loader, String selfUrl) {
        LambdaSerializers.forType(APIGatewayV2HTTPEvent.class, loader).fromJson(
                "{\"version\":\"2.0\",\"routeKey\":\"GET /\",\"headers\":{\"accept\":\"*/*\"},"
                        + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/\"},\"timeEpoch\":0},"
                        + "\"isBase64Encoded\":false}");
        LambdaSerializers.forType(APIGatewayV2HTTPResponse.class, loader)
                .toJson(APIGatewayV2HTTPResponse.builder().withStatusCode(200).build(), OutputStream.nullOutputStream());
        // An empty context: Moduo's singletons are lazy and nothing is looked up, so none is created.
        try (ApplicationContext context = ApplicationContext.builder()
                .classLoader(loader)
                .deduceEnvironment(false)
                .eagerInitSingletons(false)
                .start()) {
            context.getEnvironment();
        }
        // The functions' Stream and JWKS clients: HS256 tokens, the JDK's HTTP client, BSON documents.
        Algorithm hmac = Algorithm.HMAC256("warm-up");
        JWT.require(hmac).build().verify(JWT.create().withSubject("warm-up").sign(hmac));
        new Document("warm", "up").toJson();
        try {
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(selfUrl)).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // Nothing to warm if the runner cannot be reached; a function will say so itself.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

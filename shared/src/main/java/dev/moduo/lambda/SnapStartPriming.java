package dev.moduo.lambda;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.moduo.auth.ClerkTokenVerifier;
import dev.moduo.core.Json;
import dev.moduo.mongo.MongoConnection;
import dev.moduo.secrets.SecretsManagerReader;
import dev.moduo.stream.StreamCredentialsSource;
import dev.moduo.stream.StreamHttp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextProvider;
import io.micronaut.context.BeanRegistration;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.types.ObjectId;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart hooks of a function (CRaC {@link Resource}, registered by the no-argument constructor Lambda uses).
 *
 * <p>Before the snapshot it runs the function's code paths so that their classes are loaded and
 * initialised in the snapshot rather than on the first request after restore, without writing anything:
 * a request without credentials goes through the whole handler (event parsing, authentication, error
 * mapping, the log line, response serialization) and is refused with 401 before any business code;
 * a session token signed with a throwaway key is verified by a verifier that trusts only that key;
 * MongoDB answers a read of a document that cannot exist in each collection; a Stream request is built and
 * signed with throwaway credentials but not sent. Then every {@link Reconnectable} bean the function
 * has created closes its connections: the MongoDB client, the HTTP clients.
 *
 * <p>Priming is best effort: each step that fails is logged and skipped, never thrown. A version is
 * published while MongoDB, Stream or Secrets Manager may be unreachable from Lambda (a first deploy before
 * the database lets Lambda in, a maintenance window), and a snapshot without some warmed classes is still a
 * good snapshot; a failed hook is not, it fails the publish and the deploy.
 *
 * <p>After restore nothing blocks on the network: cached Stream credentials are dropped, and clients,
 * secrets and AWS credentials are made again on first use.
 */
public final class SnapStartPriming implements Resource {

    /** A request no function may act on: it carries no credentials. */
    static final String PRIMING_EVENT = """
            {"version":"2.0","routeKey":"GET /snapstart-priming","rawPath":"/snapstart-priming","rawQueryString":"",
             "headers":{"host":"snapstart.invalid","user-agent":"snapstart-priming"},
             "requestContext":{"http":{"method":"GET","path":"/snapstart-priming","protocol":"HTTP/1.1",
               "sourceIp":"127.0.0.1","userAgent":"snapstart-priming"},"requestId":"snapstart-priming",
               "routeKey":"GET /snapstart-priming","stage":"$default","timeEpoch":0},
             "isBase64Encoded":false}
            """;

    private final ApplicationContextProvider function;
    private final Runnable requestPath;

    /**
     * @param function the handler whose context's beans are primed and reconnected
     * @param requestPath runs a request through the handler that it must refuse without acting on it;
     *                    null for a handler that has no such request (the scheduled cleanup)
     */
    public SnapStartPriming(ApplicationContextProvider function, Runnable requestPath) {
        this.function = function;
        this.requestPath = requestPath;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
        for (Reconnectable bean : active(Reconnectable.class)) {
            bestEffort("close " + bean.getClass().getSimpleName(), bean::beforeSnapshot);
        }
    }

    /** Forgets, never fetches: the first request makes what it needs. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        for (StreamCredentialsSource credentials : active(StreamCredentialsSource.class)) {
            bestEffort("forget Stream credentials", credentials::invalidate);
        }
        for (Reconnectable bean : active(Reconnectable.class)) {
            bestEffort("restore " + bean.getClass().getSimpleName(), bean::afterRestore);
        }
    }

    /** Runs the code paths; nothing here writes to MongoDB or sends to Stream. Returns the steps that failed. */
    List<String> prime() {
        List<String> failed = new ArrayList<>();
        if (requestPath != null && !bestEffort("request path", requestPath)) {
            failed.add("request path");
        }
        if (!active(ClerkTokenVerifier.class).isEmpty() && !bestEffort("token verification", SnapStartPriming::primeTokenVerification)) {
            failed.add("token verification");
        }
        for (SecretsManagerReader secrets : active(SecretsManagerReader.class)) {
            if (!bestEffort("Secrets Manager client", secrets::prime)) {
                failed.add("Secrets Manager client");
            }
        }
        for (MongoConnection mongo : active(MongoConnection.class)) {
            if (!bestEffort("MongoDB reads", () -> primeReads(mongo.database()))) {
                failed.add("MongoDB reads");
            }
        }
        for (StreamHttp stream : active(StreamHttp.class)) {
            if (!bestEffort("Stream request", stream::primeWithoutSending)) {
                failed.add("Stream request");
            }
        }
        return failed;
    }

    /** Runs a step; a failure is logged (its type and message: no step handles a secret's value) and swallowed. */
    private boolean bestEffort(String step, Runnable action) {
        try {
            action.run();
            return true;
        } catch (RuntimeException | LinkageError e) {
            InvocationLog.event(functionName(), "SnapStart step skipped", Json.object()
                    .put("step", step)
                    .put("error", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            return false;
        }
    }

    private String functionName() {
        return function.getClass().getSimpleName();
    }

    private static void primeTokenVerification() {
        KeyPair keys = throwawayKeys();
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        Instant now = Instant.now();
        String token = JWT.create()
                .withKeyId("snapstart-priming")
                .withSubject("user_snapstart_priming")
                .withClaim("sid", "sess_snapstart_priming")
                .withIssuedAt(now)
                .withNotBefore(now)
                .withExpiresAt(now.plusSeconds(60))
                .sign(Algorithm.RSA256(publicKey, (RSAPrivateKey) keys.getPrivate()));
        new ClerkTokenVerifier(keyId -> publicKey, List.of(), Clock.systemUTC()).verify(token);
    }

    private static KeyPair throwawayKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void primeReads(MongoDatabase database) {
        // An id no session ever gets (timestamp 0): a full read round trip (connection, TLS, query, decoding)
        // that finds nothing. Not new ObjectId(): see SessionIds.
        ObjectId nobody = new ObjectId(new byte[12]);
        for (String collection : database.listCollectionNames()) {
            database.getCollection(collection).find(Filters.eq("_id", nobody)).first();
        }
    }

    private <T> List<T> active(Class<T> type) {
        ApplicationContext context = function.getApplicationContext();
        return context.getActiveBeanRegistrations(type).stream().map(BeanRegistration::getBean).toList();
    }
}

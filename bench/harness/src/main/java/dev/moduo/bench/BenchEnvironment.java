package dev.moduo.bench;

import dev.moduo.auth.Caller;
import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.lifecycle.Credentials;
import dev.moduo.lifecycle.Shape;
import dev.moduo.mongo.testing.MongoTestServer;
import dev.moduo.secrets.testing.FakeContainerCredentials;
import dev.moduo.secrets.testing.FakeSecretsManager;
import dev.moduo.session.Difficulty;
import dev.moduo.session.NewSession;
import dev.moduo.session.SessionService;
import dev.moduo.session.SessionView;
import dev.moduo.stream.testing.StreamStandIn;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * What the functions talk to, started once in the harness JVM and shared by every run: MongoDB
 * (in-process mongo-java-server over the wire protocol, or the server at MONGODB_URI), the Stream
 * stand-in over HTTP, and a Clerk issuer serving its JWKS over HTTP. Seeding goes through Moduo's own
 * {@link SessionService}, so seeded sessions exist in MongoDB and in the Stream stand-in like real ones.
 */
final class BenchEnvironment implements AutoCloseable {

    static final String REGION = FakeSecretsManager.REGION;

    private final MongoTestServer mongo = new MongoTestServer();
    private final StreamStandIn stream = new StreamStandIn();
    private final ClerkTestIssuer clerk = new ClerkTestIssuer();
    private final FakeContainerCredentials containerCredentials = FakeContainerCredentials.start();
    private final FakeSecretsManager secretsManager = FakeSecretsManager.start().acceptCredentialsFrom(containerCredentials);
    /** Plain values, for seeding in this JVM and for what the functions sign deliveries with. */
    private final Map<String, String> settings = new LinkedHashMap<>();
    /** What template.yaml gives a function: secrets named by ARN, read from Secrets Manager at run time. */
    private final Map<String, String> functionSettings = new LinkedHashMap<>();
    private final Set<String> streamUsers = new LinkedHashSet<>();
    private final java.util.List<String> violations = new java.util.ArrayList<>();
    private final ApplicationContext seeding;

    BenchEnvironment() {
        settings.put("MONGODB_URI", mongo.uri());
        settings.put("MONGODB_DATABASE", mongo.databaseName());
        settings.putAll(stream.settings());
        settings.put("CLERK_JWKS_URL", clerk.jwksUrl());
        settings.put("CLERK_AUTHORIZED_PARTIES", ClerkTestIssuer.AUTHORIZED_PARTY);
        byte[] webhookKey = new byte[24];
        new java.security.SecureRandom().nextBytes(webhookKey);
        settings.put("CLERK_WEBHOOK_SECRET", "whsec_" + java.util.Base64.getEncoder().encodeToString(webhookKey));
        // Warm runs repeat one user thousands of times: the per-user limits are raised so that every request
        // takes the success path, the limiter's counter update included, instead of measuring 429s.
        for (String limit : java.util.List.of("SESSION_CREATE_LIMIT", "SESSION_JOIN_LIMIT", "STREAM_TOKEN_LIMIT")) {
            settings.put(limit, Integer.toString(Integer.MAX_VALUE));
        }
        secretsManager.putStreamSecret("moduo/stream", stream.apiKey(), stream.apiSecret());
        secretsManager.putSecret("moduo/mongodb-uri", mongo.uri());
        secretsManager.putSecret("moduo/clerk-webhook-secret", settings.get("CLERK_WEBHOOK_SECRET"));
        functionSettings.putAll(settings);
        functionSettings.put("STREAM_SECRET_ID", secretsManager.arnOf("moduo/stream"));
        functionSettings.put("MONGODB_URI_SECRET_ID", secretsManager.arnOf("moduo/mongodb-uri"));
        functionSettings.put("CLERK_WEBHOOK_SECRET_ID", secretsManager.arnOf("moduo/clerk-webhook-secret"));
        functionSettings.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.endpoint().toString());
        seeding = ApplicationContext.builder()
                .environments("function", "lambda")
                .deduceEnvironment(false)
                .eagerInitSingletons(false)
                .build();
        seeding.registerSingleton(Settings.class, Settings.of(settings));
        seeding.start();
    }

    /**
     * The functions' settings, by the names template.yaml gives them: the child JVM's environment. As in AWS,
     * MongoDB's connection string, Stream's credentials and the Clerk webhook secret come from Secrets Manager
     * (the stand-in, which checks every signature), so a cold start pays for the AWS SDK and the reads.
     * The plain values stay beside them, unread while the ARNs are set.
     */
    Map<String, String> functionSettings() {
        return Map.copyOf(functionSettings);
    }

    /** The same settings with every secret as a plain variable and no Secrets Manager in sight. */
    Map<String, String> plainSettings() {
        return Map.copyOf(settings);
    }

    /** {@link #functionSettings()} plus what an on-demand Lambda adds: its region and access keys. */
    Map<String, String> onDemandSettings() {
        Map<String, String> all = new LinkedHashMap<>(functionSettings);
        all.put("AWS_REGION", FakeSecretsManager.REGION);
        all.putAll(FakeSecretsManager.accessKeyEnvironment());
        return all;
    }


    /**
     * The execution role's credentials as each shape gets them: the testkit's fixed keys on demand, its container
     * credentials endpoint under SnapStart; the Secrets Manager stand-in accepts both.
     */
    Credentials credentials(Shape shape) {
        if (shape == Shape.SNAP_START) {
            return Credentials.containerEndpoint(URI.create(containerCredentials.fullUri()), containerCredentials.authorizationToken());
        }
        Map<String, String> keys = FakeSecretsManager.accessKeyEnvironment();
        return Credentials.accessKeys(keys.get("AWS_ACCESS_KEY_ID"), keys.get("AWS_SECRET_ACCESS_KEY"), keys.get("AWS_SESSION_TOKEN"));
    }

    /** The Clerk issuer's public key as PEM: what a backend verifying tokens without the network is given. */
    String clerkPublicKeyPem() {
        return clerk.publicKeyPem();
    }

    String setting(String name) {
        return settings.get(name);
    }

    /** A valid Clerk session token, good for the issuer's usual minute. */
    String token(String userId) {
        return clerk.token(userId);
    }

    /** A token that stays valid through a long warm run. */
    String longLivedToken(String userId) {
        return clerk.tokenFor(userId).expiresAt(Instant.now().plus(Duration.ofHours(3))).build();
    }

    SessionView seedSession(String hostId, String title) {
        streamUsers.add(hostId);
        return sessions().create(caller(hostId), new NewSession(title, Difficulty.EASY), Deadline.after(Duration.ofSeconds(9))).session();
    }

    /** A session that was joined and then ended by its host: what a report is about. */
    String seedEndedSession(String hostId, String title) {
        String id = seedSession(hostId, title).id();
        seedJoin(id, "user_bench_participant");
        sessions().end(caller(hostId), new ObjectId(id), Deadline.after(Duration.ofSeconds(9)));
        return id;
    }

    SessionView seedJoin(String sessionId, String userId) {
        streamUsers.add(userId);
        return sessions().join(caller(userId), new ObjectId(sessionId), Deadline.after(Duration.ofSeconds(9))).session();
    }

    /** A user the functions will have put into Stream: kept across {@link #forgetStreamTraffic()}. */
    void knownStreamUser(String userId) {
        streamUsers.add(userId);
    }

    /**
     * Empties the Stream stand-in (its request log grows with every call) and MongoDB's sessions, so a
     * long warm run measures the function rather than stores that grow under it. Users stay: in MongoDB
     * they are marked as synced to Stream, so the stand-in gets them back as if Stream had kept them.
     */
    void forgetStreamTraffic() {
        violations.addAll(stream.violations());
        stream.reset();
        for (String user : streamUsers) {
            stream.seedUser(user, user, null);
        }
    }

    void clearSessions() {
        mongo.database().getCollection("sessions").deleteMany(new Document());
    }

    /** Requests that broke Stream's API: a benchmark of a misbehaving function is worthless. */
    java.util.List<String> streamViolations() {
        java.util.List<String> all = new java.util.ArrayList<>(violations);
        all.addAll(stream.violations());
        return all;
    }

    private SessionService sessions() {
        return seeding.getBean(SessionService.class);
    }

    private static Caller caller(String userId) {
        return new Caller(userId, "sess_" + userId, null, null, null);
    }

    @Override
    public void close() {
        try {
            seeding.close();
            stream.close();
            clerk.close();
            secretsManager.close();
            containerCredentials.close();
        } finally {
            mongo.close();
        }
    }
}

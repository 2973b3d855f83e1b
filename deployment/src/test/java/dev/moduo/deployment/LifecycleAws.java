package dev.moduo.deployment;

import dev.moduo.lifecycle.Credentials;
import dev.moduo.lifecycle.Shape;
import dev.moduo.secrets.testing.FakeContainerCredentials;
import dev.moduo.secrets.testing.FakeSecretsManager;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * AWS as a function meets it in each lifecycle shape: Secrets Manager (the testkit's stand-in, which checks the
 * SDK's signatures and accepts only keys that are currently valid) and the role's credentials: the fixed access
 * keys on demand, Lambda's container credentials endpoint under SnapStart, whose keys {@link #rotateCredentials()}
 * replaces and expires (what a snapshot restored later meets).
 */
final class LifecycleAws implements AutoCloseable {

    private final FakeContainerCredentials container;
    private final FakeSecretsManager secrets;

    private LifecycleAws(FakeContainerCredentials container, FakeSecretsManager secrets) {
        this.container = container;
        this.secrets = secrets;
    }

    static LifecycleAws start() {
        FakeContainerCredentials container = FakeContainerCredentials.start();
        return new LifecycleAws(container, FakeSecretsManager.start().acceptCredentialsFrom(container));
    }

    String region() {
        return FakeSecretsManager.REGION;
    }

    Credentials credentials(Shape shape) {
        if (shape == Shape.SNAP_START) {
            return Credentials.containerEndpoint(URI.create(container.fullUri()), container.authorizationToken());
        }
        Map<String, String> keys = FakeSecretsManager.accessKeyEnvironment();
        return Credentials.accessKeys(keys.get("AWS_ACCESS_KEY_ID"), keys.get("AWS_SECRET_ACCESS_KEY"), keys.get("AWS_SESSION_TOKEN"));
    }

    /** New container credentials; the ones issued before (read during INIT, say) expire now. */
    void rotateCredentials() {
        container.rotate();
    }

    /**
     * What a function here is given on top of its template variables: the SDK's endpoint override pointing at the
     * stand-in. (The stand-in's {@code AWS_REGION} is Lambda's to set, and the launch sets it.)
     */
    Map<String, String> endpointVariables() {
        return Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.settings().get("AWS_ENDPOINT_URL_SECRETS_MANAGER"));
    }

    /** Stores the secret; its ARN, as a {@code *_SECRET_ID} variable names it. */
    String putSecret(String name, String value) {
        secrets.putSecret(name, value);
        return secrets.arnOf(name);
    }

    String putStreamSecret(String name, String apiKey, String apiSecret) {
        secrets.putStreamSecret(name, apiKey, apiSecret);
        return secrets.arnOf(name);
    }

    /** Why Secrets Manager refused requests (expired keys, say): for failure messages. */
    List<String> refusals() {
        return secrets.refusals();
    }

    @Override
    public void close() {
        try {
            secrets.close();
        } finally {
            container.close();
        }
    }
}

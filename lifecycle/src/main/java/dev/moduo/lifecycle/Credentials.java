package dev.moduo.lifecycle;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The execution role's credentials as Lambda hands them to the function: access-key variables on demand,
 * a container credentials endpoint under SnapStart (the runtime never sees keys it could freeze into a snapshot).
 * Their values never appear in {@link #toString()}.
 */
public sealed interface Credentials {

    /** The variables that carry them. */
    Map<String, String> environment();

    /** The shape these credentials belong to; a launch in the other shape is refused. */
    Shape shape();

    static Credentials accessKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
        return new AccessKeys(accessKeyId, secretAccessKey, sessionToken);
    }

    static Credentials containerEndpoint(URI fullUri, String authorizationToken) {
        return new ContainerEndpoint(fullUri, authorizationToken);
    }

    /** {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}. */
    record AccessKeys(String accessKeyId, String secretAccessKey, String sessionToken) implements Credentials {

        public AccessKeys {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            Objects.requireNonNull(sessionToken, "sessionToken");
        }

        @Override
        public Map<String, String> environment() {
            return Map.of("AWS_ACCESS_KEY_ID", accessKeyId, "AWS_SECRET_ACCESS_KEY", secretAccessKey,
                    "AWS_SESSION_TOKEN", sessionToken);
        }

        @Override
        public Shape shape() {
            return Shape.ON_DEMAND;
        }

        @Override
        public String toString() {
            return "AccessKeys[" + accessKeyId.substring(0, Math.min(4, accessKeyId.length())) + "...]";
        }
    }

    /** {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. */
    record ContainerEndpoint(URI fullUri, String authorizationToken) implements Credentials {

        public ContainerEndpoint {
            Objects.requireNonNull(fullUri, "fullUri");
            Objects.requireNonNull(authorizationToken, "authorizationToken");
        }

        @Override
        public Map<String, String> environment() {
            return Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", fullUri.toString(),
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN", authorizationToken);
        }

        @Override
        public Shape shape() {
            return Shape.SNAP_START;
        }

        @Override
        public String toString() {
            return "ContainerEndpoint[" + fullUri + "]";
        }
    }
}

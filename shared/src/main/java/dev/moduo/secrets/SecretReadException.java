package dev.moduo.secrets;

import dev.moduo.core.DependencyFailure;

/**
 * Secrets Manager could not give a secret: no answer in time, throttling, a server error (retriable), or a
 * refusal (access denied, no such secret, a key it cannot decrypt with). The message names the secret and
 * the cause carries the SDK's error; neither ever holds the secret's value.
 */
public final class SecretReadException extends DependencyFailure {

    private final boolean retriable;

    public SecretReadException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    @Override
    public boolean retriable() {
        return retriable;
    }
}

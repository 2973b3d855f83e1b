package dev.moduo.stream;

import dev.moduo.http.UpstreamException;

// SKELETON: replaced by the Stream client work.
public class StreamException extends UpstreamException {
    public StreamException(int status, String message, Throwable cause) {
        super(status, message, cause);
    }
}

package dev.moduo.stream;

import dev.moduo.http.Deadline;
import jakarta.inject.Singleton;

// SKELETON: replaced by the Stream client work.
@Singleton
public class StreamTokenIssuer {
    public StreamToken issue(String userId, Deadline deadline) { throw new UnsupportedOperationException(); }
}

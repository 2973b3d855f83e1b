package dev.moduo.stream;

import dev.moduo.http.Deadline;
import jakarta.inject.Singleton;
import java.util.List;

// SKELETON: replaced by the Stream client work.
@Singleton
public class StreamUserClient {
    public void upsertUsers(List<StreamUser> users, Deadline deadline) { throw new UnsupportedOperationException(); }
}

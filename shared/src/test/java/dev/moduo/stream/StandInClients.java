package dev.moduo.stream;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.stream.testing.StreamStandIn;
import java.time.Duration;

/** The Stream clients wired to a fresh stand-in, as the bean context would wire them to Stream. */
final class StandInClients implements AutoCloseable {

    final StreamStandIn standIn = new StreamStandIn();
    final Settings settings = Settings.of(standIn.settings());
    final StreamHttp http = new StreamHttp(new EnvStreamCredentials(settings), settings);
    final StreamVideoClient video = new StreamVideoClient(http);
    final StreamChatClient chat = new StreamChatClient(http);
    final StreamUserClient users = new StreamUserClient(http);

    static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        standIn.close();
    }
}

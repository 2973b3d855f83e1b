package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.stream.testing.StreamStandIn;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clients wire up in a bean context that has Settings and some StreamCredentialsSource bean. */
class StreamBeansTest {

    @Test
    void clientsShareOneTransportBuiltFromTheContextsCredentialsSourceAndSettings() {
        try (StreamStandIn standIn = new StreamStandIn();
             ApplicationContext context = ApplicationContext.builder().eagerInitSingletons(false).start()) {
            Settings settings = Settings.of(standIn.settings());
            context.registerSingleton(Settings.class, settings);
            context.registerSingleton(StreamCredentialsSource.class, new EnvStreamCredentials(settings));

            StreamUserClient users = context.getBean(StreamUserClient.class);
            context.getBean(StreamVideoClient.class);
            context.getBean(StreamChatClient.class);
            users.upsertUsers(List.of(new StreamUser("u1", "Ada", null)), Deadline.after(Duration.ofSeconds(5)));

            assertSame(context.getBean(StreamHttp.class), context.getBean(StreamHttp.class));
            assertEquals(standIn.baseUrl(), context.getBean(StreamHttp.class).baseUrl());
            assertEquals(standIn.apiKey(), context.getBean(StreamTokenIssuer.class)
                    .issue("u1", Deadline.after(Duration.ofSeconds(1))).apiKey());
            context.getBean(StreamWebhookVerifier.class);
            assertEquals("Ada", standIn.user("u1").orElseThrow().name());
            assertEquals(List.of(), standIn.violations());
        }
    }
}

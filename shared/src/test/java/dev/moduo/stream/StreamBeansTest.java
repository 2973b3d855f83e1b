package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.stream.testing.StreamStandIn;
import io.micronaut.context.ApplicationContext;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Stream beans in a context that has only Settings and a StreamCredentialsSource, as every function's has. */
class StreamBeansTest {

    private StreamStandIn standIn;
    private ApplicationContext context;

    @BeforeEach
    void start() {
        standIn = new StreamStandIn();
        context = ApplicationContext.builder().eagerInitSingletons(false).start();
        Settings settings = Settings.of(standIn.settings());
        context.registerSingleton(Settings.class, settings);
        context.registerSingleton(StreamCredentialsSource.class, new EnvStreamCredentials(settings));
    }

    @AfterEach
    void stop() {
        context.close();
        standIn.close();
    }

    @Test
    void videoChatAndUserClientsHoldTheOneStreamHttp() {
        StreamHttp transport = context.getBean(StreamHttp.class);

        assertSame(transport, transportOf(context.getBean(StreamVideoClient.class)));
        assertSame(transport, transportOf(context.getBean(StreamChatClient.class)));
        assertSame(transport, transportOf(context.getBean(StreamUserClient.class)));
    }

    @Test
    void transportSendsToTheConfiguredBaseUrlWithTheSourcesCredentials() {
        context.getBean(StreamUserClient.class).upsertUsers(List.of(new StreamUser("u1", "Ada", null)),
                Deadline.after(Duration.ofSeconds(5)));

        assertEquals(standIn.baseUrl(), context.getBean(StreamHttp.class).baseUrl());
        assertEquals("Ada", standIn.user("u1").orElseThrow().name());
        assertEquals(List.of(), standIn.violations());
    }

    @Test
    void tokensAndWebhookSignaturesUseTheSourcesCredentials() {
        byte[] body = "{\"type\":\"call.ended\"}".getBytes(StandardCharsets.UTF_8);

        assertEquals(standIn.apiKey(), context.getBean(StreamTokenIssuer.class)
                .issue("u1", Deadline.after(Duration.ofSeconds(1))).apiKey());
        assertTrue(context.getBean(StreamWebhookVerifier.class).isValid(body,
                StreamWebhookVerifier.sign(body, standIn.apiSecret()), Deadline.after(Duration.ofSeconds(1))));
    }

    /** The StreamHttp a client was built with: what it sends every request through. */
    private static StreamHttp transportOf(Object client) {
        Field field = Arrays.stream(client.getClass().getDeclaredFields())
                .filter(candidate -> candidate.getType() == StreamHttp.class)
                .findFirst()
                .orElseThrow(() -> new AssertionError(client.getClass().getSimpleName() + " holds no StreamHttp"));
        try {
            field.setAccessible(true);
            return (StreamHttp) field.get(client);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}

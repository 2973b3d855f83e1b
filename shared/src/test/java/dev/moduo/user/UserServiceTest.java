package dev.moduo.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moduo.auth.Caller;
import dev.moduo.testing.FunctionTestEnvironment;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The profile made from a token before Clerk's webhook arrives: the name the other person in the session sees. */
class UserServiceTest {

    private FunctionTestEnvironment env;
    private ApplicationContext context;
    private UserService users;

    @BeforeEach
    void start() {
        env = new FunctionTestEnvironment();
        context = env.newContext().start();
        users = context.getBean(UserService.class);
    }

    @AfterEach
    void stop() {
        context.close();
        env.close();
    }

    @Test
    void aTokenWithANameGivesThatName() {
        assertEquals("Grace Hopper", users.ensure(new Caller("user_1", "sess_1", " Grace Hopper ", null, "grace@example.com")).name());
    }

    @Test
    void aTokenWithoutANameIsShownAsModuoUserNeverByTheAddress() {
        assertEquals("Moduo user", users.ensure(new Caller("user_2", "sess_2", null, null, "grace.hopper@example.com")).name());
    }

    @Test
    void aUserKnownOnlyByIdIsShownAsModuoUser() {
        assertEquals("Moduo user", users.ensureKnown("user_3").name());
    }
}

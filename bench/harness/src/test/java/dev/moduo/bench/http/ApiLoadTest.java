package dev.moduo.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The users the HTTP part signs in as, which the harness registers and tells a compared backend about. */
class ApiLoadTest {

    @Test
    void theUsersOfARunAreEveryWorkersHostAndGuestAndThePreparationsOwn() {
        List<String> users = ApiLoad.users(200);

        assertTrue(users.contains(ApiLoad.host(199)), "the last worker's host");
        assertTrue(users.contains(ApiLoad.guest(199)), "the last worker's guest");
        assertEquals(users.size(), new HashSet<>(users).size(), "no preparing worker's guest is a timed worker's");
        assertEquals(2 * 200 + 4 + 2, users.size());
    }

    @Test
    void theUsersInShortNameTheRunsWorkers() {
        assertEquals("bench_host_<0..23> bench_guest_<0..23> bench_joiner_<0..3> bench_reader_host bench_reader_guest",
                ApiLoad.usersInShort(24));
    }
}

package dev.moduo.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.local.template.FunctionSpec;
import dev.moduo.local.template.HttpRoute;
import dev.moduo.local.template.TemplateException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static FunctionSpec function(String id, HttpRoute... routes) {
        return new FunctionSpec(id, "example." + id, Duration.ofSeconds(3), 128, Map.of(), List.of(routes), List.of());
    }

    private static final RouteTable MODUO = new RouteTable(List.of(
            function("Get", new HttpRoute("GET", "/api/sessions/{sessionId}")),
            function("List", new HttpRoute("GET", "/api/sessions/active"), new HttpRoute("GET", "/api/sessions/recent")),
            function("Create", new HttpRoute("POST", "/api/sessions")),
            function("Join", new HttpRoute("POST", "/api/sessions/{sessionId}/join"))));

    @Test
    void staticSegmentBeatsAParameterWhateverTheDeclarationOrder() {
        assertEquals("List", MODUO.match("GET", "/api/sessions/active").orElseThrow().functionId());
        assertEquals("List", MODUO.match("GET", "/api/sessions/recent").orElseThrow().functionId());
        assertEquals("Get", MODUO.match("GET", "/api/sessions/abc").orElseThrow().functionId());
    }

    @Test
    void pathParametersAreDecoded() {
        RouteTable.Match match = MODUO.match("POST", "/api/sessions/a%2Fb%20c/join").orElseThrow();

        assertEquals(Map.of("sessionId", "a/b c"), match.pathParameters());
        assertEquals("POST /api/sessions/{sessionId}/join", match.route().routeKey());
    }

    @Test
    void pathMatchedOnlyByAnotherMethodIsNotFound() {
        assertTrue(MODUO.match("POST", "/api/sessions/active").isEmpty());
        assertTrue(MODUO.match("DELETE", "/api/sessions/abc").isEmpty());
    }

    @Test
    void trailingSlashEmptySegmentsAndLongerPathsDoNotMatch() {
        assertTrue(MODUO.match("POST", "/api/sessions/").isEmpty());
        assertTrue(MODUO.match("POST", "/api/sessions//join").isEmpty());
        assertTrue(MODUO.match("GET", "/api/sessions/abc/extra").isEmpty());
    }

    @Test
    void greedyParameterTakesTheRestAndLosesToEverythingMoreSpecific() {
        RouteTable table = new RouteTable(List.of(
                function("Proxy", new HttpRoute("ANY", "/files/{proxy+}")),
                function("One", new HttpRoute("GET", "/files/{name}"))));

        assertEquals("One", table.match("GET", "/files/a").orElseThrow().functionId());
        RouteTable.Match deep = table.match("GET", "/files/a/b/c").orElseThrow();
        assertEquals("Proxy", deep.functionId());
        assertEquals(Map.of("proxy", "a/b/c"), deep.pathParameters());
        assertEquals("Proxy", table.match("DELETE", "/files/a").orElseThrow().functionId());
    }

    @Test
    void methodRouteBeatsAnyForTheSamePath() {
        RouteTable table = new RouteTable(List.of(
                function("Any", new HttpRoute("ANY", "/x")),
                function("Get", new HttpRoute("GET", "/x"))));

        assertEquals("Get", table.match("GET", "/x").orElseThrow().functionId());
        assertEquals("Any", table.match("PUT", "/x").orElseThrow().functionId());
    }

    @Test
    void defaultRouteCatchesWhatNothingElseMatches() {
        RouteTable table = new RouteTable(List.of(
                function("Default", new HttpRoute("ANY", "$default")),
                function("Get", new HttpRoute("GET", "/x"))));

        assertEquals("Get", table.match("GET", "/x").orElseThrow().functionId());
        RouteTable.Match fallback = table.match("POST", "/anything/else").orElseThrow();
        assertEquals("Default", fallback.functionId());
        assertEquals("$default", fallback.route().routeKey());
    }

    @Test
    void routeDeclaredTwiceIsRefused() {
        assertThrows(TemplateException.class, () -> new RouteTable(List.of(
                function("A", new HttpRoute("GET", "/x")),
                function("B", new HttpRoute("GET", "/x")))));
    }
}

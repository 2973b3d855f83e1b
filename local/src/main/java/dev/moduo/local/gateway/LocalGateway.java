package dev.moduo.local.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.moduo.local.LocalJson;
import dev.moduo.local.lambda.FunctionHost;
import dev.moduo.local.lambda.Outcome;
import dev.moduo.local.web.WebRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The HTTP API in front of the functions: takes each request as API Gateway would (10 MB body limit,
 * CORS preflights, route selection), invokes the route's function with a payload 2.0 event unless that
 * event is over Lambda's 6 MB, and writes its response back; the Lambda Invoke API and {@code /_local/}
 * are served beside it on the same port. With a web client ({@code --web}), every other path outside
 * {@code /api/} is the web client's, as behind the template's CloudFront distribution: {@code /api/...}
 * still reaches only the functions, so an API error stays JSON and never becomes index.html.
 */
public final class LocalGateway implements HttpHandler {

    /** API Gateway's payload limit for HTTP APIs. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /**
     * Lambda's limit on a synchronous invocation's request, which API Gateway's is: the whole event JSON,
     * headers and base64 body included, so a body well under {@link #MAX_BODY_BYTES} can exceed it. Lambda
     * answers "Request must be smaller than 6291456 bytes for the InvokeFunction operation" (Zac Charles,
     * "Deep Dive: Lambda's Request Payload Size Limit", zaccharles.medium.com, 2022).
     */
    public static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;
    /**
     * What the client gets then. UNCONFIRMED: no primary source found says what API Gateway HTTP APIs answer
     * when Lambda refuses the event as too large (413 "Request Entity Too Large", as over the body limit,
     * or a 500 "Internal Server Error" of the integration); this runner answers as over the body limit.
     */
    static final GatewayResponse EVENT_TOO_LARGE = GatewayResponse.message(413, "Request Entity Too Large");

    private final RouteTable routes;
    private final Map<String, FunctionHost> functions;
    private final CorsPolicy cors;
    private final LocalEndpoints local;
    private final InvokeApi invokeApi;
    private final Optional<WebRoot> web;
    private final Consumer<String> log;

    public LocalGateway(RouteTable routes, Map<String, FunctionHost> functions, CorsPolicy cors,
                        LocalEndpoints local, InvokeApi invokeApi, Optional<WebRoot> web, Consumer<String> log) {
        this.web = web;
        this.routes = routes;
        this.functions = functions;
        this.cors = cors;
        this.local = local;
        this.invokeApi = invokeApi;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String requestId = HttpApiEvents.newRequestId();
        Answer answer = new Answer(exchange, requestId);
        try {
            byte[] body = readBody(exchange);
            GatewayRequest request = new GatewayRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers(exchange),
                    body == null ? new byte[0] : body, exchange.getRemoteAddress().getAddress().getHostAddress(),
                    exchange.getProtocol());
            Served served = body == null
                    ? new Served(cors.apply(request, GatewayResponse.message(413, "Request Entity Too Large")), "gateway (body over 10 MB)")
                    : serve(request, requestId, early -> answer.send(request.method(), early));
            // The line first: whoever reads the answer may look for it at once.
            if (!request.rawPath().equals(LocalEndpoints.HEALTH)) {
                log.accept(String.format(Locale.ROOT, "%s %s -> %s %d (%d ms%s)", request.method(), request.rawPath(),
                        served.by(), served.response().status(), (System.nanoTime() - started) / 1_000_000,
                        answer.sent() ? ", answered at the function's Timeout" : ""));
            }
            answer.send(request.method(), served.response());
        } catch (IOException e) {
            // The client went away mid-request; there is no one left to answer.
        } catch (RuntimeException e) {
            log.accept("The runner failed on " + exchange.getRequestURI() + ": " + e);
            answer.send(exchange.getRequestMethod(), HttpApiResponses.internalError());
        } finally {
            exchange.close();
        }
    }

    /**
     * The one response of an exchange: the function's, or the gateway's own when the function outlived its Timeout
     * (sent from the timeout thread while the function still runs on the request's thread).
     */
    private static final class Answer {
        private final HttpExchange exchange;
        private final String requestId;
        private boolean sent;

        Answer(HttpExchange exchange, String requestId) {
            this.exchange = exchange;
            this.requestId = requestId;
        }

        synchronized boolean sent() {
            return sent;
        }

        /** Sends {@code response} unless one was sent; false when one was. */
        synchronized boolean send(String method, GatewayResponse response) {
            if (sent) {
                return false;
            }
            sent = true;
            try {
                write(exchange, method, response, requestId);
            } catch (IOException e) {
                // The client went away mid-request; there is no one left to answer.
            }
            return true;
        }
    }

    private Served serve(GatewayRequest request, String requestId, Consumer<GatewayResponse> atTimeout) {
        String path = request.rawPath();
        if (path.startsWith(InvokeApi.PREFIX)) {
            return new Served(invokeApi.handle(request, atTimeout), "invoke API");
        }
        if (path.startsWith(LocalEndpoints.PREFIX)) {
            return new Served(cors.apply(request, local.handle(request)), "local");
        }
        if (web.isPresent() && WebRoot.owns(path)) {
            return new Served(web.get().serve(request), "web client");
        }
        if (cors.enabled() && request.method().equals("OPTIONS")) {
            return new Served(cors.preflight(request), "CORS preflight");
        }
        Optional<RouteTable.Match> match = routes.match(request.method(), path);
        if (match.isEmpty()) {
            return new Served(cors.apply(request, GatewayResponse.message(404, "Not Found")), "no route");
        }
        FunctionHost function = functions.get(match.get().functionId());
        byte[] event = LocalJson.bytes(HttpApiEvents.event(request, match.get(), requestId, Instant.now()));
        if (event.length > MAX_EVENT_BYTES) {
            return new Served(cors.apply(request, EVENT_TOO_LARGE), "gateway (event over Lambda's 6 MB)");
        }
        Outcome outcome = function.invoke(event, timedOut -> atTimeout.accept(cors.apply(request, HttpApiResponses.internalError())));
        GatewayResponse response = outcome instanceof Outcome.Returned returned
                ? HttpApiResponses.read(returned.json())
                : HttpApiResponses.internalError();
        return new Served(cors.apply(request, response), function.logicalId());
    }

    private record Served(GatewayResponse response, String by) {
    }

    /** The body, or null when it is over the limit (then read to its end, so the client gets the 413). */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
                    drain(in);
                    return null;
                }
            } catch (NumberFormatException ignored) {
                // The server itself rejects a malformed length; read what arrives.
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = in.read(buffer)) != -1) {
            body.write(buffer, 0, read);
            if (body.size() > MAX_BODY_BYTES) {
                drain(in);
                return null;
            }
        }
        return body.toByteArray();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (in.read(buffer) != -1) {
            // discard
        }
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            headers.merge(header.getKey().toLowerCase(Locale.ROOT), List.copyOf(header.getValue()),
                    (first, second) -> {
                        List<String> all = new ArrayList<>(first);
                        all.addAll(second);
                        return all;
                    });
        }
        return headers;
    }

    private static void write(HttpExchange exchange, String method, GatewayResponse response, String requestId)
            throws IOException {
        Headers headers = exchange.getResponseHeaders();
        response.headers().forEach(header -> headers.add(header.getKey(), header.getValue()));
        headers.set("apigw-requestid", requestId);
        byte[] body = response.body();
        boolean head = method.equalsIgnoreCase("HEAD");
        if (head && body.length > 0) {
            // What a GET would carry; the server itself sends no body for HEAD.
            headers.set("content-length", Integer.toString(body.length));
        }
        boolean noBody = head || body.length == 0 || response.status() == 204 || response.status() == 304;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

}

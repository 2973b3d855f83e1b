package dev.moduo.local.smoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * A proxy in front of the real runner that passes every request on and can change one answer on its way
 * back: a deployment that answers wrongly in exactly one place, with everything else real.
 */
final class TamperingProxy implements AutoCloseable {

    /** One exchange as it came back from the runner; a tamper returns it, changed or not. */
    record Exchange(String method, String path, String authorization, int status, Map<String, String> headers, byte[] body) {

        Exchange withStatus(int value) {
            return new Exchange(method, path, authorization, value, headers, body);
        }

        Exchange withBody(byte[] value) {
            return new Exchange(method, path, authorization, status, headers, value);
        }

        Exchange withHeaders(Map<String, String> value) {
            return new Exchange(method, path, authorization, status, value, body);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final HttpServer server;
    private final String target;
    private volatile UnaryOperator<Exchange> tamper = UnaryOperator.identity();

    TamperingProxy(String target) {
        this.target = target;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void tamper(UnaryOperator<Exchange> value) {
        tamper = value;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            URI uri = exchange.getRequestURI();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + uri.getRawPath()
                            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(requestBody));
            String authorization = exchange.getRequestHeaders().getFirst("authorization");
            if (authorization != null) {
                request.header("authorization", authorization);
            }
            String contentType = exchange.getRequestHeaders().getFirst("content-type");
            if (contentType != null) {
                request.header("content-type", contentType);
            }
            HttpResponse<byte[]> response;
            try {
                response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            Exchange answer = tamper.apply(new Exchange(exchange.getRequestMethod(), uri.getRawPath(), authorization,
                    response.statusCode(), Map.of("content-type", response.headers().firstValue("content-type").orElse("application/json")),
                    response.body()));
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

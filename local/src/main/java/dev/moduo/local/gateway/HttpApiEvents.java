package dev.moduo.local.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.LocalJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the payload format 2.0 event API Gateway's HTTP API sends to a Lambda integration: lower-case
 * headers with repeats joined by commas, cookies moved from the Cookie header to {@code cookies}, decoded
 * query and path parameters, {@code requestContext} as a {@code $default} stage fills it, and the body
 * base64-encoded unless it is text: a text content type and no content coding.
 */
public final class HttpApiEvents {

    static final String API_ID = "local";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** The last second formatted: every request of that second has the same text (formatting it each time showed in profiles). */
    private static volatile FormattedSecond lastSecond = new FormattedSecond(Long.MIN_VALUE, "");

    private record FormattedSecond(long epochSecond, String text) {
    }

    private static String requestTime(Instant now) {
        FormattedSecond last = lastSecond;
        if (last.epochSecond() != now.getEpochSecond()) {
            last = new FormattedSecond(now.getEpochSecond(), REQUEST_TIME.format(now));
            lastSecond = last;
        }
        return last.text();
    }
    private static final SecureRandom RANDOM = new SecureRandom();

    private HttpApiEvents() {
    }

    /** An id shaped like API Gateway's ({@code apigw-requestid}), e.g. {@code Cq3vbiQwIAMEVxA=}. */
    public static String newRequestId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static ObjectNode event(GatewayRequest request, RouteTable.Match match, String requestId, Instant now) {
        ObjectNode event = LocalJson.object();
        event.put("version", "2.0");
        event.put("routeKey", match.route().routeKey());
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery());

        List<String> cookies = cookies(request);
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }
        Map<String, String> headers = headers(request, now);
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);

        Map<String, String> query = queryParameters(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach(queryNode::put);
        }

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", API_ID);
        String host = headers.getOrDefault("host", "localhost");
        context.put("domainName", host);
        context.put("domainPrefix", host.contains(".") ? host.substring(0, host.indexOf('.')) : host.split(":")[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", requestId);
        context.put("routeKey", match.route().routeKey());
        context.put("stage", "$default");
        context.put("time", requestTime(now));
        context.put("timeEpoch", now.toEpochMilli());

        if (!match.pathParameters().isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            match.pathParameters().forEach(parameters::put);
        }
        byte[] body = request.body();
        if (body.length > 0) {
            boolean text = isText(request.header("content-type").orElse(null))
                    && !isContentCoded(request.header("content-encoding").orElse(null));
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    private static List<String> cookies(GatewayRequest request) {
        List<String> cookies = new ArrayList<>();
        List<String> values = request.headers().getOrDefault("cookie", List.of());
        for (String value : values) {
            for (String cookie : value.split(";")) {
                if (!cookie.isBlank()) {
                    cookies.add(cookie.trim());
                }
            }
        }
        return cookies;
    }

    private static Map<String, String> headers(GatewayRequest request, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (!name.equals("cookie")) {
                headers.put(name, String.join(",", values));
            }
        });
        String forwardedFor = headers.get("x-forwarded-for");
        headers.put("x-forwarded-for", forwardedFor == null ? request.sourceIp() : forwardedFor + ", " + request.sourceIp());
        String host = headers.getOrDefault("host", "");
        headers.put("x-forwarded-port", host.contains(":") ? host.substring(host.lastIndexOf(':') + 1) : "80");
        headers.put("x-forwarded-proto", "http");
        byte[] trace = new byte[12];
        RANDOM.nextBytes(trace);
        headers.putIfAbsent("x-amzn-trace-id", "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-"
                + HexFormat.of().formatHex(trace));
        return headers;
    }

    /** Decoded parameters; a name given more than once gets its values joined by commas. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /**
     * A body under a content coding (gzip, br, deflate) is bytes whatever its type says: decoding it as
     * UTF-8 text would ruin it, so API Gateway passes it base64-encoded, and a gzip-compressed Stream
     * webhook reaches the function as the bytes Stream signed.
     */
    static boolean isContentCoded(String contentEncoding) {
        if (contentEncoding == null) {
            return false;
        }
        for (String coding : contentEncoding.split(",")) {
            String name = coding.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !name.equals("identity")) {
                return true;
            }
        }
        return false;
    }

    /**
     * HTTP APIs pass text bodies as they are and base64-encode the rest (a form post or a body without
     * a content type arrives encoded too).
     */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript");
    }
}

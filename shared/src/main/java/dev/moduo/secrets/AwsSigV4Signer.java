package dev.moduo.secrets;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request, signed in the Authorization header.
 *
 * <p>Every header handed in is signed, plus {@code host} (taken from the URI the way
 * java.net.http writes it), {@code x-amz-date} and, with temporary keys,
 * {@code x-amz-security-token}. The caller sends exactly those headers with exactly those values:
 * a header changed after signing makes AWS refuse the request.
 */
public final class AwsSigV4Signer {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Set<String> OWN_HEADERS = Set.of("host", "authorization", "x-amz-date", "x-amz-security-token");
    private static final Pattern SPACES = Pattern.compile(" +");
    private static final HexFormat HEX = HexFormat.of();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private final String region;
    private final String service;

    public AwsSigV4Signer(String region, String service) {
        this.region = requireText(region, "region");
        this.service = requireText(service, "service");
    }

    /**
     * The headers to add to the request: {@code Authorization}, {@code X-Amz-Date} and, when the
     * credentials carry a session token, {@code X-Amz-Security-Token}.
     */
    public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body,
                                    AwsCredentials credentials, Instant at) {
        Objects.requireNonNull(credentials, "credentials");
        String amzDate = AMZ_DATE.format(at);
        Map<String, String> canonicalHeaders = canonicalHeaders(uri, headers, amzDate, credentials.sessionToken());
        String canonicalRequest = canonicalRequest(method, uri, canonicalHeaders, body);
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = stringToSign(amzDate, scope, canonicalRequest);
        byte[] key = signingKey(credentials.secretAccessKey(), amzDate.substring(0, 8));
        String signature = HEX.formatHex(hmac(key, stringToSign));

        Map<String, String> added = new LinkedHashMap<>();
        added.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + String.join(";", canonicalHeaders.keySet()) + ", Signature=" + signature);
        added.put("X-Amz-Date", amzDate);
        if (credentials.sessionToken() != null) {
            added.put("X-Amz-Security-Token", credentials.sessionToken());
        }
        return added;
    }

    /** Lower-case names in sorted order (the order SignedHeaders lists them in), values trimmed. */
    static Map<String, String> canonicalHeaders(URI uri, Map<String, String> headers, String amzDate, String sessionToken) {
        TreeMap<String, String> canonical = new TreeMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT).trim();
            if (OWN_HEADERS.contains(name)) {
                throw new IllegalArgumentException("Header " + name + " is set by the signer");
            }
            if (canonical.put(name, trimValue(header.getValue())) != null) {
                throw new IllegalArgumentException("Header " + name + " is given twice");
            }
        }
        canonical.put("host", hostHeader(uri));
        canonical.put("x-amz-date", amzDate);
        if (sessionToken != null) {
            canonical.put("x-amz-security-token", sessionToken);
        }
        return canonical;
    }

    static String canonicalRequest(String method, URI uri, Map<String, String> canonicalHeaders, byte[] body) {
        StringBuilder request = new StringBuilder();
        request.append(method.toUpperCase(Locale.ROOT)).append('\n');
        request.append(canonicalPath(uri)).append('\n');
        request.append(canonicalQuery(uri)).append('\n');
        canonicalHeaders.forEach((name, value) -> request.append(name).append(':').append(value).append('\n'));
        request.append('\n');
        request.append(String.join(";", canonicalHeaders.keySet())).append('\n');
        request.append(sha256Hex(body == null ? new byte[0] : body));
        return request.toString();
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] signingKey(String secretAccessKey, String date) {
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    /** What java.net.http sends as Host: the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("URI has no host");
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1
                || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443)
                || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80);
        return defaultPort ? host : host + ":" + port;
    }

    // Services other than S3 sign the path as sent, encoded once more; '/' separates segments and stays.
    private static String canonicalPath(URI uri) {
        String rawPath = ascii(uri.getRawPath(), "path");
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return Arrays.stream(rawPath.split("/", -1)).map(AwsSigV4Signer::encode).collect(Collectors.joining("/"));
    }

    private static String canonicalQuery(URI uri) {
        String rawQuery = ascii(uri.getRawQuery(), "query");
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<QueryParameter> parameters = new ArrayList<>();
        for (String parameter : rawQuery.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            parameters.add(new QueryParameter(encode(percentDecode(name)), encode(percentDecode(value))));
        }
        return parameters.stream().sorted()
                .map(parameter -> parameter.name() + "=" + parameter.value())
                .collect(Collectors.joining("&"));
    }

    /** One query parameter, both parts already encoded: SigV4 sorts by the encoded name, then value. */
    private record QueryParameter(String name, String value) implements Comparable<QueryParameter> {
        @Override
        public int compareTo(QueryParameter other) {
            int byName = name.compareTo(other.name);
            return byName != 0 ? byName : value.compareTo(other.value);
        }
    }

    // A non-ASCII URI is sent percent-encoded, so signing its raw form would sign something else.
    private static String ascii(String raw, String part) {
        if (raw != null && !StandardCharsets.US_ASCII.newEncoder().canEncode(raw)) {
            throw new IllegalArgumentException("URI " + part + " must be percent-encoded ASCII");
        }
        return raw;
    }

    private static String trimValue(String value) {
        return value == null ? "" : SPACES.matcher(value.trim()).replaceAll(" ");
    }

    /** RFC 3986 encoding as SigV4 wants it: unreserved characters stay, every other byte becomes %XX. */
    static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(UPPER_HEX.toHexDigits(b));
            }
        }
        return encoded.toString();
    }

    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                decoded.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else {
                decoded.write(c);
            }
        }
        return decoded.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return value;
    }
}

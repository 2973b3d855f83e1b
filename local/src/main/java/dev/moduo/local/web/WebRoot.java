package dev.moduo.local.web;

import dev.moduo.local.gateway.GatewayRequest;
import dev.moduo.local.gateway.GatewayResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A built single-page web client served from a directory on the runner's own origin, beside {@code /api},
 * the way the template's CloudFront distribution serves it from S3. One rule decides what a path is, and
 * CloudFront's viewer-request function applies the same one: <b>a path whose last segment has no dot (no
 * file extension) is a client-side route and gets {@code /index.html}</b> ({@code /}, {@code /dashboard},
 * {@code /session/abc}); any other path is a file, served if it exists under the directory, else 404.
 * Files are read on each request, so a rebuild shows without a restart.
 *
 * <p>Nothing outside the directory is ever served: a segment that decodes to {@code .} or {@code ..} (also
 * as {@code %2e%2e}), or that holds a slash, backslash or NUL once decoded, is refused with 400 before any
 * file is looked up; a file whose real path (symbolic links followed) leaves the directory is not found.
 */
public final class WebRoot {

    public static final String INDEX = "index.html";
    /** index.html names the hashed bundles of the current build: a browser must ask again every time. */
    static final String INDEX_CACHE_CONTROL = "no-cache";

    private final Path root;

    private WebRoot(Path root) {
        this.root = root;
    }

    /**
     * @throws IllegalArgumentException when {@code directory} is not a directory with an index.html
     */
    public static WebRoot of(Path directory) {
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("--web " + directory + ": no such directory");
        }
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("--web " + directory + " is not a directory");
        }
        if (!Files.isRegularFile(real.resolve(INDEX))) {
            throw new IllegalArgumentException("--web " + directory + " has no " + INDEX
                    + " (point it at the web client's build output, e.g. dist/)");
        }
        return new WebRoot(real);
    }

    public Path directory() {
        return root;
    }

    /**
     * True for the paths the web client owns: everything but {@code /api/...}, as CloudFront's {@code /api/*}
     * behaviour splits them (that pattern does not match {@code /api} itself, which is then a client route).
     */
    public static boolean owns(String rawPath) {
        return !rawPath.startsWith("/api/");
    }

    public GatewayResponse serve(GatewayRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return GatewayResponse.message(405, "Method Not Allowed").withHeaders(Map.of("allow", "GET, HEAD"));
        }
        Optional<List<String>> segments = segments(request.rawPath());
        if (segments.isEmpty()) {
            return GatewayResponse.message(400, "Bad Request");
        }
        List<String> path = segments.get();
        String last = path.isEmpty() ? "" : path.get(path.size() - 1);
        if (isClientRoute(last)) {
            return file(root.resolve(INDEX)).orElseGet(WebRoot::notFound);
        }
        Path candidate = root;
        for (String segment : path) {
            candidate = candidate.resolve(segment);
        }
        return file(candidate).orElseGet(WebRoot::notFound);
    }

    /** The one rewrite rule (see the class comment); {@code lastSegment} already decoded. */
    static boolean isClientRoute(String lastSegment) {
        return !lastSegment.contains(".");
    }

    private Optional<GatewayResponse> file(Path candidate) {
        try {
            if (!Files.isRegularFile(candidate)) {
                return Optional.empty();
            }
            Path real = candidate.toRealPath();
            if (!real.startsWith(root) || !Files.isRegularFile(real)) {
                return Optional.empty();
            }
            String name = real.getFileName().toString();
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            headers.add(Map.entry("content-type", MediaTypes.of(name)));
            if (real.equals(root.resolve(INDEX))) {
                headers.add(Map.entry("cache-control", INDEX_CACHE_CONTROL));
            }
            return Optional.of(new GatewayResponse(200, headers, Files.readAllBytes(real)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + candidate, e);
        }
    }

    private static GatewayResponse notFound() {
        return GatewayResponse.message(404, "Not Found");
    }

    /**
     * The path's segments, each percent-decoded on its own (so {@code %2F} cannot make a new one); empty
     * when a segment is {@code .} or {@code ..}, or holds {@code /}, {@code \} or NUL once decoded, or the
     * encoding is malformed. Empty segments ({@code //}) are dropped; a trailing slash leaves an empty last.
     */
    static Optional<List<String>> segments(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = rawPath.substring(1).split("/", -1);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            Optional<String> decoded = percentDecode(parts[i]);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            String segment = decoded.get();
            if (segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0
                    || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
                return Optional.empty();
            }
            if (!segment.isEmpty() || i == parts.length - 1) {
                segments.add(segment);
            }
        }
        return Optional.of(segments);
    }

    /** RFC 3986 percent-decoding as UTF-8 ({@code +} stays a plus: that is a query convention, not a path one). */
    private static Optional<String> percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return Optional.of(text);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                byte[] plain = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
                continue;
            }
            if (i + 2 >= text.length()) {
                return Optional.empty();
            }
            int high = Character.digit(text.charAt(i + 1), 16);
            int low = Character.digit(text.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return Optional.empty();
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }
}

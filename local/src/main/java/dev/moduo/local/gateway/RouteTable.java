package dev.moduo.local.gateway;

import dev.moduo.local.template.FunctionSpec;
import dev.moduo.local.template.HttpRoute;
import dev.moduo.local.template.TemplateException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the route of a request the way an HTTP API does: the most specific path wins (segment by
 * segment, a static segment beats {@code {param}}, which beats a greedy {@code {proxy+}}), then a
 * route for the method beats {@code ANY}; {@code $default} catches what nothing else matched. A path
 * that matches only routes of other methods is not found, as in API Gateway.
 */
public final class RouteTable {

    private final List<Entry> entries;

    public RouteTable(List<FunctionSpec> functions) {
        List<Entry> list = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (FunctionSpec function : functions) {
            for (HttpRoute route : function.routes()) {
                if (!keys.add(route.routeKey())) {
                    throw new TemplateException("Route " + route.routeKey() + " is declared twice (again by "
                            + function.logicalId() + ")");
                }
                list.add(new Entry(route, function.logicalId(), segments(route.path())));
            }
        }
        list.sort(Comparator.comparing(Entry::rank));
        this.entries = List.copyOf(list);
    }

    public List<HttpRoute> routes() {
        return entries.stream().map(Entry::route).toList();
    }

    /** The route for {@code method} and the raw (still percent-encoded) {@code rawPath}, if any. */
    public Optional<Match> match(String method, String rawPath) {
        String[] requestSegments = rawPath.substring(1).split("/", -1);
        for (Entry entry : entries) {
            if (!entry.route.method().equals(HttpRoute.ANY) && !entry.route.method().equals(method)) {
                continue;
            }
            Map<String, String> parameters = entry.match(requestSegments);
            if (parameters != null) {
                return Optional.of(new Match(entry.route, entry.functionId, parameters));
            }
        }
        return Optional.empty();
    }

    /** A matched route: the function to invoke and the decoded path parameters. */
    public record Match(HttpRoute route, String functionId, Map<String, String> pathParameters) {
    }

    private static List<Segment> segments(String path) {
        if (path.equals(HttpRoute.DEFAULT_PATH)) {
            return null;
        }
        List<Segment> segments = new ArrayList<>();
        String[] parts = path.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("{") && part.endsWith("+}")) {
                if (i != parts.length - 1) {
                    throw new TemplateException("Greedy path variable " + part + " must be last in " + path);
                }
                segments.add(new Segment(SegmentKind.GREEDY, part.substring(1, part.length() - 2)));
            } else if (part.startsWith("{") && part.endsWith("}")) {
                segments.add(new Segment(SegmentKind.PARAMETER, part.substring(1, part.length() - 1)));
            } else {
                segments.add(new Segment(SegmentKind.STATIC, part));
            }
        }
        return segments;
    }

    private enum SegmentKind { STATIC, PARAMETER, GREEDY }

    private record Segment(SegmentKind kind, String text) {
    }

    private record Entry(HttpRoute route, String functionId, List<Segment> segments) {

        /** Sorts more specific routes first; ties between equally specific paths go to a method over ANY. */
        String rank() {
            StringBuilder rank = new StringBuilder();
            if (segments == null) {
                rank.append('9');
            } else {
                for (Segment segment : segments) {
                    rank.append(segment.kind().ordinal());
                }
                rank.append('~');
            }
            rank.append(route.method().equals(HttpRoute.ANY) ? '1' : '0');
            return rank.toString();
        }

        Map<String, String> match(String[] request) {
            Map<String, String> parameters = new LinkedHashMap<>();
            if (segments == null) {
                return parameters;
            }
            for (int i = 0; i < segments.size(); i++) {
                Segment segment = segments.get(i);
                if (segment.kind() == SegmentKind.GREEDY) {
                    if (i >= request.length) {
                        return null;
                    }
                    String rest = String.join("/", Arrays.copyOfRange(request, i, request.length));
                    if (rest.isEmpty()) {
                        return null;
                    }
                    parameters.put(segment.text(), decode(rest));
                    return parameters;
                }
                if (i >= request.length) {
                    return null;
                }
                String part = request[i];
                if (segment.kind() == SegmentKind.STATIC) {
                    if (!segment.text().equals(decode(part))) {
                        return null;
                    }
                } else {
                    if (part.isEmpty()) {
                        return null;
                    }
                    parameters.put(segment.text(), decode(part));
                }
            }
            return request.length == segments.size() ? parameters : null;
        }
    }

    // Path segments are percent-decoded; unlike a query string, '+' is a plus sign here.
    static String decode(String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return part;
        }
    }
}

package dev.moduo.local.invoke;

import dev.moduo.local.embedded.DevUser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code generate-event http --path PATH [--method M] [--body JSON] [--user ID] [--name NAME] [--header "N: v"]...
 * [--template FILE]}.
 *
 * @param rawPath  the path before any {@code ?}, as a client sends it
 * @param rawQuery what follows {@code ?}, or empty
 * @param headers  extra headers, by lower-case name, replacing what the event would otherwise carry
 */
record HttpEventOptions(String method, String rawPath, String rawQuery, String body, String user, String name,
                        Map<String, String> headers, Path template) {

    static HttpEventOptions parse(String[] args) {
        String method = "GET";
        String path = null;
        String body = null;
        String user = EventCredentials.DEFAULT_USER;
        String name = null;
        Path template = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument " + option);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--method" -> method = value.toUpperCase(Locale.ROOT);
                case "--path" -> path = value;
                case "--body" -> body = value;
                case "--user" -> user = value;
                case "--name" -> name = value;
                case "--template" -> template = Path.of(value);
                case "--header" -> {
                    int colon = value.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("--header takes \"Name: value\", got " + value);
                    }
                    headers.put(value.substring(0, colon).trim().toLowerCase(Locale.ROOT), value.substring(colon + 1).trim());
                }
                default -> throw new IllegalArgumentException("Unknown option " + option);
            }
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("--path is required, e.g. --path /api/sessions");
        }
        if (!DevUser.ID.matcher(user).matches()) {
            throw new IllegalArgumentException("--user must be 1 to 64 letters, digits, _ or -");
        }
        int question = path.indexOf('?');
        return new HttpEventOptions(method, question < 0 ? path : path.substring(0, question),
                question < 0 ? "" : path.substring(question + 1), body, user, name, Map.copyOf(headers), template);
    }
}

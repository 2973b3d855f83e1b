package dev.moduo.logging;

import java.util.regex.Pattern;

/**
 * A safety net under every line: the user information of any URI in a message ({@code mongodb+srv://user:pass@host}
 * becomes {@code mongodb+srv://<redacted>@host}). The MongoDB driver's {@code ConnectionString.toString()} is the whole
 * string, password included, so a message or an exception built from one would otherwise carry it.
 *
 * <p>Everything from {@code scheme://} to the last {@code @} before a blank goes: a password with an unescaped
 * {@code @} or {@code /} is still covered, at the price of sometimes hiding more than the credentials.
 */
public final class UriCredentials {

    static final String REDACTED = "<redacted>";

    private static final Pattern USER_INFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)\\S*@");

    private UriCredentials() {
    }

    public static String redact(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return USER_INFO.matcher(text).replaceAll("$1" + REDACTED + "@");
    }
}

package dev.moduo.local.embedded;

import java.util.regex.Pattern;

/**
 * Who a development sign-in is for: the Clerk user id and the profile Clerk would hold for them
 * ({@code name}, {@code email}, {@code imageUrl} null when not given).
 */
public record DevUser(String userId, String name, String email, String imageUrl) {

    /** A user id the runner takes: a Clerk user id, or anything a Stream user id may be. */
    public static final String ID_CHARACTERS = "[A-Za-z0-9_-]{1,64}";
    public static final Pattern ID = Pattern.compile(ID_CHARACTERS);

    public DevUser {
        name = blankToNull(name);
        email = blankToNull(email);
        imageUrl = blankToNull(imageUrl);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

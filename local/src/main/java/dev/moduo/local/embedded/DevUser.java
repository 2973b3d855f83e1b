package dev.moduo.local.embedded;

/**
 * Who a development sign-in is for: the Clerk user id and the profile Clerk would hold for them
 * ({@code name}, {@code email}, {@code imageUrl} null when not given).
 */
public record DevUser(String userId, String name, String email, String imageUrl) {

    public DevUser {
        name = blankToNull(name);
        email = blankToNull(email);
        imageUrl = blankToNull(imageUrl);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

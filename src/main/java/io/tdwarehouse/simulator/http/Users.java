package io.tdwarehouse.simulator.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The operator accounts the simulated TOPdesk knows, each with an application password and whether it has
 * the "Advanced Reporting data access" permission. A spec is {@code login:password} or
 * {@code login:password:no-reporting}; a users file holds one spec a line ({@code #} comments).
 */
public final class Users {
    /** What {@link #authenticate} decided. */
    public enum Outcome { UNAUTHENTICATED, FORBIDDEN, ALLOWED }

    private record Account(byte[] password, boolean reporting) {
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();

    /** The accounts used when none are given: a reporting user and one without the reporting permission. */
    public static Users defaults() {
        return new Users().add("reporting:reporting").add("noreporting:noreporting:no-reporting");
    }

    public Users add(String spec) {
        boolean reporting = true;
        String credentials = spec;
        if (spec.endsWith(":no-reporting")) {
            reporting = false;
            credentials = spec.substring(0, spec.length() - ":no-reporting".length());
        }
        int colon = credentials.indexOf(':');
        if (colon <= 0 || colon == credentials.length() - 1) {
            throw new IllegalArgumentException("a user is login:password or login:password:no-reporting");
        }
        // the password may itself contain ':'; only the login stops at the first one
        accounts.put(credentials.substring(0, colon),
                new Account(credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8), reporting));
        return this;
    }

    public Users addFile(Path file) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String spec = line.strip();
            if (!spec.isEmpty() && !spec.startsWith("#")) {
                add(spec);
            }
        }
        return this;
    }

    public Set<String> logins() {
        return accounts.keySet();
    }

    public boolean isEmpty() {
        return accounts.isEmpty();
    }

    /** Checks an {@code Authorization} header value (null when absent). */
    public Outcome authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Outcome.UNAUTHENTICATED;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Outcome.UNAUTHENTICATED;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Outcome.UNAUTHENTICATED;
        }
        Account account = accounts.get(decoded.substring(0, colon));
        byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        if (account == null || !MessageDigest.isEqual(account.password(), given)) {
            return Outcome.UNAUTHENTICATED;
        }
        return account.reporting() ? Outcome.ALLOWED : Outcome.FORBIDDEN;
    }
}

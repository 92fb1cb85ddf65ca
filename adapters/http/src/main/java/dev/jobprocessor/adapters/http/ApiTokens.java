package dev.jobprocessor.adapters.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configured bearer tokens. {@link #parse} reads the {@code JOBS_API_TOKENS} format,
 * {@code name:scope,scope:secret;name:scope:secret}; {@link #authenticate} finds the token a request presents, in
 * time that does not depend on how much of any secret it got right.
 */
public final class ApiTokens {

    public static final int MIN_SECRET_LENGTH = 32;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");
    private static final Pattern SECRET = Pattern.compile("^[\\x21-\\x7E]+$");

    private final List<ApiToken> tokens;

    private ApiTokens(List<ApiToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    public static ApiTokens none() {
        return new ApiTokens(List.of());
    }

    public static ApiTokens of(List<ApiToken> tokens) {
        return new ApiTokens(tokens);
    }

    /**
     * Parses {@code name:scopes:secret} entries separated by {@code ;} (or new lines, for a file). Two entries may share
     * a name (a secret being rotated), never a secret. Problems are reported without ever repeating a secret.
     *
     * @throws IllegalArgumentException naming the entry (by position and name) and what is wrong with it
     */
    public static ApiTokens parse(String specification) {
        List<ApiToken> tokens = new ArrayList<>();
        String[] entries = specification.split("[;\\n]");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] parts = entry.split(":", 3);
            String where = "token entry " + (i + 1);
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + " must be name:scopes:secret");
            }
            String name = parts[0].strip();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + " has an invalid name (1-64 of A-Z a-z 0-9 . _ -)");
            }
            where = "token '" + name + "'";
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String scope : parts[1].split(",")) {
                scopes.add(Scope.fromWireName(scope.strip())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "token '" + name + "' names an unknown scope; use read, submit, work or admin")));
            }
            String secret = parts[2].strip();
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException(where + " has a secret shorter than " + MIN_SECRET_LENGTH
                        + " characters (generate one with: openssl rand -hex 32)");
            }
            if (!SECRET.matcher(secret).matches()) {
                throw new IllegalArgumentException(where + " has a secret with spaces or non-ASCII characters");
            }
            byte[] digest = digest(secret);
            for (ApiToken other : tokens) {
                if (MessageDigest.isEqual(other.secretDigest(), digest)) {
                    throw new IllegalArgumentException(where + " reuses the secret of token '" + other.name() + "'");
                }
            }
            tokens.add(new ApiToken(name, scopes, digest));
        }
        return new ApiTokens(tokens);
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    public List<ApiToken> tokens() {
        return tokens;
    }

    /**
     * The token whose secret is {@code presented}. The presented secret is hashed once and compared with every
     * configured digest by {@link MessageDigest#isEqual} (constant time for equal lengths), without stopping at a
     * match, so neither the comparison nor the number of comparisons tells an attacker how close a guess was.
     */
    public Optional<ApiToken> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = digest(presented);
        ApiToken found = null;
        for (ApiToken token : tokens) {
            if (MessageDigest.isEqual(token.secretDigest(), digest) && found == null) {
                found = token;
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiTokens" + tokens;
    }
}

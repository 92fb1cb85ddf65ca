package dev.jobprocessor.adapters.http;

import java.util.Objects;
import java.util.Set;

/**
 * A named token with its scopes. The secret itself is never kept: only its SHA-256 digest, which is all a comparison
 * needs, so a heap dump or a stray {@code toString} reveals nothing usable.
 */
public record ApiToken(String name, Set<Scope> scopes, byte[] secretDigest) {

    public ApiToken {
        Objects.requireNonNull(name, "name");
        scopes = Set.copyOf(scopes);
        secretDigest = secretDigest.clone();
    }

    /** True when this token may call a route that needs {@code required}. */
    public boolean allows(Scope required) {
        return scopes.contains(Scope.ADMIN) || scopes.contains(required);
    }

    @Override
    public byte[] secretDigest() {
        return secretDigest.clone();
    }

    @Override
    public String toString() {
        return "ApiToken[" + name + " "
                + scopes.stream().sorted().map(Scope::wireName).toList() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiToken token
                && name.equals(token.name)
                && scopes.equals(token.scopes)
                && java.util.Arrays.equals(secretDigest, token.secretDigest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, scopes, java.util.Arrays.hashCode(secretDigest));
    }
}

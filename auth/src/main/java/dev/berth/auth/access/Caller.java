package dev.berth.auth.access;

/**
 * The one asking, as far as this request shows: who ({@code identity}), whether they presented
 * valid credentials at all, what they may do here, and whether the admin API is theirs.
 */
public record Caller(Identity identity, boolean credentialed, Grants grants, boolean admin) {

    /** No credentials presented. */
    public static Caller anonymous(Grants grants) {
        return new Caller(Identity.ANONYMOUS, false, grants, false);
    }

    public boolean satisfies(RequiredAccess required) {
        if (required instanceof RequiredAccess.Nothing) {
            return true;
        }
        if (required instanceof RequiredAccess.Repository repository) {
            return grants.on(repository.name()).containsAll(repository.actions());
        }
        if (required instanceof RequiredAccess.Catalog) {
            return grants.catalog();
        }
        if (required instanceof RequiredAccess.Admin) {
            return credentialed && admin;
        }
        return credentialed;
    }
}

package dev.berth.registry.startup;

import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Checks {@code registry.quotas[i]} entries before start-up: a pattern that matches nothing by
 * mistake or a limit that does not parse would otherwise fail deep inside binding, or not at all.
 */
final class QuotaSettings {
    private static final String FIX_LIMIT = "give a size with a unit, e.g. 500MB or 20GB (B, KB, MB, GB, TB; powers of 1024)";

    private QuotaSettings() {
    }

    static void check(Environment environment) {
        for (int i = 0; ; i++) {
            String prefix = "registry.quotas[" + i + "]";
            String repositories = environment.getProperty(prefix + ".repositories");
            String limit = environment.getProperty(prefix + ".limit");
            if (repositories == null && limit == null) {
                return;
            }
            checkRepositories(prefix + ".repositories", repositories);
            checkLimit(prefix + ".limit", limit);
        }
    }

    private static void checkRepositories(String setting, String repositories) {
        if (repositories == null || repositories.isBlank()) {
            throw new InvalidSettingException(setting, repositories == null ? "" : repositories, "empty pattern",
                    "give a glob of repository names, e.g. team-a/** (** any characters, * any but /)");
        }
    }

    private static void checkLimit(String setting, String limit) {
        if (limit == null || limit.isBlank()) {
            throw new InvalidSettingException(setting, "", "missing limit", FIX_LIMIT);
        }
        DataSize size;
        try {
            size = DataSize.parse(limit.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(setting, limit, "not a size", FIX_LIMIT);
        }
        if (size.isNegative()) {
            throw new InvalidSettingException(setting, limit, "negative limit", FIX_LIMIT);
        }
    }
}

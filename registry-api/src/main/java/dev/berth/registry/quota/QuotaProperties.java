package dev.berth.registry.quota;

import dev.berth.storage.lifecycle.Glob;
import dev.berth.storage.quota.Quota;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings {@code registry.quotas[i].*}; docs/configuration.md documents each. Kept apart
 * from {@code RegistryProperties} so the feature's settings live with the feature.
 *
 * @param quotas limits on what groups of repositories may hold together
 */
@ConfigurationProperties("registry")
public record QuotaProperties(@DefaultValue List<Entry> quotas) {

    /**
     * @param repositories glob of repository names whose content counts together, e.g. {@code team-a/**}
     * @param limit        how much distinct content they may hold, e.g. {@code 500MB}
     */
    public record Entry(String repositories, DataSize limit) {
    }

    /** The entries as storage's quotas, numbered as configured so refusals name the entry. */
    public List<Quota> toQuotas() {
        List<Quota> result = new ArrayList<>();
        for (int i = 0; i < quotas.size(); i++) {
            Entry entry = quotas.get(i);
            result.add(new Quota(i, Glob.of(entry.repositories()), entry.limit().toBytes()));
        }
        return result;
    }
}

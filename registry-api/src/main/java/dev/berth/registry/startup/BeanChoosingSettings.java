package dev.berth.registry.startup;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The settings that decide which beans exist, with their values in one environment. Spring AOT
 * evaluates every condition once, when the jar is built; a start whose values differ from the
 * build's must not use the generated bean definitions, or the setting would be silently ignored.
 * Berth's own conditions are named one by one (a test keeps the list complete; most of Berth's
 * choices are made at run time instead, so they need no entry); Spring Boot's live under
 * {@code spring.*} and {@code management.*}, so those are watched whole, less the parts Boot reads
 * only at run time (TLS bundles, shutdown, config files). The auth mode counts only as token or
 * not: the other modes have the same beans.
 */
final class BeanChoosingSettings {
    /** Where the build's values travel in the jar. */
    static final String RESOURCE = "META-INF/berth/bean-choosing-settings.properties";
    /** Not a setting: whether virtual threads serve requests, which depends on the JDK as well. */
    private static final String VIRTUAL_THREADS = "virtual threads (spring.threads.virtual.enabled on Java 21 or later)";
    private static final String TOKEN_AUTH = "token auth (registry.auth.mode=token)";
    private static final ConfigurationPropertyName AUTH_MODE = ConfigurationPropertyName.of("registry.auth.mode");
    private static final List<ConfigurationPropertyName> WATCHED = Stream.of("registry.read-only",
            "registry.audit.enabled", "server.forward-headers-strategy", "management", "spring")
            .map(ConfigurationPropertyName::of).toList();
    private static final List<ConfigurationPropertyName> READ_AT_RUN_TIME = Stream.of("spring.ssl", "spring.lifecycle",
            "spring.config", "spring.application", "spring.context.exit", "spring.aot", "spring.output")
            .map(ConfigurationPropertyName::of).toList();

    private final Map<String, String> values;
    private final Map<String, String> shownAs;

    private BeanChoosingSettings(Map<String, String> values, Map<String, String> shownAs) {
        this.values = values;
        this.shownAs = shownAs;
    }

    /** The watched settings this environment gives, each under one spelling whatever its source's. */
    static BeanChoosingSettings of(ConfigurableEnvironment environment) {
        TreeSet<ConfigurationPropertyName> names = new TreeSet<>((a, b) -> spelling(a).compareTo(spelling(b)));
        for (var source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(BeanChoosingSettings::watches).forEach(names::add);
            }
        }
        Map<String, String> values = new TreeMap<>();
        Map<String, String> shownAs = new TreeMap<>();
        for (ConfigurationPropertyName name : names) {
            values.put(spelling(name), valueOf(environment, name));
            shownAs.put(spelling(name), name.toString());
        }
        values.put(VIRTUAL_THREADS, String.valueOf(Threading.VIRTUAL.isActive(environment)));
        values.put(TOKEN_AUTH, String.valueOf("token".equalsIgnoreCase(environment.getProperty(AUTH_MODE.toString()))));
        return new BeanChoosingSettings(values, shownAs);
    }

    private static String valueOf(ConfigurableEnvironment environment, ConfigurationPropertyName name) {
        try {
            return environment.getProperty(name.toString());
        } catch (IllegalArgumentException unresolvable) {
            return "(a placeholder that does not resolve)"; // not this check's to report: differs from any value
        }
    }

    /** Whether a condition on this setting is taken into account. */
    static boolean decides(ConfigurationPropertyName name) {
        return AUTH_MODE.equals(name) || watches(name);
    }

    private static boolean watches(ConfigurationPropertyName name) {
        return WATCHED.stream().anyMatch(watched -> watched.equals(name) || watched.isAncestorOf(name))
                && READ_AT_RUN_TIME.stream().noneMatch(runTime -> runTime.equals(name) || runTime.isAncestorOf(name));
    }

    /** Lower case without dashes: {@code REGISTRY_READONLY} and {@code registry.read-only} are one setting. */
    private static String spelling(ConfigurationPropertyName name) {
        return name.toString().replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** The first setting whose value differs, said for a person; null when they choose the same beans. */
    String firstDifferenceFrom(BeanChoosingSettings build) {
        TreeSet<String> keys = new TreeSet<>(values.keySet());
        keys.addAll(build.values.keySet());
        for (String key : keys) {
            String here = values.get(key);
            String there = build.values.get(key);
            if (!Objects.equals(here, there)) {
                String shown = shownAs.getOrDefault(key, build.shownAs.getOrDefault(key, key));
                return shown + " is " + quoted(here) + " here and was " + quoted(there) + " when the jar was built";
            }
        }
        return null;
    }

    private static String quoted(String value) {
        return value == null ? "not set" : "'" + value + "'";
    }

    String write() {
        Properties properties = new Properties();
        values.forEach((key, value) -> properties.put(shownAs.getOrDefault(key, key), value));
        StringWriter out = new StringWriter();
        try {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // without the date line store() writes, so the same build makes the same jar
        return out.toString().lines().filter(line -> !line.startsWith("#")).sorted().collect(Collectors.joining("\n", "", "\n"));
    }

    static BeanChoosingSettings read(String written) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(written));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new TreeMap<>();
        Map<String, String> shownAs = new TreeMap<>();
        for (String shown : properties.stringPropertyNames()) {
            String key = ConfigurationPropertyName.isValid(shown) ? spelling(ConfigurationPropertyName.of(shown)) : shown;
            values.put(key, properties.getProperty(shown));
            shownAs.put(key, shown);
        }
        return new BeanChoosingSettings(values, shownAs);
    }
}

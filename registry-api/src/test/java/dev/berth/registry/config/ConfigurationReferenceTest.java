package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The configuration table (docs/configuration.md, linked from README) is the reference users read: every field of every
 * {@code @ConfigurationProperties} class under {@code dev.berth} must have a row, every {@code registry.*} row
 * must name a real setting, and a default given in the code must be the default the row states.
 */
class ConfigurationReferenceTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** Setting name to the default that {@code @DefaultValue} gives it, if any. */
    private static Map<String, Optional<String>> inCode;
    /** Setting name to the row's default cell. */
    private static Map<String, String> inReference;

    @BeforeAll
    static void readBoth() throws Exception {
        inCode = settingsInCode();
        inReference = settingsInReference();
    }

    @Test
    void findsTheSettingsOfEveryModule() {
        assertThat(inCode).containsKeys("registry.storage.driver", "registry.auth.mode", "registry.gc.grace-period");
    }

    @Test
    void everySettingInTheCodeHasARow() {
        List<String> undocumented = inCode.keySet().stream().filter(name -> !inReference.containsKey(name)).toList();
        assertThat(undocumented).as("settings missing from docs/configuration.md").isEmpty();
    }

    @Test
    void everyRegistryRowNamesARealSetting() {
        List<String> unknown = inReference.keySet().stream()
                .filter(name -> name.startsWith("registry."))
                .filter(name -> !inCode.containsKey(name))
                .toList();
        assertThat(unknown).as("rows for settings the code does not have").isEmpty();
    }

    @Test
    void rowsStateTheDefaultsTheCodeUses() {
        List<String> wrong = new ArrayList<>();
        inCode.forEach((name, codeDefault) -> codeDefault.ifPresent(value -> {
            String cell = inReference.getOrDefault(name, "");
            boolean stated = value.isEmpty() ? cell.contains("empty")
                    : Arrays.stream(value.split(",")).allMatch(each -> cell.contains("`" + each + "`"));
            if (!stated) {
                wrong.add(name + ": code says '" + value + "', docs/configuration.md says '" + cell + "'");
            }
        }));
        assertThat(wrong).isEmpty();
    }

    private static Map<String, Optional<String>> settingsInCode() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, Optional<String>> settings = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.berth")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            collect(type, prefix, settings);
        }
        return settings;
    }

    private static void collect(Class<?> type, String prefix, Map<String, Optional<String>> settings) {
        for (Setting setting : settingsOf(type)) {
            String name = prefix + "." + kebab(setting.name());
            if (isGroup(setting.type())) {
                collect(setting.type(), name, settings);
                continue;
            }
            settings.put(name, setting.defaultValue());
            // A list of our own records (upstreams, webhook endpoints, rules): each field is a setting too.
            if (List.class.isAssignableFrom(setting.type())
                    && setting.genericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element && isGroup(element)) {
                collect(element, name + "[]", settings);
            }
        }
    }

    /** A nested settings class of ours (binds as a group of settings), as opposed to a value, list or map. */
    private static boolean isGroup(Class<?> type) {
        return type.getPackageName().startsWith("dev.berth") && !type.isEnum();
    }

    private record Setting(String name, Class<?> type, Type genericType, Optional<String> defaultValue) {
    }

    private static List<Setting> settingsOf(Class<?> type) {
        List<Setting> settings = new ArrayList<>();
        if (type.isRecord()) {
            // @DefaultValue lands on the canonical constructor's parameters, not on the record components.
            RecordComponent[] components = type.getRecordComponents();
            Parameter[] parameters = canonicalConstructor(type, components).getParameters();
            for (int i = 0; i < components.length; i++) {
                settings.add(new Setting(components[i].getName(), components[i].getType(),
                        components[i].getGenericType(), defaultOf(parameters[i].getAnnotation(DefaultValue.class))));
            }
        } else {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    settings.add(new Setting(field.getName(), field.getType(), field.getGenericType(),
                            defaultOf(field.getAnnotation(DefaultValue.class))));
                }
            }
        }
        return settings;
    }

    private static Constructor<?> canonicalConstructor(Class<?> type, RecordComponent[] components) {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException impossible) {
            throw new IllegalStateException(type + " has no canonical constructor", impossible);
        }
    }

    /** The default as the table writes it: several values (a list's) comma-separated. */
    private static Optional<String> defaultOf(DefaultValue annotation) {
        if (annotation == null || annotation.value().length == 0) {
            return Optional.empty();
        }
        return Optional.of(String.join(",", annotation.value()));
    }

    private static String kebab(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /**
     * Rows of the table under "## Configuration": the first cell names one setting or several, later ones
     * relative to the first ({@code `registry.x.access-key`, `.secret-key`}); the last cell is the default.
     */
    private static Map<String, String> settingsInReference() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(projectRoot().resolve("docs/configuration.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
            } else if (inSection && line.startsWith("| `")) {
                String[] cells = line.split("(?<!\\\\)\\|");
                String defaultCell = cells[cells.length - 1].trim();
                String first = null;
                Matcher names = CODE.matcher(cells[1]);
                while (names.find()) {
                    String name = names.group(1);
                    if (first == null) {
                        first = name;
                    } else if (name.startsWith(".")) {
                        name = first.substring(0, first.lastIndexOf('.')) + name;
                    }
                    rows.put(name, defaultCell);
                }
            }
        }
        return rows;
    }

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath());
    }
}

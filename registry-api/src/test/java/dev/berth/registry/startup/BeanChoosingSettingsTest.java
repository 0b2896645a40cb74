package dev.berth.registry.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;

/** Which settings make a start leave the beans generated at build, and how that is said. */
class BeanChoosingSettingsTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)");

    private static BeanChoosingSettings settings(Map<String, Object> arguments, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", arguments));
        ConfigurationPropertySources.attach(environment);
        return BeanChoosingSettings.of(environment);
    }

    private static BeanChoosingSettings arguments(Map<String, Object> arguments) {
        return settings(arguments, Map.of());
    }

    @Test
    void settingsReadAtRunTimeNeverLeaveTheGeneratedBeans() {
        BeanChoosingSettings build = arguments(Map.of("registry.storage.driver", "filesystem"));
        BeanChoosingSettings start = settings(Map.of("server.port", "443", "server.address", "0.0.0.0",
                        "registry.storage.driver", "s3", "registry.auth.htpasswd-file", "/etc/berth/htpasswd",
                        "registry.retention.schedule", "0 0 3 * * *", "registry.replication.rules[0].name", "to-dr",
                        "spring.ssl.bundle.pem.berth.keystore.certificate", "/etc/berth/tls.crt",
                        "spring.lifecycle.timeout-per-shutdown-phase", "5s", "spring.context.exit", "onRefresh"),
                Map.of("REGISTRY_STORAGE_S3_BUCKET", "layers", "PATH", "/usr/bin"));

        assertThat(start.firstDifferenceFrom(build)).isNull();
    }

    @Test
    void aSettingThatChoosesBeansIsNamedWithBothValues() {
        BeanChoosingSettings build = arguments(Map.of());

        assertThat(arguments(Map.of("registry.auth.mode", "token")).firstDifferenceFrom(build))
                .isEqualTo("token auth (registry.auth.mode=token) is 'true' here and was 'false' when the jar was built");
        assertThat(arguments(Map.of("management.server.port", "9090")).firstDifferenceFrom(build))
                .startsWith("management.server.port is '9090' here");
        assertThat(arguments(Map.of("spring.threads.virtual.enabled", "false")).firstDifferenceFrom(
                arguments(Map.of("spring.threads.virtual.enabled", "true"))))
                .startsWith("spring.threads.virtual.enabled is 'false' here and was 'true'");
        assertThat(arguments(Map.of("registry.audit.enabled", "false")).firstDifferenceFrom(build))
                .startsWith("registry.audit.enabled is 'false' here");
    }

    @Test
    void authModesOtherThanTokenHaveTheSameBeans() {
        BeanChoosingSettings build = arguments(Map.of());

        assertThat(arguments(Map.of("registry.auth.mode", "basic")).firstDifferenceFrom(build)).isNull();
        assertThat(settings(Map.of(), Map.of("REGISTRY_AUTH_MODE", "TOKEN")).firstDifferenceFrom(build))
                .startsWith("token auth (registry.auth.mode=token) is 'true' here");
    }

    @Test
    void anEnvironmentVariableIsTheSameSettingAsItsDottedName() {
        BeanChoosingSettings build = arguments(Map.of("registry.read-only", "true"));

        assertThat(settings(Map.of(), Map.of("REGISTRY_READONLY", "true")).firstDifferenceFrom(build)).isNull();
        assertThat(settings(Map.of(), Map.of("REGISTRY_READONLY", "false")).firstDifferenceFrom(build))
                .isEqualTo("registry.readonly is 'false' here and was 'true' when the jar was built");
    }

    @Test
    void whatTheBuildWritesReadsBackAsTheSameSettings() {
        BeanChoosingSettings build = arguments(Map.of("registry.read-only", "true",
                "management.endpoints.web.exposure.include", "health,prometheus"));

        String written = build.write();

        assertThat(written).doesNotStartWith("#").contains("registry.read-only=true");
        assertThat(arguments(Map.of("registry.read-only", "true",
                "management.endpoints.web.exposure.include", "health,prometheus"))
                .firstDifferenceFrom(BeanChoosingSettings.read(written))).isNull();
        assertThat(arguments(Map.of("management.endpoints.web.exposure.include", "health,prometheus"))
                .firstDifferenceFrom(BeanChoosingSettings.read(written)))
                .isEqualTo("registry.read-only is not set here and was 'true' when the jar was built");
    }

    /** A new conditional bean on a setting not watched would keep the build's choice whatever a user sets. */
    @Test
    void everySettingBerthsConditionsReadIsWatched() throws IOException {
        List<String> read = new ArrayList<>();
        SimpleMetadataReaderFactory readers = new SimpleMetadataReaderFactory();
        for (Resource type : new PathMatchingResourcePatternResolver().getResources("classpath*:dev/berth/**/*.class")) {
            AnnotationMetadata metadata = readers.getMetadataReader(type).getAnnotationMetadata();
            settingsReadBy(metadata, read);
            for (String condition : List.of(ConditionalOnProperty.class.getName(),
                    ConditionalOnExpression.class.getName(), ConditionalOnBooleanProperty.class.getName())) {
                metadata.getAnnotatedMethods(condition).forEach(method -> settingsReadBy(method, read));
            }
        }

        assertThat(read).as("settings Berth's conditions read").contains("registry.auth.mode", "registry.read-only");
        assertThat(read).allSatisfy(setting -> assertThat(BeanChoosingSettings.decides(ConfigurationPropertyName.of(setting)))
                .as("%s is watched", setting).isTrue());
    }

    private static void settingsReadBy(AnnotatedTypeMetadata element, List<String> read) {
        MergedAnnotations annotations = element.getAnnotations();
        Stream.<MergedAnnotation<?>>concat(annotations.stream(ConditionalOnProperty.class),
                annotations.stream(ConditionalOnBooleanProperty.class)).forEach(condition -> {
            String prefix = condition.getString("prefix");
            for (String name : names(condition)) {
                read.add(prefix.isEmpty() ? name : prefix + "." + name);
            }
        });
        annotations.stream(ConditionalOnExpression.class).forEach(condition -> {
            Matcher placeholder = PLACEHOLDER.matcher(condition.getString("value"));
            while (placeholder.find()) {
                read.add(placeholder.group(1));
            }
        });
    }

    private static List<String> names(MergedAnnotation<?> condition) {
        List<String> names = new ArrayList<>(List.of(condition.getStringArray("name")));
        names.addAll(List.of(condition.getStringArray("value")));
        return names;
    }
}

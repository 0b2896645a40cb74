package dev.berth.registry.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class (and its subclasses) whose registry takes its store from {@link TestStorage#create()},
 * so it means the same on every driver. registry-api's surefire execution {@code s3} runs the
 * classes with this tag ({@value #TAG}) again with {@code berth.test.storage=s3}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(RunsOnEveryStore.TAG)
public @interface RunsOnEveryStore {
    String TAG = "every-store";
}

package dev.berth.registry.startup;

import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * At build time, while Spring AOT writes the bean definitions, writes beside them the values of the
 * settings that chose those beans, for {@link AheadOfTimeStart} to compare a start's against.
 * Registered in {@code META-INF/spring/aot.factories}.
 */
public class BuildTimeSettingsRecorder implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        String recorded = BeanChoosingSettings.of(beanFactory.getBean(ConfigurableEnvironment.class)).write();
        return (generationContext, code) ->
                generationContext.getGeneratedFiles().addResourceFile(BeanChoosingSettings.RESOURCE, recorded);
    }
}

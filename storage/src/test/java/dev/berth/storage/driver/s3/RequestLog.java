package dev.berth.storage.driver.s3;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records the kind of every request a client sends (CopyObject, UploadPart, ...), to show which ones a step costs. */
final class RequestLog implements ExecutionInterceptor {
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        requests.add(context.request().getClass().getSimpleName().replace("Request", ""));
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    void clear() {
        requests.clear();
    }
}

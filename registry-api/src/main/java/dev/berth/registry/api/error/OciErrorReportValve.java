package dev.berth.registry.api.error;

import dev.berth.oci.ErrorCode;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error page, for what Tomcat refuses itself before any servlet runs: a request line or
 * header it cannot parse, oversized headers or URL, a bad {@code Content-Length} or
 * {@code Transfer-Encoding}. Under /v2/ (and when the path could not even be read) the client gets
 * the spec's error document instead of Tomcat's HTML; elsewhere the page stays Tomcat's, without
 * report or server details.
 */
public class OciErrorReportValve extends ErrorReportValve {

    public OciErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        String path = request.getRequestURI();
        if (status < 400 || response.getContentWritten() > 0 || !ContainerErrorDocument.isApiPath(path)) {
            super.report(request, response, throwable);
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ErrorCode code = ContainerErrorDocument.codeFor(status, request.getMethod(), path);
        try {
            ContainerErrorDocument.prepare(response, code);
            Writer writer = response.getReporter();
            if (writer != null) {
                ContainerErrorDocument.write(writer, code, ContainerErrorDocument.message(status));
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone; nothing more can be said
        }
    }
}

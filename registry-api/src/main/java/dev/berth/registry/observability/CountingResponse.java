package dev.berth.registry.observability;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/** Counts the body bytes a handler writes. Files Tomcat sends itself (sendfile) are counted by the caller. */
final class CountingResponse extends HttpServletResponseWrapper {
    private long count;
    private ServletOutputStream counting;

    CountingResponse(HttpServletResponse response) {
        super(response);
    }

    long count() {
        return count;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (counting == null) {
            ServletOutputStream out = super.getOutputStream();
            counting = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    count++;
                }

                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    out.write(buffer, offset, length);
                    count += length;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }

                @Override
                public boolean isReady() {
                    return out.isReady();
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    out.setWriteListener(listener);
                }
            };
        }
        return counting;
    }
}

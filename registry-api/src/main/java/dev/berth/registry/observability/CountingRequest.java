package dev.berth.registry.observability;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/** Counts the body bytes a handler reads, as they stream past. */
final class CountingRequest extends HttpServletRequestWrapper {
    private long count;
    private ServletInputStream counting;

    CountingRequest(HttpServletRequest request) {
        super(request);
    }

    long count() {
        return count;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (counting == null) {
            ServletInputStream in = super.getInputStream();
            counting = new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count++;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        count += n;
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }
        return counting;
    }
}

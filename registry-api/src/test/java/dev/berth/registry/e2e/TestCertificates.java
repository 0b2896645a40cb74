package dev.berth.registry.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority and a server certificate it signed for one IP address, made with the
 * {@code openssl} command line (as an operator would) into a folder: {@code ca.crt},
 * {@code server.crt} and {@code server.key} (PEM, PKCS#8), valid for a day.
 */
record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

    static TestCertificates create(Path folder, String ipAddress) {
        Path caKey = folder.resolve("ca.key");
        Path ca = folder.resolve("ca.crt");
        Path key = folder.resolve("server.key");
        Path request = folder.resolve("server.csr");
        Path certificate = folder.resolve("server.crt");
        Path extensions = folder.resolve("server.ext");
        try {
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Berth test CA",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                    "-keyout", caKey.toString(), "-out", ca.toString());
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + ipAddress,
                    "-keyout", key.toString(), "-out", request.toString());
            Files.writeString(extensions, "subjectAltName=IP:" + ipAddress + "\n"
                    + "extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n");
            openssl("x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                    "-CAcreateserial", "-days", "1", "-extfile", extensions.toString(), "-out", certificate.toString());
        } catch (IOException e) {
            throw new AssertionError("cannot write into " + folder, e);
        }
        return new TestCertificates(ca, certificate, key);
    }

    /** A TLS context that trusts exactly this CA, as a client given {@code ca.crt} would. */
    SSLContext trustingTheCa() {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("berth-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError("cannot load " + caCertificate, e);
        }
    }

    private static void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl (Debian package openssl; .ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command), e);
        }
    }
}

package dev.berth.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.berth.auth.AuthLayout;
import dev.berth.storage.driver.StorageDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * The RSA key this registry signs its tokens with: from a configured PEM file, or generated once
 * and kept in the store so every replica sharing the store signs and verifies with the same key.
 */
public final class SigningKey {
    private SigningKey() {
    }

    public static RSAKey load(Path pemFile, StorageDriver driver) {
        return pemFile != null ? fromPem(pemFile) : fromStore(driver);
    }

    /** A PKCS#8 {@code BEGIN PRIVATE KEY} RSA key, as {@code openssl genpkey -algorithm RSA} writes it. */
    static RSAKey fromPem(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read registry.auth.token.signing-key " + file, e);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("registry.auth.token.signing-key " + file
                    + " is not a PKCS#8 PEM private key (BEGIN PRIVATE KEY)");
        }
        String body = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new RSAKey.Builder(publicKey).privateKey(privateKey).keyIDFromThumbprint().build();
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException | JOSEException e) {
            throw new IllegalArgumentException("registry.auth.token.signing-key " + file + " is not an RSA private key", e);
        }
    }

    /**
     * The stored key, or a new one stored first. After writing, the key is read back, so of two
     * replicas starting at once on an empty store both end up with the one written last (as long as
     * the second write lands before the first replica reads back; configure a key to rule that out).
     */
    static RSAKey fromStore(StorageDriver driver) {
        Optional<RSAKey> stored = read(driver);
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            RSAKey generated = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
            driver.write(AuthLayout.SIGNING_KEY, generated.toJSONString().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a token signing key", e);
        }
        return read(driver).orElseThrow(() -> new IllegalStateException("the signing key just written is gone"));
    }

    private static Optional<RSAKey> read(StorageDriver driver) {
        return driver.read(AuthLayout.SIGNING_KEY).map(bytes -> {
            try {
                RSAKey key = RSAKey.parse(new String(bytes, StandardCharsets.UTF_8));
                if (!key.isPrivate()) {
                    throw new IllegalStateException(AuthLayout.SIGNING_KEY + " in the store holds no private key");
                }
                return key;
            } catch (ParseException e) {
                throw new IllegalStateException(AuthLayout.SIGNING_KEY + " in the store is not a JWK", e);
            }
        });
    }
}

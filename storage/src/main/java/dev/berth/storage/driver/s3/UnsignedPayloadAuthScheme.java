package dev.berth.storage.driver.s3;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 as the SDK does it, except that request bodies go unsigned (UNSIGNED-PAYLOAD) on plain-HTTP
 * endpoints too, as they already do over HTTPS. The SDK insists on signing bodies sent over HTTP
 * (MinIO or Ceph on a private network, s3proxy in tests): a SHA-256 fed one byte at a time plus an
 * HMAC per 128 KiB chunk, which held blob pushes to a fraction of the link's speed. The scheme of a
 * URL is not part of a SigV4 signature, so the request is signed as if it went over HTTPS and then
 * sent as it is. Headers, path and query stay signed; every blob is verified against its digest
 * before it is published; use HTTPS where the network between registry and store needs protecting.
 */
final class UnsignedPayloadAuthScheme implements AwsV4AuthScheme {
    private final AwsV4AuthScheme standard = AwsV4AuthScheme.create();
    private final AwsV4HttpSigner signer = new Signer(standard.signer());

    @Override
    public String schemeId() {
        return standard.schemeId();
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return standard.identityProvider(providers);
    }

    @Override
    public AwsV4HttpSigner signer() {
        return signer;
    }

    private record Signer(AwsV4HttpSigner standard) implements AwsV4HttpSigner {
        @Override
        public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
            return signAsHttps(request);
        }

        private <T extends AwsCredentialsIdentity> SignedRequest signAsHttps(SignRequest<T> request) {
            SdkHttpRequest http = request.request();
            // On the standard ports the signed Host header would differ between the two schemes.
            if (!"http".equals(http.protocol()) || http.port() == 80 || http.port() == 443) {
                return standard.sign(request);
            }
            SignedRequest signed = standard.sign(request.copy(copy -> copy.request(http.toBuilder().protocol("https").build())));
            return signed.copy(copy -> copy.request(signed.request().toBuilder().protocol("http").build()));
        }

        @Override
        public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
            return standard.signAsync(request); // the driver's client is synchronous
        }
    }
}

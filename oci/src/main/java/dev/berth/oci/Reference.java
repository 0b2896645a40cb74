package dev.berth.oci;

/** What follows {@code /manifests/}: a tag or a digest. */
public sealed interface Reference permits Reference.ByTag, Reference.ByDigest {

    record ByTag(Tag tag) implements Reference {
        @Override
        public String toString() {
            return tag.toString();
        }
    }

    record ByDigest(Digest digest) implements Reference {
        @Override
        public String toString() {
            return digest.toString();
        }
    }

    static Reference parse(String value) {
        if (Digest.looksLikeDigest(value)) {
            return new ByDigest(Digest.parse(value));
        }
        return new ByTag(new Tag(value));
    }
}

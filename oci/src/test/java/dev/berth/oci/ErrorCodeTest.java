package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void onlyTheCodesOfTheSpecsTableExist() {
        // distribution-spec, "Error Codes": code-1 to code-14. CNCF Distribution's own codes
        // (RANGE_INVALID, PAGINATION_NUMBER_INVALID, TAG_INVALID, UNAVAILABLE, UNKNOWN) are not among them.
        assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name)).containsExactlyInAnyOrder(
                "BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN", "DIGEST_INVALID",
                "MANIFEST_BLOB_UNKNOWN", "MANIFEST_INVALID", "MANIFEST_UNKNOWN", "NAME_INVALID", "NAME_UNKNOWN",
                "SIZE_INVALID", "UNAUTHORIZED", "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS");
    }
}

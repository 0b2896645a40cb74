package dev.berth.storage.quota;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A push refused because it would take a quota's repositories past their limit; nothing of it was kept. */
public final class QuotaExceededException extends OciException {

    public QuotaExceededException(Quota quota, long used, long adding) {
        super(ErrorCode.DENIED, "quota exceeded: " + ByteSize.format(used) + "/" + ByteSize.format(quota.limitBytes())
                + " used by " + quota.describe() + "; this push needs " + ByteSize.format(adding) + " more",
                detail(quota, used, adding));
    }

    private static Map<String, Object> detail(Quota quota, long used, long adding) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("quota", quota.index());
        detail.put("repositories", quota.repositories().text());
        detail.put("usedBytes", used);
        detail.put("limitBytes", quota.limitBytes());
        detail.put("pushBytes", adding);
        return detail;
    }
}

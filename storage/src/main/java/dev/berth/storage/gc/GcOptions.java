package dev.berth.storage.gc;

import java.time.Duration;

/**
 * @param gracePeriod    anything relied on (pushed, checked for, referenced) within this long is kept
 * @param deleteUntagged also remove manifests no tag reaches (directly or through an index)
 * @param keepReferrers  with deleteUntagged: keep manifests whose subject is a kept manifest
 * @param dryRun         report what would go, remove nothing
 */
public record GcOptions(Duration gracePeriod, boolean deleteUntagged, boolean keepReferrers, boolean dryRun) {
}

// Human-readable sizes, times, digests and media types.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** Decimal units, as docker prints them: 3.3 MB, 812 kB. */
export function size(bytes) {
    if (bytes === undefined || bytes === null) return '–';
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
        value /= 1000;
        unit++;
    }
    const digits = unit === 0 || value >= 100 ? 0 : 1;
    return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Powers of 1024, as quota limits are configured (Spring's 500MB is 500 MiB): 500 MiB, 1.5 GiB. */
export function binarySize(bytes) {
    if (bytes === undefined || bytes === null) return '–';
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    const digits = unit === 0 || value >= 100 || Number.isInteger(value) ? 0 : 1;
    return `${value.toFixed(digits)} ${BINARY_UNITS[unit]}`;
}

export function exactSize(bytes) {
    return bytes === undefined || bytes === null ? '' : `${bytes.toLocaleString('en-US')} bytes`;
}

const RELATIVE = new Intl.RelativeTimeFormat('en', {numeric: 'auto'});
const STEPS = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];

/** "3 hours ago"; "just now" within a few seconds. */
export function ago(iso) {
    if (!iso) return '–';
    const seconds = (Date.parse(iso) - Date.now()) / 1000;
    if (Math.abs(seconds) < 10) return 'just now';
    for (const [unit, length] of STEPS) {
        if (Math.abs(seconds) >= length) return RELATIVE.format(Math.round(seconds / length), unit);
    }
    return 'just now';
}

const DATE = new Intl.DateTimeFormat('en-CA', {year: 'numeric', month: '2-digit', day: '2-digit'});
const DATE_TIME = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** 2025-01-10 */
export function date(iso) {
    return iso ? DATE.format(new Date(iso)) : '–';
}

/** 2025-01-10, 13:00 in the browser's time zone */
export function dateTime(iso) {
    return iso ? DATE_TIME.format(new Date(iso)) : '–';
}

/** sha256:0123456789ab (12 hex digits, as docker shows image IDs) */
export function shortDigest(digest) {
    if (!digest) return '';
    const [algorithm, hex] = digest.split(':');
    return `${algorithm}:${hex.slice(0, 12)}`;
}

const MEDIA_TYPES = {
    'application/vnd.oci.image.manifest.v1+json': 'OCI manifest',
    'application/vnd.oci.image.index.v1+json': 'OCI index',
    'application/vnd.docker.distribution.manifest.v2+json': 'Docker manifest',
    'application/vnd.docker.distribution.manifest.list.v2+json': 'Docker manifest list',
    'application/vnd.oci.image.layer.v1.tar': 'tar',
    'application/vnd.oci.image.layer.v1.tar+gzip': 'tar+gzip',
    'application/vnd.oci.image.layer.v1.tar+zstd': 'tar+zstd',
    'application/vnd.docker.image.rootfs.diff.tar.gzip': 'tar+gzip (Docker)',
    'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip': 'foreign tar+gzip',
    'application/vnd.oci.image.config.v1+json': 'OCI image config',
    'application/vnd.docker.container.image.v1+json': 'Docker image config',
    'application/vnd.oci.empty.v1+json': 'empty',
    'application/vnd.cncf.helm.config.v1+json': 'Helm chart metadata',
    'application/vnd.cncf.helm.chart.content.v1.tar+gzip': 'Helm chart (tar+gzip)',
};

export function mediaType(type) {
    return MEDIA_TYPES[type] ?? type ?? '–';
}

/** What a referrer is, in a word a person knows, and the badge class for it. */
export function artifactKind(type) {
    const t = (type ?? '').toLowerCase();
    if (t.includes('sig') || t.includes('notary') || t.includes('signature')) return {label: 'Signature', badge: 'signed'};
    if (t.includes('spdx') || t.includes('cyclonedx') || t.includes('sbom') || t.includes('syft')) return {label: 'SBOM', badge: 'sbom'};
    if (t.includes('in-toto') || t.includes('attestation') || t.includes('provenance') || t.includes('slsa')) {
        return {label: 'Attestation', badge: 'attested'};
    }
    if (t.includes('vuln') || t.includes('sarif') || t.includes('scan')) return {label: 'Scan report', badge: 'scan'};
    return {label: 'Artifact', badge: 'other'};
}

/** Badges for a tag row's referrer types: each kind once. */
export function referrerBadges(types) {
    const seen = new Map();
    for (const type of types ?? []) {
        const kind = artifactKind(type);
        if (!seen.has(kind.badge)) seen.set(kind.badge, {...kind, types: []});
        seen.get(kind.badge).types.push(type);
    }
    return [...seen.values()];
}

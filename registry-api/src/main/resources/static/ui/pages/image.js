import {api, ApiError} from '../api.js';
import {confirmDelete, copyButton, h} from '../dom.js';
import {artifactKind, dateTime, exactSize, mediaType, shortDigest, size} from '../format.js';
import {breadcrumbs, commandBox, isChart, kindLabel, notice, noticeForNextPage, pullCommandFor, section} from './parts.js';

/** One manifest: how to pull it, what it is made of, how it was built, and what refers to it. */
export async function imagePage(route) {
    const {name, reference} = route;
    const image = await api.image(name, reference);
    const byDigest = reference.includes(':');
    const shown = byDigest ? shortDigest(image.digest) : reference;
    const base = `#/repositories/${name}`;
    const status = h('div', {class: 'notices'});

    async function deleteImage() {
        const tags = image.tags.length ? ` and its tags ${image.tags.join(', ')}` : '';
        const ok = await confirmDelete(`Delete image ${shortDigest(image.digest)}?`,
            `This removes the manifest${tags} from ${name}. Layers are freed by garbage collection once no image uses them.`);
        if (!ok) return;
        try {
            await api.deleteImage(name, image.digest);
            location.hash = await repositoryLeft() ? '#/' : base;
        } catch (error) {
            status.replaceChildren(notice('error', `Could not delete: ${error.message}`));
        }
    }

    /** The last image gone, the repository leaves the list: back to the list then, with a word why. */
    async function repositoryLeft() {
        try {
            await api.repository(name);
            return false;
        } catch (error) {
            // Anything but 404: the image is deleted all the same; the repository page tells the rest.
            if (!(error instanceof ApiError) || error.status !== 404) return false;
            noticeForNextPage('success', `Deleted the last image of ${name}; the repository is gone.`);
            return true;
        }
    }

    const chart = isChart(image) && image.chart ? image.chart : null;
    const facts = h('dl', {class: 'facts'},
        chart ? fact('Chart', h('strong', {'data-testid': 'chart-name'}, chart.name ?? '–')) : null,
        chart ? fact('Version', h('span', {'data-testid': 'chart-version'}, chart.version ?? '–')) : null,
        chart?.appVersion ? fact('App version', chart.appVersion) : null,
        chart?.description ? fact('Description', chart.description) : null,
        fact('Digest', [h('code', {'data-testid': 'image-digest'}, image.digest), ' ', copyButton(image.digest)]),
        fact('Type', [kindLabel(image), ' ', h('span', {class: 'muted'}, isChart(image) || image.kind !== 'artifact'
            ? mediaType(image.mediaType) : image.artifactType ? `in ${mediaType(image.mediaType)}` : '')]),
        fact('Size', h('span', {title: exactSize(image.size), 'data-testid': 'image-size', dataset: {bytes: image.size}},
            size(image.size)), 'compressed: config and layers, as pulled'),
        fact('Created', h('span', {title: dateTime(image.created)}, image.created ? dateTime(image.created) : '–')),
        image.platforms?.length ? fact(image.platforms.length > 1 ? 'Platforms' : 'Platform',
            image.platforms.map(p => h('span', {class: 'chip'}, p))) : null,
        fact('Tags', image.tags.length
            ? image.tags.map(tag => h('a', {class: 'chip tag', href: `${base}/-/manifests/${tag}`}, tag))
            : h('span', {class: 'muted'}, 'untagged')),
        image.subject ? fact('Refers to', h('a', {class: 'mono', href: `${base}/-/manifests/${image.subject}`},
            shortDigest(image.subject))) : null);

    return h('section', {},
        breadcrumbs([['Repositories', '#/'], [name, base], [shown]]),
        h('div', {class: 'page-head'},
            h('h1', {'data-testid': 'image-title'}, h('span', {class: 'namespace'}, `${name}${byDigest ? '@' : ':'}`), shown),
            image.canDelete ? h('button', {
                type: 'button', class: 'button danger', 'data-testid': 'delete-image', onclick: deleteImage,
            }, 'Delete image') : null),
        h('div', {class: 'pulls'}, pulls(name, reference, byDigest, image)),
        status,
        h('div', {class: 'card section'}, facts),
        platformsSection(image, base),
        layersSection(image),
        configSection(image.config),
        historySection(image.config),
        referrersSection(image, base),
        annotationsSection(image.annotations));
}

/** By tag and by digest; a chart seen by digest is pulled by one of its tags, since helm pulls versions. */
function pulls(name, reference, byDigest, image) {
    const tag = byDigest && isChart(image) ? image.tags[0] : byDigest ? null : reference;
    return [
        tag ? commandBox(pullCommandFor(name, tag, image), 'Pull') : null,
        commandBox(pullCommandFor(name, image.digest, image), tag ? 'By digest' : 'Pull'),
    ];
}

function fact(label, value, title) {
    return [h('dt', {title}, label), h('dd', {}, value)];
}

function platformsSection(image, base) {
    if (!image.manifests?.length) return null;
    return section('Platforms', h('table', {class: 'table', 'data-testid': 'platform-table'},
        h('thead', {}, h('tr', {}, h('th', {}, 'Platform'), h('th', {}, 'Digest'), h('th', {class: 'num'}, 'Size'),
            h('th', {}, 'Created'))),
        h('tbody', {}, image.manifests.map(child => h('tr', {'data-testid': 'platform-row'},
            h('td', {}, child.platform && !child.platform.startsWith('unknown')
                ? h('span', {class: 'chip'}, child.platform)
                : h('span', {class: 'muted'}, child.annotations?.['vnd.docker.reference.type'] ?? artifactKind(child.artifactType).label)),
            h('td', {class: 'mono'}, h('a', {href: `${base}/-/manifests/${child.digest}`}, shortDigest(child.digest))),
            h('td', {class: 'num', title: exactSize(child.size)}, size(child.size)),
            h('td', {class: 'nowrap'}, dateTime(child.created)))))), 'platforms');
}

function layersSection(image) {
    if (!image.layers?.length) return null;
    const total = image.layers.reduce((sum, layer) => sum + layer.size, 0);
    return section(`Layers (${image.layers.length})`, h('table', {class: 'table layers', 'data-testid': 'layer-table'},
        h('thead', {}, h('tr', {}, h('th', {class: 'num'}, '#'), h('th', {}, 'Digest'), h('th', {}, 'Media type'),
            h('th', {class: 'num'}, 'Size'), h('th', {}, 'Created by'))),
        h('tbody', {}, image.layers.map((layer, index) => h('tr', {'data-testid': 'layer-row', dataset: {digest: layer.digest}},
            h('td', {class: 'num muted'}, index + 1),
            h('td', {class: 'mono', title: layer.digest}, shortDigest(layer.digest)),
            h('td', {title: layer.mediaType}, mediaType(layer.mediaType)),
            h('td', {class: 'num', title: exactSize(layer.size), 'data-testid': 'layer-size', dataset: {bytes: layer.size}},
                size(layer.size)),
            h('td', {class: 'command-cell', title: layer.createdBy ?? ''}, layer.createdBy ? h('code', {}, clean(layer.createdBy)) : '')))),
        h('tfoot', {}, h('tr', {}, h('td', {}), h('td', {}, 'Total'), h('td', {}),
            h('td', {class: 'num', title: exactSize(total)}, size(total)), h('td', {})))), 'layers');
}

/** Docker's "/bin/sh -c #(nop) " prefix says nothing to a reader. */
function clean(command) {
    return command.replace(/^\/bin\/sh -c #\(nop\)\s*/, '').replace(/^\/bin\/sh -c /, 'RUN ').trim();
}

function configSection(config) {
    if (!config) return null;
    const rows = [
        ['Entrypoint', config.entrypoint?.length ? h('code', {}, JSON.stringify(config.entrypoint)) : null],
        ['Command', config.cmd?.length ? h('code', {}, JSON.stringify(config.cmd)) : null],
        ['Working directory', config.workingDir ? h('code', {}, config.workingDir) : null],
        ['User', config.user ? h('code', {}, config.user) : null],
        ['Exposed ports', config.exposedPorts?.length ? config.exposedPorts.map(port => h('span', {class: 'chip'}, port)) : null],
        ['Volumes', config.volumes?.length ? config.volumes.map(volume => h('code', {class: 'chip'}, volume)) : null],
        ['Stop signal', config.stopSignal],
        ['Author', config.author],
        ['Environment', config.env?.length ? h('ul', {class: 'plain'}, config.env.map(entry => {
            const [key, ...value] = entry.split('=');
            return h('li', {}, h('code', {}, h('span', {class: 'env-key'}, key), '=', value.join('=')));
        })) : null],
        ['Labels', config.labels && Object.keys(config.labels).length
            ? h('table', {class: 'kv'}, h('tbody', {}, Object.entries(config.labels).map(([key, value]) =>
                h('tr', {}, h('th', {}, key), h('td', {}, linkIfUrl(value))))))
            : null],
        ['Config', [h('code', {title: config.digest}, shortDigest(config.digest)), ' ',
            h('span', {class: 'muted'}, `${mediaType(config.mediaType)}, ${size(config.size)}`)]],
    ].filter(([, value]) => value !== null && value !== undefined);
    return section('Configuration', h('dl', {class: 'facts', 'data-testid': 'config'},
        rows.map(([label, value]) => fact(label, value))), 'config-section');
}

function linkIfUrl(value) {
    return /^https?:\/\/[^\s]+$/.test(value) ? h('a', {href: value, rel: 'noopener noreferrer', target: '_blank'}, value) : value;
}

function historySection(config) {
    if (!config?.history?.length) return null;
    return section('History', h('ol', {class: 'history', 'data-testid': 'history'}, config.history.map(step =>
        h('li', {class: step.emptyLayer ? 'empty-layer' : ''},
            h('code', {}, clean(step.createdBy ?? step.comment ?? '')),
            h('span', {class: 'muted'}, [step.emptyLayer ? 'no layer' : null, step.created ? dateTime(step.created) : null]
                .filter(Boolean).join(' · '))))), 'history-section');
}

function referrersSection(image, base) {
    if (!image.referrers?.length) return null;
    return section('Signatures, SBOMs and attestations', h('table', {class: 'table', 'data-testid': 'referrer-table'},
        h('thead', {}, h('tr', {}, h('th', {}, 'Kind'), h('th', {}, 'Artifact type'), h('th', {}, 'Digest'),
            h('th', {class: 'num'}, 'Size'), h('th', {}, 'Created'))),
        h('tbody', {}, image.referrers.map(referrer => {
            const kind = artifactKind(referrer.artifactType);
            const created = referrer.annotations?.['org.opencontainers.image.created'];
            return h('tr', {'data-testid': 'referrer-row'},
                h('td', {}, h('span', {class: `badge ${kind.badge}`}, kind.label)),
                h('td', {class: 'mono small'}, referrer.artifactType ?? '–'),
                h('td', {class: 'mono'}, h('a', {href: `${base}/-/manifests/${referrer.digest}`}, shortDigest(referrer.digest))),
                h('td', {class: 'num', title: exactSize(referrer.size)}, size(referrer.size)),
                h('td', {title: dateTime(created)}, created ? dateTime(created) : '–'));
        }))), 'referrers');
}

function annotationsSection(annotations) {
    if (!annotations) return null;
    return section('Annotations', h('table', {class: 'kv'}, h('tbody', {}, Object.entries(annotations).map(([key, value]) =>
        h('tr', {}, h('th', {}, key), h('td', {}, linkIfUrl(value)))))), 'annotations');
}

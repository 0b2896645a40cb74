import {copyButton, h} from '../dom.js';

/** [['Repositories', '#/'], ['team/app', '#/repositories/team/app'], ['v1']] */
export function breadcrumbs(items) {
    return h('nav', {class: 'crumbs', 'aria-label': 'Breadcrumb'}, items.map(([label, href], index) => [
        index > 0 ? h('span', {class: 'sep', 'aria-hidden': 'true'}, '/') : null,
        href ? h('a', {href}, label) : h('span', {'aria-current': 'page'}, label),
    ]));
}

/** A message box: kind is success, error or info. */
export function notice(kind, text, testid = 'notice') {
    return h('div', {class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': testid}, text);
}

/** "docker pull <reference>" with a copy button; the host is the one the browser is on. */
export function pullCommand(reference, label = 'Pull') {
    return commandBox(`docker pull ${reference}`, label);
}

/** A command to copy, in the dark pull box. */
export function commandBox(command, label = 'Pull') {
    return h('div', {class: 'pull'},
        h('span', {class: 'pull-label'}, label),
        h('code', {class: 'pull-command', 'data-testid': 'pull-command'}, command),
        copyButton(command));
}

/** A titled card section; nothing when it has no content. */
export function section(title, content, testid) {
    if (!content || (Array.isArray(content) && content.length === 0)) return null;
    return h('section', {class: 'card section', 'data-testid': testid}, h('h2', {}, title), content);
}

/** Helm charts pushed with `helm push` carry this config media type. */
export const HELM_CHART = 'application/vnd.cncf.helm.config.v1+json';

export function isChart(item) {
    return item.kind === 'artifact' && item.artifactType === HELM_CHART;
}

/**
 * How to pull what a tag or digest names, with the tool that understands it: helm for a chart
 * (its repository's last segment is the chart's name, its tag the version), oras for any other
 * artifact, docker for images and indexes. The reference is a tag, or a digest with its colon.
 */
export function pullCommandFor(name, reference, item) {
    const host = location.host;
    const byDigest = reference.includes(':');
    const at = `${host}/${name}${byDigest ? '@' : ':'}${reference}`;
    if (isChart(item) && !byDigest) return `helm pull oci://${host}/${name} --version ${reference}`;
    if (item.kind === 'artifact') return `oras pull ${at}`;
    return `docker pull ${at}`;
}

/** The Type cell: a chart as a chart, another artifact by its artifact type, else image or index. */
export function kindLabel(item) {
    if (isChart(item)) return h('span', {class: 'kind chart', title: item.artifactType, 'data-testid': 'kind'}, 'Helm chart');
    if (item.kind === 'artifact') {
        return h('span', {class: 'kind artifact', title: item.artifactType ?? item.mediaType, 'data-testid': 'kind'},
            item.artifactType ?? 'artifact');
    }
    return h('span', {class: `kind ${item.kind}`, title: item.mediaType, 'data-testid': 'kind'}, item.kind);
}

let pending = null;

/** A notice for the next page shown (after a delete took the user elsewhere). */
export function noticeForNextPage(kind, text) {
    pending = {kind, text};
}

/** The notice left for this page, once. */
export function takeNotice() {
    const left = pending;
    pending = null;
    return left ? notice(left.kind, left.text) : null;
}

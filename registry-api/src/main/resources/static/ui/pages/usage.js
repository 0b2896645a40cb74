import {api} from '../api.js';
import {h} from '../dom.js';
import {exactSize, size} from '../format.js';
import {repositoryName} from './repositories.js';

/** Storage use: overall with shared layers counted once, and each repository's own. */
export async function usagePage() {
    const usage = await api.usage();
    const largest = usage.repositories[0]?.size || 1;
    return h('section', {},
        h('div', {class: 'page-head'}, h('h1', {}, 'Storage')),
        h('div', {class: 'stats cards'},
            bigStat('Stored', size(usage.size), `${exactSize(usage.size)} in ${usage.blobs.toLocaleString('en-US')} blobs`, 'usage-total'),
            bigStat('Saved by sharing', size(usage.savedBySharing),
                `Repositories add up to ${size(usage.sizeOfRepositories)}; layers they share are stored once`),
            bigStat('Repositories', usage.repositories.length.toLocaleString('en-US'))),
        h('div', {class: 'card'}, h('table', {class: 'table', 'data-testid': 'usage-table'},
            h('thead', {}, h('tr', {}, h('th', {}, 'Repository'), h('th', {class: 'num'}, 'Manifests'),
                h('th', {class: 'num'}, 'Blobs'), h('th', {class: 'num'}, 'Size'), h('th', {class: 'bar-cell'}, ''))),
            h('tbody', {}, usage.repositories.map(repo => h('tr', {},
                h('td', {}, h('a', {href: `#/repositories/${repo.name}`}, repositoryName(repo.name))),
                h('td', {class: 'num'}, repo.manifests.toLocaleString('en-US')),
                h('td', {class: 'num'}, repo.blobs.toLocaleString('en-US')),
                h('td', {class: 'num', title: exactSize(repo.size)}, size(repo.size)),
                h('td', {class: 'bar-cell'}, h('div', {class: 'bar', style: `width: ${Math.max(1, 100 * repo.size / largest)}%`}))))))),
        h('p', {class: 'muted small'}, 'Counted from the manifests in each repository: the manifests, their configs and layers. '
            + 'A repository\'s size counts each of its blobs once; the total counts each blob once across all repositories.'));
}

function bigStat(label, value, detail, testid) {
    return h('div', {class: 'card stat big', 'data-testid': testid},
        h('div', {class: 'stat-label'}, label), h('div', {class: 'stat-value'}, value),
        detail ? h('div', {class: 'muted small'}, detail) : null);
}

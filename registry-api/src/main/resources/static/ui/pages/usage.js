import {api} from '../api.js';
import {h} from '../dom.js';
import {binarySize, exactSize, size} from '../format.js';
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
        quotaTable(usage.quotas || []),
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

/** Each configured quota: what its repositories hold, shared content counted once, against its limit. */
function quotaTable(quotas) {
    if (quotas.length === 0) return null;
    return h('div', {class: 'card quota-card'}, h('table', {class: 'table', 'data-testid': 'quota-table'},
        h('thead', {}, h('tr', {}, h('th', {}, 'Quota'), h('th', {class: 'num'}, 'Used'),
            h('th', {class: 'num'}, 'Limit'), h('th', {class: 'num'}, '%'), h('th', {class: 'bar-cell'}, ''))),
        h('tbody', {}, quotas.map(quota => {
            const percent = quota.limitBytes > 0 ? 100 * quota.usedBytes / quota.limitBytes : 100;
            return h('tr', {'data-testid': 'quota-row', title: `registry.quotas[${quota.index}]`},
                h('td', {}, h('code', {}, quota.repositories)),
                h('td', {class: 'num', title: exactSize(quota.usedBytes)}, binarySize(quota.usedBytes)),
                h('td', {class: 'num', title: exactSize(quota.limitBytes)}, binarySize(quota.limitBytes)),
                h('td', {class: 'num'}, `${Math.floor(percent)}%`),
                h('td', {class: 'bar-cell'}, h('div', {class: 'bar', style: `width: ${Math.min(100, Math.max(1, percent))}%`})));
        }))),
        h('p', {class: 'muted small quota-note'}, 'Quotas count every blob and manifest their repositories hold, '
            + 'uploaded layers no manifest names yet included; content shared among them counts once.'));
}

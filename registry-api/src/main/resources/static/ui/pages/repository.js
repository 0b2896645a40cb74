import {api} from '../api.js';
import {confirmDelete, copyButton, h, render} from '../dom.js';
import {ago, dateTime, exactSize, referrerBadges, shortDigest, size} from '../format.js';
import {breadcrumbs, commandBox, kindLabel, notice, noticeForNextPage, pullCommandFor} from './parts.js';

const COLUMNS = [
    {key: 'name', label: 'Tag', compare: (a, b) => a.name.localeCompare(b.name, 'en', {numeric: true})},
    {key: 'digest', label: 'Digest'},
    {key: 'kind', label: 'Type', compare: (a, b) => a.kind.localeCompare(b.kind)},
    {key: 'platforms', label: 'Platforms'},
    {key: 'size', label: 'Size', num: true, compare: (a, b) => a.size - b.size},
    {key: 'created', label: 'Created', compare: (a, b) => time(a.created) - time(b.created)},
    {key: 'pushed', label: 'Pushed', compare: (a, b) => time(a.pushed) - time(b.pushed)},
];

function time(iso) {
    return iso ? Date.parse(iso) : 0;
}

/**
 * A repository: its storage use and a sortable, filterable tag table. Tags come a page at a time in
 * name order (a repository may hold 100,000 CI tags); sorting and filtering apply to those loaded.
 */
export async function repositoryPage(route) {
    const name = route.name;
    const [repository, table] = await Promise.all([api.repository(name), api.tags(name)]);
    let tags = table.tags;
    let next = table.next;
    const more = h('div', {class: 'more'});
    const loaded = h('span', {class: 'muted', 'data-testid': 'tag-count'});
    let sort = {key: route.query.get('sort') ?? 'pushed', descending: (route.query.get('order') ?? 'desc') === 'desc'};
    let filter = '';

    const body = h('tbody');
    const head = h('tr');
    const status = h('div', {class: 'notices'});
    const filterBox = h('input', {
        type: 'search', class: 'search small', placeholder: 'Filter tags', 'aria-label': 'Filter tags',
        'data-testid': 'tag-filter',
    });
    filterBox.addEventListener('input', () => { filter = filterBox.value.trim(); draw(); });

    function draw() {
        render(head, COLUMNS.map(column => {
            const sorted = sort.key === column.key;
            if (!column.compare) return h('th', {class: column.num ? 'num' : ''}, column.label);
            return h('th', {
                class: `${column.num ? 'num ' : ''}sortable${sorted ? ' sorted' : ''}`,
                'aria-sort': sorted ? (sort.descending ? 'descending' : 'ascending') : 'none',
            }, h('button', {
                type: 'button', class: 'sort', 'data-testid': `sort-${column.key}`,
                onclick: () => {
                    sort = {key: column.key, descending: sorted ? !sort.descending : column.key !== 'name'};
                    history.replaceState(null, '', `#/repositories/${name}?sort=${sort.key}&order=${sort.descending ? 'desc' : 'asc'}`);
                    draw();
                },
            }, column.label, h('span', {class: 'arrow', 'aria-hidden': 'true'}, sorted ? (sort.descending ? '▼' : '▲') : '')));
        }), h('th', {}, h('span', {class: 'visually-hidden'}, 'Actions')));
        const column = COLUMNS.find(c => c.key === sort.key) ?? COLUMNS[0];
        const rows = tags.filter(tag => tag.name.toLowerCase().includes(filter.toLowerCase()))
            .sort((a, b) => (sort.descending ? -1 : 1) * column.compare(a, b) || a.name.localeCompare(b.name));
        render(body, rows.length ? rows.map(tagRow) : h('tr', {}, h('td', {colspan: 8, class: 'muted empty-row'},
            tags.length ? 'No tag matches the filter.' : 'This repository has no tags.')));
        loaded.textContent = next
            ? `${tags.length.toLocaleString('en-US')} of ${repository.tagCount.toLocaleString('en-US')} tags loaded`
            : `${tags.length} ${tags.length === 1 ? 'tag' : 'tags'}`;
        render(more, next ? h('button', {
            class: 'button', type: 'button', 'data-testid': 'tag-more', onclick: loadMore,
        }, 'Show more tags') : []);
    }

    async function loadMore() {
        try {
            const page = await api.tags(name, {last: next});
            tags = tags.concat(page.tags);
            next = page.next;
            draw();
        } catch (error) {
            render(status, notice('error', `Could not load more tags: ${error.message}`));
        }
    }

    function tagRow(tag) {
        const href = `#/repositories/${name}/-/manifests/${tag.name}`;
        return h('tr', {'data-testid': 'tag-row', dataset: {tag: tag.name}},
            h('td', {}, h('a', {href, class: 'tag-name'}, tag.name),
                referrerBadges(tag.referrers).map(badge =>
                    h('span', {class: `badge ${badge.badge}`, title: badge.types.join('\n')}, badge.label))),
            h('td', {class: 'mono', title: tag.digest}, h('a', {href: `#/repositories/${name}/-/manifests/${tag.digest}`},
                shortDigest(tag.digest))),
            h('td', {class: 'kind-cell'}, kindLabel(tag)),
            h('td', {class: 'platforms'}, tag.platforms.length ? tag.platforms.map(p => h('span', {class: 'chip'}, p)) : '–'),
            h('td', {class: 'num', title: exactSize(tag.size), 'data-testid': 'tag-size', dataset: {bytes: tag.size}},
                size(tag.size)),
            h('td', {class: 'nowrap', 'data-testid': 'tag-created'}, dateTime(tag.created)),
            h('td', {title: dateTime(tag.pushed)}, ago(tag.pushed)),
            h('td', {class: 'actions'},
                copyButton(pullCommandFor(name, tag.name, tag), 'Copy pull'),
                table.canDelete ? h('button', {
                    type: 'button', class: 'button small danger-outline', 'data-testid': 'delete-tag',
                    onclick: () => deleteTag(tag),
                }, 'Delete') : null));
    }

    async function deleteTag(tag) {
        const others = tags.filter(t => t.digest === tag.digest && t.name !== tag.name).map(t => t.name);
        const text = `Only the tag is removed. The image ${shortDigest(tag.digest)} stays available by digest`
            + (others.length ? ` and as ${others.join(', ')}.` : '.');
        if (!await confirmDelete(`Delete tag ${tag.name}?`, text)) return;
        try {
            await api.deleteTag(name, tag.name);
            tags = tags.filter(t => t.name !== tag.name);
            render(status, notice('success', `Tag ${tag.name} deleted.`));
            draw();
        } catch (error) {
            render(status, notice('error', `Could not delete ${tag.name}: ${error.message}`));
        }
    }

    async function deleteRepository() {
        const images = repository.manifests === 1 ? '1 image' : `${repository.manifests.toLocaleString('en-US')} images`;
        const tagCount = repository.tagCount === 1 ? '1 tag' : `${repository.tagCount.toLocaleString('en-US')} tags`;
        if (!await confirmDelete(`Delete repository ${name}?`, `This removes its ${tagCount} and ${images}. `
            + 'Layers are freed by garbage collection once no image uses them.')) return;
        try {
            await api.deleteRepository(name);
            noticeForNextPage('success', `Repository ${name} deleted.`);
            location.hash = '#/';
        } catch (error) {
            render(status, notice('error', `Could not delete ${name}: ${error.message}`));
        }
    }

    draw();
    const latest = tags.find(tag => tag.name === 'latest') ?? [...tags].sort((a, b) => time(b.pushed) - time(a.pushed))[0];
    return h('section', {},
        breadcrumbs([['Repositories', '#/'], [name]]),
        h('div', {class: 'page-head'},
            h('h1', {'data-testid': 'repository-title'}, name),
            h('div', {class: 'head-side'}, h('div', {class: 'stats'},
                stat('Tags', repository.tagCount.toLocaleString('en-US')),
                repository.size === undefined
                    ? stat('Stored', '–', 'Not sized: the repository holds too many manifests to add up here')
                    : stat('Stored', size(repository.size), `${exactSize(repository.size)} in ${repository.blobs} blobs; layers shared between its images counted once`),
                stat('Manifests', repository.manifests.toLocaleString('en-US')),
                stat('Last push', repository.lastPushed ? ago(repository.lastPushed) : '–', dateTime(repository.lastPushed))),
            repository.canDelete ? h('button', {
                type: 'button', class: 'button danger-outline', 'data-testid': 'delete-repository', onclick: deleteRepository,
            }, 'Delete repository') : null)),
        latest ? commandBox(pullCommandFor(name, latest.name, latest)) : null,
        repository.canDelete ? null : notice('info', 'Deleting is not available to you in this repository.', 'no-delete'),
        status,
        h('div', {class: 'toolbar'}, filterBox, loaded),
        h('div', {class: 'card scroll'}, h('table', {class: 'table', 'data-testid': 'tag-table'}, h('thead', {}, head), body)),
        more);
}

function stat(label, value, title) {
    return h('div', {class: 'stat', title}, h('div', {class: 'stat-label'}, label), h('div', {class: 'stat-value'}, value));
}

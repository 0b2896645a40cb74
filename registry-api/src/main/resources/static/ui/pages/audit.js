import {api} from '../api.js';
import {h} from '../dom.js';
import {shortDigest} from '../format.js';

const FILTERS = [
    ['repository', 'Repository', 'team/app'],
    ['user', 'User', 'alice'],
    ['since', 'Since', '2026-12-01T00:00:00Z'],
    ['until', 'Until', '2026-12-02T00:00:00Z'],
];

/**
 * Audit: the newest writes and refusals of every replica (admins only, like all of /api/admin/),
 * filtered by the hash's query (#/audit?repository=&user=&since=&until=), 50 at a time.
 */
export async function auditPage(route) {
    const filters = Object.fromEntries(FILTERS.map(([name]) => [name, route.query.get(name) ?? '']));
    const first = await api.audit(filters);
    const body = h('tbody', {});
    const more = h('button', {class: 'button', type: 'button', 'data-testid': 'audit-more'}, 'Older records');
    let next = first.next;
    const add = records => records.forEach(record => body.append(row(record)));
    add(first.records);
    more.style.display = next ? '' : 'none';
    more.addEventListener('click', async () => {
        more.disabled = true;
        const page = await api.audit({...filters, last: next});
        add(page.records);
        next = page.next;
        more.style.display = next ? '' : 'none';
        more.disabled = false;
    });
    return h('section', {},
        h('div', {class: 'page-head'}, h('h1', {}, 'Audit')),
        h('p', {class: 'muted small'},
            'Every push, tag move, delete, removal by policy, refused write, CI token change and failed sign-in, newest first.'),
        filterForm(filters),
        first.records.length === 0 && !next
            ? h('p', {class: 'muted card', 'data-testid': 'audit-records'}, 'No records.')
            : h('div', {class: 'card'},
                h('table', {class: 'table', 'data-testid': 'audit-records'},
                    h('thead', {}, h('tr', {}, ['Time (UTC)', 'Action', 'User', 'Client', 'Repository', 'Reference', 'Digest', 'Detail']
                        .map(title => h('th', {}, title)))),
                    body),
                h('div', {class: 'toolbar'}, more)));
}

function filterForm(filters) {
    const inputs = FILTERS.map(([name, label, example]) => h('input', {
        name, value: filters[name], placeholder: example, class: 'search small', 'aria-label': label,
        'data-testid': `audit-${name}`,
    }));
    const form = h('form', {class: 'toolbar', 'data-testid': 'audit-filters'}, inputs,
        h('button', {class: 'button primary', type: 'submit', 'data-testid': 'audit-apply'}, 'Filter'));
    form.addEventListener('submit', event => {
        event.preventDefault();
        const query = new URLSearchParams();
        for (const input of inputs) {
            if (input.value.trim()) query.set(input.name, input.value.trim());
        }
        const target = `#/audit${query.size ? `?${query}` : ''}`;
        // The same filters again: show what was recorded since.
        if (location.hash === target) dispatchEvent(new Event('berth:refresh')); else location.hash = target;
    });
    return form;
}

function row(record) {
    return h('tr', {'data-testid': 'audit-record', dataset: {action: record.action}},
        h('td', {class: 'nowrap'}, record.time.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')),
        h('td', {}, record.action),
        h('td', {}, record.user ?? '–'),
        h('td', {}, record.client ?? '–'),
        h('td', {}, record.repository ? h('code', {}, record.repository) : '–'),
        h('td', {}, record.reference ? h('code', {}, record.reference.includes(':') ? shortDigest(record.reference) : record.reference) : '–'),
        h('td', {}, record.digest ? h('code', {title: record.digest}, shortDigest(record.digest)) : '–'),
        h('td', {class: 'small'}, record.detail ?? ''));
}

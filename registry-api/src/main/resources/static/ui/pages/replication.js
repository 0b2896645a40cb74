import {api} from '../api.js';
import {h} from '../dom.js';
import {dateTime} from '../format.js';

/** Replication: each rule, what it copied (summed over replicas), its backlog and its latest failures. */
export async function replicationPage() {
    const overview = await api.replication();
    return h('section', {},
        h('div', {class: 'page-head'}, h('h1', {}, 'Replication')),
        overview.rules.length === 0
            ? h('p', {class: 'muted', 'data-testid': 'replication-rules'}, 'No replication rules are configured.')
            : h('div', {class: 'card'}, h('table', {class: 'table', 'data-testid': 'replication-rules'},
                h('thead', {}, h('tr', {}, ['Rule', 'Direction', 'Remote', 'Repositories', 'Trigger', 'Last run', 'Copied', 'Bytes', 'Failed', 'Backlog']
                    .map(title => h('th', {}, title)))),
                h('tbody', {}, overview.rules.map(rule => h('tr', {'data-rule': rule.name},
                    h('td', {}, h('code', {}, rule.name)),
                    h('td', {}, rule.direction),
                    h('td', {}, h('code', {}, rule.remote)),
                    h('td', {}, h('code', {}, rule.repositories.join(', '))),
                    h('td', {}, rule.trigger === 'schedule' ? `schedule ${rule.schedule}` : rule.trigger),
                    h('td', {}, rule.activity.lastRunFinished ? dateTime(rule.activity.lastRunFinished) : '–'),
                    h('td', {}, String(rule.activity.copied)),
                    h('td', {}, String(rule.activity.bytes)),
                    h('td', {}, String(rule.activity.failed)),
                    h('td', {'data-testid': 'backlog'}, String(rule.backlog))))))),
        h('h2', {}, 'Recent failures'),
        failures(overview.rules));
}

function failures(rules) {
    const all = rules.flatMap(rule => rule.activity.recentFailures.map(failure => ({rule: rule.name, ...failure})))
        .sort((a, b) => (a.at < b.at ? 1 : -1));
    if (all.length === 0) return h('p', {class: 'muted', 'data-testid': 'replication-failures'}, 'No failures.');
    return h('div', {class: 'card'}, h('table', {class: 'table', 'data-testid': 'replication-failures'},
        h('thead', {}, h('tr', {}, ['When', 'Rule', 'Item', 'Reason'].map(title => h('th', {}, title)))),
        h('tbody', {}, all.map(failure => h('tr', {},
            h('td', {}, dateTime(failure.at)),
            h('td', {}, h('code', {}, failure.rule)),
            h('td', {}, h('code', {}, failure.item)),
            h('td', {}, failure.reason))))));
}

import {api} from '../api.js';
import {h} from '../dom.js';
import {dateTime} from '../format.js';

/** Retention: the configured policies and what the last run (dry or real, on any replica) removed. */
export async function retentionPage() {
    const overview = await api.retention();
    return h('section', {},
        h('div', {class: 'page-head'}, h('h1', {}, 'Retention')),
        h('p', {class: 'muted small'}, overview.schedule
            ? `Runs on the schedule ${overview.schedule}.` : 'No schedule: runs only when an admin starts one.'),
        h('div', {class: 'card'}, overview.rules.length === 0
            ? h('p', {class: 'muted', 'data-testid': 'retention-rules'}, 'No retention rules are configured.')
            : h('table', {class: 'table', 'data-testid': 'retention-rules'},
                h('thead', {}, h('tr', {}, ['Repositories', 'Keep last', 'Keep tags', 'Older than', 'Not pulled for', 'Untagged']
                    .map(title => h('th', {}, title)))),
                h('tbody', {}, overview.rules.map(rule => h('tr', {},
                    h('td', {}, h('code', {}, rule.repositories)),
                    h('td', {}, rule.keepLast ?? '–'),
                    h('td', {}, rule.keepTags ? h('code', {}, rule.keepTags) : '–'),
                    h('td', {}, duration(rule.olderThan)),
                    h('td', {}, duration(rule.notPulledFor)),
                    h('td', {}, rule.untagged ? 'removed' : 'kept')))))),
        h('h2', {}, 'Last run'),
        overview.lastRun ? lastRun(overview.lastRun) : h('p', {class: 'muted', 'data-testid': 'retention-last-run'}, 'No run yet.'));
}

function lastRun(run) {
    return h('div', {class: 'card', 'data-testid': 'retention-last-run'},
        h('p', {}, `${dateTime(run.startedAt)}: ${run.summary}.`),
        run.removals.length === 0 ? null : h('table', {class: 'table'},
            h('thead', {}, h('tr', {}, h('th', {}, run.dryRun ? 'Would remove' : 'Removed'), h('th', {}, 'Why'))),
            h('tbody', {}, run.removals.map(removal => h('tr', {},
                h('td', {}, h('code', {}, removal.tag !== null
                    ? `${removal.repository}:${removal.tag}` : `${removal.repository}@${removal.digest}`)),
                h('td', {}, removal.reason))))),
        run.more ? h('p', {class: 'muted small'}, 'Only the first removals are listed.') : null);
}

/** Durations arrive as ISO-8601 (PT336H); days read better. */
function duration(iso) {
    if (!iso) return '–';
    const hours = Number((iso.match(/^PT(\d+)H$/) || [])[1]);
    return hours && hours % 24 === 0 ? `${hours / 24} days` : iso;
}

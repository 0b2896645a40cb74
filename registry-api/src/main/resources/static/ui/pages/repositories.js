import {api} from '../api.js';
import {h, render} from '../dom.js';
import {ago, dateTime} from '../format.js';
import {takeNotice} from './parts.js';

const PAGE = 50;

/** The repository list: server-side search by name, 50 at a time. */
export async function repositoriesPage(route) {
    const initial = route.query.get('q') ?? '';
    const search = h('input', {
        type: 'search', class: 'search', placeholder: 'Search repositories', value: initial,
        'aria-label': 'Search repositories', 'data-testid': 'repo-search', autofocus: true,
    });
    const count = h('span', {class: 'muted', 'data-testid': 'repo-count'});
    const body = h('tbody');
    const more = h('div', {class: 'more'});
    const table = h('table', {class: 'table', 'data-testid': 'repo-table'},
        h('thead', {}, h('tr', {}, h('th', {}, 'Repository'), h('th', {class: 'num'}, 'Tags'), h('th', {}, 'Last push'))),
        body);
    const empty = h('div', {class: 'empty hidden', 'data-testid': 'repo-empty'});

    let query = initial;
    let latest = 0;
    const left = takeNotice();

    async function load(last) {
        const mine = ++latest;
        const page = await api.repositories({q: query, last, n: PAGE});
        if (mine !== latest) return;
        if (!last) body.replaceChildren();
        for (const repo of page.repositories) body.append(row(repo));
        count.textContent = `${page.total.toLocaleString('en-US')} ${page.total === 1 ? 'repository' : 'repositories'}`
            + (query ? ` matching “${query}”` : '');
        empty.classList.toggle('hidden', page.total > 0);
        table.classList.toggle('hidden', page.total === 0);
        render(empty, query
            ? [h('p', {}, `No repository matches “${query}”.`)]
            : page.total === 0 && await mayShowMoreSignedIn() ? signInPrompt()
            : [h('p', {}, 'No repositories yet. Push an image to create one:'),
                h('pre', {class: 'command'}, `docker tag my-image ${location.host}/team/app:1\ndocker push ${location.host}/team/app:1`)]);
        render(more, page.next ? h('button', {
            class: 'button', type: 'button', 'data-testid': 'repo-more',
            onclick: () => load(page.next),
        }, 'Show more') : []);
    }

    let timer;
    search.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
            query = search.value.trim();
            history.replaceState(null, '', query ? `#/?q=${encodeURIComponent(query)}` : '#/');
            load('').catch(error => render(body, h('tr', {}, h('td', {colspan: 3, class: 'error'}, error.message))));
        }, 200);
    });

    await load('');
    queueMicrotask(() => search.focus());
    return h('section', {},
        left,
        h('div', {class: 'page-head'}, h('h1', {}, 'Repositories'), count),
        h('div', {class: 'toolbar'}, search),
        h('div', {class: 'card'}, table, empty),
        more);
}

/** An anonymous visitor of a registry with users may see nothing only because they have not signed in. */
async function mayShowMoreSignedIn() {
    try {
        const session = await api.session();
        return !session.user && session.signInOffered;
    } catch {
        return false;
    }
}

function signInPrompt() {
    return h('div', {'data-testid': 'sign-in-prompt'},
        h('p', {}, 'Sign in to see repositories.'),
        h('p', {}, h('a', {class: 'button primary', href: `#/sign-in?then=${encodeURIComponent('#/')}`,
            'data-testid': 'sign-in-prompt-link'}, 'Sign in')));
}

function row(repo) {
    const href = `#/repositories/${repo.name}`;
    return h('tr', {'data-testid': 'repo-row', dataset: {name: repo.name}},
        h('td', {}, h('a', {href, class: 'repo-name'}, repositoryName(repo.name))),
        h('td', {class: 'num'}, repo.tagCount.toLocaleString('en-US')),
        h('td', {title: dateTime(repo.lastPushed)}, repo.lastPushed ? ago(repo.lastPushed) : '–'));
}

/** team/app shown as a muted namespace and a strong last component. */
export function repositoryName(name) {
    const slash = name.lastIndexOf('/');
    return slash < 0 ? h('strong', {}, name)
        : [h('span', {class: 'namespace'}, name.slice(0, slash + 1)), h('strong', {}, name.slice(slash + 1))];
}

// Berth web UI: a hash-routed single page over the browse API (/api/).
//   #/                                        repositories (#/?q=search)
//   #/repositories/<name>                     a repository's tags
//   #/repositories/<name>/-/manifests/<ref>   one image
//   #/usage                                   storage use
//   #/retention                               retention policies and the last run
//   #/replication                             replication rules, their activity and failures
//   #/audit                                   the audit trail (#/audit?repository=&user=&since=&until=)
import {api, ApiError, signIn, signOut} from './api.js';
import {h, render} from './dom.js';
import {repositoriesPage} from './pages/repositories.js';
import {repositoryPage} from './pages/repository.js';
import {imagePage} from './pages/image.js';
import {usagePage} from './pages/usage.js';
import {retentionPage} from './pages/retention.js';
import {replicationPage} from './pages/replication.js';
import {auditPage} from './pages/audit.js';

const app = document.getElementById('app');

function parseRoute() {
    const [rawPath, queryString = ''] = (location.hash.replace(/^#/, '') || '/').split('?');
    const path = decodeURIComponent(rawPath);
    const query = new URLSearchParams(queryString);
    let match;
    if ((match = path.match(/^\/repositories\/(.+?)\/-\/manifests\/([^/]+)$/))) {
        return {page: 'image', name: match[1], reference: match[2], query};
    }
    if ((match = path.match(/^\/repositories\/(.+?)\/?$/))) {
        return {page: 'repository', name: match[1], query};
    }
    if (path === '/usage') return {page: 'usage', query};
    if (path === '/retention') return {page: 'retention', query};
    if (path === '/replication') return {page: 'replication', query};
    if (path === '/audit') return {page: 'audit', query};
    if (path === '/sign-in') return {page: 'signIn', query};
    return {page: 'repositories', query};
}

let generation = 0;

async function show() {
    const route = parseRoute();
    const mine = ++generation;
    for (const link of document.querySelectorAll('[data-nav]')) {
        const active = link.dataset.nav === route.page || (link.dataset.nav === 'repositories' && !['usage', 'retention', 'replication', 'audit'].includes(route.page));
        link.classList.toggle('active', active);
    }
    renderSession();
    render(app, h('div', {class: 'loading'}, 'Loading…'));
    const pages = {
        repositories: repositoriesPage, repository: repositoryPage, image: imagePage, usage: usagePage,
        retention: retentionPage, replication: replicationPage, audit: auditPage,
        signIn: async () => loginForm(route.query.get('then') ?? '#/'),
    };
    try {
        const content = await pages[route.page](route);
        if (mine === generation) {
            render(app, content);
            app.dataset.page = route.page;
        }
    } catch (error) {
        if (mine === generation) render(app, failure(error));
    }
}

function failure(error) {
    if (error instanceof ApiError && error.status === 401) return loginForm(location.hash || '#/');
    const status = error instanceof ApiError ? error.status : 0;
    const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong';
    return h('section', {class: 'card empty'},
        h('h1', {}, title),
        h('p', {class: 'error', 'data-testid': 'error'}, error.message),
        h('p', {}, h('a', {href: '#/'}, 'Back to repositories')));
}

/** Signs in with a user name and password (or a CI token's name and secret), then goes on to {@code then}. */
function loginForm(then) {
    const user = h('input', {name: 'username', autocomplete: 'username', required: true, 'data-testid': 'login-user'});
    const password = h('input', {
        name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'login-password',
    });
    const message = h('p', {class: 'error', role: 'alert', 'data-testid': 'login-error'});
    const form = h('form', {class: 'card login', 'data-testid': 'login'},
        h('h1', {}, 'Sign in'),
        h('p', {class: 'muted'}, 'Sign in to see the repositories you may pull from.'),
        h('label', {}, 'User name', user),
        h('label', {}, 'Password', password),
        message,
        h('button', {class: 'button primary', type: 'submit', 'data-testid': 'login-submit'}, 'Sign in'));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        message.textContent = '';
        try {
            await signIn(user.value, password.value);
            if (location.hash === then) show(); else location.hash = then;
        } catch (error) {
            message.textContent = error instanceof ApiError && error.status === 401
                ? 'Wrong user name or password.' : error.message;
        }
    });
    queueMicrotask(() => user.focus());
    return form;
}

/** The header's corner: who is signed in, or a way to sign in where the registry has users. */
async function renderSession() {
    const session = document.getElementById('session');
    let state;
    try {
        state = await api.session();
    } catch {
        render(session);
        return;
    }
    if (state.user) {
        render(session, h('span', {class: 'muted', 'data-testid': 'signed-in-as'}, state.user),
            h('button', {class: 'link', type: 'button', 'data-testid': 'sign-out', onclick: () => { signOut(); show(); }},
                'Sign out'));
    } else if (state.signInOffered) {
        render(session, h('a', {href: `#/sign-in?then=${encodeURIComponent(location.hash || '#/')}`, 'data-testid': 'sign-in'},
            'Sign in'));
    } else {
        render(session);
    }
}

addEventListener('hashchange', show);
addEventListener('berth:refresh', show);
show();

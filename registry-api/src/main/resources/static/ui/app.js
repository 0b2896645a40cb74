// Berth web UI: a hash-routed single page over the browse API (/api/).
//   #/                                        repositories (#/?q=search)
//   #/repositories/<name>                     a repository's tags
//   #/repositories/<name>/-/manifests/<ref>   one image
//   #/usage                                   storage use
import {ApiError, signIn, signOut, signedInUser} from './api.js';
import {h, render} from './dom.js';
import {repositoriesPage} from './pages/repositories.js';
import {repositoryPage} from './pages/repository.js';
import {imagePage} from './pages/image.js';
import {usagePage} from './pages/usage.js';

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
    return {page: 'repositories', query};
}

let generation = 0;

async function show() {
    const route = parseRoute();
    const mine = ++generation;
    for (const link of document.querySelectorAll('[data-nav]')) {
        const active = link.dataset.nav === route.page || (link.dataset.nav === 'repositories' && route.page !== 'usage');
        link.classList.toggle('active', active);
    }
    renderSession();
    render(app, h('div', {class: 'loading'}, 'Loading…'));
    const pages = {repositories: repositoriesPage, repository: repositoryPage, image: imagePage, usage: usagePage};
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
    if (error instanceof ApiError && error.status === 401) return loginForm();
    const title = error instanceof ApiError && error.status === 404 ? 'Not found' : 'Something went wrong';
    return h('section', {class: 'card empty'},
        h('h1', {}, title),
        h('p', {class: 'error', 'data-testid': 'error'}, error.message),
        h('p', {}, h('a', {href: '#/'}, 'Back to repositories')));
}

function loginForm() {
    const user = h('input', {name: 'username', autocomplete: 'username', required: true});
    const password = h('input', {name: 'password', type: 'password', autocomplete: 'current-password', required: true});
    const form = h('form', {class: 'card login', 'data-testid': 'login'},
        h('h1', {}, 'Sign in'),
        h('p', {class: 'muted'}, 'This registry needs your credentials to show its repositories.'),
        h('label', {}, 'Username', user),
        h('label', {}, 'Password', password),
        h('button', {class: 'button primary', type: 'submit'}, 'Sign in'));
    form.addEventListener('submit', event => {
        event.preventDefault();
        signIn(user.value, password.value);
        show();
    });
    return form;
}

function renderSession() {
    const session = document.getElementById('session');
    const user = signedInUser();
    render(session, user ? [h('span', {class: 'muted'}, user), ' ',
        h('button', {class: 'link', type: 'button', onclick: () => { signOut(); show(); }}, 'Sign out')] : []);
}

addEventListener('hashchange', show);
addEventListener('berth:refresh', show);
show();

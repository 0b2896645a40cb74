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
    const command = `docker pull ${reference}`;
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

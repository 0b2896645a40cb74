// Building DOM nodes without innerHTML: every value from the registry is set as text, never parsed as HTML.

/** h('a', {href: '#/', class: 'x', onclick: fn, dataset: {name: 'x'}}, 'text', child, [more]) */
export function h(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props ?? {})) {
        if (value === undefined || value === null || value === false) continue;
        if (key === 'class') node.className = value;
        else if (key === 'dataset') Object.assign(node.dataset, value);
        else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
        else if (key === 'value') node.value = value;
        else node.setAttribute(key, value === true ? '' : value);
    }
    append(node, children);
    return node;
}

function append(node, children) {
    for (const child of children) {
        if (child === undefined || child === null || child === false) continue;
        if (Array.isArray(child)) append(node, child);
        else node.append(child instanceof Node ? child : String(child));
    }
}

/** Replaces everything inside a node. */
export function render(node, ...children) {
    node.replaceChildren();
    append(node, children);
}

/** A copy button for a piece of text; falls back to a selection copy where the clipboard API is not offered (plain HTTP). */
export function copyButton(text, label = 'Copy') {
    const button = h('button', {class: 'button small copy', type: 'button', 'data-testid': 'copy', title: 'Copy to clipboard'}, label);
    button.addEventListener('click', async () => {
        const done = () => {
            button.textContent = 'Copied';
            button.classList.add('copied');
            setTimeout(() => { button.textContent = label; button.classList.remove('copied'); }, 1500);
        };
        try {
            await navigator.clipboard.writeText(text);
            done();
        } catch {
            const area = h('textarea', {class: 'offscreen', readonly: true});
            area.value = text;
            document.body.append(area);
            area.select();
            const ok = document.execCommand('copy');
            area.remove();
            if (ok) done(); else button.textContent = 'Press Ctrl+C';
        }
    });
    return button;
}

/** Asks in the page's dialog; resolves true when the user confirms. */
export function confirmDelete(title, text) {
    const dialog = document.getElementById('confirm');
    document.getElementById('confirm-title').textContent = title;
    document.getElementById('confirm-text').textContent = text;
    dialog.returnValue = '';
    return new Promise(resolve => {
        dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true});
        dialog.showModal();
    });
}

// The browse API client. Errors arrive in the OCI error format: {"errors":[{"code","message","detail"}]}.

const CREDENTIALS = 'berth.credentials';

export class ApiError extends Error {
    constructor(status, code, message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}

/**
 * Checks the user name and password with the registry and, when they are right, keeps them (as
 * Basic credentials) for this browser tab only. Throws ApiError 401 when they are wrong.
 */
export async function signIn(username, password) {
    const credentials = btoa(String.fromCharCode(...new TextEncoder().encode(`${username}:${password}`)));
    const session = await request('GET', 'session', credentials);
    sessionStorage.setItem(CREDENTIALS, credentials);
    sessionStorage.setItem(`${CREDENTIALS}.user`, session.user ?? username);
}

export function signOut() {
    sessionStorage.removeItem(CREDENTIALS);
    sessionStorage.removeItem(`${CREDENTIALS}.user`);
}

async function request(method, path, credentials = sessionStorage.getItem(CREDENTIALS)) {
    // Marks the request as the page's own: a refusal then carries no challenge, so the browser does
    // not open its login dialog over the page's sign-in form.
    const headers = {Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest'};
    if (credentials) headers.Authorization = `Basic ${credentials}`;
    const response = await fetch(`/api/${path}`, {method, headers});
    if (response.ok) return response.status === 204 ? null : response.json();
    let code = 'UNKNOWN';
    let message = `${response.status} ${response.statusText}`;
    try {
        const body = await response.json();
        const error = body.errors?.[0];
        if (error) {
            code = error.code;
            message = error.message;
        }
    } catch {
        // not JSON: keep the status line
    }
    throw new ApiError(response.status, code, message);
}

/** Repository names, tags and digests are URL-safe by their grammars, so they go into paths as they are. */
export function repositoryPath(name) {
    return `repositories/${name}`;
}

export const api = {
    repositories: ({q = '', last = '', n = 50} = {}) =>
        request('GET', `repositories?n=${n}&q=${encodeURIComponent(q)}&last=${encodeURIComponent(last)}`),
    repository: name => request('GET', repositoryPath(name)),
    tags: (name, {last = '', n = 100} = {}) =>
        request('GET', `${repositoryPath(name)}/-/tags?n=${n}&last=${encodeURIComponent(last)}`),
    image: (name, reference) => request('GET', `${repositoryPath(name)}/-/manifests/${reference}`),
    usage: () => request('GET', 'usage'),
    session: () => request('GET', 'session'),
    retention: () => request('GET', 'admin/retention'),
    replication: () => request('GET', 'admin/replication'),
    audit: (filters = {}) => request('GET', `admin/audit?${new URLSearchParams(
        Object.entries(filters).filter(([, value]) => value))}`),
    deleteRepository: name => request('DELETE', repositoryPath(name)),
    deleteTag: (name, tag) => request('DELETE', `${repositoryPath(name)}/-/tags/${tag}`),
    deleteImage: (name, digest) => request('DELETE', `${repositoryPath(name)}/-/manifests/${digest}`),
};

// The browse API client. Errors arrive in the OCI error format: {"errors":[{"code","message","detail"}]}.

const CREDENTIALS = 'berth.credentials';

export class ApiError extends Error {
    constructor(status, code, message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}

/** Signing in keeps Basic credentials for this browser tab only. */
export function signIn(username, password) {
    sessionStorage.setItem(CREDENTIALS, btoa(`${username}:${password}`));
    sessionStorage.setItem(`${CREDENTIALS}.user`, username);
}

export function signOut() {
    sessionStorage.removeItem(CREDENTIALS);
    sessionStorage.removeItem(`${CREDENTIALS}.user`);
}

export function signedInUser() {
    return sessionStorage.getItem(`${CREDENTIALS}.user`);
}

async function request(method, path) {
    const headers = {Accept: 'application/json'};
    const credentials = sessionStorage.getItem(CREDENTIALS);
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
    tags: name => request('GET', `${repositoryPath(name)}/-/tags`),
    image: (name, reference) => request('GET', `${repositoryPath(name)}/-/manifests/${reference}`),
    usage: () => request('GET', 'usage'),
    deleteTag: (name, tag) => request('DELETE', `${repositoryPath(name)}/-/tags/${tag}`),
    deleteImage: (name, digest) => request('DELETE', `${repositoryPath(name)}/-/manifests/${digest}`),
};

import { describe, expect, it } from 'vitest';
import {
  allowedHosts,
  checkAccess,
  createAccessToken,
  findToken,
  isAllowedHost,
  isAllowedOrigin,
  parseCookies,
  tokenCookie,
  tokenCookieName,
  tokensEqual,
  type AccessPolicy,
} from '../../../relay/server/access.ts';

const TOKEN = 'abc123_token';
const HOSTS = allowedHosts({ host: '127.0.0.1', port: 8890 });
const COOKIE = 'jvmnb_token_8890';
const POLICY: AccessPolicy = { token: TOKEN, cookie: COOKIE, hosts: HOSTS, origins: ['http://localhost:5173'] };

function request(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return { url, method, headers: { host: '127.0.0.1:8890', ...headers } };
}

describe('createAccessToken', () => {
  it('draws 24 random bytes as base64url', () => {
    const token = createAccessToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(createAccessToken()).not.toBe(token);
  });

  it('keeps a given token and refuses one unsafe in a cookie or URL', () => {
    expect(createAccessToken('my-token')).toBe('my-token');
    expect(() => createAccessToken('')).toThrow(TypeError);
    expect(() => createAccessToken('a;b')).toThrow(/letters, digits/);
  });
});

describe('findToken', () => {
  it('accepts the token as query, bearer header or cookie', () => {
    expect(findToken(request(`/?token=${TOKEN}`), TOKEN, COOKIE)).toBe('query');
    expect(findToken(request('/', { authorization: `Bearer ${TOKEN}` }), TOKEN, COOKIE)).toBe('header');
    expect(findToken(request('/', { cookie: `other=1; ${COOKIE}=${TOKEN}` }), TOKEN, COOKIE)).toBe('cookie');
  });

  it('refuses a missing or wrong token', () => {
    expect(findToken(request('/'), TOKEN, COOKIE)).toBeNull();
    expect(findToken(request('/?token=abc'), TOKEN, COOKIE)).toBeNull();
    expect(findToken(request('/', { authorization: `Basic ${TOKEN}` }), TOKEN, COOKIE)).toBeNull();
    expect(findToken(request('/', { cookie: `${COOKIE}=${TOKEN}x` }), TOKEN, COOKIE)).toBeNull();
  });

  it('ignores the token in a cookie named for another relay', () => {
    expect(findToken(request('/', { cookie: `jvmnb_token_8891=${TOKEN}` }), TOKEN, COOKIE)).toBeNull();
    expect(findToken(request('/', { cookie: `jvmnb_token=${TOKEN}` }), TOKEN, COOKIE)).toBeNull();
  });

  it('accepts the token in any cookie of its name, so a planted cookie sent first does not shadow it', () => {
    expect(findToken(request('/', { cookie: `${COOKIE}=planted; ${COOKIE}=${TOKEN}` }), TOKEN, COOKIE)).toBe('cookie');
  });

  it('refuses an unparsable path without throwing', () => {
    expect(findToken(request('//%zz'), TOKEN, COOKIE)).toBeNull();
    expect(findToken(request('//%zz', { authorization: `Bearer ${TOKEN}` }), TOKEN, COOKIE)).toBe('header');
  });

  it('tries every credential: a stale cookie does not hide a right query token', () => {
    expect(findToken(request(`/?token=${TOKEN}`, { cookie: `${COOKIE}=stale` }), TOKEN, COOKIE)).toBe('query');
  });
});

describe('tokensEqual', () => {
  it('compares whole strings of any length', () => {
    expect(tokensEqual('a', 'a')).toBe(true);
    expect(tokensEqual('a', 'ab')).toBe(false);
    expect(tokensEqual('', 'a')).toBe(false);
  });
});

describe('tokenCookie and parseCookies', () => {
  it("names the cookie after the relay's port", () => {
    expect(tokenCookieName(8890)).toBe('jvmnb_token_8890');
    expect(tokenCookieName(8891)).not.toBe(tokenCookieName(8890));
  });

  it('sets an HttpOnly, SameSite=Strict cookie for the whole site', () => {
    expect(tokenCookie(COOKIE, TOKEN)).toBe(`${COOKIE}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('reads cookies, keeping every value of a name in the order sent', () => {
    expect(parseCookies(' a=1; b = 2 ;a=3; junk')).toEqual(
      new Map([
        ['a', ['1', '3']],
        ['b', ['2']],
      ]),
    );
    expect(parseCookies(undefined)).toEqual(new Map());
  });
});

describe('allowedHosts and isAllowedHost', () => {
  it('allows the loopback names and the bind address on the relay port', () => {
    expect([...HOSTS].sort()).toEqual(['127.0.0.1:8890', '[::1]:8890', 'localhost:8890']);
    expect(isAllowedHost('LOCALHOST:8890', HOSTS)).toBe(true);
    expect(isAllowedHost('localhost:8891', HOSTS)).toBe(false);
    expect(isAllowedHost('evil.example:8890', HOSTS)).toBe(false);
    expect(isAllowedHost(undefined, HOSTS)).toBe(false);
  });

  it('adds an IPv6 bind address in brackets, extra names, and portless names on port 80', () => {
    expect(allowedHosts({ host: '::', port: 9000 }, ['box.lan:9000']).has('[::]:9000')).toBe(true);
    expect(allowedHosts({ host: '::', port: 9000 }, ['Box.lan:9000']).has('box.lan:9000')).toBe(true);
    expect(allowedHosts({ host: '127.0.0.1', port: 80 }).has('localhost')).toBe(true);
  });
});

describe('isAllowedOrigin', () => {
  it('allows no Origin (non-browser clients), the relay own origin and listed origins', () => {
    expect(isAllowedOrigin(undefined, HOSTS, [])).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:8890', HOSTS, [])).toBe(true);
    expect(isAllowedOrigin('http://localhost:8890', HOSTS, [])).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173', HOSTS, ['http://localhost:5173/'])).toBe(true);
  });

  it('refuses foreign, null and https look-alike origins', () => {
    expect(isAllowedOrigin('http://evil.example', HOSTS, [])).toBe(false);
    expect(isAllowedOrigin('null', HOSTS, [])).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:8890', HOSTS, [])).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:8891', HOSTS, [])).toBe(false);
  });
});

describe('checkAccess', () => {
  it('checks Host first: a rebound name is refused even with the token', () => {
    const result = checkAccess(request(`/?token=${TOKEN}`, { host: 'evil.example:8890' }), POLICY, 'http');
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('answers 401 without the token, explaining how to provide it', () => {
    expect(checkAccess(request('/health'), POLICY, 'http')).toMatchObject({
      ok: false,
      status: 401,
      message: expect.stringContaining('?token='),
    });
  });

  it('checks Origin for WebSockets and for requests that change state, not for reads', () => {
    const foreign = request(`/ws?token=${TOKEN}`, { origin: 'http://evil.example' });
    expect(checkAccess(foreign, POLICY, 'http')).toEqual({ ok: true, source: 'query' });
    const foreignPost = request(
      `/api/jvm/restart?token=${TOKEN}`,
      { origin: 'http://127.0.0.1:8891', 'content-type': 'application/json' },
      'POST',
    );
    expect(checkAccess(foreignPost, POLICY, 'http')).toMatchObject({
      ok: false,
      status: 403,
      code: 'E_ORIGIN_NOT_ALLOWED',
    });
    expect(checkAccess(foreign, POLICY, 'websocket')).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(request('/ws', { authorization: `Bearer ${TOKEN}` }), POLICY, 'websocket')).toEqual({
      ok: true,
      source: 'header',
    });
    expect(
      checkAccess(
        request('/ws', { cookie: `${COOKIE}=${TOKEN}`, origin: 'http://localhost:5173' }),
        POLICY,
        'websocket',
      ),
    ).toEqual({ ok: true, source: 'cookie' });
  });

  it('refuses a state-changing request that a page could send without a preflight', () => {
    const own = { origin: 'http://127.0.0.1:8890', authorization: `Bearer ${TOKEN}` };
    for (const method of ['POST', 'PUT', 'DELETE']) {
      expect(checkAccess(request('/api/jvm/restart', own, method), POLICY, 'http')).toMatchObject({
        ok: false,
        status: 403,
        code: 'E_FORGEABLE_REQUEST',
      });
      expect(
        checkAccess(request('/api/jvm/restart', { ...own, 'content-type': 'text/plain' }, method), POLICY, 'http'),
      ).toMatchObject({ ok: false, code: 'E_FORGEABLE_REQUEST' });
    }
  });

  it('accepts a state-changing request with a JSON body or the notebook header, from its own origin or none', () => {
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const json = { ...bearer, 'content-type': 'application/json; charset=utf-8' };
    const marked = { ...bearer, 'x-jvm-notebook': '1', origin: 'http://localhost:8890' };
    expect(checkAccess(request('/api/jvm/restart', json, 'POST'), POLICY, 'http')).toEqual({
      ok: true,
      source: 'header',
    });
    expect(checkAccess(request('/api/notebooks/a.ipynb', marked, 'DELETE'), POLICY, 'http')).toEqual({
      ok: true,
      source: 'header',
    });
    expect(checkAccess(request('/', bearer, 'HEAD'), POLICY, 'http')).toEqual({ ok: true, source: 'header' });
  });
});

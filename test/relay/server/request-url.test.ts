import { describe, expect, it } from 'vitest';
import { requestUrl } from '../../../relay/server/request-url.ts';

describe('requestUrl', () => {
  it('reads the path and query of an origin-form request-target', () => {
    const url = requestUrl('/api/notebooks/a.ipynb?token=x');
    expect(url?.pathname).toBe('/api/notebooks/a.ipynb');
    expect(url?.searchParams.get('token')).toBe('x');
  });

  it('keeps a path that starts with two slashes a path instead of throwing', () => {
    expect(requestUrl('//%zz')?.pathname).toBe('//%zz');
    expect(requestUrl('/.//%zz')?.pathname).toBe('//%zz');
    expect(requestUrl('/\\evil.example/x')?.host).toBe('relay.invalid');
  });

  it('refuses request-targets that are not paths', () => {
    expect(requestUrl('http://evil.example/')).toBeNull();
    expect(requestUrl('*')).toBeNull();
    expect(requestUrl('')).toBeNull();
  });

  it('reads a missing request-target as the root', () => {
    expect(requestUrl(undefined)?.pathname).toBe('/');
  });
});

/** A browser's cookie jar, as far as the OAuth flows in tests need one (name → value, no paths or expiry). */
export type CookieJar = Map<string, string>;

/** One request without following redirects, sending the jar's cookies and keeping the ones set. */
export const fetchWithCookies = async (
  url: URL,
  jar: CookieJar,
  init: RequestInit = {},
): Promise<Response> => {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: {
      ...(init.headers as Record<string, string>),
      cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
    },
  });
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const [name, ...value] = pair!.split('=');
    jar.set(name!.trim(), value.join('='));
  }
  return response;
};

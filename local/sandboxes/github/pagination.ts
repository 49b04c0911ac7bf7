/** `per_page` (default 30, at most 100) and `page` (from 1), as GitHub reads them. */
export function readPaging(url: URL): { perPage: number; page: number } {
  const perPage = Number.parseInt(url.searchParams.get('per_page') ?? '', 10);
  const page = Number.parseInt(url.searchParams.get('page') ?? '', 10);
  return {
    perPage: Number.isFinite(perPage) && perPage > 0 ? Math.min(perPage, 100) : 30,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/**
 * One page of `items` and GitHub's `Link` header: absolute URLs that keep the request's other query
 * parameters, with `rel="prev"`, `"next"`, `"last"` and `"first"` only where they apply.
 */
export function paginate<T>(url: URL, items: T[]): { items: T[]; link?: string } {
  const { perPage, page } = readPaging(url);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const pageUrl = (target: number) => {
    const next = new URL(url.pathname, 'https://api.github.com');
    for (const [key, value] of url.searchParams) if (key !== 'page') next.searchParams.append(key, value);
    next.searchParams.set('page', String(target));
    return `<${next.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${pageUrl(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (page < lastPage) links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${pageUrl(1)}; rel="first"`);
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    link: links.length > 0 ? links.join(', ') : undefined,
  };
}

// A small router over the History API: the server answers every non-API path with the app
// (src/http/static.ts), so each page has a real address that can be bookmarked and reloaded.
import { createContext, useContext, useEffect, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

const RouterContext = createContext<{ path: string; navigate(to: string, opts?: { replace?: boolean }): void }>({
  path: '/',
  navigate: () => {},
});

export function RouterProvider({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(() => location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = (to: string, opts: { replace?: boolean } = {}) => {
    if (to === location.pathname) return;
    if (opts.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    setPath(location.pathname);
  };
  return <RouterContext.Provider value={{ path, navigate }}>{children}</RouterContext.Provider>;
}

export function useRouter() {
  return useContext(RouterContext);
}

/** A link that changes the page without reloading the app (modified clicks open normally). */
export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const { path, navigate } = useRouter();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} aria-current={path === to ? 'page' : undefined} {...rest} onClick={onClick}>
      {children}
    </a>
  );
}

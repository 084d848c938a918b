import type { Express } from 'express';

export interface RegisteredRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  matchers?: ((path: string) => unknown)[];
}

/** Every route the app registered, with the '/api/v1' prefix of the routers mounted there. */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path]) {
          for (const method of Object.keys(layer.route.methods)) out.push({ method, path: `${prefix}${path}` });
        }
      } else if (layer.handle?.stack) {
        const underApi = Boolean(layer.matchers?.[0]?.('/api/v1/x')) && !layer.matchers?.[0]?.('/x');
        walk(layer.handle.stack, underApi ? '/api/v1' : prefix);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

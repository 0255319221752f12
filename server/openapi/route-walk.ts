import type { Express } from 'express';
import { normalizePath } from '../shared/policy';
import { REQUEST_SHAPE, type RequestShape } from '../shared/validate';

/** One registered route: method, full Express path and the request shape `handle` declared, if any. */
export interface RegisteredRoute {
  readonly method: string;
  readonly path: string;
  readonly shape?: RequestShape;
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean>; stack: Layer[] };
  handle?: { stack?: Layer[]; [REQUEST_SHAPE]?: RequestShape };
  rawPath?: unknown;
}

/** Every (method, full path) registered on the app, read from the router stack itself. */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = normalizePath(`${prefix}/${String(layer.route.path)}`);
        const shape = layer.route.stack.map((l) => l.handle?.[REQUEST_SHAPE]).find(Boolean);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all')
            out.push({ method: method.toUpperCase(), path, ...(shape ? { shape } : {}) });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, `${prefix}/${typeof layer.rawPath === 'string' ? layer.rawPath : ''}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

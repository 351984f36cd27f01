import type http from 'node:http';
import cors from 'cors';

type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: (error?: unknown) => void) => void;

/**
 * CORS for partner pages calling from the browser: only the origins
 * configured (CORS_ORIGINS; none by default, `*` for any). Tokens travel in
 * the Authorization header, never in cookies, so no credentials mode.
 * Preflights are answered here (204) and cached by browsers for 10 minutes.
 */
export function corsFor(origins: string[]): Middleware {
  return cors({
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'age'],
    maxAge: 600,
  }) as Middleware;
}

/** Runs `middlewares` in turn, then `handler`; a middleware that answers (a preflight) ends the chain. */
export function chain(middlewares: Middleware[], handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const run = (index: number) => {
      if (index === middlewares.length) return handler(req, res);
      middlewares[index](req, res, (error) => {
        if (error) {
          res.statusCode = 500;
          return res.end();
        }
        run(index + 1);
      });
    };
    run(0);
  };
}

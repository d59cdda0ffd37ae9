/**
 * Serves a browser UI without a build step: `/` is the page, `/ui/` its ES modules and CSS, `/ui/kit/`
 * the helpers both UIs share. The pages put API data into the DOM as text only and load no inline
 * script, so the content security policy can forbid everything but the UI's own files.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

const KIT_DIR = fileURLToPath(new URL('./public/kit/', import.meta.url));

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page in `pagesDir/index.html` at `/`, the files of `pagesDir` under `/ui/`, the shared kit under `/ui/kit/`. */
export function staticUi(pagesDir: string): Router {
  const router = express.Router();
  const page = join(pagesDir, 'index.html');
  router.get('/', (_req, res) => {
    res.set({ 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' });
    res.sendFile(page);
  });
  // No redirect of a folder to its path with "/": that answer is an HTML page, and no folder is a page here.
  router.use('/ui/kit', express.static(KIT_DIR, { index: false, redirect: false }));
  router.use('/ui', express.static(pagesDir, { index: false, redirect: false }));
  return router;
}

/**
 * The baseline for the mock's throughput: bare express 5 that parses JSON and answers 200 `{"ok":true}`.
 * `node --import tsx bench/mock-express-baseline.ts PORT`
 */
import express from 'express';

const port = Number(process.argv[2] ?? 0);
const app = express();
app.use(express.json());
app.post('/api/flo/:flowId/invoke', (_req, res) => {
  res.json({ ok: true });
});
const server = app.listen(port, '127.0.0.1', () => console.log(`ready http://127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close());

import fs from 'node:fs/promises';

export default async function globalTeardown() {
  const embedded = globalThis.__HOTLINE_EMBEDDED__;
  if (embedded) {
    await embedded.db.stop();
    await fs.rm(embedded.dir, { recursive: true, force: true });
  }
}

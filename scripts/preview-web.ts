/**
 * Serve the built renderer through the loopback bridge, wired to the real engine, for a look in
 * any browser without Electron: `npm run preview:web` then open the printed URL.
 */
import { join } from 'node:path';
import { startBridge } from '../electron/bridge/server';

startBridge({ staticDir: join(__dirname, '..', 'out', 'renderer'), port: Number(process.env.PORT ?? 0) }).then((b) => {
  console.log(`Open ${b.pageUrl}`);
});

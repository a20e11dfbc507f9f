import { isolateProcessEnv } from '../../test/support/isolate';

/** Component tests run the real engine: keep them off the real HOME and /tmp too (see isolate.ts). */
export default function setup(): () => void {
  return isolateProcessEnv();
}

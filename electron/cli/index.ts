import { defaultIO } from './io';
import { main } from './program';

main(process.argv.slice(2), defaultIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(String(err?.stack ?? err) + '\n');
    process.exitCode = 1;
  },
);

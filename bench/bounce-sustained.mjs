// Sustained bounce throughput of one long-running maildoctor process (as in the HTTP API or a
// queue worker that reads its DSNs): the messages of DIR analysed in passes, each pass doing
// what `maildoctor bounce --json DIR` does (list the files, read each message, analyse it,
// serialise its JSON lines; not written). Prints the median microseconds per message over the
// MEASURED passes that follow WARMUP passes (V8 reaches its optimised code only after
// thousands of messages). Run by bench/bounce-throughput.sh, pinned to one core beside the
// same loop in Sisimai; uses the built library (npm run build). Not runBounce itself: it also
// encodes and writes the lines (72-76 instead of 61-68 us per message), which the Sisimai
// loop does not; the loop below is run()'s of bounce/run.ts without the writing.
//   node bench/bounce-sustained.mjs DIR WARMUP MEASURED
/* global process, console */
import { analyzeBounce } from '../dist/index.js';
import { forEachMessage } from '../dist/bounce/mailbox-source.js';
import { jsonLine, notBounceLine } from '../dist/bounce/run.js';

const [dir, warmup = '30', measured = '10'] = process.argv.slice(2);
const times = [];
let bytes = 0; // consumed, so that no serialisation is optimised away
for (let p = 0; p < Number(warmup) + Number(measured); p++) {
  const t0 = process.hrtime.bigint();
  let n = 0;
  await forEachMessage(dir, (m) => {
    n++;
    const records = analyzeBounce(m.raw);
    if (records.length === 0) bytes += notBounceLine(m.file).length;
    for (const r of records) bytes += jsonLine(m.file, r).length;
  }, { borrow: true });
  if (p >= Number(warmup)) times.push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
}
times.sort((a, b) => a - b);
console.log(`${times[Math.floor(times.length / 2)].toFixed(1)} ${bytes}`);

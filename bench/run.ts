/**
 * npm run bench: every benchmark, printed as tables and written to
 * bench/results.json. Not part of npm test (it takes a few minutes:
 * SOAK_REQUESTS=20000 shortens the soak).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatPollingTable, runPollingBench } from "./polling.ts";
import { runRateLimitBench } from "./rate-limit.ts";
import { runSoakBench, soakTable } from "./soak.ts";

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

const rateLimit = await runRateLimitBench();
results.rateLimit = rateLimit;
console.table(rateLimit.bursts);
console.table(rateLimit.overheads);

const polling = await runPollingBench();
results.polling = polling;
console.log(formatPollingTable(polling));

const soak = await runSoakBench();
results.soak = soak;
console.table(soakTable(soak));

const out = fileURLToPath(new URL("./results.json", import.meta.url));
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${out}`);
process.exit(0);

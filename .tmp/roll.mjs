import {measureRun, runParams} from '../dist/scripts/bench/latency.js'
const p = runParams(3)
globalThis.__debugPolls = true
for (const r of p) console.log(JSON.stringify(r), JSON.stringify(await measureRun(process.argv[2] ?? 'rolling update', 'ours', r)))

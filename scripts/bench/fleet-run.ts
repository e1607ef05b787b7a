/**
 * Child process of the benchmark: deploys N apps at once (scripts/bench/fleet.ts) and prints the
 * result as one JSON line, so the parent reads this process's peak RSS alone.
 */
import {runFleet} from './fleet.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const apps = Number(process.argv[2] ?? '1')
process.stdout.write(`${JSON.stringify(await runFleet(apps))}\n`)

#!/usr/bin/env node
// The AWS SDK warns on every start under Node 20; the lockfile pins a release that supports it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
// oclif checks Node against its own engines on load (loading semver); package.json's engines cover it.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= 'true'
// The bundle (scripts/build.mjs): `--version` is answered before oclif is loaded.
const {main} = await import('../dist/cli/main.js')
await main(process.argv.slice(2), import.meta.url)

// `node --import ./record-loads.mjs ...`: every ES module the process loads is appended, one URL per
// line, to the file named by HAKO_TEST_LOADS (the module hooks run on their own thread).
import {register} from 'node:module'

register('./record-loads-hook.mjs', import.meta.url, {data: {file: process.env.HAKO_TEST_LOADS}})

// Presign loop with ali-oss (Node), for bench/peers.py.
//
//   node bench/ali_oss_driver.js NODE_DIR SPEC_JSON
//
// NODE_DIR holds node_modules with the pinned ali-oss (bench/package.json).
// SPEC_JSON: {endpoint_region, bucket, key, access_key_id, access_key_secret,
// security_token, signing_time, expires, query, seconds, rounds}.
// Prints {"url", "iterations", "wall": [...], "cpu": [...]}: presigns per
// second by elapsed time and by the process's CPU time, one per round.
'use strict';

const path = require('path');
const { createRequire } = require('module');

const [nodeDir, specJson] = process.argv.slice(2);
const spec = JSON.parse(specJson);
const OSS = createRequire(path.join(path.resolve(nodeDir), 'package.json'))('ali-oss');

// ali-oss takes the signing time from `new Date()` and has no option to fix
// it: freeze the clock that a no-argument Date reads.
const fixedMs = spec.signing_time * 1000;
const RealDate = Date;
class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) {
      super(fixedMs);
    } else {
      super(...args);
    }
  }

  static now() {
    return fixedMs;
  }
}
global.Date = FixedDate;

const client = new OSS({
  region: `oss-${spec.region}`,
  accessKeyId: spec.access_key_id,
  accessKeySecret: spec.access_key_secret,
  stsToken: spec.security_token || undefined,
  bucket: spec.bucket,
  secure: true,
  authorizationV4: true,
});
const request = { queries: spec.query };

function presign() {
  return client.signatureUrlV4('GET', spec.expires, request, spec.key);
}

function cpuSeconds() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function wallSeconds() {
  return Number(process.hrtime.bigint()) / 1e9;
}

async function timed(n) {
  const wall = wallSeconds();
  const cpu = cpuSeconds();
  for (let i = 0; i < n; i++) {
    await presign();
  }
  return { wall: wallSeconds() - wall, cpu: cpuSeconds() - cpu };
}

async function main() {
  const url = await presign();
  // Let the JIT compile the signing path before anything is timed.
  const warmUpEnd = wallSeconds() + 0.5;
  while (wallSeconds() < warmUpEnd) {
    await timed(100);
  }
  let n = 100;
  let t;
  while ((t = await timed(n)).wall < 0.05) {
    n *= 2;
  }
  n = Math.ceil((n * spec.seconds) / t.wall);
  const result = { url, iterations: n, wall: [], cpu: [] };
  for (let r = 0; r < spec.rounds; r++) {
    const round = await timed(n);
    result.wall.push(n / round.wall);
    result.cpu.push(n / round.cpu);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(error => {
  process.stderr.write(`ali_oss_driver: ${error.stack || error}\n`);
  process.exit(1);
});

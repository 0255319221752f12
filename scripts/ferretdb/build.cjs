#!/usr/bin/env node
// Builds the embedded FerretDB 1.24 server (scripts/ferretdb/main.go) into .cache/ferretdb/,
// once per source version, and prints the binary's path. Plain JavaScript so that it can run
// as npm's postinstall before anything is compiled.
//   node scripts/ferretdb/build.cjs              build if missing; fail loudly
//   node scripts/ferretdb/build.cjs --if-useful  postinstall: skip quietly when not needed
'use strict';
const { createHash } = require('node:crypto');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const SRC = __dirname;
const ROOT = path.resolve(SRC, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'ferretdb');

function binaryPath() {
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go', 'patches.cjs'])
    hash.update(fs.readFileSync(path.join(SRC, f)));
  return path.join(CACHE, `ferretdb-embed-${hash.digest('hex').slice(0, 12)}`);
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Prepares a build directory: a copy of this wrapper module and of FerretDB's module source with
 * patches.cjs applied, the wrapper's go.mod pointing at that copy (`replace`). Fails when a snippet
 * to replace is not found exactly once.
 */
function patchedSource(env, dir) {
  const { MODULE, patches } = require('./patches.cjs');
  execFileSync('go', ['mod', 'download', MODULE], { cwd: SRC, stdio: ['ignore', 'ignore', 'inherit'], env });
  const moduleDir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', MODULE], { cwd: SRC, env })
    .toString()
    .trim();
  fs.rmSync(dir, { recursive: true, force: true });
  const vendored = path.join(dir, 'ferretdb');
  fs.cpSync(moduleDir, vendored, { recursive: true });
  for (const p of patches) {
    const file = path.join(vendored, p.file);
    fs.chmodSync(file, 0o644);
    let text = fs.readFileSync(file, 'utf8');
    if (p.append) text += p.append;
    else {
      const at = text.indexOf(p.find);
      if (at === -1 || text.indexOf(p.find, at + 1) !== -1)
        throw new Error(`FerretDB patch: the snippet to replace in ${p.file} is not there exactly once`);
      text = text.slice(0, at) + p.replace + text.slice(at + p.find.length);
    }
    fs.writeFileSync(file, text);
  }
  for (const f of ['go.mod', 'go.sum', 'main.go']) fs.copyFileSync(path.join(SRC, f), path.join(dir, f));
  execFileSync('go', ['mod', 'edit', '-replace', `${MODULE}=./ferretdb`], { cwd: dir, env });
  return dir;
}

function build() {
  const bin = binaryPath();
  if (fs.existsSync(bin)) return bin;
  if (!onPath('go')) throw new Error('FerretDB needs Go (https://go.dev/dl/) to build; or set MONGODB_URI');
  fs.mkdirSync(CACHE, { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  process.stderr.write('Building FerretDB 1.24 (first run only; about 1–2 minutes)…\n');
  const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' };
  const dir = patchedSource(env, `${bin}.src`);
  execFileSync('go', ['build', '-trimpath', '-o', tmp, '.'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, bin);
  return bin;
}

if (require.main === module) {
  const ifUseful = process.argv.includes('--if-useful');
  if (ifUseful && (process.env.MONGODB_URI || onPath('mongod') || !onPath('go'))) {
    process.stderr.write('FerretDB build skipped (MONGODB_URI set, mongod on PATH, or no Go).\n');
    process.exit(0);
  }
  try {
    process.stdout.write(`${build()}\n`);
  } catch (err) {
    process.stderr.write(`FerretDB build failed: ${err.message}\n`);
    process.exit(ifUseful ? 0 : 1);
  }
}

module.exports = { build, binaryPath };

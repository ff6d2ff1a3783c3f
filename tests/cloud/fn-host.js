/**
 * Hosts bundled cloud functions in a plain `node` process, like one WeChat cloud-function instance:
 * the parent sends {id, fn, event, openid, context} over IPC; the host sets the WeChat context the way
 * the cloud runtime does (process env WX_OPENID / WX_APPID, listed in WX_CONTEXT_KEYS), then calls
 * `require('<root>/<fn>/index.js').main(event, context)` and sends back {id, result} or {id, error}.
 * Calls are served one at a time (a cloud-function instance handles one request at a time).
 *
 *   node tests/cloud/fn-host.js <root of the built functions>
 *
 * Plain JavaScript on purpose: the host loads nothing but the bundle (and, through it, wx-server-sdk).
 */
'use strict';
const path = require('path');

const root = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'dist', 'cloudfunctions'));
const loaded = new Map();
let queue = Promise.resolve();

function load(fn) {
  if (!/^[a-z]+$/.test(fn)) throw new Error(`bad function name ${fn}`);
  if (!loaded.has(fn)) {
    const started = process.hrtime.bigint();
    const mod = require(path.join(root, fn, 'index.js'));
    loaded.set(fn, { mod, requireMs: Number(process.hrtime.bigint() - started) / 1e6 });
  }
  return loaded.get(fn);
}

async function serve(msg) {
  const { id, fn, event, openid, appid, context } = msg;
  try {
    const { mod, requireMs } = load(fn);
    if (openid) process.env.WX_OPENID = openid;
    else delete process.env.WX_OPENID;
    process.env.WX_APPID = appid || 'wx_test_appid';
    const started = process.hrtime.bigint();
    const result = await mod.main(event, { request_id: `req-${id}`, function_name: fn, ...(context || {}) });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.send({ id, result, ms, requireMs });
  } catch (e) {
    process.send({ id, error: String((e && e.stack) || e) });
  }
}

process.on('message', (msg) => {
  if (msg && msg.type === 'exit') process.exit(0);
  queue = queue.then(() => serve(msg));
});
process.on('disconnect', () => process.exit(0));

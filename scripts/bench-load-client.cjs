// The load client of scripts/bench-runtime.ts, run in its own process (see scripts/bench-client.ts).
const net = require('node:net');
const open = (host, port) =>
  new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true }, () => resolve(call));
    socket.once('error', reject);
    let pending = null;
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = buffer.length > 0 ? Buffer.concat([buffer, chunk]) : chunk;
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('latin1');
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (!length) throw new Error(`response without content-length: ${head}`);
      const total = end + 4 + Number(length[1]);
      if (buffer.length < total) return;
      const reply = { status: Number(head.slice(9, 12)), body: buffer.subarray(end + 4, total) };
      buffer = buffer.subarray(total);
      const resolveReply = pending;
      pending = null;
      resolveReply(reply);
    });
    const call = (request) =>
      new Promise((r) => {
        pending = r;
        socket.write(request);
      });
    call.close = () => socket.destroy();
  });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// `callers` sockets each send `request` `perCaller` times; meanwhile one more socket sends `probe` every 20 ms.
// Answers: replies per status, seconds from first send to last reply, and each probe's latency.
const burst = async ({ host, port, request, probe, callers, perCaller }) => {
  const calls = await Promise.all(Array.from({ length: callers }, () => open(host, port)));
  const prober = await open(host, port);
  const probeMs = [];
  let done = false;
  const probing = (async () => {
    while (!done) {
      const start = performance.now();
      await prober(probe);
      probeMs.push(performance.now() - start);
      await sleep(20);
    }
  })();
  const counts = {};
  const start = performance.now();
  await Promise.all(
    calls.map(async (call) => {
      for (let i = 0; i < perCaller; i++) {
        const { status } = await call(request);
        counts[status] = (counts[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  done = true;
  await probing;
  for (const call of [...calls, prober]) call.close();
  return { counts, seconds, probeMs };
};

// `callers` sockets send `requests` in order, each taking the next one not sent yet (every request once).
// Answers: each request's latency, replies per status, how many bodies contain `expect` (and the first reply
// that does not), seconds overall.
const sequence = async ({ host, port, requests, callers, expect }) => {
  const calls = await Promise.all(Array.from({ length: callers }, () => open(host, port)));
  const latencies = [];
  const counts = {};
  let matched = 0;
  let other = null;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    calls.map(async (call) => {
      while (next < requests.length) {
        const request = requests[next++];
        const sent = performance.now();
        const { status, body } = await call(request);
        latencies.push(performance.now() - sent);
        counts[status] = (counts[status] ?? 0) + 1;
        if (expect && body.toString('utf8').includes(expect)) matched += 1;
        else other ??= `${status} ${body.toString('utf8').slice(0, 200)}`;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const call of calls) call.close();
  return { latencies, counts, matched, other, seconds };
};

let kept = null;
process.on('message', async (command) => {
  const { host, port, request } = command;
  if (command.type === 'once') {
    kept ??= await open(host, port);
    const start = performance.now();
    const reply = await kept(request);
    process.send({ ms: performance.now() - start, status: reply.status, body: reply.body.toString('utf8') });
    return;
  }
  if (command.type === 'sequence') {
    process.send(await sequence(command));
    return;
  }
  if (command.type === 'burst') {
    process.send(await burst(command));
    return;
  }
  const calls = await Promise.all(Array.from({ length: command.callers }, () => open(host, port)));
  const first = await Promise.all(calls.map((call) => call(request)));
  for (let i = 1; i < command.warmUp; i++) await Promise.all(calls.map((call) => call(request)));
  const latencies = [];
  const statuses = new Set(first.map((reply) => reply.status));
  await Promise.all(
    calls.map(async (call) => {
      for (let i = 0; i < command.perCaller; i++) {
        const start = performance.now();
        statuses.add((await call(request)).status);
        latencies.push(performance.now() - start);
      }
    }),
  );
  for (const call of calls) call.close();
  process.send({ latencies, statuses: [...statuses], firstBody: first[0].body.toString('utf8') });
});

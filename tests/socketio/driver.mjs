// Drives socket.io-client 4 for the tests module (SocketIoNode.java): one JSON command per line on stdin, one JSON
// event per line on stdout. Commands: {"cmd":"connect","name","url","token"?,"options"?} (options as io() takes them),
// {"cmd":"emit","name","event","args","req"?} (with req: asks for an ack, reported as {"ev":"ack","req"}),
// {"cmd":"disconnect","name"}, {"cmd":"exit"}. An argument {"$binary": "<base64>"} is sent as a Buffer. Every event
// the sockets get is reported as it comes.
import { io } from 'socket.io-client';
import readline from 'node:readline';

const sockets = new Map();
const out = (event) => process.stdout.write(JSON.stringify({ ...event, t: Date.now() }) + '\n');

function connect({ name, url, token, options }) {
  const opts = { reconnection: false, ...(options || {}) };
  if (token !== undefined) opts.auth = { token };
  const socket = io(url, opts);
  sockets.set(name, socket);
  // The upgrade may finish before the namespace's CONNECT answer: listen from the Engine.IO open on.
  socket.io.on('open', () => {
    out({ ev: 'open', name, transport: socket.io.engine.transport.name });
    socket.io.engine.once('upgrade', (t) => out({ ev: 'upgrade', name, transport: t.name }));
  });
  socket.on('connect', () => out({ ev: 'connect', name, id: socket.id, transport: socket.io.engine.transport.name,
    recovered: socket.recovered }));
  socket.on('connect_error', (err) => out({ ev: 'connect_error', name, message: err.message, data: err.data ?? null }));
  socket.on('disconnect', (reason) => out({ ev: 'disconnect', name, reason }));
  socket.onAny((event, ...args) => out({ ev: 'event', name, event, args }));
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (e) {
    out({ ev: 'driver_error', message: 'not JSON: ' + line });
    return;
  }
  try {
    if (cmd.cmd === 'connect') {
      connect(cmd);
    } else if (cmd.cmd === 'emit') {
      const socket = sockets.get(cmd.name);
      const args = (cmd.args || []).map((a) => (a && typeof a === 'object' && '$binary' in a ? Buffer.from(a.$binary, 'base64') : a));
      if (cmd.req !== undefined) {
        socket.emit(cmd.event, ...args, (...ackArgs) => out({ ev: 'ack', name: cmd.name, req: cmd.req, args: ackArgs }));
      } else {
        socket.emit(cmd.event, ...args);
      }
    } else if (cmd.cmd === 'disconnect') {
      sockets.get(cmd.name).disconnect();
    } else if (cmd.cmd === 'exit') {
      for (const s of sockets.values()) s.disconnect();
      process.exit(0);
    }
  } catch (e) {
    out({ ev: 'driver_error', message: String(e) });
  }
});
rl.on('close', () => process.exit(0));
out({ ev: 'ready' });

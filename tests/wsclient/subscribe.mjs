// The npm `ws` client as an application would use it, for the tests module (WsDeflateClientTest): connects to the
// URL given, offering permessage-deflate or not, subscribes to a channel and reports, one JSON line each on stdout:
// {"ev":"open","extensions","header"} (the extensions ws took up, and the 101's Sec-WebSocket-Extensions), {"ev":"subscribed"}, {"ev":"message","data"} for each
// publication, and, after COUNT of them, {"ev":"done","wireBytes"}: the bytes the TCP socket read between the
// subscription's ack and the last publication, frame headers included, as the network carried them.
//
//   node subscribe.mjs URL CHANNEL COUNT DEFLATE(true|false)
import WebSocket from 'ws';

const [url, channel, count, deflate] = process.argv.slice(2);
const out = (event) => process.stdout.write(JSON.stringify(event) + '\n');

const ws = new WebSocket(url, ['switchboard'], { perMessageDeflate: deflate === 'true' });
let tcp = null;
let agreed = '';
let from = 0;
let received = 0;

ws.on('upgrade', (response) => {
  tcp = response.socket;
  agreed = response.headers['sec-websocket-extensions'] || '';
});
ws.on('open', () => out({ ev: 'open', extensions: ws.extensions, header: agreed }));
ws.on('message', (bytes, isBinary) => {
  const frame = JSON.parse(bytes.toString('utf8'));
  if (frame.type === 'connection_established') {
    ws.send(JSON.stringify({ type: 'subscribe', id: 'sub', data: { channel } }));
  } else if (frame.type === 'ack' && frame.id === 'sub') {
    from = tcp.bytesRead;
    out({ ev: 'subscribed' });
  } else if (frame.type === 'message' && frame.channel === channel) {
    out({ ev: 'message', data: frame.data });
    if (++received === Number(count)) {
      out({ ev: 'done', wireBytes: tcp.bytesRead - from });
      ws.close(1000);
    }
  }
});
ws.on('error', (e) => out({ ev: 'error', message: String(e) }));
ws.on('close', (code) => { out({ ev: 'close', code }); process.exit(0); });
